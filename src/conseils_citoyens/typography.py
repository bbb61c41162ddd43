"""French typography for every text a person reads: no-break spaces, apostrophes, ordinals.

One helper, :func:`typeset`, is applied wherever the library writes a
document (forms, reports, synthesis and cycle documents), so that a question
mark never starts a line and « 1er » prints as « 1ᵉʳ ».

The rules (as in the *Lexique des règles typographiques en usage à
l'Imprimerie nationale*):

- a no-break space (U+00A0) before ``:`` and inside guillemets « … »;
- a narrow no-break space (U+202F) before ``;``, ``?`` and ``!``;
- the typographic apostrophe (’) instead of the straight one between letters;
- ordinal abbreviations with superscript letters: 1ᵉʳ, 1ʳᵉ, 2ᵉ, 3ᵉ…

Text in another language only gets the typographic apostrophe. The function
is idempotent and leaves web addresses, e-mail addresses and times (12:30)
alone. A space it adds is a no-break one: collapsing white space
(``re.sub(r"\\s+", " ", text)``) gives back the plain text.
"""

from __future__ import annotations

import re
from typing import Any, Final, TypeVar

T = TypeVar("T")

#: No-break space (before a colon, inside guillemets).
NBSP: Final = "\u00a0"
#: Narrow no-break space (before ; ? !).
NNBSP: Final = "\u202f"

_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
_BEFORE_TALL = re.compile(
    r"(?<=[^\s\u00a0\u202f(\[«/?!;:'\"])[ \u00a0\u202f]?([;?!])(?=\s|$|[»)\]\"'.,…?!])"
)
_BEFORE_COLON = re.compile(r"(?<=[^\s\u00a0\u202f(\[«/:;?!])[ \u202f]?:(?=\s|$)")
_OPEN_GUILLEMET = re.compile(r"«[ \u202f\u00a0]?")
_CLOSE_GUILLEMET = re.compile(r"[ \u202f\u00a0]?»")
_ORDINAL = re.compile(r"\b(\d+)(ers|res|er|re|es|e)\b")
_SUPERSCRIPT: Final = {
    "er": "ᵉʳ",
    "re": "ʳᵉ",
    "ers": "ᵉʳˢ",
    "res": "ʳᵉˢ",
    "e": "ᵉ",
    "es": "ᵉˢ",
}
_LEFT_ALONE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MARK: Final = "\ue000"


def typeset(text: str, lang: str = "fr") -> str:
    """Return ``text`` with French typography (only the apostrophe for other languages)."""
    if not text:
        return text
    kept = _LEFT_ALONE.findall(text)
    if kept:  # set web and e-mail addresses aside (a private-use mark holds their place)
        text = _LEFT_ALONE.sub(_MARK, text.replace(_MARK, ""))
    text = _typeset_plain(text, lang)
    for address in kept:
        text = text.replace(_MARK, address, 1)
    return text


def _typeset_plain(text: str, lang: str) -> str:
    text = _APOSTROPHE.sub("\u2019", text)
    if not lang.lower().startswith("fr"):
        return text
    text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    text = _BEFORE_TALL.sub(lambda m: NNBSP + m.group(1), text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    return _ORDINAL.sub(lambda m: m.group(1) + _SUPERSCRIPT[m.group(2)], text)


#: Fields that hold codes, never text for people.
_CODE_FIELDS: Final = frozenset({"lang", "language", "code", "id", "style"})


def typeset_all(value: T, lang: str = "fr") -> T:
    """``value`` with every text typeset: a string, a tuple, or an attrs object (recursively).

    Used at the one place a document model becomes a file (the report writers),
    so that every heading, paragraph and table cell follows the same rules.
    Fields named ``lang``, ``code``, ``id`` or ``style`` are left alone.
    """
    import attrs

    if isinstance(value, str):
        return typeset(value, lang)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(typeset_all(item, lang) for item in value)  # type: ignore[return-value]
    if attrs.has(type(value)):
        instance: Any = value
        changes = {
            field.name: typeset_all(getattr(instance, field.name), lang)
            for field in attrs.fields(type(instance))
            if field.init and field.name not in _CODE_FIELDS
        }
        result: T = attrs.evolve(instance, **changes)
        return result
    return value


#: What :func:`typography_faults` looks for in French text: an ordinary space (or none)
#: before ; ? ! : or », after «; a straight apostrophe between letters; a plain 1er.
_FAULTS: Final = (
    ("espace ordinaire avant « ; ? ! »", re.compile(r"[^\s\u00a0\u202f?!;:][ ]?[;?!](?:\s|$)")),
    ("espace ordinaire avant « : »", re.compile(r"[^\s\u00a0\u202f?!;:] ?:(?:\s|$)")),
    ("espace ordinaire dans les guillemets", re.compile(r"« |«\w| »|\w»")),
    ("apostrophe droite", _APOSTROPHE),
    ("ordinal sans exposant", re.compile(r"\b\d+(?:er|re|e)\b")),
)


def typography_faults(text: str) -> list[str]:
    """Name each French typography rule ``text`` breaks (empty when it follows them all)."""
    plain = _LEFT_ALONE.sub(" ", text)
    return [name for name, pattern in _FAULTS if pattern.search(plain)]


__all__ = ["NBSP", "NNBSP", "typeset", "typeset_all", "typography_faults"]
