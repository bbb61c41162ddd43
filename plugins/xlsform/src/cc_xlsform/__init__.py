"""XLSForm export: the questionnaire as an .xlsx that ODK Collect and KoboToolbox read.

:func:`build_xlsform` maps a questionnaire to the three XLSForm sheets
(``survey``, ``choices``, ``settings``) as plain rows; :func:`export_xlsform`
writes them with openpyxl. The plugin registers the exporter ``xlsform``
(suffix ``.xlsx``) through the ``register_exporters`` hook.

Names in the form: a question keeps its id; a matrix becomes a ``table-list``
group named after the question holding one ``select_one`` per row, named
``<question id>__<row code>``; the free text of an "other" choice is the
``text`` question ``<question id>_other`` (the library's answer key
``<question id>.other``: XLSForm names cannot hold dots). Sections become
groups named ``section-<section id>``; notes and hidden fields added by the
export have names with a hyphen, which no question id can contain.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from typing import IO, Final

import attrs

from conseils_citoyens import Exporter, ExportOptions, Problem, ValidationError, hookimpl
from conseils_citoyens.survey.questionnaire.conditions import choice_options
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_CODE,
    YES_NO_CHOICES,
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Condition,
    Equals,
    Includes,
    LongText,
    Matrix,
    MultipleChoice,
    Not,
    Number,
    Question,
    Questionnaire,
    Ranking,
    Scale,
    Section,
    ShortText,
    SingleChoice,
    Text,
    YesNo,
)

MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Separator between a matrix id and a row code in the name of a row question.
ROW_SEPARATOR: Final = "__"
#: Suffix of the name of the text question holding an "other, specify" answer.
OTHER_NAME_SUFFIX: Final = "_other"
#: Settings column holding the full content hash (an attribute of the instance root).
HASH_COLUMN: Final = "attribute::cc_hash"

#: Language names used in the XLSForm column headers (``label::Français (fr)``).
LANGUAGE_NAMES: Final[Mapping[str, str]] = {
    "fr": "Français",
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "it": "Italiano",
    "pt": "Português",
    "nl": "Nederlands",
    "ar": "العربية",
}

# Columns of the survey sheet whose header is followed by ``::<language>``.
_TRANSLATED: Final = ("label", "hint", "constraint_message")
_SURVEY_COLUMNS: Final = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "calculation",
)

_RESPONDENT_FIELDS: Final = (
    ("token", "cc-token"),
    ("council_id", "cc-council"),
    ("commune", "cc-commune"),
    ("epci", "cc-epci"),
)


def language_column(lang: str) -> str:
    """Return the XLSForm language suffix of ``lang``: ``Français (fr)``."""
    return f"{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


@attrs.frozen(kw_only=True)
class Sheet:
    """One worksheet: its name, column headers and rows of cell texts."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, str]]:
        """Return the rows as ``{header: text}`` without empty cells."""
        return [{h: v for h, v in zip(self.headers, row, strict=True) if v} for row in self.rows]


@attrs.frozen(kw_only=True)
class XLSForm:
    """The three sheets of an XLSForm."""

    survey: Sheet
    choices: Sheet
    settings: Sheet

    def sheets(self) -> tuple[Sheet, ...]:
        """Return the sheets in workbook order."""
        return (self.survey, self.choices, self.settings)


# --- XPath ---------------------------------------------------------------------------


def xpath_literal(value: str | int | float | bool) -> str:
    """Return ``value`` as an XPath 1.0 literal (strings quoted, numbers in plain decimal)."""
    if isinstance(value, bool):
        return "'true'" if value else "'false'"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(decimal.Decimal(repr(value)).normalize(), "f")
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    # XPath 1.0 has no escape: glue the pieces around each apostrophe.
    parts = value.split("'")
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in parts) + ")"


def _ref(name: str) -> str:
    return "${" + name + "}"


def row_name(question_id: str, row: str) -> str:
    """Return the XLSForm name of one row of a matrix."""
    return f"{question_id}{ROW_SEPARATOR}{row}"


