"""The unit selects of the members forms, and the write check of the unit a form posts."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from webapp.fields import optional_int
from webapp.form_helpers import choices
from webapp.models import UnitKind
from webapp.scope import require_write, visible_rows
from webapp.unit_tree import UnitRow, current_tree


def require_write_of_posted_unit(field: str = "unit_id") -> None:
    """403 before anything is written when the form names a unit the user may not change."""
    unit_id = optional_int(request.form.get(field))
    if unit_id is not None:
        require_write(current_user, unit_id)


def branch_choices(include_none: str | None = None) -> list:
    """The active branches the user may see, for a select box."""
    tree = current_tree()
    pairs = [
        (row.id, _branch_label(row, tree.rows.get(row.parent_id) if row.parent_id else None))
        for row, _depth in visible_rows(current_user)
        if row.kind is UnitKind.BRANCH and not row.is_retired
    ]
    if include_none is not None:
        pairs.insert(0, (None, include_none))
    return choices(pairs)


def _branch_label(unit: UnitRow, parent: UnitRow | None) -> str:
    """ "Chi hội An Cư 2 (Đức Xương)": branches of two communes may share a name."""
    return f"{unit.full_name} ({parent.name})" if parent else unit.full_name
