"""Printed forms for the scan tests: LibreOffice prints each once per session."""

from __future__ import annotations

import pytest

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Respondent
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from tests.conftest import soffice_path

SCAN_EXTRA = ("numpy", "pypdfium2", "zxingcpp", "PIL")


def require_scan_extra() -> None:
    """Skip the calling test module when a package of the scan extra is missing."""
    for module in SCAN_EXTRA:
        pytest.importorskip(module, reason="the scan extra is not installed")


class Printed:
    """The standard questionnaire's .odt (or .docx) form printed by LibreOffice once per token."""

    def __init__(self) -> None:
        self.questionnaire: Questionnaire = standard_questionnaire()
        self._pdfs: dict[tuple[str | None, str], bytes] = {}

    def pdf(self, token: str | None = None, source: str = "odt") -> bytes:
        from conseils_citoyens.formats.scan.pdf import print_form

        if (token, source) not in self._pdfs:
            respondent = Respondent(token=token) if token else None
            self._pdfs[token, source] = print_form(
                self.questionnaire,
                ExportOptions(respondent=respondent),
                source="docx" if source == "docx" else "odt",
            )
        return self._pdfs[token, source]

    def printer(self, questionnaire: Questionnaire, options: ExportOptions, source: str) -> bytes:
        """A FormPrints printer reusing this session's prints."""
        assert questionnaire == self.questionnaire
        return self.pdf(options.respondent.token if options.respondent else None, source)


@pytest.fixture(scope="session")
def printed() -> Printed:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) absent")
    return Printed()
