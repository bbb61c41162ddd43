"""Batch import of filled forms: every file gets an outcome, nothing is lost.

Importing N forms never stops at a broken one: each file is imported,
imported with problems, refused (with the reason), or flagged as a duplicate
(same bytes, or same respondent token, as an earlier file). Files are
processed in a stable order, so the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import enum
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.errors import (
    ConseilsCitoyensError,
    FileNotReadableError,
    NotADocumentError,
    Problem,
    UnknownQuestionnaireError,
)
from conseils_citoyens.i18n import and_more, counted, pick
from conseils_citoyens.survey.questionnaire.model import Questionnaire, QuestionnaireRef, Response

RESPONSES_FORMAT: Final = "conseils-citoyens/responses"
#: Text typed outside the answer areas: how many pieces are reported one by one,
#: and how many are kept (each cut to the answer size limit) in the outcome.
MAX_UNMAPPED: Final = 50
MAX_UNMAPPED_KEPT: Final = 1000
RESPONSES_FORMAT_VERSION: Final = 1
#: Problems of one file reported one by one (identical ones merged and counted);
#: the rest are summed up in one last problem, so a hostile form cannot flood the output.
MAX_PROBLEMS: Final = 100


class Outcome(enum.Enum):
    """What became of one file in a batch."""

    IMPORTED = "imported"
    IMPORTED_WITH_PROBLEMS = "imported_with_problems"
    REFUSED = "refused"
    DUPLICATE = "duplicate"

    def label(self, lang: str | None = None) -> str:
        """The outcome for people."""
        return pick(_OUTCOME_LABELS[self], lang)

    def counted(self, count: int, lang: str | None = None) -> str:
        """``1 refusé``, ``3 refusés``: a count of this outcome, in agreement."""
        return counted(count, _OUTCOME_COUNTED[self], lang)


_ANSWERS: Final = {"fr": ("réponse", "réponses"), "en": ("answer", "answers")}

_OUTCOME_COUNTED: dict[Outcome, dict[str, tuple[str, str]]] = {
    Outcome.IMPORTED: {"fr": ("importé", "importés"), "en": ("imported", "imported")},
    Outcome.IMPORTED_WITH_PROBLEMS: {
        "fr": ("importé avec problèmes", "importés avec problèmes"),
        "en": ("imported with problems", "imported with problems"),
    },
    Outcome.REFUSED: {"fr": ("refusé", "refusés"), "en": ("refused", "refused")},
    Outcome.DUPLICATE: {"fr": ("doublon", "doublons"), "en": ("duplicate", "duplicates")},
}

_OUTCOME_LABELS = {
    Outcome.IMPORTED: {"fr": "importé", "en": "imported"},
    Outcome.IMPORTED_WITH_PROBLEMS: {
        "fr": "importé avec problèmes",
        "en": "imported with problems",
    },
    Outcome.REFUSED: {"fr": "refusé", "en": "refused"},
    Outcome.DUPLICATE: {"fr": "doublon", "en": "duplicate"},
}


@attrs.frozen(kw_only=True)
class FormOutcome:
    """The outcome of one file: its response (when imported) and every problem."""

    file: Path
    outcome: Outcome
    problems: tuple[Problem, ...] = ()
    unmapped: tuple[str, ...] = ()
    response: Response | None = None
    digest: str | None = None
    duplicate_of: Path | None = None


class SetAside(enum.Enum):
    """Why a file found in a folder given to :func:`import_forms` is not imported."""

    #: A hidden file, or a lock file Word (``~$…``) or LibreOffice (``.~lock.…#``)
    #: leaves beside an open document.
    HIDDEN_OR_LOCK = "hidden_or_lock"
    #: A folder inside the folder: folders are not walked through.
    FOLDER = "folder"
    #: Not a regular file: a device, a named pipe, a socket (reading it could hang).
    SPECIAL = "special"
    #: A symbolic link to a file that does not exist.
    BROKEN_LINK = "broken_link"
    #: What it is could not be asked of the system (permissions, removed meanwhile).
    UNREADABLE = "unreadable"


_SET_ASIDE_TEXTS: Final = {
    SetAside.HIDDEN_OR_LOCK: {
        "fr": "fichier caché ou de verrouillage de Word/LibreOffice",
        "en": "hidden file, or a Word/LibreOffice lock file",
    },
    SetAside.FOLDER: {
        "fr": "sous-dossier : ses fichiers ne sont pas importés ; donnez-le aussi s'ils sont "
        "à importer",
        "en": "subfolder: its files are not imported; give it too if they are to be imported",
    },
    SetAside.SPECIAL: {
        "fr": "pas un fichier ordinaire (périphérique, tube nommé, socket) : il n'est pas lu",
        "en": "not a regular file (device, named pipe, socket): it is not read",
    },
    SetAside.BROKEN_LINK: {
        "fr": "lien vers un fichier introuvable : rien à lire",
        "en": "link to a file that does not exist: nothing to read",
    },
    SetAside.UNREADABLE: {
        "fr": "le système ne dit pas ce que c'est (droits d'accès ? fichier supprimé entre-temps ?) : "
        "il n'est pas lu",
        "en": "the system does not say what it is (permissions? removed meanwhile?): it is not read",
    },
}


@attrs.frozen(kw_only=True)
class IgnoredFile:
    """A file of a folder given to :func:`import_forms` that is not imported, and why."""

    path: Path
    reason: SetAside

    def message(self, lang: str | None = None) -> str:
        """Why the file is not imported, for people."""
        return pick(_SET_ASIDE_TEXTS[self.reason], lang)


@attrs.frozen(kw_only=True)
class BatchResult:
    """The outcomes of a batch, in the stable order files were processed.

    ``ignored``: every file found in a folder given to :func:`import_forms`
    and not imported, with why (:class:`SetAside`): hidden and lock files,
    subfolders, devices and pipes, broken links. A file given by name is
    never ignored: it gets an outcome.
    """

    outcomes: tuple[FormOutcome, ...]
    ignored: tuple[IgnoredFile, ...] = ()

    @property
    def responses(self) -> tuple[Response, ...]:
        """The imported responses (duplicates and refused files excluded)."""
        return tuple(o.response for o in self.outcomes if o.response is not None)

    def count(self, outcome: Outcome) -> int:
        """How many files had ``outcome``."""
        return sum(1 for o in self.outcomes if o.outcome is outcome)

    @property
    def refused(self) -> tuple[FormOutcome, ...]:
        """The refused files."""
        return tuple(o for o in self.outcomes if o.outcome is Outcome.REFUSED)

    def to_data(self, lang: str | None = None) -> dict[str, Any]:
        """The responses file: responses plus a record of every file's outcome (and set aside)."""
        from conseils_citoyens.survey.questionnaire.serialize import dump_response

        data: dict[str, Any] = {
            "format": RESPONSES_FORMAT,
            "format_version": RESPONSES_FORMAT_VERSION,
            "responses": [dump_response(r) for r in self.responses],
            "imports": [_outcome_data(o, lang) for o in self.outcomes],
        }
        if self.ignored:  # the files of a folder set aside, with why
            data["ignored"] = [
                {"file": str(i.path), "reason": i.reason.value} for i in self.ignored
            ]
        return data


