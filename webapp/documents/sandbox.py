"""The Jinja environment every report template renders in: sandboxed, autoescaping, with the
Vietnamese formatting filters.

docxtpl uses this one environment for the body, headers, footers, footnotes and document
properties, so a template cannot reach Python internals anywhere
(``{{ ''.__class__.__mro__ }}`` raises SecurityError), and a name such as "Lê & Con <Hội>"
is written as text, never as XML. Jinja's default helpers that no report needs (``lipsum``,
``range``, ``cycler``, ``joiner``, ``namespace``) are withheld: a template naming one fails with a
Vietnamese message instead of generating text, looping or keeping state at will.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from jinja2 import ChainableUndefined, StrictUndefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# The one registry of report filters (also read by the catalogue page and the starter).
from webapp.documents.filters import FILTERS


class Missing(ChainableUndefined):
    """A value the records do not give (an unknown variable, an area without data): printed
    as "…", the way a hand-written report leaves a gap, so it is seen and not silently empty."""

    def __str__(self) -> str:
        return "…"

    def __html__(self) -> str:
        return "…"


# Not used by any default template (templates/reports/*.docx, scripts/build_report_templates.py);
# ``dict`` stays, it builds nothing big.
WITHHELD_GLOBALS = ("lipsum", "range", "cycler", "joiner", "namespace")


class Withheld(Missing):
    """A Jinja helper reports may not use: prints "…" like any gap, and calling it fails."""

    def __call__(self, *args: object, **kwargs: object) -> None:
        raise UndefinedError(
            _(
                "hàm “%(name)s” không dùng được trong mẫu báo cáo",
                name=self._undefined_name,
            )
        )


# The longest text or list one ``*`` or ``+`` in a template may build. A report's longest
# paragraph is a few thousand characters; ``{{ 'x' * 50000000 }}`` is refused before it is built
# (the worker's memory cap, TASK_MEMORY_LIMIT_MB, is the backstop for everything else).
MAX_BUILT_LENGTH = 100_000
_WIDE_FORMAT = re.compile(r"%[-#0 +]*(\*|\d{6,})")


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, refusing arithmetic that would build a huge string or list."""

    intercepted_binops = frozenset(("*", "+", "%"))

    def call_binop(self, context, operator: str, left: object, right: object) -> object:
        # "%*s" % (10**9, "x") or "%1000000000s" pads before any result could be measured.
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise UndefinedError(_("mẫu báo cáo tạo ra một đoạn văn bản quá dài"))
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                built = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if built and len(seq) * max(times, 0) > MAX_BUILT_LENGTH:
                    raise UndefinedError(_("mẫu báo cáo tạo ra một đoạn văn bản quá dài"))
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, str | list | tuple) and len(result) > MAX_BUILT_LENGTH:
            raise UndefinedError(_("mẫu báo cáo tạo ra một đoạn văn bản quá dài"))
        return result


def make_env(strict: bool = False) -> ImmutableSandboxedEnvironment:
    """A fresh sandboxed environment; ``strict`` makes unknown variables an error (checks)."""
    env = ReportEnvironment(
        autoescape=True,
        undefined=StrictUndefined if strict else Missing,
        trim_blocks=False,
    )
    env.filters.update(FILTERS)
    for name in WITHHELD_GLOBALS:
        env.globals[name] = Withheld(name=name)
    return env
