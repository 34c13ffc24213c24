"""Everything a report template can print, built from the records.

The context is: every registered indicator for the unit subtree and period (formatted, and raw
under ``raw``), the same for the previous period (``prev``), lists from the registers
(``lists``), charts (``charts``), the narrative staff wrote (``narrative``), and the document
metadata (``doc``, ``unit``, ``period``). Indicator codes become nested names: the value of
``members.total`` is written ``{{ members.total }}`` in a template.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from docxtpl import DocxTemplate

from webapp import formatting
from webapp.documents import narrative as narrative_mod
from webapp.documents.figures import nest
from webapp.extensions import db
from webapp.indicators import Period, Values, catalogue, compute, remembered
from webapp.indicators.targets import report_targets, report_year_targets, term_block
from webapp.models import Unit, UnitKind
from webapp.scope import parent_unit_on

RESERVED = {
    "doc",
    "unit",
    "issuing",
    "period",
    "narrative",
    "lists",
    "charts",
    "raw",
    "prev",
    "ind",
    "targets_summary",
    "term",
    "year_targets",
    "year_targets_summary",
    "next_year_targets",
}


@dataclass
class ReportRequest:
    """What to render: the unit, kind and period, and the document's metadata and narrative."""

    unit_id: int
    kind_label: str
    period: Period
    number_symbol: str = ""
    place: str = ""
    issued_on: date | None = None
    title: str = ""
    recipients: list[str] = field(default_factory=list)
    signatory_title: str = "TM. BAN THƯỜNG VỤ"
    signatory_position: str = "CHỦ TỊCH"
    signatory_name: str = ""
    narrative: dict[str, str] = field(default_factory=dict)
    with_charts: bool = True


def fingerprint(raw: dict[str, Any]) -> str:
    """A short hash of the figures: equal hashes mean the report printed the same numbers."""
    payload = json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def previous_period(period: Period) -> Period:
    """The period of the same length just before ``period``."""
    length = period.end - period.start
    end = period.start - timedelta(days=1)
    return Period(end - length, end)


def _unit_block(unit: Unit, on: date) -> dict[str, str]:
    """The unit's names as documents print them, in its own kind word ("HỘI LHPN PHƯỜNG …",
    "toàn phường"), with the governing body above it as the tree was on ``on``, the day of
    issue (a 2023 report of a commune merged in 2025 still prints its district; a report of
    the first half of 2025 sent in July, after the districts were gone, prints the province,
    as its "Nơi nhận" does). A province answers to the national union; a unit with no union
    recorded above it prints no line there."""
    parent = parent_unit_on(unit, on)
    parent_upper = parent.union_name_upper if parent is not None else ""
    if parent is None and unit.kind is UnitKind.PROVINCE:
        # A province union's governing body is the national union (vi-only: document wording).
        parent_upper = "HỘI LHPN VIỆT NAM"
    return {
        "name": unit.name,
        "full_name": unit.full_name,
        "level": unit.kind.value,
        "level_word": unit.level_word,  # "Phường"
        "level_word_lower": unit.level_word.lower(),  # "toàn {{ unit.level_word_lower }}"
        "union_name": unit.union_name,  # "Hội LHPN phường Thành Sen"
        "union_short": _union_short(unit),  # "Hội LHPN phường", "Chi hội"
        "union_name_upper": unit.union_name_upper,
        "issuer": unit.union_name_upper,
        "parent_issuer": parent_upper,
        "parent_union_upper": parent_upper,
        "parent_name": parent.full_name if parent is not None else "",
    }


def _union_short(unit: Unit) -> str:
    if unit.kind in (UnitKind.BRANCH, UnitKind.GROUP):
        return unit.level_word
    return f"Hội LHPN {unit.level_word.lower()}"  # vi-only


def build_context(req: ReportRequest, tpl: DocxTemplate | None = None) -> tuple[dict, dict]:
    """The template context and the raw figures it prints (for the fingerprint)."""
    # The targets' progress is asked for as indicators and as a list: computed once.
    with remembered():
        return _build_context(req, tpl)


