"""click's own messages (usage, errors, help) follow the CLI's language."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from babel.messages.pofile import read_po

from conseils_citoyens.cli._click_fr import MO_FILE, PO_FILE, compile_catalogue, use_language


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


def _catalogue() -> dict[object, object]:
    with PO_FILE.open("rb") as source:
        return {m.id: m.string for m in read_po(source) if m.id}


def test_the_compiled_catalogue_is_babels_compilation_of_the_po() -> None:
    use_language("fr")  # compiles it when missing or stale (a source checkout)
    assert MO_FILE.read_bytes() == compile_catalogue()


def test_the_catalogue_covers_the_messages_people_meet() -> None:
    catalogue = _catalogue()
    for message in (
        "Usage:",
        "Error: {message}",
        "Show this message and exit.",
        "Invalid value for {param_hint}: {message}",
        "Missing argument",
    ):
        assert catalogue.get(message), message


def test_every_translation_keeps_the_placeholders() -> None:
    for msgid, msgstr in _catalogue().items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = msgstr if isinstance(msgstr, tuple) else (msgstr,)
        assert all(strings), msgid
        for original, translated in zip(ids, strings, strict=True):
            assert set(re.findall(r"\{[^}]*\}|%\(\w+\)s", original)) == set(
                re.findall(r"\{[^}]*\}|%\(\w+\)s", translated)
            ), (original, translated)


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
