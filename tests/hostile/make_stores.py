"""Writes the review stores of the third hostile round (issue 25) into tests/hostile/stores/.

Each file is a progress file (what the Review drill's Import reads, what `termdrills
report` reads) and a store as the browser keeps it: most are valid JSON in the format
(``termdrills/schema/store.schema.json``) with one value the scheduler cannot take, which
the old code accepted, saved, and then could not read at the next page load (it emptied
the store). The files are committed; this script says how each was made and rewrites
them identically: ``python tests/hostile/make_stores.py``. `tests/test_hostile_store.py`
holds the exact verdict of each, in the browser and from the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "stores"
COURSE = "termdrills"  # the fixture books' course id
NOW = 1_700_000_000_000
DAY = 86_400_000
LIMIT = 8_640_000_000_000_000  # the farthest a JavaScript Date reaches from 1970


def card(**changes: object) -> dict[str, object]:
    """A review card the scheduler can take, with `changes`."""
    base: dict[str, object] = {
        "state": 2, "step": None, "stability": 6.2, "difficulty": 5.1, "due": NOW + 3 * DAY,
        "last_review": NOW - 3 * DAY, "lesson": "basics", "seen": 4, "right": 3, "wrong": 1,
        "again": 1, "log": [[NOW - 9 * DAY, 1], [NOW - 3 * DAY, 3]]}
    return {**base, **changes}


def v2(terms: dict[str, object]) -> str:
    return json.dumps({"schema": "termdrills-review", "version": 2, "course": COURSE,
                       "terms": terms}, indent=1)


def v1(**record: object) -> str:
    old = {"box": 3, "due": NOW, "seen": 3, "right": 2, "wrong": 1, "lesson": "basics", **record}
    return json.dumps({"schema": "termdrills-review", "version": 1, "course": COURSE,
                       "terms": {"state-council": old}}, indent=1)


def many(bad_at: int, bad: dict[str, object], n: int = 200) -> str:
    terms = {f"term-{i:03d}": card(stability=1.0 + i) for i in range(n)}
    terms[f"term-{bad_at:03d}"] = bad
    return v2(terms)


STORES: dict[str, str] = {
    # --- a value the scheduler cannot take (py-fsrs's bounds, schema/fsrs_bounds.json)
    "stability_zero.json": v2({"state-council": card(stability=0)}),
    "stability_null_in_review.json": v2({"state-council": card(stability=None)}),
    "stability_null_in_relearning.json": v2({"state-council": card(state=3, step=0,
                                                                   stability=None)}),
    "difficulty_null_in_review.json": v2({"state-council": card(difficulty=None)}),
    "difficulty_null_in_relearning.json": v2({"state-council": card(state=3, step=0,
                                                                    difficulty=None)}),
    "stability_below_minimum.json": v2({"state-council": card(stability=0.0009)}),
    "stability_denormal.json": v2({"state-council": card(stability=5e-324)}),
    "stability_negative_zero.json": v2({"state-council": card(stability=-0.0)}),
    "learning_card_stability_zero.json": v2({"state-council": card(state=1, step=0,
                                                                   stability=0)}),
    "one_bad_among_many.json": many(137, card(stability=0)),
    # a term id twice: JSON's last value counts (browser and Python alike)
    "duplicate_term_last_bad.json": v2({"state-council": card()})[:-3] + ",\n  " + json.dumps(
        "state-council") + ": " + json.dumps(card(stability=0)) + "\n }\n}",
    # --- a huge value
    "stability_huge.json": v2({"state-council": card(stability=1e300)}),
    "stability_overflow.json": v2({"state-council": card()}).replace('"stability": 6.2',
                                                                     '"stability": 1e999'),
    "due_past_the_last_date.json": v2({"state-council": card(due=LIMIT + 1)}),
    "log_time_past_the_last_date.json": v2({"state-council": card(log=[[LIMIT * 2, 3]])}),
    "difficulty_zero.json": v2({"state-council": card(difficulty=0)}),
    "difficulty_text.json": v2({"state-council": card(difficulty="5")}),
    "state_four.json": v2({"state-council": card(state=4)}),
    # --- version 1 stores whose migrated card would be out of range
    "v1_due_at_the_first_date.json": v1(due=-LIMIT),
    "v1_box5_due_near_the_first_date.json": v1(box=5, due=-LIMIT + 10 * DAY),
    # --- good: at the bounds, and odd but harmless
    "at_the_bounds.json": v2({
        "stability-min": card(stability=0.001, difficulty=10.0),
        "stability-max": card(stability=1_000_000.0, difficulty=1.0, due=NOW - DAY,
                              last_review=NOW - 400 * DAY),
        "due-last-date": card(due=LIMIT, last_review=LIMIT),
        "due-first-date": card(due=-LIMIT, last_review=-LIMIT),
        "learning-new": card(state=1, step=0, stability=None, difficulty=None,
                             last_review=None, seen=0, right=0, wrong=0, again=0, log=[]),
    }),
    "v1_due_at_the_last_date.json": v1(due=LIMIT),
    "proto_term_ids.json": v2({"__proto__": card(), "constructor": card(),
                               "hasOwnProperty": card()}),
    "duplicate_term_last_good.json": v2({"state-council": card(stability=0)})[:-3] + ",\n  "
    + json.dumps("state-council") + ": " + json.dumps(card()) + "\n }\n}",
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, text in STORES.items():
        (HERE / name).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")


if __name__ == "__main__":
    main()
