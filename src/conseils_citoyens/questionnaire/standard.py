"""The standard training-needs questionnaire, shipped as package data."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Final

from conseils_citoyens.jsonio import loads_json
from conseils_citoyens.questionnaire.model import Questionnaire

STANDARD_ID: Final = "recensement-besoins-formation"
_RESOURCE: Final = "data/standard.json"


@functools.cache
def standard_questionnaire() -> Questionnaire:
    """Return the standard questionnaire « Recensement des besoins de formation » (cached)."""
    from conseils_citoyens.questionnaire.serialize import load_questionnaire

    resource = resources.files("conseils_citoyens.questionnaire").joinpath(_RESOURCE)
    data = loads_json(resource.read_bytes(), source=f"conseils_citoyens/questionnaire/{_RESOURCE}")
    return load_questionnaire(data)
