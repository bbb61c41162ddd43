"""Safe JSON reading and atomic writing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conseils_citoyens.documents import jsonio
from conseils_citoyens.documents.jsonio import (
    JsonLimits,
    atomic_output,
    dumps_json,
    loads_json,
    read_json,
    write_atomic,
)
from conseils_citoyens.errors import (
    DocumentError,
    DocumentTooLargeError,
    FileNotReadableError,
    NotADocumentError,
    OutputExistsError,
)


class Boom(Exception):
    pass


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# --------------------------------------------------------------------------- atomic writes


def test_a_writer_failing_midway_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"

    def writer(handle: IO[bytes]) -> None:
        handle.write(b"x" * 100_000)
        raise Boom

    with pytest.raises(Boom):
        write_atomic(target, writer)
    assert _leftovers(tmp_path) == []


def test_a_failure_keeps_the_previous_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "reponses.json"
    target.write_bytes(b"ancien contenu")

    def writer(handle: IO[bytes]) -> None:
        handle.write(b"nouveau")
        raise Boom

    with pytest.raises(Boom):
        write_atomic(target, writer)
    assert target.read_bytes() == b"ancien contenu"
    assert _leftovers(tmp_path) == ["reponses.json"]


def test_success_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "sous" / "dossier" / "sortie.txt"
    with atomic_output(target, mode="w") as handle:
        handle.write("é\n")
    assert target.read_bytes() == "é\n".encode()
    assert _leftovers(target.parent) == ["sortie.txt"]
    assert write_atomic(target, "deux") == target
    assert target.read_text(encoding="utf-8") == "deux"
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def test_overwrite_false_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "sortie.json"
    target.write_text("{}", encoding="utf-8")
    with pytest.raises(OutputExistsError) as caught:
        write_atomic(target, b"nouveau", overwrite=False)
    assert str(target) in caught.value.message_in("fr")
    assert "--force" not in caught.value.message_in("en")  # the CLI says how, not the library
    assert target.read_text(encoding="utf-8") == "{}"
    assert _leftovers(tmp_path) == ["sortie.json"]


def test_overwrite_false_refuses_a_file_created_while_writing(tmp_path: Path) -> None:
    """The check happens again, atomically, when the file is published."""
    target = tmp_path / "sortie.json"

    def writer(handle: IO[bytes]) -> None:
        handle.write(b"le mien")
        target.write_bytes(b"celui d'un autre")

    with pytest.raises(OutputExistsError):
        write_atomic(target, writer, overwrite=False)
    assert target.read_bytes() == b"celui d'un autre"
    assert _leftovers(tmp_path) == ["sortie.json"]


def test_overwrite_false_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "neuf.json"
    write_atomic(target, b"{}", overwrite=False)
    assert target.read_bytes() == b"{}"
    assert _leftovers(tmp_path) == ["neuf.json"]


# --------------------------------------------------------------------------- safe JSON


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ('{"a": 1, "a": 2}', NotADocumentError, "clé en double « a »"),
        ('{"x": {"b": [1, {"b": 1, "b": 1}]}}', NotADocumentError, "clé en double « b »"),
        ("[NaN]", NotADocumentError, "valeur non permise « NaN »"),
        ('{"v": Infinity}', NotADocumentError, "« Infinity »"),
        ("[-Infinity]", NotADocumentError, "« -Infinity »"),
        ("[1e999]", NotADocumentError, "nombre hors limites « 1e999 »"),
        ("[" + "9" * 5000 + "]", NotADocumentError, "nombre entier trop long"),
        ('["\\ud800"]', NotADocumentError, "caractère Unicode invalide"),
        ('{"\\udc00": 1}', NotADocumentError, "caractère Unicode invalide"),
        ('{"a": }', NotADocumentError, "JSON mal formé à la ligne 1, colonne 7"),
        ("", NotADocumentError, "JSON mal formé"),
        ("[" * 65 + "]" * 65, DocumentTooLargeError, "65 niveaux, limite 64"),
        ("[" * 100_000 + "]" * 100_000, DocumentTooLargeError, "trop profondément imbriqué"),
    ],
)
def test_refused_json(text: str, error: type[DocumentError], words: str) -> None:
    with pytest.raises(error) as caught:
        loads_json(text, source="reponses.json")
    assert type(caught.value) is error
    message = caught.value.message_in("fr")
    assert message.startswith("reponses.json : ")
    assert words in message
    assert caught.value.message_in("en").startswith("reponses.json: ")


@pytest.mark.parametrize(
    ("text", "french", "english"),
    [
        (
            '{\n  "id": "lille"\n  "hide": []\n}',
            "ligne 3, colonne 3 : virgule attendue",
            "',' expected",
        ),
        ('{"id" "lille"}', "deux-points « : » attendu", "':' expected"),
        # Python 3.11 and 3.12 say « Expecting … », 3.13 « Illegal trailing comma »: same advice
        ('{"id": "lille",}', "virgule en trop avant « } »", "stray comma before '}'"),
        ('["a",]', "virgule en trop avant « ] »", "stray comma before ']'"),
        ('{"id": "lille', "jamais fermé", "string never closed"),
        ('{"id": "li\nlle"}', "retour à la ligne", "line break"),
        ('{"id": "C:\\dossier"}', "barre oblique inverse", "invalid backslash"),
        ("{} {}", "texte en trop après la fin", "extra text after the end"),
        ('{"id": “lille”}', "guillemet typographique “", "typographic quote “"),
        ('{"titre": «Lille»}', "guillemet typographique «", "typographic quote «"),
    ],
)
def test_syntax_errors_are_explained_in_both_languages(
    text: str, french: str, english: str
) -> None:
    """A person editing an overlay by hand reads what is wrong, without Python's English."""
    with pytest.raises(NotADocumentError) as caught:
        loads_json(text, source="adaptation.json")
    assert french in caught.value.message_in("fr")
    assert "Expecting" not in caught.value.message_in("fr")
    assert english in caught.value.message_in("en")


