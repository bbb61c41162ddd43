"""French identifiers: schema patterns, Luhn checksums, QPV generations."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conseils_citoyens.council.identifiers import (
    LA_POSTE_SIREN,
    QpvGeneration,
    is_overseas_qpv,
    is_valid_siren,
    is_valid_siret,
    luhn_valid,
    qpv_departement,
    qpv_generation,
)
from conseils_citoyens.documents import schemas


def accepts(definition: str, value: Any) -> bool:
    """Validate ``value`` against one definition of common.schema.json (pattern and format)."""
    validator = schemas.build_validator(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": f"{schemas.BASE_URI}common.schema.json#/$defs/{definition}",
        }
    )
    return bool(validator.is_valid(value))


DEPARTEMENTS_OK = [
    "01",
    "09",
    "19",
    "21",
    "59",
    "95",
    "2A",
    "2B",
    "971",
    "974",
    "976",
    "978",
    "987",
]
DEPARTEMENTS_KO = ["20", "00", "96", "1", "059", "977", "979", "2C", "2a", "975 ", "100"]


@pytest.mark.parametrize("code", DEPARTEMENTS_OK)
def test_departement_codes_accepted(code: str) -> None:
    assert accepts("departement_code", code)


@pytest.mark.parametrize("code", DEPARTEMENTS_KO)
def test_departement_codes_refused(code: str) -> None:
    assert not accepts("departement_code", code)


@pytest.mark.parametrize("code", ["2A004", "2B033", "75056", "59512", "01001", "97101", "97411"])
def test_commune_codes_accepted(code: str) -> None:
    assert accepts("commune_code", code)


@pytest.mark.parametrize(
    "code", ["20004", "7505", "750560", "59 512", "97701", "2C004", "00123", "96001", "59100A"]
)
def test_commune_codes_refused(code: str) -> None:
    assert not accepts("commune_code", code)


QPV_OK = {
    "QP062001": QpvGeneration.LIST_2015,
    "QP971005": QpvGeneration.LIST_2015,
    "QP02A001": QpvGeneration.LIST_2015,
    "QP987002": QpvGeneration.LIST_2015,
    "QN07501M": QpvGeneration.LIST_2024,
    "QN05921M": QpvGeneration.LIST_2024,
    "QN02B012": QpvGeneration.LIST_2024,
    "QN97101A": QpvGeneration.OVERSEAS_2025,
    "QP978ABC": QpvGeneration.OVERSEAS_2025,
}
QPV_KO = ["QP020001", "QP62001", "QN0750M", "QN07501m", "QX062001", "qp062001", "QP0620011", ""]


@pytest.mark.parametrize(("code", "generation"), sorted(QPV_OK.items()))
def test_qpv_codes_accepted_with_their_generation(code: str, generation: QpvGeneration) -> None:
    assert accepts("qpv_code", code)
    assert qpv_generation(code) is generation


@pytest.mark.parametrize("code", QPV_KO)
def test_qpv_codes_refused(code: str) -> None:
    assert not accepts("qpv_code", code)
    assert qpv_generation(code) is None
    assert qpv_departement(code) is None


def test_qpv_departement_and_overseas() -> None:
    assert qpv_departement("QP062001") == "62"
    assert qpv_departement("QP02A001") == "2A"
    assert qpv_departement("QP971005") == "971"
    assert is_overseas_qpv("QP971005")
    assert is_overseas_qpv("QN98701A")
    assert not is_overseas_qpv("QN07501M")


SIRENS_OK = ["200093201", "356000000", "732829320", "552100554"]
SIRENS_KO = ["200093202", "12345678", "1234567890", "20009320A", "", "２００093201"]


@pytest.mark.parametrize("value", SIRENS_OK)
def test_sirens_accepted(value: str) -> None:
    assert is_valid_siren(value)
    assert accepts("siren", value)


@pytest.mark.parametrize("value", SIRENS_KO)
def test_sirens_refused(value: str) -> None:
    assert not is_valid_siren(value)
    assert not accepts("siren", value)


SIRETS_OK = ["43810295600028", "80123456700015", "55210055400013", "35600000000015"]
SIRETS_KO = ["43810295600029", "4381029560002", "438102956000280", "4381029560002A"]


@pytest.mark.parametrize("value", SIRETS_OK)
def test_sirets_accepted(value: str) -> None:
    assert is_valid_siret(value)
    assert accepts("siret", value)


@pytest.mark.parametrize("value", SIRETS_KO)
def test_sirets_refused(value: str) -> None:
    assert not is_valid_siret(value)
    assert not accepts("siret", value)


def test_la_poste_sirets_follow_their_own_rule() -> None:
    # 3+5+6+0+...+4+9+3 = 30: a multiple of 5 that fails Luhn.
    sequential = "35600000049837"
    assert sum(int(c) for c in sequential) % 5 == 0
    assert not luhn_valid(sequential)
    assert is_valid_siret(sequential)
    assert accepts("siret", sequential)
    # The same digits outside La Poste's SIREN are refused.
    assert not is_valid_siret("35600100049836")
    assert not is_valid_siret(LA_POSTE_SIREN + "00049838")


def test_the_schema_refuses_a_non_string_identifier() -> None:
    assert not accepts("siren", 200093201)
    assert not accepts("siret", 43810295600028)


@pytest.mark.parametrize("value", ["W751234567", "W595004821", "W2A1234567", "W2B0000001"])
def test_rna_numbers_accepted(value: str) -> None:
    assert accepts("rna", value)


@pytest.mark.parametrize(
    "value", ["W75123456", "W7512345678", "751234567", "w751234567", "W2C1234567"]
)
def test_rna_numbers_refused(value: str) -> None:
    assert not accepts("rna", value)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_luhn_detects_every_single_digit_change(digits: str) -> None:
    completed = next(digits + d for d in "0123456789" if luhn_valid(digits + d))
    for position in range(len(completed)):
        for replacement in "0123456789":
            if replacement == completed[position]:
                continue
            changed = completed[:position] + replacement + completed[position + 1 :]
            assert not luhn_valid(changed)


def test_luhn_refuses_non_digits() -> None:
    assert not luhn_valid("")
    assert not luhn_valid("12a")
    assert not luhn_valid("٣")  # an Arabic-Indic digit is a digit for str.isdigit
