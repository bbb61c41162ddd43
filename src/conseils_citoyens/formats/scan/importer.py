"""Import scanned paper forms: pages grouped into forms, marks read, doubts handed to a person.

Every page of every file (PDF, PNG, JPEG, TIFF) is located by its QR code and
corner marks (:mod:`.reader`), and recognised among the pages of LibreOffice's
print of the file its QR code names (.odt or .docx), its boxes checked against
that print. Pages are grouped into forms by what their QR code says:
questionnaire, respondent token and council, whatever the page order; pages
without a token are grouped in the order they come, a new form starting when
a page number comes back. Each form is then read zone by zone:

- a box clearly ticked or clearly empty is an answer;
- a **doubtful** box (very light, small, blackened or scribbled over) and a
  write-in zone holding handwriting (« texte manuscrit à saisir ») are never
  guessed: the question's answer is left out and a problem names the zone and
  the picture of it saved in the crops folder; a person decides
  (:mod:`.review`) and the decisions are applied on the next import.

Every zone a person was asked about, with the decision taken and who took it,
is kept in the responses file (``scans`` key) beside the response.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.errors import ConseilsCitoyensError, Problem
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.scan.geometry import MM, FormGeometry, Zone, geometry_from_pdf
from conseils_citoyens.formats.scan.identity import PageIdentity
from conseils_citoyens.formats.scan.reader import (
    IMAGE_SUFFIXES,
    REASONS,
    LocatedPage,
    Mark,
    PageError,
    PageImage,
    ZoneReading,
    check_layout,
    crop,
    identify,
    load_pages,
    locate,
    read_page,
    reference_signatures,
    render_reference,
)
from conseils_citoyens.formats.slots import (
    Slot,
    SlotKind,
    SlotValue,
    answers_from_slots,
)
from conseils_citoyens.i18n import get_language
from conseils_citoyens.survey.imports import (
    BatchResult,
    FormOutcome,
    Outcome,
    QuestionnaireCatalogue,
    _validated,
)
from conseils_citoyens.survey.questionnaire.model import (
    OTHER_SUFFIX,
    Matrix,
    Questionnaire,
    QuestionnaireRef,
    Respondent,
    Response,
)

SCAN_SUFFIXES: Final = (".pdf", *IMAGE_SUFFIXES)
#: Resolution (pixels per point) of the form's reference rendering.
REFERENCE_SCALE: Final = 2.0
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def is_scan(path: str | Path) -> bool:
    """True for the files this module reads (PDF and pictures)."""
    return Path(path).suffix.lower() in SCAN_SUFFIXES


@attrs.frozen(kw_only=True)
class Decision:
    """A person's decision on one zone: ``value`` is ``ticked``/``empty`` or the typed text.

    ``form`` names the form by its key (:attr:`ScanForm.key`, the same in every
    language); a form's label in French or English (:attr:`ScanForm.labels`, the
    key of decisions files written before keys) is understood too.
    """

    form: str
    zone: str
    value: str
    by: str | None = None


#: The public name of a decision (``conseils_citoyens.ScanDecision``).
ScanDecision = Decision


@attrs.frozen(kw_only=True)
class PrintedForm:
    """The geometry, the reference rendering and the page signatures of one printed form."""

    geometry: FormGeometry
    reference: tuple[Any, ...]
    signatures: tuple[Any, ...] = ()


#: Print a form for (questionnaire, options, source ``odt``/``docx``): the PDF's bytes.
Printer = Callable[[Questionnaire, ExportOptions, str], bytes]


def _print_through_libreoffice(
    questionnaire: Questionnaire, options: ExportOptions, source: str
) -> bytes:
    from conseils_citoyens.formats.scan.pdf import print_form

    return print_form(questionnaire, options, source="docx" if source == "docx" else "odt")


class FormPrints:
    """Printed forms, made once per questionnaire, language, personalisation and source.

    A page is compared with the print of the file its QR code names (the .odt
    or the .docx form, printed through LibreOffice), the same print a person
    made.
    """

    def __init__(self, printer: Printer | None = None) -> None:
        self._printer = printer or _print_through_libreoffice
        self._cache: dict[tuple[Any, ...], PrintedForm] = {}

    def get(self, questionnaire: Questionnaire, identity: PageIdentity) -> PrintedForm:
        """The printed form a page comes from (printed through LibreOffice when first needed)."""
        key = (
            identity.questionnaire_id,
            identity.version,
            identity.hash_prefix,
            identity.lang,
            identity.token is not None,
            identity.council_id,
            identity.source,
        )
        found = self._cache.get(key)
        if found is None:
            respondent = (
                Respondent(token=identity.token, council_id=identity.council_id)
                if identity.token or identity.council_id
                else None
            )
            options = ExportOptions(lang=identity.lang, respondent=respondent)
            pdf = self._printer(questionnaire, options, identity.source)
            geometry = geometry_from_pdf(pdf, questionnaire, lang=identity.lang)
            reference = tuple(render_reference(pdf, REFERENCE_SCALE))
            found = PrintedForm(
                geometry=geometry,
                reference=reference,
                signatures=tuple(
                    reference_signatures(reference, REFERENCE_SCALE, geometry.page_sizes)
                ),
            )
            self._cache[key] = found
        return found


@attrs.frozen(kw_only=True)
class ReviewItem:
    """A zone a person must look at, and what became of it."""

    zone: Zone
    reading: ZoneReading
    crop: str | None
    question_label: str = ""
    where: str = ""
    decision: Decision | None = None
    question_label_en: str = ""
    where_en: str = ""

    def to_data(self) -> dict[str, Any]:
        """The record kept in the responses file."""
        zone = self.zone
        reason_fr, reason_en = REASONS.get(self.reading.reason or "", ("", ""))
        data: dict[str, Any] = {
            "zone": zone.bookmark,
            "kind": "box" if zone.kind is SlotKind.CHECK else "text",
            "page": zone.page,
            "question": zone.question_id,
            "question_number": zone.number,
            "question_label": self.question_label,
            "question_label_en": self.question_label_en or self.question_label,
            "where": self.where,
            "where_en": self.where_en or self.where,
            "reading": self.reading.mark.value,
            "reason": self.reading.reason,
            "message": reason_fr,
            "message_en": reason_en,
            "ink": round(self.reading.ink, 3),
        }
        if zone.choice is not None:
            data["choice"] = zone.choice
        if zone.column is not None:
            data["column"] = zone.column
        if self.crop is not None:
            data["crop"] = self.crop
        if self.decision is not None:
            data["decision"] = self.decision.value
            if self.decision.by:
                data["decided_by"] = self.decision.by
        return data


@attrs.frozen(kw_only=True)
class ScanForm:
    """One paper form rebuilt from its pages.

    ``key`` names the form whatever the language (decisions are matched on it);
    ``labels`` are its names for people (``fr``, ``en``), ``label`` the one in
    the language of the import.
    """

    label: str
    questionnaire: QuestionnaireRef
    identity: PageIdentity
    pages: tuple[LocatedPage, ...]
    review: tuple[ReviewItem, ...] = ()
    key: str = ""
    labels: Mapping[str, str] = attrs.field(factory=dict)

    def to_data(self) -> dict[str, Any]:
        """The record of this form in the responses file (``scans``)."""
        return {
            "form": self.label,
            "key": self.key or self.label,
            "labels": dict(self.labels) or {"fr": self.label, "en": self.label},
            "token": self.identity.token,
            "pages": [
                {"file": p.image.file, "page": p.image.index + 1, "form_page": p.identity.page}
                for p in self.pages
            ],
            "review": [item.to_data() for item in self.review],
        }


@attrs.frozen(kw_only=True)
class ScanBatch:
    """What came of a batch of scans: outcomes (one per form or unreadable page) and forms."""

    outcomes: tuple[FormOutcome, ...]
    forms: tuple[ScanForm, ...]

    @property
    def result(self) -> BatchResult:
        """The outcomes as a batch result (same shape as for Word and LibreOffice forms)."""
        return BatchResult(outcomes=self.outcomes)

    def to_data(self) -> list[dict[str, Any]]:
        """The ``scans`` record of the responses file."""
        return [form.to_data() for form in self.forms]


def _resolve(catalogue: QuestionnaireCatalogue, identity: PageIdentity) -> QuestionnaireRef | None:
    return next((ref for ref in catalogue.refs() if identity.matches(ref)), None)


def _labels(identity: PageIdentity, first: PageImage) -> dict[str, str]:
    """A form's name for people, in French and English (``first``: its first page scanned)."""
    if identity.token:
        name = f"{identity.questionnaire_id} {identity.version}"
        return {
            "fr": f"{name}, formulaire {identity.token}",
            "en": f"{name}, form {identity.token}",
        }
    where = f"{first.file}, page {first.index + 1}"
    return {"fr": where, "en": where}


