"""Wording shared by the Word and OpenDocument forms: header, closing block, ranking, easy read.

Both form layouts (:mod:`.docx.export`, :mod:`.odt.layout`) take their new
texts from here, so a person reads the same words whatever the format. Each
function returns plain strings; the layouts typeset them
(:func:`conseils_citoyens.i18n.typeset`) with the rest of the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final, Literal

import attrs

from conseils_citoyens.i18n import long_date
from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    PrivacyNotice,
    Question,
    Questionnaire,
    ReturnInfo,
    Text,
)

#: The one colour of titles and headings, in both formats (dark blue, contrast 12:1).
ACCENT: Final = "1F3864"
#: Help text: near black, not italic (easier to read than grey italics).
HELP_COLOR: Final = "333333"
#: Placeholders (« Écrivez ici »): the only grey text of a form (contrast 4.5:1).
PLACEHOLDER_COLOR: Final = "767676"
#: The font of every form, in both formats (LibreOffice draws it with the
#: metric-compatible Liberation Sans where Arial is missing).
FONT: Final = "Arial"


@attrs.frozen(kw_only=True)
class Look:
    """Sizes of a form, in points: the standard form and the easy-read one differ."""

    body: float
    question: float
    heading: float
    title: float
    box: float
    line_gap: float


#: Body 12 pt; boxes drawn at 20 pt are 5 mm squares.
STANDARD_LOOK: Final = Look(body=12, question=13, heading=16, title=20, box=20, line_gap=16)
#: Facile à lire et à comprendre: 14 pt at least, 7 mm boxes, more room between lines.
EASY_LOOK: Final = Look(body=14, question=16, heading=18, title=24, box=28, line_gap=20)


def look_of(easy_read: bool) -> Look:
    """The look of the standard or the easy-read form."""
    return EASY_LOOK if easy_read else STANDARD_LOOK


#: The smallest group a report shows (the default of :class:`ReportOptions`).
REPORT_MIN_GROUP: Final = 5


_WORDS: Final[dict[str, dict[str, str]]] = {
    "fr": {
        "issuer": "Questionnaire proposé par {issuer}",
        "campaign": "Campagne : {campaign}",
        "thanks_title": "Merci",
        "thanks": "Merci d'avoir pris le temps de répondre à ce questionnaire.",
        "return_title": "Rendre le questionnaire",
        "return_to": "À qui : {text}",
        "return_place": "Où : {text}",
        "return_deadline": "Avant le : {text}",
        "privacy_title": "Vos données personnelles",
        "privacy_truth": (
            "Les questionnaires remplis sont lus par {readers}. Les résultats montrent "
            "seulement des groupes d'au moins {k} personnes : on ne peut pas y retrouver les "
            "réponses d'une personne."
        ),
        "privacy_truth_named": (
            "Les questionnaires remplis sont lus par les personnes nommées ci-dessous "
            "(destinataires). Les résultats montrent seulement des groupes d'au moins {k} "
            "personnes : on ne peut pas y retrouver les réponses d'une personne."
        ),
        "readers_default": "la personne qui vous a remis ce questionnaire et l'équipe qui l'analyse",
        "controller": "Responsable du traitement : {text}",
        "purpose": "Pourquoi ces données : {text}",
        "legal_basis": "Base légale : {text}",
        "recipients": "Destinataires : {text}",
        "retention": "Durée de conservation : {text}",
        "rights": "Vos droits : {text}",
        "privacy_contact": "Contact pour vos données : {text}",
        "rights_default": (
            "vous pouvez demander à voir vos réponses, à les corriger ou à les effacer, et "
            "vous opposer à leur utilisation (articles 15 à 21 du RGPD). Vous pouvez aussi "
            "adresser une réclamation à la CNIL (www.cnil.fr)."
        ),
        "missing": "[à compléter par le territoire : {what} (champ « {field} » de l'adaptation locale)]",
        "missing_to": "la personne ou le service à qui rendre le questionnaire",
        "missing_place": "le lieu ou l'adresse où le déposer",
        "missing_deadline": "la date limite de retour",
        "missing_controller": "le nom et l'adresse de l'organisme responsable",
        "missing_purpose": "pourquoi les réponses sont collectées",
        "missing_legal_basis": "la base légale (mission d'intérêt public, consentement…)",
        "missing_recipients": "qui lit les questionnaires et qui reçoit les résultats",
        "missing_retention": "combien de temps les questionnaires et les réponses sont gardés",
        "missing_contact": "l'adresse du délégué à la protection des données",
        # ranking on paper
        "rank_column_1": "1er choix",
        "rank_column": "{n}e choix",
        "ranking_how": (
            "Choisissez les {top} thèmes les plus importants pour vous. Pour le plus "
            "important, cochez la case de la colonne « 1er choix ». Faites de même pour "
            "votre 2e choix, puis pour votre 3e choix. Une seule case par colonne."
        ),
        "ranking_how_top": (
            "Choisissez les {top} thèmes les plus importants pour vous. Pour le plus "
            "important, cochez la case de la colonne « 1er choix ». Faites de même pour "
            "les choix suivants. Une seule case par colonne."
        ),
        "ranking_how_one": (
            "Choisissez le thème le plus important pour vous : cochez sa case dans la "
            "colonne « 1er choix »."
        ),
        "example": "Exemple",
        "example_row": "Exemple : le thème que vous préférez",
        "example_how": (
            "Sur la ligne grise, un exemple : le thème préféré est coché dans la colonne "
            "« 1er choix »."
        ),
        # easy read
        "easy_title_note": "Version facile à lire",
        "easy_how": "Lisez chaque question. Cochez une case pour répondre. Écrivez sur les lignes.",
        "easy_skip": "Vous pouvez passer une question.",
        "easy_one": "Cochez 1 case.",
        "easy_several": "Vous pouvez cocher plusieurs cases.",
        "easy_at_most": "Cochez {n} cases au plus.",
        "easy_at_least": "Cochez au moins {n} cases.",
        "easy_write": "Écrivez votre réponse sur les lignes.",
        "easy_number": "Écrivez un nombre.",
        "easy_date": "Écrivez une date. Par exemple : 14/07/2025.",
        "easy_topic": "{label}",
        "easy_topic_how": "Pour chaque sujet, cochez 1 case.",
        "easy_rank_1": "Quel thème est le plus important pour vous ?",
        "easy_rank_n": "Quel thème vient en {n}e ?",
        "easy_rank_how": "Cochez 1 case.",
        "easy_rank_other": "Choisissez un autre thème que pour les questions d'avant.",
        "easy_required": "Répondez à cette question.",
        "easy_other": "{label}. Écrivez lequel :",
        "easy_thanks": "Merci pour vos réponses !",
        "easy_privacy": (
            "Vos réponses sont lues par {readers}. Les résultats parlent seulement de groupes "
            "de {k} personnes ou plus. Personne ne peut savoir ce que vous avez répondu dans "
            "les résultats."
        ),
    },
    "en": {
        "issuer": "Questionnaire from {issuer}",
        "campaign": "Survey: {campaign}",
        "thanks_title": "Thank you",
        "thanks": "Thank you for taking the time to answer this questionnaire.",
        "return_title": "Returning the questionnaire",
        "return_to": "To whom: {text}",
        "return_place": "Where: {text}",
        "return_deadline": "By: {text}",
        "privacy_title": "Your personal data",
        "privacy_truth": (
            "Filled questionnaires are read by {readers}. Results only show groups of at "
            "least {k} people: nobody's answers can be found in them."
        ),
        "privacy_truth_named": (
            "Filled questionnaires are read by the people named below (recipients). Results "
            "only show groups of at least {k} people: nobody's answers can be found in them."
        ),
        "readers_default": "the person who gave you this questionnaire and the team analysing it",
        "controller": "Data controller: {text}",
        "purpose": "Purpose: {text}",
        "legal_basis": "Legal basis: {text}",
        "recipients": "Recipients: {text}",
        "retention": "Retention period: {text}",
        "rights": "Your rights: {text}",
        "privacy_contact": "Contact about your data: {text}",
        "rights_default": (
            "you may ask to see, correct or erase your answers and object to their use "
            "(GDPR articles 15 to 21). You may also complain to the CNIL (www.cnil.fr)."
        ),
        "missing": "[to be filled in by the territory: {what} (field '{field}' of the local overlay)]",
        "missing_to": "the person or service the questionnaire goes back to",
        "missing_place": "the place or address where to leave it",
        "missing_deadline": "the last day to return it",
        "missing_controller": "the name and address of the body responsible",
        "missing_purpose": "why the answers are collected",
        "missing_legal_basis": "the legal basis (public interest task, consent…)",
        "missing_recipients": "who reads the questionnaires and who receives the results",
        "missing_retention": "how long questionnaires and answers are kept",
        "missing_contact": "the address of the data protection officer",
        "rank_column_1": "1st choice",
        "rank_column": "Choice {n}",
        "ranking_how": (
            "Choose the {top} topics that matter most to you. For the most important, tick "
            "its box in the “1st choice” column. Do the same for your 2nd choice, then your "
            "3rd choice. One box per column."
        ),
        "ranking_how_top": (
            "Choose the {top} topics that matter most to you. For the most important, tick "
            "its box in the “1st choice” column. Do the same for the next choices. One box "
            "per column."
        ),
        "ranking_how_one": (
            "Choose the topic that matters most to you: tick its box in the “1st choice” column."
        ),
        "example": "Example",
        "example_row": "Example: the topic you prefer",
        "example_how": "The grey line is an example: the preferred topic is ticked as “1st choice”.",
        "easy_title_note": "Easy-read version",
        "easy_how": "Read each question. Tick a box to answer. Write on the lines.",
        "easy_skip": "You can skip a question.",
        "easy_one": "Tick 1 box.",
        "easy_several": "You can tick several boxes.",
        "easy_at_most": "Tick {n} boxes at most.",
        "easy_at_least": "Tick at least {n} boxes.",
        "easy_write": "Write your answer on the lines.",
        "easy_number": "Write a number.",
        "easy_date": "Write a date. For example: 14/07/2025.",
        "easy_topic": "{label}",
        "easy_topic_how": "For each topic, tick 1 box.",
        "easy_rank_1": "Which topic matters most to you?",
        "easy_rank_n": "Which topic comes number {n}?",
        "easy_rank_how": "Tick 1 box.",
        "easy_rank_other": "Choose a different topic from the questions before.",
        "easy_required": "Please answer this question.",
        "easy_other": "{label}. Write which one:",
        "easy_thanks": "Thank you for your answers!",
        "easy_privacy": (
            "Your answers are read by {readers}. Results only talk about groups of {k} "
            "people or more. Nobody can tell from the results what you answered."
        ),
    },
}


def words(lang: str) -> dict[str, str]:
    """The shared wording of forms in ``lang`` (French when unknown)."""
    return _WORDS.get(lang, _WORDS["fr"])


def _t(text: Text | None, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def format_date(iso: str, lang: str) -> str:
    """``2026-03-31`` as ``31 mars 2026`` (``31/03/2026`` in English); the text when not a date."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    if lang == "en":
        return day.strftime("%d/%m/%Y")
    return long_date(day, "fr")


