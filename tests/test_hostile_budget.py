"""Nothing hangs: every regular expression and loop applied to user text is linear.

Each case is a 100 KB string built to make a backtracking pattern or a quadratic loop
blow up (runs of dots, spaces, quote marks, "is", joiners, '|' …), fed to the Python
that reads user text: the English and Chinese answer keys, the formula guard, the URL
check, the glossary checker, the grader's segmenter and analysis, the importer. Each
must finish within a fixed budget (1 s; a quadratic one takes from seconds to
minutes), the best of two runs so a busy machine does not fail it. The drills'
JavaScript has the same cases in tests/js/hostile_text.test.mjs.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from termdrills.glossary import check_text
from termdrills.grading.segment import split
from termdrills.text.normalize import en_key, find_phrase, zh_key
from termdrills.text.safe import formula_start, web_url

N = 100_000
BUDGET = 1.0
ROOT = Path(__file__).resolve().parent.parent


def seconds(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
        if best < BUDGET:
            break
    return best


def glossary(**cells: str) -> str:
    row = {"id": "state-council", "zh": "国务院", "en": "State Council", "lesson": "gov",
           "alt_en": "", "alt_source": "", "note": "", "source_url": "https://a.cn/",
           "example_zh": "", "example_en": "", **cells}
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return buf.getvalue()


CASES: dict[str, Callable[[], object]] = {
    "en_key: a, 100,000 full stops, a": lambda: en_key("a" + "." * N + "a"),
    "en_key: 100,000 full-width !": lambda: en_key("！" * N),
    "en_key: 100,000 spaces inside": lambda: en_key("a" + " " * N + "b"),
    "en_key: 'is' 50,000 times": lambda: en_key("is" * (N // 2)),
    "en_key: -ise after 40 letters, repeated": lambda: en_key(("ab" * 20 + "is") * (N // 42)),
    "en_key: 'the ' 25,000 times": lambda: en_key("the " * (N // 4)),
    "en_key: 100,000 hyphens": lambda: en_key("-" * N),
    "zh_key: punctuation around a term": lambda: zh_key("！" * N + "政务" + "。" * N),
    "formula guard: 100,000 quote marks": lambda: formula_start('"' * N + "=1"),
    "formula guard: 100,000 spaces": lambda: formula_start(" \u3000" * (N // 2) + "=1"),
    "URL check: a 100 KB host name": lambda: web_url("https://" + "a." * (N // 2)),
    "find_phrase: a near-match repeated": lambda: find_phrase("a " * (N // 2) + "b",
                                                              ["a a a a a a a a c"]),
    "checker: a 100 KB source_url": lambda: check_text(glossary(
        source_url="https://" + "a." * (N // 2))),
    "checker: 100,000 '|' in alt_en": lambda: check_text(glossary(alt_en="|" * N,
                                                                  alt_source="x")),
    "checker: 50,000 alternatives": lambda: check_text(glossary(
        alt_en="a|" * (N // 2) + "a", alt_source="|".join(["https://a.cn/"] * (N // 2 + 1)))),
    "checker: ASCII commas in Chinese": lambda: check_text(glossary(zh="国," * (N // 2))),
    "checker: 100,000 joiners": lambda: check_text(glossary(note="\u200d" * N)),
    "checker: emoji and joiners": lambda: check_text(glossary(note="👩\u200d" * (N // 2))),
    "checker: quote marks then a formula": lambda: check_text(glossary(note='"' * N + "=1")),
    "grader segments: a, 100,000 full stops, a": lambda: split(
        "a" + "." * N + "a", 0, N + 2, "clause", chinese=False),
    "grader segments: full stops then spaces": lambda: split(
        "." * N + " " * N + "a", 0, 2 * N + 1, "sentence", chinese=False),
    "grader segments: ! then closing brackets": lambda: split(
        "!" * N + ")" * N + "a", 0, 2 * N + 1, "sentence", chinese=False),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_linear_on_hostile_text(name: str) -> None:
    took = seconds(CASES[name])
    assert took < BUDGET, f"{name}: {took:.2f} s"


@pytest.fixture(scope="module")
def passage():  # type: ignore[no-untyped-def]
    from termdrills.grading.grade import prepare

    return prepare(ROOT / "tests" / "fixtures" / "grading" / "knowledge.toml")[2]


@pytest.mark.parametrize("answer", [
    "a" + "." * 20_000 + "a", "." * 10_000 + " " * 10_000 + "a", "!" * 10_000 + ")" * 10_000,
    "Optimize" + " " * 20_000 + "services", ", " * 10_000, "the " * 5_000],
    ids=["dots", "dots-then-spaces", "bangs-then-closers", "spaces", "commas", "articles"])
def test_the_grader_analyses_a_hostile_answer_quickly(passage, answer: str) -> None:  # type: ignore[no-untyped-def]
    """A student's answer of 20,000 characters (the most `grade` reads)."""
    from termdrills.grading.analysis import analyse

    took = seconds(lambda: analyse(passage, answer))
    assert took < 2 * BUDGET, f"{took:.2f} s"


def test_import_is_linear_in_related_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 related-term pairs whose English is the same: every id made unique
    (same-term, same-term-2 … same-term-20000) without a quadratic search. Pinyin is
    left out (it costs the same per row either way)."""
    from termdrills.authoring import article as importers

    monkeypatch.setattr(importers, "to_pinyin", lambda zh: "")
    related = "".join(f"相关词汇第{i}号\nsame term\n" for i in range(20_000))
    text = ("每日一词∣优化政务服务optimize government services\n\n中国日报网 2022-03-03\n\n"
            f"【相关词汇】\n{related}\n版权说明\n")
    rows: list[dict[str, str]] = []

    def run() -> None:
        rows[:] = importers.article_rows(importers.parse_article(text))

    took = seconds(run)
    assert took < 4 * BUDGET, f"{took:.2f} s"
    assert len({r["id"] for r in rows}) == len(rows) == 20_001
    assert rows[-1]["id"] == "same-term-20000"
