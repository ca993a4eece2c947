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
           "find_rendering", "review_items", "shuffled"]

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