def form_key(identity: PageIdentity, first: PageImage) -> str:
    """A form's name in decisions files, the same in every language: the questionnaire
    (id and hash prefix), the token and council for a personalised form, else the
    scan file and page its first page was found on."""
    if identity.token:
        council = f"@{identity.council_id}" if identity.council_id else ""
        return f"{identity.questionnaire_id}:{identity.hash_prefix}:{identity.token}{council}"
    return f"{first.file}#{first.index + 1}"


def import_scans(
    paths: Sequence[str | Path],
    catalogue: QuestionnaireCatalogue,
    *,
    crops: str | Path | None = None,
    decisions: Iterable[Decision] = (),
    prints: FormPrints | None = None,
) -> ScanBatch:
    """Read scanned forms; never guess a doubtful mark, never stop at a bad page.

    :param paths: PDF files (any number of pages and forms) and pictures.
    :param catalogue: the questionnaires the forms may come from.
    :param crops: folder where a picture of each zone to review is saved (none when None).
    :param decisions: a person's decisions on zones reported by a previous import.
    :param prints: printed forms (default: printed through LibreOffice when first needed).
    """
    prints = prints or FormPrints()
    decided = {(d.form, d.zone): d for d in decisions}
    outcomes: list[FormOutcome] = []
    located: list[LocatedPage] = []
    questionnaires: dict[PageIdentity, tuple[Questionnaire, PrintedForm] | None] = {}

    def size_of(identity: PageIdentity) -> tuple[float, float] | None:
        entry = _printed(identity)
        number = identity.page or 1  # a header code: every page has the same size
        if entry is None or number > entry[1].geometry.pages:
            return None
        return entry[1].geometry.page_sizes[number - 1]

    def _printed(identity: PageIdentity) -> tuple[Questionnaire, PrintedForm] | None:
        key = attrs.evolve(identity, page=None, pages=None)
        if key not in questionnaires:
            ref = _resolve(catalogue, identity)
            if ref is None:
                questionnaires[key] = None
            else:
                questionnaire = catalogue.resolve(ref, "scan")
                questionnaires[key] = (questionnaire, prints.get(questionnaire, identity))
        return questionnaires[key]

    for path in sorted({str(p) for p in paths}):
        try:
            for image in load_pages(Path(path)):
                try:
                    page = locate(image, size_of)
                except PageError as exc:
                    outcomes.append(_refused(image.label, exc.code, exc.texts))
                    continue
                try:
                    known = _printed(page.identity)
                except ConseilsCitoyensError as exc:  # LibreOffice missing, print failed
                    outcomes.append(_refused(image.label, exc.code, exc.texts))
                    continue
                if known is None:
                    outcomes.append(_unknown(image.label, page.identity))
                    continue
                printed = known[1]
                if page.identity.numbered and page.identity.pages != printed.geometry.pages:
                    outcomes.append(_other_layout(image.label, page.identity, printed))
                    continue
                try:
                    page = identify(page, printed.signatures, printed.geometry.page_sizes[0])
                    page = check_layout(
                        page,
                        printed.geometry,
                        printed.reference[page.number - 1],
                        REFERENCE_SCALE,
                    )
                except PageError as exc:
                    outcomes.append(_refused(image.label, exc.code, exc.texts))
                    continue
                located.append(page)
        except PageError as exc:
            outcomes.append(_refused(path, exc.code, exc.texts))
    forms: list[ScanForm] = []
    for group in _group(located):
        identity = group[0].identity
        entry = _printed(identity)
        assert entry is not None  # unknown questionnaires were refused above
        questionnaire, printed = entry
        form, outcome = _read_form(
            group, questionnaire, printed, catalogue, decided, Path(crops) if crops else None
        )
        forms.append(form)
        outcomes.append(outcome)
    return ScanBatch(outcomes=tuple(outcomes), forms=tuple(forms))


