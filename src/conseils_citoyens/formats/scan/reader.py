"""Read one scanned page: find its QR code and corner marks, then measure every zone.

Pages are grey images (numpy ``uint8``). The QR code names the form and gives
a first estimate of where the page lies in the image (any rotation, any
resolution); the four corner marks then give the exact projective transform
from page points to image pixels. Each zone is measured by sampling the image
at page coordinates through that transform, so rotation, scale and slight
perspective never need the image to be resampled as a whole.

The QR code of a form's page header does not say the page: :func:`identify`
compares the page with each page of the form's print (blurred darkness maps,
allowing a drift of about 2 mm) and takes the one it clearly matches, or
refuses the page. :func:`check_layout` then looks for every box around its
place: a box found a few millimetres away, whose line of the page still looks
like the print's, is read where it is, and a write-in zone is matched with its
printed lines near the nearest box's offset; a page whose boxes are not where
the print has them (another layout) is refused, never read.

A box is **ticked**, **empty** or **doubtful**; doubtful covers a very light
mark, a small stray mark, a box blackened or scribbled over (crossed out), and
a box whose printed outline is not found where expected. A write-in zone is
**written** or **empty** (printed lines and placeholders are subtracted
first, using the form's own rendering as reference).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from conseils_citoyens.formats.scan._deps import require
from conseils_citoyens.formats.scan.geometry import (
    MM,
    FormGeometry,
    Rect,
    Zone,
    page_furniture,
)
from conseils_citoyens.formats.scan.identity import PageIdentity, decode
from conseils_citoyens.formats.slots import SlotKind

#: numpy arrays (the scan extra is optional, so they are typed loosely here).
Image = Any
Floats = Any

#: Resolution at which PDF scans are rasterised.
RASTER_DPI: Final = 200
#: Pictures larger than this (pixels, long side) are reduced before reading.
MAX_SIDE: Final = 4000
#: Darkness (0 paper, 1 printed black) above which a sample is ink.
INK: Final = 0.42
#: Darkness above which a sample is a light mark (pencil, pressed lightly).
FAINT: Final = 0.14
#: Box readings: share of the box's inside covered with ink. A pen stroke covers
#: a share that falls as the box grows (its width does not grow with the box), so
#: these shares are for a box of :data:`REFERENCE_BOX` points and scaled by
#: ``REFERENCE_BOX / side`` for others; :data:`FILLED_FROM` is a share of the
#: area whatever the size.
REFERENCE_BOX: Final = 10.0
EMPTY_BELOW: Final = 0.02
TICK_FROM: Final = 0.10
FILLED_FROM: Final = 0.75
#: More ink than any tick or cross leaves (scaled like the shares above, at most
#: :data:`FILLED_FROM`): a box scribbled over.
DENSE_FROM: Final = 0.72
#: Share of the box's inside inked above which the box is blackened all over (filled
#: solid), not scribbled: see :func:`check_layout` for a box whose outline is lost in it.
SOLID_FROM: Final = 0.95
FAINT_DOUBT: Final = 0.05
#: Darkness, averaged over 1 point, above which a sample is marked at all (even by
#: a pale pencil); a box with :data:`MARKED_FROM` of it marked is not empty.
MARKED: Final = 0.08
MARKED_FROM: Final = 0.03
#: A mark whose darkest part (averaged over 1 point) stays below this is a light
#: mark, whatever its size.
DARK_MARK: Final = 0.45
#: Page identification: a page is the page of the form's print whose picture it
#: matches best (correlation of darkness maps, :data:`SIGNATURE_CELL` points a
#: cell); the best must reach :data:`MATCH_FROM` and beat the second by
#: :data:`MATCH_MARGIN`, and a page whose number is printed must match its page.
SIGNATURE_CELL: Final = 2.0
MATCH_FROM: Final = 0.55
MATCH_MARGIN: Final = 0.15
#: How far (cells) the content of a page may drift from the print's, each way.
MATCH_DRIFT: Final = 3
#: A box's line of the page must correlate this well with the print's line.
LINE_MATCH: Final = 0.5
#: Box search: each box outline is looked for this far around its place (moved by
#: the page's drift), in points; a box found away from its place is read where found.
BOX_REACH: Final = 3.0 * MM
#: A write-in zone's print is looked for this far around the nearest box's offset.
WRITE_IN_REACH: Final = 2.0 * MM
#: A box outline is found when each of its four sides is at least this dark.
OUTLINE_FOUND: Final = 0.3
#: A box not found whose inside is this much inked, its line of the page otherwise as
#: printed (:data:`BLACKENED_MARGIN` points around the box left out), is blackened.
BLACKENED_FROM: Final = 0.9
BLACKENED_MARGIN: Final = 1.5 * MM
#: Boxes of a page not found (share, and count) that make the page laid out otherwise.
LOST_SHARE: Final = 0.1
LOST_COUNT: Final = 2
#: Ink samples (strokes) in a write-in zone that make it written, or doubtful.
WRITTEN_FROM: Final = 40
TRACE_FROM: Final = 12
A4: Final = (595.30, 841.89)
IMAGE_SUFFIXES: Final = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


class Mark(enum.Enum):
    """What a zone holds."""

    TICKED = "ticked"
    EMPTY = "empty"
    DOUBTFUL = "doubtful"
    WRITTEN = "written"


#: Why a zone is doubtful: code -> (French, English).
REASONS: Final[dict[str, tuple[str, str]]] = {
    "light": ("marque très légère", "very light mark"),
    "small": ("petite marque isolée", "small stray mark"),
    "filled": (
        "case noircie ou raturée (cochée puis annulée ?)",
        "box blackened or scribbled over (ticked then cancelled?)",
    ),
    "blackened": (
        "case noircie en entier (cochée ou raturée ?)",
        "box inked over entirely (ticked or crossed out?)",
    ),
    "outline": (
        "case introuvable à l'endroit prévu (page mal alignée ?)",
        "box not found where expected (page misaligned?)",
    ),
    "trace": ("petite trace dans la zone d'écriture", "small trace in the write-in zone"),
    "handwriting": ("texte manuscrit à saisir", "handwritten text to type in"),
}


@attrs.frozen(kw_only=True)
class PageImage:
    """One page image from an input file: ``source`` names the file and page."""

    file: str
    index: int
    pixels: Any  # Image

    @property
    def label(self) -> str:
        """``scans.pdf, page 3`` (pages from 1)."""
        return f"{self.file}, page {self.index + 1}"


@attrs.frozen(kw_only=True)
class LocatedPage:
    """A page whose identity and transform are known.

    ``drift`` (x, y in points) is how far the page's content sits from the
    print's (:func:`identify`); ``offsets`` (zone id -> x, y in points) says
    where each box was found relative to where the print has it, once
    :func:`check_layout` looked (a box it did not find is doubtful);
    ``blackened`` (zone id -> offset) the boxes it did not find because they are
    inked over solid, their outline lost in the ink (doubtful too, for that reason).
    """

    image: PageImage
    identity: PageIdentity
    transform: Any  # 3x3 homography, page points -> pixels
    paper: float
    ink: float
    offsets: Mapping[str, tuple[float, float]] | None = None
    drift: tuple[float, float] = (0.0, 0.0)
    blackened: Mapping[str, tuple[float, float]] = attrs.field(factory=dict)

    @property
    def number(self) -> int:
        """The page's number in its form (once known: printed, or found by :func:`identify`)."""
        if self.identity.page is None:
            raise ValueError("page not identified yet")
        return self.identity.page

    @property
    def pixels_per_point(self) -> float:
        """The scan's resolution in pixels per PDF point (about dpi / 72)."""
        np = require("numpy")
        linear = self.transform[:2, :2] / self.transform[2, 2]
        return float(np.sqrt(abs(np.linalg.det(linear))))


