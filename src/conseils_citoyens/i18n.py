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
import datetime as dt
import decimal
import os
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final, TypeVar

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


#: How a list cut short goes on: « et 3 autres problèmes », "and 3 more problems".
AND: Final = {"fr": "et ", "en": "and "}
#: The same after a list that ends on an ellipsis: « … et 2 autres en double ».
ELLIPSIS_AND: Final = {"fr": "… et ", "en": "… and "}


def and_more(
    count: int,
    forms: Mapping[str, tuple[str, str]],
    tails: Mapping[str, str] | None = None,
    *,
    lead: Mapping[str, str] = AND,
) -> dict[str, str]:
    """The texts, per language of ``forms``, of what a list cut short leaves out.

    ``and_more(3, {"fr": ("autre problème", "autres problèmes"), "en": ("more
    problem", "more problems")}, {"fr": " dans ce fichier", "en": " in this file"})``
    gives « et 3 autres problèmes dans ce fichier » and "and 3 more problems in
    this file"; the words agree with the count (:func:`counted`).
    """
    return {
        lang: lead[lang] + counted(count, forms, lang) + (tails or {}).get(lang, "")
        for lang in forms
    }


_MONTHS: Final = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
_WEEKDAYS: Final = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def long_date(day: dt.date, lang: str | None = None, *, weekday: bool = False) -> str:
    """The date in words: « 1er mars 2026 », "1 March 2026"; with ``weekday``, « samedi 14 mars 2026 »."""
    lang = "en" if (lang or get_language()) == "en" else "fr"
    first = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    text = f"{first} {_MONTHS[lang][day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[lang][day.weekday()]} {text}" if weekday else text


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


# --- French typography -----------------------------------------------------------
#
# French typography for every text a person reads: no-break spaces, apostrophes, ordinals.
#
# One helper, :func:`typeset`, is applied wherever the library writes a
# document (forms, reports, synthesis and cycle documents), so that a question
# mark never starts a line and « 1er » prints as « 1ᵉʳ ».
#
# The rules (as in the *Lexique des règles typographiques en usage à
# l'Imprimerie nationale*):
#
# - a no-break space (U+00A0) before ``:`` and inside guillemets « … »;
# - a narrow no-break space (U+202F) before ``;``, ``?`` and ``!``;
# - the typographic apostrophe (’) instead of the straight one between letters;
# - ordinal abbreviations with superscript letters: 1ᵉʳ, 1ʳᵉ, 2ᵉ, 3ᵉ…
#
# Text in another language only gets the typographic apostrophe. The function
# is idempotent and leaves web addresses, e-mail addresses and times (12:30)
# alone. A space it adds is a no-break one: collapsing white space
# (``re.sub(r"\\s+", " ", text)``) gives back the plain text.


_T = TypeVar("_T")

#: No-break space (before a colon, inside guillemets).
NBSP: Final = "\u00a0"
#: Narrow no-break space (before ; ? !).
NNBSP: Final = "\u202f"

# The patterns are compiled when first used (``re`` keeps them compiled): compiling them
# on import took about 2 ms of every command's start-up, for typography only documents need.
_APOSTROPHE: Final = r"(?<=[^\W\d_])'(?=[^\W\d_])"
_BEFORE_TALL: Final = (
    r"(?<=[^\s\u00a0\u202f(\[«/?!;:'\"])[ \u00a0\u202f]?([;?!])(?=\s|$|[»)\]\"'.,…?!])"
)
_BEFORE_COLON: Final = r"(?<=[^\s\u00a0\u202f(\[«/:;?!])[ \u202f]?:(?=\s|$)"
_OPEN_GUILLEMET: Final = r"«[ \u202f\u00a0]?"
_CLOSE_GUILLEMET: Final = r"[ \u202f\u00a0]?»"
_ORDINAL: Final = r"\b(\d+)(ers|res|er|re|es|e)\b"
_SUPERSCRIPT: Final = {
    "er": "ᵉʳ",
    "re": "ʳᵉ",
    "ers": "ᵉʳˢ",
    "res": "ʳᵉˢ",
    "e": "ᵉ",
    "es": "ᵉˢ",
}
_LEFT_ALONE: Final = r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_MARK: Final = "\ue000"


def typeset(text: str, lang: str = "fr") -> str:
    """Return ``text`` with French typography (only the apostrophe for other languages)."""
    if not text:
        return text
    left_alone = re.compile(_LEFT_ALONE)
    kept = left_alone.findall(text)
    if kept:  # set web and e-mail addresses aside (a private-use mark holds their place)
        text = left_alone.sub(_MARK, text.replace(_MARK, ""))
    text = _typeset_plain(text, lang)
    for address in kept:
        text = text.replace(_MARK, address, 1)
    return text


def _typeset_plain(text: str, lang: str) -> str:
    text = re.sub(_APOSTROPHE, "\u2019", text)
    if not lang.lower().startswith("fr"):
        return text
    text = re.sub(_OPEN_GUILLEMET, "«" + NBSP, text)
    text = re.sub(_CLOSE_GUILLEMET, NBSP + "»", text)
    text = re.sub(_BEFORE_TALL, lambda m: NNBSP + m.group(1), text)
    text = re.sub(_BEFORE_COLON, NBSP + ":", text)
    return re.sub(_ORDINAL, lambda m: m.group(1) + _SUPERSCRIPT[m.group(2)], text)


#: Fields that hold codes, never text for people.
_CODE_FIELDS: Final = frozenset({"lang", "language", "code", "id", "style"})


def typeset_all(value: _T, lang: str = "fr") -> _T:
    """``value`` with every text typeset: a string, a tuple, or an attrs object (recursively).

    Used at the one place a document model becomes a file (the report writers),
    so that every heading, paragraph and table cell follows the same rules.
    Fields named ``lang``, ``code``, ``id`` or ``style`` are left alone.
    """
    import attrs

    if isinstance(value, str):
        text = typeset(value, lang)
        # a text that carries more (a report's bar cell) rebuilds itself around the new text
        rebuild = getattr(value, "with_text", None)
        return rebuild(text) if rebuild is not None else text  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(typeset_all(item, lang) for item in value)  # type: ignore[return-value]
    if attrs.has(type(value)):
        instance: Any = value
        changes = {
            field.name: typeset_all(getattr(instance, field.name), lang)
            for field in attrs.fields(type(instance))
            if field.init and field.name not in _CODE_FIELDS
        }
        result: _T = attrs.evolve(instance, **changes)
        return result
    return value


#: What :func:`typography_faults` looks for in French text: an ordinary space (or none)
#: before ; ? ! : or », after «; a straight apostrophe between letters; a plain 1er.
_FAULTS: Final = (
    ("espace ordinaire avant « ; ? ! »", r"[^\s\u00a0\u202f?!;:][ ]?[;?!](?:\s|$)"),
    ("espace ordinaire avant « : »", r"[^\s\u00a0\u202f?!;:] ?:(?:\s|$)"),
    ("espace ordinaire dans les guillemets", r"« |«\w| »|\w»"),
    ("apostrophe droite", _APOSTROPHE),
    ("ordinal sans exposant", r"\b\d+(?:er|re|e)\b"),
)


def typography_faults(text: str) -> list[str]:
    """Name each French typography rule ``text`` breaks (empty when it follows them all)."""
    plain = re.sub(_LEFT_ALONE, " ", text)
    return [name for name, pattern in _FAULTS if re.search(pattern, plain)]
