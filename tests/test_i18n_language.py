"""The language of messages: a process-wide default, and per-thread ``with`` blocks."""

from __future__ import annotations

import threading
from collections.abc import Callable

from click.testing import CliRunner

from conseils_citoyens.i18n import get_language, language, set_language


def _in_thread(function: Callable[[], str]) -> str:
    seen: list[str] = []
    worker = threading.Thread(target=lambda: seen.append(function()))
    worker.start()
    worker.join()
    return seen[0]


def test_a_worker_thread_speaks_the_language_the_process_set() -> None:
    previous = set_language("en")
    try:
        assert _in_thread(get_language) == "en"
    finally:
        set_language(previous)
    assert _in_thread(get_language) == "fr"


def test_set_language_returns_the_previous_one_and_normalises() -> None:
    previous = set_language("en_GB.UTF-8")
    try:
        assert previous == "fr"
        assert set_language("fr") == "en"
    finally:
        set_language(previous)


def test_a_with_block_overrides_this_thread_only_and_restores() -> None:
    with language("en"):
        assert get_language() == "en"
        assert _in_thread(get_language) == "fr"
        with language("fr"):
            assert get_language() == "fr"
        assert get_language() == "en"
    assert get_language() == "fr"


def test_a_thread_can_override_the_process_language_for_itself() -> None:
    previous = set_language("en")
    try:

        def in_french() -> str:
            with language("fr"):
                return get_language()

        assert _in_thread(in_french) == "fr"
        assert get_language() == "fr"  # the test's own block (conftest) still wins here
        assert _in_thread(get_language) == "en"
    finally:
        set_language(previous)


def test_calling_the_cli_in_process_keeps_the_callers_language() -> None:
    from conseils_citoyens.cli import main

    previous = set_language("en")
    try:
        with language("en"):
            result = CliRunner().invoke(main, ["--lang", "fr", "plugins"])
            assert result.exit_code == 0, result.output
            assert get_language() == "en"
        assert set_language("en") == "en"  # the process-wide language was not touched either
    finally:
        set_language(previous)
