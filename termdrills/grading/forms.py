"""A term's English forms (preferred, accepted, deprecated) and where terms stand in a text.

Chinese: a term is its exact characters; all occurrences, longest term first, never
overlapping (the rule of `Glossary.in_sentence`, which finds only the first).

English: a form matches as whole words (`find_phrase`'s rules: case, the amount of
white space and curly vs straight apostrophes do not count) and also forgives what
does not change the term: a leading article, hyphen vs space, -ise vs -ize, and an
inflected word (optimizing, delegates, streamlined). The pattern of a form:

* drop a leading "the", "a" or "an" when the form has more words;
* split it into words at white space and hyphens; join them with
  ``(?:\\s+|\\s*-\\s*)`` (any hyphen or dash of ``-‐‑–``);
* in each word, ``iz``, and ``is`` before a vowel, become ``i[sz]``;
* a word of 4 or more letters may be inflected: ending in e → stem + (e|es|ed|ing);
  in a consonant + y → stem + (y|ies|ied|ying); otherwise word + (s|es|ed|ing)?;
* a word with another spelling in ``termdrills/i18n/english.json`` (licence and license,
  centred and centered: British and American spelling is not a mistake) matches in
  either spelling, each inflected as above;
* the whole between ``(?<![A-Za-z0-9])`` and ``(?![A-Za-z0-9])``, case-insensitive.

Whether a text uses a term (`term_uses`) is decided by these matches alone: a preferred
or accepted form found → used; else a deprecated form found → that form; else not used.
The sentence drill, the paragraph drill and the grader all ask it this way (the
front end: ``static/core/forms.js``, ``termUses``); ``tests/data/term_use_cases.json``
is run by both pytest and node.

All matches of all forms of all terms are collected, then kept longest match
first (then the earlier, then preferred → accepted → deprecated, then term order),
each only if it overlaps no match already kept: "optimize government services"
beats the "government services" inside it, and an accepted form that is only an
inflection of the preferred one ("facilitating …") counts as the preferred. These
are plain regular expressions, the same in JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from termdrills.glossary import Term
from termdrills.text.normalize import SPELLING

__all__ = ["Form", "Span", "TermForms", "en_pattern", "find_en", "find_zh", "prepare_terms",
           "term_uses"]

TIERS = ("preferred", "accepted", "deprecated")
_ARTICLES = ("the", "a", "an")
_SEPARATOR = r"(?:\s+|\s*[-\u2010\u2011\u2013]\s*)"
#: Each word of the spelling table with its other spelling (British ↔ American).
_OTHER_SPELLING = {**SPELLING, **{us: gb for gb, us in SPELLING.items()}}


@dataclass(frozen=True)
class Form:
    """One English form of a term."""

    text: str
    tier: str  # preferred | accepted | deprecated
    note: str = ""  # why a deprecated form is deprecated
    group: str = ""  # forms of one group are one choice for consistency
    pattern: re.Pattern[str] = field(compare=False, repr=False, default=re.compile("(?!)"))


@dataclass(frozen=True)
class TermForms:
    """A glossary term with the forms a passage's grading uses."""

    id: str
    zh: str
    en: str
    lesson: str
    forms: tuple[Form, ...]

    def tier_forms(self, tier: str) -> list[Form]:
        return [f for f in self.forms if f.tier == tier]


@dataclass(frozen=True)
class Span:
    """A term found in a text: [start, end) in the text, which term and which form."""

    start: int
    end: int
    term: int  # index into the term list
    form: Form | None = None  # None in Chinese


def _deprecated(term: Term) -> list[tuple[str, str]]:
    """(form, reason) pairs: the glossary's deprecated_en with deprecated_note (the
    checker makes the two line up)."""
    return [(form, note) for form, note in term.deprecated if form]


def _word(word: str) -> str:
    other = _OTHER_SPELLING.get(word.lower())
    if other is None:
        return _one_word(word)
    return f"(?:{_one_word(word)}|{_one_word(other)})"


