"""Responses files: ``{"responses": [...], "questionnaires": [...], ...}`` or a bare list.

The file follows ``schemas/responses.schema.json``. Each response follows
``schemas/response.schema.json`` (questionnaire reference, optional
respondent, answers). ``questionnaires`` holds the full definition of every
questionnaire the responses answer, once per content hash, so that a report
needs the responses file alone; files written before it (without that key)
are still read, their questionnaire is then given with ``--overlay`` or
``--questionnaire``. Other top-level keys (import metadata) are allowed and
ignored. An entry that is not a valid response is not dropped: it is
returned as an :class:`~conseils_citoyens.survey.analysis.Exclusion` with its
position in the whole input, so that reports count it. The same response
given in two files (the same file twice, a copy, or a form imported in two
batches) is refused: a response is never counted twice. So is one respondent
(one token) given twice with other answers, in one file or two: which answers
are right is a person's choice, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from conseils_citoyens.documents.jsonio import read_json
from conseils_citoyens.errors import NotADocumentError, Problem, ValidationError
from conseils_citoyens.i18n import ELLIPSIS_AND, and_more
from conseils_citoyens.survey.analysis import Exclusion
from conseils_citoyens.survey.questionnaire.model import Questionnaire, QuestionnaireRef, Response


@attrs.frozen(kw_only=True)
class ResponseBatch:
    """Responses read from one or more files, and the entries that could not be read."""

    responses: tuple[Response, ...]
    rejected: tuple[Exclusion, ...] = ()
    #: The questionnaires the files carry, by reference (empty for files written before 0.2).
    questionnaires: dict[QuestionnaireRef, Questionnaire] = attrs.field(factory=dict)

    @property
    def refs(self) -> frozenset[QuestionnaireRef]:
        """The questionnaire references found in the responses."""
        return frozenset(r.questionnaire for r in self.responses)


#: What a responses file is, for the message given when a form or a PDF is given instead.
_EXPECTED = {
    "fr": "le fichier de réponses écrit par « responses import »",
    "en": "the responses file written by 'responses import'",
}


def _entries(data: Any, path: Path) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("responses"), list):
        return list(data["responses"])
    raise NotADocumentError(
        path,
        {
            "fr": "fichier de réponses attendu : une liste de réponses, ou un objet "
            '{"responses": [...]}',
            "en": 'responses file expected: a list of responses, or an object {"responses": [...]}',
        },
    )


def _carried(data: Any, path: Path) -> dict[QuestionnaireRef, Questionnaire]:
    """The questionnaires a responses file carries, checked against their content hash."""
    from conseils_citoyens.survey.questionnaire.serialize import (
        load_questionnaire,
        questionnaire_ref,
    )

    if not isinstance(data, dict) or "questionnaires" not in data:
        return {}
    from conseils_citoyens.documents import schemas

    schemas.validate("responses", data, source=path)
    found: dict[QuestionnaireRef, Questionnaire] = {}
    for index, entry in enumerate(data["questionnaires"]):
        try:
            questionnaire = load_questionnaire(entry)
        except ValidationError as exc:
            raise ValidationError(
                [
                    Problem(
                        path=f"$.questionnaires[{index}]{p.path.removeprefix('$')}",
                        code=p.code,
                        texts=p.texts,
                    )
                    for p in exc.problems
                ],
                kind="responses",
                source=path,
            ) from None
        found[questionnaire_ref(questionnaire)] = questionnaire
    return found


def _file_digests(data: Any) -> dict[str, str]:
    """The SHA-256 of each form file an import read (``imports``), by file name."""
    found: dict[str, str] = {}
    imports = data.get("imports") if isinstance(data, dict) else None
    for entry in imports if isinstance(imports, list) else ():
        if isinstance(entry, dict):
            file, digest = entry.get("file"), entry.get("sha256")
            if isinstance(file, str) and isinstance(digest, str):
                found[file] = digest
    return found


def _identity(response: Response, digests: Mapping[str, str]) -> bytes:
    """What makes two responses the same: questionnaire, respondent, answers, form read.

    The form is known by its SHA-256 when the import recorded it, so that the
    same form imported in two batches (under two paths) is recognised.
    """
    from conseils_citoyens.survey.questionnaire.serialize import canonical_json, dump_response

    data = dump_response(response)
    source = data.pop("source", None)
    data["source"] = digests.get(source, source) if isinstance(source, str) else None
    return canonical_json(data)


def _place(path: Path, number: int) -> tuple[str, str]:
    """« reponses.json, n° 3 » in French and English."""
    return f"{path}, n° {number}", f"{path}, no. {number}"


def _duplicate_problems(
    twice: list[tuple[int, tuple[str, str], tuple[str, str]]], files: list[Path]
) -> list[Problem]:
    """The problems naming each response given twice (five at most), then what to do."""
    problems = [
        Problem(
            path=f"$.responses[{position}]",
            code="responses.duplicate",
            texts={
                "fr": f"{where[0]} : même réponse que {first[0]} (même questionnaire, même "
                "répondant, mêmes réponses, même formulaire d'origine) ; elle ne serait comptée "
                "qu'une fois",
                "en": f"{where[1]}: same response as {first[1]} (same questionnaire, respondent, "
                "answers and original form); it would be counted once only",
            },
        )
        for position, where, first in twice[:5]
    ]
    if len(twice) > 5:
        problems.append(
            Problem(
                path="$.responses",
                code="responses.duplicate",
                texts=and_more(
                    len(twice) - 5,
                    {"fr": ("autre", "autres"), "en": ("more", "more")},
                    {"fr": " en double", "en": " given twice"},
                    lead=ELLIPSIS_AND,
                ),
            )
        )
    resolved = [path.resolve() for path in files]
    again = sorted({str(p) for i, p in enumerate(files) if resolved[i] in resolved[:i]})
    if again:
        problems.insert(
            0,
            Problem(
                path="$",
                code="responses.duplicate",
                texts={
                    "fr": f"fichier donné deux fois : {', '.join(again)}",
                    "en": f"file given twice: {', '.join(again)}",
                },
            ),
        )
    problems.append(
        Problem(
            path="$.responses",
            code="responses.duplicate",
            texts={
                "fr": "chaque réponse doit être donnée une seule fois : un même fichier donné "
                "deux fois, une copie, ou un formulaire importé dans deux lots ? Retirez le "
                "doublon et relancez",
                "en": "give each response once: the same file given twice, a copy, or a form "
                "imported in two batches? Take the duplicate out and run again",
            },
        )
    )
    return problems


def _same_respondent_problems(
    responses: Sequence[Response],
    places: Sequence[tuple[tuple[str, str], str | None]],
    identities: Sequence[tuple[int, bytes]],
    positions: Sequence[int],
) -> list[Problem]:
    """One respondent (one token) given twice, except copies already refused as duplicates."""
    from conseils_citoyens.survey.analysis_checks import (
        same_respondent_problems,
        same_respondents,
    )

    found = [
        (earlier, later, token)
        for earlier, later, token in same_respondents(responses)
        # the same response in another file is a duplicate, said once
        if identities[earlier][1] != identities[later][1]
        or identities[earlier][0] == identities[later][0]
    ]
    if not found:
        return []

    def where(index: int) -> tuple[str, str]:
        place, form = places[index]
        return (
            place[0] + (f" (formulaire {form})" if form else ""),
            place[1] + (f" (form {form})" if form else ""),
        )

    return same_respondent_problems(
        found,
        responses,
        code="responses.same_respondent",
        where=where,
        path=lambda index: f"$.responses[{positions[index]}]",
    )


def read_responses(paths: Iterable[str | Path]) -> ResponseBatch:
    """Read every response of ``paths``, in order; invalid entries become exclusions.

    The questionnaires the files carry are returned too (see
    :attr:`ResponseBatch.questionnaires`); one that does not follow its schema
    makes the whole file invalid (:class:`ValidationError`). A response given
    in two of the files (the same file twice, a copy, a form imported in two
    batches) raises :class:`ValidationError` (``responses.duplicate``): it is
    never counted twice. One respondent token given twice with other answers,
    in one file or two, raises it too (``responses.same_respondent``), naming
    both places, the forms they were read from and the token: which answers
    count is a person's choice.
    """
    from conseils_citoyens.survey.questionnaire.serialize import load_response

    responses: list[Response] = []
    rejected: list[Exclusion] = []
    questionnaires: dict[QuestionnaireRef, Questionnaire] = {}
    seen: dict[bytes, tuple[int, tuple[str, str]]] = {}  # identity -> (file number, where)
    twice: list[tuple[int, tuple[str, str], tuple[str, str]]] = []
    files: list[Path] = []
    places: list[
        tuple[tuple[str, str], str | None]
    ] = []  # per response: where in the files, its form
    identities: list[tuple[int, bytes]] = []  # per response: file number, identity
    positions: list[int] = []  # per response: position in the whole input
    position = 0
    for file_number, raw_path in enumerate(paths):
        path = Path(raw_path)
        files.append(path)
        data = read_json(path, expected=_EXPECTED)
        entries = _entries(data, path)
        questionnaires.update(_carried(data, path))
        digests = _file_digests(data)
        for number, entry in enumerate(entries, start=1):
            where = f"{path.name}, n° {number}"
            if not isinstance(entry, dict):
                rejected.append(
                    Exclusion(
                        index=position,
                        source=where,
                        problems=(
                            Problem(
                                path=f"$.responses[{position}]",
                                code="responses.not_an_object",
                                texts={
                                    "fr": "une réponse doit être un objet JSON",
                                    "en": "a response must be a JSON object",
                                },
                            ),
                        ),
                    )
                )
                position += 1
                continue
            try:
                # a dict only: load_response would read a string as a file path
                response = load_response(entry)
            except ValidationError as exc:
                rejected.append(
                    Exclusion(
                        index=position,
                        source=where,
                        problems=tuple(
                            Problem(
                                path=f"$.responses[{position}]{p.path.removeprefix('$')}",
                                code=p.code,
                                texts=p.texts,
                            )
                            for p in exc.problems
                        ),
                    )
                )
            else:
                identity = _identity(response, digests)
                place = _place(path, number)
                first = seen.setdefault(identity, (file_number, place))
                if first[0] != file_number:  # within one file, an import already checked
                    twice.append((position, place, first[1]))
                places.append((place, response.source))
                identities.append((file_number, identity))
                positions.append(position)
                if response.source is None:
                    response = attrs.evolve(response, source=where)
                responses.append(response)
            position += 1
    problems = _duplicate_problems(twice, files) if twice else []
    problems += _same_respondent_problems(responses, places, identities, positions)
    if problems:
        raise ValidationError(
            problems, kind="responses", source=", ".join(str(path) for path in files)
        )
    return ResponseBatch(
        responses=tuple(responses), rejected=tuple(rejected), questionnaires=questionnaires
    )


def responses_file_data(
    result: Any, questionnaires: Iterable[Questionnaire], lang: str | None = None
) -> dict[str, Any]:
    """The data of a responses file: an import's result plus the questionnaires it answers.

    ``result`` is a :class:`~conseils_citoyens.survey.imports.BatchResult`;
    ``questionnaires`` the ones its forms may come from (a catalogue's, for
    example). Only those the responses answer are written, once per content
    hash, so that reports and exports need no ``--overlay`` later.
    """
    from conseils_citoyens.survey.questionnaire.serialize import (
        dump_questionnaire,
        questionnaire_ref,
    )

    data: dict[str, Any] = result.to_data(lang)
    answered = {response.questionnaire for response in result.responses}
    by_ref = {questionnaire_ref(q): q for q in questionnaires}
    data["questionnaires"] = [
        dump_questionnaire(by_ref[ref])
        for ref in sorted(answered, key=lambda r: (r.id, r.version, r.hash))
        if ref in by_ref
    ]
    return data


def single_ref(batch: ResponseBatch, sources: Sequence[str | Path]) -> QuestionnaireRef | None:
    """Return the one questionnaire reference all responses share, None when there are none.

    Raise :class:`ValidationError` when the responses come from several
    questionnaires or versions.
    """
    refs = sorted(batch.refs, key=lambda r: (r.id, r.version, r.hash))
    if len(refs) <= 1:
        return refs[0] if refs else None
    listed = ", ".join(f"« {r.id} » {r.version} ({r.hash[7:19]}…)" for r in refs)
    listed_en = ", ".join(f"'{r.id}' {r.version} ({r.hash[7:19]}…)" for r in refs)
    raise ValidationError(
        [
            Problem(
                path="$.responses",
                code="responses.mixed_questionnaires",
                texts={
                    "fr": f"les réponses viennent de {len(refs)} questionnaires ou versions "
                    f"différents : {listed} ; analysez chaque version à part",
                    "en": f"the responses come from {len(refs)} different questionnaires or "
                    f"versions: {listed_en}; analyse each version separately",
                },
            )
        ],
        kind="responses",
        source=", ".join(str(s) for s in sources),
    )


__all__ = ["ResponseBatch", "read_responses", "responses_file_data", "single_ref"]
