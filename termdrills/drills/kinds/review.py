"""Spaced review (front end: static/kinds/review.js)."""

from __future__ import annotations

import random
from typing import Any

from termdrills._lessons import lesson_titles
from termdrills.course import find_course
from termdrills.drills._base import Drill
from termdrills.drills.kinds._common import accepted, base_item


class Review(Drill):
    """Spaced review (Leitner boxes 1–5) over every term among `terms` the student
    has met in any drill of the course; progress lives in the browser's
    localStorage under the course id, with JSON export/import and a chart."""

    KIND = "review"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        items = [{**base_item(t), "zh": t.zh, "pinyin": t.pinyin or "",
                  "accepted": accepted(t)} for t in terms]
        # Accuracy per lesson is shown by the lesson's title, not its slug.
        lessons = lesson_titles((t.lesson for t in terms), find_course().root)
        return {"items": items, "lessons": lessons}
