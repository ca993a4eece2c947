"""Multiple choice (front end: static/kinds/multiple_choice.js)."""

from __future__ import annotations

import random
from typing import Any

from termdrills.drills.items import OPTIONS, base_item, distractors, question_key, shuffled
from termdrills.drills.kinds._common import Directed
from termdrills.errors import DrillError
from termdrills.glossary import trace as _trace


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
        # With the whole glossary as the pool and the lesson's rows as they are in it, a
        # question notes its choice of distractors as one look-up (`question_key`): a
        # row it compared and rejected, or a row added that would rank below the chosen
        # ones, changes nothing it shows. Otherwise the pool's rows note what was read.
        plain = [glossary.plain(t) for t in terms] if hasattr(glossary, "plain") else []
        whole = bool(plain) and all(p is not None for p in plain)
        wider = glossary.untraced() if hasattr(glossary, "untraced") else tuple(glossary or ())
        questions = []
        for term in shuffled(terms, rng):
            if whole:
                with _trace.paused():
                    found = distractors(glossary.plain(term), wider, self.seed, zh_en=zh_en)
                _trace.note(question_key(term.id, self.seed, zh_en=zh_en))
            else:
                pool = list({t.id: t for t in (*terms, *wider)}.values())
                found = distractors(term, pool, self.seed, zh_en=zh_en)
                if wider:
                    _trace.note("all")
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
