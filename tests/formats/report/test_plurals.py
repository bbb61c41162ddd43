"""Counts agree with their words in every report text, cycle plan and message, in both languages.

Reports are built on 0, 1 and 2 responses, with the smallest threshold
(``--min-group 1``) and the default one, so that « 1 personnes », « moins de
1 personnes » or « 1 people » would show. The scan covers every text of the
Markdown, CSV and JSON reports (the Word and ODT reports lay out the same
blocks as the Markdown one).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest

from conseils_citoyens.diagnostics.model import Period
from conseils_citoyens.diagnostics.planning import plan_cycle
from conseils_citoyens.documents.convert import dump
from conseils_citoyens.errors import ValidationError
from conseils_citoyens.formats import ReportOptions
from conseils_citoyens.formats.report.content import Wording, build_report
from conseils_citoyens.formats.report.tabular import markdown, write_csv, write_json
from conseils_citoyens.i18n import language
from conseils_citoyens.survey.analysis import Analysis, Hidden, analyze
from tests.training_fixture import QUESTIONNAIRE, response

#: One response answering every question (a ranking, a sensitive question, free text...).
FULL = {
    "college": "residents",
    "trained_before": "yes",
    "years": 1,
    "needs": {"city_policy": "priority", "meeting": "important", "budget": "useful"},
    "formats": ["workshop"],
    "availability": ["evening"],
    "constraints": ["transport"],
    "mood": "confident",
    "priorities": ["a", "b"],
    "comment": "Plus de soirées",
}

#: The nouns (and participles) reports write after a count.
NOUNS_FR = (
    "personnes",
    "répondants",
    "réponses",
    "reçues",
    "analysées",
    "écartées",
    "membres",
    "points",
    "séances",
    "problèmes",
)
NOUNS_EN = (
    "people",
    "respondents",
    "responses",
    "answers",
    "members",
    "points",
    "times",
    "sessions",
    "problems",
)
#: A count not inside a larger number (« 1 234 », « 2,1 »), followed by one space.
_COUNT = r"(?<![\d\u202f\u00a0.,])"
_SPACE = r"[ \u00a0\u202f]"
#: French: the singular for 0 and 1 (« 0 réponse », « 1 personne »).
WRONG_FR = re.compile(rf"{_COUNT}\b[01]{_SPACE}(?:{'|'.join(NOUNS_FR)})\b")
#: English: the singular for 1 only (« 1 person », « 0 people »).
WRONG_EN = re.compile(
    rf"{_COUNT}\b1{_SPACE}(?:{'|'.join(NOUNS_EN)})\b|{_COUNT}\b0{_SPACE}(?:person|respondent|response|answer|member|point|time|session|problem)\b"
)


def agreement_faults(text: str, lang: str) -> list[str]:
    """The « 1 personnes » (« 1 people ») of ``text``, each with its line."""
    pattern = WRONG_EN if lang == "en" else WRONG_FR
    faults = []
    for match in pattern.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        faults.append(f"{match.group(0)!r} in: {text[start : end if end >= 0 else None][:200]}")
    return faults


def test_the_scan_finds_agreement_faults() -> None:
    assert agreement_faults("Lecture : 1 personnes l'ont choisi.", "fr")
    assert agreement_faults("moins de 1 personnes", "fr")
    assert agreement_faults("0 réponses analysées", "fr")
    assert agreement_faults("at least 1 people", "en")
    assert agreement_faults("0 person", "en")
    assert not agreement_faults("1 personne, 2 personnes, 1\u202f201 personnes, 0 réponse", "fr")
    assert not agreement_faults("1 person, 0 people, 2 points, 1,001 people", "en")


def _analysis(count: int, min_group: int, by: str | None) -> Analysis:
    return analyze(QUESTIONNAIRE, [response(FULL)] * count, by=by, min_group=min_group)


def _report_texts(analysis: Analysis, options: ReportOptions) -> str:
    texts = [markdown(build_report(analysis, options))]
    for write in (write_csv, write_json):
        stream = io.BytesIO()
        write(analysis, stream, options)
        texts.append(stream.getvalue().decode("utf-8-sig"))
    return "\n".join(texts)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("by", [None, "college"])
@pytest.mark.parametrize("min_group", [1, 5])
@pytest.mark.parametrize("count", [0, 1, 2])
def test_report_counts_agree_with_their_words(
    count: int, min_group: int, by: str | None, lang: str
) -> None:
    analysis = _analysis(count, min_group, by)
    options = ReportOptions(lang=lang, min_group=min_group, by=by, with_comments=True)
    text = _report_texts(analysis, options)
    assert agreement_faults(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fr", 1, "Lecture : 1 personne, soit 100\u00a0% des répondants, a choisi"),
        ("fr", 2, "Lecture : 2 personnes, soit 100\u00a0% des répondants, ont choisi"),
        ("en", 1, "How to read: 1 person, 100% of respondents, chose"),
        ("en", 2, "How to read: 2 people, 100% of respondents, chose"),
        ("fr", 1, "« Alpha » totalise 2 points ; 1 personne l'a classé en premier."),
        ("fr", 2, "« Alpha » totalise 4 points ; 2 personnes l'ont classé en premier."),
        ("en", 1, "'a' totals 2 points; 1 person ranked it first."),
        ("fr", 1, "Champ : 1 personne ayant répondu à la question."),
        ("fr", 2, "Champ : les 2 personnes ayant répondu à la question."),
        ("en", 1, "Scope: 1 person who answered the question."),
        ("en", 2, "Scope: the 2 people who answered the question."),
        ("fr", 1, "1 réponse reçue, 1 analysée."),
        ("fr", 2, "2 réponses reçues, 2 analysées."),
        ("en", 1, "1 response received, 1 analysed."),
        ("fr", 1, "1 réponse analysée (sur 1 reçue)."),
        ("fr", 2, "2 réponses analysées (sur 2 reçues)."),
        ("fr", 1, "le seuil de confidentialité de ce rapport est de 1 personne"),
        ("en", 1, "this report's privacy threshold is 1 person"),
        ("fr", 1, "si au moins 1 personne l'a donnée et au moins 1 non"),
        ("fr", 1, "100\u00a0% des répondants (1 répondant) jugent"),
        ("fr", 2, "100\u00a0% des 2 répondants jugent"),
        ("en", 1, "100% of respondents (1 respondent) rate"),
    ],
)
def test_report_wording_with_the_smallest_threshold(lang: str, count: int, expected: str) -> None:
    options = ReportOptions(lang=lang, min_group=1, with_comments=True)
    text = markdown(build_report(_analysis(count, 1, None), options))
    assert expected in text.replace("\\", "")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("count", [1, 2])
def test_a_report_without_threshold_never_speaks_of_fewer_than_one_person(
    lang: str, count: int
) -> None:
    """With a threshold of 1, no group is too small: « moins de 1 personne » means nothing."""
    options = ReportOptions(lang=lang, min_group=1, with_comments=True)
    text = markdown(build_report(_analysis(count, 1, "college"), options))
    assert "moins de 1 " not in text
    assert "fewer than 1 " not in text
    five = markdown(build_report(_analysis(count, 5, "college"), ReportOptions(lang=lang)))
    assert ("moins de 5 personnes" if lang == "fr" else "fewer than 5 people") in five


@pytest.mark.parametrize(
    ("lang", "min_group", "expected"),
    [
        ("fr", 1, "moins de 1 personne : chiffre masqué"),
        ("fr", 2, "moins de 2 personnes : chiffre masqué"),
        ("en", 1, "fewer than 1 person: figure hidden"),
        ("en", 2, "fewer than 2 people: figure hidden"),
    ],
)
def test_hidden_figure_notes_agree(lang: str, min_group: int, expected: str) -> None:
    assert Wording(lang, min_group).note(Hidden.SMALL) == expected


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("count", [1, 2])
def test_cycle_plan_counts_agree(count: int, lang: str) -> None:
    cycle = plan_cycle(
        _analysis(count, 1, None),
        cycle_id="plan",
        title="Cycle",
        qpv_codes=("QN05945M",),
        period=Period(start=dt.date(2026, 3, 2), end=dt.date(2026, 6, 27)),
        topics=1,
        lang=lang,
    )
    text = json.dumps(dump(cycle), ensure_ascii=False)
    assert agreement_faults(text, lang) == []
    analysed = {
        ("fr", 1): "1 réponse analysée",
        ("fr", 2): "2 réponses analysées",
        ("en", 1): "1 response analysed",
        ("en", 2): "2 responses analysed",
    }[(lang, count)]
    assert analysed in text


@pytest.mark.parametrize(("lang", "expected"), [("fr", "0 problème"), ("en", "0 problems")])
def test_an_error_counts_its_problems_with_agreement(lang: str, expected: str) -> None:
    with language(lang):
        assert ValidationError([]).message.endswith(expected)


@pytest.mark.parametrize(
    ("unknown", "lang", "expected"),
    [(4, "fr", "(et 1 autre)"), (5, "fr", "(et 2 autres)"), (4, "en", "(and 1 more)")],
)
def test_an_excluded_response_counts_its_unlisted_problems(
    unknown: int, lang: str, expected: str
) -> None:
    """Three problems are listed; before, one more read « (et 1 autres) »."""
    wrong = response({f"inconnue_{n}": "x" for n in range(unknown)})
    analysis = analyze(QUESTIONNAIRE, [response(FULL), wrong], min_group=1)
    text = _report_texts(analysis, ReportOptions(lang=lang, min_group=1))
    assert expected in text
