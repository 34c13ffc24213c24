"""Backup → restore gives back the same records, indicator values and files; bad files are
refused before anything changes. On CI also across SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from tests.conftest import AppClient, client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft, make_report_file
from webapp import backup_crypto, create_app
from webapp.backup import _tables
from webapp.config import PROJECT_ROOT, Config
from webapp.documents import storage
from webapp.extensions import db
from webapp.indicators import Period, compute
from webapp.models import Unit, User


def _pg_url(name: str) -> str | None:
    base = os.environ.get("TEST_DATABASE_URL", "")
    if os.environ.get("SOHOI_TEST_BACKEND") != "services" or not base.startswith("postgresql"):
        return None
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


@contextmanager
def fresh_instance(settings: dict, tmp: Path, database_url: str):
    """A new, empty instance (own database and files folder), migrated, its context pushed."""
    env = {**settings, "SOHOI_INSTANCE": str(tmp), "DATABASE_URL": database_url}
    env.pop("FILES_DIR", None)
    app = create_app(Config(env))
    app.test_client_class = AppClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(PROJECT_ROOT / "migrations"), revision="heads")
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def _dump() -> dict[str, list[dict]]:
    """Every table's rows, as the backup would write them (to compare instances)."""
    from webapp.backup import _encode

    out = {}
    with db.engine.connect() as conn:
        for table in _tables():
            rows = conn.execute(select(table).order_by(*table.primary_key.columns))
            out[table.name] = [{k: _encode(v) for k, v in r._mapping.items()} for r in rows]
    return out


@pytest.fixture()
def filled(app, world):
    """Records in several areas, a generated file on disk, and history in the audit trail."""
    draft = make_draft(world.commune_a, narrative={"tinh_hinh": "<p>Ổn định</p>"})
    row = make_report_file(draft, world.staff_a.id)
    storage.write_atomically(storage.report_path(row.storage_name), b"PK fake docx \x00\x01")
    client_for(app, world.admin, PASSWORD).post_form(
        f"/admin/units/{world.branch_a1.id}/rename", {"name": "An Cư Hai"}, htmx=True
    )
    return world


def _backup(app, path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output


def _restore(app, path: Path):
    return app.test_cli_runner().invoke(args=["backup", "restore", str(path)])


def _round_trip(app, settings, tmp_path, target_url):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    before = _dump()
    commune = db.session.scalars(select(Unit).filter_by(name="Đức Xương")).one().id
    values = compute(commune, _period()).raw
    files = {
        p.relative_to(app.config["FILES_DIR"]): p.read_bytes()
        for p in Path(app.config["FILES_DIR"]).rglob("*")
        if p.is_file()
    }
    with fresh_instance(settings, tmp_path / "moi", target_url) as other:
        result = _restore(other, backup)
        assert result.exit_code == 0, result.output
        after = _dump()
        for name in before:
            for a, b in zip(before[name], after[name], strict=True):
                assert a == b, (name, {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)})
        assert compute(commune, _period()).raw == values
        restored = {
            p.relative_to(other.config["FILES_DIR"]): p.read_bytes()
            for p in Path(other.config["FILES_DIR"]).rglob("*")
            if p.is_file()
        }
        assert restored == files and files
        # The restored accounts work, and new records get fresh ids.
        staff = db.session.scalars(select(User).filter_by(username="canbo_a")).one()
        c = client_for(other, staff, PASSWORD)
        assert c.get("/reports/").status_code == 200
        new = Unit(name="Sau khôi phục", kind=db.session.get(Unit, commune).kind, parent_id=None)
        db.session.add(new)
        db.session.commit()
        assert new.id > max(r["id"] for r in before["units"])


def _period():
    from datetime import date

    return Period(date(2021, 1, 1), date(2023, 12, 31))


def test_backup_restores_into_a_fresh_database_of_the_same_kind(app, settings, filled, tmp_path):
    same = (
        _pg_url("test_restore")
        if db.engine.dialect.name == "postgresql"
        else f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    )
    _round_trip(app, settings, tmp_path, same)


def test_backup_restores_across_sqlite_and_postgresql(app, settings, filled, tmp_path):
    pg = _pg_url("test_restore_cross")
    if pg is None:
        pytest.skip("needs PostgreSQL (runs in CI with SOHOI_TEST_BACKEND=services)")
    # From this run's PostgreSQL database into SQLite …
    _round_trip(app, settings, tmp_path, f"sqlite:///{tmp_path / 'cross.sqlite3'}")


