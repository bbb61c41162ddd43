"""The QR code's text: what a page says about itself."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conseils_citoyens.formats.scan.identity import PageIdentity, decode, hash_prefix
from conseils_citoyens.survey.questionnaire.model import QuestionnaireRef

REF = QuestionnaireRef(id="recensement", version="1.0", hash="sha256:" + "ab12" * 16)

_field = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20)


@given(
    token=st.none() | _field,
    council=st.none() | _field,
    page=st.integers(1, 40),
    extra=st.integers(0, 40),
)
def test_identity_round_trips(
    token: str | None, council: str | None, page: int, extra: int
) -> None:
    identity = PageIdentity.for_page(
        REF, lang="fr", page=page, pages=page + extra, token=token, council_id=council
    )
    assert decode(identity.encode()) == identity


@given(
    token=st.none() | _field, council=st.none() | _field, source=st.sampled_from(["odt", "docx"])
)
def test_form_codes_round_trip(token: str | None, council: str | None, source: str) -> None:
    identity = PageIdentity.for_form(REF, lang="en", source=source, token=token, council_id=council)
    assert decode(identity.encode()) == identity
    assert identity.page is None
    assert not identity.numbered


def test_the_header_code_names_the_form_and_the_printed_file() -> None:
    identity = PageIdentity.for_form(REF, lang="fr", source="docx", token="T|1", council_id="C1")
    assert identity.encode() == "CC2|recensement|1.0|ab12ab12ab12ab12|fr|docx|T\\|1|C1"
    assert identity.matches(REF)
    numbered = PageIdentity.for_page(REF, lang="fr", page=1, pages=3, token="T|1", council_id="C1")
    assert numbered.source == "odt"  # earlier PDF forms were the .odt printed
    assert decode("CC2|q|1.0|ab|fr|pdf||") is None  # only the files a form comes in


def test_identity_names_the_questionnaire_by_a_hash_prefix() -> None:
    identity = PageIdentity.for_page(REF, lang="fr", page=2, pages=5, token="T|1")
    assert identity.encode() == "CC1|recensement|1.0|ab12ab12ab12ab12|fr|2/5|T\\|1|"
    assert identity.matches(REF)
    other = QuestionnaireRef(id="recensement", version="1.0", hash="sha256:" + "cd34" * 16)
    assert not identity.matches(other)
    assert hash_prefix(REF.hash) == "ab12ab12ab12ab12"


def test_pages_of_one_form_share_their_key() -> None:
    first = PageIdentity.for_page(REF, lang="fr", page=1, pages=3, token="A")
    third = PageIdentity.for_page(REF, lang="fr", page=3, pages=3, token="A")
    other = PageIdentity.for_page(REF, lang="fr", page=1, pages=3, token="B")
    assert first.form_key == third.form_key != other.form_key


def test_foreign_codes_are_not_pages() -> None:
    assert decode("https://example.org") is None
    assert decode("CC1|q|1.0|ab|fr|0/5||") is None  # no page 0
    assert decode("CC1|q|1.0|ab|fr|6/5||") is None
    assert decode("CC1|q|1.0|ab|fr|2/5|") is None
    assert decode("CC2|q|1.0|ab|fr|2/5||") is None
