"""Issue 17 §6: backups are encrypted with BACKUP_KEY, and a restore refuses a backup it has no
key for. Rotating the key (README, "Personal data"): a backup made with the old key is refused
by an instance running with the new one, and restored when the old key is given."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import text

from tests.test_backup import _backup, _restore, filled, fresh_instance  # noqa: F401 (the fixture)
from webapp.extensions import db


def _units() -> int:
    return db.session.scalar(text("SELECT COUNT(*) FROM units"))


@pytest.mark.usefixtures("filled")
def test_a_backup_is_refused_without_its_key_and_restored_with_the_old_one(app, settings, tmp_path):
    backup = tmp_path / "sao-luu.zip"
    _backup(app, backup)
    assert not zipfile.is_zipfile(backup)  # encrypted at rest, not a readable .zip
    assert "Đức Xương".encode() not in backup.read_bytes()
    old_key = tmp_path / "old_backup_key"
    old_key.write_text(settings["BACKUP_KEY"] + "\n")
    rotated = {**settings, "BACKUP_KEY": "the-new-backup-key-after-rotation"}
    with fresh_instance(rotated, tmp_path / "moi", f"sqlite:///{tmp_path / 'r.sqlite3'}") as other:
        refused = _restore(other, backup)
        assert refused.exit_code != 0
        assert "khoá sao lưu (BACKUP_KEY) không đúng" in refused.output
        assert _units() == 0  # nothing was touched
        done = other.test_cli_runner().invoke(
            args=["backup", "restore", str(backup), "--backup-key-file", str(old_key)]
        )
        assert done.exit_code == 0, done.output
        assert _units() > 0
