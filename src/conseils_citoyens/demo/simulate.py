"""Simulated respondents: plausible, valid answers to any questionnaire.

Used by ``conseils-citoyens demo`` and the benchmarks. Answers respect the
questionnaire's rules (conditions, required answers, numbers of selections,
ranges, lengths), and each choice has a popularity drawn once per
simulation, so the figures of a report look like a real survey's rather
than uniform noise.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from conseils_citoyens.survey.questionnaire.conditions import relevant
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    OTHER_SUFFIX,
    Choice,
    Date,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Question,
    Questionnaire,
    Ranking,
    Scale,
    ShortText,
    SingleChoice,
    YesNo,
)

_COMMENTS = (
    "Des formations le samedi matin seraient bien pour les parents.",
    "J'aimerais mieux comprendre le rôle de chaque institution.",
    "Merci pour ce questionnaire.",
    "Il faudrait des documents en français facile.",
    "Nous avons besoin d'aide pour monter un projet avec les jeunes.",
    "Les réunions finissent trop tard.",
)
_SHORT = ("Conseil citoyen du quartier", "Je ne sais pas", "Formation à la prise de parole")


class Simulator:
    """Draw answers with per-choice popularities fixed for one simulation."""

    def __init__(self, questionnaire: Questionnaire, *, seed: int = 0) -> None:
        self.questionnaire = questionnaire
        self.rng = random.Random(seed)
        self._weights: dict[tuple[str, str], float] = {}

    def _weight(self, question_id: str, code: str) -> float:
        key = (question_id, code)
        if key not in self._weights:
            # "Other, specify" is a minority answer in real surveys.
            low, high = (0.05, 0.3) if code == OTHER_CODE else (0.2, 3.0)
            self._weights[key] = self.rng.uniform(low, high)
        return self._weights[key]

    def _pick(self, question: Question, choices: Sequence[Choice]) -> str:
        weights = [self._weight(question.id, c.code) for c in choices]
        return self.rng.choices([c.code for c in choices], weights=weights)[0]

    def answers(self, *, completeness: float = 0.9) -> dict[str, Any]:
        """Return one respondent's answers; optional questions are answered with ``completeness``."""
        answers: dict[str, Any] = {}
        for question in self.questionnaire.questions():
            if not relevant(question, answers, self.questionnaire):
                continue
            if not question.required and self.rng.random() > completeness:
                continue
            self._answer(question, answers)
        return answers

    def _answer(self, question: Question, answers: dict[str, Any]) -> None:
        rng = self.rng
        qid = question.id
        if isinstance(question, Matrix):
            cells = {}
            for row in question.rows:
                # A row's popularity shifts the level: popular topics get higher needs.
                bias = self._weight(qid, row.code) / 3.0
                columns = list(question.columns)
                weights = [
                    (1.0 + bias * index) if column.code != "trained" else 0.3
                    for index, column in enumerate(columns)
                ]
                cells[row.code] = rng.choices([c.code for c in columns], weights=weights)[0]
            answers[qid] = cells
        elif isinstance(question, Ranking):
            codes = [c.code for c in question.choices]
            weights = [self._weight(qid, c) for c in codes]
            order: list[str] = []
            while len(order) < min(question.top, len(codes)):
                code = rng.choices(codes, weights=weights)[0]
                if code not in order:
                    order.append(code)
            answers[qid] = order
        elif isinstance(question, MultipleChoice):
            choices = list(question.choices)
            if question.other is not None:
                choices.append(Choice(code=OTHER_CODE, label=question.other))
            low = question.min_selections or 1
            high = min(question.max_selections or len(choices), len(choices))
            count = rng.randint(low, max(low, min(high, 3)))
            chosen: list[str] = []
            while len(chosen) < count:
                code = self._pick(question, choices)
                if code not in chosen:
                    chosen.append(code)
            answers[qid] = [c.code for c in choices if c.code in chosen]
            if OTHER_CODE in chosen:
                answers[qid + OTHER_SUFFIX] = rng.choice(
                    ("Covoiturage", "Traduction", "Horaires adaptés")
                )
        elif isinstance(question, SingleChoice):
            choices = list(question.choices)
            if question.other is not None:
                choices.append(Choice(code=OTHER_CODE, label=question.other))
            code = self._pick(question, choices)
            answers[qid] = code
            if code == OTHER_CODE:
                answers[qid + OTHER_SUFFIX] = "Autre situation"
        elif isinstance(question, Scale):
            answers[qid] = self._pick(question, question.levels)
        elif isinstance(question, YesNo):
            answers[qid] = "yes" if rng.random() < 0.45 else "no"
        elif isinstance(question, Number):
            low = int(question.minimum) if question.minimum is not None else 0
            high = int(question.maximum) if question.maximum is not None else low + 20
            answers[qid] = rng.randint(low, max(low, high))
        elif isinstance(question, Date):
            answers[qid] = (
                f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            )
        elif isinstance(question, LongText):
            answers[qid] = rng.choice(_COMMENTS)[: question.max_length]
        elif isinstance(question, ShortText):
            answers[qid] = rng.choice(_SHORT)[: question.max_length]
