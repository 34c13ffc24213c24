"""Two accessibility findings of issue 16 that axe's automatic run cannot see:

- the keyboard focus ring must stand out (WCAG 2.4.11/1.4.11: at least 3:1) against the page,
  the cards and the magenta top bar — the old #ffb000 ring had 1,8:1 on white;
- the report editor's toolbar buttons are named for what they do ("Đậm", "Nghiêng"), not "B"/"I".
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html

from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.reports.factories import make_draft

CSS = (Path(__file__).resolve().parent.parent / "webapp" / "static" / "css" / "app.css").read_text(
    encoding="utf-8"
)


def _variables() -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})", CSS))


def _colour(value: str) -> str:
    value = value.strip()
    found = re.fullmatch(r"var\((--[\w-]+)\)", value)
    value = _variables()[found.group(1)] if found else value
    if value in ("#fff", "white"):
        return "#ffffff"
    return value


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(_colour(a)), _luminance(_colour(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _outline(selector: str) -> str:
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert rule, f"no rule for {selector}"
    colour = re.search(r"outline(?:-color)?:[^;]*?(#[0-9a-fA-F]{3,6}|var\([^)]*\))", rule.group(1))
    assert colour, rule.group(0)
    return colour.group(1)


def test_the_focus_ring_stands_out_on_every_background():
    ring = _outline(":focus-visible")
    for background in ("#ffffff", "var(--bg)", "var(--card)"):
        assert _contrast(ring, background) >= 3, (ring, background)
    assert _contrast(_outline(".topbar :focus-visible"), "var(--accent)") >= 3


def test_the_narrative_toolbar_buttons_say_what_they_do(app, world):
    draft = make_draft(world.commune_a)
    page = client_for(app, world.staff_a, PASSWORD).get(f"/reports/{draft.id}")
    tree = html.fromstring(page.get_data(as_text=True))
    toolbars = tree.xpath("//*[@role='toolbar']")
    assert toolbars, "no narrative toolbar on the report page"
    names = {}
    for button in toolbars[0].iter("button"):
        names[button.get("data-command")] = button.get("aria-label") or " ".join(
            button.text_content().split()
        )
    assert names["bold"].startswith("Đậm") and names["italic"].startswith("Nghiêng"), names
    assert all(len(name) > 2 for name in names.values()), names
