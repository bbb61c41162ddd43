"""Synthetic scans of filled paper forms: pen marks drawn where the geometry says.

For tests, benchmarks and documentation pictures: the printed form is
rasterised, marks a pen would make are drawn at each zone (with jitter in
position, size and ink darkness), then the sheet is rotated, blurred, given
noise and saved as JPEG, like a real scan. Everything is seeded: the same
seed gives the same pictures.
"""

from __future__ import annotations

import io
import random
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from conseils_citoyens.formats.scan._deps import require
from conseils_citoyens.formats.scan.geometry import MM, FormGeometry, Rect, Zone
from conseils_citoyens.survey.questionnaire.model import Questionnaire

#: Marks drawn in boxes, and what a faithful reading is (``ticked`` or ``empty``,
#: ``doubtful`` for what a person must judge). ``light`` may be read either way.
BOX_MARKS: Final = ("empty", "tick", "cross", "filled", "crossed_out", "light")
EXPECTED: Final[Mapping[str, frozenset[str]]] = {
    "empty": frozenset({"empty"}),
    "tick": frozenset({"ticked"}),
    "cross": frozenset({"ticked"}),
    "filled": frozenset({"doubtful"}),
    "crossed_out": frozenset({"doubtful"}),
    "light": frozenset({"doubtful", "ticked"}),
    "text": frozenset({"written"}),
    "blank": frozenset({"empty"}),
}


@attrs.frozen(kw_only=True)
class ScanStyle:
    """How the scanner and the pen behave."""

    dpi: int = 200
    rotation: float = 0.0
    blur: float = 0.6
    noise: float = 6.0
    jpeg_quality: int = 75
    colour: bool = False
    shift: tuple[float, float] = (0.0, 0.0)


def random_style(rng: random.Random) -> ScanStyle:
    """A scanner setting drawn at random within what the reader must cope with."""
    return ScanStyle(
        dpi=rng.choice((150, 200, 300)),
        rotation=rng.uniform(-5.0, 5.0),
        blur=rng.uniform(0.0, 1.2),
        noise=rng.uniform(0.0, 10.0),
        jpeg_quality=rng.randint(45, 92),
        colour=rng.random() < 0.3,
        shift=(rng.uniform(-4, 4) * MM, rng.uniform(-4, 4) * MM),
    )


def random_marks(
    geometry: FormGeometry, rng: random.Random, *, weights: Mapping[str, float] | None = None
) -> dict[str, str]:
    """A mark for every zone (by zone id): boxes from :data:`BOX_MARKS`, zones written or blank."""
    weights = weights or {
        "empty": 0.62,
        "tick": 0.16,
        "cross": 0.12,
        "filled": 0.03,
        "crossed_out": 0.03,
        "light": 0.04,
    }
    names = list(weights)
    chosen: dict[str, str] = {}
    for zone in geometry.zones:
        if zone.kind.value == "check":
            chosen[zone.bookmark] = rng.choices(names, [weights[n] for n in names])[0]
        else:
            chosen[zone.bookmark] = "text" if rng.random() < 0.4 else "blank"
    return chosen


def _stroke(
    draw: Any,
    points: Sequence[tuple[float, float]],
    width: int,
    ink: int,
    colour: tuple[int, int, int] | None,
) -> None:
    fill = colour if colour is not None else ink
    draw.line(list(points), fill=fill, width=width, joint="curve")


