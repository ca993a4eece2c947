"""Multiple choice (front end: static/kinds/multiple_choice.js)."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import Any

from termdrills import _trace
from termdrills._text import en_key, zh_key
from termdrills.drills.kinds._common import Directed, accepted, base_item, shuffled
from termdrills.errors import DrillError

OPTIONS = 4  # options per question


def _rank(seed: int, term_id: str, other_id: str) -> bytes:
    """A candidate distractor's place for one question: fixed by the seed and the two
    terms alone, so rows added or edited elsewhere never change a question."""
    return hashlib.sha256(f"{seed}\x1f{term_id}\x1f{other_id}".encode()).digest()


class MultipleChoice(Directed):
    """Four options per term: distractors from the same lesson first, then from the
    wider `glossary`; no two options look alike (case, spacing, hyphens, articles),
    and no distractor is one of the term's accepted renderings.

    Each question depends only on the seed and its own terms: the candidates of a
    question are ranked by a hash of (seed, its term, the candidate), and the answer's
    position is drawn from a generator seeded with (seed, its term)."""

    KIND = "multiple_choice"

    def __init__(self, terms: Any, *, glossary: Any = None, **kwargs: Any) -> None:
        self.glossary = glossary
        super().__init__(terms, **kwargs)

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        zh_en = self.direction == "zh-en"
        glossary = self.glossary
        wider = glossary.untraced() if hasattr(glossary, "untraced") else tuple(glossary or ())
        pool = list({t.id: t for t in (*terms, *wider)}.values())
        questions = []
        for term in shuffled(terms, rng):
            found = distractors(term, pool, self.seed, zh_en=zh_en)
            # What the question depends on: its own lesson's rows (a new one may rank
            # first), and, when that lesson had too few, every row.
            same = sum(t.lesson == term.lesson for _, t in found)
            _trace.note(f"lesson:{term.lesson}", *(["all"] if same < len(found) else []))
            if len(found) < OPTIONS - 1:
                raise DrillError(
                    f"MultipleChoice: term '{term.id}' has only {len(found)} distinct "
                    f"distractors (needs {OPTIONS - 1}); pass glossary= for more")
            position = random.Random(f"{self.KIND}:{self.seed}:{term.id}").randrange(OPTIONS)
            answer = term.en if zh_en else term.zh
            texts, ids = [f[0] for f in found], [f[1].id for f in found]
            options = [*texts[:position], answer, *texts[position:]]
            option_ids = [*ids[:position], term.id, *ids[position:]]
            questions.append({**base_item(term), "prompt": term.zh if zh_en else term.en,
                              "pinyin": (term.pinyin or "") if zh_en else "",
                              "options": options, "option_ids": option_ids,
                              "answer": position})
        return {"direction": self.direction, "questions": questions}


def distractors(term: Any, pool: Sequence[Any], seed: int, *,
                zh_en: bool) -> list[tuple[str, Any]]:
    """Up to OPTIONS - 1 wrong options for `term` from `pool`, as (text, term): the
    same lesson first, then the rest, each ranked by `_rank` (so the choice depends on
    the seed and the two terms alone), none alike (by `en_key` or `zh_key`) another
    option or an accepted rendering. Shared with the LMS exports
    (termdrills/exports/_questions.py)."""
    taken = {en_key(a) for a in accepted(term)} if zh_en else {zh_key(term.zh)}
    others = [t for t in pool if t.id != term.id]
    ranked = sorted(others, key=lambda t: (t.lesson != term.lesson, _rank(seed, term.id, t.id)))
    found: list[tuple[str, Any]] = []
    for other in ranked:
        text = other.en if zh_en else other.zh
        key = en_key(text) if zh_en else zh_key(text)
        if key not in taken:
            taken.add(key)
            found.append((text, other))
        if len(found) == OPTIONS - 1:
            break
    return found
