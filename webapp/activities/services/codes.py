"""The codes of the entries admins add (activity kinds, tags, output units, manual statistics):
made from a Vietnamese name, stable once given, and each one part of an indicator's code."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from webapp.text import search_key

CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
CODE_RULE = _l("Mã chỉ gồm chữ thường không dấu, số và dấu gạch dưới, bắt đầu bằng chữ.")


def make_code(name: str) -> str:
    """A stable code from a Vietnamese name: "Bóng đèn LED" → "bong_den_led"."""
    code = re.sub(r"[^a-z0-9]+", "_", search_key(name)).strip("_")
    if code and code[0].isdigit():
        code = "x_" + code
    return code[:40]
