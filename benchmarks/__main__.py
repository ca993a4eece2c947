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

from benchmarks._util import RESULTS
from termdrills._files import atomic_write

BENCHMARKS = ("check", "drills", "fsrs", "nbval", "build", "course", "peers", "grade",
              "hostile", "tests")
SUMMARY = RESULTS / "summary.md"
#: The README shows the table between these two lines (tests/test_docs.py keeps them equal).
README = RESULTS.parent.parent / "README.md"
TABLE_START, TABLE_END = "<!-- make bench: table -->", "<!-- make bench: end of table -->"

Row = tuple[str, str, str, str]  # what, measured, goal, met


def _load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _met(ok: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "n/a"}[ok]


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def _check_rows(d: dict) -> list[Row]:
    rows = []
    for r in d["rows"]:
        big = r["rows"] == 5_000
        rows.append(((f"`termdrills check` vs `pandas.read_csv`, {r['rows']:,} rows, in one "
                     "process"), (f"{r['ratio']:.1f}× ({r['check_s'] * 1000:.0f} ms vs "
                     f"{r['read_csv_s'] * 1000:.0f} ms)"), "≤ 2×" if big else "–",
                     _met(r["ratio"] <= 2 if big else None)))
        if "process_ratio" in r:
            rows.append(((f"`termdrills check` vs `pandas.read_csv`, {r['rows']:,} rows, "
                          "each as a whole command (Python started, imports, the file read)"),
                         (f"{r['process_ratio']:.2f}× ({r['process_check_s']:.2f} s vs "
                         f"{r['process_read_csv_s']:.2f} s)"), "≤ 2×" if big else "–",
                         _met(r["process_ratio"] <= 2 if big else None)))
    return rows


def _drills_rows(d: dict) -> list[Row]:
    clicks = d["click_to_feedback"]
    rows: list[Row] = []
    for store, label in (("fresh", "a new review store"),
                         ("semester", "a semester's store of 1,000 terms")):
        kinds = clicks.get(store)
        if not kinds:
            continue
        worst = max(v["median_ms"] for v in kinds.values())
        best = min(v["median_ms"] for v in kinds.values())
        rows.append((f"click to feedback in Chromium, median per drill kind, {label}",
                     f"{best:.2f}–{worst:.2f} ms", "< 1 ms", _met(worst < 1)))
    b = d["bytes"]
    rows.append(("page bytes added by each further drill, beyond its own data",
                 (f"{b['overhead_beyond_data_bytes'] / 1000:.1f} KB "
                 f"(+{b['drill_data_bytes'] / 1000:.1f} KB data)"), "≤ 10 KB",
                 _met(b["overhead_beyond_data_bytes"] <= 10_000)))
    return rows


def _fsrs_rows(d: dict) -> list[Row]:
    size, t = d["bytes"]["fsrs.js"], d["time"]
    return [("FSRS scheduler (`core/fsrs.js`) bytes in the drills' code",
             f"{size['raw'] / 1000:.1f} KB ({size['gzip'] / 1000:.1f} KB gzip)", "≤ 6 KB",
             _met(size["raw"] <= 6_000)),
            ("FSRS: one rating in Chromium (median)", f"{t['review_median_ms'] * 1000:.2f} µs",
             "< 1 ms", _met(t["review_median_ms"] < 1))]


def _nbval_rows(d: dict) -> list[Row]:
    times = [r["seconds"] for r in d["rows"]]
    return [(f"nbval, one lesson (of {len(times)}), kernel start included",
             f"{min(times):.1f}–{max(times):.1f} s", "a few seconds", _met(max(times) < 10))]


