"""Raw responses for analysts: one row per respondent, one column per answer slot.

A matrix gives one column per row (the level chosen), a multiple choice one
column per choice (1 when chosen, 0 when not, empty when the question was not
answered), a ranking one column per rank, an "other" choice a column for its
free text (``question.other.text``). Values are codes, or French (or English) labels with
``labels=True``. The respondent's token is never exported; council, commune
and EPCI are. This is not an aggregate: no privacy threshold applies, so
share it only with people allowed to see individual answers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import IO, Any

import attrs

from conseils_citoyens.survey.analysis import answer_problems
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    OTHER_SUFFIX,
    YES_NO_CHOICES,
    Choice,
    Matrix,
    MultipleChoice,
    Question,
    Questionnaire,
    Ranking,
    Response,
    Scale,
    SingleChoice,
    YesNo,
)


@attrs.frozen(kw_only=True)
class Column:
    """One column of the export: its key (``question.row``...), header, and value reader."""

    key: str
    question_id: str | None
    header: str
    read: Callable[[Response], Any]


def _choices(question: Question) -> tuple[Choice, ...]:
    if isinstance(question, SingleChoice | MultipleChoice):
        return question.choices + (
            (Choice(code=OTHER_CODE, label=question.other),) if question.other is not None else ()
        )
    if isinstance(question, Scale):
        return question.levels
    if isinstance(question, YesNo):
        return YES_NO_CHOICES
    if isinstance(question, Ranking):
        return question.choices
    return ()


def columns(
    questionnaire: Questionnaire, *, labels: bool = False, lang: str = "fr"
) -> tuple[Column, ...]:
    """Return the export's columns, in questionnaire order."""

    def words(fr: str, en: str) -> str:
        return en if lang == "en" else fr

    result: list[Column] = [
        Column(
            key="number",
            question_id=None,
            header=words("numéro", "number") if labels else "number",
            read=lambda r: None,
        ),
        Column(
            key="valid",
            question_id=None,
            header=words("valide", "valid") if labels else "valid",
            read=lambda r: None,
        ),
    ]
    for key, fr, en in (
        ("council_id", "conseil", "council"),
        ("commune", "commune", "commune"),
        ("epci", "EPCI", "EPCI"),
    ):
        result.append(
            Column(
                key=f"respondent.{key}",
                question_id=None,
                header=words(fr, en) if labels else f"respondent.{key}",
                read=functools.partial(_respondent_fact, key=key),
            )
        )
    for question in questionnaire.questions():
        qid = question.id
        qlabel = question.label.get(lang)
        names = {c.code: c.label.get(lang) for c in _choices(question)} if labels else None

        if isinstance(question, Matrix):
            levels = {c.code: c.label.get(lang) for c in question.columns}
            for row in question.rows:
                result.append(
                    Column(
                        key=f"{qid}.{row.code}",
                        question_id=qid,
                        header=f"{qlabel} — {row.label.get(lang)}"
                        if labels
                        else f"{qid}.{row.code}",
                        read=functools.partial(
                            _matrix_cell, qid=qid, row=row.code, names=levels if labels else None
                        ),
                    )
                )
        elif isinstance(question, MultipleChoice):
            for choice in _choices(question):
                result.append(
                    Column(
                        key=f"{qid}.{choice.code}",
                        question_id=qid,
                        header=f"{qlabel} — {choice.label.get(lang)}"
                        if labels
                        else f"{qid}.{choice.code}",
                        read=functools.partial(_ticked, qid=qid, code=choice.code),
                    )
                )
        elif isinstance(question, Ranking):
            for rank in range(1, question.top + 1):
                result.append(
                    Column(
                        key=f"{qid}.{rank}",
                        question_id=qid,
                        header=f"{qlabel} — {words('rang', 'rank')} {rank}"
                        if labels
                        else f"{qid}.{rank}",
                        read=functools.partial(_ranked, qid=qid, rank=rank, names=names),
                    )
                )
        else:
            result.append(
                Column(
                    key=qid,
                    question_id=qid,
                    header=qlabel if labels else qid,
                    read=functools.partial(_plain, key=qid, names=names),
                )
            )
        if isinstance(question, SingleChoice | MultipleChoice) and question.other is not None:
            key = qid + OTHER_SUFFIX
            result.append(
                Column(
                    key=key + ".text",
                    question_id=qid,
                    header=f"{qlabel} — {words('précision « autre »', 'other, details')}"
                    if labels
                    else key + ".text",
                    read=functools.partial(_plain, key=key, names=None),
                )
            )
    return tuple(result)


