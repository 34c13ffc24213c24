"""The narrative staff write in the browser: sanitised HTML in, Word paragraphs out.

Only paragraphs, bold, italic, underline, bulleted and numbered lists and line breaks survive;
everything else (scripts, styles, links, images, attributes) is removed on save. Pressing Enter in
a browser's editable area makes a ``<div>`` (Chromium) or a ``<br>`` (older engines): both are
paragraph breaks, so paragraphs typed in the editor arrive as Word paragraphs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from docxtpl import RichText, RichTextParagraph

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"}
# Style ids (not display names) of Word's built-in styles, present in the default templates.
BODY_STYLE = "Normal"
BULLET_STYLE = "ListBullet"
NUMBER_STYLE = "ListNumber"


def sanitize(html: str | None) -> str:
    """The HTML with only the allowed tags and no attributes at all; a ``<div>`` (the browser's
    paragraph on Enter) becomes a ``<p>``."""
    kept = nh3.clean(html or "", tags=ALLOWED_TAGS | {"div"}, attributes={}, strip_comments=True)
    as_paragraphs = re.sub(r"<(/?)div>", r"<\1p>", kept)
    # Cleaned again: the parser closes a paragraph that a nested <div> had opened inside another.
    return nh3.clean(as_paragraphs, tags=ALLOWED_TAGS, attributes={}, strip_comments=True).strip()


def plain_text(html: str | None) -> str:
    """The narrative as plain text, one paragraph a line (for previews and tests)."""
    return "\n".join("".join(run[0] for run in runs) for _, runs in _blocks(html or ""))


class Section(RichTextParagraph):
    """A section's Word paragraphs; false when it holds no text, so a template says
    ``{%p if narrative.key %}`` to leave an empty section out with its heading."""

    def __bool__(self) -> bool:
        return bool(self.xml)


def to_paragraphs(html: str | None) -> Section:
    """Word paragraphs for ``{{p narrative.key }}``: bold/italic runs, bulleted/numbered items."""
    result = Section()
    for style, runs in _blocks(html or ""):
        rich = RichText()
        for text, bold, italic, underline in runs:
            # docxtpl turns "\n" inside a run into a line break (<w:br/>)
            rich.add(text, bold=bold, italic=italic, underline=underline)
        result.add(rich, parastyle=style)
    return result


Run = tuple[str, bool, bool, bool]


class _BlockParser(HTMLParser):
    """Splits sanitised HTML into (paragraph style, runs) blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, list[Run]]] = []
        self.runs: list[Run] = []
        self.lists: list[str] = []
        self.bold = self.italic = self.underline = 0

    def _flush(self, style: str) -> None:
        if any(text.strip() for text, *_ in self.runs):
            self.blocks.append((style, self.runs))
        self.runs = []

    def _style(self) -> str:
        if not self.lists:
            return BODY_STYLE
        return BULLET_STYLE if self.lists[-1] == "ul" else NUMBER_STYLE

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("p", "li"):
            self._flush(self._style())
        elif tag in ("ul", "ol"):
            self._flush(self._style())
            self.lists.append(tag)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "u":
            self.underline += 1
        elif tag == "br":
            # Enter in the editor: a new paragraph (a line break inside a justified Word
            # paragraph stretches the line before it); inside a list item, a line break.
            if self.lists:
                self.runs.append(("\n", False, False, False))
            else:
                self._flush(self._style())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li"):
            self._flush(self._style())
        elif tag in ("ul", "ol"):
            self._flush(self._style())
            if self.lists:
                self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "u":
            self.underline = max(0, self.underline - 1)

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data)  # HTML whitespace collapses; block edges are trimmed
        if text:
            self.runs.append((text, self.bold > 0, self.italic > 0, self.underline > 0))

    def close(self) -> None:
        super().close()
        self._flush(self._style())


def _blocks(html: str) -> list[tuple[str, list[Run]]]:
    parser = _BlockParser()
    parser.feed(sanitize(html))
    parser.close()
    return [(style, _trim(runs)) for style, runs in parser.blocks]


def _trim(runs: list[Run]) -> list[Run]:
    runs = list(runs)
    runs[0] = (runs[0][0].lstrip(), *runs[0][1:])
    runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
    return [r for r in runs if r[0]]
