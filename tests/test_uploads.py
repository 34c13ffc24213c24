"""Uploads cannot exhaust the server: one check (webapp/uploads.py) for every .xlsx/.docx/.zip,
rows counted as they stream, the import preview read from what was parsed once, and damaged
files refused with a reason instead of a server error."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.docx_helpers import make_docx
from webapp.documents.templates import TemplateRejected, check_jinja, check_zip
from webapp.loans.services.statements import read_statement
from webapp.members.services.columns import TEMPLATE_HEADERS
from webapp.models.reports import ReportTemplate
from webapp.refusals import RecordError
from webapp.uploads import UploadRejected, check_zip_upload

DOCTYPE = (
    '<?xml version="1.0" encoding="{enc}"?>'
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    "<lolz>&lol2;</lolz>"
)


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _workbook(rows: list[list]) -> bytes:
    book = Workbook()
    book.active.append(TEMPLATE_HEADERS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet(body: str, dimension: str = "A1:B3") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


HEADER = f'<row r="1">{_cell("A1", "Họ và tên")}{_cell("B1", "Chi hội")}</row>'


def _member_row(line: int, name: str) -> str:
    return f'<row r="{line}">{_cell(f"A{line}", name)}{_cell(f"B{line}", "An Cư 2")}</row>'


def _with_sheet(sheet: bytes, compression=zipfile.ZIP_DEFLATED, **extra: bytes) -> bytes:
    parts = _parts(_workbook([]))
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts.update(extra)
    return _zip(parts, compression)


def _import(client, content: bytes):
    return client.post_form("/members/import", {"file": (io.BytesIO(content), "ds.xlsx")})


# --- the shared check ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
@pytest.mark.parametrize("name", ["xl/workbook.xml", "[Content_Types].xml", "customXml/item1.bin"])
def test_a_doctype_is_refused_in_any_encoding_and_any_part(encoding, name):
    declared = encoding.upper().replace("-SIG", "").replace("-LE", "").replace("-BE", "")
    evil = DOCTYPE.format(enc=declared).encode(encoding)
    with pytest.raises(UploadRejected, match=r"DOCTYPE|không phải XML"):
        check_zip_upload(_zip({**_parts(_workbook([])), name: evil}))


def test_plain_office_files_and_binary_parts_pass():
    check_zip_upload(_workbook([["Trần Thị Lan", "An Cư 2"]]))
    check_zip_upload(make_docx("Chào {{ doc.title }}"))
    check_zip_upload(_zip({"word/document.xml": b"<w/>", "word/media/a.png": b"\x89PNG\r\n\x1a\n"}))


def test_declared_sizes_ratio_and_part_count_are_capped():
    with pytest.raises(UploadRejected, match="bom nén"):
        check_zip_upload(_zip({"xl/sharedStrings.xml": b"<sst>" + b"A" * (5 << 20) + b"</sst>"}))
    with pytest.raises(UploadRejected, match="quá nhiều thành phần"):
        check_zip_upload(_zip({f"x/{n}.xml": b"<x/>" for n in range(1001)}))
    stored = _zip({"a.bin": b"\x01" * (51 << 20)}, zipfile.ZIP_STORED)
    with pytest.raises(UploadRejected, match="lớn hơn 50 MB"):
        check_zip_upload(stored)


def _lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """Patch the sizes of part ``name`` in both zip headers (the data stays as it was)."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", out, local + 22, size)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_damaged_compressed_data_is_refused():
    data = bytearray(_zip({"x.xml": b"<x>" + bytes(range(256)) * 400 + b"</x>"}))
    start = data.index(b"x.xml") + len(b"x.xml")  # the compressed data follows the local header
    for at in range(start + 10, start + 60):
        data[at] ^= 0x5A
    with pytest.raises(UploadRejected, match="hỏng"):
        check_zip_upload(bytes(data))


def test_a_part_larger_than_its_header_says_is_refused():
    liar = _lie_about_size(_zip({"x.xml": b"<x>" + b"y" * 100_000 + b"</x>"}), b"x.xml", 10)
    with pytest.raises(UploadRejected, match="hỏng"):
        check_zip_upload(liar)


# --- member import --------------------------------------------------------------------------------


def test_a_shared_strings_bomb_is_refused(staff):
    bomb = _with_sheet(
        _sheet(HEADER),
        **{"xl/sharedStrings.xml": b"<sst><si><t>" + b"A" * (20 << 20) + b"</t></si></sst>"},
    )
    assert len(bomb) < 200_000
    response = _import(staff, bomb)
    assert response.status_code == 422
    assert "bom nén" in response.get_data(as_text=True)


def test_empty_rows_count_towards_the_row_cap(app, staff):
    app.config["IMPORT_MAX_ROWS"] = 100
    rows = "<row/>" * 300 + _member_row(302, "Trần Thị Lan")
    response = _import(staff, _with_sheet(_sheet(HEADER + rows), zipfile.ZIP_STORED))
    assert response.status_code == 422
    assert "Tệp có quá 100 dòng" in response.get_data(as_text=True)


