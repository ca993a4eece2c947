"""Term-aware feedback on one translation of a passage, as a JSON-able dict.

`analyse(passage, answer)` with `passage = prepare_passage(chinese, terms, ...)`
returns the dict below; the grader's report, the aligned view (`view.py`) and a
drill's front end all render this same dict. Recipe (each step is documented in its
module, all plain string and regular-expression work):

1. Terms: the glossary terms of the passage's lessons whose Chinese occurs in it
   (`forms.find_zh`), numbered n = 1, 2, … by first occurrence; colour = (n−1) mod 8.
2. Their forms are found in the answer and the reference (`forms.find_en`).
3. The best official reference is the one with the highest chrF against the whole
   answer (`termdrills.grading.chrf`); without one, the course's model translation takes its
   column and there is no chrF.
4. Alignment of Chinese, reference and answer (`align.align`): sentence-level
   segments (chrF of each answer segment against the reference's) and clause rows.
5. Per term: the forms the answer used → verdict deprecated (any deprecated form
   used) > preferred > accepted > missing; inconsistent when forms of two different
   groups were used (each form is its own group, except that an assignment's
   accepted forms join the preferred form's); for a missing term, a candidate
   rendering (`candidates.py`).
6. Score (0–100) = 100 · Σ wᵢ·partᵢ / Σ wᵢ over the parts that exist: chrf =
   overall chrF/100 (official reference only); terms = mean credit of the terms
   that count (credit by verdict; a term counts when the reference or model renders
   it or the answer used any form of it); consistency = share of the terms the
   answer rendered that it rendered one way. No part → 0.

The dict (``version`` 1)::

    {"schema": "termdrills-analysis", "version": 1,
     "reference": {"kind": "official" | "model" | "none", "index": int | null},
     "chrf": float | null,                      # whole answer, best reference
     "score": {"total": float, "parts": {"chrf"|"terms"|"consistency": float | null},
               "weights": {...}},
     "terms": [{"n", "id", "zh", "en", "colour", "occurrences",
                "accepted": [str], "deprecated": [{"form", "note"}],
                "verdict": "preferred" | "accepted" | "deprecated" | "missing",
                "counts": bool, "credit": float | null, "consistent": bool,
                "used": [{"form", "tier", "text", "count"}],   # text: as first written
                "note": str,                                  # why deprecated
                "rendering": str, "rendering_kind": "form" | "candidate" | "none",
                "reference": {"tier", "text"} | null}],
     "segments": [{"chrf": float | null, "how": "pair" | "anchor" | "merged",
                   "rows": [{"how", "zh": [run], "reference": [run] | null,
                             "answer": [run]}]}],
     "alignment": {"level": "sentence" | "paragraph" | "passage", "notes": [str]}}

A run is ``{"text": str}`` or ``{"text": str, "term": n, "kind": k}`` with k "zh",
"preferred", "accepted", "deprecated" or "candidate". Texts are plain text: a
renderer escapes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from termdrills.grading.align import Aligned, Side, align
from termdrills.grading.candidates import candidate
from termdrills.grading.chrf import Ngrams, chrf, chrf_stats, ngrams, score_from_stats
from termdrills.grading.forms import Span, TermForms, find_en, find_zh
from termdrills.grading.segment import split

__all__ = ["DEFAULT_CREDIT", "DEFAULT_WEIGHTS", "PALETTE", "Passage", "analyse", "bilingual",
           "prepare_passage"]

PALETTE = 8
DEFAULT_WEIGHTS = {"chrf": 0.5, "terms": 0.4, "consistency": 0.1}
DEFAULT_CREDIT = {"preferred": 1.0, "accepted": 1.0, "deprecated": 0.0, "missing": 0.0}


@dataclass
class Passage:
    """What every answer to one passage shares, computed once."""

    zh: Side
    terms: list[TermForms]
    occurrences: list[int]
    references: list[Side]
    reference_ngrams: list[Ngrams]
    model: Side | None
    form_ngrams: list[list[Ngrams]]
    weights: dict[str, float]
    credit: dict[str, float]


def prepare_passage(chinese: str, terms: Sequence[TermForms], *,
                    references: Sequence[str] = (), model: str = "",
                    weights: Mapping[str, float] | None = None,
                    credit: Mapping[str, float] | None = None) -> Passage:
    """The passage's terms (those of `terms` found in `chinese`), references and model."""
    spans = find_zh(chinese, terms)
    order = list(dict.fromkeys(s.term for s in spans))
    found = [terms[i] for i in order]
    index = {old: new for new, old in enumerate(order)}
    zh = Side(chinese, [Span(s.start, s.end, index[s.term]) for s in spans], chinese=True)
    occurrences = [sum(s.term == i for s in zh.spans) for i in range(len(found))]
    refs = [Side(r, find_en(r, found)) for r in references if r.strip()]
    return Passage(zh, found, occurrences, refs, [ngrams(r.text) for r in refs],
                   Side(model, find_en(model, found)) if model.strip() else None,
                   [[ngrams(f.text.lower()) for f in t.forms] for t in found],
                   {**DEFAULT_WEIGHTS, **(weights or {})}, {**DEFAULT_CREDIT, **(credit or {})})


