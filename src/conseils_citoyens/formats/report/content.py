"""The content of a training-needs report, independent of any file format.

:func:`build_report` turns an :class:`~conseils_citoyens.survey.analysis.Analysis`
into a list of blocks (headings, paragraphs, lists, tables); the Word,
OpenDocument and Markdown writers only lay them out. The summary comes first
(top needs, preferred formats and time slots, practical constraints), then
the detail tables, then notes (privacy, responses left out).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

import attrs

from conseils_citoyens.diagnostics.planning import priorities
from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.formats import CouncilResponses, ReportOptions
from conseils_citoyens.i18n import and_more, counted, percent_half_up
from conseils_citoyens.survey.analysis import (
    Analysis,
    ChoiceDistribution,
    Hidden,
    MatrixNeeds,
    NeedFigures,
    RankingResult,
    TextAnswers,
    TopicNeeds,
)
from conseils_citoyens.survey.questionnaire.model import Text

#: Width of a full bar (a share of 100 %) drawn in Word and OpenDocument, in centimetres.
BAR_FULL_CM: Final = 3.0
#: How many topics the summary lists.
TOP_TOPICS: Final = 5

#: Fragments of question ids that mark planning questions in the summary.
_FORMAT_HINTS: Final = ("format", "modalit")
_SLOT_HINTS: Final = ("availab", "dispon", "slot", "creneau", "when", "time")
_CONSTRAINT_HINTS: Final = ("constraint", "contrainte", "need_support", "accessib")


class Bar(str):
    """A cell's text (« 82 % ») that also carries the length of its bar, 0 to 1.

    Word and OpenDocument draw a grey bar of that length before the text, with
    the text as its alternative text; Markdown and CSV show the text only.
    """

    fraction: float

    def __new__(cls, text: str, fraction: float) -> Bar:
        cell = super().__new__(cls, text)
        cell.fraction = min(max(fraction, 0.0), 1.0)
        return cell

    def with_text(self, text: str) -> Bar:
        """The same bar with another text (typography applied, for instance)."""
        return Bar(text, self.fraction)


@attrs.frozen(kw_only=True)
class Heading:
    """A heading; ``level`` 1 is the document title; ``new_page`` starts a page."""

    text: str
    level: int
    new_page: bool = False


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph; ``note`` marks a smaller explanatory paragraph."""

    text: str
    note: bool = False