def _group(pages: Sequence[LocatedPage]) -> list[list[LocatedPage]]:
    """Pages of one form together: by token when there is one, else in input order."""
    groups: list[list[LocatedPage]] = []
    by_token: dict[tuple[Any, ...], list[LocatedPage]] = {}
    open_groups: dict[tuple[Any, ...], list[LocatedPage]] = {}
    for page in pages:
        key = page.identity.form_key
        if page.identity.token is not None:
            if key not in by_token:
                by_token[key] = []
                groups.append(by_token[key])
            by_token[key].append(page)
            continue
        current = open_groups.get(key)
        if current is None or any(p.number == page.number for p in current):
            current = []
            open_groups[key] = current
            groups.append(current)
        current.append(page)
    return groups


def _read_form(
    pages: list[LocatedPage],
    questionnaire: Questionnaire,
    printed: PrintedForm,
    catalogue: QuestionnaireCatalogue,
    decided: Mapping[tuple[str, str], Decision],
    crops: Path | None,
) -> tuple[ScanForm, FormOutcome]:
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    geometry = printed.geometry
    identity = pages[0].identity
    ordered = sorted(pages, key=lambda p: p.number)
    first = min(pages, key=lambda p: (p.image.file, p.image.index)).image
    labels = _labels(identity, first)
    label = labels["en" if get_language() == "en" else "fr"]
    key = form_key(identity, first)
    names = (key, *labels.values())  # decisions name a form by key, or by a label
    problems: list[Problem] = []
    seen: dict[int, LocatedPage] = {}
    for page in ordered:
        if page.number in seen:
            problems.append(
                _form_problem(
                    "scan.duplicate_page",
                    f"la page {page.number} est en double ({page.image.label}) : "
                    f"seule celle de {seen[page.number].image.label} est lue",
                    f"page {page.number} appears twice ({page.image.label}): "
                    f"only the one of {seen[page.number].image.label} is read",
                )
            )
            continue
        seen[page.number] = page
    for number in range(1, geometry.pages + 1):
        if number not in seen and geometry.zones_on(number):
            problems.append(
                _form_problem(
                    "scan.missing_page",
                    f"page {number} sur {geometry.pages} absente des scans : ses réponses manquent",
                    f"page {number} of {geometry.pages} missing from the scans: its answers are missing",
                )
            )
    questions = {q.id: q for q in questionnaire.questions()}
    values: dict[Slot, SlotValue] = {}
    pending: dict[str, list[Zone]] = {}
    review: list[ReviewItem] = []
    for number, page in sorted(seen.items()):
        for reading in read_page(page, geometry, printed.reference[number - 1], REFERENCE_SCALE):
            zone = reading.zone
            slot = zone.slot()
            if reading.mark is Mark.TICKED:
                values[slot] = True
            elif reading.mark is Mark.EMPTY:
                values[slot] = False if zone.kind is SlotKind.CHECK else ""
            else:
                decision = next((d for n in names if (d := decided.get((n, zone.bookmark)))), None)
                picture = _save_crop(crops, labels["fr"], page, zone)
                question = questions[zone.question_id]
                where_fr, where_en = _where(question, zone)
                review.append(
                    ReviewItem(
                        zone=zone,
                        reading=reading,
                        crop=picture,
                        question_label=str(question.label.get("fr") or ""),
                        question_label_en=str(
                            question.label.get("en") or question.label.get("fr") or ""
                        ),
                        where=where_fr,
                        where_en=where_en,
                        decision=decision,
                    )
                )
                if decision is not None:
                    values[slot] = _decided_value(zone, decision)
                else:
                    values[slot] = False if zone.kind is SlotKind.CHECK else ""
                    pending.setdefault(zone.question_id, []).append(zone)
                    problems.append(_zone_problem(questionnaire, zone, reading, picture))
    answers, read_problems = answers_from_slots(questionnaire, values)
    problems.extend(read_problems)
    _leave_out_pending(questionnaire, answers, pending)
    respondent = (
        Respondent(token=identity.token, council_id=identity.council_id)
        if identity.token or identity.council_id
        else None
    )
    ref = questionnaire_ref(questionnaire)
    form = ScanForm(
        label=label,
        questionnaire=ref,
        identity=identity,
        pages=tuple(seen[n] for n in sorted(seen)),
        review=tuple(review),
        key=key,
        labels=labels,
    )
    if not answers and not pending and not problems:
        outcome = FormOutcome(
            file=Path(label),  # "scan.pdf, page 3": the scan and where in it
            outcome=Outcome.REFUSED,
            problems=(
                Problem(
                    path="$.answers",
                    code="batch.empty_form",
                    source=label,
                    texts={
                        "fr": "formulaire vide : aucune case cochée ni aucun texte écrit ; "
                        "il n'est pas compté comme une réponse",
                        "en": "empty form: no box ticked and no text written; "
                        "it is not counted as a response",
                    },
                ),
            ),
        )
        return form, outcome
    response = Response(questionnaire=ref, answers=answers, respondent=respondent, source=label)
    response, invalid = _validated(questionnaire, response)
    all_problems = tuple(attrs.evolve(p, source=p.source or label) for p in (*problems, *invalid))
    outcome = FormOutcome(
        file=Path(label),  # "scan.pdf, page 3": the scan and where in it
        outcome=Outcome.IMPORTED_WITH_PROBLEMS if all_problems else Outcome.IMPORTED,
        problems=all_problems,
        response=response,
    )
    return form, outcome