def _one_word(word: str) -> str:
    pattern = re.sub(r"i(?:z|s(?=[aei]))", "i[sz]", re.escape(word))
    if len(word) < 4 or not word.isalpha():
        return pattern
    lower = word.lower()
    if lower.endswith("e"):
        return pattern[:-1] + "(?:e|es|ed|ing)"
    if lower.endswith("y") and lower[-2] not in "aeiou":
        return pattern[:-1] + "(?:y|ies|ied|ying)"
    return pattern + "(?:s|es|ed|ing)?"


def en_pattern(form: str) -> re.Pattern[str]:
    """The regular expression that finds `form` in English text (see the module doc)."""
    words = [w for w in re.split(r"[\s\-\u2010\u2011\u2013]+", form.replace("\u2019", "'")) if w]
    if len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    if not words:
        return re.compile("(?!)")
    body = _SEPARATOR.join(_word(w) for w in words)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE)


def prepare_terms(terms: Sequence[Term], *, accept: Mapping[str, Sequence[str]] | None = None,
                  deprecate: Mapping[str, Mapping[str, str]] | None = None,
                  ) -> list[TermForms]:
    """TermForms for the glossary terms, with an assignment's extra accepted forms
    (`accept`: id → forms) and deprecated forms (`deprecate`: id → {form: note}).

    Each form has a consistency group: its own text, except an assignment's accepted
    forms, which are the passage's wording of the preferred one (``transform its
    functions``) and share its group."""
    accept = accept or {}
    deprecate = deprecate or {}
    prepared = []
    for term in terms:
        seen: set[str] = set()
        forms: list[Form] = []
        candidates = [(term.en, "preferred", "", term.en)]
        candidates += [(a, "accepted", "", a) for a in term.alt_en]
        candidates += [(a, "accepted", "", term.en) for a in accept.get(term.id, ())]
        candidates += [(d, "deprecated", n, d) for d, n in
                       (*_deprecated(term), *deprecate.get(term.id, {}).items())]
        for text, tier, note, group in candidates:
            key = " ".join(text.casefold().split())
            if key and key not in seen:
                seen.add(key)
                forms.append(Form(text, tier, note, group, en_pattern(text)))
        prepared.append(TermForms(term.id, term.zh, term.en, term.lesson, tuple(forms)))
    return prepared


def find_zh(text: str, terms: Sequence[TermForms]) -> list[Span]:
    """Every occurrence of the terms' Chinese in `text`, longest term first, no overlaps."""
    taken = [False] * len(text)
    spans: list[Span] = []
    order = sorted(range(len(terms)), key=lambda i: (-len(terms[i].zh), i))
    for i in order:
        zh = terms[i].zh
        if not zh:
            continue
        start = text.find(zh)
        while start != -1:
            end = start + len(zh)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                spans.append(Span(start, end, i))
                start = text.find(zh, end)
            else:
                start = text.find(zh, start + 1)
    return sorted(spans, key=lambda s: s.start)


def find_en(text: str, terms: Sequence[TermForms]) -> list[Span]:
    """Every match of every form of the terms in `text` (see the module doc), in text order."""
    normal = text.replace("\u2019", "'")
    matches = [(m.start(), m.end(), TIERS.index(form.tier), i, k, form)
               for i, t in enumerate(terms) for k, form in enumerate(t.forms)
               for m in form.pattern.finditer(normal) if m.end() > m.start()]
    matches.sort(key=lambda m: (m[0] - m[1], m[0], m[2], m[3], m[4]))
    spans: list[Span] = []
    for start, end, _, i, _, form in matches:
        if not any(start < s.end and s.start < end for s in spans):
            spans.append(Span(start, end, i, form))
    return sorted(spans, key=lambda s: s.start)


def term_uses(text: str, terms: Sequence[TermForms]) -> list[Span | None]:
    """For each term, whether `text` uses it: the first match of a preferred or accepted
    form, else the first of a deprecated form, else None (the matches of `find_en`,
    all terms at once: the longest wins where two overlap)."""
    best: list[Span | None] = [None] * len(terms)
    for span in find_en(text, terms):
        kept = best[span.term]
        if kept is None or (kept.form is not None and kept.form.tier == "deprecated"
                            and span.form is not None and span.form.tier != "deprecated"):
            best[span.term] = span
    return best
