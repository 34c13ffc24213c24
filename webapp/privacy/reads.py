"""Who read personal data: record pages and exports, logged apart from the edit trail.

One mechanism for every area: after a successful GET, a request whose URL names a person's
record (``member_id``, ``household_id``, … — the ``record_arg`` of each table in
``registry.PERSON_TABLES``) is logged as a page read of that record, and a download from an area
that holds personal data is logged as an export with its address (and so its filters). Views do
nothing; a new record page is covered by its URL.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask, Response, request
from flask_login import current_user, user_logged_in
from sqlalchemy import Select, insert, select

from webapp.extensions import db
from webapp.models.privacy import LoginEvent, PersonalDataRead, ReadKind
from webapp.privacy.registry import record_tables

# Blueprints whose downloads carry personal data.
PERSONAL_EXPORTS = frozenset(
    {"members", "loans", "charity", "imports", "privacy", "audit_log", "activities"}
)


def log_read(
    kind: ReadKind,
    table_name: str = "",
    record_id: int | None = None,
    where: str = "",
    user_id: int | None = None,
) -> None:
    """Write one read, in its own statement (committed with the request or by the caller)."""
    db.session.execute(
        insert(PersonalDataRead).values(
            kind=kind,
            table_name=table_name,
            record_id=record_id,
            user_id=user_id,
            endpoint=(request.endpoint or "")[:80] if request else "",
            where=where[:300],
            at=_now(),
        )
    )


def _now() -> datetime:
    from webapp.models.base import utcnow

    return utcnow()


def _after_request(response: Response) -> Response:
    if request.method != "GET" or response.status_code != 200:
        return response
    if not getattr(current_user, "is_authenticated", False):
        return response
    args = request.view_args or {}
    tables = record_tables()
    read = None
    for arg, table in tables.items():
        if isinstance(args.get(arg), int):
            read = (ReadKind.PAGE, table, args[arg])
            break
    disposition = response.headers.get("Content-Disposition", "")
    if disposition.startswith("attachment") and request.blueprint in PERSONAL_EXPORTS:
        read = (ReadKind.EXPORT, read[1] if read else "", read[2] if read else None)
    if read is None:
        return response
    # An htmx fragment of a page already logged (a row refreshed, a tab opened) is not a new read.
    if read[0] is ReadKind.PAGE and request.headers.get("HX-Request") == "true":
        return response
    try:
        log_read(read[0], read[1], read[2], request.full_path.rstrip("?"), current_user.id)
        db.session.commit()
    except Exception:
        # A read that cannot be logged must not hide the page; the failure is in the server log.
        db.session.rollback()
        raise
    return response


def _on_login(app: Flask, user) -> None:
    db.session.add(
        LoginEvent(
            user_id=user.id,
            address=(request.remote_addr or "")[:45],
            browser=(request.user_agent.string or "")[:200],
            at=_now(),
        )
    )
    db.session.commit()  # the login itself is already committed; this fact stands alone


def init_app(app: Flask) -> None:
    """Log reads after each request and logins as they happen."""
    app.after_request(_after_request)
    user_logged_in.connect(_on_login, app)


def reads_query(
    user_id: int | None = None,
    table_name: str | None = None,
    record_id: int | None = None,
    kind: ReadKind | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select:
    """Reads, newest first, narrowed by what the admin chose."""
    stmt = select(PersonalDataRead).order_by(PersonalDataRead.at.desc(), PersonalDataRead.id.desc())
    if user_id is not None:
        stmt = stmt.where(PersonalDataRead.user_id == user_id)
    if table_name:
        stmt = stmt.where(PersonalDataRead.table_name == table_name)
    if record_id is not None:
        stmt = stmt.where(PersonalDataRead.record_id == record_id)
    if kind is not None:
        stmt = stmt.where(PersonalDataRead.kind == kind)
    if since is not None:
        stmt = stmt.where(PersonalDataRead.at >= since)
    if until is not None:
        stmt = stmt.where(PersonalDataRead.at < until)
    return stmt


def viewers_of(table_name: str, record_id: int, limit: int = 20) -> list[PersonalDataRead]:
    """The latest reads of one record (for "Ai đã xem" on its page)."""
    return list(
        db.session.scalars(reads_query(table_name=table_name, record_id=record_id).limit(limit))
    )