def _named(value: Any, names: dict[str, str] | None) -> Any:
    return names.get(value, value) if names is not None and isinstance(value, str) else value


def _respondent_fact(response: Response, *, key: str) -> Any:
    return getattr(response.respondent, key, None) if response.respondent else None


def _plain(response: Response, *, key: str, names: dict[str, str] | None) -> Any:
    return _named(response.answers.get(key), names)


def _matrix_cell(response: Response, *, qid: str, row: str, names: dict[str, str] | None) -> Any:
    cells = response.answers.get(qid)
    if not isinstance(cells, dict):
        return None
    return _named(cells.get(row), names)


def _ticked(response: Response, *, qid: str, code: str) -> int | None:
    chosen = response.answers.get(qid)
    if not isinstance(chosen, list):
        return None
    return 1 if code in chosen else 0


def _ranked(response: Response, *, qid: str, rank: int, names: dict[str, str] | None) -> Any:
    order = response.answers.get(qid)
    if not isinstance(order, list) or len(order) < rank:
        return None
    return _named(order[rank - 1], names)


def rows(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    *,
    labels: bool = False,
    lang: str = "fr",
) -> tuple[tuple[Column, ...], list[list[Any]]]:
    """Return the columns and one row of values per response (None for no answer)."""
    cols = columns(questionnaire, labels=labels, lang=lang)
    yes, no = ("oui", "non") if lang != "en" else ("yes", "no")
    table: list[list[Any]] = []
    for number, response in enumerate(responses, start=1):
        valid = not answer_problems(questionnaire, response)
        values: list[Any] = [number, yes if valid else no]
        values.extend(column.read(response) for column in cols[2:])
        table.append(values)
    return cols, table


def write_csv(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    stream: IO[bytes],
    *,
    labels: bool = False,
    lang: str = "fr",
    dialect: str = "excel-fr",
) -> None:
    """Write the export as CSV (``excel-fr``: ``;``, BOM, decimal comma; ``rfc4180``).

    Text cells are neutralised against spreadsheet formulas (:mod:`.documents.csvio`).
    """
    from conseils_citoyens.documents.csvio import open_csv

    cols, table = rows(questionnaire, responses, labels=labels, lang=lang)
    wrapper, writer = open_csv(stream, dialect)
    try:
        writer.writerow([c.header for c in cols])
        for values in table:
            # Numbers (answers to number questions, ticks, the row number) stay numbers;
            # every text, respondents' first of all, is neutralised against formulas.
            writer.writerow(values)
        wrapper.flush()
    finally:
        wrapper.detach()


def export_data(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    *,
    labels: bool = False,
    lang: str = "fr",
) -> dict[str, Any]:
    """Return the export as JSON data: ``columns`` (key, header, question) and ``rows`` (objects)."""
    cols, table = rows(questionnaire, responses, labels=labels, lang=lang)
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "columns": [{"key": c.key, "header": c.header, "question": c.question_id} for c in cols],
        "rows": [{c.key: v for c, v in zip(cols, values, strict=True)} for values in table],
    }


def write_json(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    stream: IO[bytes],
    *,
    labels: bool = False,
    lang: str = "fr",
) -> None:
    """Write the export as JSON."""
    data = export_data(questionnaire, responses, labels=labels, lang=lang)
    stream.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


__all__ = ["Column", "columns", "export_data", "rows", "write_csv", "write_json"]
