"""The progress store's format is written once (termdrills/schema/store.schema.json) and
read by both sides: the browser (static/core/store.js, with its own small JSON Schema
check, static/core/schema.js) and Python (termdrills.review.progress, with jsonschema). The
same files must be accepted or refused by both, or a student's export would be lost
between them."""

from __future__ import annotations

import json
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

from termdrills.review.progress import ProgressError, parse_progress

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "termdrills" / "static" / "core" / "store.js"
NOW = 1_700_000_000_000
DAY = 86_400_000

MAKE = f"""
import {{ emptyStore, recordAnswer }} from {json.dumps(STORE.as_uri())};
let s = emptyStore("c");
s = recordAnswer(s, "a", "right", {NOW}, "l1");
s = recordAnswer(s, "a", "again", {NOW + DAY}, "l1");
s = recordAnswer(s, "b", "easy", {NOW}, "l2");
for (let k = 0; k < 40; k++) s = recordAnswer(s, "b", "good", {NOW} + k * {DAY});
console.log(JSON.stringify(s));
"""

JUDGE = f"""
import {{ parseStore }} from {json.dumps(STORE.as_uri())};
import {{ readFileSync }} from "node:fs";
const texts = JSON.parse(readFileSync(0, "utf8"));
console.log(JSON.stringify(texts.map((t) => parseStore(t, "c", {NOW}).problem)));
"""


def variants(good: dict) -> list[object]:
    """Valid and invalid stores around a good one (each a JSON-able value or raw text)."""
    card = good["terms"]["a"]
    v1_card = {"box": 3, "due": NOW, "seen": 4, "right": 3, "wrong": 1, "lesson": "l"}

    def with_card(**changes: object) -> dict:
        return {**good, "terms": {"a": {**card, **changes}}}

    def drop(name: str) -> dict:
        return {**good, "terms": {"a": {k: v for k, v in card.items() if k != name}}}

    return [
        good,
        {**good, "terms": {}},
        {"schema": "termdrills-review", "version": 1, "course": "c", "terms": {"x": v1_card}},
        {"schema": "termdrills-review", "version": 1, "course": "c", "terms": {"x": v1_card},
         "exported": "2025-05-01"},  # version 1 allowed extra fields
        {"schema": "termdrills-review", "version": 1, "course": "c",
         "terms": {"x": {**v1_card, "box": 0}}},
        {"schema": "termdrills-review", "version": 1, "course": "c",
         "terms": {"x": {**v1_card, "wrong": 9}}},
        with_card(difficulty=0.5), with_card(difficulty=10), with_card(state=4),
        with_card(step=-1), with_card(stability="1"), with_card(seen=1.5),
        with_card(right=99), with_card(again=card["wrong"] + 1), with_card(extra=True),
        with_card(log=[[NOW, 5]]), with_card(log=[[NOW]]), with_card(log=[[NOW, 3]] * 33),
        with_card(lesson="x" * 201), with_card(due=1e300), with_card(last_review=None),
        # the scheduler's bounds (schema/fsrs_bounds.json), beyond the schema's
        with_card(stability=0), with_card(stability=None), with_card(difficulty=None),
        with_card(stability=0.0009), with_card(state=1, stability=0),
        {"schema": "termdrills-review", "version": 1, "course": "c",
         "terms": {"x": {**v1_card, "due": -8.64e15}}},
        {"schema": "termdrills-review", "version": 1, "course": "c",
         "terms": {"x": {**v1_card, "due": 8.64e15}}},
        drop("due"), drop("again"), drop("log"), drop("lesson"), drop("difficulty"),
        {**good, "version": 3}, {**good, "schema": "other"}, {**good, "course": "other"},
        {**good, "terms": []}, {**good, "extra": 1}, {**good, "course": ""},
        {**good, "terms": {"y" * 201: card}},
        [good], None, "not json {", "",
    ]


@pytest.mark.node
def test_browser_and_python_accept_and_refuse_the_same_progress_files(node: str) -> None:
    good = json.loads(subprocess.run([node, "--input-type=module", "-e", MAKE],
                                     capture_output=True, text=True, check=True,
                                     timeout=60).stdout)
    cases = variants(good)
    texts = [c if isinstance(c, str) else json.dumps(c) for c in cases]
    texts += [p.read_text(encoding="utf-8", errors="replace")
              for p in sorted((ROOT / "tests" / "hostile" / "progress").glob("*.json"))]
    texts += [p.read_text(encoding="utf-8").replace('"course": "termdrills"', '"course": "c"')
              for p in sorted((ROOT / "tests" / "hostile" / "stores").glob("*.json"))]
    judged = json.loads(subprocess.run([node, "--input-type=module", "-e", JUDGE],
                                       input=json.dumps(texts), capture_output=True,
                                       text=True, check=True, timeout=60).stdout)
    assert len(judged) == len(texts)
    refused_by_both = 0
    for text, problem in zip(texts, judged, strict=True):
        try:
            progress = parse_progress(text, now=NOW)
            python_ok = progress.course == "c"
        except ProgressError:
            python_ok = False
        assert (problem is None and text not in ("", "null")) == python_ok, (text[:160], problem)
        refused_by_both += not python_ok
    assert refused_by_both >= 45  # the invalid variants really are invalid


def test_the_scheduler_bounds_are_py_fsrs_bounds() -> None:
    """schema/fsrs_bounds.json, which both twins read, says what py-fsrs 6.3.2 (installed
    by requirements-test.txt) says."""
    from fsrs import scheduler

    from termdrills.review.fsrs import bounds

    b = bounds()
    assert b["stability_min"] == scheduler.STABILITY_MIN
    assert (b["difficulty_min"], b["difficulty_max"]) == (scheduler.MIN_DIFFICULTY,
                                                         scheduler.MAX_DIFFICULTY)
    assert tuple(b["lower"]) == scheduler.LOWER_BOUNDS_PARAMETERS
    assert tuple(b["upper"]) == scheduler.UPPER_BOUNDS_PARAMETERS
    assert b["lower"][20] > 0  # the decay is never 0
    assert b["source"].startswith(f"py-fsrs {metadata.version('fsrs')},")
