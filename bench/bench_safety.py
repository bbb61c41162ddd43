"""Benchmark the refusal of a zip holding a million central-directory records.

The attack of issue 19: 47 MB, a million records, and a fake zip64 locator in
the last record's comment. Before the fix, the entry pre-check stopped at the
locator and ``zipfile`` built every record (9.5 s, 513 MB). ``open_package``
must refuse it in under a second, with under 100 MB of Python allocations
(also asserted in ``tests/documents/test_safety.py``). The baseline is
``zipfile.ZipFile`` listing the same file.

Run: ``uv run python -m bench --only safety [--quick]``.
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

from bench._timing import row

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "hostile" / "make_corpus.py"


def _corpus() -> Any:
    spec = importlib.util.spec_from_file_location("hostile_corpus", CORPUS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(quick: bool) -> list[dict[str, Any]]:
    from conseils_citoyens.documents.safety import open_package
    from conseils_citoyens.errors import DocumentError

    corpus = _corpus()
    records = 100_000 if quick else 1_000_000
    data = corpus.hidden_records(
        corpus.valid_docx_bytes(), records, last_comment=corpus.fake_zip64_locator()
    )
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "million.docx"
        target.write_bytes(data)
        del data
        tracemalloc.start()
        start = time.perf_counter()
        try:
            open_package(target)
            refused_it = False
        except DocumentError:
            refused_it = True
        ours = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        start = time.perf_counter()
        with zipfile.ZipFile(target) as archive:
            listed = len(archive.infolist())
        baseline = time.perf_counter() - start
        size = target.stat().st_size
    refused = row(
        f"refuse a {size / 1e6:.0f} MB zip of {records:,} records (fake zip64 locator)",
        ours,
        baseline,
        max_seconds=1.0,
        note=f"peak {peak / 1e6:.0f} MB of Python allocations (limit 100); "
        f"zipfile alone lists {listed:,} entries",
    )
    if peak >= 100e6 or not refused_it:
        refused["ok"] = False
    return [refused]


if __name__ == "__main__":
    for result in run(quick=False):
        print(result)
