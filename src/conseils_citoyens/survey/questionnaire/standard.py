"""The standard training-needs questionnaire, shipped as package data."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any, Final

from conseils_citoyens.documents.jsonio import loads_json
from conseils_citoyens.survey.questionnaire.model import Questionnaire

STANDARD_ID: Final = "recensement-besoins-formation"
_RESOURCE: Final = "data/standard.json"


@functools.cache
def standard_questionnaire() -> Questionnaire:
    """Return the standard questionnaire « Recensement des besoins de formation » (cached)."""
    from conseils_citoyens.survey.questionnaire.serialize import load_questionnaire

    resource = resources.files("conseils_citoyens.survey.questionnaire").joinpath(_RESOURCE)
    data = loads_json(
        resource.read_bytes(), source=f"conseils_citoyens/survey/questionnaire/{_RESOURCE}"
    )
    return load_questionnaire(data)


#: The fields of a question holding choices that may be flagged sensitive.
_OPTION_FIELDS: Final = ("choices", "levels", "rows", "columns")


@functools.cache
def _standard_flags() -> dict[str, tuple[bool, dict[str, frozenset[str]]]]:
    """Question id -> (question flagged, field -> codes flagged) in the standard questionnaire."""
    flags: dict[str, tuple[bool, dict[str, frozenset[str]]]] = {}
    for question in standard_questionnaire().questions():
        fields = {
            field: frozenset(c.code for c in options if c.sensitive)
            for field in _OPTION_FIELDS
            if (options := getattr(question, field, None)) is not None
        }
        if question.sensitive or any(fields.values()):
            flags[question.id] = (question.sensitive, {f: c for f, c in fields.items() if c})
    return flags


def with_standard_flags(questionnaire: Questionnaire) -> Questionnaire:
    """``questionnaire`` with the ``sensitive`` flags of the standard questionnaire it comes from.

    A responses file may embed a copy of the standard questionnaire (or of
    one adapted by an overlay: same id, version ``1.0+…``) made before the
    flags existed; its feelings, childcare or accessibility answers would then
    be counted as ordinary ones and small counts published. Every question and
    choice the standard flags, found under the same question id and code, is
    flagged here; flags are only ever added, never removed, and the questions
    an overlay added keep their own. A questionnaire with another id is
    returned as it is, and so is one that already carries every flag.
    """
    import attrs

    if questionnaire.id != STANDARD_ID:
        return questionnaire
    flags = _standard_flags()
    changed = False

    def flagged(question: Any) -> Any:
        nonlocal changed
        if question.id not in flags:
            return question
        whole, by_field = flags[question.id]
        changes: dict[str, Any] = {}
        if whole and not question.sensitive:
            changes["sensitive"] = True
        for field, codes in by_field.items():
            options = getattr(question, field, None)
            if options is None:
                continue
            if any(c.code in codes and not c.sensitive for c in options):
                changes[field] = tuple(
                    attrs.evolve(c, sensitive=True) if c.code in codes else c for c in options
                )
        if not changes:
            return question
        changed = True
        return attrs.evolve(question, **changes)

    sections = tuple(
        attrs.evolve(section, questions=tuple(flagged(q) for q in section.questions))
        for section in questionnaire.sections
    )
    return attrs.evolve(questionnaire, sections=sections) if changed else questionnaire
