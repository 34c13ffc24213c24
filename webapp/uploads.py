"""The one check every uploaded zip container passes before anything parses it: .xlsx member
imports and bank statements, .docx report templates, .zip backups.

- at most ``max_members`` parts;
- the declared uncompressed sizes add up to at most ``max_uncompressed``;
- no part larger than 1 MiB is compressed more than ``max_ratio`` times (a "zip bomb");
- every part is then actually read, through a bounded stream, counting what comes out: the
  sizes in the zip headers are never trusted alone, and a bad CRC or a truncated part is
  refused here rather than failing later inside a parser;
- for Office files, every part that looks like XML (whatever its name, in UTF-8, UTF-16 or
  UTF-32, with or without a byte-order mark) is parsed by expat as it streams: a DOCTYPE (and
  so any entity declaration) is refused, as is XML expat cannot read up to its root element,
  and the markup of all parts together is capped (what a parser spends memory on).

Cost: one pass of decompression and expat over at most ``max_uncompressed`` bytes, 64 KiB at a
time; a hostile file stops at the first limit it crosses.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.parsers import expat

from flask import current_app, has_app_context
from flask_babel import gettext as _

CHUNK = 64 * 1024
# Parts smaller than this cannot hurt, whatever their ratio (empty tables, tiny XML).
RATIO_FLOOR = 1024 * 1024
# Beginnings of an XML document in every encoding XML allows without an external declaration
# (XML 1.0 appendix F): UTF-8 (BOM or not), UTF-16 and UTF-32 both byte orders, BOM or not.
XML_STARTS = (
    b"\xef\xbb\xbf",
    b"<",
    b"\xff\xfe",
    b"\xfe\xff",
    b"<\x00",
    b"\x00<",
    b"\x00\x00\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\x00<",
    b"<\x00\x00\x00",
)
WHITESPACE = b" \t\r\n\x00"


class UploadRejected(ValueError):
    """A file refused by the shared check; the message is for the user (Vietnamese first)."""


class NotAZip(UploadRejected):
    """Not a zip container at all: callers say what they expected (.xlsx, .docx, backup)."""


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may unpack to."""

    max_uncompressed: int
    max_ratio: float
    max_members: int
    check_xml: bool = True
    max_xml_tags: int = 0
    max_shared_strings: int = 0


# The defaults of the settings in webapp/config.py, for code run outside the app (scripts).
DEFAULTS = {
    "UPLOAD_MAX_UNCOMPRESSED": 50 * 1024 * 1024,
    "UPLOAD_MAX_RATIO": 100.0,
    "UPLOAD_MAX_MEMBERS": 1000,
    "UPLOAD_MAX_XML_TAGS": 3_000_000,
    "UPLOAD_MAX_SHARED_STRINGS": 50_000,
    "BACKUP_MAX_UNCOMPRESSED": 4 * 1024 * 1024 * 1024,
    "BACKUP_MAX_MEMBERS": 200_000,
}


def _setting(name: str):
    return current_app.config.get(name, DEFAULTS[name]) if has_app_context() else DEFAULTS[name]


def office_limits() -> Limits:
    """Limits for .xlsx and .docx uploads, from the settings."""
    return Limits(
        _setting("UPLOAD_MAX_UNCOMPRESSED"),
        _setting("UPLOAD_MAX_RATIO"),
        _setting("UPLOAD_MAX_MEMBERS"),
        max_xml_tags=_setting("UPLOAD_MAX_XML_TAGS"),
        max_shared_strings=_setting("UPLOAD_MAX_SHARED_STRINGS"),
    )


def backup_limits() -> Limits:
    """Limits for a backup .zip: bigger, same ratio, no XML inside to check."""
    return Limits(
        _setting("BACKUP_MAX_UNCOMPRESSED"),
        _setting("UPLOAD_MAX_RATIO"),
        _setting("BACKUP_MAX_MEMBERS"),
        check_xml=False,
    )


def _mib(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f}".replace(",", ".")


def check_zip_upload(source: bytes | Path | IO[bytes], limits: Limits | None = None) -> None:
    """Refuse ``source`` (UploadRejected) unless it is a zip within ``limits`` (office files by
    default) whose every part reads back intact. Leaves a file object at its start."""
    limits = limits or office_limits()
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise NotAZip(_("Tệp hỏng hoặc không đúng định dạng (không phải tệp nén).")) from exc
    with archive:
        _check_declared(archive, limits)
        total = 0
        tags = _Tags(limits.max_xml_tags, limits.max_shared_strings)
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            total = _read_part(archive, entry, limits, total, tags)
    if hasattr(source, "seek"):
        source.seek(0)


def _check_declared(archive: zipfile.ZipFile, limits: Limits) -> None:
    entries = archive.infolist()
    if len(entries) > limits.max_members:
        most = format(limits.max_members, ",").replace(",", ".")
        raise UploadRejected(_("Tệp có quá nhiều thành phần (hơn %(n)s).", n=most))
    declared = 0
    for entry in entries:
        declared += entry.file_size
        if declared > limits.max_uncompressed:
            raise UploadRejected(
                _(
                    "Tệp khi giải nén lớn hơn %(mib)s MB, vượt giới hạn cho phép.",
                    mib=_mib(limits.max_uncompressed),
                )
            )
        if entry.file_size > RATIO_FLOOR and (
            entry.compress_size == 0 or entry.file_size / entry.compress_size > limits.max_ratio
        ):
            raise UploadRejected(_("Tệp bị nén bất thường (nghi là “bom nén”), không nhận."))


