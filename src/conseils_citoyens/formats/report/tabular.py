"""Training-needs reports as CSV, JSON and Markdown.

CSV has one figure per line (a "tidy" table, ready for a pivot table):
``section; question; code; label; group; measure; value; note``. The
``excel-fr`` dialect opens correctly in French Excel (``;`` separator, UTF-8
with BOM, decimal comma); ``rfc4180`` is plain CSV (comma, no BOM, decimal
point). A figure about a set of too few people reads ``< 5``; one hidden for
another reason (a complement, a sensitive count, a release) reads ``masqué``;
the note says why.

JSON follows ``schemas/report.schema.json``: raw numbers, ``null`` for a
suppressed figure with ``"suppressed": true`` beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any, Final

from conseils_citoyens.documents.csvio import Number, open_csv
from conseils_citoyens.formats import ReportOptions
from conseils_citoyens.formats.report.content import (
    BulletList,
    Heading,
    Paragraph,
    ReportDocument,
    Table,
    Wording,
    build_report,
)
from conseils_citoyens.formats.report.layout import numeric_columns
from conseils_citoyens.i18n import percent_half_up
from conseils_citoyens.survey.analysis import Analysis, Hidden, NeedFigures

REPORT_KIND: Final = "training_needs_report"
REPORT_SCHEMA_VERSION: Final = "1"


class _Values:
    """Numbers for a spreadsheet: decimal comma in excel-fr, point otherwise."""

    def __init__(self, dialect: str, w: Wording) -> None:
        self.comma = dialect == "excel-fr"
        self.w = w

    def number(self, value: float | int | str | None, hidden: Hidden | None = None) -> str:
        if value is None:
            return self.w.mark(hidden)
        if isinstance(value, str):
            return value
        if isinstance(value, int):
            return Number(value)
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return Number(text.replace(".", ",") if self.comma else text)

    def percent(self, share: float | None) -> str:
        if share is None:
            return ""
        text = str(percent_half_up(share, 1)).removesuffix(".0")
        return Number(text.replace(".", ",") if self.comma else text)


def _csv_rows(analysis: Analysis, options: ReportOptions) -> Iterator[list[str]]:
    w = Wording(options.lang, analysis.min_group)
    v = _Values(options.csv_dialect, w)

    def row(
        section: str,
        question: str,
        code: str,
        label: str,
        group: str,
        measure: str,
        value: str,
        hidden: Hidden | bool | None = None,
    ) -> list[str]:
        why = Hidden.SMALL if hidden is True else (hidden or None)
        return [section, question, code, label, group, measure, value, w.note(why)]

    yield [
        w("rubrique", "section"),
        w("question", "question"),
        w("code", "code"),
        w("libellé", "label"),
        w("groupe", "group"),
        w("indicateur", "measure"),
        w("valeur", "value"),
        w("note", "note"),
    ]
    responses = w("réponses", "responses")
    yield row(responses, "", "", "", "", w("reçues", "received"), Number(analysis.received))
    yield row(responses, "", "", "", "", w("analysées", "analysed"), Number(analysis.analysed))
    yield row(
        responses,
        "",
        "",
        "",
        "",
        w("écartées (invalides)", "left out (invalid)"),
        Number(len(analysis.excluded)),
    )
    yield row(
        responses,
        "",
        "",
        "",
        "",
        w("seuil de confidentialité", "privacy threshold"),
        Number(analysis.min_group),
    )

    def figures_rows(
        question: str, code: str, label: str, group: str, figures: NeedFigures, rank: int | None
    ) -> Iterator[list[str]]:
        hidden = figures.hidden if figures.suppressed else None
        section = w("besoins", "needs")
        if rank is not None:
            yield row(section, question, code, label, group, w("rang", "rank"), Number(rank))
        yield row(
            section,
            question,
            code,
            label,
            group,
            w("répondants", "respondents"),
            v.number(figures.answered, hidden),
            hidden,
        )
        for level in figures.levels:
            yield row(
                section,
                question,
                code,
                label,
                group,
                w(f"nombre : {w.label(level.label)}", f"count: {w.label(level.label)}"),
                v.number(level.count, level.hidden),
                level.hidden,
            )
        yield row(
            section,
            question,
            code,
            label,
            group,
            w("part important ou prioritaire (%)", "share important or priority (%)"),
            w.mark(hidden)
            if hidden
            else (
                w.mark(figures.share_why) if figures.share_hidden else v.percent(figures.share_high)
            ),
            hidden or (figures.share_why if figures.share_hidden else None),
        )
        yield row(
            section,
            question,
            code,
            label,
            group,
            w("score moyen (0 à 3)", "mean score (0 to 3)"),
            w.mark(hidden)
            if hidden
            else (
                w.mark(figures.mean_why)
                if figures.mean_hidden
                else ("" if figures.mean is None else v.number(figures.mean))
            ),
            hidden or (figures.mean_why if figures.mean_hidden else None),
        )

    everyone = w("ensemble", "everyone")
    for needs in analysis.needs:
        for topic in needs.topics:
            yield from figures_rows(
                needs.question_id,
                topic.code,
                w.label(topic.label),
                everyone,
                topic.overall,
                topic.rank,
            )
            if analysis.breakdown is not None:
                labels = {g.key: w.label(g.label) for g in analysis.breakdown.groups}
                for group in topic.groups:
                    yield from figures_rows(
                        needs.question_id,
                        topic.code,
                        w.label(topic.label),
                        labels[group.group],
                        group.figures,
                        None,
                    )
    if analysis.breakdown is not None:
        for group_info in analysis.breakdown.groups:
            yield [
                *row(
                    w("groupes", "groups"),
                    analysis.breakdown.by,
                    group_info.key,
                    w.label(group_info.label),
                    w.label(group_info.label),
                    w("répondants", "respondents"),
                    v.number(group_info.size, group_info.hidden),
                )[:-1],
                w.note(group_info.hidden)
                if group_info.size is None
                else (
                    w("chiffres du groupe masqués : ", "the group's figures are hidden: ")
                    + w.note(group_info.hidden)
                    if group_info.suppressed
                    else ""
                ),
            ]
        for merged in analysis.breakdown.merged:
            yield row(
                w("groupes", "groups"),
                analysis.breakdown.by,
                merged.key,
                w.label(merged.label),
                w.label(merged.label),
                w("répondants (réunis dans « Autres groupes »)", "respondents (in 'Other groups')"),
                v.number(merged.size, Hidden.SENSITIVE),
                None if merged.size is not None else Hidden.SENSITIVE,
            )
    for dist in analysis.distributions:
        section = w("choix", "choices")
        yield row(
            section,
            dist.question_id,
            "",
            w.label(dist.label),
            everyone,
            w("répondants", "respondents"),
            v.number(dist.answered, dist.answered_why),
            dist.answered_why or dist.suppressed,
        )
        for choice in dist.choices:
            yield row(
                section,
                dist.question_id,
                choice.code,
                w.label(choice.label),
                everyone,
                w("nombre", "count"),
                v.number(choice.count, choice.hidden),
                choice.hidden,
            )
            yield row(
                section,
                dist.question_id,
                choice.code,
                w.label(choice.label),
                everyone,
                w("part (%)", "share (%)"),
                w.mark(choice.hidden or choice.share_why)
                if choice.hidden or choice.share_why
                else v.percent(choice.share),
                choice.hidden or choice.share_why,
            )
    for ranking in analysis.rankings:
        section = w("classements", "rankings")
        yield row(
            section,
            ranking.question_id,
            "",
            w.label(ranking.label),
            everyone,
            w("répondants", "respondents"),
            v.number(ranking.answered, ranking.hidden),
            ranking.hidden if ranking.answered is None else None,
        )
        for item in ranking.items:
            for measure, value, why in (
                (w("points", "points"), item.points, item.mentions_hidden),
                (w("premier choix", "first choice"), item.first, item.first_hidden),
                (w("cité", "mentioned"), item.mentions, item.mentions_hidden),
            ):
                yield row(
                    section,
                    ranking.question_id,
                    item.code,
                    w.label(item.label),
                    everyone,
                    measure,
                    v.number(value, why),
                    why,
                )
    for summary in analysis.numbers:
        section = w("nombres et dates", "numbers and dates")
        summary_values: tuple[tuple[str, float | str | None], ...] = (
            (w("réponses", "answers"), summary.count),
            (w("minimum", "minimum"), summary.minimum),
            (w("médiane", "median"), summary.median),
            (w("maximum", "maximum"), summary.maximum),
        )
        for number, (measure, summary_value) in enumerate(summary_values):
            hidden_value = summary.suppressed and (number > 0 or summary.count is None)
            shown = (
                w.secret
                if hidden_value
                else ("" if summary_value is None else v.number(summary_value))
            )
            yield row(
                section,
                summary.question_id,
                "",
                w.label(summary.label),
                everyone,
                measure,
                shown,
                hidden_value,
            )
    for answers in analysis.texts:
        section = w("réponses libres", "free texts")
        code = "other" if answers.other else ""
        yield row(
            section,
            answers.question_id,
            code,
            w.label(answers.label),
            everyone,
            w("réponses écrites", "written answers"),
            v.number(answers.count, answers.withheld),
            answers.withheld if answers.count is None else None,
        )
        if options.with_comments and answers.withheld is not None and answers.count:
            yield row(
                section,
                answers.question_id,
                code,
                w.label(answers.label),
                everyone,
                w("texte", "text"),
                w.mark(answers.withheld),
                answers.withheld,
            )
        if options.with_comments:
            for comment in answers.texts:
                yield row(
                    section,
                    answers.question_id,
                    code,
                    w.label(answers.label),
                    everyone,
                    w("texte", "text"),
                    comment,
                )


def write_csv(analysis: Analysis, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the report as CSV (``options.csv_dialect``: ``excel-fr`` or ``rfc4180``)."""
    build_report(analysis, options)  # same threshold check as the documents
    wrapper, writer = open_csv(stream, options.csv_dialect)
    try:
        for values in _csv_rows(analysis, options):
            writer.writerow(values)
        wrapper.flush()
    finally:
        wrapper.detach()


