"""Words stored in records that the pages show in the reader's language.

A gift's unit ("lần", "suất", "kg") is stored as typed, in Vietnamese (the default units come
from ``GiftKind.default_measure``); an English page shows the known ones in English ("Cash: 7
times", not "Cash: 7 lần"). A unit typed by a user and unknown here is shown as typed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MEASURES = {
    "lần": _l("lần"),  # vi-only: the stored word
    "suất": _l("suất"),  # vi-only: the stored word
    "téc": _l("téc"),  # vi-only: the stored word
    "căn": _l("căn"),  # vi-only: the stored word
    "cái": _l("cái"),  # vi-only: the stored word
    "kg": _l("kg"),
    "tấn": _l("tấn"),  # vi-only: the stored word
}


def measure_label(measure: str | None) -> str:
    """A stored unit of quantity in the reader's language."""
    if not measure:
        return ""
    found = MEASURES.get(measure.strip())
    return str(found) if found is not None else measure
