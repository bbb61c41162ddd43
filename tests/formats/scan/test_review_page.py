"""The review page speaks the reader's language and counts one zone in the singular."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conseils_citoyens.formats.scan.review import review_html
from tests.formats.scan.conftest import require_scan_extra

require_scan_extra()


def _data(decision: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "zone": "cc4_1",
        "kind": "box",
        "page": 1,
        "question_number": 4,
        "question_label": "Avez-vous déjà suivi une formation ?",
        "where": "case « Non »",
        "reason": "light",
        "message": "marque très légère",
        "message_en": "very light mark",
        "crop": None,
    }
    if decision is not None:
        item |= {"decision": decision, "decided_by": "Camille"}
    return {"responses": [], "scans": [{"form": "q 1.0, formulaire T001", "review": [item]}]}


def test_one_zone_in_french() -> None:
    page = review_html(_data(), "revue-decisions.csv", lang="fr")
    assert '<html lang="fr">' in page
    assert "<p>1 zone à vérifier, dont 1 sans décision." in page
    assert "marque très légère" in page
    assert "à décider" in page


def test_the_page_in_english() -> None:
    page = review_html(_data(), "review-decisions.csv", lang="en")
    assert '<html lang="en">' in page
    assert "<title>Scanned forms: marks to check</title>" in page
    assert "<p>1 zone to check, 1 without a decision." in page
    assert "very light mark" in page
    assert "<th>Picture</th><th>Question</th><th>Reading</th><th>Decision</th>" in page
    assert "(no picture: import with --crops)" in page
    for french in ("à vérifier", "à décider", "Lecture", "importez"):
        assert french not in page, french
    decided = review_html(_data("ticked"), "review-decisions.csv", lang="en")
    assert '<span class="done">ticked</span> (Camille)' in decided


def test_decisions_files_are_read_in_either_language(tmp_path: Path) -> None:
    """Columns in French or English (accents and case aside), words in either language;
    the key names the form, and files without one (earlier versions) name it by label."""
    from conseils_citoyens.formats.scan.importer import Decision
    from conseils_citoyens.formats.scan.review import read_decisions

    english = tmp_path / "decisions.csv"
    english.write_text(
        "Form;Key;Zone;Type;Decision;By\n"
        "q 1.0, form T001;q:abc:T001;cc1_0;box;ticked;Sam\n"
        "q 1.0, form T001;q:abc:T001;cc2_0;text;Nord;Sam\n",
        encoding="utf-8",
    )
    french = tmp_path / "decisions.json"
    french.write_text(
        '[{"formulaire": "q 1.0, formulaire T001", "Clé": "q:abc:T001", "zone": "cc1_0",'
        ' "type": "case", "Décision": "vide", "par": "Camille"},'
        ' {"formulaire": "q 1.0, formulaire T001", "zone": "cc3_0", "type": "case",'
        ' "decision": "cochée", "par": ""}]',
        encoding="utf-8",
    )
    assert read_decisions(english) == [
        Decision(form="q:abc:T001", zone="cc1_0", value="ticked", by="Sam"),
        Decision(form="q:abc:T001", zone="cc2_0", value="Nord", by="Sam"),
    ]
    assert read_decisions(french) == [
        Decision(form="q:abc:T001", zone="cc1_0", value="empty", by="Camille"),
        Decision(form="q 1.0, formulaire T001", zone="cc3_0", value="ticked", by=None),
    ]
