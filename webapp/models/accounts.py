"""Accounts: who may log in, with which role, over which unit subtree."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models.base import LabelledEnum, TimestampMixin, UTCDateTime, value_enum
from webapp.models.units import Unit


class Role(LabelledEnum):
    """What an account may do (DESIGN.md, "Who uses it")."""

    ADMIN = "admin"
    STAFF = "staff"
    BRANCH = "branch"
    VIEWER = "viewer"

    @property
    def can_write(self) -> bool:
        return self is not Role.VIEWER


ROLE_LABELS = {
    Role.ADMIN: _l("Quản trị"),
    Role.STAFF: _l("Cán bộ Hội"),
    Role.BRANCH: _l("Chi hội"),
    Role.VIEWER: _l("Chỉ xem"),
}
Role.set_labels(ROLE_LABELS)


def new_session_token() -> str:
    """A random token naming the current generation of an account's sessions."""
    return secrets.token_urlsafe(24)


class User(UserMixin, TimestampMixin, db.Model):
    """An account. ``session_token`` is rotated to end every session of the account at once."""

    __audit_area__ = "accounts"
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(value_enum(Role))
    # Admins may have no unit: their scope is the whole tree.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A generated password (first admin, created or reset by an admin, province install): the
    # account is sent to the password page until its owner picks one (webapp/auth).
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A district or province viewer sees figures and name lists only; an admin may grant the
    # personal details of its units' people (webapp/privacy/access.py).
    sees_personal_details: Mapped[bool] = mapped_column(default=False, server_default=false())

    unit: Mapped[Unit | None] = relationship()

    # Flask-Login: the id kept in the session cookie names the token generation too, so a
    # cookie copied before logout or a password change no longer loads the user afterwards.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def end_all_sessions(self) -> None:
        """Invalidate every session cookie issued for this account so far."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role.value}>"
