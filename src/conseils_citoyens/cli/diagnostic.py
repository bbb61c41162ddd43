"""``conseils-citoyens diagnostic check|summary`` and ``conseils-citoyens cycle check|programme``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from conseils_citoyens.cli._common import (
    ExitCode,
    check_output,
    date_option,
    echo_json,
    fail,
    handle_errors,
    output_file,
    t,
)
from conseils_citoyens.cli._help import InputFile, IntRange, argument, bi, group, option
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.i18n import get_language, pick
from conseils_citoyens.rules import CheckReport, subject_heading
from conseils_citoyens.rules import format_report as rules_format_report


def format_report(report: CheckReport, heading: str) -> str:
    """Return a readable report grouped by severity, each finding with its rule and JSON path."""
    from conseils_citoyens.plugins import get_plugins

    titles = {r.id: r.title for r in get_plugins().rules()}
    return rules_format_report(report, {"fr": heading, "en": heading}, titles)


def _report_exit(report: CheckReport, heading: str, file: Path, output_format: str) -> None:
    """Print a check report and exit 0 (no error) or 1 (findings of severity error)."""
    if output_format == "json":
        echo_json({"valid": True, "file": str(file), **report.to_dict()})
    else:
        click.echo(format_report(report, heading))
    raise SystemExit(int(ExitCode.OK if report.ok else ExitCode.FINDINGS))


def _load(file: Path, cls: type[Any], output_format: str) -> Any:
    """Load and validate FILE; with ``--format json``, report schema problems as JSON."""
    from conseils_citoyens.documents.convert import load
    from conseils_citoyens.errors import ValidationError

    try:
        return load(file, cls)
    except ValidationError as exc:
        if output_format != "json":
            raise
        echo_json(
            {"valid": False, "file": str(file), "problems": [p.to_dict() for p in exc.problems]}
        )
        raise SystemExit(int(ExitCode.FINDINGS)) from None


def _write_report(subject: str, obj: Any, output: Path, force: bool) -> None:
    from conseils_citoyens.errors import ValidationError
    from conseils_citoyens.survey.workflow import write_report

    try:
        write_report(obj, subject, output, overwrite=force)
    except ValidationError as exc:
        if exc.problems and exc.problems[0].code == "report.unknown_format":
            # A wrong output suffix is a command-line mistake: usage error, exit 2.
            raise click.BadParameter(exc.problems[0].message, param_hint="-o/--output") from None
        raise
    click.echo(t(f"écrit : {output}", f"written: {output}"))


_FILE = InputFile()
_as_of = option(
    "--as-of",
    callback=date_option,
    metavar="DATE",
    default=None,
    help=bi(
        "Date de référence AAAA-MM-JJ ou JJ/MM/AAAA (défaut : aujourd'hui).", "Reference date."
    ),
)
_output_format = option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help=bi("Format de sortie.", "Output format."),
)


def _output(help_text: str) -> Callable[[Any], Any]:
    return option("-o", "--output", type=output_file(), required=True, help=help_text)


_force = option(
    "--force", is_flag=True, help=bi("Remplace un fichier existant.", "Overwrite an existing file.")
)


_DAY_NAMES = {
    **{
        name: index
        for index, name in enumerate(
            ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
        )
    },
    **{
        name: index
        for index, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}


def _qpv_option(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse a malformed QPV code before any work (usage error, exit 2)."""
    from conseils_citoyens.council.identifiers import qpv_generation

    del ctx, param
    for code in value:
        if qpv_generation(code) is None:
            raise click.BadParameter(
                t(
                    f"« {code} » n'est pas un code QPV (QP + département + 3 chiffres, ou QN + département + 2 chiffres + 1 caractère)",
                    f"'{code}' is not a QPV code (QP + département + 3 digits, or QN + département + 2 digits + 1 character)",
                ),
                param_hint="--qpv",
            )
    return value


