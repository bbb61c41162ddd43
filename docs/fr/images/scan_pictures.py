"""Make the pictures of the scan guide (docs/fr/formulaires-scannes.md) from today's form.

Run from the repository (LibreOffice and the ``scan`` extra needed)::

    uv run python docs/fr/images/scan_pictures.py [--scans-only] [FOLDER]

It prints the standard form with the code T001 through LibreOffice, fills it
with a pen (the library's synthetic scans: seeded, so every run draws the same
marks), scans it in colour and a little askew, then writes:

- ``formulaire-scanne.jpg``: page 1 of that scan;
- ``marques-douteuses.png``: the pictures the import saves of the blackened
  box and the very light tick of page 1;
- ``page-de-revue.png``: the top of the page ``responses review`` writes,
  when Chromium is installed (it takes the screenshot);

beside this script, and ``scans.pdf`` (the 7 scanned pages) in FOLDER (the
current folder by default), to run the guide's commands on:
``conseils-citoyens responses import scans.pdf -o reponses.json``. With
``--scans-only``, only ``scans.pdf`` is written.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from conseils_citoyens.demo.simulate import Simulator
from conseils_citoyens.formats import ExportOptions
from conseils_citoyens.formats.scan import synthetic
from conseils_citoyens.formats.scan.geometry import geometry_from_pdf
from conseils_citoyens.formats.scan.importer import import_scans
from conseils_citoyens.formats.scan.pdf import print_form
from conseils_citoyens.formats.scan.review import review_html
from conseils_citoyens.survey.imports import QuestionnaireCatalogue
from conseils_citoyens.survey.questionnaire.model import Respondent
from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

HERE = Path(__file__).resolve().parent

#: What the pen does on top of the simulated answers (zone -> mark): a cross on
#: « Le collège des acteurs locaux », the council's name written, « Moins d'un
#: an » ticked then blackened, « Non » ticked very lightly, a few lines written
#: for questions 8 and 13 and after « Autre (précisez) » of question 11.
MARKS = {
    "cc1_0": "empty",
    "cc1_1": "cross",
    "cc1_2": "empty",
    "cc2_0": "text",
    "cc3_0": "filled",
    "cc3_1": "empty",
    "cc3_2": "empty",
    "cc3_3": "empty",
    "cc4_0": "empty",
    "cc4_1": "light",
    "cc8_0": "text",
    "cc11_5": "tick",
    "cc11_6": "text",
    "cc13_0": "text",
}
#: The zones of page 1 shown in ``marques-douteuses.png``.
DOUBTFUL = ("cc3_0", "cc4_1")


def main(folder: Path, *, pictures: bool = True) -> None:
    questionnaire = standard_questionnaire()
    pdf = print_form(questionnaire, ExportOptions(respondent=Respondent(token="T001")))
    geometry = geometry_from_pdf(pdf, questionnaire)
    rng = random.Random(21)
    answers = Simulator(questionnaire, seed=21).answers(completeness=1.0)
    marks = synthetic.marks_for_answers(
        questionnaire, geometry, answers, rng, cancelled=0.0, light=0.0
    )
    # Only the zones named above are written in; every other write-in stays blank.
    marks = {zone: "blank" if mark == "text" else mark for zone, mark in marks.items()}
    marks |= MARKS
    style = synthetic.ScanStyle(
        dpi=150, rotation=-1.2, blur=0.5, noise=4.0, jpeg_quality=80, colour=True
    )
    pages = synthetic.scan_form(pdf, geometry, marks, rng, style=style)
    folder.mkdir(parents=True, exist_ok=True)
    scans = folder / "scans.pdf"
    scans.write_bytes(synthetic.to_pdf(pages, dpi=style.dpi))
    if not pictures:
        print(scans)
        return
    first = pages[0].convert("RGB")
    first.thumbnail((760, 1100), Image.Resampling.LANCZOS)
    first.save(HERE / "formulaire-scanne.jpg", "JPEG", quality=60, optimize=True)

    with tempfile.TemporaryDirectory() as crops:
        batch = import_scans([scans], QuestionnaireCatalogue([questionnaire]), crops=crops)
        found = {item.zone.bookmark: item for form in batch.forms for item in form.review}
        missing = [zone for zone in DOUBTFUL if zone not in found]
        if missing:
            raise SystemExit(f"not reported as doubtful: {', '.join(missing)}")
        pictures = [Image.open(str(found[zone].crop)).convert("RGB") for zone in DOUBTFUL]
        width = max(p.width for p in pictures)
        sheet = Image.new("RGB", (width, sum(p.height for p in pictures)), "white")
        top = 0
        for picture in pictures:
            sheet.paste(picture, (0, top))
            top += picture.height
        sheet.quantize(64).save(HERE / "marques-douteuses.png", optimize=True)
        page = Path(crops) / "revue.html"
        page.write_text(review_html({"scans": batch.to_data()}, "revue-decisions.csv"), "utf-8")
        screenshot(page, HERE / "page-de-revue.png")
    print(f"{HERE / 'formulaire-scanne.jpg'}, {HERE / 'marques-douteuses.png'}, {scans}")


def screenshot(page: Path, picture: Path) -> None:
    """The top of an HTML page as Chromium shows it in a 1000 × 760 window (left as is without Chromium)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print(f"Chromium absent: {picture.name} is left as it is", file=sys.stderr)
        return
    shot = page.with_suffix(".png")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1000,760",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    Image.open(shot).convert("RGB").quantize(64).save(picture, optimize=True)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--scans-only"]
    main(
        Path(arguments[0]) if arguments else Path.cwd(),
        pictures="--scans-only" not in sys.argv[1:],
    )
