"""``conseils-citoyens plugins``: list loaded plugins, their version and hooks."""

from __future__ import annotations

import click

from conseils_citoyens.cli._common import echo_json, handle_errors, t
from conseils_citoyens.cli._help import bi, command, option
from conseils_citoyens.plugins import get_plugins

_ORIGINS = {
    "builtin": ("intégrée", "built-in"),
    "entry point": ("installée", "installed"),
    "explicit": ("explicite", "explicit"),
}


@command("plugins")
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help=bi("Format de sortie.", "Output format."),
)
@handle_errors
def plugins_command(output_format: str) -> None:
    """Liste les extensions chargées, leur version et leurs points d'extension.

    \f
    List the loaded plugins, their version and their hooks.
    """
    infos = get_plugins().infos()
    if output_format == "json":
        echo_json(
            [
                {
                    "name": info.name,
                    "origin": info.origin,
                    "module": info.module,
                    "distribution": info.distribution,
                    "version": info.version,
                    "hooks": list(info.hooks),
                }
                for info in infos
            ]
        )
        return
    if not infos:
        click.echo(t("Aucune extension chargée.", "No plugin loaded."))
        return
    for info in infos:
        origin = t(*_ORIGINS.get(info.origin, (info.origin, info.origin)))
        version = f" {info.version}" if info.version else ""
        dist = f" — {info.distribution}{version}" if info.distribution else ""
        click.echo(f"{info.name} ({origin}){dist}")
        click.echo(
            f"    module : {info.module}" if t("fr", "en") == "fr" else f"    module: {info.module}"
        )
        hooks = ", ".join(info.hooks) or "—"
        click.echo(t(f"    points d'extension : {hooks}", f"    hooks: {hooks}"))