@attrs.frozen(kw_only=True)
class ZoneReading:
    """The reading of one zone: its mark, the measures behind it, and why it is doubtful."""

    zone: Zone
    mark: Mark
    ink: float = 0.0
    faint: float = 0.0
    outline: float = 1.0
    reason: str | None = None


class PageError(Exception):
    """A page that cannot be read: ``code`` and the French/English reason."""

    def __init__(self, code: str, fr: str, en: str) -> None:
        super().__init__(fr)
        self.code = code
        self.texts = {"fr": fr, "en": en}


# --- loading images ---------------------------------------------------------------


def load_pages(path: Path) -> Iterator[PageImage]:
    """Every page of a scan file (PDF, PNG, JPEG, TIFF), as grey pixels."""
    np = require("numpy")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pdfium = require("pypdfium2")
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise PageError(
                "scan.unreadable", f"PDF illisible ({exc})", f"unreadable PDF ({exc})"
            ) from exc
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                # A form page is A4; a huge page (PDF allows 5 m a side) is rendered
                # within MAX_SIDE pixels, like a huge picture, never 1.6 GB of grey.
                side = max(float(v) for v in page.get_size())
                scale = min(RASTER_DPI / 72, MAX_SIDE / side) if side > 0 else RASTER_DPI / 72
                bitmap = page.render(scale=scale, grayscale=True)
                pixels = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
                if pixels.ndim == 3:
                    pixels = pixels[:, :, 0]
                yield PageImage(file=str(path), index=index, pixels=pixels)
        finally:
            pdf.close()
        return
    pil = require("PIL.Image")
    sequence = require("PIL.ImageSequence")
    try:
        with pil.open(path) as picture:
            for index, frame in enumerate(sequence.Iterator(picture)):
                grey = frame.convert("L")
                # 600 dpi scans are read at 300 dpi: as exact, four times less work.
                factor = max(grey.width, grey.height) // MAX_SIDE + 1
                if factor > 1:
                    grey = grey.reduce(factor)
                yield PageImage(
                    file=str(path), index=index, pixels=np.asarray(grey, dtype=np.uint8)
                )
    except (OSError, pil.DecompressionBombError, ValueError) as exc:
        raise PageError(
            "scan.unreadable", f"image illisible ({exc})", f"unreadable image ({exc})"
        ) from exc


# --- locating the page ---------------------------------------------------------------


def _homography(source: Floats, target: Floats) -> Floats:
    """The 3x3 projective transform taking each ``source`` point to its ``target``."""
    np = require("numpy")
    rows = []
    values = []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        values.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.append(v)
    solution, *_ = np.linalg.lstsq(np.array(rows, float), np.array(values, float), rcond=None)
    return np.append(solution, 1.0).reshape(3, 3)


def _affine(source: Floats, target: Floats) -> Floats:
    np = require("numpy")
    ones = np.ones((len(source), 1))
    design = np.hstack([source, ones])
    solution, *_ = np.linalg.lstsq(design, target, rcond=None)
    return np.vstack([solution.T, [0.0, 0.0, 1.0]])


def project(transform: Floats, points: Floats) -> Floats:
    """Map page points (N x 2) to pixel coordinates."""
    np = require("numpy")
    homogeneous = np.hstack([points, np.ones((len(points), 1))]) @ transform.T
    return homogeneous[:, :2] / homogeneous[:, 2:3]


def _read_qr(pixels: Image) -> tuple[PageIdentity, Floats] | None:
    zxing = require("zxingcpp")
    for barcode in zxing.read_barcodes(pixels, formats=zxing.BarcodeFormat.QRCode):
        identity = decode(barcode.text)
        if identity is None:
            continue
        position = barcode.position
        corners = [
            position.top_left,
            position.top_right,
            position.bottom_right,
            position.bottom_left,
        ]
        np = require("numpy")
        return identity, np.array([[c.x, c.y] for c in corners], float)
    return None


