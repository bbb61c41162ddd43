"""conseils-citoyens: model, check and survey France's conseils citoyens.

The public API is what this module exports. Names are imported lazily so that
``import conseils_citoyens`` stays cheap (python-docx, odfpy and lxml load only
when a document is read or written).
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from conseils_citoyens.errors import (
    ConseilsCitoyensError,
    DocumentError,
    DocumentTooLargeError,
    FileNotReadableError,
    NotADocumentError,
    OutputExistsError,
    PluginError,
    Problem,
    UnknownQuestionnaireError,
    UnsafeDocumentError,
    ValidationError,
    WrongDocumentKindError,
)

try:
    __version__ = version("conseils-citoyens")
except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
    __version__ = "0.0.0"

#: Public name -> module holding it; resolved on first access.
_LAZY: dict[str, str] = {
    # model
    "College": "conseils_citoyens.model",
    "Commune": "conseils_citoyens.model",
    "ContratDeVille": "conseils_citoyens.model",
    "Council": "conseils_citoyens.model",
    "CouncilStatus": "conseils_citoyens.model",
    "Designation": "conseils_citoyens.model",
    "DrawList": "conseils_citoyens.model",
    "Epci": "conseils_citoyens.model",
    "LegalForm": "conseils_citoyens.model",
    "LegalFormKind": "conseils_citoyens.model",
    "Member": "conseils_citoyens.model",
    "MemberStatus": "conseils_citoyens.model",
    "Organisation": "conseils_citoyens.model",
    "Qpv": "conseils_citoyens.model",
    "Recognition": "conseils_citoyens.model",
    "Role": "conseils_citoyens.model",
    "RulesDocument": "conseils_citoyens.model",
    "RulesDocumentKind": "conseils_citoyens.model",
    "Sex": "conseils_citoyens.model",
    "Territory": "conseils_citoyens.model",
    # load, dump, validate
    "load": "conseils_citoyens.convert",
    "dump": "conseils_citoyens.convert",
    "validate": "conseils_citoyens.schemas",
    "language": "conseils_citoyens.i18n",
    "set_language": "conseils_citoyens.i18n",
    # identifiers
    "QpvGeneration": "conseils_citoyens.identifiers",
    "is_valid_siren": "conseils_citoyens.identifiers",
    "is_valid_siret": "conseils_citoyens.identifiers",
    "qpv_generation": "conseils_citoyens.identifiers",
}

__all__ = [
    "College",
    "Commune",
    "ConseilsCitoyensError",
    "ContratDeVille",
    "Council",
    "CouncilStatus",
    "Designation",
    "DocumentError",
    "DocumentTooLargeError",
    "DrawList",
    "Epci",
    "FileNotReadableError",
    "LegalForm",
    "LegalFormKind",
    "Member",
    "MemberStatus",
    "NotADocumentError",
    "Organisation",
    "OutputExistsError",
    "PluginError",
    "Problem",
    "Qpv",
    "QpvGeneration",
    "Recognition",
    "Role",
    "RulesDocument",
    "RulesDocumentKind",
    "Sex",
    "Territory",
    "UnknownQuestionnaireError",
    "UnsafeDocumentError",
    "ValidationError",
    "WrongDocumentKindError",
    "__version__",
    "dump",
    "is_valid_siren",
    "is_valid_siret",
    "language",
    "load",
    "qpv_generation",
    "set_language",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'conseils_citoyens' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:
    from conseils_citoyens.convert import dump, load
    from conseils_citoyens.i18n import language, set_language
    from conseils_citoyens.identifiers import (
        QpvGeneration,
        is_valid_siren,
        is_valid_siret,
        qpv_generation,
    )
    from conseils_citoyens.model import (
        College,
        Commune,
        ContratDeVille,
        Council,
        CouncilStatus,
        Designation,
        DrawList,
        Epci,
        LegalForm,
        LegalFormKind,
        Member,
        MemberStatus,
        Organisation,
        Qpv,
        Recognition,
        Role,
        RulesDocument,
        RulesDocumentKind,
        Sex,
        Territory,
    )
    from conseils_citoyens.schemas import validate