def _read_part(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    limits: Limits,
    total: int,
    tags: _Tags,
) -> int:
    """Read one part to its end (bounded); parse it if it is XML; return the running total."""
    xml = _XmlPart(entry.filename, tags) if limits.check_xml else None
    read = 0
    try:
        with archive.open(entry) as part:
            while True:
                chunk = part.read(CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                total += len(chunk)
                if read > entry.file_size or total > limits.max_uncompressed:
                    raise UploadRejected(
                        _(
                            "Tệp khi giải nén lớn hơn %(mib)s MB, vượt giới hạn cho phép.",
                            mib=_mib(limits.max_uncompressed),
                        )
                    )
                if xml is not None and not xml.done:
                    xml.feed(chunk)
    except UploadRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ) as exc:
        # Bad CRC, truncated data, unknown compression, encrypted part…
        raise UploadRejected(
            _("Tệp bị hỏng: không đọc được phần “%(name)s”.", name=entry.filename[:100])
        ) from exc
    if xml is not None:
        xml.close()
    return total


class _Tags:
    """Markup counted over every XML part of one upload, and the shared strings of a workbook."""

    def __init__(self, limit: int, strings_limit: int = 0) -> None:
        self.limit = limit
        self.count = 0
        self.strings_limit = strings_limit
        self.strings = 0

    def add_string(self) -> None:
        self.strings += 1
        if self.strings_limit and self.strings > self.strings_limit:
            most = format(self.strings_limit, ",").replace(",", ".")
            raise UploadRejected(
                _("Bảng chuỗi của tệp Excel có quá %(n)s chuỗi, không nhận.", n=most)
            )

    def add(self, chunk: bytes) -> None:
        # Every "<" of the markup is a 0x3C byte in UTF-8, UTF-16 and UTF-32 alike, so counting
        # bytes (at C speed) bounds the number of elements from above whatever the encoding.
        self.count += chunk.count(b"<")
        if self.limit and self.count > self.limit:
            most = format(self.limit, ",").replace(",", ".")
            raise UploadRejected(_("Tệp có quá %(n)s thẻ XML, không nhận.", n=most))


class _XmlPart:
    """Parses the prolog of one part with expat, as it streams, up to the root element: refuses
    a DOCTYPE (and so any entity) and XML that does not even reach its root element. The rest
    of the part is only counted (see _Tags): the number of elements is what openpyxl and
    python-docx spend memory and time on (a sheet of empty rows, a million tiny shared
    strings). A workbook's shared-string table (root ``sst``, whatever the part's name) is
    parsed to its end and its strings counted: openpyxl loads all of them before the first row,
    at some 20 µs each."""

    def __init__(self, name: str, tags: _Tags) -> None:
        self.name = name[:100]
        self.tags = tags
        self.root_seen = False
        self.counting = False
        self.done = False
        self.is_xml: bool | None = None  # decided on the first non-empty bytes
        self.head = b""
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.parser.StartElementHandler = self._root
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def _doctype(self, *args) -> None:
        raise UploadRejected(
            _(
                "Tệp chứa khai báo DOCTYPE (phần “%(name)s”), không được phép.",
                name=self.name,
            )
        )

    def _root(self, name: str, attrs) -> None:
        if self.counting:
            if name.rpartition(":")[2] == "si":
                self.tags.add_string()
            return
        if not self.root_seen:
            # The prolog is over: nothing after the root element can declare a DOCTYPE.
            self.root_seen = True
            self.counting = name.rpartition(":")[2] == "sst" and bool(self.tags.strings_limit)

    def feed(self, chunk: bytes) -> None:
        if self.is_xml is None:
            self.head += chunk
            if len(self.head) < 4 and chunk:
                return
            self.is_xml = self.head.lstrip(WHITESPACE)[:1] == b"<" or self.head.startswith(
                XML_STARTS
            )
            if not self.is_xml:
                self.done = True
                return
            chunk, self.head = self.head, b""
        self.tags.add(chunk)
        if self.root_seen and not self.counting:
            return
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as exc:
            if not self.root_seen:
                raise self._unreadable() from exc
            # Malformed after the root (Excel's legacy VML is): the app's own parser stops at
            # the same place.
            self.counting = False

    def close(self) -> None:
        if self.is_xml is None and self.head:
            self.feed(b"")
        if self.is_xml and not self.root_seen:
            try:
                self.parser.Parse(b"", True)
            except expat.ExpatError as exc:
                raise self._unreadable() from exc
            if not self.root_seen:
                raise self._unreadable()

    def _unreadable(self) -> UploadRejected:
        return UploadRejected(_("Tệp có phần “%(name)s” không phải XML hợp lệ.", name=self.name))
