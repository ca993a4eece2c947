"""What a student wrote where a term should be, when no form of it was found.

A best-effort extraction, for feedback and for the class's list of renderings:

1. Where: the answer's text in the aligned rows whose Chinese holds the term (an
   occurrence's first character). Nothing aligned there → no candidate.
2. Words (``[A-Za-z0-9]+`` joined by ' ’ or -) of that text, in runs broken by a
   term already found (any term's form, or an earlier term's candidate: terms are
   taken in their order) and by . ; ! ? between words.
3. Windows: every run of 1…hi consecutive words inside one run that starts and
   ends with a content word (not in `FUNCTION`), where hi = the most words of a
   form + 1. Each window's chrF (`termdrills.grading.chrf`, both sides
   lower-cased) against all the term's forms as references; the best wins (then
   the shorter, then the earlier), and so does its closest form.
4. chrF favours the words the window shares with the form, so the window is then
   widened to the form's extent: the form's content words (not in `FUNCTION`) are
   matched to the window's words (equal, or the same first five letters); if the
   first matched form word is the form's k-th, the window starts k words before
   the word it matched (never later than it did), and likewise at the end.
5. Words of `FUNCTION` are trimmed from both ends; a best chrF under `THRESHOLD`
   gives no candidate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from termdrills.grading.chrf import Ngrams, chrf_stats, score_from_stats

__all__ = ["FUNCTION", "THRESHOLD", "candidate", "form_words"]

THRESHOLD = 25.0
MAX_WORDS = 400
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
_BREAK = re.compile(r"[.;!?]")
FUNCTION = frozenset(("the", "a", "an", "and", "or", "of", "to", "in", "for", "with", "by",
                      "on", "at", "as", "its", "their", "this", "these", "is", "are", "was",
                      "were", "be"))


def form_words(form: str) -> int:
    words = _WORD.findall(form)
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return max(1, len(words))


def _same(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def _widen(run: list[re.Match[str]], i: int, j: int, form: str) -> tuple[int, int]:
    words = _WORD.findall(form)
    content = [(k, w) for k, w in enumerate(words) if w.lower() not in FUNCTION]
    matched = [(at, k) for at in range(i, j) for k, w in content if _same(run[at].group(), w)]
    if not matched:
        return i, j
    first_at, first_k = min(matched)
    last_at, last_k = max(matched)
    return (max(0, min(i, first_at - first_k)),
            min(len(run), max(j, last_at + 1 + len(words) - 1 - last_k)))


def candidate(text: str, ranges: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]],
              forms: Sequence[str], form_ngrams: Sequence[Ngrams],
              ) -> tuple[int, int, float] | None:
    """(start, end, chrF) of the student's rendering in `text`, or None (module doc).
    `form_ngrams` are the lower-cased forms' `ngrams`."""
    runs: list[list[re.Match[str]]] = []
    for start, end in ranges:
        run: list[re.Match[str]] = []
        last = start
        for m in _WORD.finditer(text, start, end):
            inside = any(s < m.end() and m.start() < e for s, e in taken)
            between = text[last:m.start()]
            if inside or _BREAK.search(between) or any(last <= s < m.start() for s, _ in taken):
                if run:
                    runs.append(run)
                run = []
            if not inside:
                run.append(m)
            last = m.end()
        if run:
            runs.append(run)
    hi = max(form_words(f) for f in forms) + 1
    best: tuple[tuple[float, int, int], list[re.Match[str]], int, int, int] | None = None
    counted = 0
    for run in runs:
        content = [m.group().lower() not in FUNCTION for m in run]
        for i in range(len(run)):
            counted += 1
            if counted > MAX_WORDS or not content[i]:
                continue
            for j in range(i + 1, min(len(run), i + hi) + 1):
                if not content[j - 1]:
                    continue
                window = text[run[i].start():run[j - 1].end()].lower()
                stats, k = chrf_stats(window, form_ngrams)
                key = (score_from_stats(stats), i - j, -run[i].start())
                if best is None or key > best[0]:
                    best = (key, run, i, j, k)
    if best is None or best[0][0] < THRESHOLD:
        return None
    (score, _, _), run, i, j, k = best
    i, j = _widen(run, i, j, forms[k])
    words = run[i:j]
    while words and words[0].group().lower() in FUNCTION:
        words = words[1:]
    while words and words[-1].group().lower() in FUNCTION:
        words = words[:-1]
    if not words:
        return None
    return words[0].start(), words[-1].end(), score
