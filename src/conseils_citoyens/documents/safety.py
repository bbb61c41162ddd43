"""The one safe reader for documents that come from outside (.docx, .odt).

Filled forms arrive by e-mail or on USB sticks: every one is treated as
hostile. :func:`open_package` checks a file before any parser sees it:

- the path (:class:`FileNotReadableError`) and the file size;
- that it is a zip at all, saying what it is otherwise (a PDF, an old .doc...);
- the zip's central directory: entry count, declared sizes, compression ratio,
  compression method, encryption, entry names (absolute, ``..``, backslash,
  NUL, duplicates);
- the document kind (a .docx renamed .odt, an .xlsx... are refused with a
  clear message).

:meth:`SafePackage.read` then decompresses a part with a hard cap on the
bytes actually produced, :meth:`SafePackage.read_xml` refuses any XML part
whose prolog declares a DOCTYPE or an entity, or whose encoding is not UTF-8
or UTF-16, and :meth:`SafePackage.parse_xml` parses with lxml without entity
resolution, network or huge trees. :func:`safe_docx` and :func:`safe_odt`
hand python-docx and odfpy only checked documents and translate everything
they raise. Every exception leaving this module is a
:class:`~conseils_citoyens.errors.DocumentError` subclass naming the file,
with a French message (English available).

See ``docs/security.md`` for the limits, the threat model and measurements.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs

from conseils_citoyens.errors import (
    DocumentError,
    DocumentTooLargeError,
    FileNotReadableError,
    NotADocumentError,
    UnsafeDocumentError,
    WrongDocumentKindError,
)

if TYPE_CHECKING:
    from lxml import etree  # no stubs (mypy override): elements are Any

Kind = Literal["docx", "odt"]

_MB: Final = 1024 * 1024


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds applied to every document read from outside.

    Every field can be changed: ``Limits(max_file_bytes=100 * 1024 * 1024)``.

    - ``max_file_bytes``: size of the file itself (50 MB).
    - ``max_entries``: number of entries in the zip (2,000; a form has about 20).
    - ``max_total_bytes``: declared uncompressed size of all entries together (200 MB).
    - ``max_part_bytes``: uncompressed size of any one entry (100 MB).
    - ``max_xml_part_bytes``: uncompressed size of an entry parsed as XML (32 MB;
      a tree takes several times its text in memory).
    - ``max_ratio``: uncompressed / compressed size of one entry (100), checked
      only for entries above ``ratio_threshold`` bytes (1 MB): small XML parts
      legitimately compress very well.
    - ``max_xml_depth``: element nesting in a parsed XML part (256, libxml2's own
      limit without ``huge_tree``; lower it to be stricter).
    - ``max_answer_chars``: characters kept from one answer (20,000), see
      :func:`clamp_text`.
    """

    max_file_bytes: int = 50 * _MB
    max_entries: int = 2_000
    max_total_bytes: int = 200 * _MB
    max_part_bytes: int = 100 * _MB
    max_xml_part_bytes: int = 32 * _MB
    max_ratio: float = 100.0
    ratio_threshold: int = 1 * _MB
    max_xml_depth: int = 256
    max_answer_chars: int = 20_000


DEFAULT_LIMITS: Final = Limits()

DOCX_MAIN_PART: Final = "word/document.xml"
ODT_MIMETYPE: Final = "application/vnd.oasis.opendocument.text"

_CHUNK: Final = 64 * 1024
_PROLOG_SCAN_BYTES: Final = 1 * _MB
_SUPPORTED_ENCODINGS: Final = frozenset({"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be"})