def test_a_huge_declared_dimension_costs_nothing(app, staff):
    app.config["IMPORT_MAX_ROWS"] = 100
    body = HEADER + _member_row(2, "Trần Thị Lan") + _member_row(3, "Lê Thị Cúc")
    response = _import(staff, _with_sheet(_sheet(body, dimension="A1:XFD1048576")))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "2 dòng sẽ được thêm" in response.get_data(as_text=True)


def test_a_doctype_in_a_sheet_is_refused(staff):
    evil = DOCTYPE.format(enc="UTF-16").encode("utf-16")
    response = _import(staff, _with_sheet(evil))
    assert response.status_code == 422
    assert "DOCTYPE" in response.get_data(as_text=True)


def test_a_shared_string_index_out_of_range_is_refused_not_a_server_error(staff):
    body = HEADER + '<row r="2"><c r="A2" t="s"><v>999</v></c>' + _cell("B2", "An Cư 2") + "</row>"
    response = _import(staff, _with_sheet(_sheet(body)))
    assert response.status_code == 422
    assert "Không đọc được tệp" in response.get_data(as_text=True)


def test_the_preview_is_read_from_the_parsed_rows_not_the_file(app, staff):
    response = _import(staff, _workbook([[1, "Trần Thị Lan", 1980, None, None, "An Cư 2"]]))
    token = re.search(r'name="token" value="([^"]+)"', response.get_data(as_text=True)).group(1)
    folder = Path(app.config["FILES_DIR"]) / "imports"
    kept = [p for p in folder.iterdir() if token in p.name]
    # Only the parsed rows are kept, not the uploaded workbook.
    assert [p.suffix for p in kept] == [".json"]
    assert kept[0].read_bytes()[:2] != b"PK"
    again = staff.get(f"/members/import/preview?token={token}")
    assert again.status_code == 200
    assert "1 dòng sẽ được thêm" in again.get_data(as_text=True)


# --- report templates ----------------------------------------------------------------------------


def _bad_crc(data: bytes, name: bytes) -> bytes:
    out = bytearray(data)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_len] == name:
            crc = struct.unpack_from("<I", out, central + 16)[0]
            struct.pack_into("<I", out, central + 16, crc ^ 0xFFFF)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def _corrupt_docx() -> dict[str, bytes]:
    good = make_docx("Chào {{ doc.title }}")
    parts = _parts(good)
    document = parts["word/document.xml"]
    bomb = DOCTYPE.format(enc="UTF-16").replace("<lolz>&lol2;</lolz>", "<w:document/>")
    return {
        "bad CRC": _bad_crc(good, b"word/document.xml"),
        "truncated document.xml": _zip(
            {**parts, "word/document.xml": document[: len(document) // 2]}
        ),
        "UTF-16 entity bomb": _zip({**parts, "word/document.xml": bomb.encode("utf-16")}),
    }


@pytest.mark.parametrize("what", ["bad CRC", "truncated document.xml", "UTF-16 entity bomb"])
def test_a_corrupt_template_is_refused_with_a_reason(app, world, what):
    data = _corrupt_docx()[what]
    with pytest.raises(TemplateRejected):
        check_zip(data)
        check_jinja(data)
    admin = client_for(app, world.admin, PASSWORD)
    response = admin.post_form(
        "/reports/templates",
        {"kind": "annual", "file": (io.BytesIO(data), "mau.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Tệp" in response.get_data(as_text=True)
    assert ReportTemplate.query.count() == 0


# --- bank statements ------------------------------------------------------------------------------


def test_a_statement_bomb_or_malformed_statement_is_refused(app):
    bomb = _with_sheet(_sheet("<row/>" * (3 << 20)))
    with pytest.raises(RecordError, match="bom nén"):
        read_statement(io.BytesIO(bomb))
    body = '<row r="1"><c r="A1" t="s"><v>999</v></c></row>'
    with pytest.raises(RecordError, match="Không đọc được tệp"):
        read_statement(io.BytesIO(_with_sheet(_sheet(body))))


def test_the_markup_of_all_parts_together_is_capped(app, staff):
    app.config["UPLOAD_MAX_XML_TAGS"] = 5000
    strings = b"<sst>" + b"<si><t>a</t></si>" * 2000 + b"</sst>"
    response = _import(staff, _with_sheet(_sheet(HEADER), **{"xl/sharedStrings.xml": strings}))
    assert response.status_code == 422
    assert "Tệp có quá 5.000 thẻ XML" in response.get_data(as_text=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_the_shared_strings_of_a_workbook_are_capped_whatever_the_prefix(app, staff, encoding):
    app.config["UPLOAD_MAX_SHARED_STRINGS"] = 100
    strings = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
        '<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<x:si><x:t>a</x:t></x:si>" * 150
        + "</x:sst>"
    ).encode(encoding)
    response = _import(staff, _with_sheet(_sheet(HEADER), **{"xl/strings.xml": strings}))
    assert response.status_code == 422
    assert "có quá 100 chuỗi" in response.get_data(as_text=True)
