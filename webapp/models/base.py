"""Column types and mixins shared by the models."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from sqlalchemy import DateTime, Enum
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def value_enum(cls: type[enum.Enum], length: int = 20) -> Enum:
    """A portable enum column: the member's value in a VARCHAR (no native type, so adding a
    member needs no migration), checked on write."""
    return Enum(
        cls,
        native_enum=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class LabelledEnum(enum.StrEnum):
    """A StrEnum whose members carry a label in the user's language.

    Members do not exist inside the class body, so the labels follow the class, once:
    ``GENDER_LABELS = {Gender.FEMALE: _l("Nữ"), Gender.MALE: _l("Nam")}`` then
    ``Gender.set_labels(GENDER_LABELS)``. The dict stays what forms build their choices from
    (lazy strings: each request gets its language).
    """

    __labels__: ClassVar[dict[Any, object]]

    @classmethod
    def set_labels(cls, labels: Mapping[Self | str, object]) -> None:
        """Give every member its label (keys: members or their values); a member left out is an
        error at import, not a KeyError on some page."""
        by_member = {cls(key): label for key, label in labels.items()}
        missing = [m.name for m in cls if m not in by_member]
        if missing:
            raise TypeError(f"{cls.__name__}: no label for {', '.join(missing)}")
        cls.__labels__ = by_member

    @property
    def label(self) -> str:
        """The label in the user's language; Vietnamese in the worker and the report's
        indicators (see webapp/indicators/__init__.py)."""
        return str(type(self).__labels__[self])


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC that always reads back timezone-aware.

    SQLite drops the offset of ``DateTime(timezone=True)``; without this the same comparison
    would work on PostgreSQL and raise on SQLite.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class TimestampMixin:
    """``created_at`` / ``updated_at`` kept by the session, never typed."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class RecordMixin(TimestampMixin):
    """What every register record has: a unit, timestamps, a trash flag and an edit version.

    - ``deleted_at``: deleting moves a record to the trash (webapp/trash.py); trashed rows are
      hidden from every ORM query by the session hook in webapp/trash.py, so lists and indicators
      never see them, and they can be restored.
    - every change is written to the audit trail (webapp/audit.py) under ``__audit_area__``.
    - ``version``: SQLAlchemy's optimistic lock. An edit based on an old version raises
      ``StaleDataError`` instead of silently overwriting somebody else's save.
    """

    deleted_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, index=True, active_history=True
    )
    version: Mapped[int] = mapped_column(default=1)

    def __init_subclass__(cls, **kwargs: object) -> None:
        # Audited by webapp/audit.py under its area: the module's name (webapp.models.<area>).
        if "__audit_area__" not in cls.__dict__:
            cls.__audit_area__ = cls.__module__.rsplit(".", 1)[-1]
        super().__init_subclass__(**kwargs)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
