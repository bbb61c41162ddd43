"""Assemble the questionnaire a territory hands out: base, plugin extensions, local overlay.

Order: the base (the standard questionnaire by default), then the sections
each extension adds, then each extension's ``adjust``, then the overlay. The
result is checked after each step, so a problem names who caused it: a
:class:`PluginError` names the plugin and its hook, a :class:`ValidationError`
names the overlay file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from conseils_citoyens.errors import (
    ConseilsCitoyensError,
    PluginError,
    Problem,
    ValidationError,
)
from conseils_citoyens.survey.questionnaire.checks import check_questionnaire
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Section
from conseils_citoyens.survey.questionnaire.overlay import Overlay, apply_overlay, as_overlay
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

SECTIONS_HOOK = "register_questionnaire_sections"
ADJUST_HOOK = "adjust_questionnaire"


@attrs.frozen(kw_only=True)
class QuestionnaireExtension:
    """What one plugin contributes: sections to append and an optional adjustment.

    ``adjust`` receives the questionnaire assembled so far and returns a
    changed copy, or None for no change.
    """

    plugin: str
    sections: tuple[Section, ...] = ()
    adjust: Callable[[Questionnaire], Questionnaire | None] | None = None


def _plugin_failure(plugin: str, hook: str, problems: Sequence[Problem]) -> PluginError:
    fr = "; ".join(f"{p.path} : {p.message_in('fr')}" for p in problems)
    en = "; ".join(f"{p.path}: {p.message_in('en')}" for p in problems)
    error = PluginError(
        plugin,
        hook,
        {"fr": f"questionnaire invalide ({fr})", "en": f"invalid questionnaire ({en})"},
    )
    error.problems = tuple(problems)  # type: ignore[attr-defined]
    return error


def assemble(
    base: Questionnaire | None = None,
    *,
    overlay: Overlay | Mapping[str, Any] | str | Path | None = None,
    extensions: Sequence[QuestionnaireExtension] = (),
) -> Questionnaire:
    """Return the assembled questionnaire, checked; see the module docstring for the order."""
    questionnaire = standard_questionnaire() if base is None else base
    if base is not None:
        problems = check_questionnaire(questionnaire)
        if problems:
            raise ValidationError(problems, kind="questionnaire")

    for extension in extensions:
        if not extension.sections:
            continue
        added = tuple(
            s if s.origin is not None else attrs.evolve(s, origin=extension.plugin)
            for s in extension.sections
        )
        questionnaire = attrs.evolve(questionnaire, sections=questionnaire.sections + added)
        problems = check_questionnaire(questionnaire)
        if problems:
            raise _plugin_failure(extension.plugin, SECTIONS_HOOK, problems)

    for extension in extensions:
        if extension.adjust is None:
            continue
        try:
            adjusted = extension.adjust(questionnaire)
        except PluginError:
            raise
        except ConseilsCitoyensError as exc:
            raise PluginError(extension.plugin, ADJUST_HOOK, exc.texts) from exc
        except Exception as exc:
            raise PluginError(
                extension.plugin,
                ADJUST_HOOK,
                {
                    "fr": f"erreur inattendue : {type(exc).__name__}: {exc}",
                    "en": f"unexpected error: {type(exc).__name__}: {exc}",
                },
            ) from exc
        if adjusted is None:
            continue
        if not isinstance(adjusted, Questionnaire):
            raise PluginError(
                extension.plugin,
                ADJUST_HOOK,
                {
                    "fr": f"un Questionnaire ou None attendu, {type(adjusted).__name__} reçu",
                    "en": f"expected a Questionnaire or None, got {type(adjusted).__name__}",
                },
            )
        problems = check_questionnaire(adjusted)
        if problems:
            raise _plugin_failure(extension.plugin, ADJUST_HOOK, problems)
        questionnaire = adjusted

    if overlay is not None:
        questionnaire = apply_overlay(questionnaire, as_overlay(overlay))
    return questionnaire
