"""Benchmark of the training-needs analysis: 1k, 10k and 100k responses.

Run ``uv run python bench/bench_analysis.py [--quick]``. Each row compares
:func:`conseils_citoyens.survey.analysis.analyze` (validation + every aggregation)
with a baseline that only counts matrix cells over the same data, and checks
that time grows linearly (the ratio between steps stays near 10).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import Any

from conseils_citoyens.survey.analysis import analyze
from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    Respondent,
    Response,
    Scale,
    Section,
    SingleChoice,
    Text,
    YesNo,
)
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

#: Target: 100,000 responses to the standard questionnaire in under 2 s on one core.
TARGET_S = 2.0


def _c(code: str) -> Choice:
    return Choice(code=code, label=Text.of(code))


def standard_like() -> Questionnaire:
    """Return the standard questionnaire when available, else one of the same size."""
    try:
        from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

        return standard_questionnaire()
    except ImportError:  # pragma: no cover - before the standard questionnaire existed
        pass
    levels = tuple(_c(c) for c in ("none", "useful", "important", "priority", "trained"))
    return Questionnaire(
        id="besoins-formation",
        version="1",
        title=Text.of("Recensement des besoins de formation"),
        sections=(
            Section(
                id="s",
                title=Text.of("S"),
                questions=(
                    SingleChoice(
                        id="college",
                        label=Text.of("Collège"),
                        choices=(_c("residents"), _c("actors")),
                    ),
                    Number(id="years", label=Text.of("Années"), minimum=0, maximum=60),
                    YesNo(id="trained_before", label=Text.of("Formé")),
                    Matrix(
                        id="needs",
                        label=Text.of("Besoins"),
                        rows=tuple(_c(f"topic_{i}") for i in range(28)),
                        columns=levels,
                    ),
                    MultipleChoice(
                        id="formats",
                        label=Text.of("Formats"),
                        choices=tuple(
                            _c(c)
                            for c in ("workshop", "visit", "residential", "cotraining", "online")
                        ),
                        other=Text.of("Autre"),
                    ),
                    MultipleChoice(
                        id="availability",
                        label=Text.of("Disponibilités"),
                        choices=tuple(
                            _c(c) for c in ("weekday", "evening", "wednesday", "saturday")
                        ),
                    ),
                    MultipleChoice(
                        id="constraints",
                        label=Text.of("Contraintes"),
                        choices=tuple(
                            _c(c)
                            for c in (
                                "childcare",
                                "transport",
                                "accessibility",
                                "easy_french",
                                "digital",
                            )
                        ),
                    ),
                    Ranking(
                        id="priorities",
                        label=Text.of("Priorités"),
                        choices=tuple(_c(f"p{i}") for i in range(8)),
                        top=3,
                    ),
                    Scale(
                        id="mood",
                        label=Text.of("Humeur"),
                        levels=tuple(
                            _c(c) for c in ("confident", "optimistic", "sceptical", "worried")
                        ),
                    ),
                    LongText(id="comment", label=Text.of("Commentaire")),
                ),
            ),
        ),
    )


def generate(questionnaire: Questionnaire, count: int, seed: int = 7) -> list[Response]:
    """Return ``count`` valid random responses (fixed seed)."""
    from conseils_citoyens.formats.slots import choices_of

    rng = random.Random(seed)
    ref = questionnaire_ref(questionnaire)
    makers: list[tuple[str, Callable[[], Any]]] = []
    for q in questionnaire.questions():
        if isinstance(q, Matrix):
            rows = [r.code for r in q.rows]
            cols = [c.code for c in q.columns]
            makers.append(
                (
                    q.id,
                    lambda rows=rows, cols=cols: {
                        r: rng.choice(cols) for r in rows if rng.random() < 0.9
                    },
                )
            )
        elif isinstance(q, MultipleChoice):
            codes = [c.code for c in q.choices]
            limit = q.max_selections or len(codes)
            makers.append(
                (q.id, lambda codes=codes, limit=limit: rng.sample(codes, rng.randint(0, limit)))
            )
        elif isinstance(q, Ranking):
            codes = [c.code for c in q.choices]
            makers.append(
                (q.id, lambda codes=codes, top=q.top: rng.sample(codes, rng.randint(1, top)))
            )
        elif isinstance(q, SingleChoice | Scale | YesNo):
            codes = [c.code for c in choices_of(q)]
            makers.append((q.id, lambda codes=codes: rng.choice(codes)))
        elif isinstance(q, Number):
            low = int(q.minimum or 0)
            high = int(q.maximum if q.maximum is not None else 100)
            makers.append((q.id, lambda low=low, high=high: rng.randint(low, high)))
        elif isinstance(q, LongText):
            makers.append((q.id, lambda: rng.choice(["", "Plus de soirées", "Merci"])))
    responses = []
    for i in range(count):
        answers = {}
        for qid, make in makers:
            value = make()
            if value not in ("", [], {}):
                answers[qid] = value
        responses.append(
            Response(
                questionnaire=ref, answers=answers, respondent=Respondent(council_id=f"cc-{i % 40}")
            )
        )
    return responses


def baseline(questionnaire: Questionnaire, responses: list[Response]) -> int:
    """Count matrix cells and nothing else."""
    matrix_ids = [q.id for q in questionnaire.questions() if isinstance(q, Matrix)]
    counts: dict[tuple[str, str], int] = {}
    for response in responses:
        for qid in matrix_ids:
            for row, column in response.answers.get(qid, {}).items():
                key = (row, column)
                counts[key] = counts.get(key, 0) + 1
    return len(counts)


def _best(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def run(quick: bool) -> list[dict[str, Any]]:
    """Time the analysis at 1k/10k/100k responses (1k/10k when quick); one row per size."""
    questionnaire = standard_like()
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    all_responses = generate(questionnaire, sizes[-1])
    rows: list[dict[str, Any]] = []
    previous: float | None = None
    for size in sizes:
        responses = all_responses[:size]
        repeat = 3 if size < 100_000 else 2
        ours = _best(lambda r=responses: analyze(questionnaire, r), repeat)
        by_council = _best(lambda r=responses: analyze(questionnaire, r, by="council"), 1)
        base = _best(lambda r=responses: baseline(questionnaire, r), repeat)
        target = TARGET_S * size / 100_000
        step = ours / previous if previous else None
        previous = ours
        rows.append(
            {
                "operation": f"analyze {size} responses",
                "ours_s": round(ours, 4),
                "baseline_s": round(base, 4),
                "ratio": round(ours / base, 2) if base else None,
                "target": f"< {target:.3g} s (2 s per 100k, linear)",
                "ok": ours < target,
                "by_council_s": round(by_council, 4),
                "step_ratio": round(step, 2) if step else None,
                "note": (f"x{step:.1f} vs previous size; " if step else "")
                + f"by council {by_council:.3f} s",
            }
        )
    return rows


def main() -> None:
    """Print the rows."""
    for row in run("--quick" in sys.argv):
        step = f", x{row['step_ratio']} vs previous size" if row["step_ratio"] else ""
        print(
            f"{row['operation']}: {row['ours_s']:.3f} s (by council {row['by_council_s']:.3f} s), "
            f"baseline {row['baseline_s']:.3f} s, ratio {row['ratio']}{step} — "
            f"{'ok' if row['ok'] else 'SLOW'} ({row['target']})"
        )


if __name__ == "__main__":
    main()
