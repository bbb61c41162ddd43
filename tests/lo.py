"""Run LibreOffice headless with a private profile (concurrent runs with a shared one fail)."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

from tests.conftest import soffice_path


def convert(source: Path, target_format: str, outdir: Path, *, timeout: float = 180) -> Path:
    """Convert ``source`` with ``soffice --convert-to target_format`` into ``outdir``.

    ``target_format`` is e.g. ``"pdf"``, ``"docx"``, ``"odt"`` or
    ``"txt:Text (encoded):UTF8"``. Returns the converted file; raises
    AssertionError (with LibreOffice's output) when nothing was written.
    """
    binary = soffice_path()
    assert binary is not None, "LibreOffice is not installed"
    profile = Path(f"/tmp/lo-{uuid.uuid4().hex}")
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        completed = subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                target_format,
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    suffix = target_format.split(":", 1)[0]
    result = outdir / f"{source.stem}.{suffix}"
    assert result.exists(), f"LibreOffice wrote nothing: {completed.stdout} {completed.stderr}"
    return result
