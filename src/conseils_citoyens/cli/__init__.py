"""The ``conseils-citoyens`` command line: thin, it parses arguments and calls the API.

Each command lives in a module of its own, imported only when the command runs
or when a help page lists it (:class:`LazyCommands`): ``council check`` does
not build the other commands. None is imported by ``import conseils_citoyens``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Final

import click

from conseils_citoyens.cli._common import ExitCode
from conseils_citoyens.cli._help import bi, group, option
from conseils_citoyens.i18n import language, language_from_environment

#: Every command of ``conseils-citoyens``: where it is defined, as ``module:name``.
COMMANDS: Final[Mapping[str, str]] = {
    "council": "conseils_citoyens.cli.council:council_group",
    "cycle": "conseils_citoyens.cli.diagnostic:cycle_group",
    "demo": "conseils_citoyens.cli.demo:demo_command",
    "diagnostic": "conseils_citoyens.cli.diagnostic:diagnostic_group",
    "plugins": "conseils_citoyens.cli.plugins:plugins_command",
    "questionnaire": "conseils_citoyens.cli.questionnaire:questionnaire_group",
    "report": "conseils_citoyens.cli.report:report_command",
    "responses": "conseils_citoyens.cli.responses:responses_group",
    "validate": "conseils_citoyens.cli.validate:validate_command",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands (click's ``group.commands``), each imported when first looked up.

    Listing the names imports nothing (click's « did you mean » for an unknown
    name needs only them); looking one up imports the module that defines it.
    A help page that lists the commands looks each one up.
    """

    def __init__(self, targets: Mapping[str, str]) -> None:
        self._targets = dict(targets)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module_name, _, attribute = self._targets[name].partition(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self._targets[name]} is not a click command")
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command
        self._targets.setdefault(name, "")

    def __delitem__(self, name: str) -> None:
        del self._targets[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)


@group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help=bi(
        """Conseils citoyens : composition, recensement des besoins de formation, rapports.

        Codes de sortie : 0 correct ; 1 constats bloquants ou document invalide ;
        2 ligne de commande incorrecte ; 3 fichier illisible ; 4 extension en
        échec ; 5 écriture impossible.

        Extensions : toutes celles installées sont chargées, sauf avec
        --no-plugins, --plugin NOM ou la variable CONSEILS_CITOYENS_PLUGINS.
        """,
        """Conseils citoyens: composition, training-needs survey, reports.

        Exit codes: 0 success; 1 blocking findings or invalid document;
        2 wrong command line; 3 unreadable file; 4 plugin failure;
        5 output not written.

        Plugins: every installed plugin is loaded, except with --no-plugins,
        --plugin NAME or the CONSEILS_CITOYENS_PLUGINS variable.
        """,
    ),
)
@option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help=bi(
        "Langue des messages (défaut : LANG, sinon fr).",
        "Message language (default: from LANG, otherwise fr).",
    ),
)
@option(
    "--debug", is_flag=True, help=bi("Affiche la trace Python des erreurs.", "Show tracebacks.")
)
@option(
    "--no-plugins",
    is_flag=True,
    help=bi("N'utilise aucune extension installée.", "Load no installed plugin."),
)
@option(
    "--plugin",
    "only_plugins",
    multiple=True,
    metavar=bi("NOM", "NAME"),
    help=bi(
        "N'utilise que cette extension installée (répétable).", "Load only this installed plugin."
    ),
)
@option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _show_version(ctx, value),
    help=bi("Affiche la version et quitte.", "Show the version and exit."),
)
@click.pass_context
def main(
    ctx: click.Context,
    lang: str | None,
    debug: bool,
    no_plugins: bool,
    only_plugins: tuple[str, ...],
) -> None:
    """The ``conseils-citoyens`` group: language, plugins, then the command."""
    # For this run only: a program calling ``main`` in-process keeps its own language.
    ctx.with_resource(language(lang or language_from_environment()))
    ctx.ensure_object(dict)
    if only_plugins:
        _check_plugin_names(only_plugins)
    if no_plugins or only_plugins:
        from conseils_citoyens.plugins import PluginHost, set_plugins

        allow = () if no_plugins else only_plugins
        set_plugins(PluginHost(allow=allow))


def _show_version(ctx: click.Context, wanted: bool) -> None:
    """Print « conseils-citoyens, version X » and stop (``--version``).

    Our own flag rather than ``click.version_option``, which asks gettext for its
    texts when the CLI is imported: that alone imported ``locale`` and searched for
    catalogues on every command, about 1 % of a ``council check``.
    """
    if not wanted or ctx.resilient_parsing:
        return
    from conseils_citoyens import __version__

    click.echo(f"conseils-citoyens, version {__version__}")
    ctx.exit()


def _check_plugin_names(names: tuple[str, ...]) -> None:
    """Refuse (exit 2) a ``--plugin`` name that no installed plugin has, listing the names."""
    from conseils_citoyens.cli._common import t
    from conseils_citoyens.plugins import ENTRY_POINT_GROUP, installed_entry_points

    installed = sorted({e.name for e in installed_entry_points(ENTRY_POINT_GROUP)})
    unknown = [name for name in names if name not in installed]
    if not unknown:
        return
    listed = ", ".join(installed)
    raise click.BadParameter(
        t(
            f"extension inconnue : {', '.join(unknown)} ; "
            + (
                f"extensions installées : {listed}"
                if installed
                else "aucune extension n'est installée (voir « conseils-citoyens plugins »)"
            ),
            f"unknown plugin: {', '.join(unknown)}; "
            + (
                f"installed plugins: {listed}"
                if installed
                else "no plugin is installed (see 'conseils-citoyens plugins')"
            ),
        ),
        param_hint="--plugin",
    )


main.commands = LazyCommands(COMMANDS)


def _language_from_argv(argv: list[str]) -> str | None:
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


def run(argv: list[str] | None = None) -> None:
    """The ``conseils-citoyens`` entry point: pick the language first, then run the CLI.

    The language must be known before click parses the command line, so that
    its own messages (usage, errors, help) are in French too.
    """
    import sys

    from conseils_citoyens.cli._click_fr import use_language
    from conseils_citoyens.cli._common import terminate_like_interrupt
    from conseils_citoyens.i18n import normalise_language

    terminate_like_interrupt()

    words = sys.argv[1:] if argv is None else argv
    wanted = _language_from_argv(words)
    chosen = normalise_language(wanted) if wanted else language_from_environment()
    use_language(chosen)
    # Also now, for what click prints before the group's callback runs (--help, usage
    # errors); for this run only, so that a caller in the same process keeps its own.
    with language(chosen):
        main(args=words, prog_name="conseils-citoyens")


__all__ = ["ExitCode", "main", "run"]