def test_a_truncated_backup_is_refused_and_nothing_changes(app, settings, filled, tmp_path):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    truncated = tmp_path / "cut.zip"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])

    with fresh_instance(
        settings, tmp_path / "moi", f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    ) as other:
        before = _dump()
        result = _restore(other, truncated)
        assert result.exit_code != 0
        assert "hỏng" in result.output
        assert _dump() == before


def test_a_tampered_or_foreign_file_is_refused(app, settings, filled, tmp_path):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    tampered = tmp_path / "tampered.zip"

    def tamper(parts: dict[str, bytes]) -> None:
        parts["data/units.jsonl"] = parts["data/units.jsonl"].replace(
            "Đức Xương".encode(), "Đức Giả".encode()
        )

    _rewrite(backup, tampered, tamper)
    flipped = tmp_path / "flipped.zip"  # one byte of the ciphertext changed
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    foreign, plain = tmp_path / "foreign.zip", tmp_path / "plain-foreign.zip"
    with zipfile.ZipFile(plain, "w") as dst:
        dst.writestr("manifest.json", json.dumps({"format": "something-else"}))
    _encrypt(plain, foreign, settings)
    with fresh_instance(settings, tmp_path / "moi", f"sqlite:///{tmp_path / 'e.sqlite3'}") as other:
        assert "sai mã kiểm tra" in _restore(other, tampered).output
        assert "đã bị sửa" in _restore(other, flipped).output
        assert "không phải tệp sao lưu của Sổ Hội" in _restore(other, foreign).output
        assert "không được mã hoá" in _restore(other, plain).output
        assert db.session.scalar(text("SELECT COUNT(*) FROM units")) == 0


def test_restore_refuses_an_instance_that_holds_records(app, filled, tmp_path):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    result = _restore(app, backup)
    assert result.exit_code != 0 and "hệ thống trống" in result.output


def test_scheduled_backups_keep_the_last_n(app, filled, tmp_path):
    folder = tmp_path / "backups"
    for name in ("sohoi-backup-20240101-000000.zip", "sohoi-backup-20240102-000000.zip"):
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(b"old")
    result = app.test_cli_runner().invoke(args=["backup", "create", str(folder), "--keep", "2"])
    assert result.exit_code == 0, result.output
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 2 and kept[0] == "sohoi-backup-20240102-000000.zip"


def test_admin_page_downloads_a_backup(app, filled):
    admin = client_for(app, filled.admin, PASSWORD)
    with admin.get("/admin/system/backup/download") as response:
        assert response.status_code == 200
        assert response.data.startswith(backup_crypto.MAGIC)
        assert b"PK" not in response.data[:200] and "Đức Xương".encode() not in response.data
    assert (
        client_for(app, filled.admin_b, PASSWORD).get("/admin/system/backup/download").status_code
        == 403
    )


def _encrypt(plain: Path, target: Path, settings: dict) -> None:
    backup_crypto.encrypt_file(plain, target, settings["BACKUP_KEY"])


def _rewrite(source: Path, target: Path, change) -> None:
    """Copy a backup, letting ``change(parts)`` edit its parts (name → bytes) on the way; the
    copy is encrypted again with the test key, as an attacker who stole the key would."""
    from flask import current_app

    key = current_app.config["BACKUP_KEY"]
    plain = backup_crypto.decrypt_to_temp(source, [key])
    with zipfile.ZipFile(plain) as src:
        parts = {item.filename: src.read(item) for item in src.infolist()}
    plain.unlink()
    change(parts)
    rewritten = target.with_name(target.name + ".plain")
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    backup_crypto.encrypt_file(rewritten, target, key)
    rewritten.unlink()


def _units() -> int:
    return db.session.scalar(text("SELECT COUNT(*) FROM units"))


def test_a_forged_backup_with_recomputed_checksums_is_refused(app, settings, filled, tmp_path):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)

    def forge(parts: dict[str, bytes]) -> None:
        parts["data/units.jsonl"] = parts["data/units.jsonl"].replace(
            "Đức Xương".encode(), "Đức Giả".encode()
        )
        manifest = json.loads(parts["manifest.json"])
        manifest["tables"]["units"]["sha256"] = hashlib.sha256(
            parts["data/units.jsonl"]
        ).hexdigest()
        parts["manifest.json"] = json.dumps(manifest).encode()

    forged, unsigned = tmp_path / "forged.zip", tmp_path / "unsigned.zip"
    _rewrite(backup, forged, forge)
    _rewrite(backup, unsigned, lambda parts: parts.pop("manifest.sig"))
    with fresh_instance(settings, tmp_path / "moi", f"sqlite:///{tmp_path / 'f.sqlite3'}") as other:
        for path in (forged, unsigned):
            result = _restore(other, path)
            assert result.exit_code != 0 and "chữ ký" in result.output, result.output
        assert _units() == 0


