"""French identifiers: checksums and classification that patterns alone cannot express.

The patterns themselves live in ``schemas/common.schema.json`` (the public
contract); this module adds what JSON Schema cannot say: Luhn checksums of
SIREN/SIRET numbers and which QPV list a code belongs to.
"""

from __future__ import annotations

import enum
import re
from typing import Final

#: SIREN of La Poste, whose establishments' SIRET numbers follow their own rule.
LA_POSTE_SIREN: Final = "356000000"


def luhn_valid(digits: str) -> bool:
    """Return True when a string of digits passes the Luhn checksum."""
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_siren(value: str) -> bool:
    """Return True for 9 digits with a valid Luhn checksum."""
    return len(value) == 9 and luhn_valid(value)


def is_valid_siret(value: str) -> bool:
    """Return True for 14 digits with a valid checksum (La Poste's rule included)."""
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        # La Poste numbers its establishments sequentially: the SIRET is valid
        # when the sum of its digits is a multiple of 5 (INSEE's documented rule).
        return sum(int(c) for c in value) % 5 == 0 or luhn_valid(value)
    return luhn_valid(value)


class QpvGeneration(enum.Enum):
    """Which official list a QPV code comes from."""

    LIST_2015 = "2015"
    LIST_2024 = "2024"
    OVERSEAS_2025 = "2025_overseas"


# Compiled on first use (``re`` keeps them): most codes need only one or two of them.
_DEPT3: Final = r"(?:0(?:0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5])|97[1-6]|978|987)"
_QPV_2015: Final = rf"QP{_DEPT3}[0-9]{{3}}"
_QPV_2024: Final = rf"QN{_DEPT3}[0-9]{{2}}[A-Z0-9]"
_QPV_OVERSEAS_LENIENT: Final = r"Q[NP]9[78][0-9][A-Z0-9]{3}"


def qpv_generation(code: str) -> QpvGeneration | None:
    """Return the list a QPV code belongs to, or None when the format is unknown.

    Overseas codes of the 2025 list have an unverified format: any ``QN97x...``
    code is classified as such; ``QP97x`` codes with three digits are the 2015 list.
    """
    if re.fullmatch(_QPV_2015, code):
        return QpvGeneration.LIST_2015
    if re.fullmatch(_QPV_2024, code):
        return QpvGeneration.OVERSEAS_2025 if code.startswith("QN9") else QpvGeneration.LIST_2024
    if re.fullmatch(_QPV_OVERSEAS_LENIENT, code):
        return QpvGeneration.OVERSEAS_2025
    return None


def qpv_departement(code: str) -> str | None:
    """Return the département code of a QPV code (``QP062001`` -> ``62``), or None."""
    if qpv_generation(code) is None:
        return None
    dept3 = code[2:5]
    return dept3[1:] if dept3.startswith("0") else dept3


def is_overseas_qpv(code: str) -> bool:
    """Return True for a QPV located in an overseas département or collectivité."""
    return code[2:4] in {"97", "98"}
