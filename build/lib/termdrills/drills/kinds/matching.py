"""Matching (front end: static/kinds/matching.js)."""

from __future__ import annotations

import random
from typing import Any

from termdrills.drills._base import Drill
from termdrills.drills.items import MATCH_ROUND, base_item, shuffled
from termdrills.errors import DrillError
from termdrills.text.normalize import en_key


class Matching(Drill):
    """Pair Chinese terms with their renderings by click or keyboard, in rounds of
    up to six pairs."""

    KIND = "matching"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        if len(terms) < 2:
            raise DrillError("Matching: needs at least 2 terms")
        seen: dict[str, str] = {}
        for t in terms:
            for key, text in ((en_key(t.en), t.en), ("zh:" + t.zh, t.zh)):
                if key in seen:
                    raise DrillError(f"Matching: terms '{seen[key]}' and '{t.id}' share "
                                     f"'{text}' (a pair would be ambiguous)")
                seen[key] = t.id
        order = shuffled(terms, rng)
        count = -(-len(order) // MATCH_ROUND)
        size = -(-len(order) // count)  # balanced rounds: 7 terms → 4 + 3, not 6 + 1
        rounds = []
        for start in range(0, len(order), size):
            chunk = order[start:start + size]
            rounds.append({
                "zh": [{**base_item(t), "text": t.zh} for t in shuffled(chunk, rng)],
                "en": [{**base_item(t), "text": t.en} for t in shuffled(chunk, rng)]})
        return {"rounds": rounds}
