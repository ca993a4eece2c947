"""FSRS-6 in the front end (static/core/fsrs.js) and its Python twin (termdrills/review/fsrs.py)
against the reference implementation, py-fsrs 6.3.2 (`pip install -r requirements-test.txt`).

1,200 random review histories (fixed seed): ratings 1–4; gaps from minutes (same-day
reviews, short-term stability) through days to years; desired retention 0.7–0.99;
learning steps none, one or several; relearning steps none or some; maximum interval
30 days to 100 years; some histories change settings at every review (a card left on a
step that the new settings no longer have); some start from a migrated Leitner record.
After every review, for fsrs.js: state and step equal, stability and difficulty within
1e-9 relative, due date and last review equal to the millisecond, the due dates the
four ratings would give equal, and retrievability at four later times within 1e-9
relative. The Python twin performs the same float operations as py-fsrs: it must agree
exactly.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import fsrs as py_fsrs  # test-only: requirements-test.txt (make installs it)
import pytest

from termdrills.review import fsrs as twin

REPLAY = Path(__file__).parent / "js" / "fsrs_replay.mjs"
SEED = 14_2024
HISTORIES = 1_200
REL = 1e-9
DAY = twin.DAY_MS
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LEARNING = ((60, 600), (), (60,), (300, 1800, 3600), (30, 90, 600, 7200))
RELEARNING = ((600,), (), (300, 3600))


def _dt(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


def _ms(when: datetime) -> int:
    micro = (when - EPOCH) // timedelta(microseconds=1)
    assert micro % 1000 == 0, when
    return micro // 1000


@cache
def _scheduler(options: str) -> Any:
    o = json.loads(options)
    return py_fsrs.Scheduler(
        parameters=o.get("parameters", py_fsrs.scheduler.DEFAULT_PARAMETERS),
        desired_retention=o["desired_retention"], maximum_interval=o["maximum_interval"],
        learning_steps=[timedelta(seconds=s) for s in o["learning_steps"]],
        relearning_steps=[timedelta(seconds=s) for s in o["relearning_steps"]],
        enable_fuzzing=False)


def _py_card(c: dict[str, Any]) -> Any:
    last = c["last_review"]
    return py_fsrs.Card(card_id=1, state=py_fsrs.State(c["state"]), step=c["step"],
                        stability=c["stability"], difficulty=c["difficulty"], due=_dt(c["due"]),
                        last_review=None if last is None else _dt(last))


def _options(rng: random.Random) -> dict[str, Any]:
    retention = rng.choice([0.7, 0.8, 0.85, 0.9, 0.9, 0.95, 0.97, round(rng.uniform(0.7, 0.99), 4)])
    options = {"desired_retention": retention, "learning_steps": list(rng.choice(LEARNING)),
               "relearning_steps": list(rng.choice(RELEARNING)),
               "maximum_interval": rng.choice([36500, 36500, 36500, 365, 30])}
    if rng.random() < 0.05:
        # First stabilities of half a day more than a whole number: at retention 0.9 the
        # interval is exactly x.5 days, which py-fsrs rounds to even.
        w = list(twin.DEFAULT_PARAMETERS)
        w[2], w[3] = rng.choice([1.5, 2.5, 3.5]), rng.choice([4.5, 6.5, 9.5])
        options["parameters"] = w
    return options


def _gap(rng: random.Random, wait: int) -> int:
    """Milliseconds to the next review, given how long the scheduler asked to wait."""
    kind = rng.random()
    if kind < 0.3:  # the same day: seconds to hours
        return rng.randint(0, 20 * 3600) * 1000 + rng.randint(0, 999)
    if kind < 0.55:  # on time, or a little early or late
        return max(0, wait + rng.choice([0, 0, rng.randint(-3 * 3600, 3 * 3600) * 1000]))
    if kind < 0.9:  # days to weeks
        return int(rng.uniform(1, 60) * DAY)
    return int(rng.uniform(1, 12) * 365 * DAY)  # years


def _leitner(rng: random.Random, start: int) -> dict[str, Any]:
    seen = rng.randint(1, 30)
    right = rng.randint(0, seen) if rng.random() < 0.8 else 0
    wrong = rng.randint(0, seen - right)
    box = 1 if right == 0 else rng.randint(1, 5)
    last = start - rng.randint(0, 40) * DAY - rng.randint(0, DAY)
    return {"box": box, "due": last + twin.LEITNER_WAIT_DAYS[box] * DAY, "seen": seen,
            "right": right, "wrong": wrong, "lesson": f"lesson-{rng.randint(1, 9)}",
            "last": last if rng.random() < 0.8 else 0}


def _histories() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    out = []
    for _ in range(HISTORIES):
        start = rng.randint(_ms(datetime(2020, 1, 1, tzinfo=UTC)), _ms(datetime(2030, 1, 1, tzinfo=UTC)))
        leitner = _leitner(rng, start) if rng.random() < 0.2 else None
        card = twin.card_from_leitner(leitner, now=start) if leitner else twin.new_card(now=start)
        fixed = _options(rng)
        changing = rng.random() < 0.1
        reviews = []
        for _ in range(rng.randint(1, 25)):
            options = _options(rng) if changing else fixed
            now = max(start, card["last_review"] or start) + _gap(rng, card["due"] - (
                card["last_review"] or start))
            rating = rng.choices([1, 2, 3, 4], weights=[20, 15, 50, 15])[0]
            card, _ = twin.review(card, rating=rating, now=now, options=options)  # type: ignore[arg-type]
            probes = [now, card["due"], card["due"] + rng.randint(0, 90) * DAY + rng.randint(0, DAY),
                      now + rng.randint(1, 20) * 365 * DAY]
            reviews.append({"rating": rating, "now": now, "options": options, "probes": probes})
        out.append({"start_ms": start, "leitner": leitner, "reviews": reviews})
    return out


def _oracle(history: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """py-fsrs's account of one history: the start card, then per review the four
    possible due dates, the card after it and the retrievability at each probe."""
    leitner, start_ms = history["leitner"], history["start_ms"]
    start = (twin.card_from_leitner(leitner, now=start_ms) if leitner
             else twin.new_card(now=start_ms))
    card = _py_card(start)
    steps = []
    for rv in history["reviews"]:
        sched = _scheduler(json.dumps(rv["options"], sort_keys=True))
        now = _dt(rv["now"])
        nxt = [_ms(sched.review_card(card, py_fsrs.Rating(r), now)[0].due) for r in (1, 2, 3, 4)]
        card, _ = sched.review_card(card, py_fsrs.Rating(rv["rating"]), now)
        steps.append({"next": nxt, "state": int(card.state), "step": card.step,
                      "stability": card.stability, "difficulty": card.difficulty,
                      "due": _ms(card.due), "last_review": _ms(card.last_review),
                      "r": [sched.get_card_retrievability(card, _dt(t)) for t in rv["probes"]]})
    return start, steps


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL, abs_tol=0.0)


def _same_start(js: dict[str, Any], py: dict[str, Any]) -> bool:
    """The migrated (or new) card: every field equal, difficulty within REL."""
    d_js, d_py = js.get("difficulty"), py.get("difficulty")
    same_d = d_js == d_py or (d_js is not None and d_py is not None and _close(d_js, d_py))
    return same_d and {**js, "difficulty": 0} == {**py, "difficulty": 0}


@pytest.fixture(scope="module")
def histories() -> list[dict[str, Any]]:
    return _histories()


@pytest.fixture(scope="module")
def oracle(histories: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    return [_oracle(h) for h in histories]


def test_the_histories_cover_what_they_claim(histories: list[dict[str, Any]],
                                             oracle: list[Any]) -> None:
    reviews = [rv for h in histories for rv in h["reviews"]]
    gaps = [b["now"] - a["now"] for h in histories for a, b in zip(h["reviews"], h["reviews"][1:])]
    states = {s["state"] for _, steps in oracle for s in steps}
    assert len(histories) >= 1000 and len(reviews) > 10_000
    assert {rv["rating"] for rv in reviews} == {1, 2, 3, 4}
    assert states == {1, 2, 3}
    assert sum(g < DAY for g in gaps) > 1000 and sum(g > 365 * DAY for g in gaps) > 100
    assert sum(bool(h["leitner"]) for h in histories) > 150
    assert len({rv["options"]["desired_retention"] for rv in reviews}) > 50
    assert {len(rv["options"]["learning_steps"]) for rv in reviews} == {0, 1, 2, 3, 4}


@pytest.mark.node
def test_fsrs_js_agrees_with_py_fsrs(node: str, histories: list[dict[str, Any]],
                                     oracle: list[Any]) -> None:
    proc = subprocess.run([node, str(REPLAY)], input=json.dumps({"histories": histories}),
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout)
    assert len(got) == len(oracle)
    for i, (js, (start, steps)) in enumerate(zip(got, oracle)):
        assert _same_start(js["start"], start), f"history {i}: js {js['start']} oracle {start}"
        for k, (j, o) in enumerate(zip(js["steps"], steps, strict=True)):
            where = f"history {i}, review {k}: js {j} oracle {o}"
            c = j["card"]
            assert j["next"] == o["next"], where
            assert (c["state"], c["step"], c["due"], c["last_review"]) == (
                o["state"], o["step"], o["due"], o["last_review"]), where
            assert _close(c["stability"], o["stability"]), where
            assert _close(c["difficulty"], o["difficulty"]), where
            assert all(_close(a, b) for a, b in zip(j["r"], o["r"], strict=True)), where


def test_python_twin_agrees_exactly_with_py_fsrs(histories: list[dict[str, Any]],
                                                 oracle: list[Any]) -> None:
    for i, (h, (start, steps)) in enumerate(zip(histories, oracle)):
        card = start
        for k, (rv, o) in enumerate(zip(h["reviews"], steps, strict=True)):
            where = f"history {i}, review {k}"
            nxt = [twin.review(card, rating=r, now=rv["now"], options=rv["options"])[0]["due"]
                   for r in (1, 2, 3, 4)]
            card, log = twin.review(card, rating=rv["rating"], now=rv["now"],
                                    options=rv["options"])
            assert log == {"rating": rv["rating"], "review_datetime": rv["now"]}
            assert nxt == o["next"], where
            assert {k2: card[k2] for k2 in ("state", "step", "stability", "difficulty", "due",
                                            "last_review")} == {
                k2: o[k2] for k2 in ("state", "step", "stability", "difficulty", "due",
                                     "last_review")}, where
            r = [twin.retrievability(card, now=t, options=rv["options"]) for t in rv["probes"]]
            assert r == o["r"], where
