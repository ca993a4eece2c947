"""What a student wrote where a term should be, when no form of it was found.

A best-effort extraction, for feedback and for the class's list of renderings:

1. Where: the answer's text in the aligned rows whose Chinese holds the term (an
   occurrence's first character). Nothing aligned there → no candidate.
2. Words (``[A-Za-z0-9]+`` joined by ' ’ or -) of that text, in runs broken by a
   term already found (any term's form) and by . ; ! ? between words.
3. Windows: every run of 1…hi consecutive words inside one run, where hi = the
   most words of a form + 1 (forms counted without a leading article).
4. Each window's chrF (`termdrills.chrf`) against all the term's forms as
   references, less `SHORT_PENALTY` per word it is shorter than the shortest form
   (chrF favours short windows that hold the shared words only); the best wins
   (then the shorter, then the earlier).
5. Function words (the, a, an, and, or, of, to, in, for, with, by, on, at, as, its,
   their, this, these) are trimmed from both ends; a best window whose chrF is
   under `THRESHOLD` gives no candidate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from termdrills.chrf import Ngrams, chrf

__all__ = ["THRESHOLD", "candidate", "form_words"]

THRESHOLD = 25.0
SHORT_PENALTY = 4.0
MAX_WORDS = 400
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
_BREAK = re.compile(r"[.;!?]")
_FUNCTION = frozenset(("the", "a", "an", "and", "or", "of", "to", "in", "for", "with", "by",
                       "on", "at", "as", "its", "their", "this", "these"))


def form_words(form: str) -> int:
    words = _WORD.findall(form)
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return max(1, len(words))


def candidate(text: str, ranges: Sequence[tuple[int, int]], taken: Sequence[tuple[int, int]],
              forms: Sequence[Ngrams], lo: int, hi: int) -> tuple[int, int, float] | None:
    """(start, end, chrF) of the best window in `text`, or None (see the module doc)."""
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
    best: tuple[float, int, int, int, int, float] | None = None  # key, -len, -start, i, j, chrF
    counted = 0
    for run in runs:
        for i in range(len(run)):
            counted += 1
            if counted > MAX_WORDS:
                break
            for size in range(1, hi + 1):
                j = i + size
                if j > len(run):
                    break
                score = chrf(text[run[i].start():run[j - 1].end()], forms)
                key = (score - SHORT_PENALTY * max(0, lo - size), -size, -run[i].start())
                if best is None or key > best[:3]:
                    best = (*key, i, j, score)  # type: ignore[assignment]
                    best_run = run
    if best is None or best[5] < THRESHOLD:
        return None
    i, j = best[3], best[4]
    words = best_run[i:j]
    while words and words[0].group().lower() in _FUNCTION:
        words = words[1:]
    while words and words[-1].group().lower() in _FUNCTION:
        words = words[:-1]
    if not words:
        return None
    return words[0].start(), words[-1].end(), best[5]
