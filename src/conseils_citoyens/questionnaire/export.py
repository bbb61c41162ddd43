"""Write a questionnaire to a file, the format chosen by the file's suffix.

``.json`` is built in (the questionnaire itself, loadable with
:func:`~conseils_citoyens.questionnaire.serialize.load_questionnaire`). Other
suffixes (``.docx``, ``.odt``...) are looked up among registered
:class:`~conseils_citoyens.formats.Exporter` objects: the plugin manager
registers them with :func:`register_exporter`, or answers through the
resolver set with :func:`set_exporter_resolver`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.formats import Exporter, ExportOptions
from conseils_citoyens.jsonio import atomic_output, dumps_json
from conseils_citoyens.questionnaire.model import Questionnaire, Respondent
from conseils_citoyens.questionnaire.serialize import dump_questionnaire


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

_exporters: dict[str, Exporter] = {".json": JSON_EXPORTER}
_resolver: list[Callable[[str], Exporter | None]] = []


def _normalise(suffix: str) -> str:
    suffix = suffix.lower()
    return suffix if suffix.startswith(".") else f".{suffix}"


def register_exporter(exporter: Exporter) -> None:
    """Make ``exporter`` handle its suffixes (``replace=True`` to override one)."""
    for suffix in map(_normalise, exporter.suffixes):
        current = _exporters.get(suffix)
        if current is not None and current.name != exporter.name and not exporter.replace:
            raise ValueError(f"suffix {suffix} already handled by exporter {current.name!r}")
        _exporters[suffix] = exporter


def set_exporter_resolver(resolver: Callable[[str], Exporter | None] | None) -> None:
    """Set the function asked for suffixes no registered exporter handles (None: unset)."""
    _resolver.clear()
    if resolver is not None:
        _resolver.append(resolver)


def exporter_for(suffix: str) -> Exporter | None:
    """Return the exporter of a suffix (``.docx``), or None."""
    suffix = _normalise(suffix)
    found = _exporters.get(suffix)
    if found is None and _resolver:
        found = _resolver[0](suffix)
    return found


def export_suffixes() -> tuple[str, ...]:
    """Return the suffixes registered so far (the resolver may know more)."""
    return tuple(sorted(_exporters))


def export_questionnaire(
    questionnaire: Questionnaire,
    path: str | Path,
    *,
    lang: str = "fr",
    respondent: Respondent | None = None,
    overwrite: bool = False,
) -> Path:
    """Write ``questionnaire`` to ``path`` atomically, in the format of its suffix.

    Raise :class:`ValidationError` for a suffix no exporter handles and
    :class:`~conseils_citoyens.errors.OutputExistsError` when ``path`` exists
    and ``overwrite`` is False.
    """
    target = Path(path)
    exporter = exporter_for(target.suffix or ".")
    if exporter is None:
        known = ", ".join(export_suffixes())
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
    options = ExportOptions(lang=lang, respondent=respondent)
    with atomic_output(target, overwrite=overwrite) as stream:
        exporter.export(questionnaire, stream, options)
    return target
