"""Pinyin for a Chinese term, written the way glossaries write it: tone marks,
syllables of one word joined (``zhèngwù fúwù``), an apostrophe before a syllable
that starts with a, o or e inside a word (``Xī'ān``).

Words come from jieba when it is installed (it is in requirements.txt); without
it, each character is a word.
"""

from __future__ import annotations

import functools
import logging

from pypinyin import Style, pinyin

from termdrills._text import HAN


@functools.cache
def _cutter():  # type: ignore[no-untyped-def]
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut


def _words(zh: str) -> list[str]:
    cut = _cutter()
    return cut(zh) if cut else list(zh)


def to_pinyin(zh: str) -> str:
    """`"优化政务服务"` → `"yōuhuà zhèngwù fúwù"`; non-Chinese text is kept as it is."""
    out: list[str] = []
    for word in _words(zh):
        if not HAN.search(word):
            if word.strip() and not all(ch in "，、。；：！？“”《》（）" for ch in word):
                out.append(word.strip())
            continue
        syllables = [s[0] for s in pinyin(word, style=Style.TONE, heteronym=False)]
        joined = syllables[0]
        for syl in syllables[1:]:
            joined += ("'" if syl[:1] in "aāáǎàoōóǒòeēéěè" else "") + syl
        out.append(joined)
    return " ".join(out)