def _decided_value(zone: Zone, decision: Decision) -> SlotValue:
    if zone.kind is SlotKind.CHECK:
        return decision.value == "ticked"
    return decision.value


def _leave_out_pending(
    questionnaire: Questionnaire, answers: dict[str, Any], pending: Mapping[str, list[Zone]]
) -> None:
    """Remove every answer a pending zone could change: never a guessed answer."""
    questions = {q.id: q for q in questionnaire.questions()}
    for question_id, zones in pending.items():
        question = questions[question_id]
        if isinstance(question, Matrix):
            cells = answers.get(question_id)
            if isinstance(cells, dict):
                for zone in zones:
                    cells.pop(zone.choice or "", None)
                if not cells:
                    answers.pop(question_id, None)
            continue
        if all(zone.other for zone in zones):
            answers.pop(question_id + OTHER_SUFFIX, None)
            continue
        answers.pop(question_id, None)
        answers.pop(question_id + OTHER_SUFFIX, None)


def _form_problem(code: str, fr: str, en: str) -> Problem:
    return Problem(path="$", code=code, texts={"fr": fr, "en": en})


def _zone_problem(
    questionnaire: Questionnaire, zone: Zone, reading: ZoneReading, picture: str | None
) -> Problem:
    question = next(q for q in questionnaire.questions() if q.id == zone.question_id)
    where_fr, where_en = _where(question, zone)
    reason_fr, reason_en = REASONS.get(reading.reason or "", ("à vérifier", "to check"))
    image_fr = f" (image : {picture})" if picture else ""
    image_en = f" (picture: {picture})" if picture else ""
    code = "scan.handwriting" if reading.mark is Mark.WRITTEN else "scan.doubtful_mark"
    return Problem(
        path=f"$.answers.{zone.question_id}",
        code=code,
        texts={
            "fr": f"question {zone.number} ({question.label.get('fr')}) : {where_fr} : "
            f"{reason_fr} ; réponse laissée de côté jusqu'à votre décision{image_fr}",
            "en": f"question {zone.number} ({question.label.get('en') or question.label.get('fr')}): "
            f"{where_en}: {reason_en}; answer left out until you decide{image_en}",
        },
    )


