"""One language per run for everything the CLI prints, ``--help`` included.

click reads help texts once, when the commands are declared, but the language
is only known when the command line is read (``--lang``, ``LANG``). So help
texts are declared in both languages with :func:`bi`, and the command, option
and argument classes of this module choose one each time help is shown.
A command's docstring may also hold both, French first, then ``\f`` and
the English text. Metavars (``FICHIER``, ``TEXTE``, ``ENTIER``), section headings
(« Options : ») and the usage line follow the same language.

Input paths have their own types: a folder given where a file is expected,
or a file given where a folder is expected, is refused in the user's
language with the exit code documented for it (3 for an input, 5 for an
output), not with click's half-English usage error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

import click

from conseils_citoyens.i18n import get_language

F = TypeVar("F", bound=Callable[..., Any])


class Bilingual(str):
    """A text whose value is French, with its English translation in :attr:`en`."""

    en: str

    def __new__(cls, fr: str, en: str) -> Bilingual:
        text = super().__new__(cls, fr)
        text.en = en
        return text

    def shown(self) -> str:
        """The text in the current language."""
        return self.en if get_language() == "en" else str(self)


def bi(fr: str, en: str) -> str:
    """Declare a help text (or metavar) in French and English; one is shown per run."""
    return Bilingual(fr, en)


HELP_OPTION: Final = Bilingual("Affiche cette aide et quitte.", "Show this message and exit.")

#: click's metavars (from its type names) -> French.
_METAVARS_FR: Final = {
    "TEXT": "TEXTE",
    "INTEGER": "ENTIER",
    "INTEGER RANGE": "ENTIER",
    "FLOAT": "NOMBRE",
    "FLOAT RANGE": "NOMBRE",
    "BOOLEAN": "OUI|NON",
    "FILE": "FICHIER",
    "FICHIER": "FICHIER",
    "DIRECTORY": "DOSSIER",
    "DOSSIER": "DOSSIER",
    "PATH": "CHEMIN",
    "CHEMIN": "CHEMIN",
    "FILENAME": "FICHIER",
    "UUID": "UUID",
}


def _metavar(text: str) -> str:
    if get_language() == "en":
        return text
    base, dots = (text[:-3], "...") if text.endswith("...") else (text, "")
    return _METAVARS_FR.get(base, base) + dots


class HelpFormatter(click.HelpFormatter):
    """French headings take a space before the colon (« Options : »)."""

    def write_heading(self, heading: str) -> None:
        """Write ``heading`` with the colon the current language wants."""
        colon = ":" if get_language() == "en" else " :"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class Context(click.Context):
    """A context whose help formatter follows the current language."""

    formatter_class = HelpFormatter


class Option(click.Option):
    """An option whose help and metavar are shown in the current language."""

    def __init__(self, param_decls: Any = None, **attrs: Any) -> None:
        help_text, metavar = attrs.get("help"), attrs.get("metavar")
        self.help_texts = help_text if isinstance(help_text, Bilingual) else None
        self.metavar_texts = metavar if isinstance(metavar, Bilingual) else None
        super().__init__(param_decls, **attrs)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """The help row, in the current language.

        click joins the default and the range with « ; » after no space (« [défaut :
        5; au moins 1] »): French puts a space before it.
        """
        if self.help_texts is not None:
            self.help = inspect.cleandoc(self.help_texts.shown())
        record = super().get_help_record(ctx)
        if record is None or get_language() == "en":
            return record
        head, bracket, extra = record[1].rpartition("  [")
        if not bracket or not extra.endswith("]"):
            return record
        return record[0], head + bracket + extra.replace("; ", " ; ")

    def make_metavar(self, ctx: click.Context) -> str:
        """The metavar, in the current language."""
        if self.metavar_texts is not None:
            return self.metavar_texts.shown()
        return _metavar(super().make_metavar(ctx))


class Argument(click.Argument):
    """A positional argument whose metavar is shown in the current language."""

    def __init__(self, param_decls: Any, metavar: str | None = None, **attrs: Any) -> None:
        self.metavar_texts = metavar if isinstance(metavar, Bilingual) else None
        super().__init__(param_decls, metavar=None if self.metavar_texts else metavar, **attrs)

    def make_metavar(self, ctx: click.Context) -> str:
        """The metavar, in the current language (``[…]`` when optional, ``...`` when repeated)."""
        if self.metavar_texts is None:
            return _metavar(super().make_metavar(ctx))
        text = self.metavar_texts.shown()
        if not self.required:
            text = f"[{text}]"
        if self.nargs != 1:
            text += "..."
        return text


class _Localised:
    """What commands and groups share: help, short help and epilog in both languages."""

    help: str | None
    short_help: str | None
    epilog: str | None
    texts: dict[str, Bilingual]

    def _capture(self, attrs: dict[str, Any]) -> None:
        text = attrs.get("help")
        if isinstance(text, str) and not isinstance(text, Bilingual) and "\f" in text:
            # A docstring written "French \f English": click shows what precedes \f.
            french, _, english = text.partition("\f")
            attrs["help"] = Bilingual(
                inspect.cleandoc(french).strip(), inspect.cleandoc(english).strip()
            )
        self.texts = {
            name: value
            for name in ("help", "short_help", "epilog")
            if isinstance(value := attrs.get(name), Bilingual)
        }

    def _show(self) -> None:
        for name, value in self.texts.items():
            setattr(self, name, value.shown())

    add_help_option: bool
    _help: click.Option | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """``--help``, described in the current language, made once per command.

        The option click makes (``click.help_option``) asks gettext for its text,
        and the first call imports ``locale`` and searches the catalogues: about 1 %
        of a ``council check`` that never shows its help. This one behaves the same:
        an eager flag that prints the help page and stops.
        """
        names: list[str] = super().get_help_option_names(ctx)  # type: ignore[misc]
        if not names or not self.add_help_option:
            return None
        if self._help is None:
            self._help = click.Option(
                [*names, "_cc_help"],  # a name no parameter of ours takes
                is_flag=True,
                expose_value=False,
                is_eager=True,
                callback=_show_help,
            )
        self._help.help = HELP_OPTION.shown()
        return self._help


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class Command(_Localised, click.Command):
    """A command whose texts are shown in the current language."""

    context_class = Context

    def __init__(self, *args: Any, **attrs: Any) -> None:
        self._capture(attrs)
        super().__init__(*args, **attrs)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The line shown in the list of commands."""
        self._show()
        return super().get_short_help_str(limit)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the help page in the current language."""
        self._show()
        super().format_help(ctx, formatter)


class Group(_Localised, click.Group):
    """A group whose texts, and whose subcommands' texts, are shown in the current language."""

    context_class = Context
    command_class = Command
    group_class = type  # groups made with group.group() are of this same class

    def __init__(self, *args: Any, **attrs: Any) -> None:
        self._capture(attrs)
        super().__init__(*args, **attrs)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The line shown in the list of commands."""
        self._show()
        return super().get_short_help_str(limit)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the help page in the current language."""
        self._show()
        super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line, with ``COMMANDE [ARGUMENTS]...`` in French."""
        pieces = super().collect_usage_pieces(ctx)
        if pieces and pieces[-1] == self.subcommand_metavar and get_language() != "en":
            pieces[-1] = "COMMANDE [ARGUMENTS]..."
        return pieces


def option(*param_decls: str, **attrs: Any) -> Callable[[F], F]:
    """:func:`click.option` with this module's :class:`Option`."""
    attrs.setdefault("cls", Option)
    return click.option(*param_decls, **attrs)


