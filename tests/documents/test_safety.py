"""The safe document reader: every hostile file yields the right library error, bounded."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conseils_citoyens.documents import safety
from conseils_citoyens.documents.safety import DEFAULT_LIMITS, Limits, clamp_text, open_package
from conseils_citoyens.errors import (
    DocumentError,
    DocumentTooLargeError,
    FileNotReadableError,
    NotADocumentError,
    UnsafeDocumentError,
    WrongDocumentKindError,
)

CORPUS_SCRIPT = Path(__file__).resolve().parents[1] / "data" / "hostile" / "make_corpus.py"


def _load_corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_corpus", CORPUS_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


corpus_module = _load_corpus_module()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile corpus, generated once per session (nothing binary is committed)."""
    paths: dict[str, Path] = corpus_module.make_corpus(tmp_path_factory.mktemp("hostile"))
    return paths


# case -> (error class, words expected in the French message)
HOSTILE: dict[str, tuple[type[DocumentError], str]] = {
    "xxe_docx": (UnsafeDocumentError, "DOCTYPE"),
    "xxe_odt": (UnsafeDocumentError, "DOCTYPE"),
    "billion_laughs_docx": (UnsafeDocumentError, "DOCTYPE"),
    "billion_laughs_odt": (UnsafeDocumentError, "DOCTYPE"),
    "quadratic_docx": (UnsafeDocumentError, "DOCTYPE"),
    "quadratic_odt": (UnsafeDocumentError, "DOCTYPE"),
    "entity_in_comment_prolog_docx": (UnsafeDocumentError, "DOCTYPE"),
    "undefined_entity_docx": (NotADocumentError, "nbsp"),
    "bomb_ratio_docx": (DocumentTooLargeError, "bombe de décompression"),
    "bomb_big_docx": (DocumentTooLargeError, "trop volumineux une fois décompressé"),
    "bomb_image_docx": (DocumentTooLargeError, "word/media/image1.png"),
    "bomb_odt": (DocumentTooLargeError, "content.xml"),
    "many_entries_docx": (DocumentTooLargeError, "trop d'éléments"),
    "fake_zip64_locator_docx": (UnsafeDocumentError, "fin d'archive zip64 incohérente"),
    "zip64_signature_in_a_name_docx": (UnsafeDocumentError, "fin d'archive zip64 incohérente"),
    "trailing_bytes_docx": (NotADocumentError, "la fin d'archive n'est pas à la fin du fichier"),
    "truncated_docx": (NotADocumentError, "tronquée ou corrompue"),
    "truncated_odt": (NotADocumentError, "tronquée ou corrompue"),
    "pdf_as_docx": (NotADocumentError, "ce fichier est un PDF, pas un document Word (.docx)"),
    "docx_as_odt": (
        WrongDocumentKindError,
        "ce fichier est un document Word (.docx), pas un document OpenDocument (.odt)",
    ),
    "odt_as_docx": (
        WrongDocumentKindError,
        "ce fichier est un document OpenDocument (.odt), pas un document Word (.docx)",
    ),
    "xlsx": (WrongDocumentKindError, "classeur Excel (.xlsx)"),
    "xlsx_as_docx": (
        WrongDocumentKindError,
        "ce fichier est un classeur Excel (.xlsx), pas un document Word (.docx)",
    ),
    "ods_as_odt": (WrongDocumentKindError, "classeur OpenDocument (.ods)"),
    "empty_docx": (NotADocumentError, "fichier vide"),
    "latin1_docx": (NotADocumentError, "encodage « ISO-8859-1 » non pris en charge"),
    "invalid_utf8_docx": (NotADocumentError, "octets invalides en UTF-8 à la position"),
    "deep_docx": (NotADocumentError, "depth"),
    "malformed_odt": (NotADocumentError, "XML mal formé ligne 2"),
    "traversal_docx": (UnsafeDocumentError, "« ../../evil.txt »"),
    "absolute_docx": (UnsafeDocumentError, "chemin absolu"),
    "backslash_docx": (UnsafeDocumentError, "barre oblique inversée"),
    "nul_name_docx": (UnsafeDocumentError, "caractère de contrôle"),
    "duplicate_docx": (UnsafeDocumentError, "présent deux fois"),
    "encrypted_docx": (UnsafeDocumentError, "chiffré"),
    "lying_size_docx": (NotADocumentError, "corrompu"),
    "incoherent_size_docx": (UnsafeDocumentError, "tailles incohérentes"),
    "bzip2_docx": (UnsafeDocumentError, "méthode de compression"),
}


