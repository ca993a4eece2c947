"""Aligning a Chinese passage with one or more English versions, clause by clause.

One procedure, `align_units`, is applied three times, from the coarse level to the
fine: paragraphs, then the sentences inside each aligned group of paragraphs, then
the clauses inside each aligned group of sentences. At each level, for each English
version separately:

1. Anchors: a term whose Chinese occurs k times in the group and whose English
   (any form, deprecated included) occurs k times in the English gives k anchors
   (i-th with i-th): (Chinese unit, English unit) pairs. Keep the longest chain
   that increases on both sides (first found on a tie).
2. Walk the chain; before each anchor, and after the last, is a gap: as many
   Chinese as English units → paired 1:1 ("pair"); both sides non-empty but
   unequal → one group ("merged"); one side empty → its units join the group
   before (or, at the start, the one after). Each anchor is a group ("anchor").
   So equal counts with no contrary anchor give 1:1, and no anchor with unequal
   counts gives one group: the whole unit pair.
3. With a reference and an answer, a Chinese boundary is kept only where both
   versions have it; each English side takes the units of its groups in between.

How it degrades: a translation that merges or splits sentences gets the affected
sentences (between the nearest anchors) compared as one segment; a missing line
break in a multi-paragraph answer makes the paragraphs one group, inside which
sentences and clauses are still aligned; with no term found and unequal counts the
whole sentence (or paragraph, or passage) is one row. `describe` says which.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from termdrills.grading.forms import Span
from termdrills.grading.segment import LEVELS, split

__all__ = ["Aligned", "Row", "Side", "align", "align_units"]

Range = tuple[int, int]


@dataclass
class Side:
    """A text with the terms found in it."""

    text: str
    spans: list[Span]
    chinese: bool = False

    @property
    def protected(self) -> list[Range]:
        return [(s.start, s.end) for s in self.spans]


@dataclass
class Row:
    zh: Range
    en: dict[str, Range]
    how: str  # pair | anchor | merged


@dataclass
class Aligned:
    """A sentence-level segment and its clause-level rows."""

    zh: Range
    en: dict[str, Range]
    how: str
    rows: list[Row] = field(default_factory=list)


def _chain(anchors: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain increasing in both coordinates (first found on a tie)."""
    if not anchors:
        return []
    length = [1] * len(anchors)
    prev = [-1] * len(anchors)
    for k, (i, j) in enumerate(anchors):
        for m in range(k):
            if anchors[m][0] < i and anchors[m][1] < j and length[m] + 1 > length[k]:
                length[k], prev[k] = length[m] + 1, m
    k = length.index(max(length))
    chain = []
    while k != -1:
        chain.append(anchors[k])
        k = prev[k]
    return chain[::-1]


def align_units(nz: int, ne: int, anchors: Sequence[tuple[int, int]],
                ) -> list[tuple[int, int, int, int, str]]:
    """Groups (zh_start, zh_end, en_start, en_end, how) covering nz Chinese and ne
    English units in order (see the module doc, step 2)."""
    groups: list[list] = []
    carry: tuple[int, int] | None = None
    pz = pe = 0

    def add(zs: int, ze: int, es: int, ee: int, how: str) -> None:
        nonlocal carry
        if carry is not None:
            zs, es, how, carry = carry[0], carry[1], "merged", None
        groups.append([zs, ze, es, ee, how])

    for i, j in [*_chain(sorted(set(anchors))), (nz, ne)]:
        gz, ge = i - pz, j - pe
        if gz == ge:
            for k in range(gz):
                add(pz + k, pz + k + 1, pe + k, pe + k + 1, "pair")
        elif gz and ge:
            add(pz, i, pe, j, "merged")
        elif groups:
            groups[-1][1], groups[-1][3], groups[-1][4] = i, j, "merged"
        elif carry is None:
            carry = (pz, pe)
        if (i, j) != (nz, ne):
            add(i, i + 1, j, j + 1, "anchor")
            pz, pe = i + 1, j + 1
    if carry is not None:
        groups.append([carry[0], nz, carry[1], ne, "merged"])
    return [tuple(g) for g in groups]  # type: ignore[misc]


def _anchors(zh: Side, zh_units: list[Range], en: Side, en_units: list[Range],
             ) -> list[tuple[int, int]]:
    def occurrences(side: Side, units: list[Range]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for span in side.spans:
            for index, (a, b) in enumerate(units):
                if a <= span.start < b:
                    found.setdefault(span.term, []).append(index)
                    break
        return found

    zh_occ, en_occ = occurrences(zh, zh_units), occurrences(en, en_units)
    pairs = []
    for term, zs in zh_occ.items():
        es = en_occ.get(term, [])
        if len(es) == len(zs):
            pairs.extend(zip(zs, es))
    return pairs


def _units(side: Side, rng: Range, level: str) -> list[Range]:
    if not side.text[rng[0]:rng[1]].strip():
        return []
    return split(side.text, rng[0], rng[1], level, chinese=side.chinese,
                 protected=side.protected)


def _level(zh: Side, en: Mapping[str, Side], zh_rng: Range, en_rngs: Mapping[str, Range],
           depth: int) -> list[Aligned]:
    level = LEVELS[depth]
    zh_units = _units(zh, zh_rng, level) or [zh_rng]
    nz = len(zh_units)
    cuts = set(range(1, nz))
    per_side: dict[str, tuple[list[Range], list[tuple[int, int, int, int, str]]]] = {}
    for name, side in en.items():
        units = _units(side, en_rngs[name], level)
        groups = align_units(nz, len(units), _anchors(zh, zh_units, side, units))
        per_side[name] = (units, groups)
        cuts &= {g[1] for g in groups[:-1]}
    bounds = [0, *sorted(cuts), nz]
    out: list[Aligned] = []
    for a, b in itertools.pairwise(bounds):
        seg_zh = (zh_units[a][0], zh_units[b - 1][1])
        seg_en: dict[str, Range] = {}
        hows = set()
        for name, (units, groups) in per_side.items():
            inside = [g for g in groups if a <= g[0] and g[1] <= b]
            es, ee = inside[0][2], inside[-1][3]
            hows.add(inside[0][4] if len(inside) == 1 else "merged")
            if es < ee:
                seg_en[name] = (units[es][0], units[ee - 1][1])
            else:
                at = units[es][0] if es < len(units) else en_rngs[name][1]
                seg_en[name] = (at, at)
        if b - a > 1 or "merged" in hows:
            how = "merged"
        else:
            how = "anchor" if "anchor" in hows else "pair"
        out.append(Aligned(seg_zh, seg_en, how))
    return out


def align(zh: Side, en: Mapping[str, Side]) -> list[Aligned]:
    """Sentence-level segments of the passage, each with its clause-level rows."""
    whole_zh = (0, len(zh.text))
    whole_en = {name: (0, len(side.text)) for name, side in en.items()}
    segments: list[Aligned] = []
    for para in _level(zh, en, whole_zh, whole_en, 0):
        for seg in _level(zh, en, para.zh, para.en, 1):
            seg.rows = [Row(r.zh, r.en, r.how) for r in _level(zh, en, seg.zh, seg.en, 2)]
            segments.append(seg)
    return segments
