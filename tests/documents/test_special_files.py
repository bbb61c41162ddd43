"""Devices, named pipes and sockets are refused before a byte is read, by every reader.

``responses import /dev/zero`` used to hash the device forever, and a FIFO
blocked the import at ``open``. Each refusal is run in a child process with a
generous timeout: a hang is reported as such instead of blocking the suite
(the timeout detects a hang; it measures nothing).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conseils_citoyens.documents.jsonio import open_regular, read_bytes, read_json
from conseils_citoyens.documents.safety import open_package, sniff_kind
from conseils_citoyens.errors import FileNotReadableError
from conseils_citoyens.survey.imports import Outcome, QuestionnaireCatalogue, import_forms
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")

HANG_GUARD_S = 120


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "formulaire.docx"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> object:
    path = tmp_path / "s.docx"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def _special(name: str, fifo: Path) -> Path:
    return Path("/dev/zero") if name == "device" else fifo


@pytest.mark.parametrize("name", ["device", "fifo"])
def test_every_reader_refuses_a_special_file_naming_what_it_is(name: str, fifo: Path) -> None:
    path = _special(name, fifo)
    what = "périphérique" if name == "device" else "tube nommé"
    for read in (open_regular, read_bytes, read_json, open_package):
        with pytest.raises(FileNotReadableError, match=f"n'est pas un fichier ordinaire.*{what}"):
            read(path)  # type: ignore[operator]
    assert sniff_kind(path) is None


def test_a_socket_and_a_folder_are_refused(unix_socket: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotReadableError, match="socket"):
        open_regular(unix_socket)
    with pytest.raises(FileNotReadableError, match="c'est un dossier"):
        read_bytes(tmp_path)


@pytest.mark.parametrize("name", ["device", "fifo"])
def test_the_batch_refuses_a_special_file_and_imports_the_others(
    name: str, fifo: Path, tmp_path: Path
) -> None:
    path = _special(name, fifo)
    catalogue = QuestionnaireCatalogue([standard_questionnaire()])
    result = import_forms([path], catalogue)
    (outcome,) = result.outcomes
    assert outcome.outcome is Outcome.REFUSED
    assert outcome.digest is None
    assert "n'est pas un fichier ordinaire" in outcome.problems[0].message_in("fr")


_SCRIPTS = {
    "open_package": (
        "from conseils_citoyens.documents.safety import open_package\n"
        "from conseils_citoyens.errors import FileNotReadableError\n"
        "try:\n    open_package(PATH)\nexcept FileNotReadableError as exc:\n    print(exc)\n"
    ),
    "read_json": (
        "from conseils_citoyens.documents.jsonio import read_json\n"
        "from conseils_citoyens.errors import FileNotReadableError\n"
        "try:\n    read_json(PATH)\nexcept FileNotReadableError as exc:\n    print(exc)\n"
    ),
    "import_forms": (
        "from conseils_citoyens.survey.imports import QuestionnaireCatalogue, import_forms\n"
        "from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire\n"
        "result = import_forms([PATH], QuestionnaireCatalogue([standard_questionnaire()]))\n"
        "print(result.outcomes[0].problems[0].message)\n"
    ),
}


@pytest.mark.parametrize("name", ["device", "fifo"])
@pytest.mark.parametrize("call", sorted(_SCRIPTS))
def test_no_reader_hangs_on_a_special_file(call: str, name: str, fifo: Path) -> None:
    path = _special(name, fifo)
    script = f"PATH = {str(path)!r}\n" + _SCRIPTS[call]
    try:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_GUARD_S
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{call} hung on {path}")
    assert done.returncode == 0, done.stderr
    assert "n'est pas un fichier ordinaire" in done.stdout


@pytest.mark.parametrize("name", ["device", "fifo"])
def test_responses_import_exits_3_without_reading(name: str, fifo: Path, tmp_path: Path) -> None:
    path = _special(name, fifo)
    output = tmp_path / "reponses.json"
    command = [sys.executable, "-m", "conseils_citoyens", "responses", "import", str(path)]
    try:
        done = subprocess.run(
            [*command, "-o", str(output)], capture_output=True, text=True, timeout=HANG_GUARD_S
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"responses import hung on {path}")
    assert done.returncode == 3, done.stderr
    assert "pas un fichier ordinaire" in done.stderr
    assert "Traceback" not in done.stderr
    assert not output.exists()
