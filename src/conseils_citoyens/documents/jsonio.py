"""Safe JSON reading for every JSON input, and atomic writing of files.

JSON comes from outside (files sent by territories, apps): it is bounded in
size and nesting, duplicate keys are refused (a duplicated key silently loses
a value), ``NaN``/``Infinity`` are refused, and invalid UTF-8 is reported with
its position.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

import attrs

from conseils_citoyens.errors import (
    DocumentError,
    DocumentTooLargeError,
    FileNotReadableError,
    NotADocumentError,
)


@attrs.frozen(kw_only=True)
class JsonLimits:
    """Bounds applied to JSON inputs."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64


DEFAULT_JSON_LIMITS: Final = JsonLimits()

_MAX_INT_DIGITS: Final = 4000  # below Python's own limit (4300), which raises a bare ValueError
#: Characters a JSON string may hold but XML 1.0 cannot, so neither can a .docx, an .odt
#: (nor a form): C0 controls other than tab, line feed and carriage return (this pattern),
#: U+FFFE and U+FFFF (found with ``in``: a pattern holding them took ten times longer to
#: compile, 0.5 ms of every start-up). See :func:`_not_in_xml`.
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PLAIN_KEY: Final = r"[A-Za-z_][A-Za-z0-9_]*"  # compiled on first use (re caches it)


class _Unwritable(Exception):
    pass


class _JsonRefusal(ValueError):
    def __init__(self, fr: str, en: str) -> None:
        super().__init__(en)
        self.texts = {"fr": fr, "en": en}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonRefusal(f"clé en double « {key} »", f"duplicate key '{key}'")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _JsonRefusal(f"valeur non permise « {name} »", f"value not allowed: {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JsonRefusal(
            f"nombre hors limites « {text[:40]} »", f"number out of range: {text[:40]}"
        )
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _JsonRefusal(
            f"nombre entier trop long ({len(text)} chiffres)",
            f"integer too long ({len(text)} digits)",
        )
    return int(text)


def _not_in_xml(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 forbids, or None."""
    match = _CONTROL.search(text)
    first = match.start() if match else len(text)
    if not text.isascii():
        for character in "\ufffe\uffff":
            at = text.find(character, 0, first)
            if at >= 0:
                first = at
    return text[first] if first < len(text) else None


def _check_text(text: str) -> None:
    if _not_in_xml(text) is not None:
        raise _Unwritable
    if not text.isascii() and not text.isprintable() and _has_surrogate(text):
        raise _JsonRefusal(
            "caractère Unicode invalide (demi-paire de substitution « \\uD800 »...)",
            "invalid Unicode character (lone surrogate such as '\\uD800')",
        )


def _has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (the only characters UTF-8 cannot encode)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _inspect(value: Any) -> int:
    """Return the nesting depth; refuse strings holding lone surrogates (not encodable)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            for key, child in item.items():
                _check_text(key)
                stack.append((child, level + 1))
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item)
        elif isinstance(item, str):
            _check_text(item)
    return deepest


def _path_step(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key)
    return f"{path}.{text}" if re.fullmatch(_PLAIN_KEY, text) else f"{path}[{text!r}]"


