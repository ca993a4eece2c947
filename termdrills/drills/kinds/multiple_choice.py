"""Multiple choice (front end: static/kinds/multiple_choice.js)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from termdrills._text import en_key, zh_key
from termdrills.drills.kinds._common import Directed, accepted, base_item, shuffled
from termdrills.errors import DrillError

OPTIONS = 4  # options per question


class MultipleChoice(Directed):
    """Four options per term: distractors from the same lesson first, then from the
    wider `glossary`; no two options look alike (case, spacing, hyphens, articles),
    and no distractor is one of the term's accepted renderings."""

    KIND = "multiple_choice"

    def __init__(self, terms: Any, *, glossary: Any = None, **kwargs: Any) -> None:
        self.glossary = glossary
        super().__init__(terms, **kwargs)

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        zh_en = self.direction == "zh-en"
        pool = list({t.id: t for t in (*terms, *(self.glossary or ()))}.values())
        questions = []
        for term in shuffled(terms, rng):
            found = distractors(term, pool, rng, zh_en=zh_en)
            if len(found) < OPTIONS - 1:
                raise DrillError(
                    f"MultipleChoice: term '{term.id}' has only {len(found)} distinct "
                    f"distractors (needs {OPTIONS - 1}); pass glossary= for more")
            position = rng.randrange(OPTIONS)
            answer = term.en if zh_en else term.zh
            options = [*found[:position], answer, *found[position:]]
            questions.append({**base_item(term), "prompt": term.zh if zh_en else term.en,
                              "pinyin": (term.pinyin or "") if zh_en else "",
                              "options": options, "answer": position})
        return {"direction": self.direction, "questions": questions}


def distractors(term: Any, pool: Sequence[Any], rng: random.Random, *,
                zh_en: bool) -> list[str]:
    """Up to OPTIONS - 1 wrong options for `term` from `pool`: the same lesson first, then
    the rest, none alike (by `en_key` or `zh_key`) another option or an accepted rendering.
    Shared with the LMS exports (termdrills/exports/_questions.py)."""
    taken = {en_key(a) for a in accepted(term)} if zh_en else {zh_key(term.zh)}
    others = [t for t in pool if t.id != term.id]
    same = shuffled([t for t in others if t.lesson == term.lesson], rng)
    wider = shuffled([t for t in others if t.lesson != term.lesson], rng)
    found: list[str] = []
    for other in (*same, *wider):
        text = other.en if zh_en else other.zh
        key = en_key(text) if zh_en else zh_key(text)
        if key not in taken:
            taken.add(key)
            found.append(text)
        if len(found) == OPTIONS - 1:
            break
    return found
