"""Thin views of the charity area, one module per register."""

from webapp.charity.routes import (  # noqa: F401
    beneficiaries,
    exports,
    funds,
    gifts,
    sponsorships,
    support,
)
