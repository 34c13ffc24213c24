"""The registers that can be imported and exported, by key."""

from __future__ import annotations

import enum

from webapp.imports.engine import Register
from webapp.imports.loans import LoanRegister
from webapp.imports.people import BeneficiaryRegister, CadreRegister
from webapp.imports.savings import SavingsRegister


class RegisterKind(enum.StrEnum):
    """The ``register`` argument of the import pages."""

    LOANS = "loans"
    SAVINGS = "savings"
    BENEFICIARIES = "beneficiaries"
    CADRES = "cadres"

    @property
    def label(self) -> str:
        """The msgid of the register's title (EnumField translates it when shown)."""
        return LABELS[self]


# The registers' titles, as marked in their modules (_l there): the msgids to translate.
LABELS = {
    RegisterKind.LOANS: "Danh sách vay vốn (dư nợ theo tổ)",  # vi-only
    RegisterKind.SAVINGS: "Số dư tiết kiệm theo hộ",  # vi-only
    RegisterKind.BENEFICIARIES: "Người nhận hỗ trợ",  # vi-only
    RegisterKind.CADRES: "Cán bộ Hội",  # vi-only
}


REGISTERS: dict[RegisterKind, Register] = {
    RegisterKind.LOANS: LoanRegister(),
    RegisterKind.SAVINGS: SavingsRegister(),
    RegisterKind.BENEFICIARIES: BeneficiaryRegister(),
    RegisterKind.CADRES: CadreRegister(),
}


def register_of(kind: RegisterKind | str) -> Register:
    """The register named ``kind`` (KeyError/ValueError for an unknown one)."""
    return REGISTERS[RegisterKind(kind)]
