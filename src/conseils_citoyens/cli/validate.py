"""``conseils-citoyens validate KIND FILE.json``."""

from __future__ import annotations

from pathlib import Path

import click

from conseils_citoyens.cli._common import ExitCode, echo_json, handle_errors, t
from conseils_citoyens.cli._help import InputFile, argument, bi, command, option
from conseils_citoyens.documents import schemas
from conseils_citoyens.documents.jsonio import read_json
from conseils_citoyens.errors import ValidationError


@command("validate")
@argument("kind", metavar=bi("TYPE", "KIND"))
@argument("file", type=InputFile())
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help=bi("Format de sortie.", "Output format."),
)
@handle_errors
def validate_command(kind: str, file: Path, output_format: str) -> None:
    """Valide FICHIER.json contre le schéma TYPE (council, member, territory...).

    \f
    Validate FILE.json against the schema of KIND (council, member, territory...).
    """
    if kind not in schemas.document_kinds():
        raise click.BadParameter(
            t(
                f"type inconnu « {kind} » ; types : {', '.join(schemas.document_kinds())}",
                f"unknown kind '{kind}'; kinds: {', '.join(schemas.document_kinds())}",
            ),
            param_hint=t("TYPE", "KIND"),
        )
    data = read_json(file)
    try:
        schemas.validate(kind, data, source=file)
    except ValidationError as exc:
        if output_format == "json":
            echo_json(
                {
                    "valid": False,
                    "file": str(file),
                    "kind": kind,
                    "problems": [p.to_dict() for p in exc.problems],
                }
            )
            raise SystemExit(int(ExitCode.FINDINGS)) from None
        raise
    if output_format == "json":
        echo_json({"valid": True, "file": str(file), "kind": kind, "problems": []})
    else:
        click.echo(t(f"{file} : document « {kind} » valide", f"{file}: valid '{kind}' document"))
