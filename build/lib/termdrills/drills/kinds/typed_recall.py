"""Typed recall (front end: static/kinds/typed_recall.js)."""

from __future__ import annotations

import random
from typing import Any

from termdrills.drills.items import accepted, base_item, deprecated, shuffled
from termdrills.drills.kinds._common import Directed


class TypedRecall(Directed):
    """Type the rendering (zh-en: every `alt_en` is accepted) or the Chinese (en-zh).
    Grading forgives width, case, spacing, hyphens, quotes, a leading article and
    -ise/-ize; a near miss is "almost" with the difference shown."""

    KIND = "typed_recall"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        zh_en = self.direction == "zh-en"
        items = [{**base_item(t), "prompt": t.zh if zh_en else t.en,
                  "pinyin": (t.pinyin or "") if zh_en else "",
                  "accepted": accepted(t) if zh_en else [t.zh],
                  "deprecated": deprecated(t) if zh_en else []}
                 for t in shuffled(terms, rng)]
        return {"direction": self.direction, "items": items}
