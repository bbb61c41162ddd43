"""Helpers for tests: ours, and those of plugin authors and apps.

- :func:`isolated_plugins` — a fresh plugin host holding only the plugins
  given (and the built-ins), restored on exit whatever happens;
- :func:`sample_questionnaire` — a small questionnaire with every question
  type, a condition and an "other" choice, to run a format against;
- hypothesis strategies (need ``hypothesis``, imported only when used):
  ``questionnaires()`` draws random valid questionnaires, ``answers_for(q)``
  random valid answers that respect the conditions, ``answer_values``,
  ``conditions_on``, ``texts``, ``free_texts``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from conseils_citoyens.plugins import isolated_plugins
from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    Date,
    Equals,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    Scale,
    Section,
    ShortText,
    SingleChoice,
    Text,
    YesNo,
)

if TYPE_CHECKING:
    from conseils_citoyens._strategies import (
        answer_values,
        answers_for,
        conditions_on,
        free_texts,
        questionnaires,
        texts,
    )

_STRATEGIES = frozenset(
    {"questionnaires", "answers_for", "answer_values", "conditions_on", "texts", "free_texts"}
)


def __getattr__(name: str) -> Any:
    if name in _STRATEGIES:
        from conseils_citoyens import _strategies

        return getattr(_strategies, name)
    raise AttributeError(f"module 'conseils_citoyens.testing' has no attribute {name!r}")


def _choices(*codes: str) -> tuple[Choice, ...]:
    return tuple(Choice(code=code, label=Text.of(code.capitalize())) for code in codes)


@functools.cache
def sample_questionnaire() -> Questionnaire:
    """Return a small questionnaire using every question type (for format tests)."""
    return Questionnaire(
        id="exemple-tests",
        version="1",
        title=Text.of("Questionnaire d'exemple", "Sample questionnaire"),
        sections=(
            Section(
                id="tout",
                title=Text.of("Tous les types de questions", "Every type of question"),
                questions=(
                    SingleChoice(
                        id="college",
                        label=Text.of("Votre collège ?", "Your college?"),
                        choices=_choices("habitants", "acteurs"),
                        other=Text.of("Autre", "Other"),
                    ),
                    YesNo(id="forme", label=Text.of("Déjà formé(e) ?", "Already trained?")),
                    LongText(
                        id="formations",
                        label=Text.of("Lesquelles ?", "Which ones?"),
                        condition=Equals(question="forme", value="yes"),
                    ),
                    MultipleChoice(
                        id="formats",
                        label=Text.of("Formats ?", "Formats?"),
                        choices=_choices("atelier", "visite", "en_ligne"),
                        max_selections=2,
                    ),
                    Scale(
                        id="humeur",
                        label=Text.of("Votre humeur ?", "Your mood?"),
                        levels=_choices("inquiet", "confiant"),
                    ),
                    Matrix(
                        id="themes",
                        label=Text.of("Besoins par thème", "Needs per topic"),
                        rows=_choices("budget", "parole"),
                        columns=_choices("aucun", "utile", "prioritaire"),
                        required=True,
                    ),
                    Ranking(
                        id="priorites",
                        label=Text.of("Vos priorités", "Your priorities"),
                        choices=_choices("a", "b", "c"),
                        top=2,
                    ),
                    ShortText(id="conseil", label=Text.of("Votre conseil ?", "Your council?")),
                    Number(id="annees", label=Text.of("Années ?", "Years?"), minimum=0, maximum=50),
                    Date(id="depuis", label=Text.of("Depuis quand ?", "Since when?")),
                ),
            ),
        ),
    )


__all__ = [
    "answer_values",
    "answers_for",
    "conditions_on",
    "free_texts",
    "isolated_plugins",
    "questionnaires",
    "sample_questionnaire",
    "texts",
]
