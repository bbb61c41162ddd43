"""What every CLI command shares: exit codes, language, error display, JSON output."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from conseils_citoyens.cli._help import OutputFile
from conseils_citoyens.errors import (
    ConseilsCitoyensError,
    DocumentError,
    OutputError,
    OutputExistsError,
    PluginError,
    ValidationError,
)
from conseils_citoyens.i18n import get_language, pick, system_reason

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(enum.IntEnum):
    """Stable exit codes: users script against them."""

    OK = 0
    #: findings of severity error, an invalid document, or refused forms in a batch
    FINDINGS = 1
    #: wrong command line (click's own usage errors also exit 2)
    USAGE = 2
    #: an input could not be read (missing, not a document, unsafe)
    UNREADABLE = 3
    #: a plugin failed to load or raised
    PLUGIN = 4
    #: an output could not be written (exists without --force, disk error)
    OUTPUT = 5


def t(fr: str, en: str) -> str:
    """Return the French or English wording, by the current language."""
    return pick({"fr": fr, "en": en})


def echo_json(data: Any) -> None:
    """Print data as indented JSON."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def parse_date(text: str) -> dt.date:
    """Read a date typed on the command line: ``2026-11-25`` or, the French way, ``25/11/2026``.

    :raises click.BadParameter: in the current language, with an example.
    """
    value = text.strip()
    try:
        if "/" in value:
            day, month, year = value.split("/")
            if len(year) != 4:
                raise ValueError(value)
            return dt.date(int(year), int(month), int(day))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            t(
                f"« {text} » n'est pas une date : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA "
                "(par exemple 2026-11-25 ou 25/11/2026)",
                f"'{text}' is not a date: write it YYYY-MM-DD or DD/MM/YYYY "
                "(for example 2026-11-25 or 25/11/2026)",
            )
        ) from None


def date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """A click callback for a date option (see :func:`parse_date`)."""
    return None if value is None else parse_date(value)


def fail(message: str, code: ExitCode) -> None:
    """Print ``message`` on stderr and exit with ``code``."""
    click.echo(message, err=True)
    raise SystemExit(int(code))


def terminate_like_interrupt() -> None:
    """Make SIGTERM raise ``KeyboardInterrupt`` in the CLI process, as Ctrl-C does.

    An interrupted command then cleans up the same way (no output written,
    no temporary file left, exit 1 « interrompu »). Only for the process's
    main thread (``signal`` allows nothing else), and only from the
    ``conseils-citoyens`` entry point: a host calling :func:`main` in-process
    keeps its own handlers.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def handle_errors(function: F) -> F:
    """Turn library errors into a message on stderr and a stable exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = bool(ctx.find_root().params.get("debug"))
        try:
            return function(*args, **kwargs)
        except ConseilsCitoyensError as exc:
            if debug:
                import traceback

                traceback.print_exc()
            code = _exit_code_for(exc)
            label = t("erreur", "error")
            message = str(exc) if isinstance(exc, ValidationError) else exc.message
            if isinstance(exc, OutputError) and exc.forcible and "force" in ctx.params:
                # The library says what is wrong; how to get past it is the CLI's to say.
                message += (
                    t(" (utilisez --force pour le remplacer)", " (use --force to overwrite)")
                    if isinstance(exc, OutputExistsError)
                    else t(" (option --force)", " (--force option)")
                )
            fail(f"{label} : {message}" if get_language() == "fr" else f"{label}: {message}", code)
        except KeyboardInterrupt:
            fail(t("interrompu", "interrupted"), ExitCode.FINDINGS)
        except OSError as exc:
            if debug:
                import traceback

                traceback.print_exc()
            why = system_reason(exc)
            where = f"{exc.filename} : " if exc.filename else ""
            where_en = f"{exc.filename}: " if exc.filename else ""
            fail(
                t(
                    f"erreur : {where}lecture ou écriture impossible ({why['fr']})",
                    f"error: {where_en}cannot read or write ({why['en']})",
                ),
                ExitCode.OUTPUT,
            )
        return None

    return wrapper  # type: ignore[return-value]


def _exit_code_for(exc: ConseilsCitoyensError) -> ExitCode:
    if isinstance(exc, ValidationError):
        return ExitCode.FINDINGS
    if isinstance(exc, DocumentError):
        return ExitCode.UNREADABLE
    if isinstance(exc, PluginError):
        return ExitCode.PLUGIN
    if isinstance(exc, OutputError):
        return ExitCode.OUTPUT
    return ExitCode.FINDINGS


def write_stdout_flush() -> None:
    """Flush stdout (for progress output mixed with stderr)."""
    sys.stdout.flush()


@functools.cache
def output_file() -> OutputFile:
    """Type of an ``-o`` option. A folder is let through click (whose English "Invalid
    value" would say it) so that :func:`check_output` or the writer refuses it in French.

    Made when a command with an ``-o`` option is defined, not when the CLI is
    imported: click asks gettext for its name, and ``council check`` needs none.
    """
    return OutputFile(path_type=Path)


def check_output(output: Path, force: bool, *, inputs: Iterable[Path | None] = ()) -> None:
    """Refuse, before any work, an output that is a folder, or exists without ``force``.

    Exit :attr:`ExitCode.OUTPUT` with a message in the user's language; exit
    :attr:`ExitCode.USAGE` when ``output`` is one of the ``inputs`` (the same
    file, even under another name): even with ``force``, a command never
    writes over what it reads.
    """
    _refuse_output_among_inputs(output, inputs)
    if output.is_dir():
        fail(
            t(
                f"erreur : {output} : c'est un dossier, pas un fichier "
                "(donnez un nom de fichier dans ce dossier)",
                f"error: {output}: it is a folder, not a file (give a file name in that folder)",
            ),
            ExitCode.OUTPUT,
        )
    if output.exists() and not force:
        fail(
            t(
                f"erreur : {output} existe déjà (utilisez --force pour le remplacer)",
                f"error: {output} already exists (use --force to overwrite)",
            ),
            ExitCode.OUTPUT,
        )


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:  # one does not exist (yet): compare the resolved paths
        return first.resolve() == second.resolve()


def _refuse_output_among_inputs(output: Path, inputs: Iterable[Path | None]) -> None:
    for given in inputs:
        if given is not None and _same_file(output, given):
            fail(
                t(
                    f"erreur : {output} est aussi un fichier lu par la commande ({given}) : "
                    "elle ne l'écrase pas, même avec --force ; choisissez un autre nom pour -o",
                    f"error: {output} is also a file the command reads ({given}): it does not "
                    "overwrite it, even with --force; choose another name for -o",
                ),
                ExitCode.USAGE,
            )