# --- JSON ------------------------------------------------------------------------------


def _hidden(key: str, hidden: Hidden | None) -> dict[str, str]:
    return {} if hidden is None else {key: hidden.value}


def _figures(figures: NeedFigures) -> dict[str, Any]:
    hidden_levels = {level.code: level.hidden.value for level in figures.levels if level.hidden}
    return {
        "suppressed": figures.suppressed,
        "answered": figures.answered,
        "levels": {level.code: level.count for level in figures.levels},
        "trained": figures.trained,
        "share_high": figures.share_high,
        "mean": figures.mean,
        **_hidden("hidden", figures.hidden),
        **({"hidden_levels": hidden_levels} if hidden_levels else {}),
        **({"share_hidden": True} if figures.share_hidden else {}),
        **({"mean_hidden": True} if figures.mean_hidden else {}),
        **_hidden("share_why", figures.share_why if figures.share_hidden else None),
        **_hidden("mean_why", figures.mean_why if figures.mean_hidden else None),
    }


def _conflicts(analysis: Analysis, lang: str) -> dict[str, Any]:
    if not analysis.release_conflicts:
        return {}
    return {
        "release_conflicts": [
            {
                "label": c.label,
                "earlier": c.earlier,
                "difference": c.difference,
                "when": c.when,
                "message": c.message(lang),
            }
            for c in analysis.release_conflicts
        ]
    }


