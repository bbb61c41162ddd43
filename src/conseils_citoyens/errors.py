"""One error hierarchy for everything the library raises on purpose.

Every exception carries a French message by default (English through
:func:`conseils_citoyens.i18n.language` or ``message_in("en")``). Exceptions of
the libraries we use (jsonschema, cattrs, zipfile, lxml...) are translated at
the boundary and never escape unwrapped.

Each error also subclasses the matching built-in exception, so that code
written for plain Python works: a missing file is a :class:`FileNotFoundError`,
an unreadable one an :class:`OSError`, invalid data a :class:`ValueError`, an
existing output a :class:`FileExistsError`. Messages describe the problem, not
a command-line flag: the CLI adds its own hints (« utilisez --force »).
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from conseils_citoyens.i18n import counted, pick, system_reason, text_map


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a document: where, what (stable code), and why.

    ``path`` is a JSON path (``$.members[3].sex``) or, for forms, a question
    reference. ``texts`` maps a language code to the human message.
    """

    path: str
    code: str
    texts: Mapping[str, str] = attrs.field(converter=text_map)
    source: str | None = None

    @property
    def message(self) -> str:
        """The message in the current language."""
        return pick(self.texts)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (French when unavailable)."""
        return pick(self.texts, lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Plain data for JSON output."""
        data: dict[str, Any] = {
            "path": self.path,
            "code": self.code,
            "message": pick(self.texts, lang),
        }
        if self.source is not None:
            data["source"] = self.source
        return data

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return f"{prefix}{self.path}: {self.message}"


