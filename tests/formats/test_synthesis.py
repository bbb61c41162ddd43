"""Diagnostic summary and cycle programme documents, re-read and converted by LibreOffice."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import attrs
import pytest

from conseils_citoyens.diagnostics.cycle import Cycle
from conseils_citoyens.diagnostics.model import Diagnostic
from conseils_citoyens.documents import convert
from conseils_citoyens.formats import ReportFormat, ReportOptions
from conseils_citoyens.formats.synthesis import REPORT_FORMATS, register_report_formats
from tests.conftest import requires_soffice
from tests.lo import convert as lo_convert
from tests.plain_text import plain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def diagnostic() -> Diagnostic:
    return convert.load(EXAMPLES / "diagnostic-exemple.json", Diagnostic)


@pytest.fixture(scope="module")
def cycle() -> Cycle:
    return convert.load(EXAMPLES / "cycle-exemple.json", Cycle)


def _format(subject: str, name: str) -> ReportFormat:
    return next(f for f in REPORT_FORMATS if f.subject == subject and f.name == name)


def _render(subject: str, name: str, obj: Any, lang: str = "fr") -> bytes:
    stream = io.BytesIO()
    _format(subject, name).write(obj, stream, ReportOptions(lang=lang))
    return stream.getvalue()


def _docx(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


def _docx_headings(document: Any) -> list[tuple[str, str]]:
    return [
        (p.style.name, plain(p.text))
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]


def _docx_table(document: Any, first_header: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[plain(c.text) for c in row.cells] for row in table.rows]
        if rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table starting with {first_header!r}")


def _odt(data: bytes) -> Any:
    from odf import opendocument

    return opendocument.load(io.BytesIO(data))


def _odt_headings(document: Any) -> list[tuple[str, str]]:
    from odf import text
    from odf.namespaces import TEXTNS

    return [
        (h.getAttrNS(TEXTNS, "outline-level"), plain(str(h)))
        for h in document.text.getElementsByType(text.H)
    ]


def _odt_tables(document: Any) -> list[list[list[str]]]:
    from odf import table

    result = []
    for tab in document.text.getElementsByType(table.Table):
        assert tab.getElementsByType(table.TableHeaderRows), "header row not marked"
        result.append(
            [
                [
                    plain("\n".join(str(p) for p in cell.childNodes))
                    for cell in row.getElementsByType(table.TableCell)
                ]
                for row in tab.getElementsByType(table.TableRow)
            ]
        )
    return result


def test_hook_registers_four_formats() -> None:
    seen: list[ReportFormat] = []
    register_report_formats(seen.append)
    assert {(f.subject, f.name) for f in seen} == {
        ("diagnostic", "docx"),
        ("diagnostic", "odt"),
        ("cycle", "docx"),
        ("cycle", "odt"),
    }
    assert all(f.suffixes == (f".{f.name}",) for f in seen)


def test_diagnostic_docx(diagnostic: Diagnostic) -> None:
    document = _docx(_render("diagnostic", "docx", diagnostic))
    assert document.core_properties.title == diagnostic.title
    assert document.core_properties.language == "fr-FR"
    headings = _docx_headings(document)
    for expected in (
        ("Heading 1", "Présentation"),
        ("Heading 1", "Thèmes"),
        ("Heading 1", "Constats par thème"),
        ("Heading 2", "cadre de vie et renouvellement urbain"),
        ("Heading 2", "santé et accès aux soins"),
        ("Heading 1", "Défis et actions"),
        ("Heading 2", "Défi 1 : Un quartier éclairé et des halls accueillants"),
        ("Heading 2", "Défi 4 : Se soigner dans le quartier"),
    ):
        assert expected in headings
    themes = _docx_table(document, "Thème")
    assert themes[1] == ["cohésion sociale", "pilier du contrat de ville"]
    assert ["jeunesse", "axe transversal"] in themes
    assert ["santé et accès aux soins", "thème local"] in themes
    actions = _docx_table(document, "Action")
    assert actions[0] == ["Action", "Porteur", "Échéance", "Indicateur", "État"]
    assert actions[1][:3] == [
        "Diagnostic en marchant nocturne avec le bailleur",
        "Conseil citoyen de la Bourgogne",
        "30 novembre 2025",
    ]
    assert actions[1][4] == "en cours"
    participants = _docx_table(document, "Catégorie")
    assert participants[-1] == ["Total", "273"]
    all_rows = [[plain(c.text) for c in r.cells] for t in document.tables for r in t.rows]
    assert ["Besoin", "Un lieu d'accueil ouvert en soirée"] in all_rows


def test_diagnostic_odt(diagnostic: Diagnostic) -> None:
    from odf import dc

    document = _odt(_render("diagnostic", "odt", diagnostic))
    assert str(document.meta.getElementsByType(dc.Title)[0]) == diagnostic.title
    assert str(document.meta.getElementsByType(dc.Language)[0]) == "fr-FR"
    headings = _odt_headings(document)
    assert ("1", "Défis et actions") in headings
    assert ("2", "Défi 2 : Des soirées pour les 16–25 ans") in headings
    tables = _odt_tables(document)
    action_tables = [t for t in tables if t[0][0] == "Action"]
    assert len(action_tables) == len(diagnostic.defis)
    assert action_tables[1][1][0] == "Ouverture du centre social deux soirs par semaine"
    assert action_tables[1][1][2] == "1er octobre 2025"


def test_diagnostic_without_defis_or_carrier_says_so(diagnostic: Diagnostic) -> None:
    first = diagnostic.defis[0]
    loose = attrs.evolve(first.actions[0], carrier=None, deadline=None, indicator=None)
    changed = attrs.evolve(diagnostic, defis=(attrs.evolve(first, actions=(loose,)),))
    actions = _docx_table(_docx(_render("diagnostic", "docx", changed)), "Action")
    assert actions[1][1:4] == ["à désigner", "à fixer", "—"]
    empty = _docx(_render("diagnostic", "docx", attrs.evolve(diagnostic, defis=())))
    assert "Aucun défi n'est encore retenu." in [plain(p.text) for p in empty.paragraphs]


def test_cycle_docx(cycle: Cycle) -> None:
    document = _docx(_render("cycle", "docx", cycle))
    assert document.core_properties.title == cycle.title
    headings = [text for _, text in _docx_headings(document)]
    assert headings == ["Présentation", "Programme des séances", "Participation", "Pistes d'action"]
    programme = _docx_table(document, "Date")
    assert programme[0] == ["Date", "Séance", "Format", "Lieu", "Notions abordées"]
    assert programme[-1][2] == "restitution publique"
    attendance = next(
        [[c.text for c in r.cells] for r in t.rows]
        for t in document.tables
        if t.rows[0].cells[2].text == "Habitants"
    )
    assert attendance[0] == ["Date", "Séance", "Habitants", "Techniciens", "Élus", "Total"]
    assert attendance[-1] == ["", "Total", "113", "35", "9", "157"]
    leads = _docx_table(document, "Piste d'action")
    assert [row[0] for row in leads[1:]] == list(cycle.action_leads)


def test_cycle_odt(cycle: Cycle) -> None:
    document = _odt(_render("cycle", "odt", cycle))
    assert [text for _, text in _odt_headings(document)] == [
        "Présentation",
        "Programme des séances",
        "Participation",
        "Pistes d'action",
    ]
    tables = _odt_tables(document)
    assert tables[0][1][4] == "GUSP\ncontrat de ville\nqui fait quoi entre bailleur et ville"
    assert tables[1][-1] == ["", "Total", "113", "35", "9", "157"]


def test_english_programme(cycle: Cycle) -> None:
    document = _docx(_render("cycle", "docx", cycle, lang="en"))
    assert next(t for _, t in _docx_headings(document)) == "Overview"
    assert document.core_properties.language == "en-GB"


def test_no_sessions_yet(cycle: Cycle) -> None:
    document = _docx(_render("cycle", "docx", attrs.evolve(cycle, sessions=())))
    texts = [plain(p.text) for p in document.paragraphs]
    assert "Aucune séance n'est encore prévue." in texts
    assert "Aucune piste d'action n'est encore enregistrée." in texts
    assert document.tables == []


@requires_soffice
@pytest.mark.soffice
@pytest.mark.parametrize("name", ["docx", "odt"])
def test_libreoffice_renders_the_diagnostic(
    tmp_path: Path, diagnostic: Diagnostic, name: str
) -> None:
    source = tmp_path / f"fiche.{name}"
    source.write_bytes(_render("diagnostic", name, diagnostic))
    pdf = lo_convert(source, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 10_000
    # No pdftotext here: LibreOffice's own text export proves what it read and rendered.
    text = plain(
        lo_convert(source, "txt:Text (encoded):UTF8", tmp_path / "txt").read_text("utf-8-sig")
    )
    assert diagnostic.title in text
    for defi in diagnostic.defis:
        assert defi.label in text
        for action in defi.actions:
            assert action.label in text


@requires_soffice
@pytest.mark.soffice
@pytest.mark.parametrize("name", ["docx", "odt"])
def test_libreoffice_renders_the_programme(tmp_path: Path, cycle: Cycle, name: str) -> None:
    source = tmp_path / f"programme.{name}"
    source.write_bytes(_render("cycle", name, cycle))
    pdf = lo_convert(source, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = plain(
        lo_convert(source, "txt:Text (encoded):UTF8", tmp_path / "txt").read_text("utf-8-sig")
    )
    assert cycle.title in text
    for lead in cycle.action_leads:
        assert lead in text


@requires_soffice
@pytest.mark.soffice
def test_odt_headings_become_word_headings(tmp_path: Path, diagnostic: Diagnostic) -> None:
    source = tmp_path / "fiche.odt"
    source.write_bytes(_render("diagnostic", "odt", diagnostic))
    document = _docx(lo_convert(source, "docx", tmp_path / "docx").read_bytes())
    assert ("Heading 1", "Défis et actions") in _docx_headings(document)
    from docx.oxml.ns import qn

    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in document.tables)
