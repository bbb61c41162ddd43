"""Batch import of filled forms: memory stays flat, forms per second.

Run ``uv run python -m bench --only batch`` (``--quick``: 20 and 100 forms).

The forms are made once: the standard questionnaire exported to Word and
ODT, then filled with :class:`~conseils_citoyens.demo.simulate.Simulator`
answers, half ``.docx``, half ``.odt`` (alternating). Each batch size is then
imported by :func:`~conseils_citoyens.survey.imports.import_forms` in a fresh
subprocess, so that one size's peak does not hide the next one's:

- a first pass, untraced, gives the time (forms per second) and the
  process's peak resident memory, sampled after every form (Python objects
  *and* libxml2's trees, which tracemalloc does not see), and how much it
  grew during the batch;
- a second pass under :mod:`tracemalloc` gives the peak of Python
  allocations during the batch and what the result keeps afterwards
  (the responses: small dicts, growing linearly, as expected).

Target: peak RSS of the largest batch at most 1.2x the smallest one's, i.e.
documents are not retained from one form to the next. Baseline of the
larger batch's per-form time: the smaller batch's (a ratio near 1 is linear).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAX_PEAK_RATIO = 1.2


def make_forms(folder: Path, count: int, seed: int = 3) -> list[Path]:
    """Write ``count`` filled forms, alternately Word and ODT, into ``folder``."""
    from conseils_citoyens.demo.simulate import Simulator
    from conseils_citoyens.formats.docx.fill import fill_docx
    from conseils_citoyens.formats.odt.fill import fill_odt
    from conseils_citoyens.survey.questionnaire.export import export_questionnaire
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    questionnaire = standard_questionnaire()
    blank_docx = export_questionnaire(questionnaire, folder / "vierge.docx")
    blank_odt = export_questionnaire(questionnaire, folder / "vierge.odt")
    simulator = Simulator(questionnaire, seed=seed)
    forms = []
    for index in range(count):
        answers = simulator.answers()
        if index % 2 == 0:
            path = folder / f"form-{index:05d}.docx"
            fill_docx(blank_docx, answers, path, questionnaire=questionnaire)
        else:
            path = folder / f"form-{index:05d}.odt"
            fill_odt(blank_odt, answers, path, questionnaire=questionnaire)
        forms.append(path)
    blank_docx.unlink()
    blank_odt.unlink()
    return forms


def _current_rss_bytes() -> int:
    """The resident memory now (Linux /proc; elsewhere the peak so far).

    Not ``ru_maxrss`` alone: Linux keeps it across ``execve``, so a child
    would report its parent's peak when that is higher.
    """
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # Linux: kilobytes
    return pages * resource.getpagesize()


def worker(folder: Path, count: int) -> dict[str, Any]:
    """Import the first ``count`` forms of ``folder`` twice (timed, then traced)."""
    from conseils_citoyens.survey.imports import Outcome, QuestionnaireCatalogue, import_forms
    from conseils_citoyens.survey.questionnaire.standard import standard_questionnaire

    paths = sorted(folder.glob("form-*"))[:count]
    catalogue = QuestionnaireCatalogue([standard_questionnaire()])
    import_forms(paths[:2], catalogue)  # warm-up: importers, validators, caches
    rss_start = _current_rss_bytes()
    rss_high = rss_start

    def sample(done: int, total: int, name: str) -> None:
        nonlocal rss_high
        rss_high = max(rss_high, _current_rss_bytes())

    start = time.perf_counter()
    result = import_forms(paths, catalogue, progress=sample)
    seconds = time.perf_counter() - start
    rss_high = max(rss_high, _current_rss_bytes())
    imported = result.count(Outcome.IMPORTED)
    del result

    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    result = import_forms(paths, catalogue)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "count": count,
        "imported": imported,
        "seconds": seconds,
        "rss_start": rss_start,
        "rss_peak": rss_high,
        "rss_growth": rss_high - rss_start,
        "traced_peak": peak - before,
        "traced_retained": retained - before,
        "responses": len(result.responses),
    }


def _measure(folder: Path, count: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_batch", "--worker", str(folder), str(count)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(out.stdout)
    if data["imported"] != count:
        raise AssertionError(f"only {data['imported']} of {count} forms imported cleanly")
    return data


def _mb(size: float) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def run(quick: bool) -> list[dict[str, Any]]:
    """Make the forms, import each batch size in a fresh process; return the rows."""
    small, large = (20, 100) if quick else (100, 1_000)
    with tempfile.TemporaryDirectory(prefix="cc-bench-batch-") as tmp:
        folder = Path(tmp)
        make_forms(folder, large)
        first = _measure(folder, small)
        second = _measure(folder, large)
    rss_ratio = second["rss_peak"] / first["rss_peak"]
    working_ratio = (second["traced_peak"] - second["traced_retained"]) / max(
        1, first["traced_peak"] - first["traced_retained"]
    )
    per_response = (second["traced_retained"] - first["traced_retained"]) / (large - small)
    rows: list[dict[str, Any]] = [
        {
            "operation": f"batch import peak memory, {large} vs {small} forms",
            "ours_s": None,
            "baseline_s": None,
            "ratio": rss_ratio,
            "target": f"≤ {MAX_PEAK_RATIO}x",
            "ok": rss_ratio <= MAX_PEAK_RATIO,
            "note": (
                f"peak RSS {_mb(second['rss_peak'])} vs {_mb(first['rss_peak'])}; "
                f"RSS growth during the batch {_mb(second['rss_growth'])} vs "
                f"{_mb(first['rss_growth'])}; "
                f"traced working peak x{working_ratio:.2f}; "
                f"kept {per_response / 1024:.1f} KB per response"
            ),
            "rss_peak": {str(small): first["rss_peak"], str(large): second["rss_peak"]},
            "traced_peak": {str(small): first["traced_peak"], str(large): second["traced_peak"]},
            "traced_retained": {
                str(small): first["traced_retained"],
                str(large): second["traced_retained"],
            },
        }
    ]
    previous: float | None = None
    for data in (first, second):
        per_form = data["seconds"] / data["count"]
        rows.append(
            {
                "operation": f"batch import {data['count']} forms (half .docx, half .odt)",
                "ours_s": per_form,
                "baseline_s": previous,
                "ratio": per_form / previous if previous else None,
                "target": "",
                "ok": None,
                "note": f"per form; {1 / per_form:.0f} forms/s"
                + ("; baseline: per form in the smaller batch" if previous else ""),
            }
        )
        previous = per_form
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(worker(Path(sys.argv[2]), int(sys.argv[3]))))
    else:
        for result in run("--quick" in sys.argv):
            print(result)