def locate(
    image: PageImage, size_of: Callable[[PageIdentity], tuple[float, float] | None] | None = None
) -> LocatedPage:
    """Find the page's QR code and corner marks; raise :class:`PageError` when missing.

    ``size_of`` gives the size in points of the page a QR code names (A4 when unknown).
    """
    np = require("numpy")
    found = _read_qr(image.pixels)
    if found is None:
        raise PageError(
            "scan.no_qr",
            "code QR introuvable ou illisible : page d'un autre document, ou scan trop flou ou "
            "trop petit (150 dpi au moins)",
            "QR code missing or unreadable: a page of another document, or a scan too blurred "
            "or too small (150 dpi at least)",
        )
    identity, corners = found
    width, height = (size_of(identity) if size_of else None) or A4
    furniture = page_furniture(width, height)
    qr = furniture.qr
    page_corners = np.array(
        [[qr.x, qr.y], [qr.right, qr.y], [qr.right, qr.bottom], [qr.x, qr.bottom]], float
    )
    # An affine estimate: a projective one from four close points extrapolates badly.
    first = _affine(page_corners, corners)
    darkness = _darkness_map(image.pixels)
    centres: list[tuple[float, float]] = []
    targets: list[tuple[float, float]] = []
    ink_levels: list[float] = []
    for mark in furniture.marks:
        hit = _find_mark(darkness, first, mark)
        if hit is not None:
            centres.append(mark.centre)
            targets.append(hit[:2])
            ink_levels.append(hit[2])
    if len(centres) < 3:
        raise PageError(
            "scan.no_marks",
            f"{4 - len(centres)} marques d'angle introuvables : page coupée au scan, pliée ou "
            "trop tournée",
            f"{4 - len(centres)} corner marks not found: page cut off by the scanner, folded or "
            "rotated too much",
        )
    source = np.array(centres, float)
    target = np.array(targets, float)
    transform = _homography(source, target) if len(centres) == 4 else _affine(source, target)
    paper = float(np.percentile(image.pixels[::4, ::4], 90))
    ink = float(np.median(ink_levels))
    if paper - ink < 60:
        raise PageError(
            "scan.contrast",
            "page trop pâle ou trop sombre : le noir des marques ne se distingue pas du papier",
            "page too pale or too dark: the black of the marks cannot be told from the paper",
        )
    return LocatedPage(image=image, identity=identity, transform=transform, paper=paper, ink=ink)


# --- which page, and is it laid out as printed ----------------------------------------

#: Why a page is refused although its marks were found: (French, English).
OTHER_LAYOUT_FIX: Final = (
    "imprimez plutôt le formulaire PDF de l'outil, ou le formulaire .odt ou .docx depuis "
    "LibreOffice ; ce formulaire-ci est à saisir à la main",
    "print the tool's PDF form instead, or the .odt or .docx form from LibreOffice; this "
    "form is to be typed in by hand",
)


def _other_layout(detail_fr: str, detail_en: str) -> PageError:
    return PageError(
        "scan.other_layout",
        f"{detail_fr} : formulaire mis en page autrement que l'impression de référence "
        f"(imprimé depuis Microsoft Word ou un autre logiciel ?) ; ses cases ne sont pas lues ; "
        f"{OTHER_LAYOUT_FIX[0]}",
        f"{detail_en}: a form laid out otherwise than the reference print (printed from "
        f"Microsoft Word or another program?); its boxes are not read; {OTHER_LAYOUT_FIX[1]}",
    )


def _cells(values: Floats, factor: int) -> Floats:
    """Mean of each ``factor`` x ``factor`` block."""
    rows, columns = values.shape[0] // factor, values.shape[1] // factor
    blocks = values[: rows * factor, : columns * factor].reshape(rows, factor, columns, factor)
    return blocks.mean(axis=(1, 3))


def _signature(cells: Floats, size: tuple[float, float]) -> Floats:
    """A page's darkness cells, blurred over 3 cells, furniture masked, centred, unit norm."""
    np = require("numpy")
    blurred = _mean3(cells)
    mask = np.ones(blurred.shape, dtype=bool)
    furniture = page_furniture(*size)
    for rect in (*furniture.marks, furniture.qr):
        grown = rect.grown(SIGNATURE_CELL * 2)
        top, left = int(grown.y / SIGNATURE_CELL), int(grown.x / SIGNATURE_CELL)
        bottom = int(grown.bottom / SIGNATURE_CELL) + 1
        right = int(grown.right / SIGNATURE_CELL) + 1
        mask[max(top, 0) : bottom, max(left, 0) : right] = False
    centred = np.where(mask, blurred - blurred[mask].mean(), 0.0)
    norm = float(np.sqrt((centred**2).sum()))
    return centred / norm if norm > 0 else centred


def reference_signatures(
    reference: Sequence[Floats], scale: float, sizes: Sequence[tuple[float, float]]
) -> list[Floats]:
    """The signature of each page of the form's print (``reference``: darkness maps)."""
    factor = max(round(SIGNATURE_CELL * scale), 1)
    return [
        _signature(_cells(page, factor), size) for page, size in zip(reference, sizes, strict=True)
    ]


def scan_signature(page: LocatedPage, size: tuple[float, float]) -> Floats:
    """The signature of a scanned page: for each cell, the block of pixels under its centre.

    The picture is reduced to blocks of about a cell (means of the pixels), and
    each cell takes the block its centre falls in through the page's transform:
    a few degrees of rotation do not matter once cells are blurred together.
    """
    np = require("numpy")
    pixels = page.image.pixels
    factor = max(round(page.pixels_per_point * SIGNATURE_CELL), 1)
    height, width = pixels.shape[0] // factor, pixels.shape[1] // factor
    blocks = pixels[: height * factor, : width * factor].reshape(height, factor, width, factor).sum(
        axis=(1, 3), dtype=np.uint32
    ) / float(factor * factor)
    columns, rows = int(size[0] / SIGNATURE_CELL), int(size[1] / SIGNATURE_CELL)
    xs = (np.arange(columns) + 0.5) * SIGNATURE_CELL
    ys = (np.arange(rows) + 0.5) * SIGNATURE_CELL
    grid_x, grid_y = np.meshgrid(xs, ys)
    centres = project(page.transform, np.stack([grid_x.ravel(), grid_y.ravel()], axis=1))
    x = np.floor(centres[:, 0] / factor).astype(int)
    y = np.floor(centres[:, 1] / factor).astype(int)
    inside = (x >= 0) & (x < width) & (y >= 0) & (y < height)
    value = np.where(
        inside, blocks[np.clip(y, 0, height - 1), np.clip(x, 0, width - 1)], page.paper
    )
    span = max(page.paper - page.ink, 1.0)
    darkness = np.clip((page.paper - value) / span, 0.0, 1.0).reshape(rows, columns)
    return _signature(darkness, size)