def _build_rows(d: dict) -> list[Row]:
    rows: list[Row] = []
    b = d.get("book") or d.get("course") or d
    if "cold_s" in b:
        rows.append(((f"the unit (4 lessons): build, cold ({b.get('cold_notebooks', '?')} "
                     "notebooks run)"), f"{b['cold_s']:.1f} s", "–", "n/a"))
    if "noop_ratio" in b:
        rows.append(("the unit: no-op rebuild, share of cold",
                     f"{_pct(b['noop_ratio'])} ({b['noop_s']:.1f} s)", "≤ 15 %",
                     _met(b["noop_ratio"] <= 0.15)))
    if "edit_ratio" in b:
        rows.append((("the unit: rebuild after editing one glossary row, share of cold "
                     f"({b.get('edit_notebooks', '?')} notebooks run)"),
                     f"{_pct(b['edit_ratio'])} ({b['edit_s']:.1f} s)", "≤ 40 %",
                     _met(b["edit_ratio"] <= 0.40)))
    big = d.get("glossary_5000") or {}
    if "build_s" in big:
        rows.append(("glossary page with 5,000 terms: build",
                     f"{big['build_s']:.1f} s, {big.get('page_kb', 0) / 1000:.1f} MB", "builds",
                     _met(True)))
    if "keystroke_ms" in big:
        median = big["keystroke_ms"]
        rows.append(("glossary page with 5,000 terms: filter, one keystroke (median)",
                     (f"{median:.0f} ms (p95 {big['keystroke_p95_ms']:.0f} ms, "
                     f"max {big['keystroke_max_ms']:.0f} ms)"), "< 50 ms", _met(median < 50)))
    return rows


def _course_rows(d: dict) -> list[Row]:
    cold, noop, edit, serial = d["cold"], d["noop"], d["edit"], d["serial_build"]
    size = f"{d['lessons']} lessons, {d['rows']:,} rows"
    imports = d.get("noop_imports", {})
    return [
        ((f"a semester ({size}): cold build, all notebooks run {d['jobs']} at a time "
         f"({cold['notebooks']} run)"), f"{cold['s']:.0f} s ({cold['cpu_s']:.0f} CPU s)", "–",
         "n/a"),
        ("semester: cold build vs executing its notebooks one after another",
         (f"{d['cold_vs_serial_execution']:.2f}× ({cold['s']:.0f} s vs "
         f"{d['serial_execution_s']:.0f} s; the serial build: {serial['s']:.0f} s)"), "≤ 0.7×",
         _met(d["cold_vs_serial_execution"] <= 0.7)),
        ("semester: the parallel build's pages equal the serial build's",
         "yes" if d["same_pages_as_serial"] else "no", "yes", _met(d["same_pages_as_serial"])),
        ("semester: no-op rebuild, share of cold",
         (f"{_pct(d['noop_ratio'])} ({noop['s']:.1f} s; start-up "
         f"{noop['phases'].get('start_up_s', 0):.1f} s)"), "≤ 3 %",
         _met(d["noop_ratio"] <= 0.03)),
        *_edit_rows(d, edit),
        ("semester: a no-op rebuild's imports (termdrills' own)",
         f"{imports.get('total_s', 0):.2f} s ({imports.get('termdrills', 0):.2f} s)", "–",
         "n/a"),
        *_real_rows(d.get("real")),
    ]


def _real_rows(r: dict | None) -> list[Row]:
    """The course as committed: cold, no-op and each kind of edit, with what ran."""
    if not r:
        return []
    what = f"the course as committed ({r['lessons']} notebooks, {r['rows']} rows)"
    rows: list[Row] = [
        (f"{what}: cold build", f"{r['cold']['s']:.0f} s ({r['cold']['notebooks']} run)", "–",
         "n/a"),
        (f"{what}: no-op rebuild, share of cold", (f"{_pct(r['noop_ratio'])} "
         f"({r['noop']['s']:.1f} s)"), "≤ 3 %", _met(r["noop_ratio"] <= 0.03))]
    for e in r["edits"]:
        ran = ", ".join(n.replace("_", " ") for n in e["ran"]) or "none"
        # the lesson in words: a slug in code does not wrap on a phone
        rows.append(((f"course as committed: rebuild after an edit of the lesson "
                      f"{r['lesson'].replace('-', ' ')}: "
                      f"{e['kind']}, share of cold (notebooks run again)"),
                     f"{_pct(e['ratio'])} ({e['s']:.1f} s; ran {len(e['ran'])}: {ran})",
                     "≤ 6 %", _met(e["ratio"] <= 0.06)))
    rows.append(("course as committed: pages after the six edits equal a clean build's",
                 "yes" if r["same_pages_after_edits_as_clean"] else "no", "yes",
                 _met(r["same_pages_after_edits_as_clean"])))
    return rows


