"""The seven drill kinds. Each builds its questions, in seeded order, in Python;
the front end (static/render.js) only shows them and grades the answers."""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Any

from termdrills._text import find_phrase
from termdrills.drills._base import Drill, DrillError, _choice

DIRECTIONS = ("zh-en", "en-zh")
SIDES = ("en", "zh")
MATCH_ROUND = 6  # pairs per matching round
OPTIONS = 4  # multiple-choice options
_DASHES = re.compile(r"[\u002d\u2010-\u2015\u2212]")
_ARTICLE = re.compile(r"^(?:the|a|an) (?=\S)")


def rendering_key(text: str) -> str:
    """What makes two options look the same to a student (as the front end grades)."""
    s = _DASHES.sub(" ", unicodedata.normalize("NFKC", text).casefold())
    return _ARTICLE.sub("", " ".join(s.split()))


def _shuffled(items: tuple[Any, ...] | list[Any], rng: random.Random) -> list[Any]:
    out = list(items)
    rng.shuffle(out)
    return out


def _base_item(term: Any) -> dict[str, Any]:
    return {"id": term.id, "lesson": getattr(term, "lesson", "") or ""}


def _accepted(term: Any) -> list[str]:
    return [term.en, *getattr(term, "alt_en", ())]


def find_rendering(term: Any, sentence: str) -> re.Match[str] | None:
    """Where the term's rendering (any accepted form) stands in an English sentence."""
    return find_phrase(sentence, _accepted(term))


class _Directed(Drill):
    """A drill asked zh→en (direction="zh-en", the default) or en→zh."""

    def __init__(self, terms: Any, *, direction: str = "zh-en", **common: Any) -> None:
        self.direction = _choice(type(self).__name__, "direction", direction, DIRECTIONS)
        super().__init__(terms, **common)

    def _options(self) -> tuple[object, ...]:
        return (self.direction,)


class Flashcards(_Directed):
    """Cards to flip (pinyin on the Chinese side) and rate: again / hard / good / easy.

    `direction` is the side shown first; the student can switch it on the card.
    """

    KIND = "flashcards"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        items = [{**_base_item(t), "zh": t.zh, "en": t.en, "pinyin": t.pinyin or "",
                  "alt_en": list(t.alt_en)} for t in _shuffled(terms, rng)]
        return {"direction": self.direction, "items": items}


class MultipleChoice(_Directed):
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
        for term in _shuffled(terms, rng):
            if zh_en:
                answer, taken = term.en, {rendering_key(a) for a in _accepted(term)}
            else:
                answer, taken = term.zh, {rendering_key(term.zh)}
            others = [t for t in pool if t.id != term.id]
            same = _shuffled([t for t in others if t.lesson == term.lesson], rng)
            wider = _shuffled([t for t in others if t.lesson != term.lesson], rng)
            distractors: list[str] = []
            for other in (*same, *wider):
                text = other.en if zh_en else other.zh
                if rendering_key(text) not in taken:
                    taken.add(rendering_key(text))
                    distractors.append(text)
                if len(distractors) == OPTIONS - 1:
                    break
            if len(distractors) < OPTIONS - 1:
                raise DrillError(
                    f"MultipleChoice: term '{term.id}' has only {len(distractors)} distinct "
                    f"distractors (needs {OPTIONS - 1}); pass glossary= for more")
            position = rng.randrange(OPTIONS)
            options = [*distractors[:position], answer, *distractors[position:]]
            questions.append({**_base_item(term), "prompt": term.zh if zh_en else term.en,
                              "pinyin": (term.pinyin or "") if zh_en else "",
                              "options": options, "answer": position})
        return {"direction": self.direction, "questions": questions}


class TypedRecall(_Directed):
    """Type the rendering (zh-en: every `alt_en` is accepted) or the Chinese (en-zh).
    Grading forgives width, case, spacing, hyphens, quotes, a leading article and
    -ise/-ize; a near miss is "almost" with the difference shown."""

    KIND = "typed_recall"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        zh_en = self.direction == "zh-en"
        items = [{**_base_item(t), "prompt": t.zh if zh_en else t.en,
                  "pinyin": (t.pinyin or "") if zh_en else "",
                  "accepted": _accepted(t) if zh_en else [t.zh]}
                 for t in _shuffled(terms, rng)]
        return {"direction": self.direction, "items": items}