def _outcome_data(outcome: FormOutcome, lang: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"file": str(outcome.file), "outcome": outcome.outcome.value}
    if outcome.digest:
        data["sha256"] = outcome.digest
    if outcome.duplicate_of:
        data["duplicate_of"] = str(outcome.duplicate_of)
    if outcome.problems:
        data["problems"] = [p.to_dict(lang) for p in outcome.problems]
    if outcome.unmapped:
        data["unmapped"] = list(outcome.unmapped)
    return data


class QuestionnaireCatalogue:
    """The questionnaires forms may come from, found by id, version and content hash."""

    def __init__(self, questionnaires: Iterable[Questionnaire] = ()) -> None:
        self._by_ref: dict[QuestionnaireRef, Questionnaire] = {}
        for questionnaire in questionnaires:
            self.add(questionnaire)

    def add(self, questionnaire: Questionnaire) -> QuestionnaireRef:
        """Make ``questionnaire`` known; return its reference."""
        from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

        ref = questionnaire_ref(questionnaire)
        self._by_ref[ref] = questionnaire
        return ref

    def __len__(self) -> int:
        return len(self._by_ref)

    def refs(self) -> tuple[QuestionnaireRef, ...]:
        """The references of every known questionnaire."""
        return tuple(self._by_ref)

    def resolve(self, ref: QuestionnaireRef, source: str) -> Questionnaire:
        """Return the questionnaire of ``ref`` or raise :class:`UnknownQuestionnaireError`."""
        found = self._by_ref.get(ref)
        if found is not None:
            return found
        same_version = [r for r in self._by_ref if r.id == ref.id and r.version == ref.version]
        if same_version:
            raise UnknownQuestionnaireError(
                source,
                {
                    "fr": f"le questionnaire « {ref.id} » version {ref.version} de ce formulaire a été "
                    "modifié depuis son export (empreinte différente) : importez-le avec le "
                    "questionnaire d'origine (même fichier d'adaptation locale et mêmes extensions)",
                    "en": f"questionnaire '{ref.id}' version {ref.version} of this form was changed "
                    "since it was exported (different hash): import it with the original "
                    "questionnaire (same overlay file and plugins)",
                },
            )
        known = ", ".join(sorted({f"{r.id} {r.version}" for r in self._by_ref})) or "—"
        raise UnknownQuestionnaireError(
            source,
            {
                "fr": f"questionnaire inconnu « {ref.id} » version {ref.version} (connus : {known})",
                "en": f"unknown questionnaire '{ref.id}' version {ref.version} (known: {known})",
            },
        )


