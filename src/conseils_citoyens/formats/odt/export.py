"""Export a questionnaire as a fillable OpenDocument text (.odt) form.

Choices are LibreOffice checkbox content controls (they become Word checkbox
content controls when LibreOffice saves the form as .docx), text answers are
content controls showing a placeholder, on a ruled line for handwriting.
Every slot is wrapped in a bookmark named after it, and the questionnaire's
identity is stored in user-defined document properties.
"""

from __future__ import annotations

from typing import IO, Final

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.odt.layout import form_blocks
from conseils_citoyens.survey.questionnaire.model import Questionnaire
from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

PROPERTY_ID: Final = "cc_questionnaire_id"
PROPERTY_VERSION: Final = "cc_questionnaire_version"
PROPERTY_HASH: Final = "cc_questionnaire_hash"
PROPERTY_TOKEN: Final = "cc_respondent_token"
PROPERTY_COUNCIL: Final = "cc_council_id"
#: ``easy_read`` on an easy-read form (absent on the standard one).
PROPERTY_VARIANT: Final = "cc_form_variant"


def form_properties(questionnaire: Questionnaire, options: ExportOptions) -> dict[str, str]:
    """The user-defined properties identifying the questionnaire (and respondent)."""
    ref = questionnaire_ref(questionnaire)
    properties = {PROPERTY_ID: ref.id, PROPERTY_VERSION: ref.version, PROPERTY_HASH: ref.hash}
    respondent = options.respondent
    if respondent is not None and respondent.token:
        properties[PROPERTY_TOKEN] = respondent.token
    if respondent is not None and respondent.council_id:
        properties[PROPERTY_COUNCIL] = respondent.council_id
    if options.easy_read:
        properties[PROPERTY_VARIANT] = "easy_read"
    return properties


def export_odt(
    questionnaire: Questionnaire, stream: IO[bytes], options: ExportOptions | None = None
) -> None:
    """Write ``questionnaire`` as a fillable .odt form to a binary stream."""
    from conseils_citoyens.formats._formtext import look_of
    from conseils_citoyens.formats._scanmarks import QR_TITLE, scan_qr_text
    from conseils_citoyens.formats.odt import _odf

    options = options or ExportOptions()
    _odf.render(
        form_blocks(questionnaire, options),
        stream,
        lang=options.lang,
        title=questionnaire.title.get(options.lang),
        properties=form_properties(questionnaire, options),
        look=look_of(options.easy_read),
        scan_qr=scan_qr_text(questionnaire, options, "odt"),
        scan_qr_title=QR_TITLE.get(options.lang, QR_TITLE["fr"]),
    )


__all__ = [
    "PROPERTY_COUNCIL",
    "PROPERTY_HASH",
    "PROPERTY_ID",
    "PROPERTY_TOKEN",
    "PROPERTY_VERSION",
    "export_odt",
    "form_properties",
]
