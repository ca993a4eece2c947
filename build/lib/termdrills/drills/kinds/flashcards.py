"""Flashcards: cards to flip and rate (front end: static/kinds/flashcards.js)."""

from __future__ import annotations

import random
from typing import Any

from termdrills.drills.items import base_item, shuffled
from termdrills.drills.kinds._common import Directed


class Flashcards(Directed):
    """Cards to flip (pinyin on the Chinese side) and rate: again / hard / good / easy.

    `direction` is the side shown first; the student can switch it on the card.
    """

    KIND = "flashcards"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        items = [{**base_item(t), "zh": t.zh, "en": t.en, "pinyin": t.pinyin or "",
                  "alt_en": list(t.alt_en)} for t in shuffled(terms, rng)]
        return {"direction": self.direction, "items": items}
