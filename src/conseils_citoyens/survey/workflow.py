"""The training-needs survey, end to end: the questionnaire a territory hands out,
and the catalogue of questionnaires that filled forms are matched against.

This is where the plugin host meets the questionnaire engine: each plugin's
sections and adjustment become a
:class:`~conseils_citoyens.survey.questionnaire.assembly.QuestionnaireExtension`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from conseils_citoyens.survey.imports import QuestionnaireCatalogue
from conseils_citoyens.survey.questionnaire.model import Questionnaire


def build_questionnaire(
    *,
    overlay: Mapping[str, Any] | str | Path | None = None,
    host: Any = None,
    base: Questionnaire | None = None,
    context: Mapping[str, Any] | None = None,
) -> Questionnaire:
    """Assemble the questionnaire: the standard one (or ``base``), the plugins', then ``overlay``.

    :param overlay: a local overlay (file path or data), applied last.
    :param host: the plugin host (default: the process-wide one).
    :param context: facts given to the plugins' hooks (``lang``, ``territory``, ``council``).
    """
    from conseils_citoyens.plugins import get_plugins
    from conseils_citoyens.survey.questionnaire.assembly import QuestionnaireExtension, assemble

    plugins = host or get_plugins()
    facts = {"lang": "fr", **(context or {})}
    extensions = [
        QuestionnaireExtension(plugin=c.plugin, sections=c.sections, adjust=c.adjust)
        for c in plugins.questionnaire_contributions(facts)
    ]
    return assemble(base, overlay=overlay, extensions=extensions)


def questionnaire_catalogue(
    *,
    overlay: Mapping[str, Any] | str | Path | None = None,
    questionnaire_files: Iterable[str | Path] = (),
    host: Any = None,
) -> QuestionnaireCatalogue:
    """Return the questionnaires forms may come from.

    The standard questionnaire, the one assembled with the plugins in use (and
    ``overlay``), and any questionnaire saved as JSON
    (``questionnaire export -o q.json``) in ``questionnaire_files``.
    """
    from conseils_citoyens.survey.questionnaire.serialize import load_questionnaire
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    catalogue = QuestionnaireCatalogue([standard_questionnaire()])
    catalogue.add(build_questionnaire(overlay=overlay, host=host))
    for path in questionnaire_files:
        catalogue.add(load_questionnaire(path))
    return catalogue


def fill_form(
    form: str | Path,
    answers: Mapping[str, Any],
    destination: str | Path,
    *,
    questionnaire: Questionnaire,
    overrides: Mapping[Any, Any] | None = None,
    overwrite: bool = False,
    host: Any = None,
    saved_on: dt.date | None = None,
) -> Path:
    """Write a copy of an exported form with ``answers`` filled in, as a person would.

    The format is chosen by the form's suffix among the exporters that can fill
    (Word, OpenDocument). Apps use it to pre-fill known answers; the demo and
    the tests to simulate respondents. ``overrides`` sets form slots directly
    (:class:`~conseils_citoyens.formats.slots.Slot` -> bool or text). The copy
    is stamped as last saved on ``saved_on`` (default: today), as an editor
    does: the importers read it back as the response's ``saved_on``.

    ``answers`` has the shapes of a response (see the questionnaire docs);
    tuples and dates are accepted as in :func:`~conseils_citoyens.load`. Some
    answers may be left out (a pre-filled form), but every answer given must
    be valid: :class:`~conseils_citoyens.errors.ValidationError` lists each
    unknown question, unknown code, wrong shape... and nothing is written.
    :class:`~conseils_citoyens.errors.OutputExistsError` when ``destination``
    exists and ``overwrite`` is False. The copy is written atomically, in the
    form's format: a ``destination`` whose suffix names another format raises
    :class:`~conseils_citoyens.errors.ValidationError` (``fill.format_mismatch``).
    """
    from conseils_citoyens.errors import Problem, ValidationError
    from conseils_citoyens.plugins import get_plugins

    plugins = host or get_plugins()
    source = Path(form)
    target = Path(destination)
    exporter = plugins.exporter_for_suffix(source.suffix)
    if exporter is None or exporter.fill is None:
        fillable = sorted(
            {s for e in plugins.exporters().values() if e.fill is not None for s in e.suffixes}
        )
        raise ValidationError(
            [
                Problem(
                    path="$",
                    code="fill.unknown_format",
                    texts={
                        "fr": f"impossible de remplir un fichier « {source.suffix} » "
                        f"(formats remplissables : {', '.join(fillable)})",
                        "en": f"cannot fill a '{source.suffix}' file (fillable: {', '.join(fillable)})",
                    },
                )
            ],
            kind="form",
            source=source,
        )
    if target.suffix.lower() not in {suffix.lower() for suffix in exporter.suffixes}:
        # The copy has the form's format: a .docx name on an ODT file opens nowhere.
        wanted = " ou ".join(exporter.suffixes)
        raise ValidationError(
            [
                Problem(
                    path="$",
                    code="fill.format_mismatch",
                    texts={
                        "fr": f"le formulaire {source.name} est un fichier « {source.suffix} » : "
                        f"sa copie remplie l'est aussi, nommez-la en {wanted} "
                        f"(pas « {target.suffix or 'sans extension'} »), ou partez du "
                        f"formulaire exporté en « {target.suffix or '?'} »",
                        "en": f"the form {source.name} is a '{source.suffix}' file: its filled "
                        f"copy is too, name it {' or '.join(exporter.suffixes)} "
                        f"(not '{target.suffix or 'no suffix'}'), or start from the form "
                        f"exported as '{target.suffix or '?'}'",
                    },
                )
            ],
            kind="form",
            source=target,
        )
    plain = _checked_answers(questionnaire, answers)
    _fill_atomically(
        exporter.fill, source, plain, target, questionnaire, overrides, overwrite, saved_on
    )
    return target


#: Problems that do not stop a form being filled: a pre-filled form leaves answers out.
_PARTIAL_FORM_CODES = frozenset({"response.missing"})


def _checked_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``answers`` as JSON data, or raise ValidationError listing every invalid answer."""
    from conseils_citoyens.documents.convert import plain_data
    from conseils_citoyens.errors import Problem, ValidationError
    from conseils_citoyens.survey.questionnaire.responses import validate_response
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    if not isinstance(answers, Mapping):
        raise ValidationError(
            [
                Problem(
                    path="$.answers",
                    code="fill.answers_type",
                    texts={
                        "fr": f"les réponses sont un dictionnaire {{question: réponse}}, "
                        f"pas {type(answers).__name__}",
                        "en": f"answers are a dict {{question: answer}}, not {type(answers).__name__}",
                    },
                )
            ],
            kind="response",
        )
    plain: dict[str, Any] = plain_data(answers, kind="response")
    ref = questionnaire_ref(questionnaire)
    data = {
        "questionnaire": {"id": ref.id, "version": ref.version, "hash": ref.hash},
        "answers": plain,
    }
    problems = [
        p for p in validate_response(questionnaire, data) if p.code not in _PARTIAL_FORM_CODES
    ]
    if problems:
        raise ValidationError(problems, kind="response")
    return plain