def _draw_box_mark(
    draw: Any, kind: str, rect: Rect, scale: float, rng: random.Random, colour: bool
) -> None:
    if kind == "empty":
        return
    side = rect.width * scale
    cx, cy = (rect.x + rect.width / 2) * scale, (rect.y + rect.height / 2) * scale
    cx += rng.uniform(-0.12, 0.12) * side
    cy += rng.uniform(-0.12, 0.12) * side
    darkness = rng.randint(10, 90) if kind != "light" else rng.randint(185, 215)
    pen = (darkness // 3, darkness // 3, min(darkness + 110, 255)) if colour else None
    if colour and kind == "light":  # a pale pencil, not a bright blue pen
        pen = (darkness, darkness, min(darkness + 25, 255))
    width = max(round(rng.uniform(0.35, 0.7) * MM * scale), 1)
    size = side * rng.uniform(0.8, 1.25)

    def at(u: float, v: float) -> tuple[float, float]:
        return (cx + u * size, cy + v * size)

    if kind in ("tick", "light"):
        _stroke(draw, [at(-0.45, 0.0), at(-0.1, 0.4), at(0.55, -0.6)], width, darkness, pen)
    elif kind == "cross":
        _stroke(draw, [at(-0.5, -0.5), at(0.5, 0.5)], width, darkness, pen)
        _stroke(draw, [at(-0.5, 0.5), at(0.5, -0.5)], width, darkness, pen)
    elif kind == "filled":
        box = [at(-0.5, -0.5), at(0.5, 0.5)]
        draw.rectangle([box[0], box[1]], fill=pen if pen else darkness)
    elif kind == "crossed_out":
        # A tick scribbled over with dense zigzags, as people cancel an answer.
        _stroke(draw, [at(-0.45, 0.0), at(-0.1, 0.4), at(0.55, -0.6)], width, darkness, pen)
        lines = rng.randint(7, 11)
        zig = [at(-0.55 + 1.1 * (i % 2), -0.55 + 1.1 * i / lines) for i in range(lines + 1)]
        _stroke(draw, zig, max(width, 2), darkness, pen)
        zag = [at(-0.55 + 1.1 * i / lines, -0.55 + 1.1 * (i % 2)) for i in range(lines + 1)]
        _stroke(draw, zag, max(width, 2), darkness, pen)


def _draw_writing(draw: Any, zone: Zone, scale: float, rng: random.Random, colour: bool) -> None:
    rect = zone.rect
    darkness = rng.randint(10, 80)
    pen = (darkness // 3, darkness // 3, min(darkness + 110, 255)) if colour else None
    width = max(round(0.4 * MM * scale), 1)
    x = (rect.x + rng.uniform(4, 20)) * scale
    baseline = (rect.y + min(rect.height * 0.6, 14)) * scale
    end = (rect.x + rect.width * rng.uniform(0.35, 0.9)) * scale
    points = []
    step = 2.2 * MM * scale
    while x < end:
        points.append((x, baseline - rng.uniform(0.5, 2.6) * MM * scale))
        points.append((x + step / 2, baseline))
        x += step
    _stroke(draw, points, width, darkness, pen)


def scan_page(
    page_picture: Any,
    geometry: FormGeometry,
    page: int,
    marks: Mapping[str, str],
    style: ScanStyle,
    rng: random.Random,
    *,
    render_scale: float,
) -> Any:
    """Draw the marks of page ``page`` on its rendered picture, then degrade it like a scanner."""
    np = require("numpy")
    pil = require("PIL.Image")
    draw_module = require("PIL.ImageDraw")
    filters = require("PIL.ImageFilter")
    picture = page_picture.convert("RGB" if style.colour else "L")
    draw = draw_module.Draw(picture)
    for zone in geometry.zones_on(page):
        kind = marks.get(zone.bookmark, "empty")
        if zone.kind.value == "check":
            _draw_box_mark(draw, kind, zone.rect, render_scale, rng, style.colour)
        elif kind == "text":
            _draw_writing(draw, zone, render_scale, rng, style.colour)
    target = style.dpi / 72 / render_scale
    if abs(target - 1) > 1e-3:
        picture = picture.resize(
            (int(picture.width * target), int(picture.height * target)), pil.Resampling.LANCZOS
        )
    fill = (255, 255, 255) if style.colour else 255
    picture = picture.rotate(
        style.rotation,
        resample=pil.Resampling.BICUBIC,
        fillcolor=fill,
        expand=True,
        translate=(style.shift[0] * style.dpi / 72, style.shift[1] * style.dpi / 72),
    )
    if style.blur > 0:
        picture = picture.filter(filters.GaussianBlur(style.blur * style.dpi / 200))
    if style.noise > 0:
        array = np.asarray(picture, dtype=np.float32)
        noise = np.random.default_rng(rng.randrange(2**32)).normal(0, style.noise, array.shape)
        picture = pil.fromarray(np.clip(array + noise, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=style.jpeg_quality)
    buffer.seek(0)
    degraded = pil.open(buffer)
    degraded.load()
    degraded.info["dpi"] = (style.dpi, style.dpi)
    return degraded


def render_pages(pdf: bytes, *, dpi: int = 300) -> list[Any]:
    """Rasterise every page of a printed form (white paper, grey)."""
    pdfium = require("pypdfium2")
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))
        ]
    finally:
        document.close()


def to_pdf(pictures: Sequence[Any], dpi: int = 200) -> bytes:
    """A multi-page PDF of scanned pictures (JPEG inside, like a scanner's)."""
    buffer = io.BytesIO()
    first, *rest = [p.convert("RGB") if p.mode not in ("L", "RGB") else p for p in pictures]
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=dpi)
    return buffer.getvalue()


def scan_form(
    pdf: bytes,
    geometry: FormGeometry,
    marks: Mapping[str, str],
    rng: random.Random,
    *,
    style: ScanStyle | None = None,
    render_dpi: int = 300,
) -> list[Any]:
    """Every page of a printed form, filled with ``marks`` and scanned (one style per page when None)."""
    pages = render_pages(pdf, dpi=render_dpi)
    return [
        scan_page(
            picture,
            geometry,
            number,
            marks,
            style or random_style(rng),
            rng,
            render_scale=render_dpi / 72,
        )
        for number, picture in enumerate(pages, start=1)
    ]


def marks_for_answers(
    questionnaire: Questionnaire,
    geometry: FormGeometry,
    answers: Mapping[str, Any],
    rng: random.Random,
    *,
    cancelled: float = 0.01,
    light: float = 0.03,
) -> dict[str, str]:
    """The marks a respondent with ``answers`` makes: ticks or crosses on chosen boxes,
    writing in filled zones; a few empty boxes ticked then scribbled over (``cancelled``
    share), a few chosen boxes ticked lightly (``light`` share)."""
    from conseils_citoyens.formats.slots import slot_values_from_answers

    values = {
        slot.bookmark: value
        for slot, value in slot_values_from_answers(questionnaire, answers).items()
    }
    marks: dict[str, str] = {}
    for zone in geometry.zones:
        value = values.get(zone.bookmark)
        if isinstance(value, str):
            marks[zone.bookmark] = "text" if value.strip() else "blank"
        elif value:
            marks[zone.bookmark] = (
                "light" if rng.random() < light else rng.choice(("tick", "cross"))
            )
        else:
            marks[zone.bookmark] = "crossed_out" if rng.random() < cancelled else "empty"
    return marks
