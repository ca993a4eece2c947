"""A semester at scale: the course plus 10 units of 4 scaffolded lessons (`benchmarks.course`).

Figures (ratios within one run), each with the notebooks it executed (runs.log):

1. the cold build (``jupyter-book build .``, what ``make book`` runs);
2. a no-op rebuild, as a share of the cold build (goal: at most 3 %);
3. a rebuild after each kind of glossary edit an instructor makes (`EDITS`: a row's
   ``en``, an added ``alt_en`` with its source, its ``note``, its example, a row added to
   a lesson, a row removed), each as a share of the cold build (goal: at most 6 %), with
   the notebooks it ran again (goal: only those whose pages change: the row's lesson,
   none for a note, which only the glossary and variants pages show);
4. the cold build against executing the same notebooks one after another (goal: at most
   0.7×): a cold build of a copy with ``TERMDRILLS_JOBS=1``, where myst-nb runs each
   notebook as Sphinx reads it, gives both that time (the sum of its "Executed notebook
   in … seconds") and the serial build's time; its pages must equal the parallel
   build's, page for page;
5. the course as committed, nothing generated (`real_semester`): its cold build, a no-op
   and the same six kinds of edit on a row of its last lesson, with the notebooks each
   ran (the lesson's own, and the review notebooks that show every unit's rows), and
   its pages after the edits against a clean build's.

CPU seconds (this process's children: the build and its kernels) are recorded beside the
wall seconds: on a shared machine the wall clock also measures the neighbours. Each build
also records where its time went (`benchmarks._phases`, added to the copy's extensions:
start-up, reading with each document's read, after reading, writing), and the no-op
build's imports are timed (``python -X importtime``), grouped by top-level package.

Run: .venv/bin/python -m benchmarks.bench_course  (writes benchmarks/results/course.json)
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._util import write_result
from benchmarks.course import ROOT, RUNS_LOG, add_run_log, copy_course, make_course, runs, slug

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
EDITED = slug(6, 2)  # the lesson whose first row is edited


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(jobs: int | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TERMDRILLS_GLOSSARY",
                                                             "TERMDRILLS_JOBS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    if jobs:
        env["TERMDRILLS_JOBS"] = str(jobs)
    return env


def build(course: Path, jobs: int | None = None) -> dict[str, object]:
    """One `jupyter-book build .`: wall and CPU seconds, the notebooks it ran, its phases."""
    before, cpu = len(runs(course)), _cpu()
    phases = course / "_build" / "phases.json"
    phases.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.run([str(JUPYTER_BOOK), "build", "."], cwd=course, env=_env(jobs),
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {course} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    ran = runs(course)[before:]
    read = json.loads(phases.read_text(encoding="utf-8")) if phases.exists() else {}
    docs = read.pop("documents_read", {})
    executed = [float(s) for s in re.findall(r"Executed notebook in ([\d.]+) seconds",
                                             proc.stdout + proc.stderr)]
    return {"s": round(seconds, 2), "cpu_s": round(_cpu() - cpu, 2), "notebooks": len(ran),
            "ran": sorted(ran) if len(ran) <= 5 else [], "phases": read,
            "slowest_reads": dict(list(docs.items())[:5]),
            "myst_nb_execution_s": round(sum(executed), 2)}


def html_pages(course: Path) -> dict[str, str]:
    """Every page of a built site, without the asset query strings Sphinx adds once a file
    exists (tests/test_site_build.py compares pages the same way)."""
    html = course / "_build" / "html"
    return {str(p.relative_to(html)): re.sub(r"\?v=[0-9a-f]{8}\b", "",
                                             p.read_text(encoding="utf-8"))
            for p in sorted(html.rglob("*.html"))}


def noop_imports(course: Path) -> dict[str, float]:
    """A no-op build's imports, in seconds per top-level package (``-X importtime``)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", str(JUPYTER_BOOK), "build", "."],
                          cwd=course, env=_env(), capture_output=True, text=True, check=True)
    totals: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if m and not m[2].startswith(" "):  # a top-level import: its own cumulative time
            root = m[2].strip().split(".")[0]
            totals[root] = totals.get(root, 0.0) + int(m[1]) / 1e6
    top = sorted(totals.items(), key=lambda kv: -kv[1])
    return {"total_s": round(sum(totals.values()), 3),
            **{k: round(v, 3) for k, v in top[:10]},
            "termdrills": round(totals.get("termdrills", 0.0), 3)}