def _period(analysis: Analysis) -> dict[str, Any]:
    """The survey period (first and last save days), when known."""
    if analysis.period is None:
        return {}
    first, last = analysis.period
    return {"period": {"first": first.isoformat(), "last": last.isoformat()}}


def report_data(analysis: Analysis, options: ReportOptions) -> dict[str, Any]:
    """Return the report as plain data (valid against ``report.schema.json``)."""
    build_report(analysis, options)
    w = Wording(options.lang, analysis.min_group)
    data: dict[str, Any] = {
        "kind": REPORT_KIND,
        "schema_version": REPORT_SCHEMA_VERSION,
        "lang": w.lang,
        "questionnaire": {
            "id": analysis.questionnaire_id,
            "version": analysis.questionnaire_version,
            "title": w.label(analysis.title),
        },
        "privacy": {
            "min_group": analysis.min_group,
            "mark": w.secret,
            "note": w(
                f"Chaque chiffre porte sur un ensemble d'au moins {w.people(analysis.min_group)} ; "
                "un chiffre masqué vaut null, avec la raison : "
                '"small" (ensemble de moins de '
                f"{w.people(analysis.min_group)}), "
                '"complementary" (masqué pour qu\'aucune soustraction ne retrouve un ensemble '
                'masqué), "derived" (calculé à partir d\'un chiffre masqué), "sensitive" (nombre '
                "d'une réponse sensible), \"release\" (diffère de trop peu d'un rapport déjà "
                "publié).",
                f"Every figure describes a set of at least {w.people(analysis.min_group)}; a hidden "
                'figure is null, with its reason: "small" (a set of fewer than '
                f'{w.people(analysis.min_group)}), "complementary" (hidden so that no subtraction '
                'gives a hidden set back), "derived" (computed from a hidden figure), "sensitive" '
                '(a count of a sensitive answer), "release" (differs by too little from a report '
                "already published).",
            ),
            **_conflicts(analysis, w.lang),
        },
        "responses": {
            "received": analysis.received,
            "analysed": analysis.analysed,
            "excluded": len(analysis.excluded),
            **_period(analysis),
        },
        "excluded": [
            {
                "number": e.index + 1,
                "problems": [
                    {"path": p.path, "code": p.code, "message": p.message_in(w.lang)}
                    for p in e.problems
                ],
            }
            for e in analysis.excluded
        ],
        "needs": [
            {
                "question": m.question_id,
                "label": w.label(m.label),
                "respondents": m.respondents,
                "levels": [{"code": c.code, "label": w.label(c.label)} for c in m.columns],
                "topics": [
                    {
                        "code": t.code,
                        "label": w.label(t.label),
                        "rank": t.rank,
                        **_figures(t.overall),
                        "groups": [{"group": g.group, **_figures(g.figures)} for g in t.groups],
                    }
                    for t in m.topics
                ],
            }
            for m in analysis.needs
        ],
        "distributions": [
            {
                "question": d.question_id,
                "label": w.label(d.label),
                "multiple": d.multiple,
                "suppressed": d.suppressed,
                "answered": d.answered,
                **_hidden("answered_hidden", d.answered_why),
                **({"sensitive": True} if d.sensitive else {}),
                "choices": [
                    {
                        "code": c.code,
                        "label": w.label(c.label),
                        "count": c.count,
                        "share": c.share,
                        **_hidden("hidden", c.hidden),
                        **_hidden("share_hidden", c.share_why),
                        **({"sensitive": True} if c.sensitive else {}),
                    }
                    for c in d.choices
                ],
            }
            for d in analysis.distributions
        ],
        "rankings": [
            {
                "question": r.question_id,
                "label": w.label(r.label),
                "top": r.top,
                "suppressed": r.suppressed,
                "answered": r.answered,
                **_hidden("hidden", r.hidden),
                **({"sensitive": True} if r.sensitive else {}),
                "items": [
                    {
                        "code": i.code,
                        "label": w.label(i.label),
                        "points": i.points,
                        "first": i.first,
                        "mentions": i.mentions,
                        **_hidden("first_hidden", i.first_hidden),
                        **_hidden("mentions_hidden", i.mentions_hidden),
                    }
                    for i in r.items
                ],
            }
            for r in analysis.rankings
        ],
        "numbers": [
            {
                "question": n.question_id,
                "label": w.label(n.label),
                "suppressed": n.suppressed,
                "count": n.count,
                "minimum": n.minimum,
                "median": n.median,
                "maximum": n.maximum,
            }
            for n in analysis.numbers
        ],
        "texts": [
            {
                "question": t.question_id,
                "label": w.label(t.label),
                "other": t.other,
                "count": t.count,
                **_hidden("withheld", t.withheld),
                **({"texts": list(t.texts)} if options.with_comments else {}),
            }
            for t in analysis.texts
        ],
    }
    if analysis.breakdown is not None:
        data["breakdown"] = {
            "by": analysis.breakdown.by,
            "kind": analysis.breakdown.kind.value,
            "label": w.label(analysis.breakdown.label),
            "groups": [
                {
                    "key": g.key,
                    "label": w.label(g.label),
                    "size": g.size,
                    "suppressed": g.suppressed,
                    **_hidden("hidden", g.hidden),
                    **({"members": list(g.members)} if g.members else {}),
                }
                for g in analysis.breakdown.groups
            ],
            **(
                {
                    "merged": [
                        {"key": g.key, "label": w.label(g.label), "size": g.size}
                        for g in analysis.breakdown.merged
                    ]
                }
                if analysis.breakdown.merged
                else {}
            ),
        }
    return data


