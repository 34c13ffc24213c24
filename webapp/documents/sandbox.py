"""The Jinja environment every report template renders in: sandboxed, autoescaping, with the
Vietnamese formatting filters.

docxtpl uses this one environment for the body, headers, footers, footnotes and document
properties, so a template cannot reach Python internals anywhere
(``{{ ''.__class__.__mro__ }}`` raises SecurityError), and a name such as "Lê & Con <Hội>"
is written as text, never as XML.
"""

from __future__ import annotations

from jinja2 import ChainableUndefined, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from webapp import formatting

FILTERS = {
    "number": formatting.number,
    "percent": formatting.percent,
    "money": formatting.money,
    "billions": formatting.billions,
    "millions": formatting.millions,
    "date": formatting.date_short,
    "date_long": formatting.date_long,
    "words": formatting.amount_in_words,
    "money_words": formatting.money_in_words,
    "fraction": formatting.fraction,
}


class Missing(ChainableUndefined):
    """A value the records do not give (an unknown variable, an area without data): printed
    as "…", the way a hand-written report leaves a gap, so it is seen and not silently empty."""

    def __str__(self) -> str:
        return "…"

    def __html__(self) -> str:
        return "…"


def make_env(strict: bool = False) -> ImmutableSandboxedEnvironment:
    """A fresh sandboxed environment; ``strict`` makes unknown variables an error (checks)."""
    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined if strict else Missing,
        trim_blocks=False,
    )
    env.filters.update(FILTERS)
    return env