def _rows(glossary: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(glossary.read_text(encoding="utf-8"), newline="")))


def _write(glossary: Path, rows: list[dict[str, str]]) -> None:
    header = next(csv.reader(io.StringIO(glossary.read_text(encoding="utf-8"))))
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    glossary.write_text(out.getvalue(), encoding="utf-8")


def edit_row(glossary: Path, row_id: str, **cells: str) -> str:
    """Change cells of one row (an instructor's edit in a spreadsheet); returns its id."""
    rows = _rows(glossary)
    row = next(r for r in rows if r["id"] == row_id)
    for name, value in cells.items():
        row[name] = value(row[name]) if callable(value) else value
    _write(glossary, rows)
    return row_id


ADDED = "u6-l2-added"


def add_row(glossary: Path, lesson: str, **cells: str) -> str:
    """A new row for the lesson, at the end of the file."""
    rows = _rows(glossary)
    _write(glossary, [*rows, {**{k: "" for k in rows[0]}, "id": ADDED, "zh": "模拟新增术语",
                              "en": "an added simulated term", "lesson": lesson,
                              "source": "Generated", "date": "2024-03-05", **cells}])
    return ADDED


def remove_row(glossary: Path, row_id: str) -> str:
    _write(glossary, [r for r in _rows(glossary) if r["id"] != row_id])
    return row_id


#: (kind of edit, the edit, the notebooks whose pages it changes): rows of EDITED,
#: ``u6-l2-t{k}``; t3 has no alt_en (k % 5 >= 3), t5 has an example (k odd).
EDITS = (
    ("en", lambda g: edit_row(g, "u6-l2-t1", en="simulated term one of unit 6 lesson 2"),
     [EDITED]),
    ("alt_en added, with its source", lambda g: edit_row(
        g, "u6-l2-t3", alt_en="another rendering of term 3",
        alt_source="https://example.org/alt/6/2/3b"), [EDITED]),
    ("note", lambda g: edit_row(g, "u6-l2-t2", note=lambda v: v + " (edited)"), []),
    ("example", lambda g: edit_row(g, "u6-l2-t5", example_en=lambda v: v[:-1] + ", again."),
     [EDITED]),
    ("row added to the lesson", lambda g: add_row(g, EDITED), [EDITED]),
    ("row removed", lambda g: remove_row(g, ADDED), [EDITED]),
)


#: The real semester's edited lesson: the last lesson of the glossary with rows its text
#: does not quote (the semester review may show them too, and so run again).
def _real_edits(glossary: Path) -> tuple[str, tuple]:
    rows = _rows(glossary)

    def candidates(lesson: str) -> tuple[list[str], list[str], list[str]] | None:
        # rows whose rendering the lesson's own text does not quote: its invariant cells
        # hold the text to the glossary, so an edit of a quoted rendering stops the build
        # (as it should: the instructor edits the lesson too)
        cells = json.loads((glossary.parent / "lessons" / f"{lesson.replace('-', '_')}.ipynb")
                           .read_text(encoding="utf-8"))["cells"]
        text = " ".join(" ".join("".join(c["source"]).split()) for c in cells)
        examples_en = " ".join(r["example_en"] for r in rows)  # aligned by the lessons too
        mine = [r for r in rows if r["lesson"] == lesson and r["en"] not in text
                and r["en"] not in examples_en]
        free = [r["id"] for r in mine if not r["alt_en"]]
        examples = [r["id"] for r in rows if r["lesson"] == lesson and r["example_en"]
                    and not any(" ".join(part.split())[:30] in text
                                for part in re.split(r"(?<=[.;:!?])\s", r["example_en"]))]
        return ([r["id"] for r in mine], free, examples) if free and examples else None

    lesson = next(le for le in reversed(list(dict.fromkeys(r["lesson"] for r in rows)))
                  if candidates(le))
    quoted_free, without_alt_ids, example_ids = candidates(lesson)  # type: ignore[misc]
    other, without_alt, with_example = quoted_free[0], without_alt_ids[-1], example_ids[0]
    return lesson, (
        ("en", lambda g: edit_row(g, other, en=lambda v: v + " again")),
        ("alt_en added, with its source", lambda g: edit_row(
            g, without_alt, alt_en="another rendering, for the benchmark",
            alt_source="https://example.org/bench/alt")),
        ("note", lambda g: edit_row(g, other, note=lambda v: v + " (edited)")),
        ("example", lambda g: edit_row(g, with_example,
                                       example_en=lambda v: v[:-1] + ", again.")),
        ("row added to the lesson", lambda g: add_row(  # with an example, as the lessons'
            g, lesson, example_zh="这是模拟新增术语的例句。",  # invariants want 3 in 4
            example_en="This sentence uses an added simulated term.")),
        ("row removed", lambda g: remove_row(g, ADDED)),
    )