def _runs(side: Side, rng: tuple[int, int], extra: Sequence[Span] = (),
          extra_kind: str = "candidate") -> list[dict[str, object]]:
    start, end = rng
    text = side.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    marks = sorted([(s, s.form.tier if s.form else "zh") for s in side.spans]
                   + [(s, extra_kind) for s in extra], key=lambda x: x[0].start)
    runs: list[dict[str, object]] = []
    pos = start
    for span, kind in marks:
        if span.start < pos or span.end > end:
            continue
        if span.start > pos:
            runs.append({"text": text[pos:span.start]})
        runs.append({"text": text[span.start:span.end], "term": span.term + 1, "kind": kind})
        pos = span.end
    if pos < end:
        runs.append({"text": text[pos:end]})
    return runs


def _sentence_starts(side: Side) -> list[int]:
    starts = []
    for a, b in split(side.text, 0, len(side.text), "paragraph", chinese=side.chinese):
        if side.text[a:b].strip():
            starts += [s for s, _ in split(side.text, a, b, "sentence", chinese=side.chinese,
                                           protected=side.protected)]
    return starts


def _numbers(starts: list[int], rng: tuple[int, int]) -> list[int]:
    return [i + 1 for i, s in enumerate(starts) if rng[0] <= s < rng[1]]