def test_invalid_utf8_is_reported_with_its_position() -> None:
    data = b'{\n  "nom": "caf\xe9"\n}'
    with pytest.raises(NotADocumentError) as caught:
        loads_json(data, source="f.json")
    assert "ligne 2, colonne 14 (octet 15)" in caught.value.message_in("fr")
    assert "line 2, column 14 (byte 15)" in caught.value.message_in("en")


def test_size_bound(tmp_path: Path) -> None:
    limits = JsonLimits(max_bytes=10)
    with pytest.raises(DocumentTooLargeError, match="11 octets, limite 10"):
        loads_json('"' + "x" * 9 + '"', limits=limits)
    path = tmp_path / "gros.json"
    path.write_text("[" + "1," * 10 + "1]", encoding="utf-8")
    with pytest.raises(DocumentTooLargeError, match="limite 10"):
        read_json(path, limits=limits)


def test_depth_bound_is_configurable() -> None:
    assert loads_json("[[[1]]]", limits=JsonLimits(max_depth=3)) == [[[1]]]
    with pytest.raises(DocumentTooLargeError):
        loads_json("[[[1]]]", limits=JsonLimits(max_depth=2))


def test_read_json(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_bytes(b'\xef\xbb\xbf{"nom": "\xc3\xa9lue", "n": 1.5}')
    assert read_json(path) == {"nom": "élue", "n": 1.5}
    with pytest.raises(FileNotReadableError, match="fichier introuvable"):
        read_json(tmp_path / "absent.json")
    with pytest.raises(FileNotReadableError, match="n'est pas un fichier"):
        read_json(tmp_path)


#: Characters JSON can carry but XML 1.0 (so no document) cannot: refused at load.
NOT_IN_XML = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
WRITABLE_TEXT = st.text(st.characters(codec="utf-8", exclude_characters=NOT_IN_XML))

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | WRITABLE_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(WRITABLE_TEXT, children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None)
@given(value=JSON_VALUES)
def test_round_trip_of_valid_values(value: object) -> None:
    text = dumps_json(value)
    assert loads_json(text) == value
    assert json.loads(text) == value


@settings(max_examples=80, deadline=None)
@given(
    value=JSON_VALUES,
    character=st.sampled_from(NOT_IN_XML),
    as_key=st.booleans(),
)
def test_control_characters_are_refused_naming_their_path(
    value: object, character: str, as_key: bool
) -> None:
    """A text no .docx or .odt can hold is refused when read, with its JSON path (issue 19)."""
    bad = f"avant{character}après"
    data = {"responses": [{"ok": value}, {bad: 1} if as_key else {"answers": {"c": bad}}]}
    with pytest.raises(NotADocumentError) as caught:
        loads_json(json.dumps(data), source="r.json")
    message = caught.value.message_in("fr")
    assert f"caractère de contrôle U+{ord(character):04X}" in message
    assert ("$.responses[1][" if as_key else "$.responses[1].answers.c :") in message


@settings(max_examples=80, deadline=None)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_only_raise_library_errors(data: bytes) -> None:
    try:
        loads_json(data)
    except DocumentError as exc:
        assert exc.message_in("fr").startswith("<données> : ")  # noqa: PT017


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    new = jsonio.write_atomic(tmp_path / "rapport.md", "texte")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
    existing = tmp_path / "partage.csv"
    existing.write_text("ancien", encoding="utf-8")
    existing.chmod(0o640)
    jsonio.write_atomic(existing, "nouveau")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640


def test_a_write_that_cannot_happen_is_an_output_error(tmp_path: Path) -> None:
    from conseils_citoyens.errors import OutputError

    folder = tmp_path / "dossier"
    folder.mkdir()
    with pytest.raises(OutputError, match="dossier"):
        jsonio.write_atomic(folder, "texte")
    blocker = tmp_path / "fichier"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="écriture impossible"):
        jsonio.write_atomic(blocker / "sous" / "rapport.md", "texte")