def test_a_backup_of_another_instance_needs_its_key_or_an_explicit_yes(
    app, settings, filled, tmp_path
):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    key, wrong = tmp_path / "key", tmp_path / "wrong"
    key.write_text(settings["SECRET_KEY"] + "\n")
    wrong.write_text("not-the-key")
    elsewhere = {**settings, "SECRET_KEY": "another-instance-key"}
    with fresh_instance(elsewhere, tmp_path / "a", f"sqlite:///{tmp_path / 'a.sqlite3'}") as other:
        refused = _restore(other, backup)
        assert refused.exit_code != 0 and "SECRET_KEY" in refused.output
        mistaken = other.test_cli_runner().invoke(
            args=["backup", "restore", str(backup), "--key-file", str(wrong)]
        )
        assert mistaken.exit_code != 0 and "không khớp" in mistaken.output
        assert _units() == 0
        done = other.test_cli_runner().invoke(
            args=["backup", "restore", str(backup), "--key-file", str(key)]
        )
        assert done.exit_code == 0, done.output
        assert _units() > 0
    with fresh_instance(elsewhere, tmp_path / "b", f"sqlite:///{tmp_path / 'b.sqlite3'}") as other:
        trusted = other.test_cli_runner().invoke(
            args=["backup", "restore", str(backup), "--trust-foreign"]
        )
        assert trusted.exit_code == 0, trusted.output
        assert _units() > 0


def test_a_zip_bomb_in_a_backup_is_refused_before_it_is_unpacked(app, settings, filled, tmp_path):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    huge = b"\0" * (64 * 1024 * 1024)

    def bomb(parts: dict[str, bytes]) -> None:
        manifest = json.loads(parts["manifest.json"])
        manifest["files"]["files/reports/huge.bin"] = hashlib.sha256(huge).hexdigest()
        parts["files/reports/huge.bin"] = huge
        parts["manifest.json"] = json.dumps(manifest).encode()
        from webapp.backup import sign

        # Signed with the right key: only the limits stand in the way.
        parts["manifest.sig"] = sign(parts["manifest.json"], settings["SECRET_KEY"]).encode()

    bombed = tmp_path / "bomb.zip"
    _rewrite(backup, bombed, bomb)
    assert bombed.stat().st_size < 1024 * 1024
    with fresh_instance(settings, tmp_path / "moi", f"sqlite:///{tmp_path / 'b.sqlite3'}") as other:
        result = _restore(other, bombed)
        assert result.exit_code != 0 and "bom nén" in result.output, result.output
        assert _units() == 0


def test_the_restore_page_asks_for_the_other_instances_key(app, settings, filled, tmp_path):
    from tests.factories import make_user
    from webapp.models import Role

    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    elsewhere = {**settings, "SECRET_KEY": "another-instance-key"}
    with fresh_instance(elsewhere, tmp_path / "c", f"sqlite:///{tmp_path / 'c.sqlite3'}") as other:
        admin = make_user(Role.ADMIN, username="quantri_moi")
        client = client_for(other, admin, PASSWORD)

        def restore(**fields):
            data = {"file": (io.BytesIO(backup.read_bytes()), "sao-luu.zip"), **fields}
            return client.post_form(
                "/admin/system/backup/restore", data, content_type="multipart/form-data"
            )

        refused = restore()
        assert refused.status_code == 302
        page = client.get("/admin/system/backup").get_data(as_text=True)
        assert "không mang chữ ký của hệ thống này" in page
        assert 'name="source_key"' in page and 'name="trust_foreign"' in page
        assert _units() == 0
        done = restore(source_key=settings["SECRET_KEY"])
        assert done.status_code == 302 and "/auth/login" in done.headers["Location"]
        assert _units() > 0
        # The admin's session ended: its id must not now name a restored account.
        after = client.get("/admin/system/backup")
        assert after.status_code == 302 and "/auth/login" in after.headers["Location"]
