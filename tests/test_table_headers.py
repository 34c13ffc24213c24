"""Every column header says what its column holds (issue 16, axe "empty-table-header"): an
action or status column has a header a screen reader reads ("Thao tác", visually hidden), and a
footer's blank cell is a data cell, not an empty header."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A <th> holding nothing but spaces and template statements ({% if %}…{% endif %} with nothing
# between them): empty for every user.
EMPTY_HEADER = re.compile(r"<th(?:\s[^>]*)?>(?:\s|\{%-?[^%]*-?%\})*</th>")


def test_no_table_header_cell_is_empty():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in EMPTY_HEADER.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not found, "name the column or use <td>:\n" + "\n".join(found)