def test_missing_folders_of_an_output_are_created(tmp_path: Path) -> None:
    """As docs/cli.md says: ``-o rapports/2026/rapport.md`` makes its folders."""
    target = tmp_path / "rapports" / "2026" / "rapport.md"
    jsonio.write_atomic(target, "texte", overwrite=False)
    assert target.read_text(encoding="utf-8") == "texte"
    assert [p.name for p in target.parent.iterdir()] == ["rapport.md"]  # no temporary left


def test_a_folder_as_output_is_named_even_without_overwrite(tmp_path: Path) -> None:
    from conseils_citoyens.errors import OutputError, OutputExistsError

    folder = tmp_path / "rapports"
    folder.mkdir()
    with pytest.raises(OutputError) as caught:
        jsonio.write_atomic(folder, "texte", overwrite=False)
    assert not isinstance(caught.value, OutputExistsError)
    assert str(folder) in caught.value.message
    assert "dossier" in caught.value.message


_FORBIDDEN_IN_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_TEXT_NEAR_LIMITS = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\x00\x08\t\n\x0b\x1f\ufffe\uffff\ud800\udfffé«"),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    )
)


@settings(max_examples=300)
@given(_TEXT_NEAR_LIMITS)
def test_characters_xml_forbids_are_found_first_as_one_pattern_would(text: str) -> None:
    import re

    match = re.search(_FORBIDDEN_IN_XML, text)
    assert jsonio._not_in_xml(text) == (match.group(0) if match else None)
    assert jsonio._has_surrogate(text) == bool(re.search("[\ud800-\udfff]", text))


@pytest.mark.parametrize("mode", ["wb", "w"])
def test_a_failed_write_leaves_no_view_of_its_buffer_alive(tmp_path: Path, mode: str) -> None:
    """The written bytes are lent to the file write as a view; when the write fails, the view
    is released all the same. Kept alive by the traceback (an app that stores the error, a
    test runner), it made the buffer impossible to close: « Existing exports of data »
    when the garbage collector freed it on Python 3.13, a crash on Python 3.12.1."""
    import gc
    import sys
    import types

    blocker = tmp_path / "fichier.txt"
    blocker.write_text("x", encoding="utf-8")
    from conseils_citoyens.errors import OutputError

    target = blocker / "sous" / "q.json"
    with pytest.raises(OutputError) as caught, atomic_output(target, mode=mode) as handle:
        handle.write(b"{}" if mode == "wb" else "{}")  # type: ignore[arg-type]
    views: list[memoryview] = []
    tb: types.TracebackType | None = caught.value.__traceback__
    while tb is not None:
        views += [v for v in tb.tb_frame.f_locals.values() if isinstance(v, memoryview)]
        tb = tb.tb_next
    assert views  # the view lent to the write is in the failing frame
    for view in views:
        with pytest.raises(ValueError, match="released"):
            view.tobytes()
    # and the garbage collector frees the error's frames without complaint
    unraisable: list[object] = []
    hook, sys.unraisablehook = sys.unraisablehook, lambda u: unraisable.append(u.exc_value)
    try:
        del caught, views, tb
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert unraisable == []
