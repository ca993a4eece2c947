"""Cutting a text into paragraphs, sentences and clauses by its punctuation.

A unit is a [start, end) range of the whole text; the units of a range cover it
exactly (white space stays with the unit before it), so any run of units is again
a range. Cut points, each just after:

* paragraph: a line break;
* sentence, Chinese: 。！？!? and any closing quotes or brackets after them;
* sentence, English: . ! ? (closers allowed) followed by white space and then not a
  lower-case letter; not after Mr, Mrs, Ms, Dr, Prof, St, No, vs, e.g, i.e;
* clause: also after ，；：, ; : (Chinese: not , before a digit; English: only when
  white space follows), and English " — ".

A cut inside a found term is skipped (``intelligent, targeted and customized
services`` stays whole), and a unit of white space only joins the unit before it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

__all__ = ["LEVELS", "split"]

LEVELS = ("paragraph", "sentence", "clause")
_CLOSERS = "\"'”’」』）)》】\\]"
_ZH = {
    "sentence": re.compile(rf"[。！？!?]+[{_CLOSERS}]*"),
    "clause": re.compile(rf"[。！？!?]+[{_CLOSERS}]*|[，；：;:]|,(?!\d)"),
}
# A sentence end is tried only where a run of . ! ? begins (the look-behind): tried at
# every dot of "a" + 30,000 "." + "a", each attempt would scan the rest of the run, and
# a long answer would take seconds (quadratic); the ends found are the same.
_EN_END = rf"(?<![.!?])[.!?]+[{_CLOSERS}]*(?=\s+[^\sa-z]|\s*$)"
_EN = {
    "sentence": re.compile(_EN_END),
    "clause": re.compile(rf"{_EN_END}|[,;:](?=\s)|\s[—–](?=\s)"),
}
_ABBREVIATIONS = re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Dr|Prof|St|No|vs|e\.g|i\.e)\.\Z",
                            re.IGNORECASE)
_PARAGRAPH = re.compile(r"\n")


def split(text: str, start: int, end: int, level: str, *, chinese: bool,
          protected: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The units of text[start:end] at `level` (see the module doc)."""
    if level == "paragraph":
        pattern = _PARAGRAPH
    else:
        pattern = (_ZH if chinese else _EN)[level]
    cuts = [start]
    for m in pattern.finditer(text, start, end):
        cut = m.end()
        if not chinese and level != "paragraph" and text[m.start()] == "." \
                and _ABBREVIATIONS.search(text, max(start, m.start() - 5), m.start() + 1):
            continue
        if any(s < cut < e for s, e in protected):
            continue
        if start < cut < end:
            cuts.append(cut)
    cuts.append(end)
    units: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        if units and not text[a:b].strip():
            units[-1] = (units[-1][0], b)  # white space joins the unit before it
        elif units and not text[units[-1][0]:units[-1][1]].strip():
            units[-1] = (units[-1][0], b)  # a leading blank joins the next unit
        else:
            units.append((a, b))
    return units or [(start, end)]
