"""Local overlays: a territory adapts a questionnaire with a plain JSON file.

An overlay (``schemas/overlay.schema.json``) can change the title,
introduction and contact, add sections or questions, add choices or matrix
rows, reword labels, hide questions, and flag questions or choices as
sensitive (reports then hide small counts of them). Every problem names the overlay file
and the JSON path inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from conseils_citoyens.documents import convert, schemas
from conseils_citoyens.documents.jsonio import read_json
from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.survey.questionnaire.conditions import referenced_questions
from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    Matrix,
    MultipleChoice,
    PrivacyNotice,
    Question,
    Questionnaire,
    Ranking,
    ReturnInfo,
    Section,
    SingleChoice,
    Text,
)

_Parts = TypeVar("_Parts", ReturnInfo, PrivacyNotice)


@attrs.frozen(kw_only=True)
class SectionAddition:
    """A section to insert after section ``after`` (at the end when None)."""

    section: Section
    after: str | None = None


@attrs.frozen(kw_only=True)
class QuestionAddition:
    """Questions to insert in ``section`` after question ``after`` (at its end when None)."""

    section: str
    questions: tuple[Question, ...]
    after: str | None = None


@attrs.frozen(kw_only=True)
class Rewording:
    """New wording for a question: label, help, choice (or matrix row) labels by code.

    The ``easy_read`` fields give (or replace) the easy-read wording of the
    question, its help and its choices.
    """

    question: str
    label: Text | None = None
    help: Text | None = None
    choices: Mapping[str, Text] = attrs.field(factory=dict, converter=dict)
    easy_read: Text | None = None
    easy_read_help: Text | None = None
    easy_read_choices: Mapping[str, Text] = attrs.field(factory=dict, converter=dict)


@attrs.frozen(kw_only=True)
class ChoiceAddition:
    """Choices to append to a choice question, or rows to append to a matrix."""

    question: str
    choices: tuple[Choice, ...]


@attrs.frozen(kw_only=True)
class SensitiveMark:
    """Flag a question as sensitive, or only some of its choices (or matrix rows/columns)."""

    question: str
    choices: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Overlay:
    """A local adaptation of a questionnaire, usually read from a JSON file (``source``)."""

    id: str
    version_suffix: str | None = None
    title: Text | None = None
    introduction: Text | None = None
    contact: Text | None = None
    issuer: Text | None = None
    campaign: Text | None = None
    return_info: ReturnInfo | None = None
    privacy: PrivacyNotice | None = None
    add_sections: tuple[SectionAddition, ...] = ()
    add_questions: tuple[QuestionAddition, ...] = ()
    hide: tuple[str, ...] = ()
    reword: tuple[Rewording, ...] = ()
    add_choices: tuple[ChoiceAddition, ...] = ()
    sensitive: tuple[SensitiveMark, ...] = ()
    source: str | None = None

    @property
    def suffix(self) -> str:
        """The text appended to the base version (``1.0+<suffix>``)."""
        return self.version_suffix or self.id


def load_overlay(data_or_path: Mapping[str, Any] | str | Path) -> Overlay:
    """Validate an overlay (dict or JSON file) against its schema and build it."""
    source: str | None = None
    data: Any = data_or_path
    if isinstance(data_or_path, str | Path):
        source = str(data_or_path)
        data = read_json(data_or_path)
    schemas.validate("overlay", data, source=source)
    fields = {k: v for k, v in data.items() if k != "$schema"}
    overlay = convert.structure(fields, Overlay, source=source)
    return attrs.evolve(overlay, source=source)


def as_overlay(value: Overlay | Mapping[str, Any] | str | Path) -> Overlay:
    """Return an :class:`Overlay` from an overlay, a dict or a JSON file path."""
    return value if isinstance(value, Overlay) else load_overlay(value)


def _problem(overlay: Overlay, path: str, code: str, fr: str, en: str) -> Problem:
    return Problem(
        path=path, code=f"overlay.{code}", texts={"fr": fr, "en": en}, source=overlay.source
    )


def _fail(overlay: Overlay, problems: Iterable[Problem]) -> None:
    found = list(problems)
    if found:
        raise ValidationError(found, kind="overlay", source=overlay.source)


def apply_overlay(questionnaire: Questionnaire, overlay: Overlay) -> Questionnaire:
    """Return the questionnaire adapted by ``overlay``; its version gets ``+<suffix>``.

    Raise :class:`ValidationError` naming the overlay file, the path in it and
    the problem (unknown section or question, duplicate id, hiding a question
    another one depends on...).
    """
    from conseils_citoyens.survey.questionnaire.checks import check_questionnaire

    sections = list(questionnaire.sections)
    problems: list[Problem] = []
    problems.extend(_new_id_problems(questionnaire, overlay))

    for i, addition in enumerate(overlay.add_sections):
        section = addition.section
        if section.origin is None:
            section = attrs.evolve(section, origin=overlay.id)
        if addition.after is None:
            sections.append(section)
            continue
        index = _section_index(sections, addition.after)
        if index is None:
            problems.append(_unknown_section(overlay, f"$.add_sections[{i}].after", addition.after))
        else:
            sections.insert(index + 1, section)

    for i, added in enumerate(overlay.add_questions):
        index = _section_index(sections, added.section)
        if index is None:
            problems.append(
                _unknown_section(overlay, f"$.add_questions[{i}].section", added.section)
            )
            continue
        questions = list(sections[index].questions)
        position = len(questions)
        if added.after is not None:
            ids = [q.id for q in questions]
            if added.after not in ids:
                problems.append(
                    _problem(
                        overlay,
                        f"$.add_questions[{i}].after",
                        "unknown_question",
                        f"la partie « {added.section} » n'a pas de question « {added.after} »",
                        f"section '{added.section}' has no question '{added.after}'",
                    )
                )
                continue
            position = ids.index(added.after) + 1
        questions[position:position] = added.questions
        sections[index] = attrs.evolve(sections[index], questions=tuple(questions))

    edits: dict[str, list[tuple[str, Any]]] = {}
    for i, choices in enumerate(overlay.add_choices):
        edits.setdefault(choices.question, []).append((f"$.add_choices[{i}]", choices))
    for i, rewording in enumerate(overlay.reword):
        edits.setdefault(rewording.question, []).append((f"$.reword[{i}]", rewording))
    for i, mark in enumerate(overlay.sensitive):
        edits.setdefault(mark.question, []).append((f"$.sensitive[{i}]", mark))
    known = {q.id for section in sections for q in section.questions}
    for question_id, changes in edits.items():
        if question_id not in known:
            for path, _ in changes:
                problems.append(_unknown_question(overlay, f"{path}.question", question_id))
    sections = [
        attrs.evolve(
            section,
            questions=tuple(
                _edit(question, edits.get(question.id, ()), overlay, problems)
                for question in section.questions
            ),
        )
        for section in sections
    ]

    hidden = set(overlay.hide)
    for i, question_id in enumerate(overlay.hide):
        if question_id not in known:
            problems.append(_unknown_question(overlay, f"$.hide[{i}]", question_id))
    kept = [
        attrs.evolve(section, questions=tuple(q for q in section.questions if q.id not in hidden))
        for section in sections
    ]
    kept = [section for section in kept if section.questions]
    problems.extend(_hidden_dependencies(overlay, kept, hidden))
    _fail(overlay, problems)

    separator = "." if "+" in questionnaire.version else "+"
    result = attrs.evolve(
        questionnaire,
        version=f"{questionnaire.version}{separator}{overlay.suffix}",
        title=overlay.title or questionnaire.title,
        introduction=overlay.introduction or questionnaire.introduction,
        contact=overlay.contact or questionnaire.contact,
        issuer=overlay.issuer or questionnaire.issuer,
        campaign=overlay.campaign or questionnaire.campaign,
        return_info=_merged(questionnaire.return_info, overlay.return_info),
        privacy=_merged(questionnaire.privacy, overlay.privacy),
        sections=tuple(kept),
    )
    _fail(
        overlay,
        (
            Problem(
                path=p.path,
                code=p.code,
                texts={
                    "fr": f"questionnaire adapté, {p.message_in('fr')}",
                    "en": f"adapted questionnaire, {p.message_in('en')}",
                },
                source=overlay.source,
            )
            for p in check_questionnaire(result)
        ),
    )
    return result


def _merged(base: _Parts | None, change: _Parts | None) -> _Parts | None:
    """``base`` with the parts ``change`` gives (a part left out keeps its value)."""
    if change is None or base is None:
        return change if base is None else base
    given = {
        field.name: value
        for field in attrs.fields(type(change))
        if (value := getattr(change, field.name)) is not None
    }
    return attrs.evolve(base, **given)


def _section_index(sections: list[Section], section_id: str) -> int | None:
    for index, section in enumerate(sections):
        if section.id == section_id:
            return index
    return None


def _unknown_section(overlay: Overlay, path: str, section_id: str) -> Problem:
    return _problem(
        overlay,
        path,
        "unknown_section",
        f"la partie « {section_id} » n'existe pas dans le questionnaire",
        f"section '{section_id}' does not exist in the questionnaire",
    )


def _unknown_question(overlay: Overlay, path: str, question_id: str) -> Problem:
    return _problem(
        overlay,
        path,
        "unknown_question",
        f"la question « {question_id} » n'existe pas dans le questionnaire",
        f"question '{question_id}' does not exist in the questionnaire",
    )


def _new_id_problems(questionnaire: Questionnaire, overlay: Overlay) -> Iterator[Problem]:
    question_ids = {q.id for q in questionnaire.questions()}
    section_ids = {s.id for s in questionnaire.sections}
    new: list[tuple[str, Question]] = []
    for i, addition in enumerate(overlay.add_sections):
        path = f"$.add_sections[{i}].section"
        if addition.section.id in section_ids:
            yield _problem(
                overlay,
                f"{path}.id",
                "duplicate_id",
                f"identifiant de partie « {addition.section.id} » déjà utilisé",
                f"section id '{addition.section.id}' already used",
            )
        section_ids.add(addition.section.id)
        new.extend((f"{path}.questions[{j}]", q) for j, q in enumerate(addition.section.questions))
    for i, added in enumerate(overlay.add_questions):
        new.extend(
            (f"$.add_questions[{i}].questions[{j}]", q) for j, q in enumerate(added.questions)
        )
    for path, question in new:
        if question.id in question_ids:
            yield _problem(
                overlay,
                f"{path}.id",
                "duplicate_id",
                f"identifiant de question « {question.id} » déjà utilisé",
                f"question id '{question.id}' already used",
            )
        question_ids.add(question.id)


def _edit(
    question: Question,
    changes: Iterable[tuple[str, Any]],
    overlay: Overlay,
    problems: list[Problem],
) -> Question:
    for path, change in changes:
        if isinstance(change, ChoiceAddition):
            if isinstance(question, SingleChoice | MultipleChoice | Ranking):
                question = attrs.evolve(question, choices=question.choices + change.choices)
            elif isinstance(question, Matrix):
                question = attrs.evolve(question, rows=question.rows + change.choices)
            else:
                problems.append(
                    _problem(
                        overlay,
                        f"{path}.question",
                        "no_choices",
                        f"on ne peut pas ajouter de choix à la question « {question.id} » (type {question.type.value})",
                        f"cannot add choices to question '{question.id}' (type {question.type.value})",
                    )
                )
            continue
        if isinstance(change, SensitiveMark):
            question = _mark_sensitive(question, change, path, overlay, problems)
            continue
        rewording: Rewording = change
        if rewording.label is not None:
            question = attrs.evolve(question, label=rewording.label)
        if rewording.help is not None:
            question = attrs.evolve(question, help=rewording.help)
        if rewording.easy_read is not None:
            question = attrs.evolve(question, easy_read=rewording.easy_read)
        if rewording.easy_read_help is not None:
            question = attrs.evolve(question, easy_read_help=rewording.easy_read_help)
        for code, text in rewording.choices.items():
            question = _relabel(question, code, text, f"{path}.choices.{code}", overlay, problems)
        for code, text in rewording.easy_read_choices.items():
            question = _relabel(
                question,
                code,
                text,
                f"{path}.easy_read_choices.{code}",
                overlay,
                problems,
                field_name="easy_read",
            )
    return question


def _mark_sensitive(
    question: Question,
    mark: SensitiveMark,
    path: str,
    overlay: Overlay,
    problems: list[Problem],
) -> Question:
    if not mark.choices:
        flagged: Question = attrs.evolve(cast(Any, question), sensitive=True)
        return flagged
    for n, code in enumerate(mark.choices):
        for field in ("choices", "rows", "levels", "columns"):
            options: tuple[Choice, ...] | None = getattr(question, field, None)
            if options is not None and code in {c.code for c in options}:
                marked = tuple(
                    attrs.evolve(c, sensitive=True) if c.code == code else c for c in options
                )
                question = attrs.evolve(cast(Any, question), **{field: marked})
                break
        else:
            problems.append(
                _problem(
                    overlay,
                    f"{path}.choices[{n}]",
                    "unknown_code",
                    f"la question « {question.id} » n'a pas de choix « {code} »",
                    f"question '{question.id}' has no choice '{code}'",
                )
            )
    return question


def _relabel(
    question: Question,
    code: str,
    text: Text,
    path: str,
    overlay: Overlay,
    problems: list[Problem],
    *,
    field_name: str = "label",
) -> Question:
    for field in ("choices", "rows", "levels", "columns"):
        options: tuple[Choice, ...] | None = getattr(question, field, None)
        if options is None or code not in {c.code for c in options}:
            continue
        changes: dict[str, Any] = {field_name: text}
        relabelled = tuple(attrs.evolve(c, **changes) if c.code == code else c for c in options)
        changed: Question = attrs.evolve(cast(Any, question), **{field: relabelled})
        return changed
    problems.append(
        _problem(
            overlay,
            path,
            "unknown_code",
            f"la question « {question.id} » n'a pas de choix « {code} »",
            f"question '{question.id}' has no choice '{code}'",
        )
    )
    return question


def _hidden_dependencies(
    overlay: Overlay, sections: list[Section], hidden: set[str]
) -> Iterator[Problem]:
    positions = {question_id: i for i, question_id in enumerate(overlay.hide)}
    for section in sections:
        owners: list[tuple[str, str, str, Any]] = [
            (f"la partie « {section.id} »", f"section '{section.id}'", "", section.condition)
        ]
        owners.extend(
            (f"la question « {q.id} »", f"question '{q.id}'", q.id, q.condition)
            for q in section.questions
        )
        for owner_fr, owner_en, _, condition in owners:
            if condition is None:
                continue
            for target in sorted(referenced_questions(condition) & hidden):
                yield _problem(
                    overlay,
                    f"$.hide[{positions[target]}]",
                    "hidden_dependency",
                    f"la question « {target} » ne peut pas être masquée : {owner_fr} en dépend (condition)",
                    f"question '{target}' cannot be hidden: {owner_en} depends on it (condition)",
                )