# What a file is, for messages: (French with article, English with article).
_Label = tuple[str, str]
_EXPECTED: Final[Mapping[str | None, _Label]] = {
    "docx": ("un document Word (.docx)", "a Word document (.docx)"),
    "odt": ("un document OpenDocument (.odt)", "an OpenDocument text (.odt)"),
    None: (
        "un document Word (.docx) ou OpenDocument (.odt)",
        "a Word (.docx) or OpenDocument (.odt) document",
    ),
}
_MAGIC: Final[tuple[tuple[bytes, _Label], ...]] = (
    (b"%PDF", ("un PDF", "a PDF file")),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        (
            "un document Office à l'ancien format (.doc, .xls) ou protégé par mot de passe",
            "an old-format (.doc, .xls) or password-protected Office document",
        ),
    ),
    (b"{\\rtf", ("un document RTF", "an RTF document")),
    (b"\x89PNG", ("une image PNG", "a PNG image")),
    (b"\xff\xd8\xff", ("une image JPEG", "a JPEG image")),
    (b"GIF8", ("une image GIF", "a GIF image")),
    (b"\x1f\x8b", ("une archive gzip", "a gzip archive")),
    (b"Rar!", ("une archive RAR", "a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", ("une archive 7-Zip", "a 7-Zip archive")),
    (b"PK\x05\x06", ("une archive zip vide", "an empty zip archive")),
)
_OOXML_MAIN: Final[Mapping[str, tuple[str, _Label]]] = {
    "word/document.xml": ("docx", ("un document Word (.docx)", "a Word document (.docx)")),
    "xl/workbook.xml": ("xlsx", ("un classeur Excel (.xlsx)", "an Excel workbook (.xlsx)")),
    "ppt/presentation.xml": (
        "pptx",
        ("une présentation PowerPoint (.pptx)", "a PowerPoint presentation (.pptx)"),
    ),
}
_WORD_CONTENT_TYPES: Final[Mapping[str, tuple[str, _Label]]] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        ("un document Word (.docx)", "a Word document (.docx)"),
    ),
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "docm",
        ("un document Word avec macros (.docm)", "a macro-enabled Word document (.docm)"),
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "dotx",
        ("un modèle Word (.dotx)", "a Word template (.dotx)"),
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "dotm",
        ("un modèle Word avec macros (.dotm)", "a macro-enabled Word template (.dotm)"),
    ),
}
_ODF_MIMETYPES: Final[Mapping[str, tuple[str, _Label]]] = {
    ODT_MIMETYPE: ("odt", ("un document OpenDocument (.odt)", "an OpenDocument text (.odt)")),
    "application/vnd.oasis.opendocument.text-template": (
        "ott",
        ("un modèle OpenDocument (.ott)", "an OpenDocument template (.ott)"),
    ),
    "application/vnd.oasis.opendocument.spreadsheet": (
        "ods",
        ("un classeur OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)"),
    ),
    "application/vnd.oasis.opendocument.presentation": (
        "odp",
        ("une présentation OpenDocument (.odp)", "an OpenDocument presentation (.odp)"),
    ),
    "application/vnd.oasis.opendocument.graphics": (
        "odg",
        ("un dessin OpenDocument (.odg)", "an OpenDocument drawing (.odg)"),
    ),
    "application/epub+zip": ("epub", ("un livre EPUB", "an EPUB book")),
}


# --------------------------------------------------------------------------- helpers


def _too_large(path: str, fr: str, en: str) -> DocumentTooLargeError:
    return DocumentTooLargeError(path, {"fr": fr, "en": en})


def _unsafe(path: str, fr: str, en: str) -> UnsafeDocumentError:
    return UnsafeDocumentError(path, {"fr": fr, "en": en})


def _not_document(path: str, fr: str, en: str) -> NotADocumentError:
    return NotADocumentError(path, {"fr": fr, "en": en})


def _mb(size: int) -> str:
    return f"{size / _MB:.1f} Mo" if size >= _MB else f"{size} octets"


def _mb_en(size: int) -> str:
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{size} bytes"


def clamp_text(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str, bool]:
    """Bound the text of one answer: ``(text, truncated)``.

    Keeps the first ``limits.max_answer_chars`` characters; the importer reports
    a truncation as a problem (nothing read is silently dropped).
    """
    if len(text) <= limits.max_answer_chars:
        return text, False
    return text[: limits.max_answer_chars], True


def _read_file(path: Path, limits: Limits) -> bytes:
    from conseils_citoyens.documents.jsonio import open_regular

    name = str(path)
    with open_regular(path) as handle:
        try:
            # Never read (nor allocate) more than the limit, even if the file grows.
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, limits.max_file_bytes) + 1)
        except DocumentError:
            raise
        except OSError as exc:
            raise FileNotReadableError.from_os_error(path, exc) from None
    _check_file_size(name, data, limits)
    return data


def _check_file_size(name: str, data: bytes, limits: Limits) -> None:
    if len(data) > limits.max_file_bytes:
        raise _too_large(
            name,
            f"fichier trop volumineux (plus de {_mb(limits.max_file_bytes)})",
            f"file too large (more than {_mb_en(limits.max_file_bytes)})",
        )


def _describe_non_zip(data: bytes) -> _Label:
    for magic, label in _MAGIC:
        if data.startswith(magic):
            return label
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return ("une page HTML", "an HTML page")
    if lowered.startswith(b"<"):
        return (
            "un fichier XML (document « à plat » non compressé ?)",
            "an XML file (an uncompressed 'flat' document?)",
        )
    if head.startswith((b"{", b"[")):
        return ("un fichier JSON", "a JSON file")
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 4090:
            return ("un fichier d'un format inconnu", "a file of an unknown format")
    return ("un fichier texte", "a text file")


