"""Benchmark: response validation through our API against a bare jsonschema validator.

``run(quick)`` returns rows ``{"operation", "ours_s", "baseline_s", "ratio",
"target", "ok"}``. Targets: validating responses costs at most 1.3x a bare,
reused ``Draft202012Validator`` on the same schema and data; assembling the
standard questionnaire with an overlay takes less than 50 ms.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from conseils_citoyens import schemas
from conseils_citoyens.questionnaire.assembly import assemble
from conseils_citoyens.questionnaire.conditions import choice_options, relevant
from conseils_citoyens.questionnaire.model import (
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
from conseils_citoyens.questionnaire.responses import response_schema, validate_response
from conseils_citoyens.questionnaire.serialize import questionnaire_ref
from conseils_citoyens.questionnaire.standard import standard_questionnaire

VALIDATION_TARGET = 1.3
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
    ratio = ours_s / baseline_s
    return {
        "operation": operation,
        "ours_s": round(ours_s, 4),
        "baseline_s": round(baseline_s, 4),
        "ratio": round(ratio, 3),
        "target": VALIDATION_TARGET,
        "ok": ratio <= VALIDATION_TARGET,
    }


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
    assemble(overlay=OVERLAY)  # warm: schemas registry, standard questionnaire
    runs = 5 if quick else 20
    assembly_s = _best_of(runs, lambda: assemble(overlay=OVERLAY) and None)
    rows.append(
        {
            "operation": "assemble standard + overlay",
            "ours_s": round(assembly_s, 4),
            "baseline_s": None,
            "ratio": None,
            "target": ASSEMBLY_TARGET_S,
            "ok": assembly_s < ASSEMBLY_TARGET_S,
        }
    )
    return rows


if __name__ == "__main__":
    import json
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(json.dumps(row, ensure_ascii=False))