def _edit_rows(d: dict, edit: dict) -> list[Row]:
    """One row per kind of edit: its share of cold and the notebooks it ran again."""
    edits = d.get("edits") or [{**edit, "kind": "one row's note", "ratio": d["edit_ratio"],
                                "expected": [edit["lesson"].replace("-", "_")]}]
    rows: list[Row] = []
    for e in edits:
        # the notebooks' file names in words (an underscore does not break a phone's line)
        ran = ", ".join(r.replace("_", " ") for r in e["ran"]) or "none"
        expected = ", ".join(r.replace("_", " ") for r in e["expected"]) or "none"
        rows.append(((f"semester: rebuild after an edit of `{edit['lesson']}`: {e['kind']}, "
                      "share of cold (notebooks run again)"),
                     f"{_pct(e['ratio'])} ({e['s']:.1f} s; ran {e['notebooks']}: {ran})",
                     f"≤ 6 %; ran: {expected}",
                     _met(e["ratio"] <= 0.06 and e["ran"] == e["expected"])))
    if "same_pages_after_edits_as_clean" in d:
        rows.append(("semester: pages after the six edits equal a clean build's",
                     "yes" if d["same_pages_after_edits_as_clean"] else "no", "yes",
                     _met(d["same_pages_after_edits_as_clean"])))
    return rows


def _peers_rows(d: dict) -> list[Row]:
    p, code = d["pages"], d["code_file"]
    rows: list[Row] = []
    for calls, label in (("one", "one call each"), ("four", "the quiz in four calls")):
        td, peer = p[f"td_{calls}"], p[f"peer_{calls}"]
        ratio = td["html_gzip"] / peer["html_gzip"]
        rows.append(((f"lesson page HTML (gzip) vs jupyterquiz + jupytercards, 12 questions "
                     f"and 10 cards, {label}"),
                     (f"{ratio:.2f}× ({td['html_gzip'] / 1000:.1f} KB vs "
                     f"{peer['html_gzip'] / 1000:.1f} KB; raw {td['html_bytes'] / 1000:.0f} vs "
                     f"{peer['html_bytes'] / 1000:.0f} KB)"), "≤ 0.5×", _met(ratio <= 0.5)))
    files = code.get("files") or [code.get("name", "")]
    rows.append(((f"the drills' code a lesson page of two kinds loads ({len(files)} files: the "
                  "core and its kinds'), gzip"), f"{code['gzip'] / 1000:.1f} KB", "≤ 30 KB",
                 _met(code["gzip"] <= 30_000)))
    rows.append(("the drills' code files: each fetched per visit (3 lesson pages)",
                 f"{d['code_fetches_per_visit']}×", "once",
                 _met(d["code_fetches_per_visit"] == 1)))
    td, peer = p["td_one"], p["peer_one"]
    tti = td["tti_ms"] / peer["tti_ms"]
    rows.append(("time to interactive, first visit (median of 5; termdrills vs jupyterquiz)",
                 (f"{tti:.2f}× ({td['tti_ms']:.0f} ms vs {peer['tti_ms']:.0f} ms; four calls: "
                 f"{p['td_four']['tti_ms']:.0f} vs {p['peer_four']['tti_ms']:.0f})"), "≤ 1.0×",
                 _met(tti <= 1.0)))
    rows.append(("click to feedback, same measure (termdrills vs jupyterquiz)",
                 f"{td['click_ms']:.2f} ms vs {peer['click_ms']:.2f} ms", "–", "n/a"))
    rows.append(("JS heap after load (termdrills vs peers)",
                 f"{td['js_heap_kb'] / 1000:.1f} MB vs {peer['js_heap_kb'] / 1000:.1f} MB",
                 "–", "n/a"))
    return rows


