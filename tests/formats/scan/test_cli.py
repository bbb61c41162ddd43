"""The paper-form flow from the command line: export, import scans, review, decide, import."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

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

