"""Undo French typography to compare a document's text with plain expectations.

Documents are typeset (:mod:`conseils_citoyens.i18n`); tests about their
content compare words, and ``tests/test_typography_everywhere.py`` checks the
typography itself.
"""

from __future__ import annotations

_PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2019": "'"})
_ORDINALS = (("ᵉʳˢ", "ers"), ("ʳᵉˢ", "res"), ("ᵉʳ", "er"), ("ʳᵉ", "re"), ("ᵉˢ", "es"), ("ᵉ", "e"))


def plain(text: str) -> str:
    """``text`` with ordinary spaces, straight apostrophes and ordinals on the line."""
    text = text.translate(_PLAIN)
    for superscript, letters in _ORDINALS:
        text = text.replace(superscript, letters)
    return text
