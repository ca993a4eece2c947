"""termdrills.grading.chrf against sacreBLEU 2.6.0 itself (the oracle; requirements-test.txt)."""

from __future__ import annotations

import random

import pytest

from termdrills.grading.chrf import chrf, chrf_stats, ngrams

sacrebleu = pytest.importorskip("sacrebleu", reason="sacrebleu (requirements-test.txt) "
                                "is the oracle for chrF")
CHRF = sacrebleu.metrics.CHRF()

REFERENCE = ("The government needs to transform its functions, further streamline "
             "administration and delegate powers, develop new ways of regulation and "
             "supervision, and strengthen its credibility and administrative capacity.")
ZH = "转变政府职能，深化简政放权，创新监管方式，增强政府公信力和执行力。"
ALPHABET = "abcAB .,;'’-é政务服务平台，。、！ \u3000\t"


def _pairs() -> list[tuple[str, list[str]]]:
    rng = random.Random(16)
    pairs: list[tuple[str, list[str]]] = [
        ("", [""]), ("", ["a"]), ("a", [""]), ("a", ["a"]), ("ab", ["ba"]),
        ("   ", ["a b"]), ("A", ["a"]), ("。", ["，"]), ("政务", ["政务服务"]),
        (REFERENCE, [REFERENCE]), (REFERENCE.lower(), [REFERENCE]), (ZH, [ZH]),
        (ZH[:7], [ZH]), ("transform government functions", [REFERENCE]),
        ("streamline administration", ["streamline administration and delegate powers",
                                       "streamlining government"]),
        ("x", ["x", "x"]), ("same", ["other", "same", "same"]),
    ]
    words = REFERENCE.split()
    for _ in range(80):  # 1–5 character answers, mixed scripts and punctuation
        hyp = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 5)))
        refs = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
                for _ in range(rng.randint(1, 3))]
        pairs.append((hyp, refs))
    for _ in range(60):  # sentence-length answers: dropped, repeated and swapped words
        hyp_words = [w for w in words if rng.random() > 0.3]
        if hyp_words and rng.random() < 0.5:
            i, j = rng.randrange(len(hyp_words)), rng.randrange(len(hyp_words))
            hyp_words[i], hyp_words[j] = hyp_words[j], hyp_words[i]
        refs = [REFERENCE] + [" ".join(rng.sample(words, k=rng.randint(1, len(words))))
                              for _ in range(rng.randint(0, 2))]
        pairs.append((" ".join(hyp_words), refs))
    for _ in range(60):  # Chinese: cuts, repeats, full-width punctuation and spaces
        start = rng.randrange(len(ZH))
        hyp = ZH[start:start + rng.randint(1, 20)] * rng.randint(1, 2)
        refs = [ZH] + [ZH[rng.randrange(len(ZH)):] for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.3:
            hyp = hyp.replace("，", " \u3000")
        pairs.append((hyp, refs))
    return pairs


PAIRS = _pairs()


def test_enough_pairs() -> None:
    assert len(PAIRS) >= 200


@pytest.mark.parametrize("index", range(len(PAIRS)))
def test_chrf_equals_sacrebleu(index: int) -> None:
    hyp, refs = PAIRS[index]
    assert chrf(hyp, refs) == CHRF.sentence_score(hyp, refs).score


def test_precounted_references_give_the_same_score() -> None:
    refs = [REFERENCE, "The government must transform its functions."]
    counted = [ngrams(r) for r in refs]
    hyp = "The government must transform government functions."
    assert chrf(hyp, counted) == chrf(hyp, refs) == CHRF.sentence_score(hyp, refs).score
    assert chrf_stats(hyp, refs)[1] == 1  # the closer reference wins


def test_one_reference_as_a_string_and_no_reference_refused() -> None:
    assert chrf("abc", "abc") == 100.0
    with pytest.raises(ValueError):
        chrf("abc", [])
