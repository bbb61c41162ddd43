"""What an export format, a form importer and a report format are.

Built-in formats (Word, OpenDocument, JSON, CSV, Markdown) and third-party
ones are registered the same way, through the plugin hooks
``register_exporters``, ``register_importers`` and ``register_report_formats``.
The core opens and closes files (atomically); a format only writes to, or
reads from, what it is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from conseils_citoyens.errors import Problem
from conseils_citoyens.i18n import text_map
from conseils_citoyens.survey.questionnaire.model import Questionnaire, QuestionnaireRef, Respondent


@attrs.frozen(kw_only=True)
class ExportOptions:
    """Options of a questionnaire export.

    ``lang``: language of the wording; ``respondent``: personalises the form
    (its token and council are printed on the first page and stored in the
    document's properties); ``easy_read``: the easy-read form (*facile à lire
    et à comprendre*: 14 pt and more, short sentences, one question per block,
    no grid, big boxes), which imports into the same questionnaire.
    """

    lang: str = "fr"
    respondent: Respondent | None = None
    easy_read: bool = False


#: ``fill(form, answers, destination, questionnaire=..., overrides=...)``: write a
#: copy of an exported form with answers filled in, as a person would.
FormFiller = Callable[..., None]


@attrs.frozen(kw_only=True)
class Exporter:
    """A questionnaire export format (``docx``, ``odt``, ``json``, ``xlsform``...).

    ``export(questionnaire, stream, options)`` writes the whole document to a
    binary stream. A fillable form format may also give ``fill`` (see
    :data:`FormFiller`), used by :func:`conseils_citoyens.survey.workflow.fill_form`.
    """

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    export: Callable[[Questionnaire, IO[bytes], ExportOptions], None]
    fill: FormFiller | None = None
    description: Mapping[str, str] = attrs.field(factory=dict, converter=text_map)
    replace: bool = False


@attrs.frozen(kw_only=True)
class FilledForm:
    """What an importer read from one filled form, before validation.

    ``answers`` uses the response value shapes (see
    :mod:`conseils_citoyens.survey.questionnaire.model`). ``problems`` lists what the
    importer could not interpret (two boxes ticked on a single choice, an
    unreadable number...), ``unmapped`` the text found outside any answer slot.
    """

    source: str
    questionnaire: QuestionnaireRef
    answers: Mapping[str, Any] = attrs.field(factory=dict, converter=dict)
    respondent: Respondent | None = None
    problems: tuple[Problem, ...] = ()
    unmapped: tuple[str, ...] = ()
    saved_on: dt.date | None = None


def saved_date(text: str | None) -> dt.date | None:
    """The day of a document's "last saved" metadata stamp (``2026-03-03T10:15:00Z``).

    None when absent or unreadable: the date is optional, never guessed.
    """
    stamp = (text or "").strip()[:10]
    try:
        return dt.date.fromisoformat(stamp)
    except ValueError:
        return None


#: Given the reference found in a form, return the questionnaire it was made from,
#: or raise :class:`~conseils_citoyens.errors.UnknownQuestionnaireError`.
QuestionnaireResolver = Callable[[QuestionnaireRef, str], Questionnaire]


@attrs.frozen(kw_only=True)
class Importer:
    """A filled-form reader (``docx``, ``odt``...).

    ``read(path, resolve)`` returns a :class:`FilledForm`, calling ``resolve``
    with the reference found in the document to get its questionnaire. It
    raises only :class:`~conseils_citoyens.errors.DocumentError` subclasses.
    """

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path, QuestionnaireResolver], FilledForm]
    description: Mapping[str, str] = attrs.field(factory=dict, converter=text_map)
    replace: bool = False


@attrs.frozen(kw_only=True)
class CouncilResponses:
    """How many members a council has and how many of them answered (``None``: hidden)."""

    name: str
    members: int
    responses: int | None


@attrs.frozen(kw_only=True)
class ReportOptions:
    """Options of a report: language, smallest group shown, free texts included."""

    lang: str = "fr"
    min_group: int = 5
    with_comments: bool = False
    by: str | None = None
    csv_dialect: str = "excel-fr"
    #: How many trainings the « À retenir » page names.
    top: int = 3
    #: The date the report is written on (default: today).
    date: dt.date | None = None
    #: Who runs the survey (the questionnaire's issuer), named on page 1.
    issuer: str | None = None
    #: Response rate per council (from council files), shown on page 1.
    councils: tuple[CouncilResponses, ...] = ()


@attrs.frozen(kw_only=True)
class ReportFormat:
    """A report format for one ``subject`` (``training_needs``, ``diagnostic``, ``cycle``).

    ``write(obj, stream, options)`` writes the report of ``obj`` (an analysis,
    a diagnostic, a cycle) to a binary stream.
    """

    name: str
    subject: str
    suffixes: tuple[str, ...]
    media_type: str
    write: Callable[[Any, IO[bytes], ReportOptions], None]
    description: Mapping[str, str] = attrs.field(factory=dict, converter=text_map)
    replace: bool = False
