"""Languages for everything a person reads: French by default, English available.

Messages are identified by a stable code; their text lives in catalogues keyed
by language. The language has two levels: a process-wide default
(:func:`set_language`, seen by every thread) and an override for a ``with``
block (:func:`language`), held in a context variable, so that a web app
serving several users can switch it per request without touching other threads.
"""

from __future__ import annotations

import contextlib
import contextvars
import decimal
import os
from collections.abc import Iterator, Mapping
from typing import Final

SUPPORTED_LANGUAGES: Final = ("fr", "en")
DEFAULT_LANGUAGE: Final = "fr"

#: The process-wide language: what every thread speaks outside a ``language()`` block.
_process_language: str = DEFAULT_LANGUAGE

#: The language of a ``with language(...)`` block in this thread (or asyncio task).
_override: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "conseils_citoyens_language", default=None
)


def normalise_language(value: str | None) -> str:
    """Return a supported language code for a value such as ``en_GB.UTF-8``."""
    if not value:
        return DEFAULT_LANGUAGE
    code = value.replace("-", "_").split("_", 1)[0].split(".", 1)[0].lower()
    return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """Pick the language from ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalise_language(value)
    return DEFAULT_LANGUAGE


def get_language() -> str:
    """Return the language of messages here: the ``language()`` block's, else the process's."""
    return _override.get() or _process_language


def set_language(language: str) -> str:
    """Set the process-wide language (every thread, outside ``language()`` blocks).

    Return the previous process-wide language, so that a caller can restore it.
    """
    global _process_language
    previous = _process_language
    _process_language = normalise_language(language)
    return previous


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Use ``code`` for messages inside a ``with`` block, in this thread (or task) only.

    Other threads keep the process-wide language; the previous language comes
    back when the block ends, even on an exception.
    """
    token = _override.set(normalise_language(code))
    try:
        yield
    finally:
        _override.reset(token)


def text_map(value: Mapping[str, str]) -> dict[str, str]:
    """Copy a ``{language: text}`` mapping (an attrs converter)."""
    return dict(value)


def pick(texts: Mapping[str, str], lang: str | None = None) -> str:
    """Return the text in ``lang`` (default: current), falling back to French."""
    wanted = lang or get_language()
    if wanted in texts:
        return texts[wanted]
    if DEFAULT_LANGUAGE in texts:
        return texts[DEFAULT_LANGUAGE]
    return next(iter(texts.values()), "")


def percent_half_up(share: float, digits: int = 0) -> decimal.Decimal:
    """Return ``share`` (0..1) as a percentage rounded half up, as people expect.

    ``round()`` rounds half to even and works on the binary float: 0.725 gives 72,
    where a French reader expects 73. The float noise (72.49999999999999) is
    removed first by going through 12 significant digits.
    """
    # A context of our own: the caller's (its flags, traps and precision, per thread) is
    # left as it was.
    context = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_UP)
    exact = decimal.Decimal(f"{share * 100:.12g}")
    step = decimal.Decimal(1).scaleb(-digits, context=context)
    return exact.quantize(step, context=context)


def counted(count: int, forms: Mapping[str, tuple[str, str]], lang: str | None = None) -> str:
    """``1 réponse écrite``, ``2 réponses écrites``: a count with words that agree.

    ``forms``: language -> (singular, plural). French takes the singular for 0 and
    1, English for 1 only.
    """
    wanted = lang or get_language()
    if wanted not in forms:
        wanted = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in forms else next(iter(forms))
    singular, plural = forms[wanted]
    one = count in (0, 1) if wanted == "fr" else count == 1
    return f"{count} {singular if one else plural}"


#: errno name -> (French, English) explanation of the system errors people meet.
_SYSTEM_ERRORS: Final = {
    "ENOENT": ("dossier ou fichier introuvable", "no such file or folder"),
    "EACCES": ("accès refusé : vérifiez vos droits sur ce dossier", "permission denied"),
    "EPERM": ("opération non permise", "operation not permitted"),
    "ENOSPC": ("disque plein", "no space left on the disk"),
    "EDQUOT": ("quota de disque dépassé", "disk quota exceeded"),
    "EROFS": ("disque en lecture seule", "read-only disk"),
    "EISDIR": ("c'est un dossier", "it is a folder"),
    "ENOTDIR": ("un élément du chemin n'est pas un dossier", "a part of the path is not a folder"),
    "EEXIST": (
        "un fichier existe déjà à cet endroit du chemin",
        "a file already exists at that point of the path",
    ),
    "ENAMETOOLONG": ("nom de fichier trop long", "file name too long"),
    "EBUSY": (
        "fichier occupé (ouvert dans un autre logiciel ?)",
        "file busy (open in another program?)",
    ),
    "EIO": ("erreur d'entrée-sortie du disque", "disk input/output error"),
}


def system_reason(exc: OSError) -> dict[str, str]:
    """Explain an operating-system error in French and English (``strerror`` is English only)."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    if name in _SYSTEM_ERRORS:
        french, english = _SYSTEM_ERRORS[name]
        return {"fr": french, "en": english}
    reason = exc.strerror or str(exc)
    return {"fr": f"erreur du système : {reason}", "en": reason}
