"""``conseils-citoyens demo [DIR]``: the whole flow on sample data."""

from __future__ import annotations

from pathlib import Path

import click

from conseils_citoyens.cli._common import handle_errors
from conseils_citoyens.cli._help import IntRange, OutputFolder, argument, bi, command, option


@command("demo")
@argument(
    "directory",
    required=False,
    default="demo-conseils-citoyens",
    type=OutputFolder(),
)
@option(
    "--respondents",
    default=40,
    show_default=True,
    type=IntRange(1, 500),
    help=bi("Nombre de répondants simulés.", "Number of simulated respondents."),
)
@option(
    "--force",
    is_flag=True,
    help=bi(
        "Écrit dans un dossier non vide qui n'est pas une démo.", "Write into a non-empty folder."
    ),
)
@handle_errors
def demo_command(directory: Path, respondents: int, force: bool) -> None:
    """Déroule tout le recensement sur des données d'exemple, dans DOSSIER.

    Territoire et conseils (vérification de composition), questionnaire adapté,
    formulaires Word et LibreOffice remplis par des répondants simulés,
    import, rapports (.docx, .odt, .md, .csv) et programme de cycle de
    qualification. Défaut : ./demo-conseils-citoyens. Ouvrez ensuite
    DOSSIER/LISEZMOI.txt.

    \f
    Run the whole survey on sample data, in FOLDER.

    Territory and councils (composition check), adapted questionnaire, Word
    and LibreOffice forms filled by simulated respondents, import, reports
    (.docx, .odt, .md, .csv) and a qualification cycle programme. Default:
    ./demo-conseils-citoyens. Then open FOLDER/LISEZMOI.txt.
    """
    from conseils_citoyens.demo import run_demo

    run_demo(directory, respondents=respondents, force=force, echo=click.echo)
