"""Charts drawn in the worker and placed in the document as images (PNG via matplotlib)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from sqlalchemy import select

from webapp import formatting
from webapp.extensions import db
from webapp.indicators import REGISTRY, Period, Values, compute
from webapp.models import Unit


def bar_chart(
    title: str, labels: list[str], values: list[float], fmt: Callable[[float], str]
) -> bytes:
    """A horizontal bar chart with each bar's value written in Vietnamese format."""
    import matplotlib

    matplotlib.use("Agg")  # no display in a worker
    from matplotlib import pyplot as plt

    height = 1.2 + 0.45 * max(len(labels), 1)
    fig, ax = plt.subplots(figsize=(6.3, height), dpi=150)
    try:
        bars = ax.barh(labels, values, color="#b0174f")
        ax.invert_yaxis()
        ax.set_title(title, fontsize=11, fontfamily="DejaVu Sans")
        ax.tick_params(labelsize=9)
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        top = max(values, default=0) or 1
        for bar, value in zip(bars, values, strict=True):
            ax.text(
                bar.get_width() + top * 0.01,
                bar.get_y() + bar.get_height() / 2,
                fmt(value),
                va="center",
                fontsize=9,
            )
        ax.set_xlim(0, top * 1.18)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def _by_child_unit(unit: Unit, period: Period, code: str) -> tuple[list[str], list[float]]:
    """The indicator for each unit directly below ``unit`` (a handful of branches)."""
    children = db.session.scalars(
        select(Unit).where(Unit.parent_id == unit.id, Unit.retired_on.is_(None)).order_by(Unit.name)
    ).all()
    labels, values = [], []
    for child in children:
        value = compute(child.id, period, {code}).raw.get(code)
        labels.append(child.name)
        values.append(float(value or 0))
    return labels, values


# name → (indicator code, chart title)
BY_CHILD_UNIT = {
    "members_by_branch": ("members.total", "Số hội viên theo đơn vị"),
}


def build(tpl: DocxTemplate, unit: Unit, period: Period, values: Values) -> dict[str, Any]:
    """Chart images for the template, by name; only those whose indicators exist and whose
    template asks for them are drawn (drawing costs time)."""
    wanted = _names_used(tpl)
    charts: dict[str, Any] = {}
    if "loans_by_bank" in wanted:
        # The per-bank parts of the outstanding balance (loans.outstanding_vnd.<bank>).
        parts = sorted(
            c
            for c in values.raw
            if c.startswith("loans.outstanding_vnd.") and values.raw[c] is not None
        )
        if parts:
            labels = [REGISTRY.indicators[c].label.removeprefix("Dư nợ ") for c in parts]
            amounts = [float(values.raw[c]) for c in parts]
            png = bar_chart(
                "Dư nợ theo ngân hàng", labels, amounts, lambda v: formatting.billions(int(v))
            )
            charts["loans_by_bank"] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    for name, (code, title) in BY_CHILD_UNIT.items():
        if name not in wanted or code not in REGISTRY.indicators:
            continue
        labels, values = _by_child_unit(unit, period, code)
        if labels:
            ind = REGISTRY.indicators[code]
            png = bar_chart(
                title,
                labels,
                values,
                lambda v, ind=ind: ind.format(
                    int(v) if ind.kind in ("count", "money", "billions") else v
                ),
            )
            charts[name] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    if "targets" in wanted:
        from webapp.documents.lists import targets_chart_data

        data = targets_chart_data(unit.id, period)
        if data:
            names, percents = data
            png = bar_chart(
                "Tiến độ thực hiện chỉ tiêu", names, percents, lambda v: formatting.percent(v / 100)
            )
            charts["targets"] = InlineImage(tpl, io.BytesIO(png), width=Mm(150))
    return charts


def _names_used(tpl: DocxTemplate) -> set[str]:
    """The chart names the template's body mentions ({{ charts.<name> }})."""
    tpl.init_docx()  # loads the document once; render() reuses it
    text = re.sub(r"<[^>]+>", "", tpl.get_xml())
    return set(re.findall(r"charts\.([a-z_]+)", text))
