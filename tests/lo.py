"""Run LibreOffice headless with a private profile (concurrent runs with a shared one fail)."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from tests.conftest import soffice_path


def convert(source: Path, target_format: str, outdir: Path) -> Path:
    """Convert ``source`` with LibreOffice into ``outdir``; return the converted file."""
    binary = soffice_path()
    assert binary is not None, "LibreOffice is not installed"
    profile = outdir / f"lo-profile-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    extension = target_format.split(":", 1)[0]
    result = outdir / f"{source.stem}.{extension}"
    assert result.is_file(), f"LibreOffice produced no {result.name}"
    return result