_EOCD: Final = b"PK\x05\x06"
_EOCD_SIZE: Final = 22
_ZIP64_LOCATOR: Final = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE: Final = 20
_ZIP64_EOCD: Final = b"PK\x06\x06"
_ZIP64_EOCD_SIZE: Final = 56
_CD_RECORD: Final = b"PK\x01\x02"
_CD_RECORD_SIZE: Final = 46
_MAX_COMMENT: Final = 0xFFFF


def _corrupt_zip(path: str, detail_fr: str, detail_en: str) -> NotADocumentError:
    return _not_document(
        path,
        "archive zip tronquée ou corrompue : le fichier est incomplet ou abîmé "
        f"({detail_fr} ; renvoyez-le, ou demandez à la personne de l'enregistrer à nouveau)",
        f"truncated or corrupt zip archive ({detail_en}): incomplete file?",
    )


def _central_directory(data: bytes, path: str) -> tuple[int, int, int]:
    """Locate the central directory exactly where :mod:`zipfile` will read it.

    Returns ``(start, size, declared entries)``. The end record is the last
    ``PK\\x05\\x06`` of the file's tail, as ``zipfile`` finds it, and must be
    the real one: its comment must end exactly at the end of the file. A
    zip64 locator right before it must point at a zip64 end record right
    before itself (where ``zipfile`` reads it). Anything else is refused: a
    structure that two readers could read differently is how a count is
    bypassed (a fake zip64 locator in the last entry's comment used to stop it).
    """
    tail = max(0, len(data) - _MAX_COMMENT - 1 - _EOCD_SIZE)
    eocd = data.rfind(_EOCD, tail)
    if eocd < 0:
        raise _corrupt_zip(path, "fin d'archive introuvable", "end record not found")
    if eocd + _EOCD_SIZE > len(data):
        raise _corrupt_zip(path, "fin d'archive tronquée", "end record truncated")
    _sig, _disk, _cd_disk, _here, entries, cd_size, _cd_offset, comment = struct.unpack_from(
        "<4sHHHHIIH", data, eocd
    )
    if eocd + _EOCD_SIZE + comment != len(data):
        raise _corrupt_zip(
            path,
            "la fin d'archive n'est pas à la fin du fichier",
            "the end record does not end the file",
        )
    end = eocd
    locator = eocd - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        _sig, disk, offset, disks = struct.unpack_from("<4sIQI", data, locator)
        record = locator - _ZIP64_EOCD_SIZE
        if (
            disk != 0
            or disks > 1
            or record < 0
            or offset != record
            or data[record : record + 4] != _ZIP64_EOCD
            or struct.unpack_from("<Q", data, record + 4)[0] != _ZIP64_EOCD_SIZE - 12
        ):
            raise _unsafe(
                path,
                "fin d'archive zip64 incohérente (structure contradictoire : fichier forgé ?)",
                "inconsistent zip64 end records (contradictory structure: forged file?)",
            )
        entries, cd_size = struct.unpack_from("<QQ", data, record + 32)
        end = record
    start = end - cd_size
    if start < 0:
        raise _corrupt_zip(
            path, "taille du répertoire central impossible", "impossible central directory size"
        )
    return start, cd_size, entries


def _central_directory_entries(data: bytes, path: str, limits: Limits) -> None:
    """Count central-directory records ourselves before :mod:`zipfile` builds them all.

    ``zipfile`` trusts the central directory's byte size, not its entry count, and
    creates one object per record: a 50 MB file could hold a million records. The
    records are walked exactly as ``zipfile`` walks them, in the same bytes
    (:func:`_central_directory`), so no trick stops the count before it does.
    """
    start, size, declared = _central_directory(data, path)

    def too_many() -> DocumentTooLargeError:
        return _too_large(
            path,
            f"trop d'éléments dans l'archive (plus de {limits.max_entries})",
            f"too many entries in the archive (more than {limits.max_entries})",
        )

    if declared > limits.max_entries:
        raise too_many()
    count = 0
    pos = start
    stop = start + size
    while pos < stop:
        if pos + _CD_RECORD_SIZE > stop or data[pos : pos + 4] != _CD_RECORD:
            return  # zipfile refuses it too ("bad magic number", "truncated")
        count += 1
        if count > limits.max_entries:
            raise too_many()
        name, extra, comment = struct.unpack_from("<HHH", data, pos + 28)
        pos += _CD_RECORD_SIZE + name + extra + comment