def other_name(question_id: str) -> str:
    """Return the XLSForm name of the "other, specify" text of a choice question."""
    return f"{question_id}{OTHER_NAME_SUFFIX}"


def _joined(parts: list[str], operator: str, empty: str) -> str:
    if not parts:
        return empty
    if len(parts) == 1:
        return parts[0]
    return "(" + f" {operator} ".join(parts) + ")"


def relevant_expression(condition: Condition, questions: Mapping[str, Question]) -> str:
    """Return the XLSForm ``relevant`` expression of a condition.

    ``questions`` maps every question id to its question (matrix rows and
    ranking tops change how a test is written).
    """
    if isinstance(condition, AllOf):
        items = [relevant_expression(c, questions) for c in condition.conditions]
        return _joined(items, "and", "true()")
    if isinstance(condition, AnyOf):
        items = [relevant_expression(c, questions) for c in condition.conditions]
        return _joined(items, "or", "false()")
    if isinstance(condition, Not):
        return f"not({relevant_expression(condition.condition, questions)})"
    target = _target(condition.question, questions)
    if isinstance(condition, Answered):
        if isinstance(target, Matrix):
            operator, joiner = ("!=", "or") if condition.answered else ("=", "and")
            parts = [f"{_ref(row_name(target.id, r.code))} {operator} ''" for r in target.rows]
            return _joined(parts, joiner, "true()")
        return f"{_ref(target.id)} {'!=' if condition.answered else '='} ''"
    if isinstance(condition, Includes):
        value = xpath_literal(condition.value)
        if isinstance(target, Ranking):
            # A rank question orders every choice; only the first `top` count.
            parts = [f"selected-at({_ref(target.id)}, {i}) = {value}" for i in range(target.top)]
            return _joined(parts, "or", "false()")
        return f"selected({_ref(target.id)}, {value})"
    name = target.id if condition.row is None else row_name(target.id, condition.row)
    values = (condition.value,) if isinstance(condition, Equals) else condition.values
    parts = [f"{_ref(name)} = {xpath_literal(v)}" for v in values]
    return _joined(parts, "or", "false()")


def _target(question_id: str, questions: Mapping[str, Question]) -> Question:
    try:
        return questions[question_id]
    except KeyError:
        problem = Problem(
            path=question_id,
            code="xlsform.unknown_question",
            texts={
                "fr": f"une condition porte sur la question inconnue « {question_id} »",
                "en": f"a condition refers to unknown question '{question_id}'",
            },
        )
        raise ValidationError([problem], kind="questionnaire") from None


# --- the survey sheet ----------------------------------------------------------------


def _number_text(value: float) -> str:
    return xpath_literal(int(value) if float(value).is_integer() else float(value))


def _bounds(low: str | None, high: str | None, subject: str) -> tuple[str, Text] | None:
    """Return (constraint, message) bounding ``subject`` by ``low`` and ``high``."""
    if low is not None and high is not None:
        return (
            f"{subject} >= {low} and {subject} <= {high}",
            Text.of(f"entre {low} et {high}", f"between {low} and {high}"),
        )
    if low is not None:
        return f"{subject} >= {low}", Text.of(f"au moins {low}", f"at least {low}")
    if high is not None:
        return f"{subject} <= {high}", Text.of(f"au plus {high}", f"at most {high}")
    return None


