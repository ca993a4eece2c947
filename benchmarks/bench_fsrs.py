"""The FSRS scheduler in the front end: bytes it adds, time per rating in Chromium.

Goals (issue 14): static/core/fsrs.js adds at most 6 KB to the page (comments
included, as shipped: the drills' module is a concatenation, not minified); one rating
takes under 1 ms.

- Bytes: fsrs.js raw and gzip-compressed (level 9, what a server would send); chrf.js
  beside it for reference (it replaces the chrF that logic.js carries today).
- Time: the module is imported into a blank Chromium page from a blob: URL. A batch
  takes a fresh deck of 200 cards, rates each 3 times untimed (past the first steps),
  then times 25 more ratings of each (5,000), each card at its due date, with a fixed
  cycle of ratings (again, good, good, hard, good, easy, ...) so the cards pass through
  learning, review and relearning. The batch time / 5,000 is one sample
  (performance.now() is coarsened to 0.1 ms in Chromium, far too coarse for one
  rating); 20 batches (100,000 ratings) after as many warm-up batches; the median sample
  is reported, for `fsrsReview` and for `fsrsNextIntervals` (the four due dates a
  rating page shows: four reviews).

Run: `python -m benchmarks.bench_fsrs` (needs Debian chromium). Not in the results
table yet: its figures go to results/fsrs.json.
"""

from __future__ import annotations

import gzip
import statistics
import sys
from pathlib import Path

from benchmarks._util import write_result

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "termdrills" / "static" / "core"
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS

BATCHES = 20
PER_BATCH = 5_000
DECK = 200

# Returns per-rating milliseconds for each batch: {review: [...], next: [...]}.
MEASURE = """async ([source, batches, perBatch, deck]) => {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const m = await import(url);
  const RATINGS = [1, 3, 3, 2, 3, 4, 3, 3, 1, 3, 2, 3, 3];
  const start = Date.UTC(2025, 8, 1);
  let cards = [];
  let k = 0;
  const time = (fn) => {
    const out = [];
    for (let b = 0; b < batches; b++) {
      cards = Array.from({ length: deck }, () => m.fsrsNewCard(start));
      for (let i = 0; i < deck * 3; i++) rate(i);  // past the first steps
      const t0 = performance.now();
      for (let i = 0; i < perBatch; i++) fn(i);
      out.push((performance.now() - t0) / perBatch);
    }
    return out;
  };
  function rate(i) {
    const j = i % deck;
    const card = cards[j];
    cards[j] = m.fsrsReview(card, RATINGS[k++ % RATINGS.length], card.due).card;
  }
  time(rate);  // warm-up: the JIT
  const review = time(rate);
  const states = [0, 0, 0, 0];
  for (const c of cards) states[c.state]++;
  let sink = 0;
  const next = time((i) => { const c = cards[i % deck]; sink += m.fsrsNextIntervals(c, c.due)[2]; });
  return { review, next, states: states.slice(1), sink: sink > 0 };
}"""


def file_bytes() -> dict[str, dict[str, int]]:
    out = {}
    for name in ("fsrs.js", "chrf.js"):
        data = (STATIC / name).read_bytes()
        out[name] = {"raw": len(data), "gzip": len(gzip.compress(data, compresslevel=9))}
    return out


def rating_time() -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    source = (STATIC / "fsrs.js").read_text(encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content("<!doctype html><title>fsrs</title>")
        r = page.evaluate(MEASURE, [source, BATCHES, PER_BATCH, DECK])
        browser.close()
    return {
        "review_median_ms": statistics.median(r["review"]),
        "review_max_batch_ms": max(r["review"]),
        "next_intervals_median_ms": statistics.median(r["next"]),
        "ratings": BATCHES * PER_BATCH, "batches": BATCHES, "deck": DECK,
        "deck_states_learning_review_relearning": r["states"],
    }


def main() -> dict[str, object]:
    sizes = file_bytes()
    times = rating_time()
    result = {"goal": "fsrs.js adds <= 6 KB; one rating < 1 ms", "bytes": sizes,
              "time": times}
    write_result("fsrs", result)
    for name, b in sizes.items():
        print(f"{name}: {b['raw']:,} bytes raw, {b['gzip']:,} gzip")
    print(f"fsrsReview in Chromium: median {times['review_median_ms'] * 1000:.2f} µs per "
          f"rating ({times['ratings']:,} ratings, {BATCHES} batches; slowest batch "
          f"{times['review_max_batch_ms'] * 1000:.2f} µs per rating)")
    print(f"fsrsNextIntervals (4 due dates): median {times['next_intervals_median_ms'] * 1000:.2f}"
          " µs per card")
    print(f"deck after the run (learning, review, relearning): "
          f"{times['deck_states_learning_review_relearning']}")
    return result


if __name__ == "__main__":
    main()
