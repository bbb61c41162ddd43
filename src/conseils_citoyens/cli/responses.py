"""``conseils-citoyens responses import FORM... -o responses.json``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from conseils_citoyens.cli._common import (
    OUTPUT_FILE,
    ExitCode,
    check_output,
    echo_json,
    fail,
    handle_errors,
    t,
)
from conseils_citoyens.cli._help import InputFile, argument, bi, command, option
from conseils_citoyens.i18n import counted, get_language


@command("import")
@argument(
    "forms",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    metavar=bi("FORMULAIRES", "FORMS"),
)
@option(
    "-o",
    "--output",
    required=True,
    type=OUTPUT_FILE,
    help=bi("Fichier de réponses JSON à écrire.", "Responses file (JSON) to write."),
)
@option(
    "--overlay",
    type=InputFile(),
    help=bi("Adaptation locale utilisée à l'export des formulaires.", "Overlay used at export."),
)
@option(
    "--questionnaire",
    "questionnaire_files",
    multiple=True,
    type=InputFile(),
    help=bi(
        "Questionnaire exporté en JSON dont viennent des formulaires (répétable).",
        "Questionnaire JSON the forms come from (repeatable).",
    ),
)
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help=bi("Format du résumé.", "Summary format."),
)
@option("--force", is_flag=True, help=bi("Remplace le fichier existant.", "Overwrite."))
@handle_errors
def import_command(
    forms: tuple[Path, ...],
    output: Path,
    overlay: Path | None,
    questionnaire_files: tuple[Path, ...],
    output_format: str,
    force: bool,
) -> None:
    """Importe des formulaires remplis (.docx, .odt) et écrit les réponses validées.

    Un fichier illisible n'arrête jamais le lot : chaque fichier est importé,
    importé avec problèmes, refusé (avec la raison) ou signalé comme doublon.
    Code de sortie 1 si un fichier est refusé.

    \f
    Import filled forms (.docx, .odt) and write the validated responses.

    An unreadable file never stops the batch: each file is imported,
    imported with problems, refused (with the reason) or reported as a
    duplicate. Exit code 1 when a file is refused.
    """
    from conseils_citoyens.documents.jsonio import dumps_json, write_atomic
    from conseils_citoyens.survey.imports import Outcome, import_forms
    from conseils_citoyens.survey.responses_file import responses_file_data
    from conseils_citoyens.survey.workflow import questionnaire_catalogue

    check_output(output, force, inputs=(*forms, overlay, *questionnaire_files))
    if output.suffix.lower() != ".json":
        raise click.BadParameter(
            t(
                f"le fichier de réponses s'écrit en .json, pas « {output.suffix or 'sans extension'} »"
                f" (par exemple : -o reponses.json)",
                f"the responses file is written as .json, not '{output.suffix or 'no suffix'}'"
                f" (for example: -o responses.json)",
            ),
            param_hint="--output",
        )
    missing = [form for form in forms if not form.exists()]
    if missing:
        fail(
            t(
                f"erreur : introuvable : {', '.join(map(str, missing))} "
                "(vérifiez le nom du dossier ou du fichier) ; rien n'a été importé",
                f"error: not found: {', '.join(map(str, missing))} "
                "(check the folder or file name); nothing was imported",
            ),
            ExitCode.UNREADABLE,
        )
    special = [form for form in forms if not form.is_dir() and not form.is_file()]
    if special:
        fail(
            t(
                f"erreur : pas un fichier ordinaire (périphérique, tube nommé…) : "
                f"{', '.join(map(str, special))} ; rien n'a été lu ni importé",
                f"error: not a regular file (device, named pipe…): "
                f"{', '.join(map(str, special))}; nothing was read or imported",
            ),
            ExitCode.UNREADABLE,
        )
    files, ignored = _expand(forms)
    for path in ignored:
        click.echo(
            t(
                f"ignoré : {path} (fichier caché ou de verrouillage de Word/LibreOffice)",
                f"ignored: {path} (hidden file, or a Word/LibreOffice lock file)",
            ),
            err=True,
        )
    if not files:
        fail(
            t(
                f"erreur : aucun formulaire à importer dans {', '.join(map(str, forms))} "
                "(dossier vide ?) ; rien n'a été écrit",
                f"error: no form to import in {', '.join(map(str, forms))} "
                "(empty folder?); nothing was written",
            ),
            ExitCode.UNREADABLE,
        )
    catalogue = questionnaire_catalogue(overlay=overlay, questionnaire_files=questionnaire_files)
    if len(files) > 5 and output_format == "text" and sys.stderr.isatty():
        with click.progressbar(
            length=len(files), label=t("Import", "Import"), file=sys.stderr, show_pos=True
        ) as bar:
            result = import_forms(
                files, catalogue, progress=lambda done, total, name: bar.update(1)
            )
    else:
        result = import_forms(files, catalogue)
    known = [catalogue.resolve(ref, str(output)) for ref in catalogue.refs()]
    data = responses_file_data(result, known)
    write_atomic(output, dumps_json(data), overwrite=force)
    if output_format == "json":
        echo_json(
            {
                "output": str(output),
                "imports": data["imports"],
                "counts": {o.value: result.count(o) for o in Outcome},
            }
        )
    else:
        _print_summary(result, output, unusable_responses(result, catalogue))
    if result.refused:
        raise SystemExit(int(ExitCode.FINDINGS))


def _expand(forms: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """Folders stand for every file they hold (not recursive).

    Every file goes to the batch, so that a PDF or a photo dropped among the
    forms is refused with its reason rather than passed over; only the lock
    files Word (``~$…``) and LibreOffice (``.~lock.…#``) leave beside an open
    document, and hidden files, are set aside, and listed as such.
    """
    files: list[Path] = []
    ignored: list[Path] = []
    for form in forms:
        if not form.is_dir():
            files.append(form)
            continue
        for path in sorted(p for p in form.iterdir() if p.is_file()):
            (ignored if path.name.startswith(("~$", ".")) else files).append(path)
    return files, ignored


def unusable_responses(result: Any, catalogue: Any) -> dict[str, str]:
    """File -> why: imported responses the report will leave out (they break a rule).

    A form « importé avec problèmes » lost the answers that could not be read;
    when what is left does not follow the questionnaire (a required answer now
    missing, for example), the report leaves the response out: say it now.
    """
    from conseils_citoyens.survey.questionnaire.responses import validate_response

    found: dict[str, str] = {}
    for outcome in result.outcomes:
        if outcome.response is None:
            continue
        questionnaire = catalogue.resolve(outcome.response.questionnaire, str(outcome.file))
        problems = validate_response(questionnaire, outcome.response)
        if problems:
            found[str(outcome.file)] = problems[0].message
    return found


def _print_summary(result: object, output: Path, unusable: dict[str, str]) -> None:
    from conseils_citoyens.survey.imports import BatchResult, Outcome

    assert isinstance(result, BatchResult)
    lang = get_language()
    width = max((len(str(o.file)) for o in result.outcomes), default=10)
    header = t("fichier", "file").ljust(width)
    click.echo(f"{header}  {t('résultat', 'outcome')}")
    for outcome in result.outcomes:
        click.echo(f"{str(outcome.file).ljust(width)}  {outcome.outcome.label(lang)}")
        for problem in outcome.problems:
            click.echo(f"{'':{width}}    - {problem.message}")
        if str(outcome.file) in unusable:
            click.echo(
                f"{'':{width}}    "
                + t(
                    "⇒ réponse inutilisable : le rapport l'écartera (corrigez le formulaire et "
                    "importez-le de nouveau)",
                    "⇒ unusable response: the report will leave it out (correct the form and "
                    "import it again)",
                )
            )
    counts = ", ".join(o.counted(result.count(o), lang) for o in Outcome if result.count(o))
    written = counted(
        len(result.responses),
        {
            "fr": ("réponse écrite", "réponses écrites"),
            "en": ("response written", "responses written"),
        },
        lang,
    )
    click.echo(t(f"{written} dans {output} ({counts})", f"{written} to {output} ({counts})"))
    if unusable:
        left_out = counted(
            len(unusable),
            {
                "fr": ("réponse sera écartée", "réponses seront écartées"),
                "en": ("response will be left out", "responses will be left out"),
            },
            lang,
        )
        click.echo(t(f"dont {left_out} du rapport", f"of which {left_out} of the report"))


def register(group: click.Group) -> None:
    """Add ``responses import`` to the ``responses`` group (created by the report module)."""
    existing = group.commands.get("responses")
    if isinstance(existing, click.Group):
        existing.add_command(import_command)
        return
    from conseils_citoyens.cli.report import responses_group

    responses_group.add_command(import_command)
    group.add_command(responses_group)
