"""Paragraph translation (front end: static/kinds/paragraph.js).

The student translates a passage of several sentences. Everything that depends only
on the passage is worked out here, once, with the grader's own code
(`termdrills.grading`): the glossary terms found in the Chinese (numbered by first
occurrence, each with a colour, its preferred, accepted and deprecated forms, the
reasons, and consistency groups), where they stand in the Chinese, and where their
forms stand in each official reference or in the course's model translation. The
front end (``static/core/analysis.js``, a port of ``grading/analysis.py``) does what
depends on the answer: finds the forms in it, gives each term a verdict, flags a
term rendered two ways, aligns the answer with the passage and scores it with chrF.
So the drill's feedback is the grader's, answer for answer
(tests/test_paragraph_agreement.py).

Payload (``schema/drills.schema.json``, ``$defs/paragraph``)::

    {"zh": str,                                   # the passage
     "zh_terms": [[start, end, term]],            # the terms in the Chinese
     "terms": [{"id", "lesson", "zh", "en", "n", "colour", "occurrences",
                "forms": [{"text", "tier", "note", "group"}]}],
     "references": [{"text": str, "spans": [[start, end, term, form]]}],
     "model": {"text", "spans"} | null,           # shown only without a reference
     "weights": {"chrf", "terms", "consistency"},
     "credit": {"preferred", "accepted", "deprecated", "missing"},
     "source": str, "title": str}                 # both optional

Offsets are UTF-16 code units (what JavaScript strings count); ``term`` indexes
``terms``, ``form`` the term's ``forms``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from termdrills.drills._base import Drill
from termdrills.errors import DrillError, InputError
from termdrills.grading.align import Side
from termdrills.grading.analysis import PALETTE, Passage, analyse, prepare_passage
from termdrills.grading.assignment import VERDICTS, WEIGHTS
from termdrills.grading.forms import TermForms, prepare_terms
from termdrills.text.chinese import has_han

NAME = "ParagraphTranslation"


def _utf16(text: str) -> list[int]:
    """UTF-16 offset of each code-point offset of `text` (and of its end)."""
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return offsets


def _spans(side: Side, terms: Sequence[TermForms]) -> list[list[int]]:
    at = _utf16(side.text)
    return [[at[s.start], at[s.end], s.term, terms[s.term].forms.index(s.form)]
            for s in side.spans if s.form is not None]


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise DrillError(f"{NAME}: {what} must be a text, not {type(value).__name__}")
    return value


def _numbers(value: Mapping[str, float] | None, known: Sequence[str], what: str,
             ) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, number in (value or {}).items():
        if key not in known:
            raise DrillError(f"{NAME}: {what}: unknown key '{key}' (known: {', '.join(known)})")
        if isinstance(number, bool) or not isinstance(number, int | float) or number < 0:
            raise DrillError(f"{NAME}: {what}.{key} must be a number ≥ 0")
        out[key] = float(number)
    return out


class ParagraphTranslation(Drill):
    """Translate a passage; feedback: chrF against the official translation (each
    sentence and the whole), each glossary term's rendering (preferred, accepted,
    deprecated or missing), terms rendered two ways, and the aligned bilingual view.

    `references` are official translations (the best-matching one is used); without
    one, `model` (the course's own translation) is shown, labelled as not official,
    and there is no chrF. `glossary` is a `Glossary` or a list of terms (default: the
    course glossary); `lessons` limits the terms to those lessons' rows. `accept`,
    `deprecate`, `weights` and `credit` are an assignment's (``termdrills grade``)."""

    KIND = "paragraph"

    def __init__(self, passage: str, *, references: Sequence[str] | str = (), model: str = "",
                 glossary: Any = None, lessons: Sequence[str] = (), source: str = "",
                 accept: Mapping[str, Sequence[str]] | None = None,
                 deprecate: Mapping[str, Mapping[str, str]] | None = None,
                 weights: Mapping[str, float] | None = None,
                 credit: Mapping[str, float] | None = None, **common: Any) -> None:
        passage = _text(passage, "passage").strip()
        if not has_han(passage):
            raise DrillError(f"{NAME}: passage: no Chinese characters (the passage is the "
                             "Chinese to translate)")
        if isinstance(references, str):
            references = [references]
        refs = [_text(r, "each reference").strip() for r in references]
        if any(not r for r in refs):
            raise DrillError(f"{NAME}: references: an empty text in the list")
        self.passage_source = _text(source, "source").strip()
        self._paragraph_options = (passage, tuple(refs), _text(model, "model").strip(), tuple(lessons),
                        repr(sorted((accept or {}).items())),
                        repr(sorted((deprecate or {}).items())))
        terms = self._terms(glossary, lessons)
        known = {t.id for t in terms}
        for table, value in (("accept", accept), ("deprecate", deprecate)):
            for term_id in value or {}:
                if term_id not in known:
                    raise DrillError(f"{NAME}: {table}: no term '{term_id}' in the glossary")
        forms = prepare_terms(terms, accept=accept, deprecate=deprecate)
        self.passage: Passage = prepare_passage(
            passage, forms, references=refs, model=self._paragraph_options[2],
            weights=_numbers(weights, WEIGHTS, "weights"),
            credit=_numbers(credit, VERDICTS, "credit"))
        if not self.passage.terms:
            where = f"lessons {', '.join(lessons)}" if lessons else "the glossary"
            raise DrillError(f"{NAME}: no term of {where} occurs in the passage "
                             f"({passage[:20]}…)")
        by_id = {t.id: t for t in terms}
        super().__init__([by_id[t.id] for t in self.passage.terms], **common)

    @classmethod
    def from_assignment(cls, path: str | Path, *, glossary: str | Path | None = None,
                        **common: Any) -> ParagraphTranslation:
        """The drill of a ``termdrills grade`` assignment file (its passage, references,
        model, lessons, accepted and deprecated forms, weights and credit)."""
        from termdrills.grading.assignment import load_assignment

        a, g = load_assignment(Path(path), Path(glossary) if glossary else None)
        common.setdefault("title", a.title)
        return cls(a.passage, references=a.references, model=a.model, glossary=g,
                   lessons=a.lessons, source=a.source, accept=a.accept,
                   deprecate=a.deprecate, weights=a.weights, credit=a.credit, **common)

    @staticmethod
    def _terms(glossary: Any, lessons: Sequence[str]) -> tuple[Any, ...]:
        from termdrills.glossary import Glossary, load_glossary

        if isinstance(lessons, str):
            lessons = [lessons]
        if glossary is None:
            glossary = load_glossary()
        if isinstance(glossary, (str, bytes)) or not isinstance(glossary, Iterable):
            raise DrillError(f"{NAME}: glossary must be a Glossary or a list of terms, "
                             f"not {type(glossary).__name__}")
        if not isinstance(glossary, Glossary):
            glossary = Glossary(list(glossary))
        try:
            return glossary.select(list(lessons))
        except InputError as exc:
            raise DrillError(f"{NAME}: {exc}") from None

    def _options(self) -> tuple[object, ...]:
        return self._paragraph_options

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        p = self.passage
        at = _utf16(p.zh.text)
        payload: dict[str, Any] = {
            "zh": p.zh.text,
            "zh_terms": [[at[s.start], at[s.end], s.term] for s in p.zh.spans],
            "terms": [{"id": t.id, "lesson": t.lesson, "zh": t.zh, "en": t.en, "n": i + 1,
                       "colour": i % PALETTE, "occurrences": p.occurrences[i],
                       "forms": [{"text": f.text, "tier": f.tier, "note": f.note,
                                  "group": f.group} for f in t.forms]}
                      for i, t in enumerate(p.terms)],
            "references": [{"text": r.text, "spans": _spans(r, p.terms)} for r in p.references],
            "model": ({"text": p.model.text, "spans": _spans(p.model, p.terms)}
                      if p.model is not None else None),
            "weights": dict(p.weights),
            "credit": dict(p.credit),
        }
        if self.passage_source:
            payload["source"] = self.passage_source
        return payload

    def analyse(self, answer: str) -> dict[str, object]:
        """The feedback on `answer` as Python computes it (`grading.analysis.analyse`):
        what the front end shows, for a teacher's notebook."""
        return analyse(self.passage, answer)

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.drill_id}: {len(self.passage.zh.text)} characters, "
                f"{len(self.terms)} terms>")