def argument(*param_decls: str, **attrs: Any) -> Callable[[F], F]:
    """:func:`click.argument` with this module's :class:`Argument`."""
    attrs.setdefault("cls", Argument)
    return click.argument(*param_decls, **attrs)


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """:func:`click.command` with this module's :class:`Command`."""
    attrs.setdefault("cls", Command)
    return click.command(name, **attrs)


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    """:func:`click.group` with this module's :class:`Group`."""
    attrs.setdefault("cls", Group)
    return click.group(name, **attrs)


class IntRange(click.IntRange):
    """A whole number within bounds; a value that is no number is refused in the run's language.

    click words it « 'abc' n'est pas un integer range valide » in French (its type's
    name is not translatable); its range message is translated by the catalogue.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return the number, or refuse a value that is not a whole number."""
        if not isinstance(value, int):
            try:
                int(value)
            except (TypeError, ValueError):
                self.fail(
                    f"'{value}' is not a whole number"
                    if get_language() == "en"
                    else f"« {value} » n'est pas un nombre entier",
                    param,
                    ctx,
                )
        return super().convert(value, param, ctx)

    def _describe_range(self) -> str:
        """The bounds for the help, in words in French (« au moins 1 », « de 1 à 20 »)."""
        if get_language() == "en" or self.min_open or self.max_open:
            return super()._describe_range()
        if self.min is not None and self.max is not None:
            return f"de {self.min} à {self.max}"
        if self.min is not None:
            return f"au moins {self.min}"
        return f"au plus {self.max}"


class InputError(click.ClickException):
    """An input path of the wrong kind: printed like the library's errors, exit 3."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        # click shows it after the run's language block has ended: keep the run's language.
        self.language = get_language()

    def show(self, file: Any = None) -> None:
        """Print ``erreur : …`` (``error: …``) on stderr."""
        label = "error: " if self.language == "en" else "erreur : "
        click.echo(label + self.format_message(), err=True)


class OutputPathError(InputError):
    """An output path of the wrong kind (a file where a folder is wanted): exit 5."""

    exit_code = 5


class OutputFile(click.Path):
    """A file to write (``-o``): ``FICHIER`` / ``FILE``. A folder is refused by the command."""

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        """``FICHIER`` / ``FILE``."""
        return "FILE" if get_language() == "en" else "FICHIER"


class InputFile(click.ParamType[Path]):
    """A file to read. A folder is refused (exit 3); a missing file is left to the reader."""

    name = "file"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        """``FICHIER`` / ``FILE``."""
        return "FILE" if get_language() == "en" else "FICHIER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        """Return the path, or refuse a folder in the user's language."""
        path = Path(value)
        if path.is_dir():
            raise InputError(
                f"{path}: it is a folder, not a file (give a file of that folder)"
                if get_language() == "en"
                else f"{path} : c'est un dossier, pas un fichier (donnez un fichier de ce dossier)"
            )
        return path


class OutputFolder(click.ParamType[Path]):
    """A folder to write into (created when missing). An existing file is refused (exit 5)."""

    name = "directory"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        """``DOSSIER`` / ``FOLDER``."""
        return "FOLDER" if get_language() == "en" else "DOSSIER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        """Return the path, or refuse a file in the user's language."""
        path = Path(value)
        if path.exists() and not path.is_dir():
            raise OutputPathError(
                f"{path}: it is a file, not a folder (give the name of a folder; "
                "it is created when missing)"
                if get_language() == "en"
                else f"{path} : c'est un fichier, pas un dossier (donnez le nom d'un dossier ; "
                "il est créé s'il n'existe pas)"
            )
        return path
