"""Every Word and OpenDocument document the library writes follows French typography.

Forms (standard and easy-read), training-needs reports, diagnostic summaries and
cycle programmes: the text of each paragraph of their XML has no ordinary space
before : ; ? ! or », none after «, no straight apostrophe, no « 1er » on the line.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from conseils_citoyens.diagnostics.cycle import Cycle
from conseils_citoyens.diagnostics.model import Diagnostic
from conseils_citoyens.documents import convert
from conseils_citoyens.formats import ExportOptions, ReportOptions
from conseils_citoyens.i18n import typography_faults

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _form(fmt: str, easy_read: bool) -> bytes:
    from conseils_citoyens.survey.questionnaire.overlay import apply_overlay, load_overlay
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    questionnaire = apply_overlay(
        standard_questionnaire(), load_overlay(ROOT / "examples" / "adaptation-locale.json")
    )
    stream = io.BytesIO()
    if fmt == "docx":
        from conseils_citoyens.formats.docx.export import export_docx

        export_docx(questionnaire, stream, ExportOptions(easy_read=easy_read))
    else:
        from conseils_citoyens.formats.odt.export import export_odt

        export_odt(questionnaire, stream, ExportOptions(easy_read=easy_read))
    return stream.getvalue()


def _report(fmt: str) -> bytes:
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.formats.report import write_docx, write_odt
    from conseils_citoyens.survey.analysis import analyze
    from conseils_citoyens.survey.questionnaire.model import Response
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    questionnaire = standard_questionnaire()
    simulator = Simulator(questionnaire, seed=3)
    ref = questionnaire_ref(questionnaire)
    responses = [Response(questionnaire=ref, answers=simulator.answers()) for _ in range(40)]
    stream = io.BytesIO()
    write = write_docx if fmt == "docx" else write_odt
    write(analyze(questionnaire, responses), stream, ReportOptions(with_comments=True))
    return stream.getvalue()


def _synthesis(subject: str, fmt: str) -> bytes:
    from conseils_citoyens.formats.synthesis import REPORT_FORMATS

    obj = (
        convert.load(ROOT / "examples" / "diagnostic-exemple.json", Diagnostic)
        if subject == "diagnostic"
        else convert.load(ROOT / "examples" / "cycle-exemple.json", Cycle)
    )
    chosen = next(f for f in REPORT_FORMATS if f.subject == subject and f.name == fmt)
    stream = io.BytesIO()
    chosen.write(obj, stream, ReportOptions())
    return stream.getvalue()


DOCUMENTS: dict[str, Callable[[str], bytes]] = {
    "form": lambda fmt: _form(fmt, easy_read=False),
    "easy-read form": lambda fmt: _form(fmt, easy_read=True),
    "report": _report,
    "diagnostic": lambda fmt: _synthesis("diagnostic", fmt),
    "cycle": lambda fmt: _synthesis("cycle", fmt),
}


def paragraph_texts(data: bytes, fmt: str) -> list[str]:
    """The text of each paragraph of the document's main XML part."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(
            archive.read("word/document.xml" if fmt == "docx" else "content.xml")
        )
    if fmt == "docx":
        return ["".join(p.itertext()) for p in root.iter(f"{{{W}}}p")]
    return ["".join(p.itertext()) for p in root.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h")]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_every_paragraph_follows_french_typography(kind: str, fmt: str) -> None:
    texts = [t for t in paragraph_texts(DOCUMENTS[kind](fmt), fmt) if t.strip()]
    assert len(texts) > 10
    faults = {text: typography_faults(text) for text in texts if typography_faults(text)}
    assert faults == {}
    joined = " ".join(texts)
    assert "\u00a0" in joined or "\u202f" in joined  # the rules did apply