def unwritable_text(value: Any) -> tuple[str, str] | None:
    """The JSON path and the character of the first text no document can hold, or None.

    Walks JSON data (dicts, lists, strings) and model objects (attrs classes,
    tuples, mappings) alike, in order; a dict key counts as text. The
    characters are those XML 1.0 forbids (:func:`_not_in_xml`): a Word or
    OpenDocument writer cannot write them.
    """
    stack: list[tuple[Any, str]] = [(value, "$")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            character = _not_in_xml(item)
            if character is not None:
                return path, character
        elif isinstance(item, Mapping):
            children: list[tuple[Any, str]] = []
            for key, child in item.items():
                step = _path_step(path, key)
                if isinstance(key, str) and (character := _not_in_xml(key)) is not None:
                    return step, character
                children.append((child, step))
            stack.extend(reversed(children))
        elif isinstance(item, list | tuple | frozenset | set):
            ordered = sorted(item, key=repr) if isinstance(item, frozenset | set) else item
            stack.extend(reversed([(c, f"{path}[{i}]") for i, c in enumerate(ordered)]))
        elif attrs.has(type(item)):
            fields = attrs.fields(type(item))
            stack.extend(reversed([(getattr(item, f.name), f"{path}.{f.name}") for f in fields]))
    return None


def unwritable_message(path: str, character: str, *, with_path: bool = True) -> dict[str, str]:
    """The French and English message for :func:`unwritable_text`'s finding."""
    code = f"U+{ord(character):04X}"
    where_fr, where_en = (f", en {path}", f", at {path}") if with_path else ("", "")
    return {
        "fr": f"caractère de contrôle {code} interdit dans un texte{where_fr} : aucun document "
        "Word ou OpenDocument ne peut le contenir (supprimez-le)",
        "en": f"control character {code} not allowed in a text{where_en}: no Word or "
        "OpenDocument file can hold it (remove it)",
    }


def check_writable(value: Any, *, kind: str, source: str | Path | None = None) -> None:
    """Raise :class:`ValidationError` if a text of ``value`` holds a character no document can hold.

    JSON files are refused when they are read (:func:`loads_json`); this is
    the same rule for data handed over by an app and for model objects built
    in Python, checked before any writer runs, so that no writer fails
    half-way with a traceback (python-docx: « All strings must be XML
    compatible »).
    """
    from conseils_citoyens.errors import Problem, ValidationError

    found = unwritable_text(value)
    if found is not None:
        problem = Problem(
            path=found[0], code="text.control_character", texts=unwritable_message(*found)
        )
        raise ValidationError([problem], kind=kind, source=source)


def _line_col(text: bytes, offset: int) -> tuple[int, int]:
    line = text.count(b"\n", 0, offset) + 1
    col = offset - (text.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


#: The json module's messages, for people who edit a file by hand (in French and English).
_JSON_SYNTAX_MESSAGES: Final[tuple[tuple[str, str, str], ...]] = (
    (
        "Expecting ',' delimiter",
        "virgule attendue (il en manque sans doute une ici ou à la fin de la ligne précédente)",
        "',' expected (one is probably missing here or at the end of the previous line)",
    ),
    (
        "Expecting ':' delimiter",
        "deux-points « : » attendu après le nom du champ",
        "':' expected after the field name",
    ),
    (
        "Expecting property name enclosed in double quotes",
        "nom de champ entre guillemets droits attendu (une virgule en trop avant « } » ?)",
        "field name in double quotes expected (a stray comma before '}'?)",
    ),
    (  # Python 3.13 and later
        "Illegal trailing comma before end of object",
        "virgule en trop avant « } »",
        "stray comma before '}'",
    ),
    (
        "Illegal trailing comma before end of array",
        "virgule en trop avant « ] »",
        "stray comma before ']'",
    ),
    (
        "Expecting value",
        "valeur attendue (fichier vide, virgule en trop avant « ] », ou texte sans guillemets ?)",
        "value expected (empty file, a stray comma before ']', or text without quotes?)",
    ),
    (
        "Unterminated string",
        'texte entre guillemets jamais fermé (il manque un guillemet droit ")',
        "string never closed (a '\"' is missing)",
    ),
    (
        "Invalid control character",
        "retour à la ligne ou tabulation à l'intérieur d'un texte entre guillemets",
        "line break or tab inside a quoted string",
    ),
    (
        "Invalid \\uXXXX escape",
        "séquence \\u invalide dans un texte",
        "invalid \\u escape in a string",
    ),
    (
        "Invalid \\escape",
        "barre oblique inverse « \\ » invalide dans un texte (écrivez « \\\\ » ou « / »)",
        "invalid backslash in a string (write '\\\\' or '/')",
    ),
    (
        "Extra data",
        "texte en trop après la fin du document (un « } » en trop, ou deux documents ?)",
        "extra text after the end of the document (a stray '}', or two documents?)",
    ),
)

#: Quotes a word processor puts in place of the straight quote JSON needs.
_TYPOGRAPHIC_QUOTES: Final = "«»“”„‘’‚"


def _explain_syntax_error(exc: json.JSONDecodeError) -> dict[str, str]:
    """The json module's message, explained in French and English."""
    found = exc.doc[exc.pos : exc.pos + 1]
    if found and found in _TYPOGRAPHIC_QUOTES:
        return {
            "fr": f"guillemet typographique {found} : le JSON n'accepte que les guillemets "
            'droits " (modifiez le fichier avec un éditeur de texte, pas un traitement de texte)',
            "en": f'typographic quote {found}: JSON only accepts straight quotes " '
            "(edit the file with a text editor, not a word processor)",
        }
    for start, french, english in _JSON_SYNTAX_MESSAGES:
        if exc.msg.startswith(start):
            return {"fr": french, "en": english}
    return {"fr": f"erreur de syntaxe ({exc.msg})", "en": exc.msg}


def _not_json_at_all(
    raw: bytes, expected: Mapping[str, str] | None = None
) -> dict[str, str] | None:
    """Say what a file given where JSON is expected is instead, and what to give.

    ``expected`` names the document wanted (« un fichier de conseil citoyen »);
    without it, the usual ones are given as examples.
    """
    wanted = (
        {"fr": f" ({expected['fr']})", "en": f" ({expected.get('en', expected['fr'])})"}
        if expected
        else {
            "fr": " (par exemple le fichier de réponses écrit par « responses import », "
            "ou l'adaptation locale)",
            "en": " (for example the responses file written by 'responses import', or the overlay)",
        }
    )
    if raw.startswith(b"PK\x03\x04"):
        return {
            "fr": "ce fichier est un document Word ou LibreOffice (ou une autre archive zip), "
            "pas un fichier JSON : donnez ici le fichier .json attendu" + wanted["fr"],
            "en": "this file is a Word or LibreOffice document (or another zip archive), not "
            "a JSON file: give the expected .json file here" + wanted["en"],
        }
    if raw.startswith(b"%PDF"):
        return {
            "fr": "ce fichier est un PDF, pas un fichier JSON : donnez ici le fichier .json "
            "attendu" + (wanted["fr"] if expected else ""),
            "en": "this file is a PDF, not a JSON file: give the expected .json file here"
            + (wanted["en"] if expected else ""),
        }
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return {
            "fr": "le fichier est enregistré en UTF-16 (« Unicode » dans le Bloc-notes) : "
            "ouvrez-le et enregistrez-le en UTF-8 (Fichier › Enregistrer sous › Encodage : "
            "UTF-8), puis relancez",
            "en": "the file is saved as UTF-16 ('Unicode' in Notepad): open it and save it "
            "as UTF-8 (File › Save as › Encoding: UTF-8), then run again",
        }
    return None


def loads_json(
    data: bytes | str,
    *,
    source: str = "<données>",
    limits: JsonLimits = DEFAULT_JSON_LIMITS,
    expected: Mapping[str, str] | None = None,
) -> Any:
    """Parse JSON safely; raise a :class:`DocumentError` subclass naming ``source``.

    ``expected`` (French and English) names the document wanted, for the
    message given when the file is a Word, LibreOffice or PDF document instead.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > limits.max_bytes:
        raise DocumentTooLargeError(
            source,
            {
                "fr": f"fichier JSON trop volumineux ({len(raw)} octets, limite {limits.max_bytes})",
                "en": f"JSON file too large ({len(raw)} bytes, limit {limits.max_bytes})",
            },
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    not_json = _not_json_at_all(raw, expected)
    if not_json is not None:
        raise NotADocumentError(source, not_json)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        where_fr = f"texte non UTF-8 à la ligne {line}, colonne {col} (octet {exc.start})"
        where_en = f"invalid UTF-8 at line {line}, column {col} (byte {exc.start})"
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            raise NotADocumentError(source, {"fr": where_fr, "en": where_en}) from None
        raise NotADocumentError(
            source,
            {
                "fr": f"{where_fr} : le fichier est sans doute enregistré en Windows-1252 "
                "(« ANSI », par exemple par un ancien Bloc-notes). Ouvrez-le et enregistrez-le "
                "en UTF-8 (Bloc-notes : Fichier › Enregistrer sous › Encodage : UTF-8), "
                "puis relancez",
                "en": f"{where_en}: the file was probably saved as Windows-1252 ('ANSI', e.g. by "
                "an old Notepad). Open it and save it as UTF-8 (Notepad: File › Save as › "
                "Encoding: UTF-8), then run again",
            },
        ) from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except _JsonRefusal as exc:
        raise NotADocumentError(source, exc.texts) from None
    except json.JSONDecodeError as exc:
        explained = _explain_syntax_error(exc)
        raise NotADocumentError(
            source,
            {
                "fr": f"JSON mal formé à la ligne {exc.lineno}, colonne {exc.colno} : "
                f"{explained['fr']}",
                "en": f"malformed JSON at line {exc.lineno}, column {exc.colno}: {explained['en']}",
            },
        ) from None
    except RecursionError:
        raise DocumentTooLargeError(
            source,
            {"fr": "JSON trop profondément imbriqué", "en": "JSON nested too deeply"},
        ) from None
    try:
        depth = _inspect(value)
    except _JsonRefusal as exc:
        raise NotADocumentError(source, exc.texts) from None
    except _Unwritable:
        found = unwritable_text(value)
        assert found is not None
        raise NotADocumentError(source, unwritable_message(*found)) from None
    if depth > limits.max_depth:
        raise DocumentTooLargeError(
            source,
            {
                "fr": f"JSON trop profondément imbriqué ({depth} niveaux, limite {limits.max_depth})",
                "en": f"JSON nested too deeply ({depth} levels, limit {limits.max_depth})",
            },
        )
    return value


#: What a path that is not a regular file is, for messages: (French, English).
_NOT_REGULAR: Final = (
    (stat.S_ISDIR, ("n'est pas un fichier : c'est un dossier", "is not a file: it is a folder")),
    (
        stat.S_ISFIFO,
        (
            "n'est pas un fichier ordinaire : c'est un tube nommé (FIFO), il n'est pas lu",
            "is not a regular file: it is a named pipe (FIFO), not read",
        ),
    ),
    (
        stat.S_ISCHR,
        (
            "n'est pas un fichier ordinaire : c'est un périphérique, il n'est pas lu",
            "is not a regular file: it is a device, not read",
        ),
    ),
    (
        stat.S_ISBLK,
        (
            "n'est pas un fichier ordinaire : c'est un périphérique, il n'est pas lu",
            "is not a regular file: it is a device, not read",
        ),
    ),
    (
        stat.S_ISSOCK,
        (
            "n'est pas un fichier ordinaire : c'est une socket, elle n'est pas lue",
            "is not a regular file: it is a socket, not read",
        ),
    ),
)


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    for test, (fr, en) in _NOT_REGULAR:
        if test(mode):
            raise FileNotReadableError(path, {"fr": fr, "en": en})
    raise FileNotReadableError(
        path,
        {"fr": "n'est pas un fichier ordinaire, il n'est pas lu", "en": "is not a regular file"},
    )


def open_regular(path: str | Path) -> io.BufferedReader:
    """Open ``path`` for reading if, and only if, it is a regular file.

    A device (``/dev/zero``), a named pipe, a socket or a folder is refused
    before anything is read, and opening never blocks (a FIFO without a
    writer would hang a plain ``open``): :class:`FileNotReadableError`, in
    French. The check is made again on the opened file, so a file swapped
    for a pipe in between is refused too.
    """
    p = Path(path)
    flags = os.O_RDONLY
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
        flags |= getattr(os, name, 0)
    try:
        _refuse_unless_regular(p, os.stat(p).st_mode)
        fd = os.open(p, flags)
    except DocumentError:  # ours (some are OSErrors too): already says what is wrong
        raise
    except OSError as exc:
        raise FileNotReadableError.from_os_error(p, exc) from None
    try:
        _refuse_unless_regular(p, os.fstat(fd).st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """Read a regular file (see :func:`open_regular`); OS errors become :class:`FileNotReadableError`.

    Never reads more than ``max_bytes`` + 1 bytes, even from a file that grows.
    """
    p = Path(path)
    with open_regular(p) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if max_bytes is not None and size > max_bytes:
                raise DocumentTooLargeError(
                    p,
                    {
                        "fr": f"fichier trop volumineux ({size} octets, limite {max_bytes})",
                        "en": f"file too large ({size} bytes, limit {max_bytes})",
                    },
                )
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except DocumentError:
            raise
        except OSError as exc:
            raise FileNotReadableError.from_os_error(p, exc) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise DocumentTooLargeError(
            p,
            {
                "fr": f"fichier trop volumineux (plus de {max_bytes} octets)",
                "en": f"file too large (more than {max_bytes} bytes)",
            },
        )
    return data


def read_json(
    path: str | Path,
    *,
    limits: JsonLimits = DEFAULT_JSON_LIMITS,
    expected: Mapping[str, str] | None = None,
) -> Any:
    """Read and parse a JSON file safely (``expected``: see :func:`loads_json`)."""
    return loads_json(
        read_bytes(path, max_bytes=limits.max_bytes),
        source=str(path),
        limits=limits,
        expected=expected,
    )


def dumps_json(value: Any) -> str:
    """Serialise to stable, human-readable JSON (sorted keys would reorder answers: not used)."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _publish_exclusive(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if ``target`` does not exist, without a race.

    A hard link fails atomically when the target exists (checking, then
    renaming, would overwrite a file created in between). File systems without
    hard links (FAT on USB sticks) fall back to check-then-rename.
    """
    from conseils_citoyens.errors import OutputExistsError

    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputExistsError(target) from None
    except OSError:
        if target.exists():
            raise OutputExistsError(target) from None
        os.replace(tmp, target)
    else:
        tmp.unlink()


@functools.cache
def _new_file_mode() -> int:
    """The mode a new file gets under the process umask (mkstemp would give 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


#: Temporary files are named ``.NAME.cc-HOST-PID-RANDOM.tmp``: a later write of NAME
#: recognises those of a process of this machine that no longer runs, and removes them.
_TEMPORARY: Final = r"\.cc-([0-9a-f]{8})-([0-9]+)-[A-Za-z0-9_]+\.tmp"  # compiled on first use


@functools.cache
def _host_tag() -> str:
    """Eight hex digits naming this machine (a shared folder may be written by several)."""
    import hashlib
    import socket

    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, ValueError, OverflowError):
        return True  # someone else's process, or no way to know: keep its file
    return True


def remove_stale_temporaries(target: str | Path) -> list[Path]:
    """Remove the temporary files that an interrupted write of ``target`` left (SIGKILL, power cut).

    Only files named as :func:`atomic_output` names them, for ``target``,
    written on this machine by a process that is no longer running, are
    removed. Returns the files removed. Never raises.
    """
    path = Path(target)
    directory = path.parent if str(path.parent) else Path(".")
    prefix = f".{path.name}"
    removed: list[Path] = []
    if os.name != "posix":
        return removed  # no reliable way to tell a running process: keep everything
    try:
        names = [n for n in os.listdir(directory) if n.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        match = re.fullmatch(_TEMPORARY, name[len(prefix) :])
        if match is None or match.group(1) != _host_tag() or _running(int(match.group(2))):
            continue
        with contextlib.suppress(OSError):
            (directory / name).unlink()
            removed.append(directory / name)
    return removed


@contextlib.contextmanager
def atomic_output(
    path: str | Path, *, overwrite: bool = True, mode: str = "wb"
) -> Iterator[IO[Any]]:
    """Collect what is written in memory; write it beside ``path`` and rename it over ``path`` at the end.

    On any exception (and on Ctrl-C or, in the CLI, SIGTERM) ``path`` is
    untouched and nothing is left behind. The writer works in memory, so a
    full disk or a failing device is met by our own final write, never
    half-way through a library's zip writer (which used to print « Exception
    ignored in ZipFile.__del__ »); the temporary file, named
    ``.NAME.cc-HOST-PID-RANDOM.tmp``, exists only while that final write is
    flushed to disk and renamed. If the process is killed (SIGKILL, power
    cut) right then, the next write of the same file removes it
    (:func:`remove_stale_temporaries`). The file gets the usual permissions
    (the umask's, or those of the file it replaces). OS failures become
    :class:`~conseils_citoyens.errors.OutputError`.
    """
    from conseils_citoyens.errors import OutputError, OutputExistsError

    target = Path(path)
    if target.is_dir():
        raise OutputError(
            target,
            {
                "fr": f"{target} : c'est un dossier, pas un fichier (donnez un nom de fichier)",
                "en": f"{target}: it is a folder, not a file (give a file name)",
            },
        )
    if not overwrite and target.exists():
        raise OutputExistsError(target)
    buffer = io.BytesIO()
    if "b" in mode:
        yield buffer
    else:
        text = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
        yield text
        text.flush()
        text.detach()
    # Released on the way out, even when writing fails: a view kept alive by a
    # traceback made the buffer undeletable (BufferError when the garbage collector
    # freed it; Python 3.12.1 crashed).
    with buffer.getbuffer() as data:
        _publish(target, data, overwrite=overwrite)


def _publish(target: Path, data: memoryview, *, overwrite: bool) -> None:
    """Write ``data`` to a temporary file beside ``target``, flush it to disk, rename it."""
    from conseils_citoyens.errors import OutputExistsError

    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.cc-{_host_tag()}-{os.getpid()}-", suffix=".tmp", dir=directory
        )
    except OSError as exc:
        raise _output_error(target, exc) from None
    tmp = Path(tmp_name)
    try:
        # File systems without permissions (FAT) keep what they give.
        with contextlib.suppress(OSError):
            os.fchmod(fd, target.stat().st_mode & 0o7777 if target.exists() else _new_file_mode())
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _output_error(target, exc) from None
        try:
            if overwrite:
                os.replace(tmp, target)
            else:
                _publish_exclusive(tmp, target)
        except OutputExistsError:
            raise
        except OSError as exc:
            raise _output_error(target, exc) from None
        _sync_directory(directory)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _sync_directory(directory: Path) -> None:
    """Flush the rename to disk (POSIX), so that a power cut keeps the old or the new file."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _output_error(target: Path, exc: OSError) -> Exception:
    from conseils_citoyens.errors import OutputError
    from conseils_citoyens.i18n import system_reason

    why = system_reason(exc)
    return OutputError(
        target,
        {
            "fr": f"{target} : écriture impossible ({why['fr']})",
            "en": f"{target}: cannot write ({why['en']})",
        },
    )


def write_atomic(
    path: str | Path, writer: Callable[[IO[bytes]], None] | bytes | str, *, overwrite: bool = True
) -> Path:
    """Write bytes, text or the output of ``writer(handle)`` to ``path`` atomically."""
    with atomic_output(path, overwrite=overwrite) as handle:
        if isinstance(writer, bytes):
            handle.write(writer)
        elif isinstance(writer, str):
            handle.write(writer.encode("utf-8"))
        else:
            writer(handle)
    return Path(path)
