"""The training-needs survey, end to end: the questionnaire a territory hands out,
and the catalogue of questionnaires that filled forms are matched against.

This is where the plugin host meets the questionnaire engine: each plugin's
sections and adjustment become a
:class:`~conseils_citoyens.questionnaire.assembly.QuestionnaireExtension`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from conseils_citoyens.imports import QuestionnaireCatalogue
from conseils_citoyens.questionnaire.model import Questionnaire


def build_questionnaire(
    *,
    overlay: Mapping[str, Any] | str | Path | None = None,
    host: Any = None,
    base: Questionnaire | None = None,
    context: Mapping[str, Any] | None = None,
) -> Questionnaire:
    """Assemble the questionnaire: the standard one (or ``base``), the plugins', then ``overlay``.

    :param overlay: a local overlay (file path or data), applied last.
    :param host: the plugin host (default: the process-wide one).
    :param context: facts given to the plugins' hooks (``lang``, ``territory``, ``council``).
    """
    from conseils_citoyens.plugins import get_plugins
    from conseils_citoyens.questionnaire.assembly import QuestionnaireExtension, assemble

    plugins = host or get_plugins()
    facts = {"lang": "fr", **(context or {})}
    extensions = [
        QuestionnaireExtension(plugin=c.plugin, sections=c.sections, adjust=c.adjust)
        for c in plugins.questionnaire_contributions(facts)
    ]
    return assemble(base, overlay=overlay, extensions=extensions)


def questionnaire_catalogue(
    *,
    overlay: Mapping[str, Any] | str | Path | None = None,
    questionnaire_files: Iterable[str | Path] = (),
    host: Any = None,
) -> QuestionnaireCatalogue:
    """Return the questionnaires forms may come from.

    The standard questionnaire, the one assembled with the plugins in use (and
    ``overlay``), and any questionnaire saved as JSON
    (``questionnaire export -o q.json``) in ``questionnaire_files``.
    """
    from conseils_citoyens.questionnaire.serialize import load_questionnaire
    from conseils_citoyens.questionnaire.standard import standard_questionnaire

    catalogue = QuestionnaireCatalogue([standard_questionnaire()])
    catalogue.add(build_questionnaire(overlay=overlay, host=host))
    for path in questionnaire_files:
        catalogue.add(load_questionnaire(path))
    return catalogue
