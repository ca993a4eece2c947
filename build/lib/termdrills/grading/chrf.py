"""chrF, computed exactly as sacreBLEU 2.6.0's ``sacrebleu.metrics.CHRF()`` with its defaults.

Defaults: character n-grams of order 1–6, no word n-grams, β = 2, case-sensitive,
white space removed before counting. For one hypothesis and its references:

1. Remove every white-space character (Python's ``str.split()`` sense, which
   includes the ideographic space U+3000) from both texts.
2. For n = 1…6 count the character n-grams of each text (a multiset).
3. For each reference and each order n, three numbers:
   ``hyp`` = the hypothesis's n-gram count, or 0 when the reference has no n-gram of
   that order; ``ref`` = the reference's count; ``match`` = Σ over the hypothesis's
   n-grams of min(its count, the same n-gram's count in the reference).
4. Effective orders are those with hyp > 0 and ref > 0. Over them,
   P = mean of match/hyp and R = mean of match/ref (P = R = 0 when there is none).
5. chrF = 100·(1+β²)·P·R / (β²·P + R), or 0 when P + R = 0.
6. Several references: the one whose chrF is highest wins (the first on a tie).

`chrf` is the sentence-level score sacreBLEU's ``sentence_score`` gives; `tests/
test_chrf_py.py` checks it against sacreBLEU itself. The arithmetic follows
sacreBLEU's order of operations, so the floats agree exactly, not just closely.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

__all__ = ["BETA", "CHAR_ORDER", "chrf", "chrf_stats", "ngrams", "score_from_stats"]

CHAR_ORDER = 6
BETA = 2

#: The n-gram counts of one text, orders 1…CHAR_ORDER.
Ngrams = list[Counter[str]]


def ngrams(text: str, order: int = CHAR_ORDER) -> Ngrams:
    """Character n-gram counts of `text` for n = 1…order, white space removed first."""
    line = "".join(text.split())
    return [Counter([line[i:i + n] for i in range(len(line) - n + 1)])
            for n in range(1, order + 1)]


def _match(hyp: Counter[str], ref: Counter[str]) -> list[int]:
    match_count = hyp_count = 0
    for gram, count in hyp.items():
        hyp_count += count
        if gram in ref:
            match_count += min(count, ref[gram])
    return [hyp_count if ref else 0, sum(ref.values()), match_count]


def score_from_stats(stats: Sequence[int], beta: int = BETA) -> float:
    """chrF (0–100) from the flat [hyp, ref, match] × order statistics."""
    eps = 1e-16
    factor = beta ** 2
    avg_prec = avg_rec = 0.0
    effective_order = 0
    for i in range(len(stats) // 3):
        n_hyp, n_ref, n_match = stats[3 * i: 3 * i + 3]
        prec = n_match / n_hyp if n_hyp > 0 else eps
        rec = n_match / n_ref if n_ref > 0 else eps
        if n_hyp > 0 and n_ref > 0:
            avg_prec += prec
            avg_rec += rec
            effective_order += 1
    if effective_order == 0:
        avg_prec = avg_rec = 0.0
    else:
        avg_prec /= effective_order
        avg_rec /= effective_order
    if avg_prec + avg_rec:
        score = (1 + factor) * avg_prec * avg_rec
        score /= (factor * avg_prec) + avg_rec
        return 100 * score
    return 0.0


def chrf_stats(hypothesis: str | Ngrams, references: Sequence[str | Ngrams],
               ) -> tuple[list[int], int]:
    """The statistics of the best reference and that reference's index.

    Hypothesis and references may be given as text or as `ngrams(...)` (to count a
    reference once when many answers are scored against it). Needs one reference.
    """
    if not references:
        raise ValueError("chrF needs at least one reference")
    hyp = ngrams(hypothesis) if isinstance(hypothesis, str) else hypothesis
    best: list[int] = []
    best_index = 0
    best_score = -1.0
    for index, reference in enumerate(references):
        ref = ngrams(reference) if isinstance(reference, str) else reference
        stats: list[int] = []
        for h, r in zip(hyp, ref):
            stats.extend(_match(h, r))
        score = score_from_stats(stats)
        if score > best_score:
            best_score, best, best_index = score, stats, index
    return best, best_index


def chrf(hypothesis: str | Ngrams, references: str | Ngrams | Sequence[str | Ngrams]) -> float:
    """Sentence-level chrF of `hypothesis` against one reference or the best of several."""
    refs: Sequence[str | Ngrams]
    if isinstance(references, str) or (references and isinstance(references[0], Counter)):
        refs = [references]  # type: ignore[list-item]
    else:
        refs = references  # type: ignore[assignment]
    stats, _ = chrf_stats(hypothesis, refs)
    return score_from_stats(stats)
