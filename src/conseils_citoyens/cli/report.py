"""``conseils-citoyens report`` and ``conseils-citoyens responses export``."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import click

from conseils_citoyens.cli._common import (
    check_output,
    handle_errors,
    output_file,
    t,
)
from conseils_citoyens.cli._help import InputFile, IntRange, argument, bi, command, option
from conseils_citoyens.documents.jsonio import atomic_output
from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.i18n import counted, get_language

if TYPE_CHECKING:  # the model is imported when a command runs, not at start-up
    from conseils_citoyens.survey.questionnaire.model import Questionnaire

F = TypeVar("F", bound=Callable[..., Any])


def _questionnaire_for(
    given: Path | None,
    sources: Sequence[Path],
    ref: Any,
    overlay: Path | None = None,
    carried: Mapping[Any, Questionnaire] | None = None,
) -> Questionnaire:
    """Find the responses' questionnaire.

    The one the responses file carries; one given with ``--questionnaire`` or
    ``--overlay`` must then be the same (same content hash). A file written
    before responses files carried their questionnaire: the one given, the
    standard one, or the plugins' one.
    """
    from conseils_citoyens.errors import UnknownQuestionnaireError
    from conseils_citoyens.survey.questionnaire.serialize import (
        load_questionnaire,
        questionnaire_ref,
    )
    from conseils_citoyens.survey.workflow import build_questionnaire, questionnaire_catalogue

    if ref is None:
        if given is not None:
            return load_questionnaire(given)
        return build_questionnaire(overlay=overlay)
    inside = (carried or {}).get(ref)
    if inside is not None:
        if given is None and overlay is None:
            return inside
        explicit = load_questionnaire(given) if given else build_questionnaire(overlay=overlay)
        found = questionnaire_ref(explicit)
        if found != ref:
            option = f"--questionnaire {given}" if given else f"--overlay {overlay}"
            files = ", ".join(str(s) for s in sources)
            raise click.UsageError(
                t(
                    f"{option} donne le questionnaire « {found.id} » version {found.version} "
                    f"(empreinte {found.hash[:19]}…), mais les réponses de {files} viennent de "
                    f"« {ref.id} » version {ref.version} (empreinte {ref.hash[:19]}…). "
                    f"Le fichier de réponses contient déjà son questionnaire : retirez {option.split()[0]}",
                    f"{option} gives questionnaire '{found.id}' version {found.version} "
                    f"(hash {found.hash[:19]}…), but the responses of {files} come from "
                    f"'{ref.id}' version {ref.version} (hash {ref.hash[:19]}…). "
                    f"The responses file already carries its questionnaire: leave out {option.split()[0]}",
                )
            )
        return explicit
    catalogue = questionnaire_catalogue(
        overlay=overlay, questionnaire_files=[given] if given else []
    )
    try:
        return catalogue.resolve(ref, ", ".join(str(s) for s in sources))
    except UnknownQuestionnaireError:
        pass
    raise ValidationError(
        [
            Problem(
                path="$.responses[0].questionnaire",
                code="responses.not_standard",
                texts={
                    "fr": f"ces réponses viennent du questionnaire « {ref.id} » version {ref.version}, "
                    "ni standard ni celui des extensions installées, et ce fichier de réponses, "
                    "écrit par une version précédente de l'outil, ne le contient pas : donnez "
                    "l'adaptation locale utilisée avec --overlay F.json, ou le questionnaire avec "
                    "--questionnaire Q.json (questionnaire export -o Q.json)",
                    "en": f"these responses come from questionnaire '{ref.id}' version {ref.version}, "
                    "neither the standard one nor the installed plugins' one, and this responses "
                    "file, written by an earlier version of the tool, does not carry it: give the "
                    "overlay used with --overlay F.json, or the questionnaire with "
                    "--questionnaire Q.json (questionnaire export -o Q.json)",
                },
            )
        ],
        kind="responses",
        source=", ".join(str(s) for s in sources),
    )


#: Spellings ``--by`` accepts for the respondent breakdowns (after accents and case are dropped).
_BY_ALIASES: Final = {
    "college": "college",
    "council": "council",
    "conseil": "council",
    "commune": "commune",
    "epci": "epci",
    "intercommunalite": "epci",
}
_BY_ATTRIBUTES: Final = {"council": "council_id", "commune": "commune", "epci": "epci"}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def resolve_by(
    by: str | None, questionnaire: Questionnaire, responses: Sequence[Any]
) -> str | None:
    """Check ``--by`` before any work: a known breakdown, with data to break down.

    ``collège`` is read as ``college``, ``conseil`` as ``council``. An unknown
    value, or a breakdown by a respondent fact no response carries (``commune``
    when the forms did not ask it), is a usage error (exit 2) listing what is
    possible.
    """
    from conseils_citoyens.survey.questionnaire.model import Scale, SingleChoice, YesNo

    if by is None:
        return None
    questions = [
        q.id for q in questionnaire.questions() if isinstance(q, SingleChoice | YesNo | Scale)
    ]
    has_college = any(q.endswith("college") for q in questions)
    key = _BY_ALIASES.get(_plain(by))
    if key == "college" and not has_college:
        key = None
    if key is None and by.strip() in questions:
        return by.strip()
    if key is None:
        facts = ["college"] * has_college + ["council", "commune", "epci"]
        others = [q for q in questions if not q.endswith("college")]
        raise click.BadParameter(
            t(
                f"répartition inconnue « {by} » ; possibles : {', '.join(facts)}, ou une question "
                f"à choix unique du questionnaire : {', '.join(others) or '—'}",
                f"unknown breakdown '{by}'; possible: {', '.join(facts)}, or a single-choice "
                f"question of the questionnaire: {', '.join(others) or '—'}",
            ),
            param_hint="--by",
        )
    attribute = _BY_ATTRIBUTES.get(key)
    if (
        attribute is not None
        and responses
        and not any(getattr(r.respondent, attribute, None) for r in responses)
    ):
        what_fr, what_en, how_fr, how_en = {
            "council": (
                "son conseil citoyen",
                "its council",
                "exportez des formulaires personnalisés avec --council",
                "export personalised forms with --council",
            ),
            "commune": (
                "sa commune",
                "its commune",
                "les formulaires ne la demandent pas",
                "the forms do not ask for it",
            ),
            "epci": (
                "son intercommunalité (EPCI)",
                "its EPCI",
                "les formulaires ne la demandent pas",
                "the forms do not ask for it",
            ),
        }[key]
        raise click.BadParameter(
            t(
                f"répartition par « {key} » impossible : aucune réponse n'indique {what_fr} "
                f"({how_fr}) ; choisissez une autre répartition (college, ou une question à "
                "choix unique)",
                f"cannot break down by '{key}': no response gives {what_en} ({how_en}); "
                "choose another breakdown (college, or a single-choice question)",
            ),
            param_hint="--by",
        )
    return key


def _full_validator() -> Any:
    """Return the full response check (schema derived from the questionnaire, conditions)."""
    from conseils_citoyens.survey.questionnaire.responses import validate_response

    return validate_response


def _load(
    responses: Sequence[Path], questionnaire_file: Path | None, overlay: Path | None = None
) -> tuple[Questionnaire, Any]:
    from conseils_citoyens.survey.responses_file import read_responses, single_ref

    batch = read_responses(responses)
    ref = single_ref(batch, responses)
    questionnaire = _questionnaire_for(
        questionnaire_file, responses, ref, overlay, batch.questionnaires
    )
    return questionnaire, batch


def _responses_options(function: F) -> F:
    """The options shared by the commands that read responses files."""
    for decorator in reversed(
        (
            option(
                "--csv-dialect",
                type=click.Choice(["excel-fr", "rfc4180"]),
                default="excel-fr",
                show_default=True,
                help=bi("CSV pour Excel en français (;) ou CSV standard (,).", "CSV flavour."),
            ),
            option(
                "--questionnaire",
                "questionnaire_file",
                type=InputFile(),
                default=None,
                help=bi(
                    "Questionnaire des réponses (défaut : le questionnaire standard).",
                    "Questionnaire.",
                ),
            ),
            option(
                "--overlay",
                type=InputFile(),
                default=None,
                help=bi(
                    "Adaptation locale utilisée pour les formulaires.",
                    "Overlay used for the forms.",
                ),
            ),
            option("--force", is_flag=True, help=bi("Remplace le fichier existant.", "Overwrite.")),
        )
    ):
        function = decorator(function)
    return function


@command("report")
@argument(
    "responses", nargs=-1, required=True, type=InputFile(), metavar=bi("RÉPONSES", "RESPONSES")
)
@option(
    "-o",
    "--output",
    required=True,
    type=output_file(),
    help=bi("Fichier du rapport : .docx, .odt, .csv, .json ou .md.", "Report file."),
)
@option(
    "--by",
    default=None,
    help=bi(
        "Répartition : college, council, commune, epci ou l'identifiant d'une question à choix unique.",
        "Break down by.",
    ),
)
@option(
    "--min-group",
    type=IntRange(min=1),
    default=5,
    show_default=True,
    help=bi("Plus petit groupe dont les chiffres sont montrés.", "Smallest group shown."),
)
@option(
    "--council",
    "council_files",
    multiple=True,
    type=InputFile(),
    metavar="CONSEIL.json",
    help=bi(
        "Fichier d'un conseil citoyen : son taux de réponse en page 1 (répétable).",
        "A council file: its response rate on page 1 (repeatable).",
    ),
)
@option(
    "--top",
    type=IntRange(min=1, max=20),
    default=3,
    show_default=True,
    help=bi(
        "Nombre de formations nommées en page 1 (« À retenir »).", "Trainings named on page 1."
    ),
)
@option(
    "--with-comments",
    is_flag=True,
    help=bi("Inclut le texte des réponses libres.", "Include free-text answers."),
)
@option(
    "--release-log",
    type=InputFile(),
    default=None,
    help=bi(
        "Journal des ensembles déjà publiés (défaut : RÉPONSES.publications.json à côté "
        "des réponses).",
        "Log of the sets already published (default: RESPONSES.publications.json next to "
        "the responses).",
    ),
)
@option(
    "--no-release-log",
    is_flag=True,
    help=bi(
        "Ne lit ni n'écrit le journal des publications.",
        "Neither read nor write the release log.",
    ),
)
@_responses_options
@handle_errors
def report_command(
    responses: tuple[Path, ...],
    output: Path,
    by: str | None,
    min_group: int,
    council_files: tuple[Path, ...],
    top: int,
    with_comments: bool,
    release_log: Path | None,
    no_release_log: bool,
    csv_dialect: str,
    questionnaire_file: Path | None,
    overlay: Path | None,
    force: bool,
) -> None:
    """Analyse les réponses de RÉPONSES.json et écrit le rapport des besoins de formation.

    Chaque rapport note dans un journal (RÉPONSES.publications.json) les ensembles de
    personnes dont il publie les chiffres ; un rapport suivant ne publie pas les chiffres
    d'un ensemble qui n'en diffère que de 1 à MIN_GROUP − 1 personnes.

    \f
    Analyse the responses RESPONSES.json and write the training-needs report.
    """

    from conseils_citoyens.council.model import Council
    from conseils_citoyens.documents.convert import load
    from conseils_citoyens.formats import ReportOptions
    from conseils_citoyens.formats.report import SUBJECT
    from conseils_citoyens.formats.report.content import council_responses
    from conseils_citoyens.plugins import get_plugins
    from conseils_citoyens.survey.analysis import analysed_responses, analyze
    from conseils_citoyens.survey.privacy import ReleaseLog, default_release_log_path
    from conseils_citoyens.survey.workflow import write_report

    check_output(output, force, inputs=(*responses, questionnaire_file, overlay))
    # Refuse an unknown format before the analysis, not after it.
    if get_plugins().report_format_for(SUBJECT, output.suffix) is None:
        known = sorted(
            {s for f in get_plugins().report_formats(SUBJECT).values() for s in f.suffixes}
        )
        raise click.UsageError(
            t(
                f"extension de sortie inconnue « {output.suffix} » (possibles : {', '.join(known)})",
                f"unknown output extension '{output.suffix}' (possible: {', '.join(known)})",
            )
        )
    councils = [load(path, Council) for path in council_files]
    if no_release_log and release_log is not None:
        raise click.UsageError(
            t(
                "--release-log et --no-release-log s'excluent : choisissez l'un des deux",
                "--release-log and --no-release-log exclude each other: choose one",
            )
        )
    log_path = None if no_release_log else (release_log or default_release_log_path(responses[0]))
    log = ReleaseLog.load(log_path) if log_path is not None else None
    questionnaire, batch = _load(responses, questionnaire_file, overlay)
    by = resolve_by(by, questionnaire, batch.responses)
    analysis = analyze(
        questionnaire,
        batch.responses,
        by=by,
        min_group=min_group,
        validator=_full_validator(),
        rejected=batch.rejected,
        release_log=log,
    )
    options = ReportOptions(
        lang=get_language(),
        min_group=min_group,
        with_comments=with_comments,
        by=by,
        csv_dialect=csv_dialect,
        top=top,
        issuer=questionnaire.issuer.get(get_language()) if questionnaire.issuer else None,
        councils=council_responses(
            councils,
            analysed_responses(analysis, batch.responses, batch.rejected),
            min_group,
            dt.date.today(),
        )
        if councils
        else (),
    )
    write_report(analysis, SUBJECT, output, options=options, overwrite=force)
    if log is not None and log_path is not None:
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        log.record(when, output.name, analysis.released)
        log.save(log_path)
    for conflict in analysis.release_conflicts:
        click.echo(t("attention : ", "warning: ") + conflict.message(get_language()), err=True)
    if analysis.release_conflicts:
        click.echo(
            t(
                f"journal des publications : {log_path} (--no-release-log pour s'en passer)",
                f"release log: {log_path} (--no-release-log to do without)",
            ),
            err=True,
        )
    left_out = len(analysis.excluded)
    analysed = counted(analysis.analysed, {"fr": ("réponse analysée", "réponses analysées")}, "fr")
    of_received = counted(analysis.received, {"en": ("response", "responses")}, "en")
    set_aside = counted(left_out, {"fr": ("écartée", "écartées")}, "fr")
    click.echo(
        t(
            f"{output} : {analysed} sur {analysis.received}"
            + (f", {set_aside} (détail dans le rapport)" if left_out else ""),
            f"{output}: {analysis.analysed} of {of_received} analysed"
            + (f", {left_out} left out (details in the report)" if left_out else ""),
        )
    )
    for exclusion in analysis.excluded[:10]:
        first = exclusion.problems[0].message if exclusion.problems else ""
        click.echo(
            t(
                f"  réponse n° {exclusion.index + 1} écartée : {first}",
                f"  response #{exclusion.index + 1} left out: {first}",
            ),
            err=True,
        )


@command("export")
@argument(
    "responses", nargs=-1, required=True, type=InputFile(), metavar=bi("RÉPONSES", "RESPONSES")
)
@option(
    "-o",
    "--output",
    required=True,
    type=output_file(),
    help=bi("Fichier .csv ou .json.", "Output file."),
)
@option(
    "--labels",
    is_flag=True,
    help=bi("Libellés en clair plutôt que les codes.", "Labels instead of codes."),
)
@_responses_options
@handle_errors
def export_command(
    responses: tuple[Path, ...],
    output: Path,
    labels: bool,
    csv_dialect: str,
    questionnaire_file: Path | None,
    overlay: Path | None,
    force: bool,
) -> None:
    """Exporte les réponses brutes : une ligne par répondant, une colonne par case.

    \f
    Export the raw responses: one row per respondent, one column per box.
    """
    from conseils_citoyens.survey import raw_export as export_responses
    from conseils_citoyens.survey.analysis import check_versions

    check_output(output, force, inputs=(*responses, questionnaire_file, overlay))
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise click.UsageError(
            t(
                f"extension de sortie inconnue « {output.suffix} » (possibles : .csv, .json)",
                f"unknown output extension '{output.suffix}' (possible: .csv, .json)",
            )
        )
    questionnaire, batch = _load(responses, questionnaire_file, overlay)
    check_versions(questionnaire, batch.responses)
    lang = get_language()
    with atomic_output(output, overwrite=force) as stream:
        if suffix == ".csv":
            export_responses.write_csv(
                questionnaire,
                batch.responses,
                stream,
                labels=labels,
                lang=lang,
                dialect=csv_dialect,
            )
        else:
            export_responses.write_json(
                questionnaire, batch.responses, stream, labels=labels, lang=lang
            )
    exported = counted(
        len(batch.responses),
        {
            "fr": ("réponse exportée", "réponses exportées"),
            "en": ("response exported", "responses exported"),
        },
    )
    click.echo(t(f"{output} : {exported}", f"{output}: {exported}"))
    if batch.rejected:
        click.echo(
            counted(
                len(batch.rejected),
                {
                    "fr": ("entrée illisible non exportée", "entrées illisibles non exportées"),
                    "en": ("unreadable entry not exported", "unreadable entries not exported"),
                },
            ),
            err=True,
        )
