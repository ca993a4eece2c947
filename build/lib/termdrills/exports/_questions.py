"""The questions the LMS exports carry (``export qti``, ``export moodle``): one seeded
draw per lesson, so the two formats hold the same questions.

Per lesson, in this order: multiple choice Chinese → English and English → Chinese (one
question per term; distractors as the MultipleChoice drill picks them: the same lesson
first, then the rest of the glossary, no two options alike), typed recall as a short
answer accepting every accepted rendering (``en`` first, then ``alt_en``, then each
without a leading article, as the drills forgive it), matching (the
lesson's terms in even rounds of three to six pairs)
and cloze (the term blanked in its English example sentence, the Chinese one shown).

A term that cannot become a question of a kind (too few distinct distractors, no example
sentence with its rendering in it, a pair that would be ambiguous in matching) is left
out of that kind and reported as one located line (``glossary.csv:14: 'id': ...``); the
package never holds a broken question. Deprecated renderings (a ``deprecated_en``
column, when the glossary has one) are never accepted.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termdrills.course import lesson_title
from termdrills.drills.items import MATCH_ROUND, OPTIONS, distractors
from termdrills.glossary import Term
from termdrills.text.normalize import en_key, find_phrase


@dataclass(frozen=True)
class MultipleChoice:
    ident: str
    term: Term
    direction: str  # "zh-en" or "en-zh"
    prompt: str
    pinyin: str
    options: tuple[str, ...]
    answer: int  # index of the right option


@dataclass(frozen=True)
class ShortAnswer:
    ident: str
    term: Term
    prompt: str
    pinyin: str
    accepted: tuple[str, ...]


@dataclass(frozen=True)
class Matching:
    ident: str
    pairs: tuple[tuple[str, str], ...]  # (Chinese, English), in the order asked
    choices: tuple[str, ...]  # the English column, shuffled


@dataclass(frozen=True)
class Cloze:
    ident: str
    term: Term
    context: str  # the Chinese example sentence
    before: str
    after: str
    accepted: tuple[str, ...]


#: Fewest pairs in a matching question (Moodle needs 3 answers to choose from).
MATCH_MIN = 3

Question = MultipleChoice | ShortAnswer | Matching | Cloze


@dataclass(frozen=True)
class Bank:
    """One lesson's questions: a Moodle category, a Canvas quiz and its question bank."""

    lesson: str
    title: str
    questions: tuple[Question, ...]


def _same(text: str) -> str:
    """What an LMS compares: case and the amount of white space aside, exact (so
    "optimise" and "optimize" are two answers, not one, as `en_key` would have it)."""
    return " ".join(text.casefold().split())


def deprecated(term: Term) -> set[str]:
    """The term's deprecated renderings, compared as `_same` (none when the glossary has
    no ``deprecated_en`` column; read defensively: a tuple field or a ``|``-separated
    cell)."""
    value: Any = getattr(term, "deprecated_en", None) or term.extra.get("deprecated_en", "")
    parts = value.split("|") if isinstance(value, str) else list(value)
    return {_same(str(p)) for p in parts if str(p).strip()}


def accepted(term: Term) -> tuple[str, ...]:
    """The renderings a typed answer may give: ``en``, then ``alt_en``, never a deprecated
    one, no two the same (`_same`)."""
    bad = deprecated(term)
    keep: dict[str, str] = {}
    for text in term.accepted_en:
        if _same(text) not in bad:
            keep.setdefault(_same(text), text)
    return tuple(keep.values())


def typed_forms(renderings: Sequence[str]) -> tuple[str, ...]:
    """What a typed answer may be in an LMS, which compares exactly (case aside): each
    rendering, then each without its leading article, which the drills forgive too
    ("the State Council" → also "State Council")."""
    forms: dict[str, str] = {}
    for text in renderings:
        forms.setdefault(_same(text), text)
    for text in renderings:
        bare = re.sub(r"^(?:the|a|an)\s+(?=\S)", "", text, flags=re.IGNORECASE)
        forms.setdefault(_same(bare), bare)
    return tuple(forms.values())


Skipped = list[tuple[int, str]]  # (glossary line, located message)


def _skip(skipped: Skipped, glossary: Path | None, term: Term, why: str) -> None:
    skipped.append((term.line, f"{glossary or 'glossary'}:{term.line}: '{term.id}': {why}"))


def draw(terms: Sequence[Term], pool: Sequence[Term], seed: int,
         glossary: Path | None = None) -> tuple[list[Bank], list[str]]:
    """The question banks, one per lesson of `terms` (in glossary order), and the located
    lines of what was skipped. `pool` (the whole glossary) supplies distractors."""
    if glossary is not None:  # shown as the other commands show it: relative when inside
        glossary = Path(os.path.relpath(glossary)) if glossary.resolve().is_relative_to(
            Path.cwd().resolve()) else glossary
    banks: list[Bank] = []
    skipped: Skipped = []
    lessons = list(dict.fromkeys(t.lesson for t in terms))
    for lesson in lessons:
        own = [t for t in terms if t.lesson == lesson]
        rng = random.Random(f"termdrills-lms:{seed}:{lesson}")
        questions: list[Question] = []
        for direction in ("zh-en", "en-zh"):
            questions += _choices(own, pool, rng, seed, direction, glossary, skipped)
        questions += _short_answers(own, rng, glossary, skipped)
        questions += _matching(lesson, own, rng, glossary, skipped)
        questions += _cloze(own, rng, glossary, skipped)
        banks.append(Bank(lesson, lesson_title(lesson), tuple(questions)))
    return banks, [text for _, text in sorted(skipped)]


