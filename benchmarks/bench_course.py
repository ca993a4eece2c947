"""A semester at scale: the course plus 10 units of 4 scaffolded lessons (`benchmarks.course`).

Figures (ratios within one run), each with the notebooks it executed (runs.log):

1. the cold build (``jupyter-book build .``, what ``make book`` runs);
2. a no-op rebuild, as a share of the cold build (goal: at most 3 %);
3. a rebuild after editing one glossary row of one scaffolded lesson, as a share of the
   cold build (goal: at most 6 %, and only the notebooks that embed the row run again:
   here the row's own lesson);
4. the cold build against executing the same notebooks one after another, each in its
   own kernel as the build runs them (`termdrills._execute`; goal: at most 0.7×).

CPU seconds (this process's children: the build and its kernels) are recorded beside the
wall seconds: on a shared machine the wall clock also measures the neighbours.

Run: .venv/bin/python -m benchmarks.bench_course  (writes benchmarks/results/course.json)
"""

from __future__ import annotations

import csv
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._util import write_result
from benchmarks.course import make_course, runs, slug

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
EDITED = slug(6, 2)  # the lesson whose first row is edited


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(course: Path) -> dict[str, object]:
    """One `jupyter-book build .`: wall and CPU seconds, the notebooks it ran."""
    env = {k: v for k, v in os.environ.items() if k not in ("TERMDRILLS_GLOSSARY",
                                                             "TERMDRILLS_JOBS")}
    before, cpu = len(runs(course)), _cpu()
    start = time.perf_counter()
    proc = subprocess.run([str(JUPYTER_BOOK), "build", "."], cwd=course, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {course} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    ran = runs(course)[before:]
    return {"s": round(seconds, 2), "cpu_s": round(_cpu() - cpu, 2), "notebooks": len(ran),
            "ran": sorted(ran) if len(ran) <= 5 else []}


def edit_row(glossary: Path, lesson: str) -> str:
    """Append to the note of the lesson's first row; returns the row's id."""
    rows = list(csv.reader(io.StringIO(glossary.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("lesson")] == lesson)
    row[header.index("note")] += " (edited)"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    glossary.write_text(out.getvalue(), encoding="utf-8")
    return row[header.index("id")]


_SERIAL = """
import sys, time
from pathlib import Path
import nbformat
from termdrills._execute import _execute
import os
total = 0.0
for name in sys.argv[2:]:
    path = Path(sys.argv[1]) / name
    nb = nbformat.read(path, as_version=4)
    run = _execute(nb, cwd=str(path.parent), timeout=120, allow_errors=False,
                   trace=Path(sys.argv[1]) / "trace.jsonl", environ=dict(os.environ))
    if run.error:
        raise SystemExit(f"{name}: {run.error}")
    total += run.seconds
print(total)
"""


def serial_execution(course: Path, notebooks: list[str]) -> dict[str, object]:
    """Each notebook run to completion before the next starts (in a copy of the course)."""
    copy = course.parent / "serial"
    shutil.copytree(course, copy, ignore=shutil.ignore_patterns("_build", "runs.log"))
    cpu = _cpu()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _SERIAL, str(copy), *notebooks], check=True,
                   capture_output=True, text=True)
    seconds = time.perf_counter() - start
    done = len(runs(copy))
    shutil.rmtree(copy)
    return {"s": round(seconds, 2), "cpu_s": round(_cpu() - cpu, 2), "notebooks": done}


def _reading_order(course: Path) -> list[str]:
    """The lesson notebooks as Sphinx reads them (sorted document names)."""
    return sorted(str(p.relative_to(course)) for p in (course / "lessons").glob("*.ipynb"))


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp) / "course")
        rows = sum(1 for _ in (course / "glossary.csv").open(encoding="utf-8")) - 1
        notebooks = _reading_order(course)
        serial = serial_execution(course, notebooks)
        cold = build(course)
        noop = build(course)
        row = edit_row(course / "glossary.csv", EDITED)
        edit = build(course)
    result = {
        "goals": {"noop_ratio": "<= 0.03", "edit_ratio": "<= 0.06",
                  "edit_notebooks": f"only {EDITED}", "cold_vs_serial": "<= 0.7"},
        "lessons": len(notebooks), "rows": rows, "jobs": os.cpu_count(),
        "serial_execution": serial, "cold": cold, "noop": noop,
        "edit": {**edit, "row": row, "lesson": EDITED},
        "noop_ratio": round(noop["s"] / cold["s"], 4),
        "edit_ratio": round(edit["s"] / cold["s"], 4),
        "cold_vs_serial": round(cold["s"] / serial["s"], 3),
    }
    write_result("course", result)
    print(f"A semester: {len(notebooks)} lesson notebooks, {rows:,} glossary rows, "
          f"{os.cpu_count()} cores")
    print(f"{'':<34} {'wall (s)':>9} {'CPU (s)':>8} {'share':>7} {'notebooks':>10}")
    print(f"{'notebooks one after another':<34} {serial['s']:>9.1f} {serial['cpu_s']:>8.1f} "
          f"{'':>7} {serial['notebooks']:>10}")
    for name, r, share in (("cold build", cold, cold["s"] / serial["s"]),
                           ("no-op rebuild", noop, result["noop_ratio"]),
                           (f"one row of {EDITED} edited", edit, result["edit_ratio"])):
        print(f"{name:<34} {r['s']:>9.1f} {r['cpu_s']:>8.1f} {share:>7.1%} {r['notebooks']:>10}")
    print("(cold: share of the notebooks run one after another; rebuilds: share of cold)")
    print(f"edited row {row}: notebooks run again: {', '.join(edit['ran']) or 'none'}")
    return result


if __name__ == "__main__":
    main()
