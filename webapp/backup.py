"""Backup and restore: one .zip with every table (portable JSON lines), every stored file,
and a manifest with checksums.

The data format does not depend on the database: a backup made on SQLite restores into
PostgreSQL and back. A damaged or foreign file is refused before anything is touched, and a
restore only goes into an empty instance.

The manifest is signed (``manifest.sig``: an HMAC keyed by the instance's SECRET_KEY), so a
forged backup whose checksums were recomputed is refused. A backup of another instance is
restored only with that instance's key, or when an admin explicitly says they trust the file.
The upload passes the shared checks of webapp/uploads.py (sizes, zip bombs), and tables and
files are streamed in both directions: memory does not grow with the size of a backup.

The file is encrypted at rest (webapp/backup_crypto.py: AES-256-GCM under ``BACKUP_KEY``); a
restore refuses an encrypted backup it has no key for, and a plain one unless the admin trusts it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import shutil
import tempfile
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Date, DateTime, Table, delete, func, insert, select, text, update
from sqlalchemy.types import LargeBinary

from webapp import backup_crypto
from webapp.extensions import db
from webapp.uploads import UploadRejected, backup_limits, check_zip_upload

FORMAT = "sohoi-backup"
VERSION = 1
# Transient rows that a restore neither needs nor keeps.
SKIPPED_TABLES = {"worker_heartbeats", "alembic_version"}
# Tables a fresh instance may already hold and that the restore replaces: the first admin, and
# the built-in lists the migrations insert (activity kinds, tags, output units).
REPLACEABLE = {
    "users",
    "jobs",
    "audit_entries",
    # The admin's login and the pages they opened before restoring: replaced with the
    # backup's own logs.
    "login_events",
    "personal_data_reads",
    "worker_heartbeats",
    "activity_kinds",
    "activity_tags",
    "output_units",
}


SIGNATURE = "manifest.sig"
CHUNK = 1024 * 1024
MAX_MANIFEST = 64 * 1024 * 1024
INSERT_BATCH = 1000


class BackupRejected(ValueError):
    """A backup file refused before anything was changed; the message is for the user."""


def sign(manifest: bytes, secret_key: str) -> str:
    """The manifest's signature: HMAC-SHA256 under a key derived from an instance's SECRET_KEY
    (derived, so that the secret key itself signs nothing but sessions)."""
    key = hmac.new(secret_key.encode(), b"sohoi-backup-manifest-v1", hashlib.sha256).digest()
    return hmac.new(key, manifest, hashlib.sha256).hexdigest()


def _tables() -> list[Table]:
    return [t for t in db.metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def schema_heads() -> list[str]:
    """The migration revisions the database is at."""
    return sorted(db.session.scalars(text("SELECT version_num FROM alembic_version")))


# --- writing --------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def create_backup(target: Path) -> dict:
    """Write a complete backup to ``target``; return its manifest."""
    files_root = Path(current_app.config["FILES_DIR"])
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "schema": schema_heads(),
        "database": db.engine.dialect.name,
        "tables": {},
        "files": {},
    }
    tmp = target.with_name(f".{target.name}.part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        with db.engine.connect() as conn:  # one read transaction: a consistent snapshot
            for table in _tables():
                name = f"data/{table.name}.jsonl"
                digest, count = hashlib.sha256(), 0
                # force_zip64: a table may grow past 2 GiB while it streams.
                with archive.open(name, "w", force_zip64=True) as out:
                    result = conn.execution_options(yield_per=1000).execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                    for row in result:
                        line = (
                            json.dumps(
                                {k: _encode(v) for k, v in row._mapping.items()},
                                ensure_ascii=False,
                                sort_keys=True,
                            )
                            + "\n"
                        ).encode()
                        digest.update(line)
                        out.write(line)
                        count += 1
                manifest["tables"][table.name] = {
                    "file": name,
                    "rows": count,
                    "sha256": digest.hexdigest(),
                }
        if files_root.exists():
            for path in sorted(
                p for p in files_root.rglob("*") if p.is_file() and not p.name.startswith(".")
            ):
                name = f"files/{path.relative_to(files_root).as_posix()}"
                digest = hashlib.sha256()
                with path.open("rb") as src, archive.open(name, "w", force_zip64=True) as out:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                manifest["files"][name] = digest.hexdigest()
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        archive.writestr("manifest.json", data)
        archive.writestr(SIGNATURE, sign(data, current_app.config["SECRET_KEY"]))
    try:
        backup_crypto.encrypt_file(tmp, target, current_app.config["BACKUP_KEY"])
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``folder``; return the deleted paths."""
    backups = sorted(folder.glob("sohoi-backup-*.zip"))
    old = backups[:-keep] if keep > 0 else backups
    for path in old:
        path.unlink()
    return old


# --- reading ---------------------------------------------------------------------------------


