"""``conseils-citoyens questionnaire export|schema``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from conseils_citoyens.cli._common import echo_json, handle_errors, t
from conseils_citoyens.jsonio import dumps_json, write_atomic

_OVERLAY_HELP = "Adaptation locale (fichier JSON). / Local overlay (JSON file)."


@click.group("questionnaire")
def questionnaire_group() -> None:
    """Exporte le questionnaire de recensement des besoins de formation et son schéma."""


@questionnaire_group.command("export")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Fichier à écrire ; le suffixe choisit le format (.json, .docx, .odt). / Output file.",
)
@click.option("--overlay", type=click.Path(path_type=Path, dir_okay=False), help=_OVERLAY_HELP)
@click.option(
    "--lang",
    "form_lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Langue du questionnaire. / Questionnaire language.",
)
@click.option("--force", is_flag=True, help="Remplace le fichier s'il existe. / Overwrite.")
@handle_errors
def export_command(output: Path, overlay: Path | None, form_lang: str, force: bool) -> None:
    """Écrit le questionnaire (standard, adapté par --overlay) dans OUTPUT."""
    from conseils_citoyens.questionnaire.assembly import assemble
    from conseils_citoyens.questionnaire.export import export_questionnaire, exporter_for
    from conseils_citoyens.questionnaire.serialize import questionnaire_ref

    if exporter_for(output.suffix or ".") is None:
        raise click.BadParameter(
            t(
                f"format inconnu « {output.suffix} »",
                f"unknown format '{output.suffix}'",
            ),
            param_hint="--output",
        )
    questionnaire = assemble(overlay=overlay)
    export_questionnaire(questionnaire, output, lang=form_lang, overwrite=force)
    ref = questionnaire_ref(questionnaire)
    click.echo(
        t(
            f"{output} : questionnaire « {ref.id} » version {ref.version} ({ref.hash})",
            f"{output}: questionnaire '{ref.id}' version {ref.version} ({ref.hash})",
        )
    )


@questionnaire_group.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Fichier à écrire (sinon la sortie standard). / Output file (default: stdout).",
)
@click.option("--overlay", type=click.Path(path_type=Path, dir_okay=False), help=_OVERLAY_HELP)
@click.option("--force", is_flag=True, help="Remplace le fichier s'il existe. / Overwrite.")
@handle_errors
def schema_command(output: Path | None, overlay: Path | None, force: bool) -> None:
    """Affiche le schéma JSON des réponses au questionnaire."""
    from conseils_citoyens.questionnaire.assembly import assemble
    from conseils_citoyens.questionnaire.responses import response_schema

    schema = response_schema(assemble(overlay=overlay))
    if output is None:
        echo_json(schema)
        return
    write_atomic(output, dumps_json(json.loads(json.dumps(schema))), overwrite=force)
    click.echo(t(f"{output} : schéma des réponses écrit", f"{output}: response schema written"))


def register(group: click.Group) -> None:
    """Add the ``questionnaire`` commands to the CLI."""
    group.add_command(questionnaire_group)
