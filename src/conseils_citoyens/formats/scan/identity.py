"""What the QR code of a printed page says: which questionnaire, whose form, which page.

The payload is short text, so that any QR reader shows something a person
can read. The forms print it in their page header, the same on every page:
``CC2|<id>|<version>|<hash>|<lang>|<source>|<token>|<council>``, where
``source`` is the file that was printed (``odt`` or ``docx``: the scan reader
prints the same file through LibreOffice to find each page's layout). PDF
forms of earlier versions stamped one code per page, with its number:
``CC1|<id>|<version>|<hash>|<lang>|<page>/<pages>|<token>|<council>``; they
are still read.

The hash is the first 16 hexadecimal digits of the questionnaire's content
hash (64 bits: enough to tell two versions apart, small enough for a QR code
that stays readable at 150 dpi). ``|`` and ``\\`` inside a field are escaped.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from conseils_citoyens.survey.questionnaire.model import QuestionnaireRef

#: Per-page codes (PDF forms of earlier versions), and header codes (one per form).
MAGIC: Final = "CC1"
FORM_MAGIC: Final = "CC2"
#: The files a header code may name, and the one of per-page codes (the stamped PDF,
#: which was LibreOffice's print of the .odt form).
SOURCES: Final = ("odt", "docx")
STAMPED: Final = "odt"
HASH_DIGITS: Final = 16
_PAGE = re.compile(r"(\d{1,3})/(\d{1,3})")


@attrs.frozen(kw_only=True)
class PageIdentity:
    """The identity printed on one page of a paper form.

    ``page`` and ``pages`` are None for a header code (the same on every page)
    until the reader has found which page of the form it is.
    """

    questionnaire_id: str
    version: str
    hash_prefix: str
    lang: str
    page: int | None
    pages: int | None
    token: str | None = None
    council_id: str | None = None
    source: str = STAMPED
    #: True when the page number was printed in the code (earlier PDF forms).
    numbered: bool = True

    @classmethod
    def for_form(
        cls,
        ref: QuestionnaireRef,
        *,
        lang: str,
        source: str,
        token: str | None = None,
        council_id: str | None = None,
    ) -> PageIdentity:
        """The identity printed in the page header of every page of a form of ``ref``."""
        return cls(
            questionnaire_id=ref.id,
            version=ref.version,
            hash_prefix=hash_prefix(ref.hash),
            lang=lang,
            page=None,
            pages=None,
            token=token or None,
            council_id=council_id or None,
            source=source,
            numbered=False,
        )

    @classmethod
    def for_page(
        cls,
        ref: QuestionnaireRef,
        *,
        lang: str,
        page: int,
        pages: int,
        token: str | None = None,
        council_id: str | None = None,
    ) -> PageIdentity:
        """The identity of page ``page`` (from 1) of a stamped PDF form of ``ref`` (``CC1``)."""
        header = cls.for_form(ref, lang=lang, source=STAMPED, token=token, council_id=council_id)
        return attrs.evolve(header, page=page, pages=pages, numbered=True)

    @property
    def form_key(self) -> tuple[str, str, str, str, str | None, str | None, str]:
        """What every page of one form shares (its pages are grouped by it)."""
        return (
            self.questionnaire_id,
            self.version,
            self.hash_prefix,
            self.lang,
            self.token,
            self.council_id,
            self.source,
        )

    def matches(self, ref: QuestionnaireRef) -> bool:
        """True when this page was printed from the questionnaire ``ref``."""
        return (
            ref.id == self.questionnaire_id
            and ref.version == self.version
            and hash_prefix(ref.hash) == self.hash_prefix
        )

    def encode(self) -> str:
        """The QR code's text (a header code when the page number is not printed)."""
        fields = (
            MAGIC if self.numbered else FORM_MAGIC,
            self.questionnaire_id,
            self.version,
            self.hash_prefix,
            self.lang,
            f"{self.page}/{self.pages}" if self.numbered else self.source,
            self.token or "",
            self.council_id or "",
        )
        return "|".join(_escape(field) for field in fields)


def hash_prefix(content_hash: str) -> str:
    """The hash digits printed in QR codes (``sha256:`` removed)."""
    return content_hash.rsplit(":", 1)[-1][:HASH_DIGITS].lower()


def _escape(field: str) -> str:
    return field.replace("\\", "\\\\").replace("|", "\\|")


def _split(text: str) -> list[str]:
    fields: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == "|":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def decode(text: str) -> PageIdentity | None:
    """Read a QR code's text; None when it is not one of our pages."""
    fields = _split(text)
    if len(fields) != 8 or fields[0] not in (MAGIC, FORM_MAGIC):
        return None
    magic, qid, version, digits, lang, pages_field, token, council = fields
    if not (qid and version and digits and lang):
        return None
    header = PageIdentity(
        questionnaire_id=qid,
        version=version,
        hash_prefix=digits.lower(),
        lang=lang,
        page=None,
        pages=None,
        token=token or None,
        council_id=council or None,
        source=pages_field if magic == FORM_MAGIC else STAMPED,
        numbered=False,
    )
    if magic == FORM_MAGIC:
        return header if pages_field in SOURCES else None
    match = _PAGE.fullmatch(pages_field)
    if match is None:
        return None
    page, pages = int(match.group(1)), int(match.group(2))
    if not 1 <= page <= pages:
        return None
    return attrs.evolve(header, page=page, pages=pages, numbered=True)