def _where(question: Any, zone: Zone) -> tuple[str, str]:
    from conseils_citoyens.formats.slots import choices_of

    if zone.kind is SlotKind.TEXT:
        if zone.other:
            return "zone « précisez »", "'please specify' zone"
        return "zone d'écriture", "write-in zone"
    labels = {c.code: c.label for c in choices_of(question)}
    if isinstance(question, Matrix):
        labels = {row.code: row.label for row in question.rows}
        columns = {c.code: c.label for c in question.columns}
        row = labels.get(zone.choice or "")
        column = columns.get(zone.column or "")
        return (
            f"case « {column.get('fr') if column else zone.column} » de la ligne "
            f"« {row.get('fr') if row else zone.choice} »",
            f"box '{column.get('en') if column else zone.column}' of row "
            f"'{row.get('en') if row else zone.choice}'",
        )
    label = labels.get(zone.choice or "")
    text_fr = label.get("fr") if label else zone.choice
    text_en = (label.get("en") or label.get("fr")) if label else zone.choice
    if zone.column is not None:
        return f"case rang {zone.column} de « {text_fr} »", f"rank {zone.column} box of '{text_en}'"
    return f"case « {text_fr} »", f"box '{text_en}'"


def _save_crop(crops: Path | None, label: str, page: LocatedPage, zone: Zone) -> str | None:
    if crops is None:
        return None
    crops.mkdir(parents=True, exist_ok=True)
    name = f"{_UNSAFE.sub('_', label).strip('_')[:80]}-{zone.bookmark}.png"
    target = crops / name
    # A box is shown with the start of its label; a write-in zone as it is.
    extra = 45 * MM if zone.kind is SlotKind.CHECK else 0.0
    crop(page, zone.rect, right=extra).save(target, "PNG")
    return str(target)


