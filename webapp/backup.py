"""Backup and restore: one .zip with every table (portable JSON lines), every stored file,
and a manifest with checksums.

The data format does not depend on the database: a backup made on SQLite restores into
PostgreSQL and back. A damaged or foreign file is refused before anything is touched, and a
restore only goes into an empty instance.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Date, DateTime, Table, delete, func, insert, select, text, update
from sqlalchemy.types import LargeBinary

from webapp.extensions import db

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
    "worker_heartbeats",
    "activity_kinds",
    "activity_tags",
    "output_units",
}


class BackupRejected(ValueError):
    """A backup file refused before anything was changed; the message is for the user."""


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
                lines = []
                for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                    lines.append(
                        json.dumps(
                            {k: _encode(v) for k, v in row._mapping.items()},
                            ensure_ascii=False,
                            sort_keys=True,
                        )
                    )
                data = ("\n".join(lines) + ("\n" if lines else "")).encode()
                name = f"data/{table.name}.jsonl"
                archive.writestr(name, data)
                manifest["tables"][table.name] = {
                    "file": name,
                    "rows": len(lines),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
        if files_root.exists():
            for path in sorted(
                p for p in files_root.rglob("*") if p.is_file() and not p.name.startswith(".")
            ):
                name = f"files/{path.relative_to(files_root).as_posix()}"
                data = path.read_bytes()
                archive.writestr(name, data)
                manifest["files"][name] = hashlib.sha256(data).hexdigest()
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    tmp.replace(target)
    return manifest


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``folder``; return the deleted paths."""
    backups = sorted(folder.glob("sohoi-backup-*.zip"))
    old = backups[:-keep] if keep > 0 else backups
    for path in old:
        path.unlink()
    return old


# --- reading ---------------------------------------------------------------------------------


def verify(source: Path) -> tuple[zipfile.ZipFile, dict]:
    """Open and check the whole backup (format, schema, every checksum); refuse on any doubt."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupRejected(_("Tệp sao lưu hỏng hoặc không phải tệp sao lưu của Sổ Hội.")) from exc
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        archive.close()
        raise BackupRejected(_("Tệp sao lưu thiếu bản kê (manifest) hoặc bản kê hỏng.")) from exc
    try:
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupRejected(
                _("Đây không phải tệp sao lưu của Sổ Hội (hoặc của phiên bản khác).")
            )
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
    return archive, manifest


def _check(archive: zipfile.ZipFile, name: str, digest: str) -> None:
    try:
        data = archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupRejected(
            _("Tệp sao lưu bị thiếu hoặc hỏng phần “%(name)s”.", name=name)
        ) from exc
    if hashlib.sha256(data).hexdigest() != digest:
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


def restore_backup(source: Path) -> dict:
    """Restore ``source`` into this (empty) instance: same records, same files."""
    archive, manifest = verify(source)
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
                decode = _decoder(table)
                rows = [
                    decode(json.loads(line))
                    for line in archive.read(info["file"]).decode().splitlines()
                    if line
                ]
                self_refs = [
                    fk.parent.name for fk in table.foreign_keys if fk.column.table is table
                ]
                # Rows may point at rows of the same table inserted later (a moved unit):
                # insert without those links first, then set them.
                first = [{**r, **dict.fromkeys(self_refs)} for r in rows] if self_refs else rows
                for start in range(0, len(first), 1000):
                    conn.execute(insert(table), first[start : start + 1000])
                pk = next(iter(table.primary_key.columns))
                # Keep columns an UPDATE would otherwise stamp (updated_at) as they were.
                stamped = [c.name for c in table.columns if c.onupdate is not None]
                for column in self_refs:
                    for r in rows:
                        if r[column] is not None:
                            values = {column: r[column], **{c: r[c] for c in stamped}}
                            conn.execute(update(table).where(pk == r[pk.name]).values(values))
            if db.engine.dialect.name == "postgresql":
                _reset_sequences(conn)
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.info.pop("restoring_backup", None)
        files_root = Path(current_app.config["FILES_DIR"])
        from webapp.documents.storage import write_atomically

        for name in manifest["files"]:
            write_atomically(
                files_root / PurePosixPath(name).relative_to("files"), archive.read(name)
            )
    return manifest


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