def _span_text(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def _notes(passage: Passage, sides: Mapping[str, Side], segments: list[Aligned],
           ) -> tuple[str, list[str]]:
    zh_starts = _sentence_starts(passage.zh)
    paragraphs = [a for a, b in split(passage.zh.text, 0, len(passage.zh.text), "paragraph",
                                      chinese=True) if passage.zh.text[a:b].strip()]
    en_starts = {name: _sentence_starts(side) for name, side in sides.items()}
    level, notes = "sentence", []
    for seg in segments:
        zh_n = _numbers(zh_starts, seg.zh)
        if sum(seg.zh[0] <= p < seg.zh[1] for p in paragraphs) > 1:
            level = "passage"
        elif len(zh_n) > 1 and level == "sentence":
            level = "paragraph"
        for name in sides:
            en_n = _numbers(en_starts[name], seg.en[name])
            if len(zh_n) > 1 or len(en_n) != 1:
                theirs = f"sentence(s) {_span_text(en_n)}" if en_n else "nothing"
                notes.append(f"Chinese sentence(s) {_span_text(zh_n)} and the {name}'s "
                             f"{theirs}: compared as one segment (sentences are not 1:1).")
    return level, list(dict.fromkeys(notes))


def analyse(passage: Passage, answer: str) -> dict[str, object]:
    """The feedback on one answer (the dict in the module doc)."""
    terms = passage.terms
    ans = Side(answer, find_en(answer, terms))
    overall = ref_index = None
    ref: Side | None = None
    if passage.references:
        stats, ref_index = chrf_stats(answer, passage.reference_ngrams)
        overall = score_from_stats(stats)
        ref = passage.references[ref_index]
        kind = "official"
    elif passage.model is not None:
        ref, kind = passage.model, "model"
    else:
        kind = "none"
    sides = {"reference": ref, "answer": ans} if ref is not None else {"answer": ans}
    segments = align(passage.zh, sides)
    level, notes = _notes(passage, sides, segments)

    taken = [(s.start, s.end) for s in ans.spans]
    term_out, candidates = [], []
    for i, term in enumerate(terms):
        used: dict[str, dict[str, object]] = {}
        for s in ans.spans:
            if s.term == i and s.form is not None:
                entry = used.setdefault(s.form.text, {"form": s.form.text, "tier": s.form.tier,
                                                      "text": answer[s.start:s.end], "count": 0})
                entry["count"] = int(entry["count"]) + 1  # type: ignore[call-overload]
        tiers = {u["tier"] for u in used.values()}
        verdict = next((t for t in ("deprecated", "preferred", "accepted") if t in tiers),
                       "missing")
        ref_span = next((s for s in ref.spans if s.term == i), None) if ref else None
        counts = ref is None or ref_span is not None or bool(used)
        rendering, rendering_kind = "", "none"
        if used:
            rendering, rendering_kind = str(next(iter(used.values()))["text"]), "form"
        else:
            rows = [r for seg in segments for r in seg.rows
                    if any(r.zh[0] <= s.start < r.zh[1] for s in passage.zh.spans if s.term == i)]
            found = candidate(answer, [r.en["answer"] for r in rows], taken,
                              [f.text for f in term.forms], passage.form_ngrams[i])
            if found:
                rendering, rendering_kind = answer[found[0]:found[1]], "candidate"
                candidates.append(Span(found[0], found[1], i))
                taken.append((found[0], found[1]))
        notes_dep = [f"{u['text']}: {f.note}" if f.note else str(u["text"])
                     for f in term.forms for u in used.values()
                     if f.tier == "deprecated" and u["form"] == f.text]
        term_out.append({
            "n": i + 1, "id": term.id, "zh": term.zh, "en": term.en, "colour": i % PALETTE,
            "occurrences": passage.occurrences[i],
            "accepted": [f.text for f in term.tier_forms("accepted")],
            "deprecated": [{"form": f.text, "note": f.note} for f in term.tier_forms("deprecated")],
            "verdict": verdict, "counts": counts,
            "credit": passage.credit[verdict] if counts else None,
            "consistent": len({f.group for f in term.forms if f.text in used}) <= 1,
            "used": list(used.values()),
            "note": "; ".join(notes_dep), "rendering": rendering,
            "rendering_kind": rendering_kind,
            "reference": ({"tier": ref_span.form.tier, "text": ref.text[ref_span.start:ref_span.end]}
                          if ref and ref_span and ref_span.form else None),
        })

    seg_out = []
    for seg in segments:
        seg_chrf = None
        if kind == "official" and ref is not None:
            r_text = ref.text[seg.en["reference"][0]:seg.en["reference"][1]]
            a_text = answer[seg.en["answer"][0]:seg.en["answer"][1]]
            seg_chrf = chrf(a_text, r_text) if r_text.strip() else None
        seg_out.append({"chrf": seg_chrf, "how": seg.how, "rows": [{
            "how": row.how, "zh": _runs(passage.zh, row.zh),
            "reference": _runs(ref, row.en["reference"]) if ref is not None else None,
            "answer": _runs(ans, row.en["answer"], candidates)} for row in seg.rows]})

    rendered = [t for t in term_out if t["used"]]
    counted = [t for t in term_out if t["counts"]]
    parts = {
        "chrf": overall / 100 if overall is not None else None,
        "terms": (sum(t["credit"] for t in counted) / len(counted)) if counted else None,
        "consistency": (sum(t["consistent"] for t in rendered) / len(rendered))
        if rendered else None,
    }
    present = {k: w for k, w in passage.weights.items() if parts.get(k) is not None}
    weight = sum(present.values())
    total = 100 * sum(w * parts[k] for k, w in present.items()) / weight if weight else 0.0
    return {
        "schema": "termdrills-analysis", "version": 1,
        "reference": {"kind": kind, "index": ref_index}, "chrf": overall,
        "score": {"total": total, "parts": parts, "weights": dict(passage.weights)},
        "terms": term_out, "segments": seg_out,
        "alignment": {"level": level, "notes": notes},
    }


def bilingual(passage: Passage) -> dict[str, object]:
    """The passage aligned with its first official reference (else its model) alone:
    the analysis dict's ``reference``, ``terms`` (no verdicts), ``segments`` (no
    answer, no chrF) and ``alignment``."""
    ref = passage.references[0] if passage.references else passage.model
    kind = "official" if passage.references else ("model" if ref is not None else "none")
    sides = {"reference": ref} if ref is not None else {}
    segments = align(passage.zh, sides)
    level, notes = _notes(passage, sides, segments)
    terms = []
    for i, term in enumerate(passage.terms):
        span = next((s for s in ref.spans if s.term == i), None) if ref else None
        terms.append({"n": i + 1, "id": term.id, "zh": term.zh, "en": term.en,
                      "colour": i % PALETTE, "occurrences": passage.occurrences[i],
                      "reference": ({"tier": span.form.tier, "text": ref.text[span.start:span.end]}
                                    if ref and span and span.form else None)})
    return {
        "schema": "termdrills-analysis", "version": 1,
        "reference": {"kind": kind, "index": 0 if passage.references else None},
        "terms": terms, "alignment": {"level": level, "notes": notes},
        "segments": [{"chrf": None, "how": seg.how, "rows": [{
            "how": row.how, "zh": _runs(passage.zh, row.zh),
            "reference": _runs(ref, row.en["reference"]) if ref is not None else None,
            "answer": None} for row in seg.rows]} for seg in segments],
    }
