"""Run every benchmark and print one table: ``uv run python -m bench [--quick] [--only NAME]``.

Each ``bench/bench_*.py`` module exposes ``run(quick: bool) -> list[dict]``;
a row has ``operation``, ``ours_s``, ``baseline_s`` (or None), ``ratio``
(or None), ``target`` (text) and ``ok`` (bool or None), and may add ``note``.
Absolute times on shared machines are noisy: every row compares against a
baseline measured in the same process run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _modules(only: list[str] | None) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return names


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _table(rows: list[dict[str, Any]]) -> str:
    header = ("operation", "ours", "baseline", "ratio", "target", "holds", "note")
    lines = [
        (
            str(r["operation"]),
            _fmt_time(r.get("ours_s")),
            _fmt_time(r.get("baseline_s")),
            "—" if r.get("ratio") is None else f"{r['ratio']:.2f}x",
            str(r.get("target") or "—"),
            {True: "yes", False: "NO", None: "—"}[r.get("ok")],
            str(r.get("note") or ""),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("-|-".join("-" * w for w in widths))
    out.extend(" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the table; exit 1 when a target does not hold."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, a short run")
    parser.add_argument("--only", action="append", help="run the modules whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for name in _modules(args.only):
        module = importlib.import_module(f"bench.{name}")
        print(f"… {name}", file=sys.stderr, flush=True)
        for row in module.run(args.quick):
            rows.append({"module": name, **row})
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{'quick' if args.quick else 'full'} run in {time.perf_counter() - started:.1f} s"
    )
    print(_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=str) + "\n", encoding="utf-8")
    return 1 if any(r.get("ok") is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
