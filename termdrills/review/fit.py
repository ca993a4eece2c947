"""Fitting FSRS to a class: parameters from the students' own review histories.

The Review drill schedules with FSRS-6's default parameters, fitted on about 10,000
Anki users. A class that has reviewed enough can have its own: `fit` turns the review
logs in students' progress files (each card keeps its latest 32 reviews) into py-fsrs
review logs and runs py-fsrs's optimizer. Put the result in ``_config.yml``
(``sphinx: config: termdrills: fsrs_parameters: [...]``) and rebuild the site: every
drill then schedules with them, and the class report computes recall with them.

The optimizer needs PyTorch, which the course itself does not: install it only where
you fit (``pip install 'fsrs[optimizer]==6.3.2' torch==2.13.0``; a CPU build is
enough: 5,000 reviews fit in about 20 seconds on two cores). With fewer than
`MIN_REVIEWS` reviews py-fsrs keeps the defaults; `fit` says so instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from termdrills.errors import FitError, InputError
from termdrills.review.progress import read_class

__all__ = ["MIN_REVIEWS", "Fit", "fit", "review_logs"]

#: py-fsrs's optimizer returns the defaults below this many reviews a day or more apart.
MIN_REVIEWS = 512
INSTALL = "pip install 'fsrs[optimizer]==6.3.2' torch==2.13.0"
#: The last millisecond of 9999 (the store's schema allows times to JavaScript's limit,
#: ±8.64e15 ms, which Python's dates cannot hold).
LAST_MS = 253_402_300_799_999


@dataclass(frozen=True)
class Fit:
    parameters: tuple[float, ...]
    reviews: int
    students: int
    skipped: list[tuple[str, str]]

    def config_line(self) -> str:
        """The line for ``_config.yml`` (under ``sphinx: config: termdrills:``)."""
        return "fsrs_parameters: [" + ", ".join(f"{w:.4f}" for w in self.parameters) + "]"


def review_logs(files: Sequence[Path], course: str | None = None,
                ) -> tuple[list[tuple[int, int, float]], int, list[tuple[str, str]]]:
    """(card id, rating 1–4, time in ms) of every review in the files, the number of
    students read, and the files skipped with why. A card is one student's term."""
    logs: list[tuple[int, int, float]] = []
    _, readable, skipped = read_class(files, now=time.time() * 1000, course=course)
    students = 0
    for name, progress in readable:
        found: list[tuple[int, int, float]] = []
        for term_id, card in progress.terms.items():
            digest = hashlib.sha256(f"{name}\x1f{term_id}".encode()).digest()
            card_id = int.from_bytes(digest[:6], "big")
            found += [(card_id, int(rating), float(at)) for at, rating in card.get("log", [])]
            odd = next((at for at, _ in card.get("log", []) if not 0 <= at <= LAST_MS), None)
            if odd is not None:
                why = (f"term '{term_id[:40]}': a review at {odd:g} ms, outside the years 1970 "
                       "to 9999: not a time a browser recorded")
                skipped.append((name, why))
                break
        else:
            logs += found
            students += 1
    return logs, students, skipped


def fit(files: Sequence[Path], course: str | None = None) -> Fit:
    """Fit FSRS-6 parameters to the reviews in `files`; `InputError` when py-fsrs's
    optimizer is not installed, `FitError` (naming the files skipped) when there are
    too few reviews."""
    logs, students, skipped = review_logs(files, course)
    if not students:
        raise FitError(f"no usable progress file among {len(files)}", skipped)
    spaced = _spaced(logs)
    if spaced < MIN_REVIEWS:
        raise FitError(f"only {spaced} review(s) a day or more apart in {students} file(s); "
                       f"fitting needs at least {MIN_REVIEWS}: keep the default parameters",
                       skipped)
    try:
        from fsrs import Optimizer, Rating, ReviewLog
    except ImportError:
        raise InputError(f"fitting needs py-fsrs's optimizer: {INSTALL}") from None
    review = [ReviewLog(card_id=card, rating=Rating(rating), review_duration=None,
                        review_datetime=dt.datetime.fromtimestamp(at / 1000, tz=dt.UTC))
              for card, rating, at in sorted(logs, key=lambda r: (r[0], r[2]))]
    try:
        parameters = Optimizer(review).compute_optimal_parameters()
    except ImportError:
        raise InputError(f"fitting needs py-fsrs's optimizer: {INSTALL}") from None
    return Fit(tuple(float(w) for w in parameters), len(review), students, skipped)


def _spaced(logs: list[tuple[int, int, float]]) -> int:
    """Reviews that come a day or more after the card's previous one (what the
    optimizer learns from)."""
    last: dict[int, float] = {}
    count = 0
    for card, _, at in sorted(logs, key=lambda r: (r[0], r[2])):
        if card in last and at - last[card] >= 86_400_000:
            count += 1
        last[card] = at
    return count
