"""Training-needs report formats: Word, OpenDocument, CSV, JSON, Markdown.

A built-in plugin: :func:`register_report_formats` registers them through the
same hook third-party formats use (subject ``training_needs``). python-docx
and odfpy are imported only when a document is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Final

from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.formats import ReportFormat, ReportOptions
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.i18n import typeset_all

if TYPE_CHECKING:  # the analysis loads when a report is written, not at registration
    from conseils_citoyens.survey.analysis import Analysis

SUBJECT: Final = "training_needs"


def _analysis(obj: Any) -> Analysis:
    from conseils_citoyens.survey.analysis import Analysis

    if not isinstance(obj, Analysis):
        raise ValidationError(
            [
                Problem(
                    path="$",
                    code="report.not_an_analysis",
                    texts={
                        "fr": f"un rapport de besoins de formation attend une analyse, pas {type(obj).__name__}",
                        "en": f"a training-needs report expects an analysis, not {type(obj).__name__}",
                    },
                )
            ],
            kind="report",
        )
    return obj


def write_docx(obj: Any, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the training-needs report as Word (.docx)."""
    from conseils_citoyens.formats.report import docx_writer
    from conseils_citoyens.formats.report.content import build_report

    # French typography at the one place the report becomes a document (see i18n.typeset)
    docx_writer.write_docx(typeset_all(build_report(_analysis(obj), options), options.lang), stream)


def write_odt(obj: Any, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the training-needs report as OpenDocument (.odt)."""
    from conseils_citoyens.formats.report import odt_writer
    from conseils_citoyens.formats.report.content import build_report

    odt_writer.write_odt(typeset_all(build_report(_analysis(obj), options), options.lang), stream)


def write_csv(obj: Any, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the training-needs report as CSV (French Excel or RFC 4180)."""
    from conseils_citoyens.formats.report import tabular

    tabular.write_csv(_analysis(obj), stream, options)


def write_json(obj: Any, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the training-needs report as JSON (``report.schema.json``)."""
    from conseils_citoyens.formats.report import tabular

    tabular.write_json(_analysis(obj), stream, options)


def write_markdown(obj: Any, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the training-needs report as Markdown."""
    from conseils_citoyens.formats.report import tabular

    tabular.write_markdown(_analysis(obj), stream, options)


def report_formats() -> tuple[ReportFormat, ...]:
    """Return the built-in training-needs report formats."""
    specs: tuple[
        tuple[str, str, str, Callable[[Any, IO[bytes], ReportOptions], None], str, str], ...
    ] = (
        (
            "docx",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            write_docx,
            "Rapport Word : synthèse puis tableaux détaillés",
            "Word report: summary, then detail tables",
        ),
        (
            "odt",
            ".odt",
            "application/vnd.oasis.opendocument.text",
            write_odt,
            "Rapport OpenDocument (LibreOffice) : synthèse puis tableaux détaillés",
            "OpenDocument (LibreOffice) report: summary, then detail tables",
        ),
        (
            "csv",
            ".csv",
            "text/csv",
            write_csv,
            "Tableau CSV (un chiffre par ligne) pour Excel ou LibreOffice Calc",
            "CSV table (one figure a line) for spreadsheets",
        ),
        (
            "json",
            ".json",
            "application/json",
            write_json,
            "Données du rapport en JSON (schéma report.schema.json)",
            "Report data as JSON (report.schema.json)",
        ),
        (
            "markdown",
            ".md",
            "text/markdown",
            write_markdown,
            "Rapport Markdown",
            "Markdown report",
        ),
    )
    return tuple(
        ReportFormat(
            name=name,
            subject=SUBJECT,
            suffixes=(suffix,),
            media_type=media_type,
            write=write,
            description={"fr": fr, "en": en},
        )
        for name, suffix, media_type, write, fr, en in specs
    )


def format_for_suffix(suffix: str) -> ReportFormat | None:
    """Return the built-in training-needs format writing files ending in ``suffix``."""
    wanted = suffix.lower()
    return next((f for f in report_formats() if wanted in f.suffixes), None)


@hookimpl
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    """Register the training-needs report formats."""
    for report_format in report_formats():
        register(report_format)


__all__ = [
    "SUBJECT",
    "format_for_suffix",
    "register_report_formats",
    "report_formats",
    "write_csv",
    "write_docx",
    "write_json",
    "write_markdown",
    "write_odt",
]