def write_json(analysis: Analysis, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the report as JSON."""
    text = json.dumps(report_data(analysis, options), ensure_ascii=False, indent=2, allow_nan=False)
    stream.write((text + "\n").encode("utf-8"))


# --- Markdown -------------------------------------------------------------------------


#: Every line break a Markdown reader (or a person reading the file) may honour.
_LINE_BREAKS: Final = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
#: Inline markup, escaped with a backslash: escapes, code, emphasis, links and images,
#: strikethrough.
_INLINE: Final = re.compile(r"[\\`*_\[\]~]")
#: Raw HTML and autolinks (``<`` before a letter, ``/``, ``!`` or ``?``) and entity
#: references: written as entities, which every Markdown dialect shows as the character
#: (Python-Markdown, unlike CommonMark, does not take ``\<`` as an escape).
_HTML: Final = re.compile(r"<(?=[A-Za-z/!?])|&(?=[A-Za-z#])")
_ENTITIES: Final = {"<": "&lt;", "&": "&amp;"}
#: What makes a line a heading, a quote, a list item or a rule when it starts it.
_LINE_START: Final = re.compile(r"[#>+-]|\d{1,9}(?=[.)](?:\s|$))")


def markdown_text(text: str, *, cell: bool = False) -> str:
    """Return ``text`` as Markdown that shows exactly this text, never markup.

    Respondents' answers (and labels from overlays) reach the report: a
    ``<script>``, an ``<img onerror>``, an image loaded from a tracker, a
    ``javascript:`` link or a line break followed by ``# RÉSULTAT OFFICIEL``
    must stay text. Line breaks become spaces (the text stays in its list
    item or table cell), Markdown punctuation is escaped with a backslash,
    and so is a first character that would start a block; ``<`` and ``&``
    that could start a tag or an entity are written ``&lt;`` and ``&amp;``.
    ``cell``: also escape ``|`` (a table cell).
    """
    one_line = _LINE_BREAKS.sub(" ", text).strip()
    escaped = _INLINE.sub(lambda match: "\\" + match.group(0), one_line)
    escaped = _HTML.sub(lambda match: _ENTITIES[match.group(0)], escaped)
    if cell:  # a table cell holds inline content only: no block starts there
        return escaped.replace("|", "\\|")
    start = _LINE_START.match(escaped)
    if start is not None:
        end = start.end()
        # "1." -> "1\.", "#" -> "\#": the backslash goes before the punctuation.
        if escaped[:end].isdigit():
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped


def markdown(report: ReportDocument) -> str:
    """Return the report as Markdown (GitHub tables); every text is escaped (:func:`markdown_text`)."""
    lines: list[str] = []
    for block in report.blocks:
        if isinstance(block, Heading):
            lines += ["#" * min(block.level, 6) + " " + markdown_text(block.text), ""]
        elif isinstance(block, Paragraph):
            text = markdown_text(block.text)
            lines += [f"*{text}*" if block.note and text else text, ""]
        elif isinstance(block, BulletList):
            lines += [f"- {markdown_text(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines.append(f"**{markdown_text(block.caption)}**")
            lines.append("")
            lines.append(
                "| " + " | ".join(markdown_text(h, cell=True) for h in block.header) + " |"
            )
            # numbers to the right, as in the Word and ODT reports; the alignment is
            # ours (a style attribute in HTML), never taken from a respondent's text
            right = numeric_columns(block, bars_as_text=True)
            lines.append(
                "|"
                + "|".join("---:" if i in right else "---" for i in range(len(block.header)))
                + "|"
            )
            lines += [
                "| " + " | ".join(markdown_text(c, cell=True) for c in row) + " |"
                for row in block.rows
            ]
            lines.append("")
            for note in block.notes:
                lines += [f"*{markdown_text(note)}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_markdown(analysis: Analysis, stream: IO[bytes], options: ReportOptions) -> None:
    """Write the report as Markdown."""
    stream.write(markdown(build_report(analysis, options)).encode("utf-8"))