def verify(
    source: Path,
    source_key: str | None = None,
    trust_foreign: bool = False,
    backup_key: str | None = None,
) -> tuple[zipfile.ZipFile, dict]:
    """Open and check the whole backup (decryption, sizes, format, signature, schema, every
    checksum); refuse on any doubt.

    The file must be encrypted with this instance's BACKUP_KEY or the given ``backup_key``.
    The manifest must be signed with this instance's key; a backup of another instance needs
    that instance's key (``source_key``) or the admin's explicit ``trust_foreign``."""
    plain = _decrypted(source, backup_key, trust_foreign)
    try:
        return _verify_plain(plain, source_key, trust_foreign)
    finally:
        if plain != source:
            # The open archive keeps its file handle; the decrypted copy leaves the disk now.
            plain.unlink(missing_ok=True)


def _decrypted(source: Path, backup_key: str | None, trust_foreign: bool) -> Path:
    """The plaintext zip of ``source``: a decrypted temporary copy, or ``source`` itself for an
    unencrypted backup the admin explicitly trusts (one made before backups were encrypted)."""
    try:
        encrypted = backup_crypto.is_encrypted(source)
    except OSError as exc:
        raise BackupRejected(_("Không đọc được tệp sao lưu.")) from exc
    if not encrypted:
        if trust_foreign:
            return source
        raise BackupRejected(
            _(
                "Tệp sao lưu không được mã hoá. Chỉ khôi phục tệp này khi bạn tin nguồn của nó "
                "(đánh dấu “tin tệp này”)."
            )
        )
    keys = [k for k in (backup_key, current_app.config["BACKUP_KEY"]) if k]
    try:
        return backup_crypto.decrypt_to_temp(source, keys)
    except backup_crypto.WrongKey as exc:
        raise BackupRejected(
            _(
                "Không mở được tệp sao lưu: tệp hỏng hoặc đã bị sửa, hoặc khoá sao lưu "
                "(BACKUP_KEY) không đúng. Hãy nhập khoá sao lưu của hệ thống đã tạo tệp."
            )
        ) from exc


def _verify_plain(
    source: Path, source_key: str | None, trust_foreign: bool
) -> tuple[zipfile.ZipFile, dict]:
    try:
        check_zip_upload(source, backup_limits())
    except UploadRejected as exc:
        raise BackupRejected(
            _("Tệp sao lưu hỏng hoặc không phải tệp sao lưu của Sổ Hội.") + " " + str(exc)
        ) from exc
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupRejected(_("Tệp sao lưu hỏng hoặc không phải tệp sao lưu của Sổ Hội.")) from exc
    try:
        raw = _read_bounded(archive, "manifest.json", MAX_MANIFEST)
        manifest = json.loads(raw)
        if not isinstance(manifest, dict):
            raise ValueError
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        archive.close()
        raise BackupRejected(_("Tệp sao lưu thiếu bản kê (manifest) hoặc bản kê hỏng.")) from exc
    try:
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupRejected(
                _("Đây không phải tệp sao lưu của Sổ Hội (hoặc của phiên bản khác).")
            )
        _check_signature(archive, raw, source_key, trust_foreign)
        if sorted(manifest.get("schema", [])) != schema_heads():
            raise BackupRejected(
                _(
                    "Tệp sao lưu được tạo từ phiên bản cơ sở dữ liệu khác (%(schema)s); hãy cập "
                    "nhật ứng dụng cho khớp.",
                    schema=", ".join(manifest.get("schema", [])),
                )
            )
        known = {t.name for t in _tables()}
        for name, info in manifest["tables"].items():
            if name not in known:
                raise BackupRejected(_("Tệp sao lưu có bảng lạ: %(name)s.", name=name))
            _check(archive, info["file"], info["sha256"])
        for name, digest in manifest["files"].items():
            path = PurePosixPath(name)
            if path.is_absolute() or ".." in path.parts or path.parts[0] != "files":
                raise BackupRejected(
                    _("Tệp sao lưu có đường dẫn không hợp lệ: %(name)s.", name=name)
                )
            _check(archive, name, digest)
    except BackupRejected:
        archive.close()
        raise
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        archive.close()
        raise BackupRejected(_("Tệp sao lưu thiếu bản kê (manifest) hoặc bản kê hỏng.")) from exc
    return archive, manifest


