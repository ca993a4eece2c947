"""The review stores of the third hostile round (tests/hostile/stores/, written by
tests/hostile/make_stores.py): each with its exact verdict from the command line
(`termdrills report`, through termdrills.review.progress) and in the browser (the
Review drill's Import and every page load, through static/core/store.js). Most are valid
JSON in the store's format with one value the scheduler cannot take (py-fsrs's bounds,
termdrills/schema/fsrs_bounds.json): the old code imported them, saved them, and the
next page load, unable to read the store, emptied it. The browser's side in Chromium is
tests/test_store_browser.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from termdrills.cli import main

HOSTILE = Path(__file__).resolve().parent / "hostile"
STORES_DIR = HOSTILE / "stores"
STORE_JS = Path(__file__).resolve().parent.parent / "termdrills" / "static" / "core" / "store.js"
COURSE = "termdrills"
NOW = 1_700_000_000_000
SAME = "the same words"

# file → (terms read when the file is good, else 0;
#         the line `termdrills report` prints after "<path>: skipped: ", None when read;
#         what the browser says (the import's message, the page's notice), SAME: the same)
STORES: dict[str, tuple[int, str | None, str | None]] = {
    'at_the_bounds.json': (5, None, None),
    'difficulty_null_in_relearning.json': (0, "term 'state-council': in relearning (state 3) without a difficulty", SAME),
    'difficulty_null_in_review.json': (0, "term 'state-council': in review (state 2) without a difficulty", SAME),
    'difficulty_text.json': (0,
        "term 'state-council': malformed record (difficulty: '5' is not of type 'number', 'null')",
        'malformed at /terms/state-council/difficulty: not number or null'),
    'difficulty_zero.json': (0,
        "term 'state-council': malformed record (difficulty: 0 is less than the minimum of 1)",
        'malformed at /terms/state-council/difficulty: too small'),
    'due_past_the_last_date.json': (0,
        "term 'state-council': malformed record (due: 8640000000000001 is greater than the maximum of 8640000000000000.0)",
        'malformed at /terms/state-council/due: too large'),
    'duplicate_term_last_bad.json': (0, "term 'state-council': stability 0 is below 0.001 (the scheduler's minimum)", SAME),
    'duplicate_term_last_good.json': (1, None, None),
    'learning_card_stability_zero.json': (0, "term 'state-council': stability 0 is below 0.001 (the scheduler's minimum)", SAME),
    'log_time_past_the_last_date.json': (0,
        "term 'state-council': malformed record (log/0/0: 17280000000000000 is greater than the maximum of 8640000000000000.0)",
        'malformed at /terms/state-council/log/0/0: too large'),
    'one_bad_among_many.json': (0, "term 'term-137': stability 0 is below 0.001 (the scheduler's minimum)", SAME),
    'proto_term_ids.json': (3, None, None),
    'stability_below_minimum.json': (0, "term 'state-council': stability 0.0009 is below 0.001 (the scheduler's minimum)", SAME),
    'stability_denormal.json': (0, "term 'state-council': stability 5e-324 is below 0.001 (the scheduler's minimum)", SAME),
    'stability_huge.json': (0,
        "term 'state-council': malformed record (stability: 1e+300 is greater than the maximum of 1000000)",
        'malformed at /terms/state-council/stability: too large'),
    'stability_negative_zero.json': (0, "term 'state-council': stability 0 is below 0.001 (the scheduler's minimum)", SAME),
    'stability_null_in_relearning.json': (0, "term 'state-council': in relearning (state 3) without a stability", SAME),
    'stability_null_in_review.json': (0, "term 'state-council': in review (state 2) without a stability", SAME),
    'stability_overflow.json': (0,
        "term 'state-council': malformed record (stability: inf is greater than the maximum of 1000000)",
        'malformed at /terms/state-council/stability: not a finite number'),
    'stability_zero.json': (0, "term 'state-council': stability 0 is below 0.001 (the scheduler's minimum)", SAME),
    'state_four.json': (0,
        "term 'state-council': malformed record (state: 4 is not one of [1, 2, 3])",
        'malformed at /terms/state-council/state: not one of 1,2,3'),
    'v1_box5_due_near_the_first_date.json': (0, "term 'state-council': last review -8640000950400000 is not a date (as migrated from version 1)", SAME),
    'v1_due_at_the_first_date.json': (0, "term 'state-council': last review -8640000259200000 is not a date (as migrated from version 1)", SAME),
    'v1_due_at_the_last_date.json': (1, None, None),
}
REFUSED = sorted(name for name, (terms, _, _) in STORES.items() if not terms)


def browser_verdict(name: str) -> str:
    """What the browser says of a refused file."""
    _, report, browser = STORES[name]
    assert report is not None
    return report if browser == SAME else str(browser)


def test_the_store_corpus_is_complete_and_as_its_script_writes_it(tmp_path: Path) -> None:
    assert {p.name for p in STORES_DIR.iterdir()} == set(STORES)
    assert len(STORES) >= 20 and len(REFUSED) >= 16
    before = {p.name: p.read_bytes() for p in STORES_DIR.iterdir()}
    subprocess.run([sys.executable, str(HOSTILE / "make_stores.py")], check=True, timeout=60)
    assert {p.name: p.read_bytes() for p in STORES_DIR.iterdir()} == before


@pytest.mark.parametrize("name", sorted(STORES))
def test_report_reads_or_skips_each_store(name: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = STORES_DIR / name
    before = path.read_bytes()
    terms, reason, _ = STORES[name]
    out_html = tmp_path / "report.html"
    status = main(["report", str(path), "-o", str(out_html)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if terms:
        assert status == 0, err
        # the stores' made-up term ids are not in the course glossary: said, never fatal
        others = [line for line in err.splitlines()
                  if "term id(s) not in" not in line or "shown by id only" not in line]
        assert others == [] and out_html.is_file(), err
    else:
        assert status == 1
        assert f"{path}: skipped: {reason}" in err.splitlines(), err
        assert not out_html.exists()  # nothing written from a file that is refused
    assert path.read_bytes() == before


@pytest.mark.node
def test_the_browser_reads_or_refuses_each_store_in_the_same_words(node: str) -> None:
    """static/core/store.js's parseStore: the import and every page load read through it.
    Where a card breaks the scheduler's bounds, the browser and the report give the same
    reason; where it breaks the schema, each side words the same place its own way."""
    script = f"""
import {{ parseStore }} from {json.dumps(STORE_JS.as_uri())};
import {{ readFileSync }} from "node:fs";
const names = JSON.parse(readFileSync(0, "utf8"));
console.log(JSON.stringify(names.map((n) => {{
  const r = parseStore(readFileSync({json.dumps(str(STORES_DIR))} + "/" + n, "utf8"),
    {json.dumps(COURSE)}, {NOW});
  return r.problem ? [r.problem, r.detail] : [null, Object.keys(r.store.terms).length];
}})));
"""
    names = sorted(STORES)
    got = json.loads(subprocess.run([node, "--input-type=module", "-e", script],
                                    input=json.dumps(names), capture_output=True, text=True,
                                    check=True, timeout=60).stdout)
    for name, (problem, said) in zip(names, got, strict=True):
        terms = STORES[name][0]
        if terms:
            assert (problem, said) == (None, terms), name
        else:
            assert (problem, said) == ("corrupt", browser_verdict(name)), name
