"""Shared fixtures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from conseils_citoyens.i18n import language, set_language


@pytest.fixture(autouse=True)
def _french_messages() -> Iterator[None]:
    """Every test starts in French, the default language, and leaves it so."""
    previous = set_language("fr")
    try:
        with language("fr"):
            yield
    finally:
        set_language(previous)


def soffice_path() -> str | None:
    """Return the LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


requires_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) absent")