def _check_name(path: str, info: zipfile.ZipInfo) -> None:
    raw = info.orig_filename
    shown = raw.replace("\x00", "\\0")
    reason: tuple[str, str] | None = None
    if "\x00" in raw or any(ord(ch) < 0x20 for ch in raw):
        reason = ("caractère de contrôle", "control character")
    elif "\\" in raw:
        reason = ("barre oblique inversée", "backslash")
    elif raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
        reason = ("chemin absolu", "absolute path")
    elif ".." in raw.split("/"):
        reason = ("remontée de dossier « .. »", "parent directory '..'")
    if reason is not None:
        raise _unsafe(
            path,
            f"nom d'élément d'archive refusé « {shown} » ({reason[0]})",
            f"archive entry name refused '{shown}' ({reason[1]})",
        )


def _check_entries(
    path: str, archive: zipfile.ZipFile, limits: Limits
) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise _too_large(
            path,
            f"trop d'éléments dans l'archive ({len(infos)}, limite {limits.max_entries})",
            f"too many entries in the archive ({len(infos)}, limit {limits.max_entries})",
        )
    seen: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        _check_name(path, info)
        if name in seen:
            raise _unsafe(
                path,
                f"élément « {name} » présent deux fois dans l'archive",
                f"entry '{name}' appears twice in the archive",
            )
        seen[name] = info
        if info.flag_bits & 0x1 or info.flag_bits & 0x40:
            raise _unsafe(
                path,
                f"élément chiffré « {name} » (document protégé par mot de passe ?)",
                f"encrypted entry '{name}' (password-protected document?)",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _unsafe(
                path,
                f"méthode de compression non prise en charge pour « {name} » ({info.compress_type})",
                f"unsupported compression method for '{name}' ({info.compress_type})",
            )
        size, packed = info.file_size, info.compress_size
        if size > limits.max_part_bytes:
            raise _too_large(
                path,
                f"élément « {name} » trop volumineux une fois décompressé ({_mb(size)}, limite {_mb(limits.max_part_bytes)})",
                f"entry '{name}' too large once decompressed ({_mb_en(size)}, limit {_mb_en(limits.max_part_bytes)})",
            )
        if size > limits.ratio_threshold and size > packed * limits.max_ratio:
            ratio = size / max(packed, 1)
            raise _too_large(
                path,
                f"élément « {name} » anormalement compressé (taux {ratio:.0f}, limite {limits.max_ratio:.0f}) : bombe de décompression ?",
                f"entry '{name}' abnormally compressed (ratio {ratio:.0f}, limit {limits.max_ratio:.0f}): decompression bomb?",
            )
        # Deflate never grows data by more than a few bytes per 16 KB block; a
        # compressed size far above the declared size means the header lies.
        incoherent = (
            packed != size
            if info.compress_type == zipfile.ZIP_STORED
            else packed > size + size // 100 + 1024
        )
        if incoherent:
            raise _unsafe(
                path,
                f"tailles incohérentes pour « {name} » ({packed} octets compressés, {size} déclarés) : en-tête falsifié ?",
                f"inconsistent sizes for '{name}' ({packed} compressed bytes, {size} declared): forged header?",
            )
        total += size
        if total > limits.max_total_bytes:
            raise _too_large(
                path,
                f"archive trop volumineuse une fois décompressée (plus de {_mb(limits.max_total_bytes)})",
                f"archive too large once decompressed (more than {_mb_en(limits.max_total_bytes)})",
            )
    return seen


def _expected_from_suffix(path: Path) -> Kind | None:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return "docx"
    if suffix == ".odt":
        return "odt"
    return None


# --------------------------------------------------------------------------- the package


class SafePackage:
    """A checked zip document (.docx or .odt), held in memory.

    Made by :func:`open_package`. ``path`` is the file, ``kind`` the document
    kind, ``digest`` the SHA-256 of the file's bytes (to detect duplicates in a
    batch), ``limits`` the bounds applied.
    """

    __slots__ = ("_archive", "_data", "_infos", "digest", "kind", "limits", "path")

    def __init__(
        self,
        *,
        path: Path,
        data: bytes,
        archive: zipfile.ZipFile,
        infos: dict[str, zipfile.ZipInfo],
        kind: Kind,
        limits: Limits,
    ) -> None:
        self.path = path
        self.kind: Kind = kind
        self.limits = limits
        self.digest = hashlib.sha256(data).hexdigest()
        self._data = data
        self._archive = archive
        self._infos = infos

    def __repr__(self) -> str:
        return (
            f"SafePackage({str(self.path)!r}, kind={self.kind!r}, digest={self.digest[:12]!r}...)"
        )

    @property
    def source(self) -> str:
        """The file name used in messages."""
        return str(self.path)

    def names(self) -> tuple[str, ...]:
        """The entry names, in archive order."""
        return tuple(self._infos)

    def has(self, name: str) -> bool:
        """Whether the package has an entry ``name``."""
        return name in self._infos

    def stream(self) -> io.BytesIO:
        """A fresh in-memory stream of the (checked) file's bytes."""
        return io.BytesIO(self._data)

    def read(self, name: str, *, max_bytes: int | None = None) -> bytes:
        """Read entry ``name``, decompressing at most its declared size (and the part limit).

        The bytes actually produced are counted while streaming, so a header
        lying about a size cannot make us inflate more; a corrupt entry (bad
        CRC, truncated data) raises :class:`NotADocumentError`.
        """
        info = self._infos.get(name)
        if info is None:
            raise _not_document(
                self.source,
                f"document incomplet : élément « {name} » absent",
                f"incomplete document: entry '{name}' missing",
            )
        cap = min(
            self.limits.max_part_bytes, max_bytes if max_bytes is not None else info.file_size
        )
        if info.file_size > cap:
            raise _too_large(
                self.source,
                f"élément « {name} » trop volumineux ({_mb(info.file_size)}, limite {_mb(cap)})",
                f"entry '{name}' too large ({_mb_en(info.file_size)}, limit {_mb_en(cap)})",
            )
        chunks: list[bytes] = []
        produced = 0
        try:
            with self._archive.open(info) as handle:
                while True:
                    chunk = handle.read(min(_CHUNK, cap - produced + 1))
                    if not chunk:
                        break
                    produced += len(chunk)
                    if produced > cap:
                        raise _too_large(
                            self.source,
                            f"élément « {name} » plus grand que sa taille déclarée",
                            f"entry '{name}' larger than its declared size",
                        )
                    chunks.append(chunk)
        except DocumentError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _not_document(
                self.source,
                f"élément « {name} » corrompu (détail technique : {exc})",
                f"entry '{name}' is corrupt ({exc})",
            ) from None
        except (RuntimeError, NotImplementedError) as exc:
            raise _unsafe(
                self.source,
                f"élément « {name} » illisible (détail technique : {exc})",
                f"entry '{name}' cannot be read ({exc})",
            ) from None
        return b"".join(chunks)

    def read_xml(self, name: str) -> bytes:
        """Read an XML entry after checking its prolog and its encoding.

        Refused: a DOCTYPE or any ``<!`` declaration (``<!ENTITY``...) before the
        root element (:class:`UnsafeDocumentError`); an encoding other than
        UTF-8 or UTF-16, or bytes invalid in it (:class:`NotADocumentError`).
        """
        data = self.read(name, max_bytes=self.limits.max_xml_part_bytes)
        encoding, start = _detect_encoding(data, self.source, name)
        _check_prolog(data, start, encoding, self.source, name)
        _check_decodes(data, encoding, self.source, name)
        return data

    def parse_xml(self, name: str) -> etree._Element:
        """Parse an XML entry safely with lxml (no entities, no network, no huge tree)."""
        return parse_xml_bytes(
            self.read_xml(name), source=self.source, part=name, limits=self.limits
        )


def _detect_encoding(data: bytes, source: str, part: str) -> tuple[str, int]:
    """Return the codec and the offset after the BOM, from the BOM and the XML declaration."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, start = "utf-8", 3
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, start = "utf-16", 0
    elif data.startswith(b"<\x00?\x00"):
        encoding, start = "utf-16-le", 0
    elif data.startswith(b"\x00<\x00?"):
        encoding, start = "utf-16-be", 0
    else:
        encoding, start = "utf-8", 0
    head = data[start : start + 400].decode(encoding, errors="replace")
    if encoding == "utf-16":
        head = head.lstrip("\ufeff")
    match = re.match(r"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", head)
    if match:
        declared = match.group(1).lower()
        if declared not in _SUPPORTED_ENCODINGS:
            raise _not_document(
                source,
                f"élément « {part} » : encodage « {match.group(1)} » non pris en charge (UTF-8 ou UTF-16 attendu)",
                f"entry '{part}': unsupported encoding '{match.group(1)}' (UTF-8 or UTF-16 expected)",
            )
        if declared.startswith("utf-16") and not encoding.startswith("utf-16"):
            raise _not_document(
                source,
                f"élément « {part} » : encodage UTF-16 déclaré mais absent",
                f"entry '{part}': UTF-16 declared but not used",
            )
    return encoding, start


def _check_prolog(data: bytes, start: int, encoding: str, source: str, part: str) -> None:
    """Scan what precedes the root element: declaration, comments, PIs, white space only."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(data[start : start + _PROLOG_SCAN_BYTES], final=False).lstrip("\ufeff")
    pos = 0
    end = len(text)
    while True:
        while pos < end and text[pos] in " \t\r\n":
            pos += 1
        if pos >= end:
            if len(data) - start > _PROLOG_SCAN_BYTES:
                raise _unsafe(
                    source,
                    f"élément « {part} » : prologue XML anormalement long",
                    f"entry '{part}': abnormally long XML prolog",
                )
            raise _not_document(
                source,
                f"élément « {part} » : aucun élément XML",
                f"entry '{part}': no XML element",
            )
        if text.startswith("<?", pos):
            close = text.find("?>", pos + 2)
            if close < 0:
                break  # malformed: the parser reports it
            pos = close + 2
        elif text.startswith("<!--", pos):
            close = text.find("-->", pos + 4)
            if close < 0:
                break
            pos = close + 3
        elif text.startswith("<!", pos):
            what = "DOCTYPE" if text[pos:].upper().startswith("<!DOCTYPE") else text[pos : pos + 9]
            raise _unsafe(
                source,
                f"élément « {part} » : déclaration « {what} » refusée (entités XML interdites)",
                f"entry '{part}': '{what}' declaration refused (XML entities are not allowed)",
            )
        else:
            break  # the root element, or garbage the parser will report


def _check_decodes(data: bytes, encoding: str, source: str, part: str) -> None:
    """Check that the whole part decodes, in chunks (bounded memory)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    try:
        for offset in range(0, len(data), _CHUNK):
            decoder.decode(data[offset : offset + _CHUNK], final=False)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        position = offset + exc.start
        raise _not_document(
            source,
            f"élément « {part} » : octets invalides en {encoding.upper()} à la position {position}",
            f"entry '{part}': invalid {encoding.upper()} bytes at offset {position}",
        ) from None


def parse_xml_bytes(
    data: bytes, *, source: str, part: str, limits: Limits = DEFAULT_LIMITS
) -> etree._Element:
    """Parse XML bytes already checked by :meth:`SafePackage.read_xml` (use that instead)."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (0, 0)
        message = str(exc.msg or exc).split(", line")[0]
        raise _not_document(
            source,
            f"élément « {part} » : XML mal formé ligne {line}, colonne {column} ({message})",
            f"entry '{part}': malformed XML at line {line}, column {column} ({message})",
        ) from None
    except (ValueError, etree.LxmlError) as exc:
        raise _not_document(
            source,
            f"élément « {part} » : XML illisible (détail technique : {exc})",
            f"entry '{part}': unreadable XML ({exc})",
        ) from None
    if _deeper_than(root, limits.max_xml_depth):
        depth = _depth(root)
        raise _too_large(
            source,
            f"élément « {part} » : XML trop profondément imbriqué ({depth} niveaux, limite {limits.max_xml_depth})",
            f"entry '{part}': XML nested too deeply ({depth} levels, limit {limits.max_xml_depth})",
        )
    return root


@functools.lru_cache(maxsize=8)
def _deeper_than_xpath(limit: int) -> Any:
    """A compiled XPath true when a node lies deeper than ``limit`` levels (root: 1).

    ``limit - 1`` element steps below the root, then any node but text (an
    element, a comment or a processing instruction: what iterating an lxml
    element yields), exactly as :func:`_depth` counts levels.
    """
    from lxml import etree

    steps = ["*"] * (limit - 1) + ["node()[not(self::text())]"]
    return etree.XPath("boolean(" + "/".join(steps) + ")")


def _deeper_than(root: etree._Element, limit: int) -> bool:
    """Whether ``_depth(root) > limit``, walked by libxml2's XPath engine instead of Python.

    The same bound as :func:`_depth` at a fraction of its cost: a Python walk
    over every element took about 30 % of a Word form import.
    """
    if limit < 1:
        return True
    return bool(_deeper_than_xpath(limit)(root))


def _depth(root: etree._Element) -> int:
    """The nesting depth below ``root`` (root: 1; comments and PIs count as a level)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in element)
    return deepest


# --------------------------------------------------------------------------- kinds


def _identify(archive: zipfile.ZipFile, infos: Mapping[str, zipfile.ZipInfo]) -> tuple[str, _Label]:
    """What a zip is: ``(short kind, label)`` from its mimetype or main part."""
    if "mimetype" in infos:
        info = infos["mimetype"]
        if info.file_size <= 200:
            try:
                value = archive.read(info).decode("ascii", "replace").strip()
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError):
                value = ""
            if value in _ODF_MIMETYPES:
                return _ODF_MIMETYPES[value]
            if value.startswith("application/vnd.oasis.opendocument."):
                return (
                    "odf",
                    (
                        "un document OpenDocument d'un autre type",
                        "another kind of OpenDocument file",
                    ),
                )
    if "[Content_Types].xml" in infos:
        for part, found in _OOXML_MAIN.items():
            if part in infos:
                return found
        return ("ooxml", ("un document Office d'un autre type", "another kind of Office document"))
    if "content.xml" in infos and "META-INF/manifest.xml" in infos:
        return (
            "odf",
            (
                "un document OpenDocument sans type déclaré",
                "an OpenDocument file without a declared type",
            ),
        )
    if "META-INF/MANIFEST.MF" in infos:
        return ("jar", ("une archive Java", "a Java archive"))
    return ("zip", ("une archive zip", "a zip archive"))


def _word_content_type(package: SafePackage) -> tuple[str, _Label]:
    """The kind of a Word package from ``[Content_Types].xml`` (.docx, .docm, .dotx...)."""
    root = package.parse_xml("[Content_Types].xml")
    for element in root:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.endswith("}Override") and element.get("PartName", "").lstrip("/") == DOCX_MAIN_PART:
            content_type = element.get("ContentType", "")
            if content_type in _WORD_CONTENT_TYPES:
                return _WORD_CONTENT_TYPES[content_type]
            return (
                "ooxml",
                ("un document Office d'un type inconnu", "an Office document of an unknown type"),
            )
    raise _not_document(
        package.source,
        f"document Word incomplet : type de « {DOCX_MAIN_PART} » non déclaré",
        f"incomplete Word document: no content type for '{DOCX_MAIN_PART}'",
    )


def _wrong_kind(path: str, actual: _Label, expected: Kind | None) -> WrongDocumentKindError:
    want = _EXPECTED[expected]
    return WrongDocumentKindError(
        path,
        {
            "fr": f"ce fichier est {actual[0]}, pas {want[0]}",
            "en": f"this file is {actual[1]}, not {want[1]}",
        },
    )


def open_package(
    path: str | Path, *, kind: Kind | None = None, limits: Limits = DEFAULT_LIMITS
) -> SafePackage:
    """Check a .docx or .odt file and return it as a :class:`SafePackage`.

    ``kind`` is the expected kind; by default it comes from the file's suffix
    (``.docx``, ``.odt``), and a file with another suffix may be either.
    Raises :class:`FileNotReadableError`, :class:`NotADocumentError`,
    :class:`WrongDocumentKindError`, :class:`UnsafeDocumentError` or
    :class:`DocumentTooLargeError`, always naming the file.
    """
    p = Path(path)
    return package_from_bytes(_read_file(p, limits), name=p, kind=kind, limits=limits)


def package_from_bytes(
    data: bytes, *, name: str | Path, kind: Kind | None = None, limits: Limits = DEFAULT_LIMITS
) -> SafePackage:
    """Check the bytes of a .docx or .odt document, as :func:`open_package` checks a file.

    ``name`` names the document in messages (and gives the expected kind by
    its suffix when ``kind`` is None). Raises what :func:`open_package` raises.
    """
    p = Path(name)
    source = str(p)
    expected = kind if kind is not None else _expected_from_suffix(p)
    want = _EXPECTED[expected]
    _check_file_size(source, data, limits)
    if not data:
        raise _not_document(source, f"fichier vide, pas {want[0]}", f"empty file, not {want[1]}")
    if not data.startswith(b"PK\x03\x04"):
        label = _describe_non_zip(data)
        raise _not_document(
            source,
            f"ce fichier est {label[0]}, pas {want[0]}",
            f"this file is {label[1]}, not {want[1]}",
        )
    _central_directory_entries(data, source, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        struct.error,
        NotImplementedError,  # an entry needing a later zip version than zipfile knows
    ) as exc:
        raise _not_document(
            source,
            "archive zip tronquée ou corrompue : le fichier est incomplet ou abîmé "
            "(renvoyez-le, ou demandez à la personne de l'enregistrer à nouveau)",
            f"truncated or corrupt zip archive ({exc}): incomplete file?",
        ) from None
    infos = _check_entries(source, archive, limits)
    short, label = _identify(archive, infos)
    if short not in ("docx", "odt") or (expected is not None and short != expected):
        raise _wrong_kind(source, label, expected)
    package = SafePackage(
        path=p, data=data, archive=archive, infos=infos, kind=cast(Kind, short), limits=limits
    )
    if short == "docx":
        for required in ("_rels/.rels", DOCX_MAIN_PART):
            if required not in infos:
                package.read(required)  # raises: incomplete document
        word_kind, word_label = _word_content_type(package)
        if word_kind != "docx":
            raise _wrong_kind(source, word_label, expected)
    else:
        for required in ("content.xml", "META-INF/manifest.xml"):
            if required not in infos:
                package.read(required)
    return package


def sniff_kind(path: str | Path) -> Kind | None:
    """Return ``"docx"`` or ``"odt"`` from a file's content (not its name), else None.

    Meant for dispatching a batch: it looks only at what the file is (a broken
    or hostile .docx is still ``"docx"``), never raises, and leaves the checks
    to :func:`open_package`, which the importer then calls.
    """
    p = Path(path)
    try:
        data = _read_file(p, DEFAULT_LIMITS)
        if not data.startswith(b"PK\x03\x04"):
            return None
        _central_directory_entries(data, str(p), DEFAULT_LIMITS)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            short, _label = _identify(archive, {info.filename: info for info in archive.infolist()})
    except (
        DocumentError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        struct.error,
        NotImplementedError,  # an entry needing a later zip version than zipfile knows
        RuntimeError,  # an encrypted entry
    ):
        return None
    if short == "docx":
        return "docx"
    if short == "odt":
        return "odt"
    return None


# --------------------------------------------------------------------------- libraries


def _xml_parts(package: SafePackage) -> tuple[str, ...]:
    return tuple(
        name
        for name in package.names()
        if name.endswith((".xml", ".rels")) and not name.endswith("/")
    )


def _library_failure(package: SafePackage, library: str, exc: BaseException) -> NotADocumentError:
    detail = str(exc).replace(str(package.path), "…")[:200]
    return _not_document(
        package.source,
        f"document illisible par {library} ({type(exc).__name__} : {detail})",
        f"{library} cannot read the document ({type(exc).__name__}: {detail})",
    )


def safe_docx(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Open a .docx with python-docx after every check; return a ``docx.Document``.

    Every XML part is checked by :meth:`SafePackage.read_xml` first (prolog,
    encoding, integrity); python-docx then reads the checked bytes from memory.
    """
    package = open_package(path, kind="docx", limits=limits)
    return docx_from_package(package)


def docx_from_package(package: SafePackage) -> Any:
    """A ``docx.Document`` from an already opened :class:`SafePackage`."""
    if package.kind != "docx":
        raise _wrong_kind(package.source, _EXPECTED[package.kind], "docx")
    for name in _xml_parts(package):
        package.read_xml(name)
    import docx

    try:
        return docx.Document(package.stream())
    except MemoryError:
        raise
    except Exception as exc:
        raise _library_failure(package, "python-docx", exc) from None


def safe_odt(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Open a .odt with odfpy after every check; return an odfpy ``OpenDocument``.

    ``content.xml``, ``styles.xml``, ``meta.xml``, ``settings.xml`` and the
    manifest are parsed by us first: odfpy swallows XML errors (returning a
    truncated document) and prints the whole part to stdout. Whatever odfpy
    would print is a failure instead, and nothing reaches stdout;
    ``sys.stdout`` is never replaced, so other threads print as usual
    (:mod:`conseils_citoyens.documents._odfpy`). Thread-safe.
    """
    package = open_package(path, kind="odt", limits=limits)
    return odt_from_package(package)


def odt_from_package(package: SafePackage) -> Any:
    """An odfpy ``OpenDocument`` from an already opened :class:`SafePackage`."""
    if package.kind != "odt":
        raise _wrong_kind(package.source, _EXPECTED[package.kind], "odt")
    for name in _xml_parts(package):
        package.read_xml(name)
    for name in ("META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml", "settings.xml"):
        if package.has(name):
            package.parse_xml(name)
    from conseils_citoyens.documents._odfpy import OdfpyPrinted, load_quietly

    try:
        document = load_quietly(package.stream())
    except MemoryError:
        raise
    except OdfpyPrinted:
        raise _not_document(
            package.source,
            "document illisible par odfpy (XML refusé)",
            "odfpy cannot read the document (XML refused)",
        ) from None
    except Exception as exc:
        raise _library_failure(package, "odfpy", exc) from None
    return document


__all__ = [
    "DEFAULT_LIMITS",
    "DOCX_MAIN_PART",
    "ODT_MIMETYPE",
    "Kind",
    "Limits",
    "SafePackage",
    "clamp_text",
    "docx_from_package",
    "odt_from_package",
    "open_package",
    "package_from_bytes",
    "parse_xml_bytes",
    "safe_docx",
    "safe_odt",
    "sniff_kind",
]
