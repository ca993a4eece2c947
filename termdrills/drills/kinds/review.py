"""Spaced review (front end: static/kinds/review.js)."""

from __future__ import annotations

import random
from typing import Any

from termdrills.drills._base import Drill
from termdrills.drills.items import review_items


class Review(Drill):
    """Spaced review, scheduled with FSRS-6 (as Anki schedules), over every term among
    `terms` the student has met in any drill of the course. Progress lives in the
    browser's localStorage under the course id (format: schema/store.schema.json), with
    a 7-day forecast, memory per lesson, and JSON export/import for the instructor's
    `termdrills report`. Answers map to ratings: right → good, almost → hard, wrong →
    again; flashcards rate again / hard / good / easy directly.

    On the course site the drill covers every term of the site besides `terms`: the book
    writes every glossary term once, ``_static/termdrills-terms.js``
    (`termdrills.book.site_terms`), and a term met in any lesson comes up for review,
    whichever lessons this drill was given. In a notebook it covers `terms`
    (``Review(g.terms)``: the whole glossary)."""

    KIND = "review"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        items = review_items(terms)
        lessons = dict.fromkeys(t.lesson for t in terms if getattr(t, "lesson", ""))
        return {"items": items,
                "lessons": {s: self.course_settings.lesson_title(s) for s in lessons}}
