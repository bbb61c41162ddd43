"""Forms filled inside LibreOffice itself, saved along every path a person can take.

LibreOffice (through its Python bridge, UNO) ticks boxes and types texts with
accents, several lines, numbers and dates, then saves the form as .docx or
.odt, and again in the other format. Every answer must come back as it was
typed, or the file must be « importé avec problèmes » naming the question;
person-like edits (an X typed next to a box, a deleted matrix row, tracked
changes, a comment typed at the end) are reported, never mistaken for answers.

One LibreOffice process runs every file of the module (``tests/uno_person.py``).
Skipped where LibreOffice or its bridge (``python3-uno``) is absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.docx.export import export_docx
from conseils_citoyens.formats.odt.export import export_odt
from conseils_citoyens.formats.slots import SlotKind, form_slots, slot_values_from_answers
from conseils_citoyens.survey.imports import Outcome, QuestionnaireCatalogue, import_forms
from tests.conftest import soffice_path
from tests.docx_sample import SAMPLE
from tests.pdf_pages import phrase_colors

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).parent.parent / "uno_person.py"


def _uno_available() -> bool:
    if soffice_path() is None or not Path(SYSTEM_PYTHON).exists():
        return False
    check = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60, check=False
    )
    return check.returncode == 0


pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(
        not _uno_available(), reason="LibreOffice or its Python bridge (python3-uno) absent"
    ),
]

#: Answers as a person gives them: accents, several lines, a decimal comma, a French date.
ANSWERS: dict[str, Any] = {
    "college": "other",
    "college.other": "Habitante relais, quartier de l'Épine",
    "trained": "yes",
    "formats": ["ligne", "other"],
    "formats.other": "Visio le midi",
    "years": 12,
    "hours": 2.5,
    "since": "2024-03-01",
    "topics": {"politique_ville": "high", "budget": "none", "prise_parole": "mid"},
    "priorities": ["c", "a", "d"],
    "satisfaction": "mid",
    "name_group": "Cadre de vie — Tourcoing",
    "comments": "Première ligne : visite du chantier en 2023.\n"
    "Deuxième ligne, « entre guillemets ».\nTroisième : 45 % d'accord.",
}
#: What the person types where the answer is not typed as stored.
TYPED = {"since": "01/03/2024"}

PATHS = {
    "docx-docx": ("docx", ["docx"]),
    "docx-odt": ("docx", ["odt"]),
    "odt-odt": ("odt", ["odt"]),
    "odt-docx": ("odt", ["docx"]),
    "docx-odt-docx": ("docx", ["odt", "docx"]),
    "odt-docx-odt": ("odt", ["docx", "odt"]),
}


#: Some answers typed, the other answer boxes left showing their placeholder.
PARTIAL: dict[str, Any] = {
    "college": "other",
    "college.other": "Habitante relais",
    "name_group": "Cadre de vie — Tourcoing",
    "comments": "Première ligne du commentaire.\nDeuxième ligne du commentaire.",
}
#: The form filled in LibreOffice, saved, opened again and printed (the last step).
PRINTS = {
    "print-odt": ("odt", ["odt", "pdf"]),
    "print-odt-docx": ("odt", ["docx", "pdf"]),
    "print-odt-docx-odt": ("odt", ["docx", "odt", "pdf"]),
    "print-odt-easy-read": ("odt-easy-read", ["odt", "pdf"]),
}
BLACK = (0, 0, 0)
PLACEHOLDER_GREY = (0x76, 0x76, 0x76)


def _fill_spec(answers: dict[str, Any]) -> dict[str, Any]:
    ticks: list[str] = []
    texts: dict[str, str] = {}
    for slot, value in slot_values_from_answers(SAMPLE, answers).items():
        if slot.kind is SlotKind.CHECK and value is True:
            ticks.append(slot.bookmark)
        elif slot.kind is SlotKind.TEXT and isinstance(value, str) and value:
            typed = TYPED.get(slot.question_id) if not slot.other else None
            texts[slot.bookmark] = typed or value
    return {"ticks": ticks, "texts": texts}


def _bookmark(question_id: str, index: int = 0) -> str:
    return next(
        s.bookmark for s in form_slots(SAMPLE) if s.question_id == question_id and s.index == index
    )


#: Person-like edits: (name, source format, fill additions, edits).
EDITS: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "x-docx": ("docx", {}, {"x_after": [_bookmark("trained", 1)]}),
    "x-odt": ("odt", {}, {"x_after": [_bookmark("trained", 1)]}),
    "row-docx": ("docx", {}, {"delete_rows": [_bookmark("topics", 4)]}),
    "row-odt": ("odt", {}, {"delete_rows": [_bookmark("topics", 4)]}),
    "tracked-docx": ("docx", {"record_changes": True}, {}),
    "tracked-odt": ("odt", {"record_changes": True}, {}),
    "end-docx": ("docx", {}, {"typed_at_end": "Merci, à bientôt !"}),
    "end-odt": ("odt", {}, {"typed_at_end": "Merci, à bientôt !"}),
}


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every form of the module, filled and saved by one LibreOffice run."""
    root = tmp_path_factory.mktemp("libreoffice")
    blanks = {"docx": root / "blank.docx", "odt": root / "blank.odt"}
    with blanks["docx"].open("wb") as handle:
        export_docx(SAMPLE, handle, ExportOptions())
    with blanks["odt"].open("wb") as handle:
        export_odt(SAMPLE, handle, ExportOptions())
    blanks["odt-easy-read"] = root / "blank-easy-read.odt"
    with blanks["odt-easy-read"].open("wb") as handle:
        export_odt(SAMPLE, handle, ExportOptions(easy_read=True))
    fill = _fill_spec(ANSWERS)
    jobs: list[dict[str, Any]] = []
    outputs: dict[str, Path] = {}
    for name, (source, formats) in PATHS.items():
        steps = [str(root / f"{name}-{n}.{fmt}") for n, fmt in enumerate(formats)]
        jobs.append({"source": str(blanks[source]), "steps": steps, "fill": fill})
        outputs[name] = Path(steps[-1])
    for name, (source, extra, edit) in EDITS.items():
        target = str(root / f"{name}.{source}")
        jobs.append(
            {
                "source": str(blanks[source]),
                "steps": [target],
                "fill": {**fill, **extra},
                "edit": edit,
            }
        )
        outputs[name] = Path(target)
    for name, (source, formats) in PRINTS.items():
        steps = [str(root / f"{name}-{n}.{fmt}") for n, fmt in enumerate(formats)]
        jobs.append({"source": str(blanks[source]), "steps": steps, "fill": _fill_spec(PARTIAL)})
        outputs[name] = Path(steps[-1])
        outputs[f"{name}:saved"] = Path(steps[-2])
    spec = root / "jobs.json"
    profile = Path(f"/tmp/lo-person-{uuid.uuid4().hex}")
    spec.write_text(json.dumps({"profile": str(profile), "jobs": jobs}), encoding="utf-8")
    try:
        run = subprocess.run(
            [SYSTEM_PYTHON, str(SCRIPT), str(spec)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout)
    failed = [
        (job["steps"][-1], r["error"]) for job, r in zip(jobs, results, strict=True) if not r["ok"]
    ]
    assert not failed, failed
    return outputs


def _import(path: Path) -> Any:
    result = import_forms([path], QuestionnaireCatalogue([SAMPLE]))
    (outcome,) = result.outcomes
    return outcome


@pytest.mark.parametrize("path_name", list(PATHS))
def test_every_answer_typed_in_libreoffice_comes_back(
    saved: dict[str, Path], path_name: str
) -> None:
    outcome = _import(saved[path_name])
    assert outcome.response is not None, [p.message for p in outcome.problems]
    answers = dict(outcome.response.answers)
    for key, value in ANSWERS.items():
        assert answers.get(key) == value, (path_name, key)
    assert set(answers) == set(ANSWERS)
    assert outcome.problems == (), [p.message for p in outcome.problems]
    assert outcome.unmapped == ()
    assert outcome.outcome is Outcome.IMPORTED


def _others_intact(outcome: Any, *, but: str | None = None) -> None:
    assert outcome.response is not None
    answers = dict(outcome.response.answers)
    for key, value in ANSWERS.items():
        if key != but:
            assert answers.get(key) == value, key


@pytest.mark.parametrize("name", ["x-docx", "x-odt"])
def test_an_x_typed_next_to_a_box_is_reported(saved: dict[str, Path], name: str) -> None:
    outcome = _import(saved[name])
    _others_intact(outcome)
    assert outcome.outcome is Outcome.IMPORTED_WITH_PROBLEMS
    assert any("X" in text and "Non" in text for text in outcome.unmapped), outcome.unmapped
    marks = [p for p in outcome.problems if p.code == "form.mark_beside_box"]
    assert [p.path for p in marks] == ["$.answers.trained"]
    assert "question 2" in marks[0].message


@pytest.mark.parametrize("name", ["row-docx", "row-odt"])
def test_a_deleted_matrix_row_is_reported(saved: dict[str, Path], name: str) -> None:
    outcome = _import(saved[name])
    _others_intact(outcome, but="topics")
    assert outcome.response is not None
    assert outcome.response.answers["topics"] == {"politique_ville": "high", "prise_parole": "mid"}
    assert outcome.outcome is Outcome.IMPORTED_WITH_PROBLEMS
    missing = [p for p in outcome.problems if p.code == "form.slot_missing"]
    assert [p.path for p in missing] == ["$.answers.topics"]
    assert "question 7" in missing[0].message


@pytest.mark.parametrize("name", ["tracked-docx", "tracked-odt"])
def test_tracked_changes_read_as_the_document_shows(saved: dict[str, Path], name: str) -> None:
    outcome = _import(saved[name])
    _others_intact(outcome)
    assert outcome.problems == (), [p.message for p in outcome.problems]
    assert outcome.unmapped == ()


@pytest.mark.parametrize("name", ["end-docx", "end-odt"])
def test_a_comment_typed_at_the_end_is_reported(saved: dict[str, Path], name: str) -> None:
    outcome = _import(saved[name])
    _others_intact(outcome)
    assert outcome.unmapped == ("Merci, à bientôt !",)
    assert outcome.outcome is Outcome.IMPORTED_WITH_PROBLEMS


@pytest.mark.parametrize("name", list(PRINTS))
def test_text_typed_in_libreoffice_is_in_the_text_colour(saved: dict[str, Path], name: str) -> None:
    """A person types over « Écrivez ici »: the answer prints black, untouched boxes stay grey."""
    pdf = saved[name]
    typed = [
        PARTIAL["college.other"],
        PARTIAL["name_group"],
        *PARTIAL["comments"].split("\n"),
    ]
    for phrase in typed:
        colors = phrase_colors(pdf, phrase)
        assert colors == [{BLACK}], (phrase, colors)
    # the boxes left alone still show their placeholder in grey
    for placeholder in ("Écrivez ici", "Nombre", "JJ/MM/AAAA"):
        colors = phrase_colors(pdf, placeholder)
        assert {PLACEHOLDER_GREY} in colors, (placeholder, colors)
    # and the saved form gives back exactly what was typed
    outcome = _import(saved[f"{name}:saved"])
    assert outcome.problems == (), [p.message for p in outcome.problems]
    assert outcome.response is not None
    assert dict(outcome.response.answers) == PARTIAL