def _build_context(req: ReportRequest, tpl: DocxTemplate | None) -> tuple[dict, dict]:
    from webapp.documents import charts, lists

    unit = db.session.get(Unit, req.unit_id)
    if unit is None:
        raise ValueError(f"unit {req.unit_id} does not exist")
    text = template_text(tpl) if tpl is not None else None
    values: Values = compute(unit.id, req.period)
    target_rows, targets_line = report_targets(unit.id, req.period)
    # The previous period costs as much as this one: computed only for a template that prints it.
    previous: Values = (
        compute(unit.id, previous_period(req.period))
        if text is None or re.search(r"\bprev\b", text)
        else Values({}, {})
    )
    issued = req.issued_on or req.period.end
    context: dict[str, Any] = {
        code_root: sub
        for code_root, sub in nest(values.formatted).items()
        if code_root not in RESERVED
    }
    context.update(
        ind=values.formatted,
        raw=nest(values.raw),
        prev=nest(previous.formatted),
        unit=(unit_block := _unit_block(unit, issued)),
        issuing={
            "union_upper": unit_block["union_name_upper"],
            "parent_union_upper": unit_block["parent_union_upper"],
        },
        period={
            "start": formatting.date_short(req.period.start),
            "end": formatting.date_short(req.period.end),
            "label": f"từ ngày {formatting.date_short(req.period.start)} "
            f"đến ngày {formatting.date_short(req.period.end)}",
            "start_year": req.period.start.year,
            "end_year": req.period.end.year,
        },
        doc={
            "kind": req.kind_label,
            "number_symbol": req.number_symbol,
            "place_date": formatting.place_date(req.place or unit.name, issued),
            "title": req.title,
            "recipients": req.recipients,
            "signatory_title": req.signatory_title,
            "signatory_position": req.signatory_position,
            "signatory_name": req.signatory_name,
        },
        narrative=_Narrative(req.narrative),
        lists=lists.build(unit.id, req.period, target_rows),
        targets_summary=targets_line,
    )
    # The term from its record (never guessed from the period), and the yearly plans: this
    # year's with progress, next year's goals — computed only for a template that prints them.
    context["term"] = term_block(unit, req.period.at)
    plan = (
        report_year_targets(unit.id, req.period)
        if text is None or re.search(r"(next_)?year_targets", text)
        else {"rows": [], "summary": "", "next_rows": []}
    )
    context["year_targets"] = plan["rows"]
    context["year_targets_summary"] = plan["summary"]
    context["next_year_targets"] = plan["next_rows"]
    # Each target by the code it counts: {{ target.insurance.bhyt_new.result }} → "Đạt 40%".
    context["target"] = nest(
        {row["indicator"]: row for row in context["lists"]["targets"] if row["indicator"]}
    )
    context["charts"] = (
        charts.build(tpl, text, unit, req.period, values, context["lists"]["targets"])
        if tpl is not None and text is not None and req.with_charts
        else {}
    )
    return context, values.raw


def template_text(tpl: DocxTemplate) -> str:
    """The text of the template's body, headers and footers with the Word markup stripped, to
    see which names it uses."""
    tpl.init_docx()  # loads the document once; render() reuses it
    xml = [tpl.get_xml()]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        xml.extend(tpl.get_part_xml(part) for _key, part in tpl.get_headers_footers(uri))
    return re.sub(r"<[^>]+>", "", "".join(xml))


class _Narrative(dict):
    """narrative.<key> gives the section as Word paragraphs; a missing section prints nothing."""

    def __init__(self, sections: dict[str, str]) -> None:
        super().__init__({k: narrative_mod.to_paragraphs(v) for k, v in sections.items()})

    def __missing__(self, key: str) -> Any:
        return narrative_mod.to_paragraphs("")


def indicator_catalogue() -> list[dict[str, str]]:
    """Every variable a template can use, with its meaning (for the starter template)."""
    return [
        {"name": ind.code, "label": ind.label, "unit": ind.unit, "area": ind.area}
        for ind in catalogue()
    ]
