"""Factories returning saved rows with sensible defaults, and the standard test world."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.extensions import db
from webapp.models import Role, Unit, UnitKind, User
from webapp.passwords import hash_password

PASSWORD = "mat-khau-thu-nghiem"


def make_unit(name: str, kind: UnitKind, parent: Unit | None = None) -> Unit:
    unit = Unit(name=name, kind=kind, parent_id=parent.id if parent else None)
    db.session.add(unit)
    db.session.commit()
    return unit


_COUNTER = iter(range(1, 10**6))
_HASHES: dict[str, str] = {}


def password_hash(password: str) -> str:
    """An argon2id hash of ``password``, computed once per run: every hash costs ~20 ms by design."""
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


def make_user(
    role: Role = Role.STAFF,
    unit: Unit | None = None,
    username: str | None = None,
    password: str = PASSWORD,
    **fields,
) -> User:
    username = username or f"{role.value}{next(_COUNTER)}"
    user = User(
        username=username,
        full_name=fields.pop("full_name", f"Người dùng {username}"),
        role=role,
        unit_id=unit.id if unit else None,
        password_hash=fields.pop("password_hash", None) or password_hash(password),
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


@dataclass
class World:
    """Province → district → two communes (A: Đức Xương, B: Đức Long), two branches each."""

    province: Unit
    district: Unit
    commune_a: Unit
    branch_a1: Unit
    branch_a2: Unit
    commune_b: Unit
    branch_b1: Unit
    admin: User
    staff_a: User
    branch_user_a1: User
    viewer_district: User
    staff_b: User
    admin_b: User


def make_world() -> World:
    province = make_unit("Hà Tĩnh", UnitKind.PROVINCE)
    district = make_unit("Đức Thọ", UnitKind.DISTRICT, province)
    commune_a = make_unit("Đức Xương", UnitKind.COMMUNE, district)
    branch_a1 = make_unit("An Cư 2", UnitKind.BRANCH, commune_a)
    branch_a2 = make_unit("Trung Hà", UnitKind.BRANCH, commune_a)
    commune_b = make_unit("Đức Long", UnitKind.COMMUNE, district)
    branch_b1 = make_unit("Long Thủy", UnitKind.BRANCH, commune_b)
    return World(
        province,
        district,
        commune_a,
        branch_a1,
        branch_a2,
        commune_b,
        branch_b1,
        admin=make_user(Role.ADMIN, None, "admin", full_name="Quản trị"),
        staff_a=make_user(Role.STAFF, commune_a, "canbo_a", full_name="Nguyễn Thị Huế"),
        branch_user_a1=make_user(Role.BRANCH, branch_a1, "chihoi_a1"),
        viewer_district=make_user(Role.VIEWER, district, "huyen"),
        staff_b=make_user(Role.STAFF, commune_b, "canbo_b"),
        admin_b=make_user(Role.ADMIN, commune_b, "admin_b"),
    )