def _fill_atomically(
    fill: Any,
    source: Path,
    answers: Mapping[str, Any],
    target: Path,
    questionnaire: Questionnaire,
    overrides: Mapping[Any, Any] | None,
    overwrite: bool,
    saved_on: dt.date | None = None,
) -> None:
    """Fill into a private folder, then publish: never over a file unless ``overwrite``."""
    import tempfile

    from conseils_citoyens.documents.jsonio import write_atomic
    from conseils_citoyens.errors import OutputExistsError

    if not overwrite and target.exists():
        raise OutputExistsError(target)  # early, before the work; publishing checks again
    with tempfile.TemporaryDirectory(prefix="conseils-citoyens-fill-") as folder:
        draft = Path(folder) / f"form{target.suffix}"
        # ``saved_on`` only when given: a plugin's filler may not know it.
        dated = {} if saved_on is None else {"saved_on": saved_on}
        fill(source, answers, draft, questionnaire=questionnaire, overrides=overrides, **dated)
        write_atomic(target, draft.read_bytes(), overwrite=overwrite)


def write_report(
    obj: Any,
    subject: str,
    path: str | Path,
    *,
    options: Any = None,
    overwrite: bool = False,
    host: Any = None,
) -> Path:
    """Write the report of ``obj`` (an analysis, a diagnostic, a cycle) to ``path``, atomically.

    The format is chosen by the suffix among the report formats registered for
    ``subject`` (``training_needs``, ``diagnostic``, ``cycle``). Raise
    :class:`~conseils_citoyens.errors.ValidationError` for an unknown subject or suffix and
    :class:`~conseils_citoyens.errors.OutputExistsError` when ``path`` exists
    and ``overwrite`` is False.
    """
    from conseils_citoyens.documents.jsonio import atomic_output, check_writable
    from conseils_citoyens.errors import Problem, ValidationError
    from conseils_citoyens.formats import ReportOptions
    from conseils_citoyens.i18n import get_language
    from conseils_citoyens.plugins import get_plugins

    plugins = host or get_plugins()
    target = Path(path)
    chosen = plugins.report_format_for(subject, target.suffix)
    if chosen is None and not plugins.report_formats(subject):
        subjects = ", ".join(sorted({f.subject for f in plugins.report_formats().values()}))
        raise ValidationError(
            [
                Problem(
                    path="$",
                    code="report.unknown_subject",
                    texts={
                        "fr": f"rapport inconnu « {subject} » (possibles : {subjects})",
                        "en": f"unknown report '{subject}' (possible: {subjects})",
                    },
                )
            ],
            kind="report",
            source=target,
        )
    if chosen is None:
        known = ", ".join(
            sorted({s for f in plugins.report_formats(subject).values() for s in f.suffixes})
        )
        raise ValidationError(
            [
                Problem(
                    path="$",
                    code="report.unknown_format",
                    texts={
                        "fr": f"extension « {target.suffix or '(aucune)'} » non prise en charge "
                        f"(possibles : {known})",
                        "en": f"unsupported extension '{target.suffix or '(none)'}' (supported: {known})",
                    },
                )
            ],
            kind="report",
            source=target,
        )
    check_writable(obj, kind="report")  # before any writer: never a half-written traceback
    with atomic_output(target, overwrite=overwrite) as stream:
        # By default, the report hides exactly what the analysis was made to hide.
        default = ReportOptions(lang=get_language(), min_group=getattr(obj, "min_group", 5))
        chosen.write(obj, stream, options or default)
    return target
