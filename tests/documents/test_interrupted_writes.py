"""Interrupted writes and full disks: the old file intact, nothing left behind, no traceback.

Each case runs the real command line in a child process that interrupts
itself at a chosen point (SIGTERM while the document is being made, or while
the finished file is flushed to disk), or whose temporary file lives on a
full device (``/dev/full``: every write fails with ENOSPC).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conseils_citoyens.documents import jsonio
from conseils_citoyens.documents.jsonio import atomic_output, remove_stale_temporaries
from tests.test_hostile_text import hostile_responses

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and /dev/full")


@pytest.fixture
def responses_file(tmp_path: Path) -> Path:
    path = tmp_path / "reponses.json"
    path.write_text(json.dumps({"responses": hostile_responses()[:6]}), encoding="utf-8")
    return path


def _cli(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (patches), then the ``conseils-citoyens`` entry point with ``args``."""
    code = script + f"\nfrom conseils_citoyens.cli import run\nrun({list(args)!r})\n"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )


def _leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}"))


#: Send SIGTERM to ourselves: while the report is laid out, or while the file is flushed.
_SIGTERM_WHILE_WRITING = """
import os, signal
import docx.document
original = docx.document.Document.save
def save(self, stream):
    os.kill(os.getpid(), signal.SIGTERM)
    original(self, stream)
docx.document.Document.save = save
"""
_SIGTERM_WHILE_FLUSHING = """
import os, signal
from conseils_citoyens.documents import jsonio
real_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.SIGTERM)
    real_fsync(fd)
jsonio.os.fsync = fsync
"""


@pytest.mark.parametrize(
    "script", [_SIGTERM_WHILE_WRITING, _SIGTERM_WHILE_FLUSHING], ids=["writing", "flushing"]
)
def test_sigterm_is_handled_like_ctrl_c(responses_file: Path, tmp_path: Path, script: str) -> None:
    output = tmp_path / "rapport.docx"
    output.write_bytes(b"ancien rapport")
    done = _cli(script, "report", str(responses_file), "-o", str(output), "--force")
    assert done.returncode == 1, done.stderr
    assert "interrompu" in done.stderr
    assert "Traceback" not in done.stderr
    assert output.read_bytes() == b"ancien rapport"
    assert _leftovers(tmp_path, output.name) == []


def test_a_later_write_removes_what_a_killed_process_left(tmp_path: Path) -> None:
    """SIGKILL cannot be handled: the temporary file is recognised and removed later."""
    target = tmp_path / "rapport.docx"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead_pid = int(dead.stdout)
    tag = jsonio._host_tag()
    stale = tmp_path / f".rapport.docx.cc-{tag}-{dead_pid}-abc123_x.tmp"
    alive = tmp_path / f".rapport.docx.cc-{tag}-{os.getppid()}-abc123_x.tmp"
    elsewhere = tmp_path / f".rapport.docx.cc-00000000-{dead_pid}-abc123_x.tmp"
    other_file = tmp_path / f".autre.docx.cc-{tag}-{dead_pid}-abc123_x.tmp"
    lookalike = tmp_path / f".rapport.docx.{dead_pid}.tmp"
    for path in (stale, alive, elsewhere, other_file, lookalike):
        path.write_bytes(b"x")
    with atomic_output(target) as stream:
        stream.write(b"nouveau")
    assert target.read_bytes() == b"nouveau"
    assert not stale.exists()
    for kept in (alive, elsewhere, other_file, lookalike):
        assert kept.exists(), kept.name
    assert remove_stale_temporaries(target) == []


def test_a_killed_write_leaves_a_recognisable_file_that_the_next_run_removes(
    responses_file: Path, tmp_path: Path
) -> None:
    output = tmp_path / "rapport.docx"
    output.write_bytes(b"ancien rapport")
    kill = _SIGTERM_WHILE_FLUSHING.replace("signal.SIGTERM", "signal.SIGKILL")
    done = _cli(kill, "report", str(responses_file), "-o", str(output), "--force")
    assert done.returncode == -signal.SIGKILL
    assert output.read_bytes() == b"ancien rapport"
    (left,) = _leftovers(tmp_path, output.name)
    assert left.startswith(".rapport.docx.cc-")
    assert left.endswith(".tmp")
    again = _cli("", "report", str(responses_file), "-o", str(output), "--force")
    assert again.returncode == 0, again.stderr
    assert _leftovers(tmp_path, output.name) == []
    assert output.read_bytes().startswith(b"PK")


_FULL_DISK = """
import os, tempfile
real_mkstemp = tempfile.mkstemp
def mkstemp(*args, **kwargs):
    fd, name = real_mkstemp(*args, **kwargs)
    os.close(fd)
    return os.open("/dev/full", os.O_WRONLY), name
tempfile.mkstemp = mkstemp
"""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full")
@pytest.mark.parametrize("suffix", [".docx", ".odt", ".md", ".csv"])
def test_a_full_disk_is_one_clear_message(
    responses_file: Path, tmp_path: Path, suffix: str
) -> None:
    output = tmp_path / f"rapport{suffix}"
    done = _cli(_FULL_DISK, "report", str(responses_file), "-o", str(output))
    assert done.returncode == 5, done.stderr
    assert "Exception ignored" not in done.stderr
    assert "Traceback" not in done.stderr
    assert "écriture impossible" in done.stderr
    assert "disque plein" in done.stderr
    assert not output.exists()
    assert _leftovers(tmp_path, output.name) == []