class _Builder:
    """Accumulate the rows of the survey and choices sheets."""

    def __init__(self, questionnaire: Questionnaire, languages: tuple[str, ...]) -> None:
        self.questionnaire = questionnaire
        self.languages = languages
        self.questions = {q.id: q for q in questionnaire.questions()}
        self.survey: list[dict[str, str]] = []
        self.choices: list[dict[str, str]] = []
        self.names: dict[str, str] = {}
        self.problems: list[Problem] = []

    # names

    def claim(self, name: str, owner: str) -> str:
        """Reserve a form-wide name; two elements with one name is a problem."""
        if name in self.names:
            self.problems.append(
                Problem(
                    path=owner,
                    code="xlsform.name_collision",
                    texts={
                        "fr": f"le nom XLSForm « {name} » de « {owner} » est déjà pris par « {self.names[name]} »",
                        "en": f"XLSForm name '{name}' of '{owner}' is already taken by '{self.names[name]}'",
                    },
                )
            )
        self.names[name] = owner
        return name

    # cells

    def texts(self, column: str, text: Text | None) -> dict[str, str]:
        if text is None:
            return {}
        return {
            f"{column}::{language_column(lang)}": _plain(text.get(lang)) for lang in self.languages
        }

    def row(
        self,
        type_: str,
        name: str,
        *,
        label: Text | None = None,
        hint: Text | None = None,
        required: bool = False,
        relevant: str | None = None,
        constraint: tuple[str, Text] | None = None,
        appearance: str | None = None,
        calculation: str | None = None,
    ) -> None:
        cells = {"type": type_, "name": name}
        cells.update(self.texts("label", label))
        cells.update(self.texts("hint", hint))
        if required:
            cells["required"] = "yes"
        if relevant:
            cells["relevant"] = relevant
        if constraint is not None:
            cells["constraint"] = constraint[0]
            cells.update(self.texts("constraint_message", constraint[1]))
        if appearance:
            cells["appearance"] = appearance
        if calculation:
            cells["calculation"] = calculation
        self.survey.append(cells)

    def choice_list(self, list_name: str, choices: tuple[Choice, ...]) -> str:
        for choice in choices:
            self.choices.append(
                {"list_name": list_name, "name": choice.code, **self.texts("label", choice.label)}
            )
        return list_name

    def relevant(self, condition: Condition | None) -> str | None:
        if condition is None:
            return None
        return relevant_expression(condition, self.questions)

    # questionnaire structure

    def build(self, options: ExportOptions) -> None:
        q = self.questionnaire
        if q.introduction is not None:
            self.row("note", self.claim("cc-introduction", "introduction"), label=q.introduction)
        self.respondent(options)
        for section in q.sections:
            self.section(section)
        if q.contact is not None:
            self.row("note", self.claim("cc-contact", "contact"), label=q.contact)

    def respondent(self, options: ExportOptions) -> None:
        respondent = options.respondent
        if respondent is None:
            return
        for attribute, name in _RESPONDENT_FIELDS:
            value = getattr(respondent, attribute)
            if value is not None:
                self.row("calculate", self.claim(name, attribute), calculation=xpath_literal(value))

    def section(self, section: Section) -> None:
        group = self.claim(f"section-{section.id}", f"section {section.id}")
        self.row(
            "begin group", group, label=section.title, relevant=self.relevant(section.condition)
        )
        if section.introduction is not None:
            intro = self.claim(f"{group}-introduction", f"section {section.id}")
            self.row("note", intro, label=section.introduction)
        for question in section.questions:
            self.question(question)
        self.row("end group", group)

    def ask(
        self,
        type_: str,
        question: Question,
        *,
        hint: Text | None = None,
        constraint: tuple[str, Text] | None = None,
        appearance: str | None = None,
    ) -> None:
        """Add the row of one question, with its label, help, requirement and condition."""
        self.row(
            type_,
            self.claim(question.id, question.id),
            label=question.label,
            hint=question.help if hint is None else hint,
            required=question.required,
            relevant=self.relevant(question.condition),
            constraint=constraint,
            appearance=appearance,
        )

    def question(self, question: Question) -> None:
        if isinstance(question, SingleChoice):
            list_name = self.choice_list(question.id, choice_options(question))
            self.ask(f"select_one {list_name}", question)
            self.other_text(question)
        elif isinstance(question, MultipleChoice):
            list_name = self.choice_list(question.id, choice_options(question))
            self.ask(f"select_multiple {list_name}", question, constraint=_selections(question))
            self.other_text(question)
        elif isinstance(question, YesNo):
            self.ask(f"select_one {self.choice_list(question.id, YES_NO_CHOICES)}", question)
        elif isinstance(question, Scale):
            list_name = self.choice_list(question.id, question.levels)
            self.ask(f"select_one {list_name}", question, appearance="likert")
        elif isinstance(question, Matrix):
            self.matrix(question)
        elif isinstance(question, Ranking):
            self.ranking(question)
        elif isinstance(question, ShortText | LongText):
            limit = question.max_length
            constraint = (
                f"string-length(.) <= {limit}",
                Text.of(f"{limit} caractères au plus.", f"At most {limit} characters."),
            )
            appearance = "multiline" if isinstance(question, LongText) else None
            self.ask("text", question, constraint=constraint, appearance=appearance)
        elif isinstance(question, Number):
            self.number(question)
        else:
            self.ask("date", question)

    def other_text(self, question: SingleChoice | MultipleChoice) -> None:
        """Add the text question of an "other, specify" choice, asked when it is chosen."""
        if question.other is None:
            return
        chosen = f"selected({_ref(question.id)}, {xpath_literal(OTHER_CODE)})"
        own = self.relevant(question.condition)
        other = question.other
        self.row(
            "text",
            self.claim(other_name(question.id), question.id),
            label=_with_languages(
                lambda lang: (
                    f"{other.get(lang)} : précisez"
                    if lang == "fr"
                    else f"{other.get(lang)}: please specify"
                ),
                self.languages,
            ),
            relevant=chosen if own is None else f"{own} and {chosen}",
        )

    def matrix(self, question: Matrix) -> None:
        """Add a matrix: ODK's table-list, a group of select_one questions sharing one list."""
        list_name = self.choice_list(question.id, question.columns)
        group = self.claim(question.id, question.id)
        self.row(
            "begin group",
            group,
            label=question.label,
            hint=question.help,
            relevant=self.relevant(question.condition),
            appearance="table-list",
        )
        for row in question.rows:
            self.row(
                f"select_one {list_name}",
                self.claim(row_name(question.id, row.code), question.id),
                label=row.label,
                required=question.required,
            )
        self.row("end group", group)

    def ranking(self, question: Ranking) -> None:
        """Add a ranking: ODK's rank orders every choice; the hint says how many count."""
        list_name = self.choice_list(question.id, question.choices)
        top = question.top
        note = Text.of(
            f"Classez les choix du plus important au moins important : seuls les {top} premiers comptent.",
            f"Order the choices from most to least important: only the first {top} count.",
        )
        self.ask(f"rank {list_name}", question, hint=_prefixed(question.help, note, self.languages))

    def number(self, question: Number) -> None:
        """Add a number: integer or decimal, bounded by a constraint, unit in the hint."""
        low = None if question.minimum is None else _number_text(question.minimum)
        high = None if question.maximum is None else _number_text(question.maximum)
        bounds = _bounds(low, high, ".")
        constraint = None
        if bounds is not None:
            expression, words = bounds
            constraint = (
                expression,
                Text.of(
                    f"La réponse doit être {words.get('fr')}.",
                    f"The answer must be {words.get('en')}.",
                ),
            )
        hint = question.help
        if question.unit is not None:
            unit = question.unit
            unit_text = _with_languages(
                lambda lang: (
                    f"(unité : {unit.get(lang)})" if lang == "fr" else f"(unit: {unit.get(lang)})"
                ),
                self.languages,
            )
            hint = _prefixed(question.help, unit_text, self.languages)
        type_ = "integer" if question.integer else "decimal"
        self.ask(type_, question, hint=hint, constraint=constraint)


