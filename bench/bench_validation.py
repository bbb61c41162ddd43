"""Benchmark: response validation through our API against a bare jsonschema validator.

``run(quick)`` returns rows ``{"operation", "ours_s", "baseline_s", "ratio",
"target", "ok"}``. Targets: validating responses costs at most 1.3x a bare,
reused ``Draft202012Validator`` on the same schema and data; assembling the
standard questionnaire with an overlay takes less than 50 ms, and so does
building it as a territory does (:func:`conseils_citoyens.survey.workflow.build_questionnaire`
with the example plugin ``plugins/agglo-exemple`` and ``examples/adaptation-locale.json``).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._timing import row
from conseils_citoyens.documents import schemas
from conseils_citoyens.survey.questionnaire.assembly import assemble
from conseils_citoyens.survey.questionnaire.conditions import choice_options, relevant
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    ShortText,
    SingleChoice,
)
from conseils_citoyens.survey.questionnaire.responses import response_schema, validate_response
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

VALIDATION_TARGET = 1.3
ROOT = Path(__file__).resolve().parents[1]
PLUGIN_SRC = ROOT / "plugins" / "agglo-exemple" / "src"
EXAMPLE_OVERLAY = ROOT / "examples" / "adaptation-locale.json"
ASSEMBLY_TARGET_S = 0.050

OVERLAY: dict[str, Any] = {
    "id": "bench",
    "contact": {"fr": "Mairie, 03 20 00 00 00"},
    "hide": ["humeur"],
    "add_questions": [
        {
            "section": "vous",
            "after": "conseil",
            "questions": [{"id": "quartier", "type": "short_text", "label": {"fr": "Quartier ?"}}],
        }
    ],
    "add_choices": [
        {"question": "themes", "choices": [{"code": "jardins", "label": {"fr": "Jardins"}}]}
    ],
}


def _value(question: Any, rng: random.Random) -> Any:
    codes = [option.code for option in choice_options(question)]
    if isinstance(question, MultipleChoice):
        high = question.max_selections or len(codes)
        return rng.sample(codes, rng.randint(1, high))
    if isinstance(question, Ranking):
        return rng.sample(codes, rng.randint(1, question.top))
    if isinstance(question, Matrix):
        rows = rng.sample([row.code for row in question.rows], rng.randint(1, len(question.rows)))
        return {row: rng.choice(codes) for row in rows}
    if codes:
        return rng.choice(codes)
    if isinstance(question, ShortText | LongText):
        return "Réponse libre " * rng.randint(1, 5)
    if isinstance(question, Number):
        return rng.randint(0, 10)
    return f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"


def valid_response(q: Questionnaire, rng: random.Random) -> dict[str, Any]:
    """Return a random valid response to ``q`` (conditions respected)."""
    answers: dict[str, Any] = {}
    for question in q.questions():
        if relevant(question, answers, q) and (question.required or rng.random() < 0.7):
            value = _value(question, rng)
            answers[question.id] = value
            chose_other = value == OTHER_CODE or (isinstance(value, list) and OTHER_CODE in value)
            if (
                isinstance(question, SingleChoice | MultipleChoice)
                and question.other
                and chose_other
            ):
                answers[f"{question.id}.other"] = "Autre chose"
    ref = questionnaire_ref(q)
    return {
        "questionnaire": {"id": ref.id, "version": ref.version, "hash": ref.hash},
        "answers": answers,
    }


def invalid_response(q: Questionnaire, rng: random.Random) -> dict[str, Any]:
    """Return a response with three problems: too many choices, unknown code and question."""
    data = valid_response(q, rng)
    data["answers"]["formats"] = ["atelier", "visite", "en_ligne", "residentiel"]
    data["answers"].pop("formats.other", None)
    data["answers"]["college"] = "habitants"
    data["answers"]["inconnue"] = 1
    return data


def _best_of(repeats: int, function: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _validation_row(
    operation: str, q: Questionnaire, responses: list[dict[str, Any]], repeats: int
) -> dict[str, Any]:
    validator = schemas.build_validator(response_schema(q))
    validate_response(q, responses[0])  # build and cache our validator outside the timing

    def ours() -> None:
        for data in responses:
            validate_response(q, data)

    def baseline() -> None:
        for data in responses:
            list(validator.iter_errors(data))

    ours_s = _best_of(repeats, ours)
    baseline_s = _best_of(repeats, baseline)
    return row(
        operation,
        ours_s,
        baseline_s,
        max_ratio=VALIDATION_TARGET,
        note="baseline: a bare reused Draft202012Validator",
    )


def _plugins_and_overlay_row(runs: int) -> dict[str, Any]:
    """Assemble as a territory does: the example plugin and the example overlay file."""
    from conseils_citoyens.plugins import isolated_plugins
    from conseils_citoyens.survey.workflow import build_questionnaire

    if str(PLUGIN_SRC) not in sys.path:
        sys.path.insert(0, str(PLUGIN_SRC))
    import cc_agglo_exemple

    with isolated_plugins(cc_agglo_exemple):
        built = build_questionnaire(overlay=EXAMPLE_OVERLAY)  # warm-up
        if not any(s.id == cc_agglo_exemple.LOCAL_SECTION.id for s in built.sections):
            raise AssertionError("the example plugin's section is missing")
        seconds = _best_of(runs, lambda: build_questionnaire(overlay=EXAMPLE_OVERLAY) and None)
    return row(
        "build questionnaire: standard + plugin + overlay file",
        seconds,
        None,
        max_seconds=ASSEMBLY_TARGET_S,
        note="plugins/agglo-exemple, examples/adaptation-locale.json (read each time)",
    )


def run(quick: bool) -> list[dict[str, Any]]:
    """Run the benchmark (``quick``: fewer responses and repeats)."""
    rng = random.Random(20250601)
    q = standard_questionnaire()
    count = 1_000 if quick else 10_000
    repeats = 2 if quick else 3
    valid = [valid_response(q, rng) for _ in range(count)]
    invalid = [invalid_response(q, rng) for _ in range(count // 10)]
    assert all(not validate_response(q, data) for data in valid[:100])
    assert all(len(validate_response(q, data)) == 3 for data in invalid[:100])
    rows = [
        _validation_row(f"validate {count} valid responses", q, valid, repeats),
        _validation_row(f"validate {len(invalid)} invalid responses", q, invalid, repeats),
    ]
    runs = 5 if quick else 20
    assemble(overlay=OVERLAY)  # warm: schemas registry, standard questionnaire
    assembly_s = _best_of(runs, lambda: assemble(overlay=OVERLAY) and None)
    rows.append(
        row(
            "assemble standard + overlay (no plugin)",
            assembly_s,
            None,
            max_seconds=ASSEMBLY_TARGET_S,
        )
    )
    rows.append(_plugins_and_overlay_row(runs))
    return rows


if __name__ == "__main__":
    import json
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(json.dumps(row, ensure_ascii=False))
