"""Pinyin word division (GB/T 16159-2012): what fills a blank pinyin cell, and the
committed glossary's pinyin column, follow one rule."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from termdrills import load_glossary
from termdrills.text.chinese import HAN
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
    # leaders' names: surname and given name apart, both capitalised
    ("习近平法治思想", "Xí Jìnpíng fǎzhì sīxiǎng"),
    ("邓小平理论", "Dèng Xiǎopíng lǐlùn"),
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


def _plain(text: str) -> str:
    """Pinyin without tone marks, capitals, spaces, apostrophes, hyphens and punctuation."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)
                   and (ch.isalnum() or ch == "+")).casefold()


def _spells(zh: str, pinyin: str) -> bool:
    """Whether `pinyin` spells `zh` character by character: each Chinese character by
    one of its readings (heteronyms: 行 háng or xíng), other letters and digits as they
    are, punctuation dropped."""
    from pypinyin import Style
    from pypinyin import pinyin as readings

    wanted = _plain(pinyin)
    units: list[set[str]] = []
    for ch in zh:
        if HAN.match(ch):
            units.append({_plain(r) for r in readings(ch, style=Style.TONE, heteronym=True,
                                                      v_to_u=True)[0]})
        elif ch.isalnum() or ch == "+":
            units.append({_plain(ch)})
    reachable = {0}
    for options in units:
        reachable = {i + len(o) for i in reachable for o in options
                     if wanted.startswith(o, i)}
    return len(wanted) in reachable


def test_committed_pinyin_spells_each_character() -> None:
    """Every row's pinyin spells its Chinese, syllable by syllable (a reviewer may correct
    what `to_pinyin` writes: its tones, capitals and word division follow jieba, which
    cuts 碳中和 as 碳中 + 和 and reads 亚投行 as tóuxíng)."""
    g = load_glossary(ROOT / "glossary.csv")
    wrong = {t.zh: t.pinyin for t in g if not _spells(t.zh, t.pinyin)}
    assert not wrong, wrong


def test_the_spelling_check_finds_a_wrong_syllable() -> None:
    assert _spells("亚投行", "yà tóuháng") and _spells("互联网+政务服务", "hùliánwǎng + zhèngwù fúwù")
    assert not _spells("政务服务", "zhèngfǔ fúwù") and not _spells("政务服务", "zhèngwù")
