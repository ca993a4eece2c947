"""Drills on the static page: click-to-feedback time in Chromium, and the page bytes
each further drill adds.

Goals (issue 3): click-to-feedback median under one frame (16 ms); each further
drill on a page adds at most 10 KB beyond its own data.

- Click-to-feedback is measured inside the page: `performance.now()` before a
  real `click()` on the button, and again after the feedback is in the DOM and
  laid out (reading its bounding box forces style and layout). The next paint
  follows at the browser's frame rate, which headless Chromium does not model.
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

from benchmarks._util import write_result

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "drillbook"
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve

SAMPLES = 60

# One answer per call: returns the milliseconds from click to laid-out feedback.
MEASURE = """async ([id, kind, n]) => {
  const root = document.querySelector(`section[data-drill="${id}"]`);
  const fb = root.querySelector(".td-feedback");
  const times = [];
  const timed = (button) => {
    const t0 = performance.now();
    button.click();
    fb.getBoundingClientRect();
    return performance.now() - t0;
  };
  const advance = () => root.querySelector(".td-nav button:not(:disabled)").click();
  for (let k = 0; k < n; k++) {
    if (kind === "cards") {
      const flip = [...root.querySelectorAll(".td-nav button")][1];
      if (root.querySelector(".td-ratings").hidden) flip.click();
      times.push(timed(root.querySelector(".td-rate.td-good")));
      continue;
    }
    const target = kind === "mc" ? ".td-option:not(:disabled)" : ".td-check:not(:disabled)";
    if (!root.querySelector(target)) advance();  // the summary: "Start again"
    if (kind === "mc") {
      times.push(timed(root.querySelector(target)));
    } else {
      const input = root.querySelector(".td-input");
      input.value = k % 2 ? "government service" : "the people-centered modernisation of it";
      times.push(timed(root.querySelector(target)));
    }
    advance();
  }
  return times;
}"""


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

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        html = _build(FIXTURE, Path(tmp))
        with serve(html) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + "drills.html")
            page.wait_for_selector('section[data-drill="review"]')
            for name, drill_id, kind in (("flashcards (rate)", "cards", "cards"),
                                         ("multiple choice", "mc", "mc"),
                                         ("typed recall", "typed", "typed"),
                                         ("cloze", "cloze", "typed"),
                                         ("sentence (chrF)", "sentence", "typed")):
                page.evaluate(MEASURE, [drill_id, kind, 5])  # warm-up
                times = page.evaluate(MEASURE, [drill_id, kind, SAMPLES])
                times.sort()
                results[name] = {"median_ms": round(statistics.median(times), 3),
                                 "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3),
                                 "samples": len(times)}
            browser.close()
    return results


def main() -> dict[str, object]:
    clicks = click_to_feedback()
    sizes = page_bytes()
    result = {"goal": "click-to-feedback median < 16 ms; a further drill adds <= 10 KB "
                      "beyond its own data",
              "click_to_feedback": clicks, "bytes": sizes}
    write_result("drills", result)
    print("Click to feedback in Chromium (in-page, feedback laid out)")
    print(f"{'drill':<20} {'median (ms)':>12} {'p95 (ms)':>9}")
    for name, r in clicks.items():
        print(f"{name:<20} {r['median_ms']:>12.2f} {r['p95_ms']:>9.2f}")
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
