"""``conseils-citoyens demo [DIR]``: the whole flow on sample data."""

from __future__ import annotations

from pathlib import Path

import click

from conseils_citoyens.cli._common import handle_errors


@click.command("demo")
@click.argument(
    "directory",
    required=False,
    default="demo-conseils-citoyens",
    type=click.Path(path_type=Path, file_okay=False),
)
@click.option(
    "--respondents",
    default=40,
    show_default=True,
    type=click.IntRange(1, 500),
    help="Nombre de répondants simulés. / Number of simulated respondents.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Écrit dans un dossier non vide qui n'est pas une démo. / Write into a non-empty folder.",
)
@handle_errors
def demo_command(directory: Path, respondents: int, force: bool) -> None:
    """Déroule tout le recensement sur des données d'exemple, dans DIRECTORY.

    Territoire et conseils (vérification de composition), questionnaire adapté,
    formulaires Word et LibreOffice remplis par des répondants simulés,
    import, rapports (.docx, .odt, .md, .csv) et programme de cycle de
    qualification. Défaut : ./demo-conseils-citoyens.
    """
    from conseils_citoyens.demo import run_demo

    run_demo(directory, respondents=respondents, force=force, echo=click.echo)


def register(group: click.Group) -> None:
    """Add the command to the CLI."""
    group.add_command(demo_command)
