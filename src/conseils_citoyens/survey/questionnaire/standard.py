"""The standard training-needs questionnaire, shipped as package data."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Final

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
