"""Read the parts of an .odt package safely (lxml, no DTD, no entities, bounded zip).

Kept small on purpose: the shared safe reader (``conseils_citoyens.safety``)
replaces :func:`read_parts` when it lands.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, Final

from conseils_citoyens.errors import (
    DocumentTooLargeError,
    FileNotReadableError,
    NotADocumentError,
    UnsafeDocumentError,
    WrongDocumentKindError,
)

ODT_MEDIA_TYPE: Final = "application/vnd.oasis.opendocument.text"
MAX_ENTRIES: Final = 5000
MAX_PART_BYTES: Final = 64 * 1024 * 1024
MAX_TOTAL_BYTES: Final = 256 * 1024 * 1024
MAX_RATIO: Final = 200
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _check_zip(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise DocumentTooLargeError(
            path,
            {"fr": f"trop d'éléments ({len(infos)})", "en": f"too many entries ({len(infos)})"},
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeDocumentError(path, {"fr": "document chiffré", "en": "encrypted document"})
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > MAX_PART_BYTES
            or total > MAX_TOTAL_BYTES
            or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO)
        ):
            raise DocumentTooLargeError(
                path,
                {
                    "fr": f"contenu décompressé trop volumineux ({info.filename})",
                    "en": f"decompressed content too large ({info.filename})",
                },
            )


def parse_xml(path: Path, name: str, data: bytes) -> Any:
    """Parse one XML part with lxml, refusing any DOCTYPE (no entities, no network)."""
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]  # no stubs installed

    if _DOCTYPE.search(data[:4096]) or b"<!ENTITY" in data:
        raise UnsafeDocumentError(
            path,
            {
                "fr": f"{name} déclare un DOCTYPE ou des entités (refusé)",
                "en": f"{name} declares a DOCTYPE or entities (refused)",
            },
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise NotADocumentError(
            path,
            {
                "fr": f"{name} n'est pas du XML valide ({error.msg})",
                "en": f"{name} is not valid XML ({error.msg})",
            },
        ) from None


def read_parts(path: str | Path, names: tuple[str, ...]) -> dict[str, bytes]:
    """Return the named parts of an .odt package (missing optional parts are absent).

    Raises a :class:`~conseils_citoyens.errors.DocumentError` naming the file
    when it is missing, not a zip, not an OpenDocument text, or unsafe.
    """
    target = Path(path)
    if not target.is_file():
        raise FileNotReadableError(
            target, {"fr": "fichier introuvable ou illisible", "en": "file missing or unreadable"}
        )
    try:
        with zipfile.ZipFile(target) as archive:
            _check_zip(target, archive)
            present = set(archive.namelist())
            try:
                mimetype = archive.read("mimetype").strip() if "mimetype" in present else b""
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError) as error:
                raise NotADocumentError(
                    target,
                    {"fr": f"archive corrompue ({error})", "en": f"corrupt archive ({error})"},
                ) from None
            if mimetype != ODT_MEDIA_TYPE.encode():
                shown = mimetype.decode("ascii", "replace")[:80] or "?"
                raise WrongDocumentKindError(
                    target,
                    {
                        "fr": f"ce n'est pas un texte OpenDocument (.odt) (type : {shown})",
                        "en": f"not an OpenDocument text (.odt) (type: {shown})",
                    },
                )
            parts: dict[str, bytes] = {}
            for name in names:
                if name in present:
                    parts[name] = archive.read(name)
    except zipfile.BadZipFile:
        raise NotADocumentError(
            target,
            {
                "fr": "ce n'est pas un document OpenDocument (.odt) : archive zip illisible",
                "en": "not an OpenDocument (.odt) file: unreadable zip archive",
            },
        ) from None
    except (zlib.error, OSError, ValueError, NotImplementedError, EOFError) as error:
        raise NotADocumentError(
            target, {"fr": f"archive corrompue ({error})", "en": f"corrupt archive ({error})"}
        ) from None
    if "content.xml" in names and "content.xml" not in parts:
        raise NotADocumentError(
            target,
            {"fr": "content.xml absent de l'archive", "en": "content.xml missing from the archive"},
        )
    return parts


__all__ = ["ODT_MEDIA_TYPE", "parse_xml", "read_parts"]
