"""Build the hostile-document corpus used by ``tests/test_safety.py``.

Nothing binary is committed: every file is generated here, at test time, into
a temporary directory. Valid documents are made with python-docx and odfpy,
and every hostile variant is derived from them (rewritten zip entries, patched
zip headers, XML with DTDs...).

Run it by hand to look at the files::

    uv run python tests/data/hostile/make_corpus.py /tmp/corpus
"""

from __future__ import annotations

import io
import re
import struct
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

MARKER = "MARQUEUR-DU-CORPUS"
"""Text of the single paragraph of the valid documents (replaced by hostile variants)."""

MB = 1024 * 1024


# --------------------------------------------------------------------------- valid documents


def valid_docx_bytes(text: str = MARKER) -> bytes:
    """A minimal valid .docx made by python-docx, with one paragraph."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def valid_odt_bytes(text: str = MARKER) -> bytes:
    """A minimal valid .odt made by odfpy, with one paragraph."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def valid_xlsx_bytes() -> bytes:
    """A minimal .xlsx-shaped package (enough to be recognised as an Excel workbook)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
    return buffer.getvalue()


# --------------------------------------------------------------------------- zip surgery


def rewrite_zip(
    data: bytes,
    *,
    replace: Mapping[str, bytes] | None = None,
    add: Iterable[tuple[str, bytes]] = (),
    drop: Iterable[str] = (),
) -> bytes:
    """Copy a zip, replacing, dropping and adding entries (order and compression kept)."""
    replace = dict(replace or {})
    dropped = set(drop)
    buffer = io.BytesIO()
    with (
        warnings.catch_warnings(),
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are a hostile case
        for info in source.infolist():
            if info.filename in dropped:
                continue
            content = replace.pop(info.filename, None)
            if content is None:
                content = source.read(info)
            target.writestr(info, content, compress_type=info.compress_type)
        for name, content in [*replace.items(), *add]:
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def replace_in_part(data: bytes, part: str, old: str, new: str, *, prolog: str = "") -> bytes:
    """Replace ``old`` by ``new`` in an XML part, optionally inserting ``prolog`` after its XML declaration."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part).decode("utf-8")
    assert old in xml, (part, old)
    xml = xml.replace(old, new)
    if prolog:
        end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
        xml = xml[:end] + prolog + xml[end:]
    return rewrite_zip(data, replace={part: xml.encode("utf-8")})


def patch_entry(
    data: bytes,
    name: str,
    *,
    flag_or: int = 0,
    file_size: int | None = None,
    name_bytes: bytes | None = None,
) -> bytes:
    """Patch the local and central headers of entry ``name`` (flags, declared size, raw name).

    ``name_bytes`` must have the same length as the encoded name.
    """
    out = bytearray(data)
    encoded = name.encode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        start_dir = archive.start_dir
    # Local header.
    local = info.header_offset
    assert out[local : local + 4] == b"PK\x03\x04"
    if flag_or:
        (flags,) = struct.unpack_from("<H", out, local + 6)
        struct.pack_into("<H", out, local + 6, flags | flag_or)
    if file_size is not None:
        struct.pack_into("<I", out, local + 22, file_size)
    if name_bytes is not None:
        assert len(name_bytes) == len(encoded)
        out[local + 30 : local + 30 + len(encoded)] = name_bytes
    # Central directory.
    pos = start_dir
    while out[pos : pos + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", out, pos + 28)
        if bytes(out[pos + 46 : pos + 46 + n]) == encoded:
            if flag_or:
                (flags,) = struct.unpack_from("<H", out, pos + 8)
                struct.pack_into("<H", out, pos + 8, flags | flag_or)
            if file_size is not None:
                struct.pack_into("<I", out, pos + 24, file_size)
            if name_bytes is not None:
                out[pos + 46 : pos + 46 + n] = name_bytes
            break
        pos += 46 + n + m + k
    else:
        raise AssertionError(f"{name} not in the central directory")
    return bytes(out)


def hidden_records(
    data: bytes,
    count: int,
    *,
    last_comment: bytes = b"",
    later_name: bytes = b"x",
    trailing: bytes = b"",
) -> bytes:
    """Append ``count`` central-directory records to a valid zip, with tricks at the end.

    ``last_comment`` ends the last record (where a fake zip64 locator hides:
    it sits exactly before the end record); ``later_name`` is the name of the
    added records (bytes a naive search may take for a structure);
    ``trailing`` follows the end record (past its declared comment).
    """
    eocd = data.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", data, eocd + 12)
    local, directory = data[:cd_offset], data[cd_offset : cd_offset + cd_size]

    def record(name: bytes, comment: bytes = b"") -> bytes:
        head = struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0,
            len(name), 0, len(comment), 0, 0, 0, 0,
        )  # fmt: skip
        return head + name + comment

    added = record(later_name) * (count - 1) + record(later_name, last_comment) if count else b""
    whole = directory + added
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(whole), len(local), 0)
    return local + whole + end + trailing