def _open_like_an_importer(path: Path) -> object:
    if path.suffix == ".docx":
        return safety.safe_docx(path)
    if path.suffix == ".odt":
        return safety.safe_odt(path)
    return open_package(path)


def test_the_corpus_covers_every_case() -> None:
    builders = corpus_module.corpus_builders(Path("secret.txt"))
    assert set(builders) == {*HOSTILE, "valid_docx", "valid_odt", "huge_answer_docx"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_yields_the_right_error_with_bounded_memory(
    case: str, corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    error, words = HOSTILE[case]
    path = corpus[case]
    tracemalloc.start()
    try:
        with pytest.raises(error) as caught:
            _open_like_an_importer(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert type(caught.value) is error
    assert peak < 100 * 1024 * 1024
    message = caught.value.message_in("fr")
    assert message.startswith(f"{path} : ")
    assert words in message
    english = caught.value.message_in("en")
    assert english.startswith(f"{path}: ")
    assert english != message
    assert "SECRET-LOCAL-FILE-CONTENT" not in message + english
    assert capsys.readouterr().out == ""  # odfpy never prints the document


def test_hostile_corpus_stays_under_a_memory_bound_in_a_fresh_process(
    corpus: dict[str, Path],
) -> None:
    """C allocations (zlib, libxml2) are invisible to tracemalloc: measure the whole process.

    The bombs expand to 150 MB; the peak resident size may not grow by more
    than 100 MB on any one file (the first file also pays for loading
    python-docx, lxml and odfpy, so they are imported before measuring).
    """
    script = (
        "import json, resource, sys\n"
        "import docx, lxml.etree, odf.opendocument\n"
        "from conseils_citoyens.documents import safety\n"
        "from conseils_citoyens.errors import DocumentError\n"
        "def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "caught, growth = 0, []\n"
        "for path in json.loads(sys.argv[1]):\n"
        "    before = rss()\n"
        "    try:\n"
        "        (safety.safe_docx if path.endswith('.docx') else safety.safe_odt)(path)\n"
        "    except DocumentError:\n"
        "        caught += 1\n"
        "    growth.append([path, rss() - before])\n"
        "print(json.dumps({'caught': caught, 'growth': growth}))\n"
    )
    paths = [str(corpus[case]) for case in HOSTILE if corpus[case].suffix in (".docx", ".odt")]
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["caught"] == len(paths)
    worst = max(result["growth"], key=lambda item: item[1])
    assert worst[1] < 100 * 1024, f"{worst[0]} grew the process by {worst[1] // 1024} MB"


def test_valid_documents_open(corpus: dict[str, Path]) -> None:
    document = safety.safe_docx(corpus["valid_docx"])
    assert [p.text for p in document.paragraphs] == [corpus_module.MARKER]

    from odf import teletype
    from odf import text as odf_text

    odt = safety.safe_odt(corpus["valid_odt"])
    paragraphs = [teletype.extractText(p) for p in odt.getElementsByType(odf_text.P)]
    assert paragraphs == [corpus_module.MARKER]


def test_package_api(corpus: dict[str, Path], tmp_path: Path) -> None:
    path = corpus["valid_docx"]
    package = open_package(path)
    assert package.kind == "docx"
    assert package.limits is DEFAULT_LIMITS
    assert package.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    copy = tmp_path / "copie.docx"
    shutil.copyfile(path, copy)
    assert open_package(copy).digest == package.digest
    assert "word/document.xml" in package.names()
    assert package.read_xml("word/document.xml").startswith(b"<?xml")
    root = package.parse_xml("word/document.xml")
    assert root.tag.endswith("}document")
    with pytest.raises(NotADocumentError, match=r"élément « word/absent\.xml » absent"):
        package.read("word/absent.xml")
    with pytest.raises(DocumentTooLargeError):
        package.read("word/document.xml", max_bytes=10)
    assert package.stream().read() == path.read_bytes()


def test_kind_comes_from_the_suffix_or_the_content(corpus: dict[str, Path], tmp_path: Path) -> None:
    odd = tmp_path / "formulaire.bin"
    shutil.copyfile(corpus["valid_odt"], odd)
    assert open_package(odd).kind == "odt"
    with pytest.raises(WrongDocumentKindError, match=r"pas un document Word \(\.docx\)"):
        open_package(odd, kind="docx")
    with pytest.raises(WrongDocumentKindError):
        safety.safe_docx(odd)


def test_sniff_kind_looks_at_the_content(corpus: dict[str, Path], tmp_path: Path) -> None:
    assert safety.sniff_kind(corpus["valid_docx"]) == "docx"
    assert safety.sniff_kind(corpus["valid_odt"]) == "odt"
    assert safety.sniff_kind(corpus["odt_as_docx"]) == "odt"
    assert safety.sniff_kind(corpus["docx_as_odt"]) == "docx"
    assert (
        safety.sniff_kind(corpus["xxe_docx"]) == "docx"
    )  # hostile, but a .docx: its importer reports it
    for case in ("pdf_as_docx", "empty_docx", "xlsx", "ods_as_odt", "truncated_docx"):
        assert safety.sniff_kind(corpus[case]) is None
    assert safety.sniff_kind(tmp_path / "absent.docx") is None
    assert safety.sniff_kind(tmp_path) is None


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(FileNotReadableError, match="fichier introuvable"):
        open_package(tmp_path / "absent.docx")
    with pytest.raises(FileNotReadableError, match="n'est pas un fichier"):
        open_package(tmp_path)


@pytest.mark.parametrize(
    ("limits", "error", "words"),
    [
        (Limits(max_file_bytes=1000), DocumentTooLargeError, "fichier trop volumineux"),
        (Limits(max_entries=5), DocumentTooLargeError, "trop d'éléments"),
        (
            Limits(max_part_bytes=1000),
            DocumentTooLargeError,
            "trop volumineux une fois décompressé",
        ),
        (Limits(max_total_bytes=10_000), DocumentTooLargeError, "archive trop volumineuse"),
        (
            Limits(max_ratio=2, ratio_threshold=1000),
            DocumentTooLargeError,
            "anormalement compressé",
        ),
    ],
)
def test_limits_are_configurable(
    corpus: dict[str, Path], limits: Limits, error: type[DocumentError], words: str
) -> None:
    open_package(corpus["valid_docx"])
    with pytest.raises(error, match=words):
        open_package(corpus["valid_docx"], limits=limits)


def test_xml_depth_limit(corpus: dict[str, Path]) -> None:
    package = open_package(corpus["valid_docx"], limits=Limits(max_xml_depth=3))
    with pytest.raises(DocumentTooLargeError, match="trop profondément imbriqué"):
        package.parse_xml("word/document.xml")


def _nested(depth: int, leaf: str = "") -> bytes:
    return ("<a>" * (depth - 1) + f"<b>{leaf}</b>" + "</a>" * (depth - 1)).encode()


@pytest.mark.parametrize("limit", [1, 2, 3, 17, 64, 256])
def test_xml_depth_limit_is_exact(limit: int) -> None:
    accepted = safety.parse_xml_bytes(
        _nested(limit), source="f", part="p", limits=Limits(max_xml_depth=limit)
    )
    assert safety._depth(accepted) == limit
    deeper = _nested(limit + 1) if limit < 256 else _nested(limit, "<!-- c -->")
    with pytest.raises(DocumentTooLargeError, match=f"{limit + 1} niveaux, limite {limit}"):
        safety.parse_xml_bytes(deeper, source="f", part="p", limits=Limits(max_xml_depth=limit))


def test_xml_depth_over_libxml2_limit_is_refused_by_the_parser() -> None:
    with pytest.raises(NotADocumentError, match="depth"):
        safety.parse_xml_bytes(_nested(257), source="f", part="p")


_TREES = st.recursive(
    st.sampled_from(["<x/>", "<!-- c -->", "<?pi x?>", "texte"]),
    lambda children: st.lists(children, max_size=3).map(lambda c: "<e>" + "".join(c) + "</e>"),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(body=st.lists(_TREES, max_size=4), limit=st.integers(min_value=1, max_value=12))
def test_depth_check_agrees_with_a_walk_over_every_node(body: list[str], limit: int) -> None:
    from lxml import etree

    root = etree.fromstring(("<r>" + "".join(body) + "</r>").encode())
    assert safety._deeper_than(root, limit) == (safety._depth(root) > limit)


def test_huge_answer_is_read_then_clamped(corpus: dict[str, Path]) -> None:
    document = safety.safe_docx(corpus["huge_answer_docx"])
    text = document.paragraphs[0].text
    assert len(text) == 100_000
    kept, truncated = clamp_text(text)
    assert truncated
    assert len(kept) == DEFAULT_LIMITS.max_answer_chars == 20_000
    assert kept == text[:20_000]
    assert clamp_text("court") == ("court", False)
    assert clamp_text("abcdef", Limits(max_answer_chars=3)) == ("abc", True)


def _rewrite_document(path: Path, target: Path, xml: bytes) -> Path:
    data = corpus_module.rewrite_zip(path.read_bytes(), replace={"word/document.xml": xml})
    target.write_bytes(data)
    return target


def test_utf16_parts_are_accepted(corpus: dict[str, Path], tmp_path: Path) -> None:
    with zipfile.ZipFile(corpus["valid_docx"]) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    xml = xml.replace("UTF-8", "UTF-16", 1)
    utf16 = _rewrite_document(
        corpus["valid_docx"], tmp_path / "utf16.docx", codecs.BOM_UTF16_LE + xml.encode("utf-16-le")
    )
    document = safety.safe_docx(utf16)
    assert document.paragraphs[0].text == corpus_module.MARKER


def test_prolog_scan_allows_comments_and_refuses_entity_declarations(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(corpus["valid_docx"]) as archive:
        xml = archive.read("word/document.xml")
    declaration, rest = xml.split(b"?>", 1)
    commented = declaration + b"?>\n<!-- <!DOCTYPE in a comment --><?pi data?>\n" + rest
    ok = _rewrite_document(corpus["valid_docx"], tmp_path / "commentaire.docx", commented)
    assert safety.safe_docx(ok).paragraphs[0].text == corpus_module.MARKER
    entity = declaration + b"?><!ENTITY x 'y'>" + rest
    bad = _rewrite_document(corpus["valid_docx"], tmp_path / "entite.docx", entity)
    with pytest.raises(UnsafeDocumentError, match="<!ENTITY"):
        safety.safe_docx(bad)
    empty = _rewrite_document(
        corpus["valid_docx"], tmp_path / "sans.docx", b"<?xml version='1.0'?>  "
    )
    with pytest.raises(NotADocumentError, match="aucun élément XML"):
        safety.safe_docx(empty)


def test_messages_are_available_in_english(corpus: dict[str, Path]) -> None:
    with pytest.raises(WrongDocumentKindError) as caught:
        open_package(corpus["docx_as_odt"])
    assert caught.value.message_in("en").endswith(
        "this file is a Word document (.docx), not an OpenDocument text (.odt)"
    )


# --------------------------------------------------------------------------- fuzzing


def _mutate(data: bytes, flips: list[tuple[int, int]], cut: int | None) -> bytes:
    mutated = bytearray(data)
    for position, value in flips:
        mutated[position % len(mutated)] = value
    if cut is not None:
        mutated = mutated[: cut % (len(mutated) + 1)]
    return bytes(mutated)


MUTATIONS = st.tuples(
    st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), max_size=8),
    st.none() | st.integers(0, 10**7),
)


def test_an_entry_needing_a_later_zip_version_is_a_corrupt_document(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    # zipfile raises NotImplementedError ("zip file version 6.4") for such an entry:
    # a flipped byte in a central-directory record is enough (found by the fuzzer below).
    data = bytearray(corpus["valid_odt"].read_bytes())
    record = data.index(b"PK\x01\x02")
    data[record + 6] = 64  # "version needed to extract" of the first entry
    target = tmp_path / "version.odt"
    target.write_bytes(bytes(data))
    with pytest.raises(DocumentError) as caught:
        open_package(target)
    assert "zip" in caught.value.message_in("fr")


@pytest.mark.parametrize("case", ["valid_docx", "valid_odt"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutation=MUTATIONS)
def test_mutated_documents_only_raise_library_errors(
    case: str,
    mutation: tuple[list[tuple[int, int]], int | None],
    corpus: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    source = corpus[case]
    target = tmp_path_factory.mktemp("fuzz") / source.name
    target.write_bytes(_mutate(source.read_bytes(), *mutation))
    stdout = io.StringIO()
    error: DocumentError | None = None
    try:
        with contextlib.redirect_stdout(stdout):
            package = open_package(target)
            for name in package.names():
                if name.endswith((".xml", ".rels")):
                    package.read_xml(name)
            _open_like_an_importer(target)
    except DocumentError as exc:  # any other exception fails the test
        error = exc
    if error is not None:
        assert error.message_in("fr").startswith(str(target))
    safety.sniff_kind(target)  # never raises
    assert stdout.getvalue() == ""
    os.unlink(target)


# --------------------------------------------------------------------------- the entry bound


class _ZipfileCalled(AssertionError):
    pass


@pytest.fixture
def no_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the safe reader hands the bytes to ``zipfile`` (which builds one object per entry)."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise _ZipfileCalled("zipfile.ZipFile was called before the entry count was checked")

    monkeypatch.setattr(safety.zipfile, "ZipFile", refuse)


@pytest.mark.parametrize(
    ("last_comment", "name"),
    [
        (b"", b"x"),
        (corpus_module.fake_zip64_locator(), b"x"),
        (corpus_module.fake_zip64_locator(), b"PK\x06\x06" + b"\x00" * 60),
        (b"PK\x05\x06" + b"\x00" * 18, b"x"),
        (b"PK\x06\x06" + b"\x00" * 52 + corpus_module.fake_zip64_locator(), b"x"),
    ],
    ids=["plain", "fake-locator", "signature-in-names", "end-record-in-comment", "fake-zip64-pair"],
)
def test_too_many_entries_are_refused_before_zipfile_reads_them(
    corpus: dict[str, Path], tmp_path: Path, no_zipfile: None, last_comment: bytes, name: bytes
) -> None:
    """No trick in the last record's comment or in a record's name stops the count."""
    target = tmp_path / "entrees.docx"
    data = corpus_module.hidden_records(
        corpus["valid_docx"].read_bytes(), 50, last_comment=last_comment, later_name=name
    )
    target.write_bytes(data)
    with pytest.raises((DocumentTooLargeError, UnsafeDocumentError, NotADocumentError)):
        open_package(target, limits=Limits(max_entries=20))


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(0, 40),
    comment=st.lists(
        st.sampled_from(
            [b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07", b"PK\x01\x02", b"\x00", b"\xff", b"\x14"]
        ),
        max_size=30,
    ).map(b"".join),
    name=st.binary(min_size=1, max_size=60),
    trailing=st.binary(max_size=30),
)
def test_whatever_the_tricks_zipfile_never_sees_more_entries_than_the_limit(
    count: int, comment: bytes, name: bytes, trailing: bytes
) -> None:
    """Either the check refuses the file, or zipfile's own count is within the limit."""
    data = corpus_module.hidden_records(
        corpus_module.valid_docx_bytes(), count, last_comment=comment, later_name=name,
        trailing=trailing,
    )  # fmt: skip
    limits = Limits(max_entries=10)
    try:
        safety._central_directory_entries(data, "f.docx", limits)
    except DocumentError:
        return
    try:
        seen = len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    assert seen <= limits.max_entries


def test_a_million_entries_are_refused_with_bounded_memory(tmp_path: Path) -> None:
    """The 47 MB file of the attack (a million records and a fake zip64 locator).

    Before the fix, ``zipfile`` built every record (9.5 s, 513 MB); the time is
    measured in ``bench/bench_safety.py``, the memory here.
    """
    target = tmp_path / "million.docx"
    target.write_bytes(
        corpus_module.hidden_records(
            corpus_module.valid_docx_bytes(),
            1_000_000,
            last_comment=corpus_module.fake_zip64_locator(),
        )
    )
    assert target.stat().st_size > 45_000_000
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeDocumentError, match="zip64 incohérente"):
            open_package(target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024


def _needing_zip_version(data: bytes, version: int) -> bytes:
    """``data`` with every central-directory entry asking for zip ``version`` (x10) to extract."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        out[at + 6 : at + 8] = version.to_bytes(2, "little")  # version needed to extract
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.parametrize("case", ["valid_docx", "valid_odt"])
def test_an_entry_needing_a_later_zip_version_is_refused_never_raised(
    case: str, corpus: dict[str, Path], tmp_path: Path
) -> None:
    """Found by the fuzzer: zipfile raises NotImplementedError (« zip file version 6.4 »)."""
    source = corpus[case]
    target = tmp_path / source.name
    target.write_bytes(_needing_zip_version(source.read_bytes(), 64))
    assert safety.sniff_kind(target) is None  # never raises
    with pytest.raises(DocumentError) as caught:
        open_package(target)
    assert caught.value.message_in("fr").startswith(str(target))