def _digest(path: Path) -> str:
    """SHA-256 of a regular file; anything else is refused before a byte is read.

    :raises FileNotReadableError: a missing file, a folder, a device (``/dev/zero``
        would be hashed forever), a named pipe (opening it would hang).
    """
    from conseils_citoyens.documents.jsonio import open_regular

    with open_regular(path) as handle:
        try:
            return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            raise FileNotReadableError.from_os_error(path, exc) from None


def _answer_of(problem: Problem) -> str | None:
    prefix = "$.answers."
    if not problem.path.startswith(prefix):
        return None
    rest = problem.path[len(prefix) :]
    if rest.startswith("['"):
        return rest[2:].split("']", 1)[0]
    return rest.split(".", 1)[0].split("[", 1)[0] or None


def _validated(questionnaire: Questionnaire, response: Response) -> tuple[Response, list[Problem]]:
    """Keep the answers that are valid on their own; return the problems of the rest."""
    from conseils_citoyens.survey.questionnaire.responses import validate_response

    problems = validate_response(questionnaire, response)
    faulty = {key for p in problems if (key := _answer_of(p)) is not None}
    if not faulty:
        return response, problems
    kept = {
        k: v
        for k, v in response.answers.items()
        if k not in faulty and k.split(".", 1)[0] not in faulty
    }
    cleaned = attrs.evolve(response, answers=kept)
    # What remains (a required answer now missing...) is reported too.
    remaining = [
        p for p in validate_response(questionnaire, cleaned) if _answer_of(p) not in faulty
    ]
    return cleaned, problems + remaining


ProgressCallback = Callable[[int, int, str], None]

#: One path (a file, or a folder standing for the files it holds), or several.
FormPaths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def _set_aside(path: Path) -> SetAside | None:
    """Why a file found in a folder is not imported, or None when it is a form to import."""
    import stat

    try:
        mode = path.stat().st_mode  # follows links: a link to a form is a form
    except OSError:
        return SetAside.BROKEN_LINK if path.is_symlink() else SetAside.UNREADABLE
    if stat.S_ISDIR(mode):
        return SetAside.FOLDER
    if not stat.S_ISREG(mode):
        return SetAside.SPECIAL
    if path.name.startswith(("~$", ".")):
        return SetAside.HIDDEN_OR_LOCK
    return None


