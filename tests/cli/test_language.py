"""click's own messages (usage, errors, help) follow the CLI's language."""

from __future__ import annotations

import os
import subprocess
import sys

from conseils_citoyens.cli._click_fr import CATALOGUE, MO_FILE, compile_catalogue


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LANG", "LC_ALL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "conseils_citoyens", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_the_committed_catalogue_is_the_compiled_one() -> None:
    assert MO_FILE.read_bytes() == compile_catalogue()


def test_the_catalogue_covers_the_messages_people_meet() -> None:
    for message in (
        "Usage:",
        "Error: {message}",
        "Show this message and exit.",
        "Invalid value for {param_hint}: {message}",
        "Missing argument",
    ):
        assert message in CATALOGUE


def test_usage_errors_are_in_french_by_default() -> None:
    result = _cli("report")
    assert result.returncode == 2
    assert "Utilisation : conseils-citoyens report" in result.stderr
    assert "Erreur : Argument manquant" in result.stderr
    assert "Usage:" not in result.stderr
    help_text = _cli("council", "--help").stdout
    assert "Affiche cette aide et quitte." in help_text


def test_english_on_request() -> None:
    assert "Usage: conseils-citoyens report" in _cli("--lang", "en", "report").stderr
    assert "Usage:" in _cli("report", LANG="en_GB.UTF-8").stderr
    assert "Utilisation :" in _cli("report", LANG="fr_FR.UTF-8").stderr