def real_semester(tmp: Path) -> dict[str, object]:
    """The course as committed (its units, lessons and glossary, nothing generated): cold,
    no-op and each kind of edit on a row of its last lesson, with the notebooks each ran,
    and the pages after the edits against a clean build's."""
    course = _with_phases(copy_course(tmp / "real"))
    for notebook in sorted((course / "lessons").glob("*.ipynb")):
        add_run_log(notebook)
    lessons = len(list((course / "lessons").glob("*.ipynb")))
    rows = len(_rows(course / "glossary.csv"))
    cold = build(course)
    noop = build(course)
    lesson, kinds = _real_edits(course / "glossary.csv")
    edits = []
    for kind, edit_glossary in kinds:
        row = edit_glossary(course / "glossary.csv")
        before = len(runs(course))
        r = build(course)
        r["ran"] = sorted(runs(course)[before:])
        edits.append({**r, "kind": kind, "row": row, "ratio": round(r["s"] / cold["s"], 4)})
    clean = tmp / "real-clean"
    shutil.copytree(course, clean, ignore=shutil.ignore_patterns("_build", RUNS_LOG))
    build(clean)
    return {"lessons": lessons, "rows": rows, "lesson": lesson, "cold": cold, "noop": noop,
            "noop_ratio": round(noop["s"] / cold["s"], 4), "edits": edits,
            "same_pages_after_edits_as_clean": html_pages(clean) == html_pages(course)}