def form_files(paths: FormPaths) -> tuple[list[Path], list[IgnoredFile]]:
    """Return ``(files to import, files set aside with why)`` for one path or an iterable of paths.

    A string or path-like is one path, never iterated letter by letter. A
    folder stands for every file directly inside it (not recursive): each goes
    to the batch, so that a PDF dropped among the forms is refused with its
    reason rather than passed over. Only hidden and lock files, subfolders,
    special files (devices, pipes) and broken links are set aside, each with
    its reason (:class:`SetAside`): a person sees every file that is not
    imported. Files are sorted by path, each once.
    """
    if isinstance(paths, str | os.PathLike):
        given: list[Path] = [Path(paths)]
    elif isinstance(paths, bytes):
        raise TypeError("import_forms: give paths as str or pathlib.Path, not bytes")
    else:
        given = [Path(p) for p in paths]
    files: set[Path] = set()
    ignored: dict[Path, SetAside] = {}
    for path in given:
        if not path.is_dir():
            files.add(path)
            continue
        for child in path.iterdir():
            reason = _set_aside(child)
            if reason is None:
                files.add(child)
            else:
                ignored[child] = reason
    return sorted(files, key=str), [
        IgnoredFile(path=path, reason=ignored[path]) for path in sorted(ignored, key=str)
    ]


def import_forms(
    paths: FormPaths,
    catalogue: QuestionnaireCatalogue,
    *,
    host: Any = None,
    progress: ProgressCallback | None = None,
    also_read: Iterable[str] = (),
) -> BatchResult:
    """Import filled forms; never stop at a broken one.

    :param paths: a file or a folder (``str`` or :class:`~pathlib.Path`), or an
        iterable of them; a folder stands for the files directly inside it
        (see :func:`form_files`). Files are processed sorted by path, each once.
    :param catalogue: the questionnaires the forms may come from.
    :param host: the plugin host giving the importers (default: the process-wide one).
    :param progress: called with ``(done, total, file)`` after each file.
    :param also_read: suffixes the caller reads by other means (``responses import``:
        scans), named with the importers' when a file of another format is refused.
    """
    from conseils_citoyens.plugins import get_plugins

    plugins = host or get_plugins()
    ordered, ignored = form_files(paths)
    outcomes: list[FormOutcome] = []
    seen_digests: dict[str, Path] = {}
    seen_tokens: dict[str, tuple[Path, int]] = {}
    for done, path in enumerate(ordered, start=1):
        outcome = _import_one(path, catalogue, plugins, seen_digests, seen_tokens, also_read)
        outcomes.append(outcome)
        if progress is not None:
            progress(done, len(ordered), str(path))
    return BatchResult(outcomes=tuple(outcomes), ignored=tuple(ignored))