def header_lines(questionnaire: Questionnaire, lang: str) -> list[str]:
    """Who issues the form and when the survey runs (printed under the title)."""
    w = words(lang)
    lines = []
    if questionnaire.issuer is not None:
        lines.append(w["issuer"].format(issuer=_t(questionnaire.issuer, lang)))
    if questionnaire.campaign is not None:
        lines.append(w["campaign"].format(campaign=_t(questionnaire.campaign, lang)))
    return lines


@attrs.frozen
class Line:
    """One line of the closing block: a heading or a paragraph.

    ``keep_with_next``: printed on the page of the line after it. Every line
    of the return instructions and of the data-protection notice but the last
    of each keeps with the next, so that a person reads each in one piece (the
    forms also keep every closing paragraph's lines together).
    """

    kind: Literal["heading", "text"]
    text: str
    keep_with_next: bool = False


def _missing(lang: str, key: str, field: str) -> str:
    w = words(lang)
    return w["missing"].format(what=w[f"missing_{key}"], field=field)


def _return_lines(info: ReturnInfo | None, lang: str) -> Iterator[str]:
    w = words(lang)
    info = info or ReturnInfo()
    yield w["return_to"].format(
        text=_t(info.to, lang) if info.to else _missing(lang, "to", "return_info.to")
    )
    yield w["return_place"].format(
        text=_t(info.place, lang) if info.place else _missing(lang, "place", "return_info.place")
    )
    deadline = (
        format_date(info.deadline, lang)
        if info.deadline
        else _missing(lang, "deadline", "return_info.deadline")
    )
    yield w["return_deadline"].format(text=deadline)


