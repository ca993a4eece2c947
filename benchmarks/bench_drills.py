"""Drills on the static page: click-to-feedback time in Chromium, and the page bytes
each further drill adds.

Goals: click to feedback under 1 ms (median, every drill kind, also with a semester's
review store of 1,000 terms); each further drill on a page adds at most 10 KB beyond
its own data.

- Click to feedback is measured inside the page (served with the headers of
  `benchmarks._serve`, so `performance.now()` counts in 5 µs steps): each answer is
  clicked on a clean frame, as a student's click finds the page, and timed from just
  before the `click()` to just after it returned and its microtasks ran: the feedback
  is in the page, and what the browser still has to do (style, layout, paint) is the
  frame it would draw anyway. Nothing in the measurement forces a layout, so a handler
  that forces one (a synchronous focus(), reading a size) pays for it here.
- The semester store: 1,000 terms, each reviewed 9 times (about 500 KB of JSON in
  localStorage), put there before the page loads.
- As with a mouse, the button has the focus when it is clicked (Chromium focuses a
  button on the press, a frame before the click is timed).
- Bytes are measured on real Jupyter Book builds of the drill fixture settings
  with 1, 2 and 5 typed-recall drills (different seeds, same terms) on a page:
  (bytes(5) - bytes(1)) / 4, minus the drill's own data (its JSON model state).
  The page carries a drill's data twice: in its text/html fallback and in the
  widget state that myst-nb copies into the page.

Run: `python -m benchmarks.bench_drills` (needs Debian chromium; builds 4 books).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from benchmarks._serve import serve
from benchmarks._util import write_result

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "drillbook"
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # the tests' browser and flags

SAMPLES = 60
STORE_KEY = "termdrills:termdrills:review"

# `n` answers, each on a clean frame: the milliseconds of each click's synchronous work.
MEASURE = """async ([id, kind, n]) => {
  const root = document.querySelector(`section[data-drill="${id}"]`);
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  const times = [];
  const timed = async (button) => {
    button.focus();  // as a mouse press does before the click (Chromium focuses buttons)
    await frame();
    const t0 = performance.now();
    button.click();
    await null;
    times.push(performance.now() - t0);
  };
  const advance = () => root.querySelector(".td-nav button:not(:disabled)").click();
  for (let k = 0; k < n; k++) {
    if (kind === "cards") {
      const flip = [...root.querySelectorAll(".td-nav button")][1];
      if (root.querySelector(".td-ratings").hidden) flip.click();
      await timed(root.querySelector(".td-rate.td-good"));
      continue;
    }
    const target = kind === "mc" ? ".td-option:not(:disabled)" : ".td-check:not(:disabled)";
    for (let i = 0; i < 3 && !root.querySelector(target); i++) advance();  // Next, Start again
    if (kind !== "mc") {
      root.querySelector(".td-input").value =
        k % 2 ? "government service" : "the people-centered modernisation of it";
    }
    await timed(root.querySelector(target));
  }
  return times;
}"""

# A semester's review store: 1,000 terms, each reviewed 9 times.
SEMESTER_STORE = """([key]) => {
  const day = 86400000, now = Date.now();
  const terms = {};
  for (let i = 0; i < 1000; i++) {
    terms[`u${i % 40}-t${i}`] = { state: 2, step: null, stability: 12.5, difficulty: 5.1,
      due: now + (i % 30) * day, last_review: now - day, lesson: `unit-${i % 40}`,
      seen: 9, right: 7, wrong: 2, again: 1,
      log: Array.from({ length: 9 }, (_, j) => [now - (9 - j) * day, j % 4 ? 3 : 1]) };
  }
  localStorage.setItem(key, JSON.stringify({ schema: "termdrills-review", version: 2,
    course: "termdrills", terms }));
  return localStorage.getItem(key).length;
}"""
KINDS = (("flashcards (rate)", "cards", "cards"), ("multiple choice", "mc", "mc"),
         ("typed recall", "typed", "typed"), ("cloze", "cloze", "typed"),
         ("sentence (chrF)", "sentence", "typed"))


def _build(book: Path, out: Path) -> Path:
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "build", str(book), "--path-output", str(out)], check=True,
                   capture_output=True, text=True, timeout=600)
    return out / "_build" / "html"


def _book_with(tmp: Path, drills: int) -> Path:
    """The fixture book with a page of `drills` typed-recall drills."""
    book = tmp / f"book{drills}"
    shutil.copytree(FIXTURE, book)
    nb = nbformat.read(book / "drills.ipynb", as_version=4)
    setup = nb.cells[1]
    cells = [nbformat.v4.new_markdown_cell("# Bytes"), setup]
    cells += [nbformat.v4.new_code_cell(f"TypedRecall(terms, seed={k})") for k in range(drills)]
    nb.cells = cells
    nbformat.write(nb, book / "drills.ipynb")
    return book


def page_bytes() -> dict[str, object]:
    from termdrills import load_glossary
    from termdrills.drills import TypedRecall

    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1, 2, 5):
            html = _build(_book_with(Path(tmp), n), Path(tmp) / f"out{n}")
            sizes[n] = (html / "drills.html").stat().st_size
    glossary = load_glossary(FIXTURE / "glossary.csv")
    drill = TypedRecall(glossary.by_lesson("basics"), seed=1)
    data = len(json.dumps(drill.state(), ensure_ascii=False).encode())
    further = (sizes[5] - sizes[1]) / 4
    return {"page_bytes": {str(k): v for k, v in sizes.items()},
            "further_drill_bytes": round(further), "drill_data_bytes": data,
            "overhead_beyond_data_bytes": round(further - data),
            "overhead_beyond_two_copies_of_data_bytes": round(further - 2 * data)}


def click_to_feedback() -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        html = _build(FIXTURE, Path(tmp))
        with serve(html) as (url, _), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for store in ("fresh", "semester"):
                context = browser.new_context()
                page = context.new_page()
                page.goto(url + "drills.html")
                assert page.evaluate("crossOriginIsolated"), "timers would be coarse"
                if store == "semester":
                    size = page.evaluate(SEMESTER_STORE, [STORE_KEY])
                    results["semester_store_bytes"] = size
                    page.reload()
                page.wait_for_selector('section[data-drill="review"]')
                kinds = {}
                for name, drill_id, kind in KINDS:
                    page.evaluate(MEASURE, [drill_id, kind, 5])  # warm-up
                    times = sorted(page.evaluate(MEASURE, [drill_id, kind, SAMPLES]))
                    kinds[name] = {"median_ms": round(statistics.median(times), 3),
                                   "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3),
                                   "samples": len(times)}
                results[store] = kinds
                kept = page.evaluate(f"Object.keys(JSON.parse(localStorage.getItem('{STORE_KEY}'))"
                                     ".terms).length")
                assert store == "fresh" or kept >= 1000, "the semester store was not accepted"
                context.close()
            browser.close()
    return results


def main() -> dict[str, object]:
    clicks = click_to_feedback()
    sizes = page_bytes()
    result = {"goal": "click-to-feedback median < 1 ms (also with a 1,000-term store); a "
                      "further drill adds <= 10 KB beyond its own data",
              "click_to_feedback": clicks, "bytes": sizes}
    write_result("drills", result)
    print("Click to feedback in Chromium (in-page: the click's synchronous work)")
    print(f"{'drill':<20} {'median (ms)':>12} {'p95 (ms)':>9} {'median, semester store':>23}")
    for name, r in clicks["fresh"].items():
        big = clicks["semester"][name]
        print(f"{name:<20} {r['median_ms']:>12.3f} {r['p95_ms']:>9.3f} {big['median_ms']:>23.3f}")
    print(f"(semester store: {clicks['semester_store_bytes']:,} characters in localStorage)")
    print()
    print("Page bytes (typed-recall drills, 4 terms each)")
    for n, b in sizes["page_bytes"].items():
        print(f"  {n} drill(s) on the page: {b:>9,} bytes")
    print(f"  each further drill adds {sizes['further_drill_bytes']:,} bytes; its data is "
          f"{sizes['drill_data_bytes']:,} bytes (in the page twice: fallback + widget state); "
          f"beyond one copy: {sizes['overhead_beyond_data_bytes']:,}, beyond both: "
          f"{sizes['overhead_beyond_two_copies_of_data_bytes']:,}")
    return result


if __name__ == "__main__":
    main()
