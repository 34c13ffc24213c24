"""Account rules: who may have which role over which unit; creating, disabling, resetting."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from webapp.auth.services import set_password
from webapp.extensions import db
from webapp.models import Role, Unit, UnitKind, User
from webapp.passwords import generate_password, hash_password
from webapp.scope import can_see_unit, scoped
from webapp.text import nfc


class AccountError(ValueError):
    """A refused change, with the form field it concerns and a Vietnamese message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class AccountData:
    username: str
    full_name: str
    role: Role
    unit_id: int | None


def _check(data: AccountData, acting: User | None, user: User | None = None) -> Unit | None:
    username = nfc(data.username)
    if not username:
        raise AccountError("username", _("Vui lòng nhập tên đăng nhập."))
    taken = db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    if taken is not None and (user is None or taken != user.id):
        raise AccountError("username", _("Tên đăng nhập này đã có người dùng."))
    if not nfc(data.full_name):
        raise AccountError("full_name", _("Vui lòng nhập họ và tên."))
    unit = db.session.get(Unit, data.unit_id) if data.unit_id else None
    if data.unit_id and unit is None:
        raise AccountError("unit_id", _("Đơn vị không tồn tại."))
    if unit is None and data.role is not Role.ADMIN:
        raise AccountError("unit_id", _("Tài khoản này cần một đơn vị phụ trách."))
    if (
        acting is not None
        and acting.unit_id is not None
        and (unit is None or not can_see_unit(acting, unit.id))
    ):
        raise AccountError("unit_id", _("Đơn vị này nằm ngoài phạm vi bạn quản lý."))
    if unit is not None and unit.is_retired:
        raise AccountError("unit_id", _("Đơn vị đã ngừng hoạt động."))
    if data.role is Role.BRANCH and unit is not None and unit.kind is not UnitKind.BRANCH:
        raise AccountError("unit_id", _("Tài khoản chi hội phải gắn với một chi hội."))
    return unit


def create_account(data: AccountData, acting: User | None) -> tuple[User, str]:
    """Create an account with a generated password; return it and the password (shown once).

    ``acting`` is the admin doing it (None from the command line).
    """
    _check(data, acting)
    password = generate_password()
    user = User(
        username=nfc(data.username),
        full_name=nfc(data.full_name),
        role=data.role,
        unit_id=data.unit_id,
        password_hash=hash_password(password),
        must_change_password=True,  # a generated password: its owner picks one at first login
    )
    db.session.add(user)
    db.session.flush()
    return user, password


def update_account(user: User, data: AccountData, acting: User) -> None:
    """Change name, role and unit. An admin cannot take away their own admin role."""
    _check(data, acting, user)
    if user.id == acting.id and data.role is not Role.ADMIN:
        raise AccountError("role", _("Bạn không thể tự bỏ quyền quản trị của chính mình."))
    scope_changed = (user.role, user.unit_id) != (data.role, data.unit_id)
    user.username = nfc(data.username)
    user.full_name = nfc(data.full_name)
    user.role = data.role
    user.unit_id = data.unit_id
    if scope_changed and user.id != acting.id:
        # Open sessions must not keep the old, wider rights.
        user.end_all_sessions()
    db.session.flush()


def set_active(user: User, active: bool, acting: User) -> None:
    """Disable (ending every session at once) or re-enable an account."""
    if user.id == acting.id and not active:
        raise AccountError("active", _("Bạn không thể tự khoá tài khoản của chính mình."))
    user.active = active
    if not active:
        user.end_all_sessions()
    db.session.flush()


def reset_password(user: User) -> str:
    """Give the account a new generated password (shown once) and end its sessions."""
    password = generate_password()
    set_password(user, password)
    user.must_change_password = True
    db.session.flush()
    return password


def create_first_admin(
    username: str = "admin",
    full_name: str = "Quản trị hệ thống",  # vi-only: stored as the account's name
) -> str | None:
    """Create the first admin if there is no account at all; return its password, else None."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return None
    password = create_account(AccountData(username, full_name, Role.ADMIN, None), None)[1]
    return password


def accounts_visible_to(acting: User) -> Select[tuple[User]]:
    """Accounts an admin may manage: all of them for a whole-tree admin, else those in scope."""
    stmt = select(User)
    if acting.unit_id is not None:
        stmt = scoped(stmt, User.unit_id, acting)
    return stmt


def account_or_404(user_id: int, acting: User) -> User:
    """One account the acting admin may manage, or 404."""
    user = db.session.scalar(accounts_visible_to(acting).where(User.id == user_id))
    if user is None:
        abort(404)
    return user


def list_accounts(acting: User, page: int, per_page: int, query: str = ""):
    """One page of accounts, optionally filtered by username or name."""
    stmt = accounts_visible_to(acting).order_by(User.username)
    if query:
        like = f"%{nfc(query).lower()}%"
        stmt = stmt.where(
            func.lower(User.username).like(like) | func.lower(User.full_name).like(like)
        )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
