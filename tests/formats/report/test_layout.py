"""Page orientation and table widths of the Word and OpenDocument reports."""

from __future__ import annotations

import pytest

from conseils_citoyens.formats._textwidth import widest_word_cm
from conseils_citoyens.formats.report import layout
from conseils_citoyens.formats.report.content import Bar, Heading, ReportDocument, Table

LEVELS = ("Rang", "Thème", "Pas besoin", "Utile", "Important", "Prioritaire", "Déjà formé(e)")
WIDE = Table(
    caption="Détail",
    header=(*LEVELS, "Important ou prioritaire", "Score moyen", "Répondants"),
    rows=(
        (
            "1",
            "La gestion urbaine de proximité",
            "< 5",
            "masqué",
            "16",
            "17",
            "0",
            Bar("82\u00a0%", 0.82),
            "masqué",
            "40",
        ),
    ),
    bar_columns=(7,),
)
NARROW = Table(
    caption="Formats",
    header=("Réponse", "Part", "Nombre"),
    rows=(("En ligne", Bar("50\u00a0%", 0.5), "10"),),
    bar_columns=(1,),
)


def test_only_parts_with_a_wide_table_go_landscape() -> None:
    report = ReportDocument(
        title="T",
        subject="S",
        lang="fr",
        blocks=(
            Heading(text="T", level=1),
            Heading(text="Synthèse", level=2),
            NARROW,
            Heading(text="Détail", level=2),
            WIDE,
            Heading(text="Notes", level=2),
        ),
    )
    parts = layout.parts(report)
    assert [p.landscape for p in parts] == [False, True, False]
    assert sum(len(p.blocks) for p in parts) == len(report.blocks)
    assert parts[1].blocks[0] == Heading(text="Détail", level=2)


@pytest.mark.parametrize("table", [WIDE, NARROW])
def test_table_layout_fills_the_width_and_keeps_header_words_whole(table: Table) -> None:
    total = layout.LANDSCAPE_TEXT_CM if table is WIDE else layout.PORTRAIT_TEXT_CM
    plan = layout.table_layout(table, total)
    assert sum(plan.widths) == pytest.approx(total, abs=0.01)
    assert plan.header_pt in (11, 9)
    for header, width in zip(table.header, plan.widths, strict=True):
        assert widest_word_cm([header], plan.header_pt) + 2 * layout.PADDING_CM <= width
    for column in table.bar_columns:
        assert plan.widths[column] >= layout.bar_cell_cm()