def _slot_option(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> dict[str, Any]:
    """Parse ``CODE=JOUR[,JOUR]@HH:MM-HH:MM`` into slot times, by choice code."""
    from conseils_citoyens.diagnostics.planning import SlotTimes

    del ctx, param
    parsed: dict[str, Any] = {}
    for item in value:
        try:
            code, rest = item.split("=", 1)
            days, hours = rest.split("@", 1)
            start, end = hours.split("-", 1)
            weekdays = tuple(_DAY_NAMES[d.strip().lower()] for d in days.split(","))
            parsed[code.strip()] = SlotTimes(
                weekdays=weekdays,
                start=dt.time.fromisoformat(start.strip()),
                end=dt.time.fromisoformat(end.strip()),
            )
        except (ValueError, KeyError):
            raise click.BadParameter(
                t(
                    f"créneau illisible « {item} » : attendu CODE=JOURS@HH:MM-HH:MM, par ex. samedi=samedi@09:30-11:30",
                    f"unreadable slot '{item}': expected CODE=DAYS@HH:MM-HH:MM, e.g. samedi=saturday@09:30-11:30",
                ),
                param_hint="--slot",
            ) from None
    return parsed


@group("diagnostic")
def diagnostic_group() -> None:
    """Diagnostics partagés : vérification, fiche de synthèse.

    \f
    Shared diagnostics: check, summary sheet.
    """


@diagnostic_group.command("check")
@argument("file", type=_FILE)
@_as_of
@_output_format
@handle_errors
def diagnostic_check(file: Path, as_of: dt.date | None, output_format: str) -> None:
    """Vérifie le diagnostic FICHIER.json (schéma puis règles).

    \f
    Check the diagnostic FILE.json (schema, then rules).
    """
    from conseils_citoyens.diagnostics.checks import check_diagnostic
    from conseils_citoyens.diagnostics.model import Diagnostic

    diagnostic = _load(file, Diagnostic, output_format)
    report = check_diagnostic(diagnostic, as_of=as_of)
    labels = {"fr": "Diagnostic", "en": "Diagnostic"}
    heading = pick(subject_heading(labels, diagnostic.title, diagnostic.id), get_language())
    _report_exit(report, heading, file, output_format)


@diagnostic_group.command("summary")
@argument("file", type=_FILE)
@_output(bi("Fiche à écrire (.docx ou .odt).", "Sheet to write (.docx or .odt)."))
@_force
@handle_errors
def diagnostic_summary(file: Path, output: Path, force: bool) -> None:
    """Écrit la fiche de synthèse du diagnostic FICHIER.json en Word ou OpenDocument.

    \f
    Write the summary sheet of the diagnostic FILE.json as Word or OpenDocument.
    """
    from conseils_citoyens.diagnostics.model import Diagnostic
    from conseils_citoyens.documents.convert import load

    check_output(output, force, inputs=(file,))
    _write_report("diagnostic", load(file, Diagnostic), output, force)


@group("cycle")
def cycle_group() -> None:
    """Cycles de qualification : vérification, programme.

    \f
    Qualification cycles: check, programme, plan.
    """


@cycle_group.command("check")
@argument("file", type=_FILE)
@_as_of
@_output_format
@handle_errors
def cycle_check(file: Path, as_of: dt.date | None, output_format: str) -> None:
    """Vérifie le cycle de qualification FICHIER.json (schéma puis règles).

    \f
    Check the qualification cycle FILE.json (schema, then rules).
    """
    from conseils_citoyens.diagnostics.checks import check_cycle
    from conseils_citoyens.diagnostics.cycle import Cycle

    cycle = _load(file, Cycle, output_format)
    report = check_cycle(cycle, as_of=as_of)
    labels = {"fr": "Cycle de qualification", "en": "Qualification cycle"}
    heading = pick(subject_heading(labels, cycle.title, cycle.id), get_language())
    _report_exit(report, heading, file, output_format)


@cycle_group.command("programme")
@argument("file", type=_FILE)
@_output(bi("Programme à écrire (.docx ou .odt).", "Programme to write (.docx or .odt)."))
@_force
@handle_errors
def cycle_programme(file: Path, output: Path, force: bool) -> None:
    """Écrit le programme du cycle FICHIER.json en Word ou OpenDocument.

    \f
    Write the programme of the cycle FILE.json as Word or OpenDocument.
    """
    from conseils_citoyens.diagnostics.cycle import Cycle
    from conseils_citoyens.documents.convert import load

    check_output(output, force, inputs=(file,))
    _write_report("cycle", load(file, Cycle), output, force)


@cycle_group.command("plan")
@argument("responses", nargs=-1, required=True, type=_FILE, metavar=bi("RÉPONSES", "RESPONSES"))
@_output(
    bi(
        "Programme à écrire (.docx ou .odt, ou .json pour le cycle lui-même).",
        "Programme to write (.docx or .odt, or .json for the cycle itself).",
    )
)
@option(
    "--qpv",
    "qpv_codes",
    multiple=True,
    required=True,
    metavar="CODE",
    callback=_qpv_option,
    help=bi("Code QPV concerné (répétable).", "QPV code (repeatable)."),
)
@option(
    "--start",
    callback=date_option,
    metavar="DATE",
    required=True,
    help=bi("Début du cycle, AAAA-MM-JJ ou JJ/MM/AAAA.", "Start date."),
)
@option(
    "--end",
    callback=date_option,
    metavar="DATE",
    default=None,
    help=bi(
        "Fin du cycle (défaut : 6 mois après le début).", "End date (default: 6 months later)."
    ),
)
@option("--title", default=None, help=bi("Titre du cycle.", "Cycle title."))
@option(
    "--school-zone",
    type=click.Choice(["A", "B", "C"]),
    default=None,
    help=bi("Évite les vacances scolaires de cette zone.", "Avoid this zone's school holidays."),
)
@option(
    "--slot",
    "slots",
    multiple=True,
    metavar="CODE=JOURS@HH:MM-HH:MM",
    callback=_slot_option,
    help=bi(
        "Jours et heures d'un créneau du questionnaire, par ex. samedi=samedi@09:30-11:30 "
        "ou semaine_soir=mardi,jeudi@18:00-20:00 (répétable).",
        "Days and hours of a survey time slot, e.g. samedi=saturday@09:30-11:30 (repeatable).",
    ),
)
@option(
    "--topics",
    default=3,
    show_default=True,
    type=IntRange(1, 20),
    help=bi("Nombre de thèmes retenus.", "Number of topics."),
)
@option(
    "--min-group",
    default=5,
    show_default=True,
    type=IntRange(1),
    help=bi("Plus petit groupe dont on montre les chiffres.", "Smallest group shown."),
)
@option(
    "--questionnaire",
    "questionnaire_file",
    type=_FILE,
    default=None,
    help=bi("Questionnaire des réponses (JSON).", "Questionnaire of the responses."),
)
@option(
    "--overlay",
    type=_FILE,
    default=None,
    help=bi("Adaptation locale utilisée pour les formulaires.", "Overlay used for the forms."),
)
@option("--force", is_flag=True, help=bi("Remplace le fichier existant.", "Overwrite."))
@handle_errors
def cycle_plan(
    responses: tuple[Path, ...],
    output: Path,
    qpv_codes: tuple[str, ...],
    start: dt.date,
    end: dt.date | None,
    title: str | None,
    school_zone: str | None,
    slots: dict[str, Any],
    topics: int,
    min_group: int,
    questionnaire_file: Path | None,
    overlay: Path | None,
    force: bool,
) -> None:
    """Propose un cycle de qualification à partir des besoins de formation recensés.

    Les thèmes les plus demandés deviennent des séances, aux créneaux les plus
    choisis (au moins la moitié sur le premier), jamais un jour férié, dans les
    formats préférés, avec les besoins pratiques à prévoir. Les codes QPV
    doivent être valides aux dates du cycle. Le programme est un brouillon que
    le territoire modifie ensuite.

    \f
    Draft a qualification cycle from the training needs surveyed.

    The most requested topics become sessions, on the time slots most people
    chose (at least half on the first), never on a public holiday, in the
    preferred formats, with the practical needs to plan for. QPV codes must be
    valid on the cycle's dates. The programme is a draft the territory edits.
    """
    from conseils_citoyens.cli.report import _load
    from conseils_citoyens.diagnostics.model import Period

    check_output(output, force, inputs=(*responses, questionnaire_file, overlay))
    from conseils_citoyens.diagnostics.planning import DEFAULT_SLOT_TIMES, plan_cycle
    from conseils_citoyens.documents import schemas
    from conseils_citoyens.documents.convert import dump
    from conseils_citoyens.documents.jsonio import dumps_json, write_atomic
    from conseils_citoyens.survey.analysis import analyze
    from conseils_citoyens.survey.questionnaire.responses import validate_response

    questionnaire, batch = _load(responses, questionnaire_file, overlay)
    analysis = analyze(
        questionnaire,
        batch.responses,
        min_group=min_group,
        validator=validate_response,
        rejected=batch.rejected,
    )
    first = start
    last = end if end is not None else _six_months_after(first)
    try:
        cycle = plan_cycle(
            analysis,
            cycle_id=f"cycle-{first.isoformat()}",
            title=title or t("Cycle de qualification — proposition", "Qualification cycle — draft"),
            qpv_codes=list(qpv_codes),
            period=Period(start=first, end=last),
            topics=topics,
            lang=get_language(),
            slot_times={**DEFAULT_SLOT_TIMES, **slots},
            school_zone=school_zone,
        )
    except ValidationError as exc:
        if not exc.problems or not all(p.code.startswith("plan.") for p in exc.problems):
            raise
        # No cycle document was given: say what could not be planned, from which responses.
        names = ", ".join(map(str, responses))
        fail(
            "\n".join(
                [
                    t(
                        f"erreur : {names} : aucun cycle proposé",
                        f"error: {names}: no cycle proposed",
                    ),
                    *(f"  - {p.message}" for p in exc.problems),
                ]
            ),
            ExitCode.FINDINGS,
        )
    if output.suffix.lower() == ".json":
        data = dump(cycle)
        schemas.validate("cycle", data, source=output)  # what we write follows our schema too
        write_atomic(output, dumps_json(data), overwrite=force)
        click.echo(t(f"écrit : {output}", f"written: {output}"))
    else:
        _write_report("cycle", cycle, output, force)


def _six_months_after(day: dt.date) -> dt.date:
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, 28))
