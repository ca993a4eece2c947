"""Site build benchmarks, each in a temporary copy of the course.

1. The course as it is: a cold build, a no-op rebuild and a rebuild after editing one
   glossary row, as ratios to the cold build in one run (goals, issue 4: no-op <= 15 %
   of cold, one-row edit <= 40 % of cold), with the number of notebooks each ran.
2. A generated 5,000-term glossary: the glossary page's build time, and how long its
   filter takes to answer a keystroke in Chromium, from keydown to the next painted
   frame (goal: under 50 ms).

Run: .venv/bin/python -m benchmarks.bench_build  (writes benchmarks/results/build.json)
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._util import generated_glossary, write_result
from benchmarks.course import copy_course

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
CHROMIUM = os.environ.get("TERMDRILLS_CHROMIUM", "/usr/bin/chromium")


def build(folder: Path) -> tuple[float, int]:
    """`jupyter-book build .` (what `make book` runs): seconds, notebooks executed."""
    env = {k: v for k, v in os.environ.items() if k != "TERMDRILLS_GLOSSARY"}
    start = time.perf_counter()
    proc = subprocess.run([str(JUPYTER_BOOK), "build", "."], cwd=folder, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {folder} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    # myst-nb logs "Executing notebook" for each notebook it runs itself; the course's
    # pool (termdrills/book/execute.py) logs "<doc>: ran in … s on the pool" for each of its runs
    ran = proc.stdout.count("Executing notebook") + len(re.findall(r": ran in [\d.]+ s on the pool",
                                                                     proc.stdout))
    return seconds, ran


def edit_one_row(glossary: Path) -> str:
    """Append to the note of the first row: a typical instructor's edit. Returns its lesson."""
    rows = list(csv.reader(io.StringIO(glossary.read_text(encoding="utf-8"), newline="")))
    header, first = rows[0], rows[1]
    first[header.index("note")] += " (edited)"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    glossary.write_text(out.getvalue(), encoding="utf-8")
    return first[header.index("lesson")]


def course_builds(tmp: Path) -> dict[str, object]:
    course = copy_course(tmp / "course")
    cold, cold_runs = build(course)
    noop, noop_runs = build(course)
    lesson = edit_one_row(course / "glossary.csv")
    edit, edit_runs = build(course)
    return {
        "cold_s": round(cold, 2), "cold_notebooks": cold_runs,
        "noop_s": round(noop, 2), "noop_notebooks": noop_runs,
        "noop_ratio": round(noop / cold, 3),
        "edit_s": round(edit, 2), "edit_notebooks": edit_runs, "edited_lesson": lesson,
        "edit_ratio": round(edit / cold, 3),
    }


BIG_TOC = """\
format: jb-book
root: intro
chapters:
  - file: book/glossary
"""


def big_glossary(tmp: Path, terms: int = 5_000) -> dict[str, object]:
    book = tmp / "big"
    (book / "book").mkdir(parents=True)
    shutil.copy2(ROOT / "_config.yml", book / "_config.yml")
    for name in ("glossary.md", "favicon.svg"):
        shutil.copy2(ROOT / "book" / name, book / "book" / name)
    (book / "_toc.yml").write_text(BIG_TOC, encoding="utf-8")
    (book / "intro.md").write_text("# Generated glossary\n", encoding="utf-8")
    generated_glossary(book / "glossary.csv", terms)
    seconds, _ = build(book)
    html = book / "_build" / "html"
    result: dict[str, object] = {
        "terms": terms,
        "build_s": round(seconds, 2),
        "page_kb": round((html / "book" / "glossary.html").stat().st_size / 1024),
    }
    if Path(CHROMIUM).exists():
        result.update(keystroke_latency(html))
    return result


_MEASURE = """() => {
  window.__lat = [];
  const input = document.querySelector(".tdg-filter input");
  input.addEventListener("keydown", (e) => {
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__lat.push(performance.now() - t0)));
  }, true);
  input.focus();
}"""


def keystroke_latency(html: Path) -> dict[str, object]:
    """Type a pinyin query, an English one and delete both, key by key; ms per key."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM_ARGS, serve  # the tests' own server and browser flags
    from playwright.sync_api import sync_playwright

    with serve(html) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url + "book/glossary.html")
        page.wait_for_selector(".tdg-filter:not([hidden])")
        page.evaluate(_MEASURE)
        for query in ("zhengwu", "term number 42"):
            for ch in query:
                page.keyboard.type(ch)
                page.wait_for_timeout(60)
            for _ in query:
                page.keyboard.press("Backspace")
                page.wait_for_timeout(60)
        page.wait_for_timeout(200)
        samples = page.evaluate("window.__lat")
        shown = page.evaluate("document.querySelector('.tdg-filter-count').textContent")
        browser.close()
    samples.sort()
    return {
        "keys": len(samples),
        "keystroke_ms": round(statistics.median(samples), 1),  # the median key
        "keystroke_p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
        "keystroke_max_ms": round(samples[-1], 1),
        "count_after": shown,
    }


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        book = course_builds(Path(tmp))
        big = big_glossary(Path(tmp))
    result = {
        "goals": {"noop_ratio": "<= 0.15", "edit_ratio": "<= 0.40", "keystroke_ms": "< 50"},
        "book": book,
        "glossary_5000": big,
    }
    write_result("build", result)
    c = book
    print("Site builds of the course (jupyter-book build ., one run)")
    print(f"{'build':<22} {'seconds':>8} {'of cold':>8} {'notebooks run':>14}")
    print(f"{'cold':<22} {c['cold_s']:>8.2f} {'100 %':>8} {c['cold_notebooks']:>14}")
    print(f"{'no-op rebuild':<22} {c['noop_s']:>8.2f} {c['noop_ratio']:>8.0%} "
          f"{c['noop_notebooks']:>14}")
    print(f"{'one glossary row':<22} {c['edit_s']:>8.2f} {c['edit_ratio']:>8.0%} "
          f"{c['edit_notebooks']:>14}")
    print()
    print(f"Generated glossary of {big['terms']:,} terms: page built in {big['build_s']:.1f} s, "
          f"{big['page_kb']:,} KB")
    if "keystroke_ms" in big:
        print(f"Filter keystroke to painted frame in Chromium ({big['keys']} keys): "
              f"median {big['keystroke_ms']} ms, p95 {big['keystroke_p95_ms']} ms, "
              f"max {big['keystroke_max_ms']} ms")
    else:
        print("Filter keystroke latency: not measured (no chromium)")
    return result


if __name__ == "__main__":
    main()
