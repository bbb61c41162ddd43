"""Word forms: export and import against plain python-docx doing the same work.

Run ``uv run python -m bench --only docx`` (or ``python bench/bench_docx.py [--quick]``).

- export of the standard questionnaire vs a python-docx script writing the same
  paragraphs and tables (same texts, a ☐ character where we put a control),
  without content controls, bookmarks or properties. Target ≤ 1.5x.
- import of one filled form (safe reader, every control mapped, answers and
  unmapped text) vs python-docx's ``Document(path)`` plus a walk over every
  paragraph's text. Target ≤ 1.5x. Forms per second are given in the note.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench._timing import best_of, row
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.docx.export import Grid, Para, WriteBox, export_docx, layout
from conseils_citoyens.formats.docx.fill import fill_docx
from conseils_citoyens.formats.docx.importer import read_form
from conseils_citoyens.formats.slots import choices_of
from conseils_citoyens.survey.questionnaire.model import (
    LongText,
    Matrix,
    MultipleChoice,
    Questionnaire,
    QuestionnaireRef,
    Scale,
    ShortText,
    SingleChoice,
    YesNo,
)
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

MAX_RATIO = 1.5

_STYLE_NAMES = {"Title": "Title", "Heading1": "Heading 1"}


def _baseline_export(questionnaire: Questionnaire) -> bytes:
    """Plain python-docx: the same paragraphs and tables, no controls."""
    import docx

    document = docx.Document()
    for block in layout(questionnaire, ExportOptions()):
        if isinstance(block, Para):
            text = "".join(p if isinstance(p, str) else "☐" for p in block.parts)
            document.add_paragraph(text, style=_STYLE_NAMES.get(block.style))
        elif isinstance(block, Grid):
            table = document.add_table(rows=len(block.rows) + 1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for table_row, (label, fields) in zip(table.rows[1:], block.rows, strict=True):
                cells = table_row.cells
                cells[0].text = label
                for cell, _field in zip(cells[1:], fields, strict=True):
                    cell.text = "☐"
        elif isinstance(block, WriteBox):
            table = document.add_table(rows=1, cols=1)
            table.style = "Table Grid"
            table.rows[0].cells[0].text = block.field.placeholder
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _ours_export(questionnaire: Questionnaire) -> bytes:
    stream = io.BytesIO()
    export_docx(questionnaire, stream, ExportOptions())
    return stream.getvalue()


def _baseline_import(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    total = 0
    for paragraph in document.paragraphs:
        total += len(paragraph.text)
    for table in document.tables:
        for table_row in table.rows:
            for cell in table_row.cells:
                for paragraph in cell.paragraphs:
                    total += len(paragraph.text)
    return total


def _answers(questionnaire: Questionnaire) -> dict[str, Any]:
    """Plausible answers: one choice per choice question, a fifth of matrix cells, texts."""
    rng = random.Random(7)
    answers: dict[str, Any] = {}
    for question in questionnaire.questions():
        codes = [choice.code for choice in choices_of(question)]
        if isinstance(question, SingleChoice | YesNo | Scale):
            answers[question.id] = rng.choice(codes)
        elif isinstance(question, MultipleChoice):
            answers[question.id] = sorted(rng.sample(codes, k=min(2, len(codes))), key=codes.index)
        elif isinstance(question, Matrix):
            answers[question.id] = {
                row.code: rng.choice(question.columns).code
                for row in question.rows
                if rng.random() < 0.2
            }
        elif isinstance(question, ShortText | LongText):
            answers[question.id] = "Réponse écrite à la main, puis saisie."
    return {k: v for k, v in answers.items() if v}


def run(quick: bool) -> list[dict[str, Any]]:
    """Measure export and import; return result rows."""
    questionnaire = standard_questionnaire()
    repeat = 3 if quick else 7
    # warm up imports and caches on both sides
    _ours_export(questionnaire)
    _baseline_export(questionnaire)
    ours = best_of(lambda: _ours_export(questionnaire), repeat=repeat)
    baseline = best_of(lambda: _baseline_export(questionnaire), repeat=repeat)
    rows = [
        row(
            f"docx export, standard questionnaire ({sum(1 for _ in questionnaire.questions())} questions)",
            ours,
            baseline,
            max_ratio=MAX_RATIO,
            note=f"{1 / ours:.0f} forms/s",
        )
    ]
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "vierge.docx"
        blank.write_bytes(_ours_export(questionnaire))
        filled = Path(tmp) / "rempli.docx"
        fill_docx(blank, _answers(questionnaire), filled, questionnaire=questionnaire)

        def resolve(ref: QuestionnaireRef, source: str) -> Questionnaire:
            return questionnaire

        form = read_form(filled, resolve)
        if form.answers != _answers(questionnaire) or form.problems or form.unmapped:
            raise AssertionError(f"the benchmark form does not read back: {form}")
        read_form(filled, resolve)
        _baseline_import(filled)
        ours = best_of(lambda: read_form(filled, resolve), repeat=repeat, number=5)
        baseline = best_of(lambda: _baseline_import(filled), repeat=repeat, number=5)
        rows.append(
            row(
                "docx import, one filled form",
                ours,
                baseline,
                max_ratio=MAX_RATIO,
                note=f"{1 / ours:.0f} forms/s",
            )
        )
    return rows


if __name__ == "__main__":
    for result in run("--quick" in sys.argv):
        print(result)