class _Examples(Drill):
    """Drills built from example sentence pairs. Terms without a usable example are
    left out and listed in `skipped` as (term id, reason); none usable is an error."""

    skipped: list[tuple[str, str]]

    def _usable(self, terms: tuple[Any, ...]) -> list[tuple[Any, Any]]:
        self.skipped = []
        usable = []
        for term in terms:
            if not (getattr(term, "example_zh", "") and getattr(term, "example_en", "")):
                self.skipped.append((term.id, "no example_zh/example_en"))
                continue
            found = self._locate(term)
            if found is None:
                self.skipped.append((term.id, self._not_found))
            else:
                usable.append((term, found))
        if not usable:
            ids = ", ".join(f"'{t.id}'" for t in terms[:3]) + (" …" if len(terms) > 3 else "")
            raise DrillError(f"{type(self).__name__}: no term has {self._needs} "
                             f"(checked {len(terms)}: {ids})")
        return usable

    _needs = "example_zh and example_en"
    _not_found = ""

    def _locate(self, term: Any) -> Any:
        return True


class Cloze(_Examples):
    """The example pair with the term blanked in the English (side="en") or the
    Chinese (side="zh") sentence; the other sentence is shown whole."""

    KIND = "cloze"

    def __init__(self, terms: Any, *, side: str = "en", **common: Any) -> None:
        self.side = _choice("Cloze", "side", side, SIDES)
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
        for term, found in _shuffled(self._usable(terms), rng):
            sentence = term.example_zh if self.side == "zh" else term.example_en
            accepted = [term.zh] if self.side == "zh" else list(
                dict.fromkeys([*_accepted(term), found.group()]))
            items.append({**_base_item(term), "before": sentence[:found.start()],
                          "after": sentence[found.end():], "accepted": accepted,
                          "context": term.example_en if self.side == "zh" else term.example_zh})
        return {"side": self.side, "items": items}


class SentenceTranslation(_Examples):
    """Translate `example_zh`; feedback is a chrF score against `example_en` and,
    for every glossary term whose Chinese occurs in the sentence, whether its
    rendering (or an accepted alternative) is in the translation."""

    KIND = "sentence"

    def __init__(self, terms: Any, *, glossary: Any = None, **common: Any) -> None:
        self.glossary = glossary
        super().__init__(terms, **common)

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        from termdrills.glossary import Glossary

        lookup = self.glossary if hasattr(self.glossary, "in_sentence") else Glossary(
            list({t.id: t for t in (*terms, *(self.glossary or ()))}.values()))
        items: dict[str, dict[str, Any]] = {}
        for term, _ in _shuffled(self._usable(terms), rng):
            if term.example_zh in items:
                continue  # two terms sharing one example: one question
            found = list(lookup.in_sentence(term.example_zh))
            if all(t.id != term.id for t in found):
                found.insert(0, term)
            # Term feedback only where the official translation itself uses the
            # rendering: a student who translates as the reference does is never told
            # they missed a term (政务服务 is just "services" in some official sentences).
            found = [t for t in found if find_rendering(t, term.example_en)]
            items[term.example_zh] = {
                **_base_item(term), "zh": term.example_zh, "reference": term.example_en,
                "terms": [{**_base_item(t), "zh": t.zh, "accepted": _accepted(t)}
                          for t in found]}
        return {"items": list(items.values())}


class Matching(Drill):
    """Pair Chinese terms with their renderings by click or keyboard, in rounds of
    up to six pairs."""

    KIND = "matching"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        if len(terms) < 2:
            raise DrillError("Matching: needs at least 2 terms")
        seen: dict[str, str] = {}
        for t in terms:
            for key, text in ((rendering_key(t.en), t.en), ("zh:" + t.zh, t.zh)):
                if key in seen:
                    raise DrillError(f"Matching: terms '{seen[key]}' and '{t.id}' share "
                                     f"'{text}' (a pair would be ambiguous)")
                seen[key] = t.id
        order = _shuffled(terms, rng)
        count = -(-len(order) // MATCH_ROUND)
        size = -(-len(order) // count)  # balanced rounds: 7 terms → 4 + 3, not 6 + 1
        rounds = []
        for start in range(0, len(order), size):
            chunk = order[start:start + size]
            rounds.append({
                "zh": [{**_base_item(t), "text": t.zh} for t in _shuffled(chunk, rng)],
                "en": [{**_base_item(t), "text": t.en} for t in _shuffled(chunk, rng)]})
        return {"rounds": rounds}


class Review(Drill):
    """Spaced review (Leitner boxes 1–5) over every term among `terms` the student
    has met in any drill of the course; progress lives in the browser's
    localStorage under the course id, with JSON export/import and a chart."""

    KIND = "review"

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        items = [{**_base_item(t), "zh": t.zh, "pinyin": t.pinyin or "",
                  "accepted": _accepted(t)} for t in terms]
        return {"items": items}
