"""Printed forms for the scan tests: LibreOffice prints each once per session."""

from __future__ import annotations

import pytest

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.survey.questionnaire.model import Questionnaire, Respondent
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire
from tests.conftest import soffice_path

SCAN_EXTRA = ("numpy", "pypdfium2", "zxingcpp", "segno", "PIL")


def require_scan_extra() -> None:
    """Skip the calling test module when a package of the scan extra is missing."""
    for module in SCAN_EXTRA:
        pytest.importorskip(module, reason="the scan extra is not installed")


class Printed:
    """The standard questionnaire printed to PDF once per token."""

    def __init__(self) -> None:
        self.questionnaire: Questionnaire = standard_questionnaire()
        self._pdfs: dict[str | None, bytes] = {}

    def pdf(self, token: str | None = None) -> bytes:
        from conseils_citoyens.formats.scan.pdf import print_form

        if token not in self._pdfs:
            respondent = Respondent(token=token) if token else None
            self._pdfs[token] = print_form(self.questionnaire, ExportOptions(respondent=respondent))
        return self._pdfs[token]

    def printer(self, questionnaire: Questionnaire, options: ExportOptions) -> bytes:
        """A FormPrints printer reusing this session's prints."""
        assert questionnaire == self.questionnaire
        return self.pdf(options.respondent.token if options.respondent else None)


@pytest.fixture(scope="session")
def printed() -> Printed:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) absent")
    return Printed()
