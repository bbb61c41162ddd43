"""conseils-citoyens: model, check and survey France's conseils citoyens.

The public API is what this module exports. Names are imported lazily so that
``import conseils_citoyens`` stays cheap (python-docx, odfpy and lxml load only
when a document is read or written).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from conseils_citoyens.errors import (
    ConseilsCitoyensError,
    DocumentError,
    DocumentTooLargeError,
    FileNotReadableError,
    MissingFileError,
    ModelError,
    NotADocumentError,
    OutputError,
    OutputExistsError,
    PluginError,
    Problem,
    UnknownQuestionnaireError,
    UnsafeDocumentError,
    ValidationError,
    WrongDocumentKindError,
)

#: Public name -> module holding it; resolved on first access.
_LAZY: dict[str, str] = {
    "College": "conseils_citoyens.council.model",
    "Commune": "conseils_citoyens.council.territory",
    "ContratDeVille": "conseils_citoyens.council.territory",
    "Council": "conseils_citoyens.council.model",
    "CouncilStatus": "conseils_citoyens.council.model",
    "Designation": "conseils_citoyens.council.model",
    "DrawList": "conseils_citoyens.council.model",
    "Epci": "conseils_citoyens.council.territory",
    "LegalForm": "conseils_citoyens.council.model",
    "LegalFormKind": "conseils_citoyens.council.model",
    "Member": "conseils_citoyens.council.model",
    "MemberStatus": "conseils_citoyens.council.model",
    "Organisation": "conseils_citoyens.council.model",
    "Qpv": "conseils_citoyens.council.territory",
    "Recognition": "conseils_citoyens.council.model",
    "Role": "conseils_citoyens.council.model",
    "RulesDocument": "conseils_citoyens.council.model",
    "RulesDocumentKind": "conseils_citoyens.council.model",
    "Sex": "conseils_citoyens.council.model",
    "Territory": "conseils_citoyens.council.territory",
    "Diagnostic": "conseils_citoyens.diagnostics.model",
    "Cycle": "conseils_citoyens.diagnostics.cycle",
    "Period": "conseils_citoyens.diagnostics.model",
    "load": "conseils_citoyens.documents.convert",
    "dump": "conseils_citoyens.documents.convert",
    "validate": "conseils_citoyens.documents.schemas",
    "language": "conseils_citoyens.i18n",
    "set_language": "conseils_citoyens.i18n",
    "QpvGeneration": "conseils_citoyens.council.identifiers",
    "is_valid_siren": "conseils_citoyens.council.identifiers",
    "is_valid_siret": "conseils_citoyens.council.identifiers",
    "qpv_generation": "conseils_citoyens.council.identifiers",
    "Questionnaire": "conseils_citoyens.survey.questionnaire.model",
    "Section": "conseils_citoyens.survey.questionnaire.model",
    "Text": "conseils_citoyens.survey.questionnaire.model",
    "Choice": "conseils_citoyens.survey.questionnaire.model",
    "Response": "conseils_citoyens.survey.questionnaire.model",
    "Respondent": "conseils_citoyens.survey.questionnaire.model",
    "QuestionnaireRef": "conseils_citoyens.survey.questionnaire.model",
    "SingleChoice": "conseils_citoyens.survey.questionnaire.model",
    "MultipleChoice": "conseils_citoyens.survey.questionnaire.model",
    "YesNo": "conseils_citoyens.survey.questionnaire.model",
    "Scale": "conseils_citoyens.survey.questionnaire.model",
    "Matrix": "conseils_citoyens.survey.questionnaire.model",
    "Ranking": "conseils_citoyens.survey.questionnaire.model",
    "ShortText": "conseils_citoyens.survey.questionnaire.model",
    "LongText": "conseils_citoyens.survey.questionnaire.model",
    "Number": "conseils_citoyens.survey.questionnaire.model",
    "Date": "conseils_citoyens.survey.questionnaire.model",
    "Equals": "conseils_citoyens.survey.questionnaire.model",
    "In": "conseils_citoyens.survey.questionnaire.model",
    "Includes": "conseils_citoyens.survey.questionnaire.model",
    "Answered": "conseils_citoyens.survey.questionnaire.model",
    "AllOf": "conseils_citoyens.survey.questionnaire.model",
    "AnyOf": "conseils_citoyens.survey.questionnaire.model",
    "Not": "conseils_citoyens.survey.questionnaire.model",
    "standard_questionnaire": "conseils_citoyens.survey.questionnaire.standard",
    "load_questionnaire": "conseils_citoyens.survey.questionnaire.serialize",
    "dump_questionnaire": "conseils_citoyens.survey.questionnaire.serialize",
    "questionnaire_ref": "conseils_citoyens.survey.questionnaire.serialize",
    "load_response": "conseils_citoyens.survey.questionnaire.serialize",
    "dump_response": "conseils_citoyens.survey.questionnaire.serialize",
    "response_schema": "conseils_citoyens.survey.questionnaire.responses",
    "validate_response": "conseils_citoyens.survey.questionnaire.responses",
    "check_response": "conseils_citoyens.survey.questionnaire.responses",
    "export_questionnaire": "conseils_citoyens.survey.questionnaire.export",
    "build_questionnaire": "conseils_citoyens.survey.workflow",
    "questionnaire_catalogue": "conseils_citoyens.survey.workflow",
    "fill_form": "conseils_citoyens.survey.workflow",
    "write_report": "conseils_citoyens.survey.workflow",
    "import_forms": "conseils_citoyens.survey.imports",
    "import_scans": "conseils_citoyens.formats.scan.importer",
    "ScanBatch": "conseils_citoyens.formats.scan.importer",
    "ScanDecision": "conseils_citoyens.formats.scan.importer",
    "read_decisions": "conseils_citoyens.formats.scan.review",
    "print_form": "conseils_citoyens.formats.scan.pdf",
    "geometry_from_pdf": "conseils_citoyens.formats.scan.geometry",
    "FormGeometry": "conseils_citoyens.formats.scan.geometry",
    "QuestionnaireCatalogue": "conseils_citoyens.survey.imports",
    "BatchResult": "conseils_citoyens.survey.imports",
    "FormOutcome": "conseils_citoyens.survey.imports",
    "Outcome": "conseils_citoyens.survey.imports",
    "analyze": "conseils_citoyens.survey.analysis",
    "Analysis": "conseils_citoyens.survey.analysis",
    "read_responses": "conseils_citoyens.survey.responses_file",
    "check_council": "conseils_citoyens.council.composition",
    "check_diagnostic": "conseils_citoyens.diagnostics.checks",
    "check_cycle": "conseils_citoyens.diagnostics.checks",
    "plan_cycle": "conseils_citoyens.diagnostics.planning",
    "Rule": "conseils_citoyens.rules",
    "RuleOption": "conseils_citoyens.rules",
    "Finding": "conseils_citoyens.rules",
    "Severity": "conseils_citoyens.rules",
    "Source": "conseils_citoyens.rules",
    "CheckContext": "conseils_citoyens.rules",
    "CheckReport": "conseils_citoyens.rules",
    "Exporter": "conseils_citoyens.formats",
    "Importer": "conseils_citoyens.formats",
    "ReportFormat": "conseils_citoyens.formats",
    "FilledForm": "conseils_citoyens.formats",
    "ExportOptions": "conseils_citoyens.formats",
    "ReportOptions": "conseils_citoyens.formats",
    "PluginHost": "conseils_citoyens.plugins",
    "get_plugins": "conseils_citoyens.plugins",
    "isolated_plugins": "conseils_citoyens.plugins",
    "hookimpl": "conseils_citoyens.hookspecs",
    "run_demo": "conseils_citoyens.demo",
}

__all__ = [
    "AllOf",
    "Analysis",
    "Answered",
    "AnyOf",
    "BatchResult",
    "CheckContext",
    "CheckReport",
    "Choice",
    "College",
    "Commune",
    "ConseilsCitoyensError",
    "ContratDeVille",
    "Council",
    "CouncilStatus",
    "Cycle",
    "Date",
    "Designation",
    "Diagnostic",
    "DocumentError",
    "DocumentTooLargeError",
    "DrawList",
    "Epci",
    "Equals",
    "ExportOptions",
    "Exporter",
    "FileNotReadableError",
    "FilledForm",
    "Finding",
    "FormGeometry",
    "FormOutcome",
    "Importer",
    "In",
    "Includes",
    "LegalForm",
    "LegalFormKind",
    "LongText",
    "Matrix",
    "Member",
    "MemberStatus",
    "MissingFileError",
    "ModelError",
    "MultipleChoice",
    "Not",
    "NotADocumentError",
    "Number",
    "Organisation",
    "Outcome",
    "OutputError",
    "OutputExistsError",
    "Period",
    "PluginError",
    "PluginHost",
    "Problem",
    "Qpv",
    "QpvGeneration",
    "Questionnaire",
    "QuestionnaireCatalogue",
    "QuestionnaireRef",
    "Ranking",
    "Recognition",
    "ReportFormat",
    "ReportOptions",
    "Respondent",
    "Response",
    "Role",
    "Rule",
    "RuleOption",
    "RulesDocument",
    "RulesDocumentKind",
    "Scale",
    "ScanBatch",
    "ScanDecision",
    "Section",
    "Severity",
    "Sex",
    "ShortText",
    "SingleChoice",
    "Source",
    "Territory",
    "Text",
    "UnknownQuestionnaireError",
    "UnsafeDocumentError",
    "ValidationError",
    "WrongDocumentKindError",
    "YesNo",
    "__version__",
    "analyze",
    "build_questionnaire",
    "check_council",
    "check_cycle",
    "check_diagnostic",
    "check_response",
    "dump",
    "dump_questionnaire",
    "dump_response",
    "export_questionnaire",
    "fill_form",
    "geometry_from_pdf",
    "get_plugins",
    "hookimpl",
    "import_forms",
    "import_scans",
    "is_valid_siren",
    "is_valid_siret",
    "isolated_plugins",
    "language",
    "load",
    "load_questionnaire",
    "load_response",
    "plan_cycle",
    "print_form",
    "qpv_generation",
    "questionnaire_catalogue",
    "questionnaire_ref",
    "read_decisions",
    "read_responses",
    "response_schema",
    "run_demo",
    "set_language",
    "standard_questionnaire",
    "validate",
    "validate_response",
    "write_report",
]


def _version() -> str:
    # importlib.metadata costs about 50 ms to import: only when the version is asked for.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("conseils-citoyens")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "0.0.0"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'conseils_citoyens' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})


if TYPE_CHECKING:
    __version__: str

    from conseils_citoyens.council.composition import check_council
    from conseils_citoyens.council.identifiers import (
        QpvGeneration,
        is_valid_siren,
        is_valid_siret,
        qpv_generation,
    )
    from conseils_citoyens.council.model import (
        College,
        Council,
        CouncilStatus,
        Designation,
        DrawList,
        LegalForm,
        LegalFormKind,
        Member,
        MemberStatus,
        Organisation,
        Recognition,
        Role,
        RulesDocument,
        RulesDocumentKind,
        Sex,
    )
    from conseils_citoyens.council.territory import Commune, ContratDeVille, Epci, Qpv, Territory
    from conseils_citoyens.demo import run_demo
    from conseils_citoyens.diagnostics.checks import check_cycle, check_diagnostic
    from conseils_citoyens.diagnostics.cycle import Cycle
    from conseils_citoyens.diagnostics.model import Diagnostic, Period
    from conseils_citoyens.diagnostics.planning import plan_cycle
    from conseils_citoyens.documents.convert import dump, load
    from conseils_citoyens.documents.schemas import validate
    from conseils_citoyens.formats import (
        Exporter,
        ExportOptions,
        FilledForm,
        Importer,
        ReportFormat,
        ReportOptions,
    )
    from conseils_citoyens.formats.scan.geometry import FormGeometry, geometry_from_pdf
    from conseils_citoyens.formats.scan.importer import ScanBatch, ScanDecision, import_scans
    from conseils_citoyens.formats.scan.pdf import print_form
    from conseils_citoyens.formats.scan.review import read_decisions
    from conseils_citoyens.hookspecs import hookimpl
    from conseils_citoyens.i18n import language, set_language
    from conseils_citoyens.plugins import PluginHost, get_plugins, isolated_plugins
    from conseils_citoyens.rules import (
        CheckContext,
        CheckReport,
        Finding,
        Rule,
        RuleOption,
        Severity,
        Source,
    )
    from conseils_citoyens.survey.analysis import Analysis, analyze
    from conseils_citoyens.survey.imports import (
        BatchResult,
        FormOutcome,
        Outcome,
        QuestionnaireCatalogue,
        import_forms,
    )
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire
    from conseils_citoyens.survey.questionnaire.model import (
        AllOf,
        Answered,
        AnyOf,
        Choice,
        Date,
        Equals,
        In,
        Includes,
        LongText,
        Matrix,
        MultipleChoice,
        Not,
        Number,
        Questionnaire,
        QuestionnaireRef,
        Ranking,
        Respondent,
        Response,
        Scale,
        Section,
        ShortText,
        SingleChoice,
        Text,
        YesNo,
    )
    from conseils_citoyens.survey.questionnaire.responses import (
        check_response,
        response_schema,
        validate_response,
    )
    from conseils_citoyens.survey.questionnaire.serialize import (
        dump_questionnaire,
        dump_response,
        load_questionnaire,
        load_response,
        questionnaire_ref,
    )
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
    from conseils_citoyens.survey.responses_file import read_responses
    from conseils_citoyens.survey.workflow import (
        build_questionnaire,
        fill_form,
        questionnaire_catalogue,
        write_report,
    )
