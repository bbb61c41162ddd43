"""French typography: no-break spaces, apostrophes, ordinals; idempotent, addresses untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conseils_citoyens.i18n import NBSP, NNBSP, typeset, typography_faults


@pytest.mark.parametrize(
    ("plain", "typeset_text"),
    [
        ("Dans quel collège êtes-vous ?", f"Dans quel collège êtes-vous{NNBSP}?"),
        ("Programme : voir si elle a marché", f"Programme{NBSP}: voir si elle a marché"),
        ("cochez « Oui »", f"cochez «{NBSP}Oui{NBSP}»"),
        ("l'avenir d'un quartier", "l\u2019avenir d\u2019un quartier"),
        ("1er choix, 2e choix, 1re fois", "1ᵉʳ choix, 2ᵉ choix, 1ʳᵉ fois"),
        ("Merci !", f"Merci{NNBSP}!"),
        ("a ; b", f"a{NNBSP}; b"),
        ("Autre (précisez) :", f"Autre (précisez){NBSP}:"),
    ],
)
def test_french_rules(plain: str, typeset_text: str) -> None:
    assert typeset(plain) == typeset_text
    assert typography_faults(plain)
    assert typography_faults(typeset_text) == []


@pytest.mark.parametrize(
    "kept",
    ["12:30", "https://exemple.fr/page?x=1", "contact@ville.fr", "S1e2", "x;y", "A4e"],
)
def test_leaves_times_addresses_and_codes_alone(kept: str) -> None:
    assert typeset(kept) == kept


def test_address_before_a_colon_still_gets_its_space() -> None:
    assert typeset("contact@ville.fr : écrire") == f"contact@ville.fr{NBSP}: écrire"


def test_english_gets_only_the_apostrophe() -> None:
    assert typeset("Don't wait: now?", "en") == "Don\u2019t wait: now?"


@given(st.text(alphabet=st.sampled_from(list("ab1e r:;?!«»'. \u00a0\u202f")), max_size=40))
def test_idempotent(text: str) -> None:
    once = typeset(text)
    assert typeset(once) == once


@given(st.text(alphabet=st.sampled_from(list("abc :;?!«»")), max_size=40))
def test_only_spaces_change(text: str) -> None:
    # Without apostrophes or ordinals, typesetting only adds or swaps spaces.
    strip = str.maketrans("", "", f" {NBSP}{NNBSP}")
    assert typeset(text).translate(strip) == text.translate(strip)