class ConseilsCitoyensError(Exception):
    """Base class of every error the library raises on purpose."""

    code: str = "error"

    def __init__(self, texts: Mapping[str, str] | str) -> None:
        self.texts: dict[str, str] = {"fr": texts} if isinstance(texts, str) else dict(texts)
        super().__init__(self.texts.get("fr", ""))

    @property
    def message(self) -> str:
        """The message in the current language."""
        return pick(self.texts)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (French when unavailable)."""
        return pick(self.texts, lang)

    def __str__(self) -> str:
        return self.message


class ValidationError(ConseilsCitoyensError, ValueError):
    """A document does not follow its schema or rules; lists every problem found (a ValueError)."""

    code = "invalid"

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        kind: str | None = None,
        source: str | Path | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.kind = kind
        self.source = str(source) if source is not None else None
        count = len(self.problems)
        where = f"{self.source} : " if self.source else ""
        where_en = f"{self.source}: " if self.source else ""
        what_fr = f"document « {kind} »" if kind else "document"
        what_en = f"'{kind}' document" if kind else "document"
        problems_ = {"fr": ("problème", "problèmes"), "en": ("problem", "problems")}
        super().__init__(
            {
                "fr": f"{where}{what_fr} invalide, {counted(count, problems_, 'fr')}",
                "en": f"{where_en}invalid {what_en}, {counted(count, problems_, 'en')}",
            }
        )

    def __str__(self) -> str:
        lines = [self.message]
        lines.extend(f"  - {problem.path}: {problem.message}" for problem in self.problems)
        return "\n".join(lines)


class ModelError(ValidationError, TypeError):
    """A model object was built with a field of the wrong type or value.

    Raised by the constructor, so that the traceback points at the caller's
    line. Both a :class:`TypeError` and a :class:`ValueError` (a
    :class:`ValidationError` with one problem, its path ``$.field[index]``).
    """

    code = "model"

    def __init__(self, problem: Problem, *, kind: str) -> None:
        super().__init__([problem], kind=kind)
        self.texts = dict(problem.texts)
        self.args = (self.texts.get("fr", ""),)

    def __str__(self) -> str:
        return self.message


class DocumentError(ConseilsCitoyensError):
    """A file could not be read: missing, not a document, unsafe, too large..."""

    code = "document"

    def __init__(self, path: str | Path, texts: Mapping[str, str] | str) -> None:
        self.path = str(path)
        super().__init__(texts)
        self.reason = dict(self.texts)
        self.texts = {lang: f"{self.path} : {text}" for lang, text in self.texts.items()}
        if "en" in self.texts:
            self.texts["en"] = self.texts["en"].replace(" : ", ": ", 1)
        self.args = (self.texts.get("fr", ""),)


class FileNotReadableError(DocumentError, OSError):
    """The file does not exist or cannot be opened (an OSError; ``filename`` is the path)."""

    code = "document.unreadable"

    def __init__(self, path: str | Path, texts: Mapping[str, str] | str) -> None:
        super().__init__(path, texts)
        self.filename = self.path

    @classmethod
    def from_os_error(cls, path: str | Path, exc: OSError) -> FileNotReadableError:
        """The error for ``exc`` raised while reading ``path`` (keeps its ``errno``)."""
        if isinstance(exc, FileNotFoundError):
            return MissingFileError(path)
        why = system_reason(exc)
        error = cls(
            path, {"fr": f"lecture impossible ({why['fr']})", "en": f"cannot read ({why['en']})"}
        )
        error.errno = exc.errno
        return error


class MissingFileError(FileNotReadableError, FileNotFoundError):
    """The file does not exist (a FileNotFoundError)."""

    code = "document.unreadable"

    def __init__(self, path: str | Path, texts: Mapping[str, str] | str | None = None) -> None:
        super().__init__(path, texts or {"fr": "fichier introuvable", "en": "file not found"})
        self.errno = errno.ENOENT


class NotADocumentError(DocumentError, ValueError):
    """The file is not of the format it claims (not JSON, not a zip, corrupt...): a ValueError."""

    code = "document.not_a_document"


class WrongDocumentKindError(DocumentError, ValueError):
    """The file is a valid document, but not the kind expected (a .docx report, an .xlsx...)."""

    code = "document.wrong_kind"


class UnsafeDocumentError(DocumentError, ValueError):
    """The file contains something we refuse to process (DOCTYPE, entities, odd zip paths)."""

    code = "document.unsafe"


class DocumentTooLargeError(UnsafeDocumentError):
    """The file exceeds a size, count or ratio bound."""

    code = "document.too_large"


class UnknownQuestionnaireError(DocumentError, ValueError):
    """A filled form refers to a questionnaire (id, version, hash) we do not know."""

    code = "document.unknown_questionnaire"


class PluginError(ConseilsCitoyensError):
    """A plugin failed to load, raised in a hook, or returned something wrong."""

    code = "plugin"

    def __init__(self, plugin: str, hook: str | None, texts: Mapping[str, str] | str) -> None:
        self.plugin = plugin
        self.hook = hook
        super().__init__(texts)
        where_fr = f"extension « {plugin} »" + (f", point d'extension « {hook} »" if hook else "")
        where_en = f"plugin '{plugin}'" + (f", hook '{hook}'" if hook else "")
        base = dict(self.texts)
        self.texts = {
            "fr": f"{where_fr} : {base.get('fr', '')}",
            "en": f"{where_en}: {base.get('en', base.get('fr', ''))}",
        }
        self.args = (self.texts["fr"],)


class OutputError(ConseilsCitoyensError, OSError):
    """An output file could not be written (no such folder, no permission, disk full...): an OSError."""

    code = "output"
    #: True when the caller may get past it by allowing more (``overwrite=True``,
    #: ``force=True``): the CLI then names its own option.
    forcible: bool = False

    def __init__(
        self, path: str | Path, texts: Mapping[str, str] | str, *, forcible: bool | None = None
    ) -> None:
        self.path = str(path)
        super().__init__(texts)
        self.filename = self.path
        if forcible is not None:
            self.forcible = forcible


class OutputExistsError(OutputError, FileExistsError):
    """An output file exists and overwriting was not allowed (a FileExistsError)."""

    code = "output.exists"
    forcible = True

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, {"fr": f"{path} existe déjà", "en": f"{path} already exists"})
        self.errno = errno.EEXIST


__all__ = [
    "ConseilsCitoyensError",
    "DocumentError",
    "DocumentTooLargeError",
    "FileNotReadableError",
    "MissingFileError",
    "ModelError",
    "NotADocumentError",
    "OutputError",
    "OutputExistsError",
    "PluginError",
    "Problem",
    "UnknownQuestionnaireError",
    "UnsafeDocumentError",
    "ValidationError",
    "WrongDocumentKindError",
]
