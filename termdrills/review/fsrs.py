"""FSRS-6 scheduling in Python: the twin of termdrills/static/core/fsrs.js.

Same formulas as py-fsrs 6.3.2 (PyPI `fsrs`, whose Scheduler with enable_fuzzing=False
tests/test_fsrs_oracle.py checks both twins against) and the same card format as the
front end stores: a plain dict {state, step, stability, difficulty, due, last_review}
with times in epoch milliseconds (state 1 learning, 2 review, 3 relearning), plus any
history fields (seen, right, wrong, lesson, last), passed through unchanged. The class
report asks `retrievability` of each card; old Leitner progress files go through
`card_from_leitner` (the mapping and its reasons are in fsrs.js, above cardFromLeitner).

The bounds of a card and of the parameters are py-fsrs's, written once in
``termdrills/schema/fsrs_bounds.json`` and read by both twins (`card_problem`,
`parameters_problem`, with the same words as fsrs.js): a progress file whose card is
outside them is refused, as the browser refuses it.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any, TypedDict

DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)
# Verdict of a typed or multiple-choice answer → rating (1 again … 4 easy); None: no review.
VERDICT_RATING: dict[str, int | None] = {"right": 3, "almost": 2, "wrong": 1, "empty": None}
DAY_MS = 86_400_000
LEITNER_WAIT_DAYS = (0, 0, 1, 3, 7, 21)  # by box 1–5, as the Leitner scheduler waited

Card = dict[str, Any]


@functools.cache
def bounds() -> dict[str, Any]:
    """py-fsrs's bounds (``schema/fsrs_bounds.json``)."""
    text = resources.files("termdrills").joinpath("schema", "fsrs_bounds.json").read_text(
        encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def js_number(value: object) -> str:
    """A number as JavaScript's String() writes it (1, not 1.0; 1e-7, not 1e-07), so that
    both twins give a refused file the same reason."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "null" if value is None else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(value))


def parameters_problem(w: Sequence[float]) -> str:
    """Why `w` cannot be the parameters ("" when it can): 21 numbers within py-fsrs's
    bounds (as fsrs.js's fsrsParametersProblem)."""
    low, high = bounds()["lower"], bounds()["upper"]
    if len(w) != len(low):
        return f"{len(low)} parameters expected, got {len(w)}"
    for i, (v, lo, hi) in enumerate(zip(w, low, high)):
        if isinstance(v, bool) or not isinstance(v, int | float) or not lo <= v <= hi:
            return (f"parameters[{i}] = {js_number(v)} is out of bounds ({js_number(lo)}, "
                    f"{js_number(hi)})")
    return ""


_DATE_MAX = 8.64e15  # the farthest a JavaScript Date reaches either side of 1970


def _is_date(t: object) -> bool:
    return (not isinstance(t, bool) and isinstance(t, int | float) and math.isfinite(t)
            and abs(t) <= _DATE_MAX)


def card_problem(card: Card) -> str:
    """Why the scheduler cannot take `card` ("" when it can): the words of fsrs.js's
    fsrsCardProblem."""
    b = bounds()
    s, d, state = card.get("stability"), card.get("difficulty"), card.get("state")
    if state not in (1, 2, 3) or isinstance(state, bool):
        return f"state {js_number(state)} is not 1, 2 or 3"
    if state != 1 and (s is None or d is None):
        where = "review" if state == 2 else "relearning"
        return f"in {where} (state {state}) without {'a stability' if s is None else 'a difficulty'}"
    if s is not None and not (isinstance(s, int | float) and s >= b["stability_min"]):
        return (f"stability {js_number(s)} is below {js_number(b['stability_min'])} (the "
                "scheduler's minimum)")
    if d is not None and not (isinstance(d, int | float)
                              and b["difficulty_min"] <= d <= b["difficulty_max"]):
        return (f"difficulty {js_number(d)} is not from {js_number(b['difficulty_min'])} to "
                f"{js_number(b['difficulty_max'])}")
    if not _is_date(card.get("due")):
        return f"due date {js_number(card.get('due'))} is not a date"
    if card.get("last_review") is not None and not _is_date(card["last_review"]):
        return f"last review {js_number(card['last_review'])} is not a date"
    return ""


class Options(TypedDict, total=False):
    """py-fsrs's Scheduler.to_dict() without enable_fuzzing; steps in seconds."""

    parameters: Sequence[float]
    desired_retention: float
    learning_steps: Sequence[float]
    relearning_steps: Sequence[float]
    maximum_interval: int


class _Scheduler:
    def __init__(self, options: Options | None) -> None:
        o = options or {}
        self.w = tuple(o.get("parameters", DEFAULT_PARAMETERS))
        problem = parameters_problem(self.w)
        if problem:
            raise ValueError(f"FSRS: {problem}")
        self.decay = -self.w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self.retention = o.get("desired_retention", 0.9)
        self.learning = tuple(o.get("learning_steps", (60, 600)))
        self.relearning = tuple(o.get("relearning_steps", (600,)))
        self.maximum = o.get("maximum_interval", 36500)

    def d0(self, rating: int) -> float:
        return self.w[4] - (math.e ** (self.w[5] * (rating - 1))) + 1

    def interval_days(self, stability: float) -> int:
        """py-fsrs's round() of the interval, after rounding it to 1e-9 day as fsrs.js
        does (an exact half-day tie would go to different days where CPython's and V8's
        `**` differ in the last bit; py-fsrs itself may land on either side there)."""
        raw = (stability / self.factor) * ((self.retention ** (1 / self.decay)) - 1)
        days = round(math.floor(raw * 1e9 + 0.5) / 1e9)
        return min(max(days, 1), self.maximum)

    def retrievability(self, card: Card, now: float) -> float:
        if card.get("last_review") is None or card.get("stability") is None:
            return 0
        if card["stability"] <= 0:  # no card FSRS makes: never divided by
            return 0
        days = max(0, math.floor((now - card["last_review"]) / DAY_MS))
        return (1 + self.factor * days / card["stability"]) ** self.decay

    def stability(self, card: Card, rating: int, now: float) -> float:
        w, s, d = self.w, card["stability"], card["difficulty"]
        last = card.get("last_review")
        if last is not None and math.floor((now - last) / DAY_MS) < 1:
            inc = (math.e ** (w[17] * (rating - 3 + w[18]))) * (s ** -w[19])
            if rating > 1:
                inc = max(inc, 1.0)
            return max(s * inc, 0.001)
        r = self.retrievability(card, now)
        if rating == 1:
            long = w[11] * (d ** -w[12]) * (((s + 1) ** w[13]) - 1) * (math.e ** ((1 - r) * w[14]))
            return max(min(long, s / (math.e ** (w[17] * w[18]))), 0.001)
        bonus = (w[15] if rating == 2 else 1) * (w[16] if rating == 4 else 1)
        grow = (math.e ** w[8]) * (11 - d) * (s ** -w[9]) * ((math.e ** ((1 - r) * w[10])) - 1)
        return max(s * (1 + grow * bonus), 0.001)

    def wait_ms(self, c: Card, rating: int) -> float:
        """Sets c's state and step; returns the wait until the next review."""
        if c["state"] != 2:
            steps = self.learning if c["state"] == 1 else self.relearning
            step = c["step"] or 0
            if steps and not (step >= len(steps) and rating > 1):
                if rating == 1:
                    c["step"] = 0
                    return steps[0] * 1000
                if rating == 2:
                    if step:
                        return steps[step] * 1000
                    return steps[0] * 1500 if len(steps) == 1 else (steps[0] + steps[1]) * 500
                if rating == 3 and step + 1 < len(steps):
                    c["step"] = step + 1
                    return steps[step + 1] * 1000
        elif rating == 1 and self.relearning:
            c["state"], c["step"] = 3, 0
            return self.relearning[0] * 1000
        c["state"], c["step"] = 2, None
        return self.interval_days(c["stability"]) * DAY_MS


def new_card(*, now: float) -> Card:
    return {"state": 1, "step": 0, "stability": None, "difficulty": None, "due": now,
            "last_review": None}


def retrievability(card: Card, *, now: float, options: Options | None = None) -> float:
    """Probability 0–1 that the student recalls the card at `now` (0 for a new card)."""
    return _Scheduler(options).retrievability(card, now)


def review(card: Card, *, rating: int, now: float,
           options: Options | None = None) -> tuple[Card, dict[str, float]]:
    """The card after a rating (1–4) at `now`, and the review log; `card` is not changed."""
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"FSRS: rating 1–4, got {rating!r}")
    f = _Scheduler(options)
    c = dict(card)
    if c["state"] == 1 and (c.get("stability") is None or c.get("difficulty") is None):
        c["stability"] = max(f.w[rating - 1], 0.001)
        c["difficulty"] = min(max(f.d0(rating), 1.0), 10.0)
    else:
        c["stability"] = f.stability(card, rating, now)
        d = c["difficulty"]
        damped = d + (10.0 - d) * -(f.w[6] * (rating - 3)) / 9.0
        c["difficulty"] = min(max(f.w[7] * f.d0(4) + (1 - f.w[7]) * damped, 1.0), 10.0)
    c["due"] = now + f.wait_ms(c, rating)
    c["last_review"] = now
    return c, {"rating": rating, "review_datetime": now}


def card_from_leitner(old: Card, *, now: float) -> Card:
    """An old Leitner record {box, due, seen, right, wrong, lesson, last} as an FSRS card."""
    rest = {k: v for k, v in old.items() if k != "box"}
    box = old.get("box")
    wait = LEITNER_WAIT_DAYS[box] if isinstance(box, int) and 1 <= box <= 5 else 0
    due = old.get("due")
    if not isinstance(due, int | float) or not math.isfinite(due):
        due = now
    last = old.get("last") or 0
    card = {**rest, "due": due, "last_review": last if last > 0 else due - wait * DAY_MS}
    right = old.get("right") or 0
    if right <= 0:
        return {**card, "state": 1, "step": 0, "stability": None, "difficulty": None}
    f = _Scheduler(None)
    good = f.d0(3)
    share = (old.get("wrong") or 0) / max(old.get("seen") or 0, right)
    return {**card, "state": 2, "step": None, "stability": wait or f.w[0],
            "difficulty": min(max(good + (10 - good) * share, 1.0), 10.0)}
