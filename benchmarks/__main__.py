"""`make bench`: run every benchmark, then write the results table.

    python -m benchmarks            # all of them
    python -m benchmarks check      # some of them
    python -m benchmarks --table    # only rewrite the table from results/*.json

Each benchmark writes results/<name>.json; the table (results/summary.md) puts
each figure beside its goal and is what the course site's performance page and
the README show. Figures are ratios or medians measured in one run on one
machine: the machine is named in the table.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Callable

from termdrills._files import atomic_write

from benchmarks._util import RESULTS

BENCHMARKS = ("check", "drills", "nbval", "build", "grade")
SUMMARY = RESULTS / "summary.md"

Row = tuple[str, str, str, str]  # what, measured, goal, met


def _load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _met(ok: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "n/a"}[ok]


def _check_rows(d: dict) -> list[Row]:
    rows = []
    for r in d["rows"]:
        goal = "≤ 2×" if r["rows"] == 5_000 else "–"
        ok = r["ratio"] <= 2 if r["rows"] == 5_000 else None
        rows.append((f"`termdrills check` vs `pandas.read_csv`, {r['rows']:,} rows",
                     f"{r['ratio']:.1f}× ({r['check_s'] * 1000:.0f} ms vs "
                     f"{r['read_csv_s'] * 1000:.0f} ms)", goal, _met(ok)))
    return rows


def _drills_rows(d: dict) -> list[Row]:
    clicks = d["click_to_feedback"]
    worst = max(v["median_ms"] for v in clicks.values())
    best = min(v["median_ms"] for v in clicks.values())
    b = d["bytes"]
    return [
        ("click to feedback in Chromium, median over drill kinds",
         f"{best:.1f}–{worst:.1f} ms", "< 16 ms (one frame)", _met(worst < 16)),
        ("page bytes added by each further drill, beyond its own data",
         f"{b['overhead_beyond_data_bytes'] / 1000:.1f} KB "
         f"(+{b['drill_data_bytes'] / 1000:.1f} KB data)", "≤ 10 KB",
         _met(b["overhead_beyond_data_bytes"] <= 10_000)),
    ]


def _nbval_rows(d: dict) -> list[Row]:
    times = [r["seconds"] for r in d["rows"]]
    return [(f"nbval, one lesson (of {len(times)}), kernel start included",
             f"{min(times):.1f}–{max(times):.1f} s", "a few seconds", _met(max(times) < 10))]


def _build_rows(d: dict) -> list[Row]:
    rows: list[Row] = []
    b = d.get("book") or d.get("course") or d
    if "cold_s" in b:
        rows.append((f"course build, cold ({b.get('cold_notebooks', '?')} notebooks run)",
                     f"{b['cold_s']:.1f} s", "–", "n/a"))
    if "noop_ratio" in b:
        rows.append(("no-op rebuild, share of cold", f"{b['noop_ratio'] * 100:.0f} %"
                     f" ({b['noop_s']:.1f} s)", "≤ 15 %", _met(b["noop_ratio"] <= 0.15)))
    if "edit_ratio" in b:
        rows.append((f"rebuild after editing one glossary row, share of cold "
                     f"({b.get('edit_notebooks', '?')} notebooks run)",
                     f"{b['edit_ratio'] * 100:.0f} % ({b['edit_s']:.1f} s)", "≤ 40 %",
                     _met(b["edit_ratio"] <= 0.40)))
    big = d.get("glossary_5000") or {}
    if "build_s" in big:
        rows.append(("glossary page with 5,000 terms: build",
                     f"{big['build_s']:.1f} s, {big.get('page_kb', 0) / 1000:.1f} MB", "builds",
                     _met(True)))
    if "keystroke_ms" in big:
        median = big["keystroke_ms"]
        rows.append(("glossary page with 5,000 terms: filter, one keystroke (median)",
                     f"{median:.0f} ms (p95 {big['keystroke_p95_ms']:.0f} ms, "
                     f"max {big['keystroke_max_ms']:.0f} ms)", "< 50 ms", _met(median < 50)))
    return rows


def _grade_rows(d: dict) -> list[Row]:
    return [(f"`termdrills grade`, {d['students']} answers of ~{d['mean_words']} words "
             "(read, analyse, write report and CSV; one process)",
             f"{d['seconds']:.1f} s", "< 10 s on 2 cores", _met(d["seconds"] < 10))]


FORMATTERS: dict[str, Callable[[dict], list[Row]]] = {
    "check": _check_rows, "drills": _drills_rows, "nbval": _nbval_rows, "build": _build_rows,
    "grade": _grade_rows,
}


def write_table() -> str:
    rows: list[Row] = []
    machine = when = None
    for name in BENCHMARKS:
        data = _load(name)
        if data is None:
            rows.append((f"{name}: not run", "–", "–", "n/a"))
            continue
        machine = machine or data.get("machine")
        when = max(when or "", data.get("when", ""))
        try:
            rows.extend(FORMATTERS[name](data))
        except (KeyError, TypeError, ValueError) as exc:
            rows.append((f"{name}: results in an unknown shape ({exc})", "–", "–", "n/a"))
    lines = ["| what | measured | goal | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    if machine:
        lines += ["", f"Measured {when} on {machine['cpus']} CPUs ({machine['processor']}), "
                  f"Python {machine['python']}, {machine['platform']}. The machine is shared "
                  "and noisy: read the ratios, not the seconds."]
    text = "\n".join(lines) + "\n"
    atomic_write(SUMMARY, text)
    return text


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--table" not in args:
        for name in [a for a in args if not a.startswith("-")] or BENCHMARKS:
            if name not in BENCHMARKS:
                print(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}",
                      file=sys.stderr)
                return 1
            print(f"== {name}")
            start = time.perf_counter()
            importlib.import_module(f"benchmarks.bench_{name}").main()
            print(f"   ({time.perf_counter() - start:.0f} s)\n")
    print(write_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
