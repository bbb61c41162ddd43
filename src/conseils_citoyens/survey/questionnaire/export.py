"""Write a questionnaire to a file, the format chosen by the file's suffix.

Formats are :class:`~conseils_citoyens.formats.Exporter` objects registered
through the ``register_exporters`` plugin hook; this module is itself the
built-in plugin registering ``.json`` (the questionnaire itself, loadable with
:func:`~conseils_citoyens.survey.questionnaire.serialize.load_questionnaire`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from conseils_citoyens.documents.jsonio import atomic_output, check_writable, dumps_json
from conseils_citoyens.errors import ConseilsCitoyensError, PluginError, Problem, ValidationError
from conseils_citoyens.formats import Exporter, ExportOptions
from conseils_citoyens.hookspecs import hookimpl
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Respondent
from conseils_citoyens.survey.questionnaire.serialize import dump_questionnaire


def _export_json(questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
    stream.write(dumps_json(dump_questionnaire(questionnaire)).encode("utf-8"))


JSON_EXPORTER = Exporter(
    name="json",
    suffixes=(".json",),
    media_type="application/json",
    export=_export_json,
    description={
        "fr": "Le questionnaire en JSON (toutes les langues).",
        "en": "The questionnaire as JSON (every language).",
    },
)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the JSON export of questionnaires."""
    register(JSON_EXPORTER)


def _normalise(suffix: str) -> str:
    suffix = suffix.lower()
    return suffix if suffix.startswith(".") else f".{suffix}"


def _host(host: Any) -> Any:
    if host is not None:
        return host
    from conseils_citoyens.plugins import get_plugins

    return get_plugins()


def exporter_for(suffix: str, *, host: Any = None) -> Exporter | None:
    """Return the exporter of a suffix (``.docx``) among the plugins in use, or None."""
    found: Exporter | None = _host(host).exporter_for_suffix(_normalise(suffix))
    return found


def export_suffixes(*, host: Any = None) -> tuple[str, ...]:
    """Return every suffix the plugins in use can export to."""
    return tuple(sorted({s for e in _host(host).exporters().values() for s in e.suffixes}))


#: A respondent token, as the response schema accepts it (``common.schema.json#/$defs/identifier``).
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")


def token_problem(token: str) -> dict[str, str] | None:
    """Why ``token`` cannot be printed on a form (French and English), or None when it can.

    A token is an identifier: letters, digits, ``_``, ``.``, ``:``, ``-``, at
    most 64 characters, starting with a letter or a digit; it is also part of
    a file name when several forms are exported, so no ``/`` nor ``..``.
    """
    if _TOKEN.fullmatch(token):
        return None
    return {
        "fr": f"jeton « {token} » refusé : un jeton s'écrit avec des lettres sans accent, des "
        "chiffres, « _ », « . », « : » ou « - » (64 caractères au plus, en commençant par une "
        "lettre ou un chiffre), par exemple A7K2",
        "en": f"token '{token}' refused: a token is made of unaccented letters, digits, '_', "
        "'.', ':' or '-' (at most 64 characters, starting with a letter or a digit), "
        "for example A7K2",
    }


def export_questionnaire(
    questionnaire: Questionnaire,
    path: str | Path,
    *,
    lang: str = "fr",
    respondent: Respondent | None = None,
    overwrite: bool = False,
    host: Any = None,
    easy_read: bool = False,
) -> Path:
    """Write ``questionnaire`` to ``path`` atomically, in the format of its suffix.

    ``easy_read`` asks the form formats (.docx, .odt) for the easy-read form
    (*facile à lire et à comprendre*); it reads back into the same questionnaire.

    Raise :class:`ValidationError` for a suffix no exporter handles, for a
    respondent token the response schema would refuse (:func:`token_problem`), and
    :class:`~conseils_citoyens.errors.OutputExistsError` when ``path`` exists
    and ``overwrite`` is False.
    """
    target = Path(path)
    exporter = exporter_for(target.suffix or ".", host=host)
    if exporter is None:
        known = ", ".join(export_suffixes(host=host))
        raise ValidationError(
            [
                Problem(
                    path="$",
                    code="export.unknown_format",
                    texts={
                        "fr": f"format de sortie inconnu « {target.suffix or '(aucun)'} » (formats : {known})",
                        "en": f"unknown output format '{target.suffix or '(none)'}' (formats: {known})",
                    },
                )
            ],
            kind="export",
            source=target,
        )
    token = respondent.token if respondent is not None else None
    why = token_problem(token) if token is not None else None
    if why is not None:
        raise ValidationError(
            [Problem(path="$.respondent.token", code="export.token", texts=why)],
            kind="export",
            source=target,
        )
    options = ExportOptions(lang=lang, respondent=respondent, easy_read=easy_read)
    check_writable((questionnaire, respondent), kind="export", source=target)
    with atomic_output(target, overwrite=overwrite) as stream:
        try:
            exporter.export(questionnaire, stream, options)
        except ConseilsCitoyensError:
            raise
        except Exception as exc:
            # A failing format never leaves a file behind (atomic_output) and is named.
            plugin = _host(host).owner("register_exporters", exporter.name) or exporter.name
            raise PluginError(
                plugin,
                f"register_exporters ({exporter.name})",
                {"fr": f"l'export a échoué : {exc!r}", "en": f"the export failed: {exc!r}"},
            ) from exc
    return target
