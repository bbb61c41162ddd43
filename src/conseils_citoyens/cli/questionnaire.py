"""``conseils-citoyens questionnaire export|schema``."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from conseils_citoyens.cli._common import check_output, echo_json, handle_errors, output_file, t
from conseils_citoyens.cli._help import InputFile, bi, group, option
from conseils_citoyens.documents.jsonio import dumps_json, write_atomic

_OVERLAY_HELP = bi("Adaptation locale (fichier JSON).", "Local overlay (JSON file).")


@group("questionnaire")
def questionnaire_group() -> None:
    """Exporte le questionnaire de recensement des besoins de formation et son schéma.

    \f
    Export the training-needs questionnaire and its response schema.
    """


@questionnaire_group.command("export")
@option(
    "-o",
    "--output",
    required=True,
    type=output_file(),
    help=bi(
        "Fichier à écrire ; le suffixe choisit le format (.json, .docx, .odt, .pdf).",
        "Output file; the suffix picks the format (.json, .docx, .odt, .pdf).",
    ),
)
@option("--overlay", type=InputFile(), help=_OVERLAY_HELP)
@option(
    "--lang",
    "form_lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help=bi(
        "Langue du questionnaire (défaut : celle des messages, --lang avant la commande).",
        "Questionnaire language (default: that of messages, --lang before the command).",
    ),
)
@option(
    "--token",
    "tokens",
    multiple=True,
    metavar=bi("JETON", "TOKEN"),
    help=bi(
        "Personnalise le formulaire pour un répondant (répétable : un fichier par jeton).",
        "Personalise the form for one respondent (repeatable: one file per token).",
    ),
)
@option(
    "--council",
    "council_id",
    metavar="ID",
    help=bi(
        "Identifiant du conseil citoyen imprimé sur le formulaire.",
        "Council id printed on the form.",
    ),
)
@option(
    "--easy-read",
    is_flag=True,
    help=bi(
        "Formulaire facile à lire et à comprendre (.docx, .odt) : grands caractères, une "
        "question à la fois, pas de tableau.",
        "Easy-read form (.docx, .odt): large print, one question at a time, no grid.",
    ),
)
@option(
    "--geometry",
    type=output_file(),
    help=bi(
        "Avec -o FORMULAIRE.pdf : écrit en JSON la position de chaque case et zone d'écriture "
        "(option scan).",
        "With -o FORM.pdf: write every box and write-in zone position as JSON (scan extra).",
    ),
)
@option("--force", is_flag=True, help=bi("Remplace le fichier s'il existe.", "Overwrite."))
@handle_errors
def export_command(
    output: Path,
    overlay: Path | None,
    form_lang: str | None,
    tokens: tuple[str, ...],
    council_id: str | None,
    easy_read: bool,
    geometry: Path | None,
    force: bool,
) -> None:
    """Écrit le questionnaire (standard, extensions, adapté par --overlay) dans le fichier -o.

    Le suffixe choisit le format : .json, .docx (Word), .odt (LibreOffice),
    .pdf (formulaire papier lisible au scanner : le .odt imprimé par LibreOffice,
    qui doit être installé),
    ou celui d'une extension installée (voir « conseils-citoyens plugins »).

    \f
    Write the questionnaire (standard, plugins, adapted by --overlay) to the -o file.

    The suffix picks the format: .json, .docx (Word), .odt (LibreOffice),
    .pdf (paper form readable by scanner: the .odt printed by LibreOffice,
    which must be installed),
    or an installed plugin's (see 'conseils-citoyens plugins').
    """
    from conseils_citoyens.i18n import get_language
    from conseils_citoyens.survey.questionnaire.export import (
        export_questionnaire,
        export_suffixes,
        exporter_for,
    )
    from conseils_citoyens.survey.questionnaire.model import Respondent
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref
    from conseils_citoyens.survey.workflow import build_questionnaire

    form_lang = form_lang or get_language()  # the global --lang, unless this one says otherwise
    _check_tokens(tokens)
    check_output(output, force, inputs=(overlay,))
    if geometry is not None:
        check_output(geometry, force, inputs=(overlay,))
        if output.suffix.lower() != ".pdf":
            raise click.BadParameter(
                t(
                    "--geometry décrit le formulaire PDF : exportez-le avec -o formulaire.pdf",
                    "--geometry describes the PDF form: export it with -o form.pdf",
                ),
                param_hint="--geometry",
            )
    if exporter_for(output.suffix or ".") is None:
        known = ", ".join(export_suffixes())
        raise click.BadParameter(
            t(
                f"format inconnu « {output.suffix or 'sans extension'} » (formats : {known} ;"
                " par exemple -o questionnaire.docx)",
                f"unknown format '{output.suffix or 'no suffix'}' (formats: {known};"
                " for example -o questionnaire.docx)",
            ),
            param_hint="--output",
        )
    questionnaire = build_questionnaire(overlay=overlay, context={"lang": form_lang})
    targets: list[tuple[Path, Respondent | None]]
    if len(tokens) > 1:
        targets = [
            (
                output.with_name(f"{output.stem}-{token}{output.suffix}"),
                Respondent(token=token, council_id=council_id),
            )
            for token in tokens
        ]
    else:
        respondent = (
            Respondent(token=tokens[0] if tokens else None, council_id=council_id)
            if tokens or council_id
            else None
        )
        targets = [(output, respondent)]
    with (
        click.progressbar(targets, label=t("Export", "Export"), file=sys.stderr, show_pos=True)
        if len(targets) > 3 and sys.stderr.isatty()
        else contextlib.nullcontext(targets) as items
    ):
        for path, respondent in items:
            export_questionnaire(
                questionnaire,
                path,
                lang=form_lang,
                respondent=respondent,
                overwrite=force,
                easy_read=easy_read,
            )
    if geometry is not None:
        from conseils_citoyens.formats.scan.geometry import geometry_from_pdf

        shape = geometry_from_pdf(targets[0][0].read_bytes(), questionnaire, lang=form_lang)
        write_atomic(geometry, dumps_json(shape.to_data()), overwrite=force)
        click.echo(
            t(
                f"{geometry} : position de {len(shape.zones)} zones sur {shape.pages} pages",
                f"{geometry}: position of {len(shape.zones)} zones on {shape.pages} pages",
            )
        )
    ref = questionnaire_ref(questionnaire)
    for path, _ in targets:
        click.echo(
            t(
                f"{path} : questionnaire « {ref.id} » version {ref.version} ({ref.hash})",
                f"{path}: questionnaire '{ref.id}' version {ref.version} ({ref.hash})",
            )
        )


def _check_tokens(tokens: tuple[str, ...]) -> None:
    """Refuse, before anything is written, a token that cannot be a file name, or given twice."""
    from conseils_citoyens.i18n import pick
    from conseils_citoyens.survey.questionnaire.export import token_problem

    for token in tokens:
        why = token_problem(token)
        if why is not None:
            raise click.BadParameter(pick(why), param_hint="--token")
    twice = sorted({token for token in tokens if tokens.count(token) > 1})
    if twice:
        listed = ", ".join(twice)
        raise click.BadParameter(
            t(
                f"jeton donné deux fois : {listed} (un fichier par jeton, chaque jeton une fois)",
                f"token given twice: {listed} (one file per token, each token once)",
            ),
            param_hint="--token",
        )


@questionnaire_group.command("schema")
@option(
    "-o",
    "--output",
    type=output_file(),
    help=bi("Fichier à écrire (sinon la sortie standard).", "Output file (default: stdout)."),
)
@option("--overlay", type=InputFile(), help=_OVERLAY_HELP)
@option("--force", is_flag=True, help=bi("Remplace le fichier s'il existe.", "Overwrite."))
@handle_errors
def schema_command(output: Path | None, overlay: Path | None, force: bool) -> None:
    """Affiche le schéma JSON des réponses au questionnaire.

    \f
    Print the JSON Schema of the questionnaire's responses.
    """
    from conseils_citoyens.survey.questionnaire.responses import response_schema
    from conseils_citoyens.survey.workflow import build_questionnaire

    schema = response_schema(build_questionnaire(overlay=overlay))
    if output is None:
        echo_json(schema)
        return
    check_output(output, force, inputs=(overlay,))
    write_atomic(output, dumps_json(json.loads(json.dumps(schema))), overwrite=force)
    click.echo(t(f"{output} : schéma des réponses écrit", f"{output}: response schema written"))
