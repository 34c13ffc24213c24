"""One filter-bar pattern across areas (issue 16): every form that narrows what a page lists
(a GET form) is the same ``.filters`` bar — one card, labels above their fields, the button at
the end — instead of a look of its own in each area."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GET_FORM = re.compile(r"<form\b[^>]*>", re.S)


def test_every_list_filter_is_a_filters_bar():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in GET_FORM.finditer(text):
            tag = match.group(0)
            method = re.search(r'method="([^"]*)"', tag)
            if not method or method.group(1).lower() != "get":
                continue
            classes = (re.search(r'class="([^"]*)"', tag) or re.search("()", "")).group(1)
            if "filters" not in classes.split():
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: class={classes!r}")
    assert not found, "\n".join(found)


class _FieldBoxes(HTMLParser):
    """Reads one filter form: which ``<div class="field">`` box each label and each control sits
    in (Jinja tags read as text, which is all this needs)."""

    def __init__(self):
        super().__init__()
        self.divs: list[dict | None] = []  # open divs, innermost last; a dict for a .field box
        self.labels: list[tuple[str, dict | None]] = []  # (the id it names, its box)
        self.controls: list[tuple[str, dict | None]] = []  # (name or id, its box)

    def box(self) -> dict | None:
        """The innermost open .field box, if any."""
        return next((d for d in reversed(self.divs) if d is not None), None)

    def handle_starttag(self, tag, attrs):
        """Notes a .field box opening, a label naming a control, a field a user fills."""
        attrs = dict(attrs)
        if tag == "div":
            field = "field" in (attrs.get("class") or "").split()
            self.divs.append({"ids": set(), "for": set()} if field else None)
            return
        box = self.box()
        if tag == "label" and attrs.get("for"):
            self.labels.append((attrs["for"], box))
            if box is not None:
                box["for"].add(attrs["for"])
        if tag in ("input", "select", "textarea"):
            if tag == "input" and (attrs.get("type") or "") in ("hidden", "submit", "button"):
                return
            if box is not None and attrs.get("id"):
                box["ids"].add(attrs["id"])
            self.controls.append((attrs.get("id") or attrs.get("name") or tag, box))

    def handle_endtag(self, tag):
        """Closes the innermost div."""
        if tag == "div" and self.divs:
            self.divs.pop()


def _filter_forms():
    """Every GET form of class ``filters`` in the templates: (where, its text)."""
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in GET_FORM.finditer(text):
            tag = match.group(0)
            if 'method="get"' not in tag or "filters" not in tag:
                continue
            end = text.index("</form>", match.end())
            line = text.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(ROOT)}:{line}", text[match.end() : end]


def test_every_filter_field_is_a_field_box_with_its_label():
    """Each field of a filter bar sits in a ``.field`` box with the label naming it (label above
    the field), never a bare label beside its field nor a label wrapped round it."""
    found = []
    for where, body in _filter_forms():
        parser = _FieldBoxes()
        parser.feed(body)
        for target, box in parser.labels:
            if box is None or target not in box["ids"]:
                found.append(
                    f"{where}: <label for={target!r}> is not in a .field box with its field"
                )
        for control, box in parser.controls:
            if box is None or control not in box["for"]:
                found.append(f"{where}: field {control!r} is not in a .field box with its label")
        if "<button" in body and body.rfind('<div class="field"') > body.find("<button"):
            found.append(f"{where}: a field comes after the button (the button ends the bar)")
    assert not found, "\n".join(found)
