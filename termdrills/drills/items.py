"""What a drill asks, shared by the drill widgets and the LMS exports: the accepted and
deprecated forms of a term, the fields every item carries, seeded order, the
distractors of a multiple-choice question and the size of a matching round.

No widget and no Sphinx here: ``termdrills export moodle`` and ``export qti`` draw
the same questions as the drills (`termdrills.exports._questions`) without importing
anywidget.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from typing import Any

from termdrills.text.normalize import en_key, find_phrase, zh_key

__all__ = ["MATCH_ROUND", "OPTIONS", "accepted", "base_item", "deprecated", "distractors",
           "find_rendering", "question_distractors", "question_key", "review_items",
           "shuffled"]

OPTIONS = 4  # options per multiple-choice question
MATCH_ROUND = 6  # pairs per matching round


def shuffled(items: tuple[Any, ...] | list[Any], rng: random.Random) -> list[Any]:
    out = list(items)
    rng.shuffle(out)
    return out


def base_item(term: Any) -> dict[str, Any]:
    return {"id": term.id, "lesson": getattr(term, "lesson", "") or ""}


def accepted(term: Any) -> list[str]:
    return [term.en, *getattr(term, "alt_en", ())]


def deprecated(term: Any) -> list[dict[str, str]]:
    """The renderings official English avoids, each with why (answered with the reason,
    never as a near miss)."""
    return [{"form": form, "note": note} for form, note in getattr(term, "deprecated", ())]


def review_items(terms: Sequence[Any]) -> list[dict[str, Any]]:
    """The terms as the Review drill asks them (its payload's ``items``; the course site's
    file of every term, `termdrills.book.site_terms`, holds the same)."""
    return [{**base_item(t), "zh": t.zh, "pinyin": t.pinyin or "", "accepted": accepted(t),
             "deprecated": deprecated(t)} for t in terms]


def find_rendering(term: Any, sentence: str) -> re.Match[str] | None:
    """Where the term's rendering (any accepted form) stands in an English sentence."""
    return find_phrase(sentence, accepted(term))


def _rank(seed: int, term_id: str, other_id: str) -> bytes:
    """A candidate distractor's place for one question: fixed by the seed and the two
    terms alone, so rows added or edited elsewhere never change a question."""
    return hashlib.sha256(f"{seed}\x1f{term_id}\x1f{other_id}".encode()).digest()


def distractors(term: Any, pool: Sequence[Any], seed: int, *,
                zh_en: bool) -> list[tuple[str, Any]]:
    """Up to OPTIONS - 1 wrong options for `term` from `pool`, as (text, term): the
    same lesson first, then the rest, each ranked by `_rank` (so the choice depends on
    the seed and the two terms alone), none alike (by `en_key` or `zh_key`) another
    option or an accepted rendering. Shared with the LMS exports
    (termdrills/exports/_questions.py).

    The rest of the pool is ranked only when the lesson's own rows give too few: the
    choice is the same as ranking the whole pool, at the cost of the lesson alone."""
    taken = {en_key(a) for a in accepted(term)} if zh_en else {zh_key(term.zh)}
    found: list[tuple[str, Any]] = []
    for same in (True, False):
        tier = [t for t in pool if t.id != term.id and (t.lesson == term.lesson) == same]
        for other in sorted(tier, key=lambda t: _rank(seed, term.id, t.id)):
            text = other.en if zh_en else other.zh
            key = en_key(text) if zh_en else zh_key(text)
            if key not in taken:
                taken.add(key)
                found.append((text, other))
            if len(found) == OPTIONS - 1:
                return found
    return found


def question_key(term_id: str, seed: int, *, zh_en: bool) -> str:
    """The trace key of a multiple-choice question whose distractors come from a whole
    glossary (`termdrills.glossary.trace`): its answer is the choice itself."""
    return f"mc:{'zh-en' if zh_en else 'en-zh'}:{seed}:{term_id}"


def question_distractors(glossary: Any, value: str) -> object:
    """The answer to a `question_key` (without its ``mc:``) over `glossary` as it is now:
    the distractors' texts and ids, or None when the question's term is gone."""
    direction, seed, term_id = value.split(":", 2)
    rows = glossary.untraced()
    term = next((t for t in rows if t.id == term_id), None)
    if term is None:
        return None
    found = distractors(term, rows, int(seed), zh_en=direction == "zh-en")
    return [[text, other.id] for text, other in found]
