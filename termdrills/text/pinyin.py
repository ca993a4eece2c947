"""Pinyin for a Chinese term, written by the word-division rules of GB/T 16159-2012
(*Basic rules of the Chinese phonetic alphabet orthography*), the rule the
glossary's ``pinyin`` column follows too:

- tone marks; the syllables of one word are joined, words are separated by a
  space: ``优化政务服务`` → ``yōuhuà zhèngwù fúwù``;
- an apostrophe before a syllable that starts with a, o or e inside a word:
  ``障碍`` → ``zhàng'ài``;
- a one-syllable suffix is joined to the word before it: 化, 性, 型, 式, 制, 力
  (``智慧化`` → ``zhìhuìhuà``, ``服务型`` → ``fúwùxíng``, ``承诺制`` →
  ``chéngnuòzhì``, ``执行力`` → ``zhíxínglì``);
- a dictionary compound of four or more characters is written as the words it is
  made of (``服务平台`` → ``fúwù píngtái``, ``简政放权`` → ``jiǎnzhèng fàngquán``);
- names of places and organisations start each word with a capital
  (``国务院`` → ``Guówùyuàn``, ``中国共产党`` → ``Zhōngguó Gòngchǎndǎng``);
- an ordinal 第 is joined to its number by a hyphen, the measure word stays a word
  of its own (``第十九次`` → ``dì-shíjiǔ cì``).

Words come from jieba (a private tokenizer, so the site's search segmentation is
not changed) when it is installed (it is in requirements.txt); without it, each
character is a word and only the suffix rule applies. Word division is automatic:
a term jieba cuts badly needs its pinyin written in the glossary by hand.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable

from pypinyin import Style, pinyin

from termdrills.text.chinese import HAN

SUFFIXES = frozenset("化性型式制力")
"""One-syllable suffixes joined to the preceding word (GB/T 16159-2012)."""

PROPER_TAGS = frozenset({"ns", "nt"})
"""jieba part-of-speech tags of place and organisation names: capitalised."""

PERSONS = frozenset({
    "毛泽东", "周恩来", "刘少奇", "朱德", "邓小平", "陈云", "江泽民", "胡锦涛", "习近平",
    "李鹏", "朱镕基", "温家宝", "李克强", "李强", "王沪宁", "赵乐际", "蔡奇", "丁薛祥",
    "李希", "韩正", "王岐山", "王毅", "孙中山",
})
"""Personal names written as surname and given name apart, each capitalised (GB/T
16159-2012 6.2.1: 习近平 → Xí Jìnpíng): the leaders political texts name. jieba's name
tags cannot decide it (it tags 智慧, 承诺制 and 白皮书 as names); another name's pinyin is
written in the glossary by hand."""

COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙",
                               "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离",
                               "端木"})

# Policy words the general dictionary lacks (线上 would otherwise lose to 上线).
EXTRA_WORDS = {"线上": 1000}

_ORDINAL = re.compile(r"^第([零〇一二三四五六七八九十百千万两]+)(\w?)$")
_PUNCTUATION = frozenset("，、。；：！？“”《》（）")
_VOWEL_START = frozenset("aāáǎàoōóǒòeēéěè")

Segmenter = tuple[Callable[[str], list[str]], dict[str, int], dict[str, str]]


@functools.cache
def _segmenter() -> Segmenter | None:
    try:
        import jieba
        import jieba.posseg
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq in EXTRA_WORDS.items():
        tokenizer.add_word(word, freq)
    return tokenizer.lcut, tokenizer.FREQ, jieba.posseg.dt.word_tag_tab


def _split_compound(word: str, freq: dict[str, int]) -> list[str]:
    """A 4+-character dictionary word as the most dictionary words of 2+ characters."""
    if len(word) < 4:
        return [word]
    best: dict[int, list[str]] = {0: []}  # end index -> most words covering word[:end]
    for end in range(2, len(word) + 1):
        options = [[*best[start], word[start:end]] for start in range(end - 1)
                   if start in best and freq.get(word[start:end])]
        if options:
            best[end] = max(options, key=len)
    split = best.get(len(word), [word])
    return split if len(split) > 1 else [word]


def _words(zh: str) -> list[tuple[str, bool]]:
    """(word, is a proper name) pairs, after the GB/T 16159 division rules (a personal
    name is two words, surname and given name, both proper)."""
    seg = _segmenter()
    if seg is None:
        tokens: list[tuple[str, bool]] = [(ch, False) for ch in zh]
    else:
        cut, freq, tags = seg
        tokens = []
        for token in cut(zh):
            name = next((n for n in PERSONS if token.startswith(n)), None)
            if name is not None:  # 习近平, or a dictionary word that starts with a name
                cut_at = 2 if name[:2] in COMPOUND_SURNAMES else 1
                tokens += [(name[:cut_at], True), (name[cut_at:], True)]
                token = token[len(name):]
                if not token:
                    continue
            proper = tags.get(token) in PROPER_TAGS
            pieces = [token] if _ORDINAL.match(token) else _split_compound(token, freq)
            tokens += [(piece, proper) for piece in pieces]
    words: list[tuple[str, bool]] = []
    for token, proper in tokens:
        if token in SUFFIXES and words and HAN.search(words[-1][0]):
            words[-1] = (words[-1][0] + token, words[-1][1])
        else:
            words.append((token, proper))
    return words


def _syllables(word: str) -> str:
    syllables = [s[0] for s in pinyin(word, style=Style.TONE, heteronym=False)]
    joined = syllables[0]
    for syl in syllables[1:]:
        joined += ("'" if syl[:1] in _VOWEL_START else "") + syl
    return joined


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def to_pinyin(zh: str) -> str:
    """`"优化政务服务"` → `"yōuhuà zhèngwù fúwù"`; non-Chinese text is kept as it is."""
    out: list[str] = []
    for word, proper in _words(zh):
        if not HAN.search(word):
            if word.strip() and not all(ch in _PUNCTUATION for ch in word):
                out.append(word.strip())
            continue
        ordinal = _ORDINAL.match(word)
        if ordinal:
            out.append("dì-" + _syllables(ordinal.group(1)))
            if ordinal.group(2):
                out.append(_syllables(ordinal.group(2)))
            continue
        text = _syllables(word)
        out.append(_capitalised(text) if proper else text)
    return " ".join(out)
