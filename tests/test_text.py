"""termdrills._text: the phrase search shared by cloze drills, worksheets and the
sentence drill's term check."""

from __future__ import annotations

from termdrills._text import find_phrase
from termdrills.exports.worksheet import _blank

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
