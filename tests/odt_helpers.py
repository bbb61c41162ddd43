"""Small helpers shared by the .odt tests: a sample questionnaire and content.xml surgery."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.odt.export import export_odt
from conseils_citoyens.survey.questionnaire.model import (
    Choice,
    Date,
    Equals,
    LongText,
    Matrix,
    MultipleChoice,
    Number,
    Questionnaire,
    Ranking,
    Section,
    ShortText,
    SingleChoice,
    Text,
    YesNo,
)


def _c(code: str, label: str) -> Choice:
    return Choice(code=code, label=Text.of(label))


SAMPLE = Questionnaire(
    id="essai",
    version="1.0",
    title=Text.of("Recensement des besoins de formation", "Training needs survey"),
    introduction=Text.of("Merci de prendre dix minutes pour répondre."),
    sections=(
        Section(
            id="vous",
            title=Text.of("Vous et le conseil"),
            questions=(
                SingleChoice(
                    id="college",
                    label=Text.of("Votre collège"),
                    choices=(_c("habitants", "Habitants"), _c("acteurs", "Acteurs locaux")),
                    other=Text.of("Autre"),
                    help=Text.of("Le collège auquel vous appartenez."),
                    required=True,
                ),
                MultipleChoice(
                    id="formats",
                    label=Text.of("Formats souhaités"),
                    choices=(
                        _c("soir", "En soirée"),
                        _c("samedi", "Le samedi"),
                        _c("distance", "À distance"),
                    ),
                    max_selections=2,
                ),
                YesNo(id="forme", label=Text.of("Avez-vous déjà été formé(e) ?")),
                Matrix(
                    id="themes",
                    label=Text.of("Vos besoins par thème"),
                    rows=(_c("qpv", "Politique de la ville"), _c("budget", "Budget communal")),
                    columns=(_c("aucun", "Aucun"), _c("fort", "Fort")),
                    condition=Equals(question="forme", value="yes"),
                ),
                Ranking(
                    id="priorites",
                    label=Text.of("Vos priorités"),
                    choices=(_c("p1", "Prise de parole"), _c("p2", "Projets"), _c("p3", "Droit")),
                    top=2,
                ),
            ),
        ),
        Section(
            id="details",
            title=Text.of("Précisions"),
            questions=(
                Number(id="annees", label=Text.of("Années au conseil"), integer=False),
                Date(id="depuis", label=Text.of("Membre depuis")),
                ShortText(id="quartier", label=Text.of("Votre quartier")),
                LongText(id="remarques", label=Text.of("Remarques")),
            ),
        ),
    ),
)

SAMPLE_ANSWERS: dict[str, Any] = {
    "college": "other",
    "college.other": "Habitante relais",
    "formats": ["soir", "distance"],
    "forme": "yes",
    "themes": {"qpv": "fort", "budget": "aucun"},
    "priorites": ["p2", "p1"],
    "annees": 2.5,
    "depuis": "2021-09-30",
    "quartier": "Les Aubiers",
    "remarques": "Première ligne\nDeuxième ligne",
}


def exported(questionnaire: Questionnaire = SAMPLE, options: ExportOptions | None = None) -> bytes:
    buffer = io.BytesIO()
    export_odt(questionnaire, buffer, options or ExportOptions())
    return buffer.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def rewrite(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """Return a copy of the package with part ``name`` changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == name:
                blob = change(blob)
            kind = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, blob, compress_type=kind)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def resolver(questionnaire: Questionnaire = SAMPLE) -> Callable[[Any, str], Questionnaire]:
    from conseils_citoyens.errors import UnknownQuestionnaireError
    from conseils_citoyens.survey.questionnaire.serialize import questionnaire_ref

    def resolve(ref: Any, source: str) -> Questionnaire:
        if ref != questionnaire_ref(questionnaire):
            raise UnknownQuestionnaireError(
                source, {"fr": "questionnaire inconnu", "en": "unknown questionnaire"}
            )
        return questionnaire

    return resolve
