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
from webapp.refusals import Problems, RecordError
from webapp.scope import can_see_unit, scoped
from webapp.text import nfc


@dataclass
class AccountData:
    username: str
    full_name: str
    role: Role
    unit_id: int | None


def check_account(data: AccountData, acting: User | None, user: User | None = None) -> None:
    """Every rule of an account at once (``user``: the account being edited); raises
    RecordError naming every field in fault."""
    problems = Problems()
    username = nfc(data.username)
    if not username:
        problems.add("username", _("Vui lòng nhập tên đăng nhập."))
    else:
        taken = db.session.scalar(
            select(User.id).where(func.lower(User.username) == username.lower())
        )
        if taken is not None and (user is None or taken != user.id):
            problems.add("username", _("Tên đăng nhập này đã có người dùng."))
    if not nfc(data.full_name):
        problems.add("full_name", _("Vui lòng nhập họ và tên."))
    problems.check(_check_unit, data, acting)
    editing_self = user is not None and acting is not None and user.id == acting.id
    if editing_self and data.role is not Role.ADMIN:
        problems.add("role", _("Bạn không thể tự bỏ quyền quản trị của chính mình."))
    problems.raise_any()


def _check_unit(data: AccountData, acting: User | None) -> None:
    unit = db.session.get(Unit, data.unit_id) if data.unit_id else None
    if data.unit_id and unit is None:
        raise RecordError("unit_id", _("Đơn vị không tồn tại."))
    if unit is None and data.role is not Role.ADMIN:
        raise RecordError("unit_id", _("Tài khoản này cần một đơn vị phụ trách."))
    if (
        acting is not None
        and acting.unit_id is not None
        and (unit is None or not can_see_unit(acting, unit.id))
    ):
        raise RecordError("unit_id", _("Đơn vị này nằm ngoài phạm vi bạn quản lý."))
    if unit is not None and unit.is_retired:
        raise RecordError("unit_id", _("Đơn vị đã ngừng hoạt động."))
    if data.role is Role.BRANCH and unit is not None and unit.kind is not UnitKind.BRANCH:
        raise RecordError("unit_id", _("Tài khoản chi hội phải gắn với một chi hội."))


def create_account(data: AccountData, acting: User | None) -> tuple[User, str]:
    """Create an account with a generated password; return it and the password (shown once).

    ``acting`` is the admin doing it (None from the command line).
    """
    check_account(data, acting)
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
    check_account(data, acting, user)
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
        raise RecordError("active", _("Bạn không thể tự khoá tài khoản của chính mình."))
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