def _shuffled(items: Sequence[Any], rng: random.Random) -> list[Any]:
    out = list(items)
    rng.shuffle(out)
    return out


def _choices(terms: Sequence[Term], pool: Sequence[Term], rng: random.Random, seed: int,
             direction: str, glossary: Path | None, skipped: Skipped) -> list[MultipleChoice]:
    zh_en = direction == "zh-en"
    out = []
    for term in _shuffled(terms, rng):
        wrong = [text for text, _ in distractors(term, pool, seed, zh_en=zh_en)]
        if len(wrong) < OPTIONS - 1:
            _skip(skipped, glossary, term, f"no multiple choice {direction} question: only "
                  f"{len(wrong)} distinct distractors (needs {OPTIONS - 1})")
            continue
        position = rng.randrange(OPTIONS)
        answer = term.en if zh_en else term.zh
        out.append(MultipleChoice(
            ident=f"mc-{direction}-{term.id}", term=term, direction=direction,
            prompt=term.zh if zh_en else term.en, pinyin=term.pinyin if zh_en else "",
            options=(*wrong[:position], answer, *wrong[position:]), answer=position))
    return out


def _short_answers(terms: Sequence[Term], rng: random.Random, glossary: Path | None,
                   skipped: Skipped) -> list[ShortAnswer]:
    out = []
    for term in _shuffled(terms, rng):
        answers = accepted(term)
        if not answers:
            _skip(skipped, glossary, term, "no short answer question: every rendering is "
                  "deprecated")
            continue
        out.append(ShortAnswer(ident=f"typed-{term.id}", term=term, prompt=term.zh,
                               pinyin=term.pinyin, accepted=typed_forms(answers)))
    return out


def rounds(count: int) -> list[int]:
    """Sizes of the matching rounds for `count` pairs: at most MATCH_ROUND each, as even as
    can be (7 → 4 + 3; 31 → 6 + 5 + 5 + 5 + 5 + 5), so no round is smaller than 3 when
    there are 3 pairs or more (Moodle wants at least 3 answers to choose from)."""
    n = -(-count // MATCH_ROUND)
    return [count // n + (1 if i < count % n else 0) for i in range(n)] if count else []


def _matching(lesson: str, terms: Sequence[Term], rng: random.Random, glossary: Path | None,
              skipped: Skipped) -> list[Matching]:
    usable: list[Term] = []
    seen: dict[str, Term] = {}
    for term in terms:
        keys = (("en", en_key(term.en), term.en), ("zh", term.zh, term.zh))
        other = next(((seen[f"{side}:{key}"], text) for side, key, text in keys
                      if f"{side}:{key}" in seen), None)
        if other is not None:
            _skip(skipped, glossary, term, f"left out of matching: shares '{other[1]}' with "
                  f"'{other[0].id}' (a pair would be ambiguous)")
            continue
        usable.append(term)
        for side, key, _ in keys:
            seen[f"{side}:{key}"] = term
    if len(usable) < MATCH_MIN:
        why = (f"{glossary or 'glossary'}:{terms[0].line}: lesson '{lesson}': no matching "
               f"question (needs {MATCH_MIN} terms whose Chinese and English differ, has "
               f"{len(usable)})")
        skipped.append((terms[0].line, why))
        return []
    order = _shuffled(usable, rng)
    out = []
    start = 0
    for n, size in enumerate(rounds(len(order)), start=1):
        chunk = order[start:start + size]
        start += size
        out.append(Matching(ident=f"match-{lesson}-{n}", pairs=tuple((t.zh, t.en) for t in chunk),
                            choices=tuple(_shuffled([t.en for t in chunk], rng))))
    return out


def _cloze(terms: Sequence[Term], rng: random.Random, glossary: Path | None,
           skipped: Skipped) -> list[Cloze]:
    out = []
    for term in _shuffled(terms, rng):
        if not term.has_example:
            _skip(skipped, glossary, term, "no cloze question: no example_zh/example_en")
            continue
        answers = accepted(term)
        found = find_phrase(term.example_en, answers)
        if found is None:
            _skip(skipped, glossary, term, "no cloze question: no accepted rendering is in "
                  "example_en")
            continue
        out.append(Cloze(
            ident=f"cloze-{term.id}", term=term, context=term.example_zh,
            before=term.example_en[:found.start()], after=term.example_en[found.end():],
            # as the sentence spells it (find_phrase reads ’ as ')
            accepted=typed_forms([*answers, term.example_en[found.start():found.end()]])))
    return out
