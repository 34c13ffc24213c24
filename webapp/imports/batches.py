"""An upload between its preview and its confirmation: its parsed cells kept, then claimed once.

Every import (the registers' engine and the member list) parses a file once; its cells wait as
JSON in FILES_DIR/imports/ under a random token tied to the user, so showing the preview again
never re-reads the file, and the confirmation checks them against the register as it is then.

Two confirmations of one upload (a double click, two tabs, two people behind one account) would
both analyse the rows before either has written them and both write. The confirmation therefore
first inserts the upload's :class:`~webapp.models.ImportBatch` row, whose token is unique, in its
own transaction: the second one waits for the first (PostgreSQL on the unique index, SQLite on
the write lock), then fails on the index and is refused — nothing of it is written.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp import formatting
from webapp.extensions import db
from webapp.models import ImportBatch, User
from webapp.refusals import RecordError

KEEP_UPLOADS_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
Cells = list[tuple[int, dict[str, Any]]]  # (line number, {column key: cell})


def expired() -> RecordError:
    return RecordError("file", _("Phiên nhập đã hết hạn; vui lòng tải tệp lên lại."))


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _decode(value: object) -> object:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        return date.fromisoformat(value["date"])
    return value


def _folder() -> Path:
    folder = Path(current_app.config["FILES_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old_uploads() -> None:
    limit = time.time() - KEEP_UPLOADS_SECONDS
    for old in _folder().iterdir():
        # .xlsx: files kept by earlier versions, which stored the upload itself.
        if old.suffix in (".json", ".xlsx", ".part") and old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


class Upload:
    """One user's upload, named by its token; ``kind`` says which import it belongs to."""

    def __init__(self, kind: str, user: User, token: str) -> None:
        if not TOKEN.fullmatch(token or ""):
            raise expired()
        self.kind, self.user, self.token = kind, user, token
        # The register imports' files were named "r-…", the member list's had no prefix.
        prefix = "" if kind == "members" else "r-"
        self.path = _folder() / f"{prefix}{user.id}-{token}.json"

    @classmethod
    def new(cls, kind: str, user: User) -> Upload:
        _forget_old_uploads()
        return cls(kind, user, secrets.token_urlsafe(18))

    def keep(self, cells: Cells, **about: object) -> None:
        """Store the parsed cells (and what else the preview needs: unit, date, file name)."""
        payload = {
            **about,
            "kind": self.kind,
            "cells": [[line, {k: _encode(v) for k, v in c.items()}] for line, c in cells],
        }
        tmp = self.path.with_name(f".{self.path.name}.part")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def stored(self) -> tuple[Cells, dict]:
        """The cells kept at the upload, and the rest of what was kept with them."""
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise expired() from None
        if not isinstance(payload, dict) or payload.get("kind") != self.kind:
            raise expired()
        cells = [(line, {k: _decode(v) for k, v in c.items()}) for line, c in payload["cells"]]
        return cells, payload

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)

    def claim(self) -> ImportBatch:
        """The upload claimed for this confirmation (flushed, not committed: it lands with the
        rows or not at all). Refused when it was already confirmed, expired when its cells are
        gone."""
        if not self.path.exists():
            done = db.session.scalar(
                select(ImportBatch).where(
                    ImportBatch.token == self.token, ImportBatch.user_id == self.user.id
                )
            )
            raise expired() if done is None else _already(done)
        batch = ImportBatch(register=self.kind, token=self.token, user_id=self.user.id)
        db.session.add(batch)
        try:
            db.session.flush()
        except IntegrityError:
            # Another confirmation of the same upload committed while this one waited on it.
            raise _already(None) from None
        return batch


def _already(batch: ImportBatch | None) -> RecordError:
    if batch is None:
        return RecordError(
            None, _("Tệp này đã được nhập (một lần xác nhận khác vừa ghi); không ghi lại lần nữa.")
        )
    return RecordError(
        None,
        _(
            "Tệp này đã được nhập lúc %(time)s (%(rows)s dòng); không ghi lại lần nữa.",
            time=formatting.local_datetime(batch.created_at),
            rows=formatting.number(batch.rows),
        ),
    )
