"""Pinyin word division (GB/T 16159-2012): what fills a blank pinyin cell, and the
committed glossary's pinyin column, follow one rule."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from termdrills import load_glossary
from termdrills.text.pinyin import to_pinyin

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("zh", "expected"), [
    # words joined, words separated
    ("优化政务服务", "yōuhuà zhèngwù fúwù"),
    # a one-syllable suffix joins the word before it, even when jieba cuts it off
    ("智慧化精准化个性化服务", "zhìhuìhuà jīngzhǔnhuà gèxìnghuà fúwù"),
    ("标准化规范化便利化", "biāozhǔnhuà guīfànhuà biànlìhuà"),
    ("服务型政府", "fúwùxíng zhèngfǔ"),
    ("告知承诺制", "gàozhī chéngnuòzhì"),
    ("政府公信力和执行力", "zhèngfǔ gōngxìnlì hé zhíxínglì"),
    ("全国一体化政务服务平台", "quánguó yītǐhuà zhèngwù fúwù píngtái"),
    # a four-character dictionary compound is written as its words
    ("简政放权", "jiǎnzhèng fàngquán"),
    ("政务服务平台", "zhèngwù fúwù píngtái"),
    # place and organisation names: each word capitalised; 第 + number hyphenated
    ("国务院", "Guówùyuàn"),
    ("中国共产党第十九次全国代表大会",
     "Zhōngguó Gòngchǎndǎng dì-shíjiǔ cì Quánguó Dàibiǎo Dàhuì"),
    ("中华人民共和国", "Zhōnghuá Rénmín Gònghéguó"),
    # apostrophe before a, o, e inside a word
    ("深层次体制机制障碍", "shēncéngcì tǐzhì jīzhì zhàng'ài"),
    ("西安", "Xī'ān"),
    # 线上 is a word here, not 线 + 上线 + 下
    ("线上线下", "xiànshàng xiànxià"),
    # non-Chinese text is kept, Chinese punctuation dropped
    ("互联网+政务服务", "hùliánwǎng + zhèngwù fúwù"),
    ("政务服务，", "zhèngwù fúwù"),
])
def test_word_division(zh: str, expected: str) -> None:
    assert to_pinyin(zh) == expected


def test_suffix_is_not_joined_to_non_chinese() -> None:
    assert to_pinyin("5G化") == "5G huà"


def _division(pinyin: str) -> str:
    """The pinyin without tone marks and capitals: what word division alone decides
    (jieba tags some common words as place names, 兴旺 or 美丽, and a capital a reviewer
    corrected by hand is not a division)."""
    decomposed = unicodedata.normalize("NFD", pinyin)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def test_committed_pinyin_follows_the_same_division() -> None:
    """Every row's pinyin divides words as to_pinyin does (tones and capitals may be
    corrected by hand: pypinyin reads 电子 as diànzi, the dictionary has diànzǐ)."""
    g = load_glossary(ROOT / "glossary.csv")
    wrong = {t.zh: (t.pinyin, to_pinyin(t.zh)) for t in g
             if _division(t.pinyin) != _division(to_pinyin(t.zh))}
    assert not wrong, wrong