def _read_bounded(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(name)
    return data


def _check_signature(
    archive: zipfile.ZipFile, manifest: bytes, source_key: str | None, trust_foreign: bool
) -> None:
    try:
        signature = _read_bounded(archive, SIGNATURE, 256).decode("ascii").strip()
    except (KeyError, ValueError, UnicodeDecodeError, zipfile.BadZipFile):
        signature = ""
    if signature and hmac.compare_digest(
        signature, sign(manifest, current_app.config["SECRET_KEY"])
    ):
        return
    if source_key:
        if signature and hmac.compare_digest(signature, sign(manifest, source_key.strip())):
            return
        raise BackupRejected(
            _(
                "Khoá bí mật đã nhập không khớp với chữ ký của tệp sao lưu: tệp đã bị sửa hoặc "
                "khoá không đúng."
            )
        )
    if trust_foreign:
        return
    raise BackupRejected(
        _(
            "Tệp sao lưu không mang chữ ký của hệ thống này (tạo ở hệ thống khác, hoặc đã bị "
            "sửa). Hãy nhập khoá bí mật (SECRET_KEY) của hệ thống đã tạo ra nó, hoặc xác nhận "
            "rõ rằng bạn tin tệp này."
        )
    )


def _check(archive: zipfile.ZipFile, name: str, digest: str) -> None:
    sha = hashlib.sha256()
    try:
        with archive.open(name) as fh:
            while chunk := fh.read(CHUNK):
                sha.update(chunk)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupRejected(
            _("Tệp sao lưu bị thiếu hoặc hỏng phần “%(name)s”.", name=name)
        ) from exc
    if not hmac.compare_digest(sha.hexdigest(), str(digest)):
        raise BackupRejected(_("Tệp sao lưu bị hỏng: “%(name)s” sai mã kiểm tra.", name=name))


def instance_is_empty() -> bool:
    """True when no table holds records (a fresh install may hold its first admin account)."""
    for table in _tables():
        if table.name in REPLACEABLE:
            continue
        if db.session.scalar(select(func.count()).select_from(table)):
            return False
    return True


def _decoder(table: Table):
    converters = {}
    for column in table.columns:
        kind = column.type
        impl = getattr(kind, "impl", kind)
        if isinstance(impl, DateTime):
            converters[column.name] = datetime.fromisoformat
        elif isinstance(impl, Date):
            converters[column.name] = date.fromisoformat
        elif isinstance(impl, LargeBinary):
            converters[column.name] = base64.b64decode

    def decode(row: dict) -> dict:
        return {
            k: (converters[k](v) if v is not None and k in converters else v)
            for k, v in row.items()
        }

    return decode


def _lines(archive: zipfile.ZipFile, name: str):
    """The JSON lines of one table, one at a time."""
    with archive.open(name) as raw, io.TextIOWrapper(raw, encoding="utf-8") as text_lines:
        for line in text_lines:
            if line.strip():
                yield json.loads(line)


def restore_backup(
    source: Path,
    source_key: str | None = None,
    trust_foreign: bool = False,
    backup_key: str | None = None,
) -> dict:
    """Restore ``source`` into this (empty) instance: same records, same files.

    ``source_key``/``trust_foreign``/``backup_key``: see :func:`verify`."""
    archive, manifest = verify(source, source_key, trust_foreign, backup_key)
    with archive:
        if not instance_is_empty():
            raise BackupRejected(_("Chỉ khôi phục được vào một hệ thống trống (chưa có dữ liệu)."))
        session = db.session
        session.info["restoring_backup"] = True
        try:
            conn = session.connection()
            for table in reversed(_tables()):
                if table.name in REPLACEABLE:
                    conn.execute(delete(table))
            for table in _tables():
                info = manifest["tables"].get(table.name)
                if not info or not info["rows"]:
                    continue
                _restore_table(conn, table, archive, info["file"])
            if db.engine.dialect.name == "postgresql":
                _reset_sequences(conn)
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.info.pop("restoring_backup", None)
        files_root = Path(current_app.config["FILES_DIR"])
        for name in manifest["files"]:
            _extract(archive, name, files_root / PurePosixPath(name).relative_to("files"))
    return manifest


def _restore_table(conn, table: Table, archive: zipfile.ZipFile, name: str) -> None:
    """Insert the table's rows in batches as they stream out of the archive."""
    decode = _decoder(table)
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    pk = next(iter(table.primary_key.columns))
    # Keep columns an UPDATE would otherwise stamp (updated_at) as they were.
    stamped = [c.name for c in table.columns if c.onupdate is not None]
    # Rows may point at rows of the same table inserted later (a moved unit): insert without
    # those links first, then set them; only the links are kept in memory.
    links: list[tuple[object, dict]] = []
    batch: list[dict] = []
    for record in _lines(archive, name):
        row = decode(record)
        if self_refs:
            values = {c: row[c] for c in self_refs if row.get(c) is not None}
            if values:
                links.append((row[pk.name], {**values, **{c: row[c] for c in stamped}}))
            row = {**row, **dict.fromkeys(self_refs)}
        batch.append(row)
        if len(batch) >= INSERT_BATCH:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)
    for key, values in links:
        conn.execute(update(table).where(pk == key).values(values))


def _extract(archive: zipfile.ZipFile, name: str, target: Path) -> None:
    """Copy one stored file out of the archive, streamed, replacing ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with archive.open(name) as src, os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reset_sequences(conn) -> None:
    for table in _tables():
        pks = list(table.primary_key.columns)
        if len(pks) == 1 and pks[0].autoincrement and str(pks[0].type) == "INTEGER":
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pks[0].name}'), "  # noqa: S608
                    f"COALESCE((SELECT MAX({pks[0].name}) FROM {table.name}), 0) + 1, false)"
                )
            )