def _refused(label: str, code: str, texts: Mapping[str, str]) -> FormOutcome:
    return FormOutcome(
        file=Path(label),  # "scan.pdf, page 3": the scan and where in it
        outcome=Outcome.REFUSED,
        problems=(Problem(path="$", code=code, texts=dict(texts)),),
    )


def _other_layout(label: str, identity: PageIdentity, printed: PrintedForm) -> FormOutcome:
    """A page of a form laid out otherwise (easy-read print, other LibreOffice…): never
    read with the wrong positions."""
    expected = printed.geometry.pages
    return _refused(
        label,
        "scan.other_layout",
        {
            "fr": f"page {identity.page} d'un formulaire de {identity.pages} pages, alors que ce "
            f"questionnaire s'imprime aujourd'hui sur {expected} pages : formulaire imprimé "
            "autrement (version « facile à lire », autre version de LibreOffice) ; ses cases "
            "ne sont pas lues, saisissez-le à la main",
            "en": f"page {identity.page} of a {identity.pages}-page form, while this "
            f"questionnaire now prints on {expected} pages: a form printed otherwise "
            "(easy-read version, other LibreOffice version); its boxes are not read, "
            "type it in by hand",
        },
    )


def _unknown(label: str, identity: PageIdentity) -> FormOutcome:
    return _refused(
        label,
        "document.unknown_questionnaire",
        {
            "fr": f"questionnaire inconnu « {identity.questionnaire_id} » version "
            f"{identity.version} (empreinte {identity.hash_prefix}) : importez avec le "
            "questionnaire d'origine (même fichier d'adaptation locale et mêmes extensions)",
            "en": f"unknown questionnaire '{identity.questionnaire_id}' version "
            f"{identity.version} (hash {identity.hash_prefix}): import with the original "
            "questionnaire (same overlay file and plugins)",
        },
    )