def _import_one(
    path: Path,
    catalogue: QuestionnaireCatalogue,
    plugins: Any,
    seen_digests: dict[str, Path],
    seen_tokens: dict[str, tuple[Path, int]],
    also_read: Iterable[str] = (),
) -> FormOutcome:
    name = str(path)
    try:
        digest = _digest(path)
    except FileNotReadableError as exc:
        return _single(path, Outcome.REFUSED, None, "$", exc.code, dict(exc.reason))
    if digest in seen_digests:
        first = seen_digests[digest]
        return _single(
            path,
            Outcome.DUPLICATE,
            digest,
            "$",
            "batch.duplicate_file",
            {
                "fr": f"même contenu que {first} : compté une seule fois",
                "en": f"same content as {first}: counted once",
            },
            duplicate_of=first,
        )
    try:
        importer = _importer_for(path, plugins, also_read)
        form = importer.read(path, catalogue.resolve)
        questionnaire = catalogue.resolve(form.questionnaire, name)
    except ConseilsCitoyensError as exc:  # DocumentError first of all
        texts = getattr(exc, "reason", None) or exc.texts
        return _single(path, Outcome.REFUSED, digest, "$", exc.code, dict(texts))
    except Exception as exc:  # a plugin importer's bug must not abort the batch
        return _single(
            path,
            Outcome.REFUSED,
            digest,
            "$",
            "batch.importer_failed",
            {
                "fr": f"l'importateur a échoué sur ce fichier : {exc!r}",
                "en": f"the importer failed on this file: {exc!r}",
            },
        )
    seen_digests[digest] = path
    if not form.answers and not form.problems and not form.unmapped:
        # A blank form sent back: listed, not counted as a response.
        return _single(
            path,
            Outcome.REFUSED,
            digest,
            "$.answers",
            "batch.empty_form",
            {
                "fr": "formulaire vide : aucune case cochée ni aucun texte écrit ; "
                "il n'est pas compté comme une réponse",
                "en": "empty form: no box ticked and no text written; it is not counted as a response",
            },
        )
    token = form.respondent.token if form.respondent else None
    if token is not None and token in seen_tokens:
        return _same_respondent(path, digest, seen_tokens[token], len(form.answers))
    if token is not None:
        seen_tokens[token] = (path, len(form.answers))
    response = Response(
        questionnaire=form.questionnaire,
        answers=form.answers,
        respondent=form.respondent,
        source=name,
        saved_on=form.saved_on,
    )
    response, problems = _validated(questionnaire, response)
    all_problems = _bounded_problems([*form.problems, *problems], name)
    unmapped = _bounded_unmapped(form.unmapped)
    unmapped_problems = tuple(
        Problem(
            path="$",
            code="form.unmapped_edit",
            source=name,
            texts={
                "fr": f"texte écrit hors des zones de réponse : « {text[:80]} »",
                "en": f"text written outside the answer areas: '{text[:80]}'",
            },
        )
        for text in unmapped[:MAX_UNMAPPED]
    )
    if len(form.unmapped) > MAX_UNMAPPED:
        more = len(form.unmapped) - MAX_UNMAPPED
        unmapped_problems += (
            Problem(
                path="$",
                code="form.unmapped_edit",
                source=name,
                texts=and_more(
                    more,
                    {
                        "fr": ("autre texte écrit", "autres textes écrits"),
                        "en": ("more text", "more texts"),
                    },
                    {"fr": " hors des zones de réponse", "en": " written outside the answer areas"},
                ),
            ),
        )
    has_problems = bool(all_problems or unmapped_problems)
    return FormOutcome(
        file=path,
        outcome=Outcome.IMPORTED_WITH_PROBLEMS if has_problems else Outcome.IMPORTED,
        problems=all_problems + unmapped_problems,
        unmapped=unmapped,
        response=response,
        digest=digest,
    )


def _same_respondent(
    path: Path, digest: str | None, first: tuple[Path, int], count: int
) -> FormOutcome:
    """A second form of one respondent: not counted, both named for a person to choose.

    The first file in path order is kept (stable re-runs); both are named with
    their number of answers, so that a person can choose the right one.
    """
    kept, kept_count = first
    return _single(
        path,
        Outcome.DUPLICATE,
        digest,
        "$.respondent.token",
        "batch.duplicate_respondent",
        {
            "fr": f"même répondant que {kept} ({counted(kept_count, _ANSWERS, 'fr')}), "
            f"qui est gardé ; ce formulaire-ci ({counted(count, _ANSWERS, 'fr')}) n'est pas "
            "compté. Si c'est lui la bonne version, retirez l'autre du lot et relancez l'import",
            "en": f"same respondent as {kept} ({counted(kept_count, _ANSWERS, 'en')}), "
            f"which is kept; this form ({counted(count, _ANSWERS, 'en')}) is not counted. "
            "If this one is the right version, take the other out of the batch and import again",
        },
        duplicate_of=kept,
    )