def fake_zip64_locator() -> bytes:
    """20 bytes that look like a zip64 end-of-central-directory locator (no record before it)."""
    return b"PK\x06\x07" + struct.pack("<IQI", 0, 0, 1)


def padded_part(data: bytes, part: str, size: int) -> bytes:
    """Pad XML part ``part`` with spaces up to ``size`` bytes (legal after the root element).

    The padding is deflated at level 9 and written in chunks (bounded memory):
    a part the libraries really read, expanding about 1000 times.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        original = archive.read(part)
    buffer = io.BytesIO(rewrite_zip(data, drop=[part]))
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(part, "w", force_zip64=False) as handle,
    ):
        handle.write(original)
        chunk = b" " * MB
        left = size - len(original)
        while left > 0:
            step = min(left, len(chunk))
            handle.write(chunk[:step])
            left -= step
    return buffer.getvalue()


# --------------------------------------------------------------------------- XML payloads

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
"""The classic: 10^9 'lol' from nine nested entities (about 3 GB once expanded)."""


def quadratic_doctype(size: int = 50_000) -> str:
    """One large entity, referenced many times: quadratic blow-up without nesting."""
    return f'<!DOCTYPE q [<!ENTITY a "{"x" * size}">]>'


def xxe_doctype(secret: Path) -> str:
    """An external entity pointing at a local file."""
    return f'<!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.resolve().as_uri()}">]>'


# --------------------------------------------------------------------------- the corpus

Builder = Callable[[], bytes]


def corpus_builders(
    secret: Path, *, docx: bytes | None = None, odt: bytes | None = None
) -> dict[str, tuple[str, Builder]]:
    """Map a case name to ``(file name, builder)``.

    Every hostile variant is derived from a valid .docx and .odt whose main
    XML part contains :data:`MARKER` once: by default the minimal documents
    above; pass ``docx``/``odt`` (e.g. filled forms with the marker as a text
    answer) to put the same attacks inside real forms.
    """
    docx_bytes = valid_docx_bytes() if docx is None else docx
    odt_bytes = valid_odt_bytes() if odt is None else odt

    def docx_xml(new: str, prolog: str = "") -> Builder:
        return lambda: replace_in_part(docx_bytes, "word/document.xml", MARKER, new, prolog=prolog)

    def odt_xml(new: str, prolog: str = "") -> Builder:
        return lambda: replace_in_part(odt_bytes, "content.xml", MARKER, new, prolog=prolog)

    def docx_document_raw(transform: Callable[[bytes], bytes]) -> Builder:
        def build() -> bytes:
            with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
                xml = archive.read("word/document.xml")
            return rewrite_zip(docx_bytes, replace={"word/document.xml": transform(xml)})

        return build

    def latin1(xml: bytes) -> bytes:
        text = re.sub(
            r"encoding=[\"'][^\"']+[\"']", 'encoding="ISO-8859-1"', xml.decode("utf-8"), count=1
        )
        # Characters beyond Latin-1 (the forms' ☐) become character references.
        return text.replace(MARKER, "Élu délégué").encode("latin-1", "xmlcharrefreplace")

    def invalid_utf8(xml: bytes) -> bytes:
        return xml.replace(MARKER.encode(), b"caf\xe9 \xff\xfe")

    def deep(xml: bytes) -> bytes:
        nested = "<w:r>" * 5000 + "</w:r>" * 5000
        return xml.replace(MARKER.encode(), nested.encode())

    def many_entries() -> bytes:
        return rewrite_zip(docx_bytes, add=[(f"word/media/x{i}.bin", b"") for i in range(3000)])

    def lying_size() -> bytes:
        # 20 MB of XML declared as 1 MB: under every declared bound, the truth is a bomb.
        bombed = padded_part(docx_bytes, "word/document.xml", 20 * MB)
        return patch_entry(bombed, "word/document.xml", file_size=1 * MB)

    def incoherent_size() -> bytes:
        # 40 MB of XML (about 40 KB compressed) declared as 1000 bytes.
        bombed = padded_part(docx_bytes, "word/document.xml", 40 * MB)
        return patch_entry(bombed, "word/document.xml", file_size=1000)

    def nul_name() -> bytes:
        added = rewrite_zip(docx_bytes, add=[("word/evilX.xml", b"<x/>")])
        return patch_entry(added, "word/evilX.xml", name_bytes=b"word/evil\x00.xml")

    def mimetype(value: bytes) -> Builder:
        return lambda: rewrite_zip(odt_bytes, replace={"mimetype": value})

    return {
        "valid_docx": ("valide.docx", lambda: docx_bytes),
        "valid_odt": ("valide.odt", lambda: odt_bytes),
        "xxe_docx": ("xxe.docx", docx_xml("&xxe;", xxe_doctype(secret))),
        "xxe_odt": ("xxe.odt", odt_xml("&xxe;", xxe_doctype(secret))),
        "billion_laughs_docx": ("milliard.docx", docx_xml("&lol9;", BILLION_LAUGHS)),
        "billion_laughs_odt": ("milliard.odt", odt_xml("&lol9;", BILLION_LAUGHS)),
        "quadratic_docx": ("quadratique.docx", docx_xml("&a;" * 50_000, quadratic_doctype())),
        "quadratic_odt": ("quadratique.odt", odt_xml("&a;" * 50_000, quadratic_doctype())),
        "entity_in_comment_prolog_docx": (
            "entite-apres-commentaire.docx",
            docx_xml("&e;", '<!-- commentaire --><?pi x?><!DOCTYPE d [<!ENTITY e "x">]>'),
        ),
        "undefined_entity_docx": ("entite-non-definie.docx", docx_xml("avant &nbsp; après")),
        "bomb_ratio_docx": (
            "bombe-ratio.docx",
            lambda: padded_part(docx_bytes, "word/document.xml", 8 * MB),
        ),
        "bomb_big_docx": (
            "bombe.docx",
            lambda: padded_part(docx_bytes, "word/document.xml", 150 * MB),
        ),
        "bomb_odt": ("bombe.odt", lambda: padded_part(odt_bytes, "content.xml", 150 * MB)),
        "bomb_image_docx": (
            "bombe-image.docx",
            lambda: padded_part(
                rewrite_zip(docx_bytes, add=[("word/media/image1.png", b"")]),
                "word/media/image1.png",
                150 * MB,
            ),
        ),
        "many_entries_docx": ("entrees.docx", many_entries),
        "fake_zip64_locator_docx": (
            "zip64-factice.docx",
            lambda: hidden_records(docx_bytes, 3000, last_comment=fake_zip64_locator()),
        ),
        "zip64_signature_in_a_name_docx": (
            "zip64-dans-un-nom.docx",
            lambda: hidden_records(
                docx_bytes,
                3000,
                last_comment=fake_zip64_locator(),
                later_name=b"PK\x06\x06" + b"\x00" * 52,
            ),
        ),
        "trailing_bytes_docx": (
            "octets-en-trop.docx",
            lambda: hidden_records(docx_bytes, 0, trailing=b"PK\x01\x02" * 10),
        ),
        "truncated_docx": ("tronque.docx", lambda: docx_bytes[: len(docx_bytes) // 2]),
        "truncated_odt": ("tronque.odt", lambda: odt_bytes[: len(odt_bytes) - 30]),
        "pdf_as_docx": (
            "rapport.docx",
            lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n",
        ),
        "docx_as_odt": ("formulaire.odt", lambda: docx_bytes),
        "odt_as_docx": ("formulaire.docx", lambda: odt_bytes),
        "xlsx": ("classeur.xlsx", valid_xlsx_bytes),
        "xlsx_as_docx": ("classeur.docx", valid_xlsx_bytes),
        "ods_as_odt": ("classeur.odt", mimetype(b"application/vnd.oasis.opendocument.spreadsheet")),
        "empty_docx": ("vide.docx", lambda: b""),
        "latin1_docx": ("latin1.docx", docx_document_raw(latin1)),
        "invalid_utf8_docx": ("utf8-invalide.docx", docx_document_raw(invalid_utf8)),
        "deep_docx": ("profond.docx", docx_document_raw(deep)),
        "malformed_odt": ("mal-forme.odt", odt_xml("<text:span>non fermé")),
        "traversal_docx": (
            "chemin.docx",
            lambda: rewrite_zip(docx_bytes, add=[("../../evil.txt", b"x")]),
        ),
        "absolute_docx": (
            "absolu.docx",
            lambda: rewrite_zip(docx_bytes, add=[("/etc/evil.txt", b"x")]),
        ),
        "backslash_docx": (
            "antislash.docx",
            lambda: rewrite_zip(docx_bytes, add=[("..\\evil.txt", b"x")]),
        ),
        "nul_name_docx": ("nul.docx", nul_name),
        "duplicate_docx": (
            "doublon.docx",
            lambda: rewrite_zip(docx_bytes, add=[("word/document.xml", b"<autre/>")]),
        ),
        "huge_answer_docx": ("reponse-enorme.docx", docx_xml("é" * 100_000)),
        "encrypted_docx": (
            "chiffre.docx",
            lambda: patch_entry(docx_bytes, "word/document.xml", flag_or=0x1),
        ),
        "lying_size_docx": ("taille-mensongere.docx", lying_size),
        "incoherent_size_docx": ("taille-incoherente.docx", incoherent_size),
        "bzip2_docx": (
            "bzip2.docx",
            lambda: _recompress(docx_bytes, "word/document.xml", zipfile.ZIP_BZIP2),
        ),
    }


def _recompress(data: bytes, name: str, method: int) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            chosen = method if info.filename == name else info.compress_type
            target.writestr(info.filename, content, compress_type=chosen)
    return buffer.getvalue()


def make_corpus(
    directory: Path,
    names: Iterable[str] | None = None,
    *,
    docx: bytes | None = None,
    odt: bytes | None = None,
) -> dict[str, Path]:
    """Write the corpus (or only the cases in ``names``) into ``directory``.

    ``docx``/``odt``: the valid documents to derive the variants from (see
    :func:`corpus_builders`).
    """
    directory.mkdir(parents=True, exist_ok=True)
    secret = directory / "secret.txt"
    secret.write_text("SECRET-LOCAL-FILE-CONTENT\n", encoding="utf-8")
    builders = corpus_builders(secret, docx=docx, odt=odt)
    wanted = list(builders) if names is None else list(names)
    paths: dict[str, Path] = {}
    for case in wanted:
        file_name, build = builders[case]
        target = directory / case / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build())
        paths[case] = target
    return paths


assert zlib  # used by zipfile for ZIP_DEFLATED; imported to fail early when absent

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for case, path in make_corpus(out).items():
        print(f"{case:32} {path.stat().st_size:>10} {path}")
