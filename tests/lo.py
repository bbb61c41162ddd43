"""Run LibreOffice headless with a private profile (concurrent runs with a shared one fail)."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from tests.conftest import soffice_path


def convert(source: Path, target_format: str, outdir: Path, *, timeout: float = 180) -> Path:
    """Convert ``source`` with ``soffice --convert-to target_format`` into ``outdir``.

    Returns the converted file (same stem, suffix from the format's first part).
    """
    binary = soffice_path()
    assert binary is not None, "LibreOffice is not installed"
    profile = Path("/tmp") / f"lo-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
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
    suffix = target_format.split(":", 1)[0]
    result = outdir / f"{source.stem}.{suffix}"
    assert result.exists(), f"soffice failed: {completed.stdout}\n{completed.stderr}"
    subprocess.run(["rm", "-rf", str(profile)], check=False)
    return result
