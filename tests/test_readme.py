"""Every command of the README runs as written (in a scratch folder)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: Commands the README says exit non-zero on purpose.
EXPECTED_EXIT = {
    "council check examples/conseil-citoyen-non-conforme.json": 1,
    "responses import demo-conseils-citoyens/3-formulaires-remplis": 1,
}


def _commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.S)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CONSEILS_CITOYENS_PLUGINS"}
    env["CONSEILS_CITOYENS_PLUGINS"] = ""  # the README's output must not depend on local plugins
    return env


def test_the_readme_has_the_two_setup_commands() -> None:
    commands = _commands()
    assert commands[:2] == ["uv run conseils-citoyens demo", "uv run pytest"]


@pytest.mark.slow
def test_every_cli_command_of_the_readme_runs(scratch: Path) -> None:
    ran = 0
    for command in _commands():
        words = shlex.split(command)
        if words[:2] != ["uv", "run"] or words[2] != "conseils-citoyens":
            assert words[:3] == ["uv", "run", "pytest"], f"unexpected README command: {command}"
            continue
        completed = subprocess.run(
            [sys.executable, "-m", "conseils_citoyens", *words[3:]],
            cwd=scratch,
            capture_output=True,
            text=True,
            env=_environment(),
            timeout=600,
        )
        expected = next((code for key, code in EXPECTED_EXIT.items() if key in command), 0)
        assert completed.returncode == expected, (
            f"{command}\n{completed.stdout}\n{completed.stderr}"
        )
        assert "Traceback" not in completed.stderr
        ran += 1
    assert ran >= 8
    for name in (
        "questionnaire.docx",
        "questionnaire.odt",
        "reponses.json",
        "rapport.docx",
        "programme.odt",
    ):
        assert (scratch / name).stat().st_size > 0


@pytest.mark.slow
def test_the_python_quickstart_runs(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conseils_citoyens.plugins import isolated_plugins

    monkeypatch.chdir(scratch)
    for block in _python_blocks():
        with isolated_plugins():
            exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert (scratch / "rapport.md").read_text(encoding="utf-8").startswith("# Besoins de formation")
