"""Thin views of the loans area, one module per part."""

from webapp.loans.routes import (  # noqa: F401
    admin,
    exports,
    grid,
    ledger,
    portfolio,
    registers,
    rotating,
    statements,
)