def _selections(question: MultipleChoice) -> tuple[str, Text] | None:
    low = question.min_selections or None
    high = question.max_selections
    bounds = _bounds(
        None if low is None else str(low), None if high is None else str(high), "count-selected(.)"
    )
    if bounds is None:
        return None
    expression, words = bounds
    # The noun agrees with the largest number said: "au plus 1 réponse", "entre 1 et 2 réponses".
    several = (high if high is not None else low or 1) > 1
    return expression, Text.of(
        f"Choisissez {words.get('fr')} réponse{'s' if several else ''}.",
        f"Choose {words.get('en')} answer{'s' if several else ''}.",
    )


def _with_languages(wording: Callable[[str], str], languages: tuple[str, ...]) -> Text:
    return Text({lang: wording(lang) for lang in languages})


def _prefixed(first: Text | None, then: Text, languages: tuple[str, ...]) -> Text:
    if first is None:
        return then
    return _with_languages(lambda lang: f"{first.get(lang)} {then.get(lang)}", languages)


def _plain(text: str) -> str:
    # XLSForm reads "${name}" in a label as a reference to a question: keep it literal.
    return text.replace("${", "$\u2060{")


def build_xlsform(questionnaire: Questionnaire, options: ExportOptions | None = None) -> XLSForm:
    """Map ``questionnaire`` to the three sheets of an XLSForm (rows of texts).

    Raises :class:`~conseils_citoyens.errors.ValidationError` when the
    questionnaire cannot become an XLSForm (two elements would share a name,
    a condition refers to an unknown question).
    """
    from conseils_citoyens import questionnaire_ref

    options = options or ExportOptions()
    languages = tuple(dict.fromkeys(("fr", *questionnaire.languages)))
    builder = _Builder(questionnaire, languages)
    builder.build(options)
    if builder.problems:
        raise ValidationError(builder.problems, kind="questionnaire")

    def headers(columns: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for column in columns:
            if column in _TRANSLATED:
                out.extend(f"{column}::{language_column(lang)}" for lang in languages)
            else:
                out.append(column)
        return tuple(out)

    def sheet(name: str, columns: tuple[str, ...], records: list[dict[str, str]]) -> Sheet:
        heads = headers(columns)
        return Sheet(
            name=name,
            headers=heads,
            rows=tuple(tuple(record.get(h, "") for h in heads) for record in records),
        )

    ref = questionnaire_ref(questionnaire)
    lang = options.lang if options.lang in languages else "fr"
    settings = {
        "form_title": _plain(questionnaire.title.get(lang)),
        "form_id": questionnaire.id,
        "version": form_version(ref.version, ref.hash),
        "default_language": language_column(lang),
        HASH_COLUMN: ref.hash,
    }
    return XLSForm(
        survey=sheet("survey", _SURVEY_COLUMNS, builder.survey),
        choices=sheet("choices", ("list_name", "name", "label"), builder.choices),
        settings=Sheet(name="settings", headers=tuple(settings), rows=(tuple(settings.values()),)),
    )


def form_version(version: str, content_hash: str) -> str:
    """Return the ODK form version: ``<version>+<first 12 hex digits of the content hash>``.

    ODK Central refuses a changed form with an unchanged version: the hash
    part changes with any change of the questionnaire.
    """
    digest = content_hash.split(":", 1)[-1]
    return f"{version}+{digest[:12]}"


def split_form_version(form_version_text: str) -> tuple[str, str]:
    """Return (questionnaire version, hash prefix) from an ODK form version."""
    version, _, digest = form_version_text.rpartition("+")
    return version, digest


def export_xlsform(questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions) -> None:
    """Write the questionnaire as an XLSForm workbook (.xlsx) to a binary stream."""
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

    form = build_xlsform(questionnaire, options)
    workbook = Workbook()
    default = workbook.active
    for sheet in form.sheets():
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(sheet.headers)
        for row in sheet.rows:
            worksheet.append([value or None for value in row])
        for cells in worksheet.iter_rows():
            for cell in cells:
                # openpyxl writes a text starting with "=" as a formula: keep texts texts.
                if cell.data_type == "f":
                    cell.data_type = "s"
        worksheet.freeze_panes = "A2"
    if default is not None:
        workbook.remove(default)
    workbook.save(stream)


EXPORTER: Final = Exporter(
    name="xlsform",
    suffixes=(".xlsx",),
    media_type=MEDIA_TYPE,
    export=export_xlsform,
    description={
        "fr": "XLSForm (.xlsx) pour ODK Collect et KoboToolbox : le questionnaire sur tablette",
        "en": "XLSForm (.xlsx) for ODK Collect and KoboToolbox: the questionnaire on tablets",
    },
)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Add the XLSForm export format."""
    register(EXPORTER)