@attrs.frozen(kw_only=True)
class BulletList:
    """A list of items."""

    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Table:
    """A table with one header row (repeated on each page) and a caption."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Indexes of columns whose cells may be :class:`Bar` (drawn as grey bars).
    bar_columns: tuple[int, ...] = ()
    #: The column naming each row (used in the bars' alternative text).
    label_column: int = 0
    #: Lines printed under the table: « Champ », « Source », « Lecture », footnotes.
    notes: tuple[str, ...] = ()
    #: The table's number in the report (set once every table is known).
    number: int | None = None
    #: A count is hidden as a sensitive answer's: the key of « masqué » says so.
    sensitive: bool = False


Block = Heading | Paragraph | BulletList | Table


@attrs.frozen(kw_only=True)
class ReportDocument:
    """A report ready to lay out: title, language, blocks."""

    title: str
    subject: str
    lang: str
    blocks: tuple[Block, ...]


#: The nouns counts are written with: (French, English), each (singular, plural).
PEOPLE: Final = (("personne", "personnes"), ("person", "people"))
RESPONDENTS: Final = (("répondant", "répondants"), ("respondent", "respondents"))


class Wording:
    """Numbers and words in the report's language; a count always agrees with its words."""

    def __init__(self, lang: str, min_group: int, *, one_mark: bool = False) -> None:
        self.lang = "en" if lang == "en" else "fr"
        self.min_group = min_group
        #: Documents for people use one mark for every hidden figure, explained under
        #: each table; « < 5 » would read as "under 5 %" in a percentage column.
        self.one_mark = one_mark

    def __call__(self, fr: str, en: str) -> str:
        return en if self.lang == "en" else fr

    def label(self, text: Text) -> str:
        return text.get(self.lang)

    @property
    def secret(self) -> str:
        """The mark of a figure hidden because it counts too few people."""
        return self.masked if self.one_mark else f"< {self.min_group}"

    @property
    def masked(self) -> str:
        """The mark of a figure hidden so that another hidden one cannot be worked out."""
        return self("masqué", "hidden")

    def mark(self, hidden: Hidden | None) -> str:
        """The mark of a hidden figure: « < 5 » for a set of too few people, else « masqué »."""
        return self.secret if hidden in (Hidden.SMALL, None) else self.masked

    def note(self, hidden: Hidden | None) -> str:
        """Why a figure is hidden, in words (empty when it is not)."""
        if hidden is None:
            return ""
        if hidden is Hidden.COMPLEMENTARY:
            return self(
                "masqué pour qu'on ne puisse pas retrouver un autre chiffre masqué",
                "hidden so that another hidden figure cannot be worked out",
            )
        if hidden is Hidden.DERIVED:
            return self("calculé à partir d'un chiffre masqué", "derived from a hidden figure")
        if hidden is Hidden.SENSITIVE:
            gave = self.counted(
                self.min_group,
                ("personne l'a donnée", "personnes l'ont donnée"),
                ("person gave it", "people gave it"),
            )
            return self(
                "réponse sensible : nombre masqué (montré seulement s'il vaut 0, ou si au moins "
                f"{gave} et au moins {self.min_group} non)",
                "sensitive answer: count hidden (shown only when 0, or when at least "
                f"{gave} and at least {self.min_group} did not)",
            )
        if hidden is Hidden.RELEASE:
            return self(
                "non publié : diffère de trop peu de personnes d'un rapport déjà publié",
                "not published: differs by too few people from a report already published",
            )
        return self(
            f"moins de {self.people(self.min_group)} : chiffre masqué",
            f"fewer than {self.people(self.min_group)}: figure hidden",
        )

    def count(self, value: int | None, hidden: Hidden | None = None) -> str:
        if value is None:
            return self.mark(hidden)
        return f"{value:,}".replace(",", "\u202f" if self.lang == "fr" else ",")

    def counted(
        self,
        value: int | None,
        fr: tuple[str, str],
        en: tuple[str, str],
        hidden: Hidden | None = None,
    ) -> str:
        """``value`` as :meth:`count` writes it, then words that agree with it.

        ``fr`` and ``en``: (singular, plural); French takes the singular for 0
        and 1, English for 1 only. A hidden value (``None``) is its mark, then
        the plural.
        """
        if value is None:
            return f"{self.mark(hidden)} {(en if self.lang == 'en' else fr)[1]}"
        words = counted(value, {"fr": fr, "en": en}, self.lang).split(" ", 1)[1]
        return f"{self.count(value)} {words}"

    def people(self, value: int | None, hidden: Hidden | None = None) -> str:
        """« 1 personne », « 40 personnes » (« 1 person », « 40 people »)."""
        return self.counted(value, PEOPLE[0], PEOPLE[1], hidden)

    def respondents(self, value: int | None, hidden: Hidden | None = None) -> str:
        """« 1 répondant », « 40 répondants » (« 1 respondent », « 40 respondents »)."""
        return self.counted(value, RESPONDENTS[0], RESPONDENTS[1], hidden)

    def decimal(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.lang == "fr" else text

    def number(self, value: float | str | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, str):
            return value
        if isinstance(value, int) or float(value).is_integer():
            return self.count(int(value))
        return self.decimal(value, 2)

    def percent(self, share: float | None) -> str:
        if share is None:
            return "–"
        value = percent_half_up(share)
        return f"{value}\u00a0%" if self.lang == "fr" else f"{value}%"

    def bar(
        self, share: float | None, suppressed: bool = False, hidden: Hidden | None = None
    ) -> str:
        """The percentage, as a :class:`Bar` proportional to ``share``."""
        if suppressed or hidden is not None:
            return self.mark(hidden)
        if share is None:
            return "–"
        return Bar(self.percent(share), share)


def text_count(answers: TextAnswers, min_group: int) -> int | None:
    """The number of written answers (an ordinary count, ``None`` only when withheld)."""
    return answers.count


def share_cell(w: Wording, figures: NeedFigures) -> str:
    """The bar of the share rating a topic high, or the mark hiding it."""
    if figures.suppressed:
        return w.mark(figures.hidden)
    if figures.share_hidden:
        return w.mark(figures.share_why)
    return w.bar(figures.share_high)


def mean_cell(w: Wording, figures: NeedFigures) -> str:
    """The mean score, or the mark hiding it."""
    if figures.suppressed:
        return w.mark(figures.hidden)
    if figures.mean_hidden:
        return w.mark(figures.mean_why)
    return w.decimal(figures.mean)


def _check_threshold(analysis: Analysis, options: ReportOptions) -> None:
    if options.min_group > analysis.min_group:
        raise ValidationError(
            [
                Problem(
                    path="$.min_group",
                    code="report.threshold_above_analysis",
                    texts={
                        "fr": f"le rapport demande un seuil de {options.min_group} personnes mais "
                        f"l'analyse a été faite avec {analysis.min_group} : refaites l'analyse "
                        f"avec min_group={options.min_group}",
                        "en": f"the report asks for a threshold of {options.min_group} people but "
                        f"the analysis used {analysis.min_group}: analyse again with "
                        f"min_group={options.min_group}",
                    },
                )
            ],
            kind="report",
        )


def _find(
    distributions: Sequence[ChoiceDistribution], hints: Sequence[str]
) -> list[ChoiceDistribution]:
    return [d for d in distributions if any(h in d.question_id.lower() for h in hints)]


def _need_rows(
    w: Wording, needs: MatrixNeeds, limit: int | None = None
) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for topic in needs.topics:
        if limit is not None and (topic.rank is None or topic.rank > limit):
            continue
        figures = topic.overall
        rows.append(
            (
                str(topic.rank) if topic.rank is not None else "–",
                w.label(topic.label),
                share_cell(w, figures),
                mean_cell(w, figures),
                w.count(figures.answered, figures.hidden),
            )
        )
    return tuple(rows)


def _choice_rows(
    w: Wording, dist: ChoiceDistribution, *, top: int | None = None
) -> tuple[tuple[str, ...], ...]:
    choices = _top(dist, top) if top is not None else list(dist.choices)
    return tuple(
        (
            w.label(c.label),
            w.bar(c.share, dist.suppressed, c.hidden or c.share_why),
            w.count(c.count, c.hidden),
        )
        for c in choices
    )


def _need_notes(w: Wording, needs: MatrixNeeds) -> tuple[str, ...]:
    """Champ and Lecture lines of a table of needs by topic."""
    champ = _champ(w, needs.respondents, "ayant évalué les thèmes", "who rated the topics")
    for topic in needs.topics:
        figures = topic.overall
        if figures.suppressed or figures.share_hidden or figures.share_high is None:
            continue
        return (
            champ,
            w(
                f"Lecture : {w.percent(figures.share_high)} {_among(w, figures.answered)} "
                f"jugent « {w.label(topic.label)} » important ou prioritaire.",
                f"How to read: {w.percent(figures.share_high)} {_among(w, figures.answered)} "
                f"rate '{w.label(topic.label)}' important or priority.",
            ),
        )
    return (champ,)


def _choice_notes(w: Wording, dist: ChoiceDistribution, top: int | None = None) -> tuple[str, ...]:
    """Champ and Lecture lines of a table of answers to one question."""
    several = w(" (plusieurs réponses possibles)", " (several answers allowed)")
    if dist.answered_why is not None:
        champ = w(
            f"Champ : les personnes ayant répondu à la question{several if dist.multiple else ''} ; "
            f"leur nombre est {w.masked} (il donnerait celui des « non renseigné »).",
            f"Scope: people who answered the question{several if dist.multiple else ''}; "
            f"their number is {w.masked} (it would give the 'not stated' group away).",
        )
    else:
        champ = _champ(
            w,
            dist.answered,
            "ayant répondu à la question" + (several if dist.multiple else ""),
            "who answered the question" + (several if dist.multiple else ""),
        )
    listed = _top(dist, top) if top is not None else list(dist.choices)
    # the first row of the table that has its figures shown
    shown = next(
        (c for c in listed if c.count and c.share is not None and not dist.suppressed),
        None,
    )
    if shown is None:
        return (champ,)
    return (
        champ,
        w(
            f"Lecture : {w.people(shown.count)}, soit {w.percent(shown.share)} des "
            f"répondants, {'a' if shown.count == 1 else 'ont'} choisi « {w.label(shown.label)} ».",
            f"How to read: {w.people(shown.count)}, {w.percent(shown.share)} of "
            f"respondents, chose '{w.label(shown.label)}'.",
        ),
    )


def _too_few_answers(w: Wording, analysis: Analysis) -> str:
    answers = w.counted(analysis.min_group, ("réponse", "réponses"), ("answer", "answers"))
    return w(f"Moins de {answers} : non publié.", f"Fewer than {answers}: not shown.")


def _top(dist: ChoiceDistribution, top: int) -> list[Any]:
    """The ``top`` most chosen answers: an answer nobody chose is not « among the most chosen »."""
    chosen = [c for c in dist.choices if c.count != 0]  # a hidden count (None) may be large
    return sorted(chosen, key=lambda c: -(c.count or 0))[:top]


def _sensitive(dist: ChoiceDistribution) -> bool:
    """True when a count of the question is hidden as a sensitive answer's."""
    return any(c.hidden is Hidden.SENSITIVE for c in dist.choices)


def _choice_header(w: Wording) -> tuple[str, ...]:
    return (
        w("Réponse", "Answer"),
        w("Part des répondants", "Share of respondents"),
        w("Nombre", "Count"),
    )


def _figures_cells(w: Wording, needs: MatrixNeeds, figures: NeedFigures) -> tuple[str, ...]:
    levels = tuple(w.count(level.count, level.hidden) for level in figures.levels)
    return (
        *levels,
        share_cell(w, figures),
        mean_cell(w, figures),
        w.count(figures.answered, figures.hidden),
    )


def build_report(analysis: Analysis, options: ReportOptions) -> ReportDocument:
    """Return the blocks of the training-needs report of ``analysis``."""
    _check_threshold(analysis, options)
    w = Wording(options.lang, analysis.min_group, one_mark=True)
    title = w("Besoins de formation", "Training needs") + f" — {w.label(analysis.title)}"
    blocks: list[Block] = [Heading(text=title, level=1)]
    blocks.extend(_key_points(w, analysis, options))
    blocks.extend(_summary(w, analysis))
    blocks.extend(_details(w, analysis, options))
    blocks.extend(_notes(w, analysis))
    blocks = _finish_tables(w, analysis, blocks)
    return ReportDocument(
        title=title,
        subject=w("Rapport sur les besoins de formation", "Training-needs report"),
        lang=w.lang,
        blocks=tuple(blocks),
    )


def _finish_tables(w: Wording, analysis: Analysis, blocks: list[Block]) -> list[Block]:
    """Number every table, and add its source and the key of the marks it holds."""
    analysed = w.counted(
        analysis.analysed,
        ("réponse analysée", "réponses analysées"),
        ("response analysed", "responses analysed"),
    )
    source = w(
        f"Source : recensement des besoins de formation, {analysed}.",
        f"Source: training-needs survey, {analysed}.",
    )
    finished: list[Block] = []
    number = 0
    for block in blocks:
        if isinstance(block, Table):
            number += 1
            block, dropped = _drop_hidden_columns(w, block)
            cells = {cell for row in block.rows for cell in row}
            keys = [_masked_key(w, sensitive=block.sensitive)]
            keys = keys if w.masked in cells or dropped else []
            champ = [n for n in block.notes if not n.startswith(("Lecture", "How to read"))]
            reading = [n for n in block.notes if n.startswith(("Lecture", "How to read"))]
            block = attrs.evolve(
                block,
                number=number,
                caption=w(f"Tableau {number} – ", f"Table {number} – ") + block.caption,
                notes=(*champ, source, *reading, *dropped, *keys),
            )
        finished.append(block)
    return finished


def _masked_key(w: Wording, *, sensitive: bool) -> str:
    """What « masqué » means under a table: never « fewer than 5 » for a sensitive count of 12."""
    fewer = w.people(w.min_group)
    if not sensitive:
        return w(
            f"« {w.masked} » : chiffre non publié pour protéger l'anonymat (il porte sur "
            f"moins de {fewer}, ou permettrait d'en retrouver un qui porte sur moins de {fewer}).",
            f"'{w.masked}': figure not published to protect anonymity (it describes fewer "
            f"than {fewer}, or would give back one that does).",
        )
    gave = w.counted(
        w.min_group,
        ("personne l'a donnée", "personnes l'ont donnée"),
        ("person gave it", "people gave it"),
    )
    # With a threshold of 1 no figure is about too few people: only the sensitive rule hides.
    small = w.min_group > 1
    small_fr, small_en = (
        (f"il porte sur moins de {fewer}, ou ", f"it describes fewer than {fewer}, or ")
        if small
        else ("", "")
    )
    back_fr, back_en = (
        ("retrouver l'un de ces chiffres", "one of these")
        if small
        else ("le retrouver", "that count")
    )
    return w(
        f"« {w.masked} » : chiffre non publié pour protéger l'anonymat ({small_fr}c'est le "
        "nombre d'une réponse sensible, montré seulement s'il vaut 0 ou si au moins "
        f"{gave} et au moins {w.min_group} non, ou il permettrait de {back_fr}).",
        f"'{w.masked}': figure not published to protect anonymity ({small_en}it is the count "
        f"of a sensitive answer, shown only when 0 or when at least {gave} and at least "
        f"{w.min_group} did not, or it would give {back_en} back).",
    )


def _drop_hidden_columns(w: Wording, table: Table) -> tuple[Table, list[str]]:
    """Drop the columns hidden in most rows (more than half), with a note saying so."""
    rows = table.rows
    if len(rows) < 2:
        return table, []
    dropped = [
        index
        for index in range(len(table.header))
        if index != table.label_column
        and sum(1 for row in rows if row[index] == w.masked) * 2 > len(rows)
    ]
    if not dropped or len(dropped) == len(table.header) - 1:
        return table, []
    keep = [i for i in range(len(table.header)) if i not in dropped]
    notes = [
        w(
            f"Colonne « {table.header[i]} » retirée : chiffre masqué dans "
            f"{sum(1 for row in rows if row[i] == w.masked)} lignes sur {len(rows)}.",
            f"Column '{table.header[i]}' left out: figure hidden in "
            f"{sum(1 for row in rows if row[i] == w.masked)} rows of {len(rows)}.",
        )
        for i in dropped
    ]
    return (
        attrs.evolve(
            table,
            header=tuple(table.header[i] for i in keep),
            rows=tuple(tuple(row[i] for i in keep) for row in rows),
            bar_columns=tuple(keep.index(i) for i in table.bar_columns if i in keep),
            label_column=keep.index(table.label_column),
        ),
        notes,
    )


def reader_title(w: Wording, question_id: str, label: Text) -> str:
    """A question's title in a reader's words (the standard questions'), else its wording."""
    titles = _READER_TITLES.get(question_id)
    if titles is not None:
        return w(*titles)
    return w.label(label).rstrip(" ?.:").strip()


_READER_TITLES: Final[dict[str, tuple[str, str]]] = {
    "college": ("Collège des répondants", "Respondents' college"),
    "anciennete": ("Ancienneté au conseil citoyen", "Time on the council"),
    "deja_forme": ("Formation déjà suivie comme membre", "Training already taken as a member"),
    "themes": ("Besoins de formation par thème", "Training needs by topic"),
    "priorites": ("Grands thèmes jugés les plus importants", "Broad themes that matter most"),
    "formats": ("Façons de se former préférées", "Preferred ways of training"),
    "disponibilites": ("Disponibilités", "Availability"),
    "contraintes": ("Besoins pratiques pour venir", "Practical needs to attend"),
    "humeur": ("Regard sur l'avenir du conseil", "Outlook on the council's future"),
    "navette": ("Navette gratuite vers les formations", "Free shuttle to the trainings"),
}


def _champ(w: Wording, count: int | None, fr: str, en: str) -> str:
    """« Champ : les 40 personnes ayant répondu à la question. » (« 1 personne » alone)."""
    if count is None:
        return w(f"Champ : les personnes {fr}.", f"Scope: people {en}.")
    if count < 2:
        return w(f"Champ : {w.people(count)} {fr}.", f"Scope: {w.people(count)} {en}.")
    return w(f"Champ : les {w.people(count)} {fr}.", f"Scope: the {w.people(count)} {en}.")


def _points(w: Wording, points: int | None, hidden: Hidden | None = None) -> str:
    """« 1 point », « 12 points »."""
    return w.counted(points, ("point", "points"), ("point", "points"), hidden)


def _among(w: Wording, count: int | None) -> str:
    """« des 40 répondants », « des répondants (1 répondant) » : whom a share is of."""
    if count is None or count >= 2:
        return w(f"des {w.count(count)} répondants", f"of the {w.count(count)} respondents")
    return w(f"des répondants ({w.respondents(count)})", f"of respondents ({w.respondents(count)})")


def _top_choices(dist: ChoiceDistribution | None, count: int, w: Wording) -> list[str]:
    if dist is None or dist.suppressed:
        return []
    shown = sorted((c for c in dist.choices if c.count), key=lambda c: -(c.count or 0))
    return [f"{w.label(c.label).rstrip('.')} ({w.percent(c.share)})" for c in shown[:count]]


def _for_whom(w: Wording, analysis: Analysis, topic: TopicNeeds) -> str | None:
    breakdown = analysis.breakdown
    if breakdown is None:
        return None
    labels = {g.key: w.label(g.label) for g in breakdown.groups}
    shown = [
        (g.figures.share_high, labels.get(g.group, g.group))
        for g in topic.groups
        if not g.figures.suppressed and not g.figures.share_hidden and g.figures.share_high
    ]
    if not shown:
        return None
    share, label = max(shown)
    return w(
        f"besoin le plus fort : {label} ({w.percent(share)})",
        f"strongest need: {label} ({w.percent(share)})",
    )


def _key_points(w: Wording, analysis: Analysis, options: ReportOptions) -> list[Block]:
    """Page 1: the trainings to run first, for whom, when, how, and what to arrange."""
    import datetime as dt

    day = options.date or dt.date.today()
    chosen = priorities(analysis, max(options.top, 1))
    blocks: list[Block] = [Heading(text=w("À retenir", "Key points"), level=2)]
    if chosen:
        names = [w.label(p.topic.label) for p in chosen]
        blocks.append(
            Paragraph(
                text=w(
                    f"{_number_word(len(chosen), 'fr').capitalize()} formation{'s' if len(chosen) > 1 else ''} à organiser en priorité : "
                    + " ; ".join(names)
                    + ".",
                    f"{_number_word(len(chosen), 'en').capitalize()} training{'s' if len(chosen) > 1 else ''} to run first: "
                    + "; ".join(names)
                    + ".",
                )
            )
        )
        items = []
        for priority in chosen:
            figures = priority.topic.overall
            line = w(
                f"{w.label(priority.topic.label)} : {w.percent(figures.share_high)} "
                f"{_among(w, figures.answered)} la jugent importante ou prioritaire",
                f"{w.label(priority.topic.label)}: {w.percent(figures.share_high)} "
                f"{_among(w, figures.answered)} rate it important or priority",
            )
            whom = _for_whom(w, analysis, priority.topic)
            if whom:
                line += f" ; {whom}" if w.lang == "fr" else f"; {whom}"
            items.append(line + ".")
        blocks.append(BulletList(items=tuple(items)))
    else:
        blocks.append(
            Paragraph(
                text=w(
                    f"Aucune formation ne peut être classée : les chiffres des thèmes sont masqués (moins de {w.respondents(analysis.min_group)}).",
                    f"No training can be ranked: the topics' figures are hidden (fewer than {w.respondents(analysis.min_group)}).",
                )
            )
        )
    practical: list[str] = []
    slots = _top_choices(next(iter(_find(analysis.distributions, _SLOT_HINTS)), None), 2, w)
    if slots:
        practical.append(w("Quand : ", "When: ") + ", ".join(slots) + ".")
    formats = _top_choices(next(iter(_find(analysis.distributions, _FORMAT_HINTS)), None), 2, w)
    if formats:
        practical.append(w("Comment : ", "How: ") + ", ".join(formats) + ".")
    needs_dist = next(iter(_find(analysis.distributions, _CONSTRAINT_HINTS)), None)
    needs = _top_choices(needs_dist, 3, w)
    hidden_needs = (
        [w.label(c.label) for c in needs_dist.choices if c.count is None]
        if needs_dist is not None and not needs_dist.suppressed
        else []
    )
    if needs:
        precaution = w(
            " ; et par précaution (chiffre masqué) : ", "; and as a precaution (figure hidden): "
        )
        practical.append(
            w("À prévoir : ", "To arrange: ")
            + ", ".join(needs)
            + (precaution + ", ".join(hidden_needs) if hidden_needs else "")
            + "."
        )
    elif hidden_needs:  # a sentence of its own, not « À prévoir : et par précaution »
        practical.append(
            w(
                "À prévoir par précaution (chiffre masqué) : ",
                "To arrange as a precaution (figure hidden): ",
            )
            + ", ".join(hidden_needs)
            + "."
        )
    if practical:
        blocks.append(BulletList(items=tuple(practical)))
    blocks.append(
        Paragraph(
            text=w(
                "Règle de choix : part des répondants jugeant le thème « important » ou "
                "« prioritaire », plus jusqu'à 10 points selon la place de son grand domaine au "
                "classement des priorités (10 pour le premier, au prorata des points pour les "
                "autres) ; à égalité, le score moyen départage. Seuls les chiffres publiés comptent.",
                "Selection rule: share of respondents rating the topic 'important' or "
                "'priority', plus up to 10 points for the place of its broad theme in the "
                "ranking of priorities (10 for the first, in proportion to points for the "
                "others); ties go to the mean score. Only published figures count.",
            ),
            note=True,
        )
    )
    if options.councils:
        blocks.append(Paragraph(text=_rates(w, options.councils), note=True))
    blocks.append(
        Paragraph(
            text=w(
                f"{w.counted(analysis.analysed, ('réponse analysée', 'réponses analysées'), ('response analysed', 'responses analysed'))}"
                f" (sur {w.count(analysis.received)} {'reçue' if analysis.received < 2 else 'reçues'})."
                f"{_period_text(analysis, 'fr')}"
                f" Rapport établi le {_long_date(day, 'fr')}"
                + (f" par {options.issuer}." if options.issuer else "."),
                f"{w.counted(analysis.analysed, ('response analysed', 'responses analysed'), ('response analysed', 'responses analysed'))}"
                f" (of {w.count(analysis.received)} received).{_period_text(analysis, 'en')}"
                f" Report written on {_long_date(day, 'en')}"
                + (f" by {options.issuer}." if options.issuer else "."),
            ),
            note=True,
        )
    )
    return blocks


def council_responses(
    councils: Sequence[Any], responses: Sequence[Any], min_group: int, day: Any
) -> tuple[CouncilResponses, ...]:
    """Members and responses of each council, hiding what would isolate fewer than ``min_group``.

    ``councils``: :class:`~conseils_citoyens.council.model.Council` objects (members
    counted on ``day``); ``responses``: the responses analysed. A council's
    count is hidden when it is 1 to ``min_group`` - 1; then, while the hidden
    councils plus the responses from no listed council (which the total
    minus the shown counts gives) add up to 1 to ``min_group`` - 1, the
    smallest shown count is hidden too. Zero is shown: it describes no one.
    """
    counts = Counter(
        r.respondent.council_id for r in responses if r.respondent and r.respondent.council_id
    )
    sizes = {c.id: counts.get(c.id, 0) for c in councils}
    outside = len(responses) - sum(sizes.values())
    hidden = {cid for cid, n in sizes.items() if 0 < n < min_group}
    while 0 < sum(sizes[c] for c in hidden) + outside < min_group:
        shown = sorted((n, cid) for cid, n in sizes.items() if cid not in hidden and n > 0)
        if not shown:
            break
        hidden.add(shown[0][1])
    return tuple(
        CouncilResponses(
            name=c.name,
            members=len(c.members_on(day)),
            responses=None if c.id in hidden else sizes[c.id],
        )
        for c in councils
    )


def _rates(w: Wording, councils: Sequence[CouncilResponses]) -> str:
    parts = []
    for council in councils:
        members = w.counted(council.members, ("membre", "membres"), ("member", "members"))
        if council.responses is None:
            parts.append(
                w(
                    f"{council.name} : nombre de réponses masqué (confidentialité), {members}",
                    f"{council.name}: number of responses hidden (privacy), {members}",
                )
            )
            continue
        answered = w.counted(council.responses, ("réponse", "réponses"), ("response", "responses"))
        if council.members == 0 or council.responses > council.members:
            parts.append(
                w(
                    f"{council.name} : {answered} pour {members} — plus de réponses que de membres : "
                    "vérifiez le fichier du conseil et les doublons",
                    f"{council.name}: {answered} for {members} — more responses than members: "
                    "check the council file and duplicates",
                )
            )
            continue
        rate = w.percent(council.responses / council.members)
        parts.append(
            w(
                f"{council.name} : {answered} pour {members} ({rate})",
                f"{council.name}: {answered} for {members} ({rate})",
            )
        )
    return w("Taux de réponse : ", "Response rate: ") + " ; ".join(parts) + "."


def _number_word(value: int, lang: str) -> str:
    words = {
        "fr": (
            "zéro",
            "une",
            "deux",
            "trois",
            "quatre",
            "cinq",
            "six",
            "sept",
            "huit",
            "neuf",
            "dix",
        ),
        "en": (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
        ),
    }[lang]
    return words[value] if value < len(words) else str(value)


def _period_text(analysis: Analysis, lang: str) -> str:
    """« Réponses du 3 mars au 28 avril 2026. » (with a leading space), or "" when unknown."""
    from conseils_citoyens.i18n import long_date

    if analysis.period is None:
        return ""
    first, last = analysis.period
    if first == last:
        day = long_date(first, lang)
        return f" Réponses du {day}." if lang == "fr" else f" Responses of {day}."
    start = long_date(first, lang)
    if first.year == last.year:
        start = start.rsplit(" ", 1)[0]  # « 3 mars au 28 avril 2026 »: the year once
    end = long_date(last, lang)
    return (
        f" Réponses du {start} au {end}." if lang == "fr" else f" Responses from {start} to {end}."
    )


def _long_date(day: Any, lang: str) -> str:
    from conseils_citoyens.diagnostics.planning import format_day

    return format_day(day, lang)


def _summary(w: Wording, analysis: Analysis) -> list[Block]:
    blocks: list[Block] = [Heading(text=w("Synthèse", "Summary"), level=2, new_page=True)]
    left_out = len(analysis.excluded)
    received, analysed = analysis.received, analysis.analysed
    figures = (
        w.counted(
            received,
            ("réponse reçue", "réponses reçues"),
            ("response received", "responses received"),
        )
        + ", "
        + w.counted(analysed, ("analysée", "analysées"), ("analysed", "analysed"))
    )
    if left_out:
        left = w.counted(
            left_out,
            ("écartée car invalide", "écartées car invalides"),
            ("left out as invalid", "left out as invalid"),
        )
        figures += w(
            f", {left} (voir « Réponses écartées » en fin de rapport).",
            f", {left} (see 'Responses left out' at the end).",
        )
    else:
        figures += "."
    blocks.append(Paragraph(text=figures))
    for needs in analysis.needs:
        shown = [t for t in needs.topics if t.rank is not None]
        blocks.append(
            Heading(
                text=w("Les besoins les plus forts", "Strongest needs")
                + (f" — {w.label(needs.label)}" if len(analysis.needs) > 1 else ""),
                level=3,
            )
        )
        if not shown:
            blocks.append(
                Paragraph(
                    text=w(
                        f"Trop peu de réponses pour classer les thèmes (moins de {analysis.min_group} par thème).",
                        f"Too few responses to rank topics (fewer than {analysis.min_group} per topic).",
                    )
                )
            )
            continue
        first = shown[0]
        share = first.overall.share_high
        blocks.append(
            Paragraph(
                text=w(
                    f"Thème le plus demandé : {w.label(first.label)}"
                    + (
                        f" ({w.percent(share)} le jugent important ou prioritaire)."
                        if share is not None
                        else "."
                    ),
                    f"Most requested topic: {w.label(first.label)}"
                    + (
                        f" ({w.percent(share)} rate it important or priority)."
                        if share is not None
                        else "."
                    ),
                )
            )
        )
        blocks.append(
            Table(
                caption=w(
                    f"Les {min(TOP_TOPICS, len(shown))} thèmes les plus demandés",
                    f"The {min(TOP_TOPICS, len(shown))} most requested topics",
                )
                if len(shown) > 1
                else w("Le thème le plus demandé", "The most requested topic"),
                header=(
                    w("Rang", "Rank"),
                    w("Thème", "Topic"),
                    w("Important ou prioritaire", "Important or priority"),
                    w("Score moyen (0 à 3)", "Mean score (0 to 3)"),
                    w("Répondants", "Respondents"),
                ),
                rows=_need_rows(w, needs, TOP_TOPICS),
                bar_columns=(2,),
                label_column=1,
                notes=(
                    *_need_notes(w, needs),
                    w(
                        "Rang : part « important ou prioritaire », puis score moyen. La page "
                        "« À retenir » ajoute la place du grand domaine au classement des priorités.",
                        "Rank: share 'important or priority', then mean score. The 'Key points' "
                        "page adds the broad theme's place in the ranking of priorities.",
                    ),
                ),
            )
        )
    planning = [
        (w("Formats préférés", "Preferred formats"), _find(analysis.distributions, _FORMAT_HINTS)),
        (w("Disponibilités", "Availability"), _find(analysis.distributions, _SLOT_HINTS)),
    ]
    for heading, dists in planning:
        for dist in dists:
            title = reader_title(w, dist.question_id, dist.label)
            blocks.append(Heading(text=title if len(dists) > 1 else heading, level=3))
            if dist.suppressed:  # every count hidden: no « most chosen » to show, in any order
                blocks.append(Paragraph(text=_too_few_answers(w, analysis)))
                continue
            if not _top(dist, 3):  # nobody chose any answer: no table of « the most chosen »
                blocks.append(
                    Paragraph(text=w("Personne n'a choisi de réponse.", "Nobody chose an answer."))
                )
                continue
            blocks.append(
                Table(
                    caption=(
                        w("Les trois réponses les plus choisies", "The three most chosen answers")
                        if len(_top(dist, 3)) == 3
                        else w("Les réponses choisies", "The answers chosen")
                    )
                    if len(dists) == 1
                    else w(f"{title} : les plus choisies", f"{title}: most chosen"),
                    header=_choice_header(w),
                    rows=_choice_rows(w, dist, top=3),
                    bar_columns=(1,),
                    notes=_choice_notes(w, dist, top=3),
                    sensitive=_sensitive(dist),
                )
            )
    for dist in _find(analysis.distributions, _CONSTRAINT_HINTS):
        blocks.append(
            Heading(
                text=w("Contraintes pratiques à prévoir", "Practical constraints to plan for"),
                level=3,
            )
        )
        if dist.suppressed:
            blocks.append(Paragraph(text=_too_few_answers(w, analysis)))
            continue
        items = [
            w(
                f"{w.label(c.label)} : chiffre masqué (confidentialité)",
                f"{w.label(c.label)}: figure hidden (privacy)",
            )
            if c.count is None
            else w(
                f"{w.label(c.label)} : {w.people(c.count)}"
                + (f" ({w.percent(c.share)})" if c.share is not None else ""),
                f"{w.label(c.label)}: {w.people(c.count)}"
                + (f" ({w.percent(c.share)})" if c.share is not None else ""),
            )
            # hidden counts last: their order would say which is larger
            for c in sorted(dist.choices, key=lambda c: -(c.count or 0))
            if c.count or c.hidden is not None
        ]
        blocks.append(
            BulletList(items=tuple(items))
            if items
            else Paragraph(text=w("Aucune contrainte signalée.", "No constraint reported."))
        )
    for ranking in analysis.rankings:
        if ranking.suppressed or not ranking.items or ranking.items[0].points == 0:
            continue  # nobody ranked anything: no « first » to name
        best = ranking.items[0]
        blocks.append(
            Paragraph(
                text=w(
                    f"En tête du classement « {w.label(ranking.label)} » : {w.label(best.label)} "
                    f"({_points(w, best.points, best.mentions_hidden)}, "
                    f"{w.count(best.first, best.first_hidden)} fois en premier).",
                    f"First in the ranking '{w.label(ranking.label)}': {w.label(best.label)} "
                    f"({_points(w, best.points, best.mentions_hidden)}, first "
                    f"{w.counted(best.first, ('time', 'times'), ('time', 'times'), best.first_hidden)}).",
                )
            )
        )
    return blocks


def _details(w: Wording, analysis: Analysis, options: ReportOptions) -> list[Block]:
    blocks: list[Block] = [
        Heading(
            text=w("Annexe : tableaux détaillés", "Annex: detail tables"), level=2, new_page=True
        )
    ]
    for needs in analysis.needs:
        level_names = tuple(w.label(c.label) for c in needs.columns)
        blocks.append(
            Table(
                caption=reader_title(w, needs.question_id, needs.label),
                header=(
                    w("Rang", "Rank"),
                    w("Thème", "Topic"),
                    *level_names,
                    w("Important ou prioritaire", "Important or priority"),
                    w("Score moyen", "Mean score"),
                    w("Répondants", "Respondents"),
                ),
                rows=tuple(
                    (
                        str(t.rank) if t.rank is not None else "–",
                        w.label(t.label),
                        *_figures_cells(w, needs, t.overall),
                    )
                    for t in needs.topics
                ),
                bar_columns=(2 + len(level_names),),
                label_column=1,
                notes=(
                    *_need_notes(w, needs)[:1],
                    w(
                        "Score moyen : pas de besoin = 0, utile = 1, important = 2, prioritaire = 3 ; "
                        "les personnes « déjà formées » sont comptées à part, hors de la moyenne.",
                        "Mean score: no need = 0, useful = 1, important = 2, priority = 3; "
                        "people 'already trained' are counted apart, out of the mean.",
                    ),
                    *_need_notes(w, needs)[1:],
                ),
            )
        )
        if analysis.breakdown is not None:
            blocks.extend(_breakdown_blocks(w, analysis, needs))
    for dist in analysis.distributions:
        blocks.append(
            Table(
                caption=reader_title(w, dist.question_id, dist.label),
                header=_choice_header(w),
                rows=_choice_rows(w, dist),
                bar_columns=(1,),
                notes=_choice_notes(w, dist),
                sensitive=_sensitive(dist),
            )
        )
    for ranking in analysis.rankings:
        blocks.extend(_ranking_blocks(w, ranking))
    if analysis.numbers:
        blocks.append(
            Table(
                caption=w("Nombres et dates", "Numbers and dates"),
                header=(
                    w("Question", "Question"),
                    w("Réponses", "Answers"),
                    w("Minimum", "Minimum"),
                    w("Médiane", "Median"),
                    w("Maximum", "Maximum"),
                ),
                rows=tuple(
                    (
                        reader_title(w, n.question_id, n.label),
                        w.count(n.count, Hidden.RELEASE),
                        w.secret if n.suppressed else w.number(n.minimum),
                        w.secret if n.suppressed else w.number(n.median),
                        w.secret if n.suppressed else w.number(n.maximum),
                    )
                    for n in analysis.numbers
                ),
                notes=(
                    w(
                        "Champ : les personnes ayant répondu à chaque question.",
                        "Scope: people who answered each question.",
                    ),
                ),
            )
        )
    if analysis.texts:
        blocks.append(
            Table(
                caption=w(
                    "Réponses libres écrites, par question", "Free-text answers, by question"
                ),
                header=(w("Question", "Question"), w("Réponses écrites", "Written answers")),
                rows=tuple(
                    (
                        reader_title(w, t.question_id, t.label)
                        + (w(" (précision « autre »)", " ('other' details)") if t.other else ""),
                        w.count(text_count(t, analysis.min_group)),
                    )
                    for t in analysis.texts
                ),
            )
        )
        if options.with_comments:
            for answers in analysis.texts:
                if answers.withheld is not None and answers.count:
                    blocks.append(
                        Paragraph(
                            text=w.label(answers.label)
                            + (w(" — « autre »", " — 'other'") if answers.other else "")
                            + w(" : textes non montrés (", ": texts not shown (")
                            + w.note(answers.withheld)
                            + ").",
                            note=True,
                        )
                    )
                if answers.texts:
                    blocks.append(
                        Heading(
                            text=w.label(answers.label)
                            + (w(" — « autre »", " — 'other'") if answers.other else ""),
                            level=4,
                        )
                    )
                    blocks.append(BulletList(items=answers.texts))
        else:
            blocks.append(
                Paragraph(
                    text=w(
                        "Les textes eux-mêmes ne figurent pas dans ce rapport (option « avec commentaires » non demandée).",
                        "The texts themselves are not in this report (the 'with comments' option was not asked for).",
                    ),
                    note=True,
                )
            )
    return blocks


def _breakdown_blocks(w: Wording, analysis: Analysis, needs: MatrixNeeds) -> list[Block]:
    breakdown = analysis.breakdown
    if breakdown is None:
        return []
    groups = breakdown.groups
    names = tuple(w.label(g.label) for g in groups)
    merged_note: list[str] = []
    if breakdown.merged:
        members = ", ".join(
            w.label(g.label) + (f" ({w.count(g.size)})" if g.size is not None else "")
            for g in breakdown.merged
        )
        others = next((w.label(g.label) for g in groups if g.members), "")
        k = w.people(analysis.min_group)
        merged_note.append(
            w(
                f"La colonne « {others} » réunit des groupes qui ne peuvent pas être montrés "
                f"seuls : {members}. Un groupe de moins de {k} "
                "n'est jamais montré seul ; s'ils n'atteignent pas "
                f"{k} à eux tous, le plus petit des autres groupes "
                "les rejoint, sinon on les retrouverait par soustraction.",
                f"The column '{others}' gathers groups that cannot be shown on their own: "
                f"{members}. A group of fewer than {k} is never shown "
                f"on its own; when together they do not reach {k}, "
                "the smallest other group joins them, or subtraction would give them away.",
            )
        )
    by = w.label(breakdown.label).rstrip(" ?.:")
    reading = ""
    for topic in needs.topics:
        for group, name in zip(topic.groups, names, strict=False):
            figures = group.figures
            if (
                not figures.suppressed
                and not figures.share_hidden
                and figures.share_high is not None
            ):
                reading = w(
                    f"Lecture : dans le groupe « {name} », {w.percent(figures.share_high)} des "
                    f"répondants jugent « {w.label(topic.label)} » important ou prioritaire.",
                    f"How to read: in the group '{name}', {w.percent(figures.share_high)} of "
                    f"respondents rate '{w.label(topic.label)}' important or priority.",
                )
                break
        if reading:
            break
    return [
        Table(
            caption=w(
                f"Part jugeant chaque thème important ou prioritaire, par groupe ({by})",
                f"Share rating each topic important or priority, by group ({by})",
            ),
            header=(w("Thème", "Topic"), *names),
            rows=(
                (w("Répondants", "Respondents"), *(w.count(g.size, g.hidden) for g in groups)),
                *(
                    (
                        w.label(t.label),
                        *(share_cell(w, g.figures) for g in t.groups),
                    )
                    for t in needs.topics
                ),
            ),
            bar_columns=tuple(range(1, 1 + len(groups))),
            notes=(
                w(
                    "Champ : les répondants de chaque groupe ayant évalué le thème.",
                    "Scope: each group's respondents who rated the topic.",
                ),
                *merged_note,
                *((reading,) if reading else ()),
            ),
        ),
    ]


def _ranking_blocks(w: Wording, ranking: RankingResult) -> list[Block]:
    # with some points hidden, the shown total would be wrong and would reveal them
    partial = any(i.points is None for i in ranking.items)
    total = 0 if partial else sum(i.points or 0 for i in ranking.items)
    best = max((i.points or 0 for i in ranking.items), default=0)
    shown = next((i for i in ranking.items if i.points is not None and i.first is not None), None)
    reading = (
        w(
            f"Lecture : « {w.label(shown.label)} » totalise {_points(w, shown.points)} ; "
            + w.counted(
                shown.first,
                ("personne l'a classé en premier", "personnes l'ont classé en premier"),
                ("person ranked it first", "people ranked it first"),
            )
            + ".",
            f"How to read: '{w.label(shown.label)}' totals {_points(w, shown.points)}; "
            + w.counted(
                shown.first,
                ("personne l'a classé en premier", "personnes l'ont classé en premier"),
                ("person ranked it first", "people ranked it first"),
            )
            + ".",
        )
        if shown is not None and not ranking.suppressed
        else ""
    )
    return [
        Table(
            caption=reader_title(w, ranking.question_id, ranking.label),
            header=(
                w("Choix", "Choice"),
                w("Points", "Points"),
                w("Part des points", "Share of points"),
                w("Premier choix", "First choice"),
                w("Cité", "Mentioned"),
            ),
            rows=tuple(
                (
                    w.label(i.label),
                    w.count(i.points, i.mentions_hidden),
                    _relative_bar(w, i.points, best, total, ranking.suppressed, i.mentions_hidden),
                    w.count(i.first, i.first_hidden),
                    w.count(i.mentions, i.mentions_hidden),
                )
                for i in ranking.items
            ),
            bar_columns=(2,),
            notes=(
                _champ(
                    w,
                    ranking.answered,
                    "ayant classé au moins un choix",
                    "who ranked at least one choice",
                ),
                w(
                    f"Rang 1 = {ranking.top} points, rang {ranking.top} = 1 point ; "
                    "la barre compare les points à ceux du premier.",
                    f"Rank 1 = {ranking.top} points, rank {ranking.top} = 1 point; "
                    "the bar compares points with the first's.",
                ),
                *((reading,) if reading else ()),
            ),
        ),
    ]


def _relative_bar(
    w: Wording,
    points: int | None,
    best: int,
    total: int,
    suppressed: bool,
    hidden: Hidden | None = None,
) -> str:
    if suppressed or points is None:
        return w.mark(hidden)
    if not best:
        return "–"
    if total:
        return Bar(w.percent(points / total), points / best)
    # some points hidden: no total to share, so the bar and its text compare with the first
    relative = w.percent(points / best)
    return Bar(w(f"{relative} du premier", f"{relative} of the first"), points / best)


def _privacy_without_threshold(w: Wording) -> str:
    """The privacy note of a report whose threshold is 1 person: no group is too small."""
    return w(
        "Confidentialité : le seuil de confidentialité de ce rapport est de 1 personne : "
        "aucun groupe n'est réuni avec un autre, et aucun chiffre n'est masqué pour le petit "
        "nombre de personnes qu'il concerne. Seules les réponses sensibles (santé, handicap, "
        "lecture, famille, sentiments) restent protégées : leur nombre n'est montré que s'il "
        "vaut 0, ou si au moins 1 personne l'a donnée et au moins 1 non ; sinon "
        f"« {w.masked} », avec d'autres nombres masqués pour qu'on ne puisse pas le "
        "retrouver. Les textes libres sont tous montrés. Les noms et les identifiants des "
        "répondants ne figurent jamais dans ce rapport.",
        "Privacy: this report's privacy threshold is 1 person: no group is merged with "
        "another, and no figure is hidden for the few people it is about. Only sensitive "
        "answers (health, disability, literacy, family, feelings) stay protected: their count "
        "is shown only when 0, or when at least 1 person gave it and at least 1 did not; "
        f"otherwise '{w.masked}', with other counts hidden so that it cannot be worked out. "
        "Free texts are all shown. Respondents' names and identifiers never appear in this "
        "report.",
    )


def _notes(w: Wording, analysis: Analysis) -> list[Block]:
    k = w.people(analysis.min_group)
    gave = w.counted(
        analysis.min_group,
        ("personne l'a donnée", "personnes l'ont donnée"),
        ("person gave it", "people gave it"),
    )
    wrote = w.counted(
        analysis.min_group, ("personne", "personnes"), ("person wrote one", "people wrote one")
    )
    privacy = (
        _privacy_without_threshold(w)
        if analysis.min_group <= 1
        else w(
            f"Confidentialité : chaque chiffre porte sur un ensemble d'au moins {k} "
            "(tous les répondants, un groupe, les personnes d'un groupe qui ont répondu "
            f"à une question). Les groupes de moins de {k} sont réunis "
            "dans « Autres groupes », avec au besoin le plus petit des autres groupes, pour "
            "qu'aucune soustraction (l'ensemble moins les groupes montrés, un rapport moins un "
            f"autre) ne retombe sur moins de {k} ; un chiffre qui "
            f"porterait sur trop peu de personnes est remplacé par « {w.masked} » (expliqué sous "
            "chaque tableau qui en contient). Dans un ensemble publié, le nombre de "
            "personnes ayant donné une réponse est montré quelle que soit sa taille, sauf pour les "
            "réponses sensibles (santé, handicap, lecture, famille, sentiments) : leur nombre "
            f"n'est montré que s'il vaut 0, ou si au moins {gave} "
            f"et au moins {analysis.min_group} non ; sinon « {w.masked} », avec d'autres "
            "nombres masqués pour qu'on ne puisse pas le retrouver. Les textes libres ne sont "
            f"montrés que s'ils viennent d'au moins {k}. "
            "Les noms et les identifiants des répondants ne figurent jamais dans ce rapport.",
            f"Privacy: every figure describes a set of at least {k} "
            "(all respondents, a group, the people of a group who answered a question). Groups of "
            f"fewer than {k} are merged into 'Other groups', with the "
            "smallest other group when needed, so that no subtraction (everyone minus the groups "
            f"shown, one report minus another) comes down to fewer than {k}"
            f"; a figure about too few people reads '{w.masked}' (explained under each "
            "table that holds one). Inside a "
            "published set, how many people "
            "gave an answer is shown whatever the number, except for sensitive answers (health, "
            "disability, literacy, family, feelings): their count is shown only when 0, or when "
            f"at least {gave} and at least {analysis.min_group} did "
            f"not; otherwise '{w.masked}', with other counts hidden so that it cannot be worked "
            f"out. Free texts are shown only when at least {wrote}. "
            "Respondents' names and identifiers never appear in this report.",
        )
    )
    blocks: list[Block] = [
        Heading(text=w("Notes", "Notes"), level=2),
        Paragraph(text=privacy),
        Paragraph(
            text=w(
                "Barres grises : leur longueur est proportionnelle au pourcentage écrit à côté "
                "(une barre de 3 cm vaut 100 % ; pour les classements, le premier choix).",
                "Grey bars: their length is proportional to the percentage written next to them "
                "(a 3 cm bar stands for 100%; for rankings, the first choice).",
            ),
            note=True,
        ),
    ]
    if analysis.release_conflicts:
        blocks.append(Heading(text=w("Chiffres non publiés", "Figures not published"), level=3))
        blocks.append(
            BulletList(items=tuple(c.message(w.lang) for c in analysis.release_conflicts))
        )
    if analysis.excluded:
        blocks.append(Heading(text=w("Réponses écartées", "Responses left out"), level=3))
        blocks.append(
            Paragraph(
                text=w.counted(
                    len(analysis.excluded),
                    (
                        "réponse ne correspondant pas au questionnaire, comptée dans aucun chiffre :",
                        "réponses ne correspondant pas au questionnaire, comptées dans aucun chiffre :",
                    ),
                    (
                        "response does not fit the questionnaire and is left out of every figure:",
                        "responses do not fit the questionnaire and are left out of every figure:",
                    ),
                )
            )
        )
        items = []
        for exclusion in analysis.excluded:
            reasons = " ; ".join(p.message_in(w.lang) for p in exclusion.problems[:3])
            more = len(exclusion.problems) - 3
            if more > 0:
                others = and_more(more, {"fr": ("autre", "autres"), "en": ("more", "more")})
                reasons += f" ({others[w.lang]})"
            items.append(
                w(f"réponse n° {exclusion.index + 1} : ", f"response #{exclusion.index + 1}: ")
                + reasons
            )
        blocks.append(BulletList(items=tuple(items)))
    return blocks


__all__ = [
    "BAR_FULL_CM",
    "Bar",
    "Block",
    "BulletList",
    "Heading",
    "Paragraph",
    "ReportDocument",
    "Table",
    "Wording",
    "build_report",
    "mean_cell",
    "share_cell",
    "text_count",
]
