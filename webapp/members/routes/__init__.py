"""Thin views of the members area, one module per register."""

from webapp.members.routes import (  # noqa: F401
    cadres,
    dues,
    imports,
    insurance,
    members,
    overview,
    party,
    picker,
    population,
)