def _privacy_lines(notice: PrivacyNotice | None, lang: str) -> Iterator[str]:
    w = words(lang)
    notice = notice or PrivacyNotice()
    for name, key in (
        ("controller", "controller"),
        ("purpose", "purpose"),
        ("legal_basis", "legal_basis"),
        ("recipients", "recipients"),
        ("retention", "retention"),
    ):
        value: Text | None = getattr(notice, name)
        text = _t(value, lang) if value is not None else _missing(lang, key, f"privacy.{name}")
        yield w[key].format(text=text)
    yield w["rights"].format(text=_t(notice.rights, lang) if notice.rights else w["rights_default"])
    yield w["privacy_contact"].format(
        text=_t(notice.contact, lang)
        if notice.contact
        else _missing(lang, "contact", "privacy.contact")
    )


def _privacy_truth(questionnaire: Questionnaire, lang: str, key: str) -> str:
    w = words(lang)
    notice = questionnaire.privacy
    if key == "privacy_truth" and notice is not None and notice.recipients is not None:
        return w["privacy_truth_named"].format(k=REPORT_MIN_GROUP)
    readers = w["readers_default"]
    if key == "easy_privacy" and notice is not None and notice.recipients is not None:
        readers = _t(notice.recipients, lang)
    return w[key].format(readers=readers, k=REPORT_MIN_GROUP)