def _grade_rows(d: dict) -> list[Row]:
    return [((f"`termdrills grade`, {d['students']} answers of ~{d['mean_words']} words "
             "(read, analyse, write report and CSV; one process)"),
             f"{d['seconds']:.1f} s", "< 10 s on 2 cores", _met(d["seconds"] < 10))]


def _hostile_rows(d: dict) -> list[Row]:
    return [(f"hostile input: {c['what']} (one line, exit {c['exit']})",
             f"{c['seconds']:.1f} s, {c['peak_mb']} MB", "< 5 s and < 200 MB",
             _met(c["seconds"] < 5 and c["peak_mb"] < 200)) for c in d["cases"]]


def _tests_rows(d: dict) -> list[Row]:
    rows: list[Row] = []
    for name, goal, label in (("fast", 60, "`make test-fast` on a fresh clone (no built site)"),
                              ("full", 360, ("`make test` on a fresh clone (book build, every "
                                            "test, nbval over the lessons)"))):
        r = d.get(name)
        if not r:
            continue
        green = r["exit"] == 0 and r.get("build_exit", 0) == 0
        rows.append((label, (f"{r['s']:.0f} s ({r['passed']} passed, {r['failed']} failed, "
                             f"{r['errors']} errors)"), f"< {goal} s, green",
                     _met(r["s"] < goal and green)))
    return rows


FORMATTERS: dict[str, Callable[[dict], list[Row]]] = {
    "check": _check_rows, "drills": _drills_rows, "fsrs": _fsrs_rows, "nbval": _nbval_rows,
    "build": _build_rows, "course": _course_rows, "peers": _peers_rows, "grade": _grade_rows,
    "hostile": _hostile_rows, "tests": _tests_rows,
}


def write_table() -> str:
    rows: list[Row] = []
    machine = when = None
    for name in BENCHMARKS:
        data = _load(name)
        if data is None:
            rows.append((f"{name}: not run", "–", "–", "n/a"))
            continue
        if data.get("when", "") >= (when or ""):  # the machine of the latest run
            machine = data.get("machine") or machine
        when = max(when or "", data.get("when", ""))
        try:
            rows.extend(FORMATTERS[name](data))
        except (KeyError, TypeError, ValueError) as exc:
            rows.append((f"{name}: results in an unknown shape ({exc})", "–", "–", "n/a"))
    lines = ["| what | measured | goal | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    if machine:
        ram = f", {machine['ram_gib']} GiB RAM" if machine.get("ram_gib") else ""
        load = (f" (load average {machine['load_1min']} when the last benchmark ended)"
                if machine.get("load_1min") is not None else "")
        lines += ["", (f"Last measured {when} on {machine['cpus']} CPUs (`nproc`; "
                       f"{machine['processor']}){ram}, Python {machine['python']}, "
                       f"{machine['platform']}. The machine is shared and noisy{load}: read "
                       "the ratios, not the seconds.")]
    text = "\n".join(lines) + "\n"
    atomic_write(SUMMARY, text)
    readme = README.read_text(encoding="utf-8")
    if TABLE_START in readme and TABLE_END in readme:  # the README shows the same table
        head, rest = readme.split(TABLE_START, 1)
        atomic_write(README, f"{head}{TABLE_START}\n{text}{TABLE_END}{rest.split(TABLE_END, 1)[1]}")
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
