"""The ``conseils-citoyens responses`` group: ``import`` and ``review`` here, ``export`` in report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from conseils_citoyens.cli._common import (
    ExitCode,
    check_output,
    echo_json,
    fail,
    handle_errors,
    output_file,
    t,
)
from conseils_citoyens.cli._help import (
    InputFile,
    OutputFolder,
    argument,
    bi,
    command,
    group,
    option,
)
from conseils_citoyens.cli.report import export_command
from conseils_citoyens.errors import Problem
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
    type=output_file(),
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
@option(
    "--crops",
    type=OutputFolder(),
    help=bi(
        "Formulaires scannés : dossier des images des marques douteuses (par défaut à côté "
        "du fichier de réponses).",
        "Scanned forms: folder for pictures of doubtful marks (default: beside the output).",
    ),
)
@option(
    "--decisions",
    type=InputFile(),
    help=bi(
        "Formulaires scannés : décisions prises sur les marques douteuses (fichier de "
        "« responses review »).",
        "Scanned forms: decisions on doubtful marks (file of 'responses review').",
    ),
)
@option("--force", is_flag=True, help=bi("Remplace le fichier existant.", "Overwrite."))
@handle_errors
def import_command(
    forms: tuple[Path, ...],
    output: Path,
    overlay: Path | None,
    questionnaire_files: tuple[Path, ...],
    output_format: str,
    crops: Path | None,
    decisions: Path | None,
    force: bool,
) -> None:
    """Importe des formulaires remplis (.docx, .odt, scans .pdf/.png/.jpg/.tif) et écrit les réponses.

    Un fichier illisible n'arrête jamais le lot : chaque fichier est importé,
    importé avec problèmes, refusé (avec la raison) ou signalé comme doublon.
    Les scans de formulaires papier sont lus case par case ; une marque
    douteuse ou un texte manuscrit n'est jamais deviné : voir « responses review ».
    Code de sortie 1 si un fichier est refusé.

    \f
    Import filled forms (.docx, .odt, scans .pdf/.png/.jpg/.tif) and write the responses.

    An unreadable file never stops the batch: each file is imported,
    imported with problems, refused (with the reason) or reported as a
    duplicate. Scans of paper forms are read box by box; a doubtful mark or
    handwriting is never guessed: see 'responses review'. Exit code 1 when a
    file is refused.
    """
    from conseils_citoyens.documents.jsonio import dumps_json, write_atomic
    from conseils_citoyens.formats.scan.importer import SCAN_SUFFIXES, is_scan
    from conseils_citoyens.survey.imports import (
        BatchResult,
        Outcome,
        combine_batches,
        form_files,
        import_forms,
    )
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
    files, ignored = form_files(forms)
    for item in ignored:  # every file of a folder that is not imported, and why
        click.echo(
            t(
                f"ignoré : {item.path} ({item.message('fr')})",
                f"ignored: {item.path} ({item.message('en')})",
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
    scans = [f for f in files if is_scan(f)]
    files = [f for f in files if not is_scan(f)]
    scan_batch = _import_scans(scans, catalogue, output, crops, decisions) if scans else None
    if len(files) > 5 and output_format == "text" and sys.stderr.isatty():
        with click.progressbar(
            length=len(files), label=t("Import", "Import"), file=sys.stderr, show_pos=True
        ) as bar:
            result = import_forms(
                files,
                catalogue,
                progress=lambda done, total, name: bar.update(1),
                also_read=SCAN_SUFFIXES,
            )
    else:
        result = (
            import_forms(files, catalogue, also_read=SCAN_SUFFIXES)
            if files
            else BatchResult(outcomes=())
        )
    if scan_batch is not None:  # one respondent typed and scanned: counted once
        result = combine_batches(result, BatchResult(outcomes=scan_batch.outcomes))
    result = BatchResult(outcomes=result.outcomes, ignored=tuple(ignored))  # kept on record
    known = [catalogue.resolve(ref, str(output)) for ref in catalogue.refs()]
    data = responses_file_data(result, known)
    if scan_batch is not None:
        data["scans"] = scan_batch.to_data()
    write_atomic(output, dumps_json(data), overwrite=force)
    if output_format == "json":
        echo_json(
            {
                "output": str(output),
                "imports": data["imports"],
                "counts": {o.value: result.count(o) for o in Outcome},
                "ignored": [
                    {"file": str(i.path), "reason": i.reason.value, "message": i.message()}
                    for i in ignored
                ],
            }
        )
    else:
        _print_summary(result, output, unusable_responses(result, catalogue))
    if result.refused:
        raise SystemExit(int(ExitCode.FINDINGS))


def _import_scans(
    scans: list[Path],
    catalogue: object,
    output: Path,
    crops: Path | None,
    decisions: Path | None,
) -> Any:
    """Read scanned paper forms; without the scan extra each file is refused with the reason."""
    from conseils_citoyens.formats.scan._deps import MissingDependencyError, require
    from conseils_citoyens.formats.scan.importer import ScanBatch, import_scans
    from conseils_citoyens.formats.scan.review import read_decisions
    from conseils_citoyens.survey.imports import FormOutcome, Outcome, QuestionnaireCatalogue

    assert isinstance(catalogue, QuestionnaireCatalogue)
    try:
        for module in ("numpy", "pypdfium2", "zxingcpp", "PIL"):
            require(module)
    except MissingDependencyError as exc:
        refused = tuple(
            FormOutcome(
                file=Path(scan),
                outcome=Outcome.REFUSED,
                problems=(Problem(path="$", code=exc.code, texts=exc.texts),),
            )
            for scan in scans
        )
        return ScanBatch(outcomes=refused, forms=())
    folder = crops or output.with_name(f"{output.stem}-images")
    taken = read_decisions(decisions) if decisions else []
    return import_scans(scans, catalogue, crops=folder, decisions=taken)


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


@command("review")
@argument(
    "responses",
    type=InputFile(),
    metavar=bi("REPONSES.json", "RESPONSES.json"),
)
@option(
    "-o",
    "--output",
    required=True,
    type=output_file(),
    help=bi(
        "Page HTML à écrire (s'ouvre dans un navigateur, sans serveur).",
        "HTML page to write (opens in a browser, no server).",
    ),
)
@option(
    "--decisions",
    type=output_file(),
    help=bi(
        "Fichier de décisions à préremplir, .csv ou .json (par défaut : à côté de la page, "
        "en .csv).",
        "Decisions file to pre-fill, .csv or .json (default: beside the page, as .csv).",
    ),
)
@option("--force", is_flag=True, help=bi("Remplace les fichiers existants.", "Overwrite."))
@handle_errors
def review_command(responses: Path, output: Path, decisions: Path | None, force: bool) -> None:
    """Liste les marques douteuses et textes manuscrits des scans, à décider par une personne.

    Écrit une page HTML (images comprises) et un fichier de décisions prérempli ;
    remplissez la colonne « decision », puis relancez « responses import » sur les
    mêmes scans avec --decisions pour obtenir des réponses complètes.

    \f
    List the doubtful marks and handwriting of scans, for a person to decide.

    Writes an HTML page (pictures included) and a pre-filled decisions file;
    fill in the 'decision' column, then run 'responses import' again on the
    same scans with --decisions to get complete responses.
    """
    from conseils_citoyens.documents.jsonio import read_json, write_atomic
    from conseils_citoyens.formats.scan.review import (
        decision_rows,
        pending_count,
        review_html,
        write_decisions,
    )

    target = decisions or output.with_name(f"{output.stem}-decisions.csv")
    check_output(output, force, inputs=(responses,))
    check_output(target, force, inputs=(responses, output))
    data = read_json(responses)
    if not isinstance(data, dict) or "responses" not in data:
        fail(
            t(
                f"erreur : {responses} n'est pas un fichier de réponses écrit par « responses import »",
                f"error: {responses} is not a responses file written by 'responses import'",
            ),
            ExitCode.UNREADABLE,
        )
    rows = decision_rows(data)
    write_atomic(target, write_decisions(rows, target), overwrite=force)
    page = review_html(data, target.name, base=responses.parent)
    write_atomic(output, page.encode("utf-8"), overwrite=force)
    pending = pending_count(data)
    lang = get_language()
    zones = counted(
        len(rows), {"fr": ("zone à vérifier", "zones à vérifier"), "en": ("zone", "zones")}, lang
    )
    if not rows:
        message = t(
            f"{output} : aucune zone à vérifier (ni marque douteuse ni texte manuscrit dans "
            f"{responses})",
            f"{output}: no zone to check (no doubtful mark or handwriting in {responses})",
        )
    elif not pending:
        message = t(
            f"{output} : {zones}, toutes décidées (décisions dans {target})",
            f"{output}: {zones} to check, all decided (decisions in {target})",
        )
    else:
        message = t(
            f"{output} : {zones}, dont {pending} sans décision ; décisions à écrire dans {target}",
            f"{output}: {zones} to check, {pending} without a decision; write decisions in {target}",
        )
    click.echo(message)


@group("responses")
def responses_group() -> None:
    """Réponses au questionnaire : import, export pour les analystes.

    \f
    Questionnaire responses: import, export for analysts.
    """


responses_group.add_command(import_command)
responses_group.add_command(export_command)
responses_group.add_command(review_command)