def _with_phases(course: Path) -> Path:
    """The benchmark's instrument in the copy's extension list (`benchmarks._phases`)."""
    config = course / "_config.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "      - termdrills.book\n"
    assert anchor in text, "the course's extension list moved"
    config.write_text(text.replace(anchor, anchor + "      - benchmarks._phases\n"),
                      encoding="utf-8")
    return course


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        course = _with_phases(make_course(Path(tmp) / "course"))
        lessons = len(list((course / "lessons").glob("*.ipynb")))
        rows = sum(1 for _ in (course / "glossary.csv").open(encoding="utf-8")) - 1
        twin = Path(tmp) / "serial"
        shutil.copytree(course, twin)
        serial = build(twin, jobs=1)
        cold = build(course)
        same_pages = html_pages(twin) == html_pages(course)
        shutil.rmtree(twin)
        noop = build(course)
        imports = noop_imports(course)
        edits = []
        for kind, edit_glossary, expected in EDITS:
            row = edit_glossary(course / "glossary.csv")
            r = build(course)
            r["ran"] = sorted(runs(course)[len(runs(course)) - r["notebooks"]:])
            edits.append({**r, "kind": kind, "row": row, "ratio": round(r["s"] / cold["s"], 4),
                          "expected": sorted(e.replace("-", "_") for e in expected)})
        clean = Path(tmp) / "clean"
        shutil.copytree(course, clean, ignore=shutil.ignore_patterns("_build", RUNS_LOG))
        build(clean)
        same_after_edits = html_pages(clean) == html_pages(course)
        shutil.rmtree(clean)
        real = real_semester(Path(tmp))
    execution = serial["myst_nb_execution_s"]
    edit = max(edits, key=lambda e: e["ratio"])
    result = {
        "goals": {"noop_ratio": "<= 0.03", "edit_ratio": "<= 0.06",
                  "edit_notebooks": "only those whose pages change",
                  "cold_vs_serial_execution": "<= 0.7",
                  "same_pages": "yes"},
        "lessons": lessons, "rows": rows, "jobs": os.cpu_count(),
        "serial_build": serial, "cold": cold, "noop": noop,
        "edit": {**edit, "lesson": EDITED}, "edits": edits, "noop_imports": imports,
        "same_pages_after_edits_as_clean": same_after_edits,
        "serial_execution_s": execution, "same_pages_as_serial": same_pages,
        "noop_ratio": round(noop["s"] / cold["s"], 4),
        "edit_ratio": edit["ratio"],
        "cold_vs_serial_execution": round(cold["s"] / execution, 3),
        "cold_vs_serial_build": round(cold["s"] / serial["s"], 3),
        "real": real,
    }
    write_result("course", result)
    print(f"A semester: {lessons} lesson notebooks, {rows:,} glossary rows, "
          f"{os.cpu_count()} cores")
    print(f"{'':<34} {'wall (s)':>9} {'CPU (s)':>8} {'share':>7} {'notebooks':>10}")
    print(f"{'serial build (TERMDRILLS_JOBS=1)':<34} {serial['s']:>9.1f} {serial['cpu_s']:>8.1f} "
          f"{'':>7} {serial['notebooks']:>10}")
    print(f"{'  of which notebooks executing':<34} {execution:>9.1f}")
    for name, r, share in (("cold build", cold, result["cold_vs_serial_execution"]),
                           ("no-op rebuild", noop, result["noop_ratio"]),
                           *((f"edit: {e['kind']}", e, e["ratio"]) for e in edits)):
        print(f"{name:<34} {r['s']:>9.1f} {r['cpu_s']:>8.1f} {share:>7.1%} {r['notebooks']:>10}")
    print("(cold: share of the notebooks executing one after another; rebuilds: share of cold)")
    print(f"pages of the parallel and the serial build: {'the same' if same_pages else 'DIFFER'}")
    print(f"pages after the edits and a clean build's: {'the same' if same_after_edits else 'DIFFER'}")
    print(f"goals: cold ≤ 0.7× serial execution: met: "
          f"{'yes' if result['cold_vs_serial_execution'] <= 0.7 else 'no'}; "
          f"no-op ≤ 3 %: met: {'yes' if result['noop_ratio'] <= 0.03 else 'no'}")
    for e in edits:
        print(f"edit {e['kind']} ({e['row']}): {e['ratio']:.1%} of cold, goal ≤ 6 %: met: "
              f"{'yes' if e['ratio'] <= 0.06 else 'no'}; notebooks run again: "
              f"{', '.join(e['ran']) or 'none'} (goal: {', '.join(e['expected']) or 'none'}: "
              f"met: {'yes' if e['ran'] == e['expected'] else 'no'})")
    for name, r in (("cold", cold), ("no-op", noop), ("slowest edit", edit)):
        print(f"{name}: {r['phases']}; slowest reads {r['slowest_reads']}")
    print(f"no-op imports: {imports}")
    print(f"The course as committed: {real['lessons']} notebooks, {real['rows']} rows; cold "
          f"{real['cold']['s']:.1f} s, no-op {real['noop_ratio']:.1%} of cold")
    for e in real["edits"]:
        print(f"  edit {e['kind']} ({e['row']}): {e['ratio']:.1%} of cold; ran: "
              f"{', '.join(e['ran']) or 'none'}")
    print(f"  pages after the edits and a clean build's: "
          f"{'the same' if real['same_pages_after_edits_as_clean'] else 'DIFFER'}")
    return result


if __name__ == "__main__":
    main()
