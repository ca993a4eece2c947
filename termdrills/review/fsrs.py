"""FSRS-6 scheduling in Python: the twin of termdrills/static/core/fsrs.js.

Same formulas as py-fsrs 6.3.2 (PyPI `fsrs`, whose Scheduler with enable_fuzzing=False
tests/test_fsrs_oracle.py checks both twins against) and the same card format as the
front end stores: a plain dict {state, step, stability, difficulty, due, last_review}
with times in epoch milliseconds (state 1 learning, 2 review, 3 relearning), plus any
history fields (seen, right, wrong, lesson, last), passed through unchanged. The class
report asks `retrievability` of each card; old Leitner progress files go through
`card_from_leitner` (the mapping and its reasons are in fsrs.js, above cardFromLeitner).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
        if len(self.w) != 21:
            raise ValueError(f"FSRS: 21 parameters expected, got {len(self.w)}")
        self.decay = -self.w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self.retention = o.get("desired_retention", 0.9)
        self.learning = tuple(o.get("learning_steps", (60, 600)))
        self.relearning = tuple(o.get("relearning_steps", (600,)))
        self.maximum = o.get("maximum_interval", 36500)

    def d0(self, rating: int) -> float:
        return self.w[4] - (math.e ** (self.w[5] * (rating - 1))) + 1

    def interval_days(self, stability: float) -> int:
        days = round((stability / self.factor) * ((self.retention ** (1 / self.decay)) - 1))
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