def match_scores(
    page: LocatedPage, signatures: Sequence[Floats], size: tuple[float, float]
) -> list[tuple[float, tuple[float, float]]]:
    """How well the scanned page matches each page of the print: (correlation, drift).

    The correlation (-1 to 1) is the best over drifts of the content up to
    :data:`MATCH_DRIFT` cells each way; ``drift`` (x, y in points) is where it is best.
    """
    np = require("numpy")
    scanned = scan_signature(page, size)
    reach = MATCH_DRIFT
    results = []
    for signature in signatures:
        rows = min(signature.shape[0], scanned.shape[0])
        columns = min(signature.shape[1], scanned.shape[1])
        # Zeros around (no wrapping), to a size the FFT does fast.
        shape = (-(-(rows + 2 * reach) // 64) * 64, -(-(columns + 2 * reach) // 64) * 64)
        printed = np.fft.rfft2(signature[:rows, :columns], shape)
        moved = np.fft.rfft2(scanned[:rows, :columns], shape)
        # correlation[dy, dx] = sum of printed[y, x] * scanned[y + dy, x + dx]
        correlation = np.fft.irfft2(np.conj(printed) * moved, shape)
        window = np.roll(correlation, (reach, reach), axis=(0, 1))[: 2 * reach + 1, : 2 * reach + 1]
        dy, dx = np.unravel_index(int(np.argmax(window)), window.shape)
        results.append(
            (
                float(window[dy, dx]),
                ((int(dx) - reach) * SIGNATURE_CELL, (int(dy) - reach) * SIGNATURE_CELL),
            )
        )
    return results


def identify(
    page: LocatedPage, signatures: Sequence[Floats], size: tuple[float, float]
) -> LocatedPage:
    """The page with its number: the page of the print it clearly matches.

    A page whose QR code gives its number (earlier PDF forms) must match that
    page. Raise :class:`PageError` when no page matches well, or two match
    alike: a page is never guessed.
    """
    matches = match_scores(page, signatures, size)
    scores = [score for score, _ in matches]
    ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
    best = ranked[0]
    second = scores[ranked[1]] if len(ranked) > 1 else -1.0
    identity = page.identity
    if identity.page is not None:
        expected = identity.page - 1
        score = scores[expected] if expected < len(scores) else 0.0
        if score >= MATCH_FROM:
            return attrs.evolve(page, drift=matches[expected][1])
        raise _other_layout(
            f"la page ne ressemble pas à la page {identity.page} imprimée "
            f"(ressemblance {score:.2f})",
            f"the page does not look like printed page {identity.page} (likeness {score:.2f})",
        )
    if scores[best] < MATCH_FROM:
        raise _other_layout(
            f"la page ne ressemble à aucune page du formulaire imprimé "
            f"(ressemblance {scores[best]:.2f} au mieux, page {best + 1})",
            f"the page looks like no page of the printed form "
            f"(likeness {scores[best]:.2f} at best, page {best + 1})",
        )
    if scores[best] - second < MATCH_MARGIN:
        raise PageError(
            "scan.ambiguous_page",
            f"page du formulaire incertaine : elle ressemble autant à la page {best + 1} "
            f"qu'à la page {ranked[1] + 1} ; saisissez-la à la main",
            f"unsure which page of the form this is: it looks as much like page {best + 1} "
            f"as page {ranked[1] + 1}; type it in by hand",
        )
    identity = attrs.evolve(identity, page=best + 1, pages=len(scores))
    return attrs.evolve(page, identity=identity, drift=matches[best][1])


def find_box(page: LocatedPage, rect: Rect, reach: float = BOX_REACH) -> tuple[float, float] | None:
    """Where the printed outline of box ``rect`` is, within ``reach`` points: (dx, dy) or None.

    Each side must be dark along most of its length (a tick or a cross is not
    an outline), allowing 1 point for blur and misalignment; among the offsets
    that pass, the one where the four sides are darkest exactly on the line wins.
    """
    np = require("numpy")
    step, tolerance = 0.5, 2  # samples: 1 point each side of a line
    margin = reach + tolerance * step
    window = rect.grown(margin)
    columns, rows = int(window.width / step) + 3, int(window.height / step) + 3
    xs = window.x + np.arange(columns) * step
    ys = window.y + np.arange(rows) * step
    grid_x, grid_y = np.meshgrid(xs, ys)
    darkness = sample(page, np.stack([grid_x.ravel(), grid_y.ravel()], axis=1))
    darkness = darkness.reshape(rows, columns)
    across_rows = darkness.copy()  # each sample: the darkest within 1 point up or down
    across_columns = darkness.copy()
    for shift in range(1, tolerance + 1):
        across_rows[:-shift] = np.maximum(across_rows[:-shift], darkness[shift:])
        across_rows[shift:] = np.maximum(across_rows[shift:], darkness[:-shift])
        across_columns[:, :-shift] = np.maximum(across_columns[:, :-shift], darkness[:, shift:])
        across_columns[:, shift:] = np.maximum(across_columns[:, shift:], darkness[:, :-shift])
    width, height = round(rect.width / step), round(rect.height / step)
    a_x, b_x = round(0.15 * width), round(0.85 * width)
    a_y, b_y = round(0.15 * height), round(0.85 * height)
    offsets = round(2 * reach / step) + 1
    origin = tolerance  # the box's place with no offset is at reach / step from here

    def sides(horizontal_lines: Floats, vertical_lines: Floats) -> Floats:
        along_rows = np.pad(horizontal_lines, ((0, 0), (1, 0))).cumsum(axis=1)
        along_columns = np.pad(vertical_lines, ((1, 0), (0, 0))).cumsum(axis=0)

        def horizontal(row: int) -> Floats:
            r = slice(origin + row, origin + row + offsets)
            start = along_rows[r, origin + a_x : origin + a_x + offsets]
            end = along_rows[r, origin + b_x : origin + b_x + offsets]
            return (end - start) / (b_x - a_x)

        def vertical(column: int) -> Floats:
            c = slice(origin + column, origin + column + offsets)
            start = along_columns[origin + a_y : origin + a_y + offsets, c]
            end = along_columns[origin + b_y : origin + b_y + offsets, c]
            return (end - start) / (b_y - a_y)

        return np.stack([horizontal(0), horizontal(height), vertical(0), vertical(width)])

    tolerant = sides(across_rows, across_columns).min(axis=0)
    best = float(tolerant.max())
    if best < OUTLINE_FOUND:
        return None
    exact = sides(darkness, darkness).mean(axis=0)
    candidates = np.where(tolerant >= max(best - 0.1, OUTLINE_FOUND), exact, -1.0)
    y, x = np.unravel_index(int(np.argmax(candidates)), candidates.shape)
    centre = (offsets - 1) / 2
    return ((float(x) - centre) * step, (float(y) - centre) * step)


def _band(rect: Rect, width: float) -> Rect:
    """The line of the page through a box: from the text's left margin to its right one."""
    left = 18 * MM
    return Rect(
        x=left, y=rect.y - 1, width=min(width - 18 * MM, 200 * MM) - left, height=rect.height + 2
    )


def _band_match(
    page: LocatedPage,
    band: Rect,
    offset: tuple[float, float],
    reference: Floats,
    scale: float,
    masked: Sequence[Rect] = (),
) -> float:
    """Correlation of the scan's line ``band`` (moved by ``offset``) with the print's line,
    leaving out the columns of the ``masked`` boxes (with :data:`BLACKENED_MARGIN` around)."""
    np = require("numpy")
    step = 0.5
    columns, rows = int(band.width / step), int(band.height / step)
    xs = band.x + (np.arange(columns) + 0.5) * step
    ys = band.y + (np.arange(rows) + 0.5) * step
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    # Blurred over 1.5 points: strokes a fraction of a point apart still overlap.
    scanned = _mean3(sample(page, points + np.array(offset, float)).reshape(rows, columns))
    printed = _mean3(_reference_at(reference, points, scale).reshape(rows, columns))
    kept = np.ones(columns, dtype=bool)
    for rect in masked:
        kept &= (xs < rect.x - BLACKENED_MARGIN) | (xs > rect.right + BLACKENED_MARGIN)
    scanned = scanned[:, kept] - scanned[:, kept].mean()
    printed = printed[:, kept] - printed[:, kept].mean()
    norm = float(np.sqrt((scanned**2).sum() * (printed**2).sum()))
    return float((scanned * printed).sum()) / norm if norm > 0 else 0.0


def _inside(rect: Rect) -> Rect:
    """A box's inside, its printed outline (and a little misalignment) left out."""
    inset = max(1.6, 0.17 * min(rect.width, rect.height))
    return Rect(
        x=rect.x + inset,
        y=rect.y + inset,
        width=rect.width - 2 * inset,
        height=rect.height - 2 * inset,
    )


def _inked(page: LocatedPage, rect: Rect) -> float:
    """Share of a box's inside covered with ink."""
    points, _, _ = _grid(_inside(rect), 0.5)
    return float((sample(page, points) > INK).mean())


def _blackened(
    page: LocatedPage,
    lost: Sequence[tuple[Zone, tuple[float, float] | None]],
    zones: Sequence[Zone],
    reference: Floats,
    scale: float,
    width: float,
) -> dict[str, tuple[float, float]]:
    """Which boxes not found are inked over solid (zone id -> offset): their outline is
    lost in the ink, not away from its place.

    Such a box is dark all over its inside, where its neighbours say it is (the
    offset of the nearest box found, or where :func:`find_box` saw a box), and its
    line of the page, the inked boxes left out, looks like the print's: the page is
    aligned there, only the box is blackened.
    """
    dark: dict[str, tuple[Zone, list[tuple[float, float]]]] = {}
    for zone, found in lost:
        guesses = [_nearest_offset(page, zone, zones)]
        if found is not None:
            guesses.append(found)
        inked = [g for g in guesses if _inked(page, _shifted(zone, g).rect) >= BLACKENED_FROM]
        if inked:
            dark[zone.bookmark] = (zone, inked)
    blackened = {}
    for bookmark, (zone, guesses) in dark.items():
        line = [
            other.rect
            for other, _ in dark.values()
            if other.rect.y < zone.rect.bottom and zone.rect.y < other.rect.bottom
        ]
        band = _band(zone.rect, width)
        for guess in guesses:
            if _band_match(page, band, guess, reference, scale, line) >= LINE_MATCH:
                blackened[bookmark] = guess
                break
    return blackened


def check_layout(
    page: LocatedPage, geometry: FormGeometry, reference: Floats, scale: float
) -> LocatedPage:
    """The page with where each of its boxes was found; raise :class:`PageError` when its
    boxes are not where the form's print has them (another layout: never read).

    Each box is looked for around its place (moved by the page's drift), and
    its line of the page (its label, the other boxes of the row) must then look
    like the print's: a box of another row or another question is never taken
    for it. A box not found so is doubtful: blackened when it is inked over solid
    (its outline lost in the ink, its line otherwise as printed), else not where
    expected; :data:`LOST_COUNT` boxes not where expected, and at least
    :data:`LOST_SHARE` of the page's boxes, and the page is refused.
    """
    number = page.number
    width = geometry.page_sizes[number - 1][0]
    boxes = [z for z in geometry.zones_on(number) if z.kind is SlotKind.CHECK]
    offsets: dict[str, tuple[float, float]] = {}
    bands: dict[tuple[float, float, float], float] = {}
    lost: list[tuple[Zone, tuple[float, float] | None]] = []
    for zone in boxes:
        moved = _shifted(zone, page.drift).rect
        found = find_box(page, moved)
        offset = None
        if found is not None:
            offset = (page.drift[0] + found[0], page.drift[1] + found[1])
            # Boxes of one line drift alike: one check per line and offset (to 1 point).
            key = (round(zone.rect.y), round(offset[0]), round(offset[1]))
            if key not in bands:
                bands[key] = _band_match(page, _band(zone.rect, width), offset, reference, scale)
            if bands[key] >= LINE_MATCH:
                offsets[zone.bookmark] = offset
                continue
        lost.append((zone, offset))
    page = attrs.evolve(page, offsets=offsets)
    blackened = _blackened(page, lost, boxes, reference, scale, width) if lost else {}
    missing = len(lost) - len(blackened)
    if boxes and missing >= LOST_COUNT and missing >= LOST_SHARE * len(boxes):
        raise _other_layout(
            f"{missing} cases sur {len(boxes)} introuvables à l'endroit prévu (page {number})",
            f"{missing} boxes of {len(boxes)} not found where expected (page {number})",
        )
    return attrs.evolve(page, blackened=blackened)


def _darkness_map(pixels: Image) -> Floats:
    np = require("numpy")
    return (255.0 - pixels.astype(np.float32)) / 255.0


def _find_mark(darkness: Floats, first: Floats, mark: Rect) -> tuple[float, float, float] | None:
    """Find a corner mark near where the QR code predicts it: (x, y, grey level) or None."""
    np = require("numpy")
    centre = project(first, np.array([mark.centre], float))[0]
    scale = float(np.sqrt(abs(np.linalg.det(first[:2, :2] / first[2, 2]))))
    side = max(round(mark.width * scale * 0.8), 3)
    reach = round(14 * MM * scale) + side
    height, width = darkness.shape
    top, left = int(centre[1]) - reach, int(centre[0]) - reach
    window = darkness[
        max(top, 0) : min(top + 2 * reach, height), max(left, 0) : min(left + 2 * reach, width)
    ]
    top, left = max(top, 0), max(left, 0)
    if window.shape[0] <= side or window.shape[1] <= side:
        return None
    integral = np.pad(window, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    sums = (
        integral[side:, side:]
        - integral[:-side, side:]
        - integral[side:, :-side]
        + integral[:-side, :-side]
    )
    best = np.unravel_index(int(np.argmax(sums)), sums.shape)
    fill = float(sums[best]) / (side * side)
    if fill < 0.6:
        return None
    # Centroid of the dark pixels around the best square (sub-pixel centre).
    y0, x0 = int(best[0]), int(best[1])
    pad = side // 2 + 2
    ys, xs = slice(max(y0 - pad, 0), y0 + side + pad), slice(max(x0 - pad, 0), x0 + side + pad)
    patch = window[ys, xs]
    weights = np.clip((patch - 0.5) * 2, 0, 1)
    total = float(weights.sum())
    if total <= 0:
        return None
    grid_y, grid_x = np.mgrid[
        ys.start : ys.start + patch.shape[0], xs.start : xs.start + patch.shape[1]
    ]
    cy = float((grid_y * weights).sum() / total) + top
    cx = float((grid_x * weights).sum() / total) + left
    level = 255.0 * (1.0 - float(np.median(patch[weights > 0.9]))) if (weights > 0.9).any() else 0.0
    return cx, cy, level


# --- measuring ----------------------------------------------------------------------


def sample(page: LocatedPage, points: Floats) -> Floats:
    """Darkness (0 paper .. 1 printed black) of the scan at page points, bilinear."""
    np = require("numpy")
    pixels = page.image.pixels
    xy = project(page.transform, points)
    height, width = pixels.shape
    x = np.clip(xy[:, 0], 0, width - 1.001)
    y = np.clip(xy[:, 1], 0, height - 1.001)
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    fx, fy = x - x0, y - y0
    value = (
        pixels[y0, x0] * (1 - fx) * (1 - fy)
        + pixels[y0, x0 + 1] * fx * (1 - fy)
        + pixels[y0 + 1, x0] * (1 - fx) * fy
        + pixels[y0 + 1, x0 + 1] * fx * fy
    )
    outside = (xy[:, 0] < 0) | (xy[:, 1] < 0) | (xy[:, 0] > width - 1) | (xy[:, 1] > height - 1)
    value = np.where(outside, page.paper, value)
    span = max(page.paper - page.ink, 1.0)
    return np.clip((page.paper - value) / span, 0.0, 1.0)


def _grid(rect: Rect, step: float) -> tuple[Floats, int, int]:
    np = require("numpy")
    columns = max(int(rect.width / step), 2)
    rows = max(int(rect.height / step), 2)
    xs = rect.x + (np.arange(columns) + 0.5) * rect.width / columns
    ys = rect.y + (np.arange(rows) + 0.5) * rect.height / rows
    grid_x, grid_y = np.meshgrid(xs, ys)
    return np.stack([grid_x.ravel(), grid_y.ravel()], axis=1), rows, columns


def _outline_points(rect: Rect) -> Floats:
    """Points along the four sides of a box, each side at 9 offsets across the line."""
    np = require("numpy")
    along = np.linspace(0.15, 0.85, 9)
    across = np.linspace(-1.0, 1.0, 9)  # alignment tolerance, in points
    blocks = []
    for edge in ("top", "bottom", "left", "right"):
        for offset in across:
            if edge in ("top", "bottom"):
                y = (rect.y if edge == "top" else rect.bottom) + offset
                blocks.append(np.stack([rect.x + along * rect.width, np.full_like(along, y)], 1))
            else:
                x = (rect.x if edge == "left" else rect.right) + offset
                blocks.append(np.stack([np.full_like(along, x), rect.y + along * rect.height], 1))
    return np.concatenate(blocks)


def _outline(darkness: Floats) -> float:
    """How dark a box's printed outline is: median over its sides of the best line."""
    np = require("numpy")
    per_line = np.median(darkness.reshape(4, 9, 9), axis=2)
    return float(np.median(per_line.max(axis=1)))


def _shifted(zone: Zone, offset: tuple[float, float]) -> Zone:
    if offset == (0.0, 0.0):
        return zone
    rect = zone.rect
    return attrs.evolve(
        zone,
        rect=Rect(x=rect.x + offset[0], y=rect.y + offset[1], width=rect.width, height=rect.height),
    )


def read_box(page: LocatedPage, zone: Zone) -> ZoneReading:
    """Measure one checkbox (where its outline was found, when it was looked for).

    A box blackened all over is doubtful (« case noircie »), never ticked or empty.
    """
    np = require("numpy")
    blackened = zone.bookmark in page.blackened
    if page.offsets is not None:
        offset = page.offsets.get(zone.bookmark) or page.blackened.get(zone.bookmark)
        if offset is None:
            return ZoneReading(zone=zone, mark=Mark.DOUBTFUL, outline=0.0, reason="outline")
        zone = _shifted(zone, offset)
    rect = zone.rect
    points, rows, columns = _grid(_inside(rect), 0.35)
    outline_points = _outline_points(rect)
    measured = sample(page, np.concatenate([points, outline_points]))
    darkness = measured[: len(points)]
    ink = float((darkness > INK).mean())
    faint = float(((darkness > FAINT) & (darkness <= INK)).mean())
    outline = _outline(measured[len(points) :])
    # Averaged over about 1 point (3 x 3 samples): noise and JPEG artefacts fade,
    # a pen or pencil stroke stays.
    smooth = _mean3(darkness.reshape(rows, columns))
    marked = float((smooth > MARKED).mean())
    peak = float(smooth.max())
    # Stroke shares scale with the box: a stroke covers less of a bigger box.
    size = float(np.clip(REFERENCE_BOX / max(min(rect.width, rect.height), 1.0), 0.3, 1.5))

    def reading(mark: Mark, reason: str | None = None) -> ZoneReading:
        return ZoneReading(
            zone=zone, mark=mark, ink=ink, faint=faint, outline=outline, reason=reason
        )

    if outline < 0.35 and ink < FILLED_FROM:
        return reading(Mark.DOUBTFUL, "outline")
    if ink >= SOLID_FROM or blackened:
        return reading(Mark.DOUBTFUL, "blackened")
    if ink >= min(DENSE_FROM * size, FILLED_FROM):
        return reading(Mark.DOUBTFUL, "filled")
    if marked >= MARKED_FROM * size and peak < DARK_MARK:
        return reading(Mark.DOUBTFUL, "light")
    if ink >= TICK_FROM * size:
        return reading(Mark.TICKED)
    if ink >= EMPTY_BELOW * size:
        return reading(Mark.DOUBTFUL, "small")
    if faint >= FAINT_DOUBT * size or marked >= MARKED_FROM * size:
        return reading(Mark.DOUBTFUL, "light")
    return reading(Mark.EMPTY)


def _mean3(values: Floats) -> Floats:
    """Each sample averaged with its 8 neighbours (edges repeated)."""
    np = require("numpy")
    rows, columns = values.shape
    padded = np.pad(values, 1, mode="edge")
    total = sum(padded[dy : dy + rows, dx : dx + columns] for dy in range(3) for dx in range(3))
    return total / 9.0


def read_write_in(
    page: LocatedPage,
    zone: Zone,
    reference: Floats | None,
    scale: float,
    drift: tuple[float, float] | None = None,
) -> ZoneReading:
    """Measure a write-in zone: ink that is not part of the printed form.

    The zone moves with the nearest box found away from its place (a drift of
    the layout), while the print subtracted stays where the reference has it.
    """
    np = require("numpy")
    step, pad = 0.7, 4
    grown = zone.rect.grown(pad * step)
    columns = max(int(grown.width / step), 2 * pad + 2)
    rows = max(int(grown.height / step), 2 * pad + 2)
    xs = grown.x + (np.arange(columns) + 0.5) * step
    ys = grown.y + (np.arange(rows) + 0.5) * step
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    offset = np.array(drift or (0.0, 0.0), float)
    ink = sample(page, points + offset).reshape(rows, columns) > INK
    # The marks and the QR code stay in place when the layout drifts: never ink.
    moved = points + offset
    furniture = page_furniture(*A4)
    for rect in (*furniture.marks, furniture.qr):
        grown = rect.grown(1 * MM)
        inside = (
            (moved[:, 0] >= grown.x)
            & (moved[:, 0] <= grown.right)
            & (moved[:, 1] >= grown.y)
            & (moved[:, 1] <= grown.bottom)
        )
        ink &= ~inside.reshape(rows, columns)
    if reference is not None:
        printed = _reference_at(reference, points, scale).reshape(rows, columns) > 0.12
        # Tolerate small misalignment and blur: anything within ~2 points of print is print.
        near_print = printed.copy()
        for dy in range(-3, 4):
            for dx in range(-3, 4):
                near_print[max(dy, 0) : rows + min(dy, 0), max(dx, 0) : columns + min(dx, 0)] |= (
                    printed[max(-dy, 0) : rows + min(-dy, 0), max(-dx, 0) : columns + min(-dx, 0)]
                )
        ink &= ~near_print
    # A stroke is a run of ink samples: isolated specks (noise, dust) do not count.
    neighbours = np.zeros(ink.shape, dtype=int)
    neighbours[1:, :] += ink[:-1, :]
    neighbours[:-1, :] += ink[1:, :]
    neighbours[:, 1:] += ink[:, :-1]
    neighbours[:, :-1] += ink[:, 1:]
    inner = (slice(pad, rows - pad), slice(pad, columns - pad))
    strokes = int((ink & (neighbours >= 2))[inner].sum())
    share = float(ink[inner].mean())
    if strokes >= WRITTEN_FROM:
        return ZoneReading(zone=zone, mark=Mark.WRITTEN, ink=share, reason="handwriting")
    if strokes >= TRACE_FROM:
        return ZoneReading(zone=zone, mark=Mark.DOUBTFUL, ink=share, reason="trace")
    return ZoneReading(zone=zone, mark=Mark.EMPTY, ink=share)


def _reference_at(reference: Floats, points: Floats, scale: float) -> Floats:
    np = require("numpy")
    height, width = reference.shape
    x = np.clip((points[:, 0] * scale).astype(int), 0, width - 2)
    y = np.clip((points[:, 1] * scale).astype(int), 0, height - 2)
    # The darkest of the 2 x 2 pixels at each sample: samples further apart than a
    # pixel would otherwise step over a thin printed line (a ruled line is 1 pixel).
    return np.maximum(
        np.maximum(reference[y, x], reference[y + 1, x]),
        np.maximum(reference[y, x + 1], reference[y + 1, x + 1]),
    )


def read_page(
    page: LocatedPage, geometry: FormGeometry, reference: Floats | None, scale: float
) -> list[ZoneReading]:
    """Read every zone printed on this page."""
    assert page.identity.page is not None, "identify the page first"
    zones = geometry.zones_on(page.identity.page)
    readings = []
    for zone in zones:
        if zone.kind is SlotKind.CHECK:
            readings.append(read_box(page, zone))
        else:
            drift = _nearest_offset(page, zone, zones)
            if reference is not None and page.offsets is not None:
                drift = find_write_in(page, zone, reference, scale, drift)
            readings.append(read_write_in(page, zone, reference, scale, drift))
    return readings


def find_write_in(
    page: LocatedPage,
    zone: Zone,
    reference: Floats,
    scale: float,
    prior: tuple[float, float],
    reach: float = WRITE_IN_REACH,
) -> tuple[float, float]:
    """Where a write-in zone's print (ruled lines, placeholder) is, within ``reach`` of ``prior``.

    The zone's picture in the print is matched against the scan around
    ``prior`` (correlation, by FFT); among offsets nearly as good as the best,
    the nearest to ``prior`` wins (a ruled line says nothing about left and right).
    """
    np = require("numpy")
    step = 0.7
    rect = zone.rect
    columns, rows = max(int(rect.width / step), 2), max(int(rect.height / step), 2)
    xs = rect.x + (np.arange(columns) + 0.5) * step
    ys = rect.y + (np.arange(rows) + 0.5) * step
    grid_x, grid_y = np.meshgrid(xs, ys)
    printed = _reference_at(reference, np.stack([grid_x.ravel(), grid_y.ravel()], 1), scale)
    printed = printed.reshape(rows, columns)
    if float(printed.std()) < 0.01:
        return prior  # nothing printed to align on
    printed = printed - printed.mean()
    n = round(reach / step)
    xs = rect.x + prior[0] + (np.arange(columns + 2 * n) - n + 0.5) * step
    ys = rect.y + prior[1] + (np.arange(rows + 2 * n) - n + 0.5) * step
    grid_x, grid_y = np.meshgrid(xs, ys)
    scanned = sample(page, np.stack([grid_x.ravel(), grid_y.ravel()], 1))
    scanned = scanned.reshape(rows + 2 * n, columns + 2 * n)
    shape = (-(-(rows + 2 * n) // 32) * 32, -(-(columns + 2 * n) // 32) * 32)
    correlation = np.fft.irfft2(
        np.conj(np.fft.rfft2(printed, shape)) * np.fft.rfft2(scanned, shape), shape
    )[: 2 * n + 1, : 2 * n + 1]
    best = float(correlation.max())
    if best <= 0:
        return prior
    dy, dx = np.mgrid[0 : 2 * n + 1, 0 : 2 * n + 1]
    distance = np.hypot(dy - n, dx - n)
    candidates = np.where(correlation >= 0.97 * best, distance, np.inf)
    y, x = np.unravel_index(int(np.argmin(candidates)), candidates.shape)
    return (prior[0] + (int(x) - n) * step, prior[1] + (int(y) - n) * step)


def _nearest_offset(page: LocatedPage, zone: Zone, zones: Sequence[Zone]) -> tuple[float, float]:
    """The offset of the box found nearest to ``zone`` (within 30 mm), else the page's drift."""
    best: tuple[float, tuple[float, float]] | None = None
    x, y = zone.rect.x, zone.rect.y
    for other in zones:
        offset = (page.offsets or {}).get(other.bookmark)
        if offset is None:
            continue
        distance = abs(other.rect.centre[0] - x) + abs(other.rect.centre[1] - y)
        if distance <= 30 * MM and (best is None or distance < best[0]):
            best = (distance, offset)
    return best[1] if best else page.drift


def crop(page: LocatedPage, rect: Rect, *, margin: float = 4 * MM, right: float = 0.0) -> Any:
    """A picture of ``rect`` and its surroundings (``right`` more points on the right), upright,
    the zone framed in red."""
    np = require("numpy")
    pil = require("PIL.Image")
    draw_module = require("PIL.ImageDraw")
    grown = rect.grown(margin)
    area = Rect(x=grown.x, y=grown.y, width=grown.width + right, height=grown.height)
    resolution = 3.0
    columns = int(area.width * resolution)
    rows = int(area.height * resolution)
    xs = area.x + (np.arange(columns) + 0.5) / resolution
    ys = area.y + (np.arange(rows) + 0.5) / resolution
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    darkness = sample(page, points).reshape(rows, columns)
    grey = (255 - darkness * 255).astype(np.uint8)
    picture = pil.fromarray(grey, mode="L").convert("RGB")
    frame = draw_module.Draw(picture)
    frame.rectangle(
        [
            (rect.x - area.x) * resolution - 2,
            (rect.y - area.y) * resolution - 2,
            (rect.right - area.x) * resolution + 2,
            (rect.bottom - area.y) * resolution + 2,
        ],
        outline=(220, 30, 30),
        width=2,
    )
    return picture


def render_reference(pdf: bytes, scale: float) -> list[Floats]:
    """The printed form's pages as darkness maps (for subtracting print from write-in zones)."""
    np = require("numpy")
    pdfium = require("pypdfium2")
    document = pdfium.PdfDocument(pdf)
    try:
        maps = []
        for index in range(len(document)):
            bitmap = document[index].render(scale=scale, grayscale=True)
            pixels = np.array(bitmap.to_numpy(), dtype=np.float32)
            if pixels.ndim == 3:
                pixels = pixels[:, :, 0]
            maps.append((255.0 - pixels) / 255.0)
        return maps
    finally:
        document.close()