def closing_lines(
    questionnaire: Questionnaire, lang: str, *, easy_read: bool = False
) -> list[Line]:
    """The closing block: thanks, how to return the form, contact, data protection.

    The lines of the return instructions and of the data-protection notice keep
    with the next (see :class:`Line`).
    """
    w = words(lang)
    lines = [Line("heading", w["thanks_title"])]
    lines.append(Line("text", w["easy_thanks"] if easy_read else w["thanks"]))
    returning = [
        Line("heading", w["return_title"]),
        *(Line("text", text) for text in _return_lines(questionnaire.return_info, lang)),
    ]
    if questionnaire.contact is not None:
        returning.extend(
            Line("text", text.strip())
            for text in questionnaire.contact.get(lang).splitlines()
            if text.strip()
        )
    key = "easy_privacy" if easy_read else "privacy_truth"
    notice = [
        Line("heading", w["privacy_title"]),
        Line("text", _privacy_truth(questionnaire, lang, key)),
        *(Line("text", text) for text in _privacy_lines(questionnaire.privacy, lang)),
    ]
    # where to return the form, and the notice, are each read in one piece
    for block in (returning, notice):
        lines.extend(attrs.evolve(line, keep_with_next=True) for line in block[:-1])
        lines.append(block[-1])
    return lines


# --- ranking -------------------------------------------------------------------------


def rank_column(rank: int, lang: str) -> str:
    """The header of a ranking column: « 1er choix », « 2e choix »…"""
    w = words(lang)
    if rank == 1:
        return w["rank_column_1"]
    return w["rank_column"].format(n=rank)


def ranking_instruction(top: int, lang: str) -> str:
    """How to fill a ranking grid, in plain words."""
    w = words(lang)
    if top == 1:
        return w["ranking_how_one"]
    return (w["ranking_how"] if top == 3 else w["ranking_how_top"]).format(top=top)


def example_label(choices: tuple[Choice, ...], lang: str) -> str:
    """The label of the filled example line above a ranking grid.

    No real choice: an example naming one would nudge people towards it.
    """
    return words(lang)["example_row"]


# --- easy read -----------------------------------------------------------------------


def question_text(question: Question, lang: str, *, easy_read: bool) -> str:
    """The question's wording (its easy-read wording on an easy-read form, when given)."""
    if easy_read and question.easy_read is not None:
        return question.easy_read.get(lang)
    return question.label.get(lang)


def help_text(question: Question, lang: str, *, easy_read: bool) -> str | None:
    """The question's help (its easy-read help on an easy-read form, when given)."""
    if easy_read and question.easy_read_help is not None:
        return question.easy_read_help.get(lang)
    return question.help.get(lang) if question.help is not None else None


def easy_rank_question(rank: int, lang: str) -> str:
    """« Quel thème est le plus important pour vous ? », then the 2nd, the 3rd…"""
    w = words(lang)
    return w["easy_rank_1"] if rank == 1 else w["easy_rank_n"].format(n=rank)


__all__ = [
    "REPORT_MIN_GROUP",
    "Line",
    "closing_lines",
    "easy_rank_question",
    "example_label",
    "format_date",
    "header_lines",
    "help_text",
    "question_text",
    "rank_column",
    "ranking_instruction",
    "words",
]
