"""Thin views of the members area, one module per register."""

from webapp.members.routes import (  # noqa: F401
    cadres,
    dues,
    exports,
    imports,
    insurance,
    members,
    overview,
    party,
    picker,
    population,
)
