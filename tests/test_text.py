"""termdrills.text.normalize: the phrase search shared by cloze drills, worksheets and the
sentence drill's term check."""

from __future__ import annotations

from termdrills.exports.worksheet import blank as _blank
from termdrills.text.normalize import find_phrase

SENTENCE = "We will remove barriers to modernize China’s governance  system and capacity."


def test_longest_phrase_wins_as_whole_words_with_curly_apostrophes() -> None:
    found = find_phrase(SENTENCE, ["governance system", "China's governance system and capacity"])
    assert found is not None
    assert SENTENCE[found.start():found.end()] == "China’s governance  system and capacity"
    assert find_phrase(SENTENCE, ["govern"]) is None  # part of a word is not a match
    assert find_phrase(SENTENCE, ["", "   "]) is None


def test_worksheet_blanks_what_the_drills_blank() -> None:
    blanked, answer = _blank(SENTENCE, ["modernize China's governance system and capacity"])
    assert answer == "modernize China’s governance  system and capacity"
    assert blanked.startswith("We will remove barriers to ") and blanked.endswith(".")
    assert "governance" not in blanked


# --------------------------------------------------------------------------- the one key

import json
import time
from pathlib import Path

import pytest

from termdrills.text.normalize import en_key, zh_key

CASES = json.loads((Path(__file__).parent / "data" / "en_key_cases.json").read_text("utf-8"))


@pytest.mark.parametrize(("text", "key", "what"), CASES["en"], ids=[c[2] for c in CASES["en"]])
def test_en_key_table(text: str, key: str, what: str) -> None:
    """The same table runs in node against the front end's normaliseEn."""
    assert en_key(text) == key
    assert en_key(key) == key  # a fixed point


@pytest.mark.parametrize(("text", "key", "what"), CASES["en_keep_article"])
def test_en_key_keeping_the_article(text: str, key: str, what: str) -> None:
    assert en_key(text, keep_article=True) == key


@pytest.mark.parametrize(("text", "key", "what"), CASES["zh"])
def test_zh_key_table(text: str, key: str, what: str) -> None:
    assert zh_key(text) == key


def test_keys_are_linear_on_hostile_text() -> None:
    budget = time.perf_counter()
    for text in ("a" + "." * 100_000 + "a", "！" * 100_000, " " * 100_000 + "x",
                 "is" * 50_000, "a-" * 50_000):
        en_key(text)
        zh_key(text)
    assert time.perf_counter() - budget < 2.0


GRADING = json.loads((Path(__file__).parent / "data" / "grading_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", GRADING["cases"], ids=[c[5] for c in GRADING["cases"]])
def test_grading_table_right_answers_are_en_key_equal(case: list) -> None:  # type: ignore[type-arg]
    """The typed-answer table node runs against `grade`: here, its rule for "right" (equal
    to an accepted form once normalised, British spelling included) against `en_key`."""
    typed, term, verdict = case[0], case[1], case[2]
    right = en_key(typed) in {en_key(a) for a in term["accepted"]}
    assert right == (verdict == "right")
