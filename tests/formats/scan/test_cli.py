"""The paper-form flow from the command line: export, import scans, review, decide, import."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from conseils_citoyens.cli import main
from conseils_citoyens.formats.scan import synthetic
from conseils_citoyens.formats.scan.geometry import load_geometry
from conseils_citoyens.plugins import isolated_plugins
from tests.formats.scan.conftest import Printed, require_scan_extra

require_scan_extra()


def _run(*args: str) -> object:
    with isolated_plugins():
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_export_import_review_decide(printed: Printed, tmp_path: Path) -> None:
    del printed  # only for its skip when LibreOffice is absent
    form, boxes = tmp_path / "form.pdf", tmp_path / "boxes.json"
    result = _run("questionnaire", "export", "-o", str(form), "--geometry", str(boxes))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    geometry = load_geometry(json.loads(boxes.read_text(encoding="utf-8")))
    summary = f"position de {len(geometry.zones)} zones sur {geometry.pages} pages"
    assert summary in result.output  # type: ignore[attr-defined]
    assert len(geometry.zones) == 144
    marks = {zone.bookmark: "empty" for zone in geometry.zones}
    marks.update({"cc1_0": "tick", "cc3_1": "filled", "cc2_0": "text"})
    rng = random.Random(2)
    style = synthetic.ScanStyle(dpi=200, rotation=2.5, colour=True)
    pages = synthetic.scan_form(form.read_bytes(), geometry, marks, rng, style=style)
    scans = tmp_path / "scans.pdf"
    scans.write_bytes(synthetic.to_pdf(pages))
    responses = tmp_path / "reponses.json"

    result = _run("responses", "import", str(scans), "-o", str(responses))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert "case noircie en entier (cochée ou raturée ?)" in output
    assert "texte manuscrit à saisir" in output
    data = json.loads(responses.read_text(encoding="utf-8"))
    assert data["responses"][0]["answers"] == {"college": "residents"}
    crops = tmp_path / "reponses-images"
    assert len(list(crops.glob("*.png"))) == 2

    page = tmp_path / "revue.html"
    result = _run("responses", "review", str(responses), "-o", str(page))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "2 zones à vérifier, dont 2 sans décision" in result.output  # type: ignore[attr-defined]
    html = page.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2
    decisions = tmp_path / "revue-decisions.csv"
    rows = list(csv.DictReader(decisions.open(encoding="utf-8-sig"), delimiter=";"))
    assert [(r["zone"], r["type"], r["decision"]) for r in rows] == [
        ("cc2_0", "texte", ""),
        ("cc3_1", "case", ""),
    ]
    rows[0]["decision"], rows[0]["par"] = "Quartier <b>Nord</b>", "Agent A"
    rows[1]["decision"], rows[1]["par"] = "cochée", "Agent A"
    with decisions.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)

    result = _run(
        "responses", "import", str(scans), "-o", str(responses),
        "--decisions", str(decisions), "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(responses.read_text(encoding="utf-8"))
    assert data["responses"][0]["answers"] == {
        "college": "residents",
        "conseil": "Quartier <b>Nord</b>",
        "anciennete": "y1_2",
    }
    audit = data["scans"][0]["review"]
    assert [(a["zone"], a["decision"], a["decided_by"]) for a in audit] == [
        ("cc2_0", "Quartier <b>Nord</b>", "Agent A"),
        ("cc3_1", "ticked", "Agent A"),
    ]
    result = _run("responses", "review", str(responses), "-o", str(page), "--force")
    assert "2 zones à vérifier, toutes décidées (décisions dans" in result.output  # type: ignore[attr-defined]
    assert "Quartier &lt;b&gt;Nord&lt;/b&gt;" in page.read_text(encoding="utf-8")


def test_a_bad_decision_is_refused_whole(printed: Printed, tmp_path: Path) -> None:
    del printed
    decisions = tmp_path / "d.csv"
    decisions.write_text(
        "formulaire;zone;type;decision;par\nF;cc1_0;case;peut-être;A\n", encoding="utf-8"
    )
    scan = tmp_path / "s.png"
    scan.write_bytes(b"")
    result = _run(
        "responses", "import", str(scan), "-o", str(tmp_path / "r.json"),
        "--decisions", str(decisions),
    )  # fmt: skip
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "écrivez « cochée » ou « vide »" in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / "r.json").exists()


def test_the_easy_read_form_is_not_printed_for_scanning(tmp_path: Path) -> None:
    form = tmp_path / "form.pdf"
    result = _run("questionnaire", "export", "-o", str(form), "--easy-read")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "« facile à lire »" in result.output  # type: ignore[attr-defined]
    assert "formulaire ordinaire" in result.output  # type: ignore[attr-defined]
    assert not form.exists()


def test_review_of_responses_without_scans_says_there_is_nothing_to_check(tmp_path: Path) -> None:
    responses = tmp_path / "reponses.json"
    responses.write_text('{"responses": []}', encoding="utf-8")
    result = _run("responses", "review", str(responses), "-o", str(tmp_path / "revue.html"))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "aucune zone à vérifier (ni marque douteuse ni texte manuscrit dans" in (
        result.output  # type: ignore[attr-defined]
    )
    result = _run(
        "--lang", "en", "responses", "review", str(responses),
        "-o", str(tmp_path / "review.html"),
    )  # fmt: skip
    assert "no zone to check" in result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("review_lang", "import_lang", "suffix"),
    [("en", "fr", ".csv"), ("fr", "en", ".json")],
    ids=str,
)
def test_decisions_taken_in_one_language_complete_an_import_in_the_other(
    printed: Printed, tmp_path: Path, review_lang: str, import_lang: str, suffix: str
) -> None:
    """Forms and columns are named in the run's language, decisions are keyed on the
    form's identity: a review done in one language completes an import in the other,
    and a decisions file of the earlier version (French columns, forms by their
    French label) is still read."""
    del printed
    english = review_lang == "en"
    form, boxes = tmp_path / "form.pdf", tmp_path / "boxes.json"
    result = _run(
        "questionnaire", "export", "--lang", "fr", "--token", "T001",
        "-o", str(form), "--geometry", str(boxes),
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    (form,) = tmp_path.glob("form*.pdf")
    (boxes,) = tmp_path.glob("boxes*.json")
    geometry = load_geometry(json.loads(boxes.read_text(encoding="utf-8")))
    marks = {zone.bookmark: "empty" for zone in geometry.zones}
    marks.update({"cc1_0": "tick", "cc3_1": "filled", "cc2_0": "text"})
    style = synthetic.ScanStyle(dpi=200, rotation=-1.5)
    pages = synthetic.scan_form(form.read_bytes(), geometry, marks, random.Random(3), style=style)
    scans = tmp_path / "scans.pdf"
    scans.write_bytes(synthetic.to_pdf(pages))
    responses = tmp_path / "responses.json"

    result = _run("--lang", review_lang, "responses", "import", str(scans), "-o", str(responses))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    label = "form T001" if english else "formulaire T001"
    assert label in output
    if english:
        assert "formulaire T001" not in output
        assert "box inked over entirely (ticked or crossed out?)" in output
    page, decisions = tmp_path / "review.html", tmp_path / f"decisions{suffix}"
    result = _run(
        "--lang", review_lang, "responses", "review", str(responses),
        "-o", str(page), "--decisions", str(decisions),
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert label in page.read_text(encoding="utf-8")
    if english:
        assert "How long have you been a member" in page.read_text(encoding="utf-8")
    if suffix == ".json":
        rows = json.loads(decisions.read_text(encoding="utf-8"))
    else:
        rows = list(csv.DictReader(decisions.open(encoding="utf-8-sig"), delimiter=";"))
    columns = ("form", "key", "type", "decision", "by") if english else (
        "formulaire", "clé", "type", "decision", "par"
    )  # fmt: skip
    form_column, key_column, kind_column, decision_column, by_column = columns
    assert [(r["zone"], r[kind_column], r[form_column]) for r in rows] == [
        ("cc2_0", "text" if english else "texte", f"recensement-besoins-formation 1.0, {label}"),
        ("cc3_1", "box" if english else "case", f"recensement-besoins-formation 1.0, {label}"),
    ]
    assert {r[key_column] for r in rows} == {rows[0][key_column]}
    assert "T001" in rows[0][key_column]
    assert "formulaire" not in rows[0][key_column]
    rows[0][decision_column], rows[0][by_column] = "Quartier Nord", "Agent A"
    rows[1][decision_column], rows[1][by_column] = "ticked" if english else "cochée", "Agent A"
    if suffix == ".json":
        decisions.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    else:
        with decisions.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
    complete = {"college": "residents", "conseil": "Quartier Nord", "anciennete": "y1_2"}

    result = _run(
        "--lang", import_lang, "responses", "import", str(scans), "-o", str(responses),
        "--decisions", str(decisions), "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(responses.read_text(encoding="utf-8"))
    assert data["responses"][0]["answers"] == complete
    assert [(a["zone"], a["decision"], a["decided_by"]) for a in data["scans"][0]["review"]] == [
        ("cc2_0", "Quartier Nord", "Agent A"),
        ("cc3_1", "ticked", "Agent A"),
    ]

    # A decisions file written by the earlier version: French columns, the form by its
    # French label, no key.
    legacy = tmp_path / "legacy.csv"
    legacy.write_text(
        "formulaire;zone;type;page;question;endroit;lecture;image;decision;par\r\n"
        "recensement-besoins-formation 1.0, formulaire T001;cc2_0;texte;1;2. ;;;;"
        "Quartier Nord;Agent B\r\n"
        "recensement-besoins-formation 1.0, formulaire T001;cc3_1;case;1;3. ;;;;cochée;Agent B\r\n",
        encoding="utf-8",
    )
    result = _run(
        "--lang", import_lang, "responses", "import", str(scans), "-o", str(responses),
        "--decisions", str(legacy), "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(responses.read_text(encoding="utf-8"))
    assert data["responses"][0]["answers"] == complete