def combine_batches(*batches: BatchResult) -> BatchResult:
    """One batch from batches read apart (typed forms and scans), each respondent counted once.

    Outcomes keep their order; a response whose respondent token an earlier
    batch already gave becomes a duplicate, named and not counted, exactly as
    within one batch (:func:`import_forms`).
    """
    outcomes: list[FormOutcome] = []
    seen: dict[str, tuple[Path, int]] = {}
    for batch in batches:
        for outcome in batch.outcomes:
            response = outcome.response
            token = response.respondent.token if response and response.respondent else None
            if response is not None and token is not None:
                if token in seen:
                    outcome = _same_respondent(
                        outcome.file, outcome.digest, seen[token], len(response.answers)
                    )
                else:
                    seen[token] = (outcome.file, len(response.answers))
            outcomes.append(outcome)
    ignored = tuple(path for batch in batches for path in batch.ignored)
    return BatchResult(outcomes=tuple(outcomes), ignored=ignored)


def _single(
    file: Path,
    outcome: Outcome,
    digest: str | None,
    path: str,
    code: str,
    texts: dict[str, str],
    *,
    duplicate_of: Path | None = None,
) -> FormOutcome:
    """An outcome explained by one problem (a refusal, a duplicate)."""
    return FormOutcome(
        file=file,
        outcome=outcome,
        digest=digest,
        duplicate_of=duplicate_of,
        problems=(Problem(path=path, code=code, texts=texts),),
    )


def _bounded_unmapped(texts: Sequence[str]) -> tuple[str, ...]:
    """Bound what is kept of text typed outside the answer areas (hostile forms)."""
    from conseils_citoyens.documents.safety import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.max_answer_chars
    return tuple(text[:limit] for text in texts[:MAX_UNMAPPED_KEPT])


def _bounded_problems(problems: Sequence[Problem], source: str) -> tuple[Problem, ...]:
    """Merge identical problems (with their count) and keep the first :data:`MAX_PROBLEMS`."""
    counts: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[Any]] = {}
    for problem in problems:
        key = (problem.path, problem.code, tuple(sorted(problem.texts.items())))
        seen = counts.get(key)
        if seen is None:
            counts[key] = [problem, 1]
        else:
            seen[1] += 1
    merged: list[Problem] = []
    for problem, count in counts.values():
        if count > 1:
            problem = attrs.evolve(
                problem,
                texts={
                    lang: f"{text} ({_times(count, lang)})" for lang, text in problem.texts.items()
                },
            )
        merged.append(_with_source(problem, source))
    if len(merged) <= MAX_PROBLEMS:
        return tuple(merged)
    more = len(merged) - MAX_PROBLEMS
    summary = Problem(
        path="$",
        code="batch.more_problems",
        source=source,
        texts=and_more(
            more,
            {"fr": ("autre problème", "autres problèmes"), "en": ("more problem", "more problems")},
            {"fr": " dans ce fichier", "en": " in this file"},
        ),
    )
    return (*merged[:MAX_PROBLEMS], summary)


def _times(count: int, lang: str) -> str:
    """``46948 fois``: how often an identical problem was found."""
    return counted(count, {"fr": ("fois", "fois"), "en": ("time", "times")}, lang)


def _with_source(problem: Problem, source: str) -> Problem:
    return problem if problem.source else attrs.evolve(problem, source=source)


def _importer_for(path: Path, plugins: Any, also_read: Iterable[str] = ()) -> Any:
    importer = plugins.importer_for_suffix(path.suffix)
    if importer is not None:
        return importer
    read = {s for i in plugins.importers().values() for s in i.suffixes} | set(also_read)
    kinds = ", ".join(sorted(read)) or "—"
    raise NotADocumentError(
        path,
        {
            "fr": f"format de formulaire non pris en charge « {path.suffix or 'sans extension'} » "
            f"(pris en charge : {kinds})",
            "en": f"unsupported form format '{path.suffix or 'no suffix'}' (supported: {kinds})",
        },
    )
