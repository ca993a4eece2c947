"""Cloze: the example sentence with the term blanked (front end: static/kinds/cloze.js)."""

from __future__ import annotations

import random
import re
from typing import Any

from termdrills.drills._base import choice
from termdrills.drills.items import accepted, base_item, deprecated, find_rendering, shuffled
from termdrills.drills.kinds._common import Examples

SIDES = ("en", "zh")


class Cloze(Examples):
    """The example pair with the term blanked in the English (side="en") or the
    Chinese (side="zh") sentence; the other sentence is shown whole."""

    KIND = "cloze"

    def __init__(self, terms: Any, *, side: str = "en", **common: Any) -> None:
        self.side = choice("Cloze", "side", side, SIDES)
        self._needs = (f"example_zh and example_en with its {'rendering' if side == 'en' else 'Chinese'}"
                       f" in example_{side}")
        self._not_found = f"its {'en/alt_en' if side == 'en' else 'zh'} is not in example_{side}"
        super().__init__(terms, **common)

    def _options(self) -> tuple[object, ...]:
        return (self.side,)

    def _locate(self, term: Any) -> re.Match[str] | None:
        if self.side == "zh":
            return re.search(re.escape(term.zh), term.example_zh)
        return find_rendering(term, term.example_en)

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        items = []
        for term, found in shuffled(self._usable(terms), rng):
            sentence = term.example_zh if self.side == "zh" else term.example_en
            answers = [term.zh] if self.side == "zh" else list(
                dict.fromkeys([*accepted(term), found.group()]))
            items.append({**base_item(term), "zh": term.zh, "en": term.en,
                          "before": sentence[:found.start()],
                          "after": sentence[found.end():], "accepted": answers,
                          "deprecated": deprecated(term) if self.side == "en" else [],
                          "context": term.example_en if self.side == "zh" else term.example_zh})
        return {"side": self.side, "items": items}
