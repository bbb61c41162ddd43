"""Benchmark the .odt form: export and import against plain odfpy.

``run(quick)`` returns rows ``{"operation", "ours_s", "baseline_s", "ratio",
"target", "ok"}``:

- export: :func:`export_odt` of the standard questionnaire vs a plain odfpy
  script writing the same paragraphs and tables and the same scan QR code
  (drawn by segno, as ours: its encoding, about 4 ms, is most of a plain
  export's time), without styles, controls, bookmarks or corner marks;
  target ratio <= 1.5;
- import: :func:`read_odt` of a filled form (safe zip checks, lxml parse,
  slot mapping, interpretation, unmapped text) vs odfpy's own ``load()`` plus a
  walk of the text of every paragraph; target ratio <= 1.5;
- forms per second are given in the notes.

Run: ``uv run python bench/bench_odt.py [--quick]``.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._timing import row

MAX_RATIO = 1.5


def _best(function: Callable[[], object], repeat: int) -> float:
    function()  # warm-up (imports, caches)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _plain_odfpy_export(blocks: list[Any], qr_text: str, stream: io.BytesIO) -> None:
    import segno
    from odf.draw import Frame, Image
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    from conseils_citoyens.formats.odt.layout import Para

    def text_of(para: Para) -> str:
        return " ".join(i if isinstance(i, str) else "☐" for i in para.inlines)

    doc = OpenDocumentText()
    picture = io.BytesIO()
    segno.make_qr(qr_text, error="m").save(picture, kind="png", scale=4, border=0)
    href = doc.addPicture("Pictures/qr.png", "image/png", picture.getvalue())
    frame = Frame(anchortype="paragraph", width="15mm", height="15mm")
    frame.addElement(Image(href=href))
    holder = P()
    holder.addElement(frame)
    doc.text.addElement(holder)
    for block in blocks:
        if isinstance(block, Para):
            element = H(outlinelevel=block.outline) if block.outline else P()
            element.addText(text_of(block))
            doc.text.addElement(element)
            continue
        table = Table(name=block.name)
        table.addElement(TableColumn(numbercolumnsrepeated=len(block.header)))
        for cells in (block.header, *block.rows):
            table_row = TableRow()
            for para in cells:
                cell = TableCell()
                paragraph = P()
                paragraph.addText(text_of(para))
                cell.addElement(paragraph)
                table_row.addElement(cell)
            table.addElement(table_row)
        doc.text.addElement(table)
    doc.write(stream)


def _odfpy_load_and_walk(path: Path) -> int:
    from odf import teletype, text
    from odf.opendocument import load

    with contextlib.redirect_stdout(io.StringIO()):  # odfpy prints content.xml on errors
        doc = load(str(path))
    total = 0
    for element in doc.getElementsByType(text.P) + doc.getElementsByType(text.H):
        total += len(teletype.extractText(element))
    return total


def _answers(questionnaire: Any) -> dict[str, Any]:
    """A full set of answers (every question answered), the heaviest form to import."""
    from conseils_citoyens.formats.slots import choices_of
    from conseils_citoyens.survey.questionnaire import model as m

    answers: dict[str, Any] = {}
    for question in questionnaire.questions():
        codes = [choice.code for choice in choices_of(question)]
        if isinstance(question, m.Matrix):
            answers[question.id] = {row.code: question.columns[-1].code for row in question.rows}
        elif isinstance(question, m.Ranking):
            answers[question.id] = codes[: question.top]
        elif isinstance(question, m.MultipleChoice):
            answers[question.id] = codes[: question.max_selections or 2]
        elif codes:
            answers[question.id] = codes[0]
        elif isinstance(question, m.Number):
            answers[question.id] = 3
        elif isinstance(question, m.Date):
            answers[question.id] = "2024-05-01"
        else:
            answers[question.id] = "Une réponse écrite par la personne"
    return answers


def run(quick: bool) -> list[dict[str, Any]]:
    """Measure export and import; ``quick`` uses fewer repetitions."""
    from conseils_citoyens.formats import ExportOptions
    from conseils_citoyens.formats._scanmarks import scan_qr_text
    from conseils_citoyens.formats.odt.export import export_odt
    from conseils_citoyens.formats.odt.fill import fill_odt
    from conseils_citoyens.formats.odt.importer import read_odt
    from conseils_citoyens.formats.odt.layout import form_blocks
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    repeat = 3 if quick else 15
    questionnaire = standard_questionnaire()
    options = ExportOptions()
    blocks = form_blocks(questionnaire, options)
    qr_text = scan_qr_text(questionnaire, options, "odt") or ""

    ours_export = _best(lambda: export_odt(questionnaire, io.BytesIO(), options), repeat)
    plain_export = _best(lambda: _plain_odfpy_export(blocks, qr_text, io.BytesIO()), repeat)

    answers = _answers(questionnaire)
    with tempfile.TemporaryDirectory() as folder:
        blank = io.BytesIO()
        export_odt(questionnaire, blank, options)
        filled = Path(folder) / "filled.odt"
        fill_odt(blank.getvalue(), answers, filled, questionnaire=questionnaire)

        def resolve(ref: Any, source: str) -> Any:
            return questionnaire

        ours_import = _best(lambda: read_odt(filled, resolve), repeat)
        plain_import = _best(lambda: _odfpy_load_and_walk(filled), repeat)
    return [
        row(
            "odt export, standard questionnaire",
            ours_export,
            plain_export,
            max_ratio=MAX_RATIO,
            note=f"{1 / ours_export:.0f} forms/s; baseline: plain odfpy, same texts and QR code",
        ),
        row(
            "odt import, one filled form",
            ours_import,
            plain_import,
            max_ratio=MAX_RATIO,
            note=f"{1 / ours_import:.0f} forms/s; baseline: odfpy load() + text walk",
        ),
    ]


def main() -> None:
    rows = run("--quick" in sys.argv)
    for result in rows:
        print(result)
    sys.exit(0 if all(r["ok"] for r in rows) else 1)


if __name__ == "__main__":
    main()
