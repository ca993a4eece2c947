"""Chinese in mixed text: what a Chinese character is, its language tag, and its runs.

The one home of three rules every part of the kit applies (the glossary checker, the
drills, the grader's report, the book's pages, the LMS exports, the site's search):

* the **Han range**: CJK Unified Ideographs (basic block and extension A) and the
  compatibility ideographs;
* the **language tag** Chinese text carries, ``lang="zh-CN"``: without it the site's
  ``lang="en"`` pages draw Chinese with the browser's preferred CJK font (Chromium picks
  the Japanese glyph forms) and screen readers read it with an English voice;
* a **Chinese run**: Chinese characters with the Chinese punctuation, digits and ``+``
  between them ("互联网+政务服务", 2020年11月19日), marked as one span and read as one
  phrase; punctuation alone (an English “quote”) is not a run.

The data lives in ``termdrills/i18n/chinese.json``, which the front end imports too
(``static/core/words.js``; the site's script and search splitter are written from it
by the book), and ``tests/data/chinese_runs.json`` is a table run by both pytest and
node, so Python and JavaScript cannot cut runs differently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

__all__ = ["ASCII_IN_CHINESE", "DATA", "HAN", "HAN_RANGE", "PINYIN_LANG", "PUNCTUATION", "ZH_LANG", "ZH_RUN", "has_han", "mark_html",
           "runs"]

#: termdrills/i18n/chinese.json as read: what the front end's scripts are given too.
DATA: dict[str, str] = json.loads((Path(__file__).resolve().parent.parent / "i18n"
                                   / "chinese.json").read_text(encoding="utf-8"))
#: The language tag of Chinese text in every page, export and report.
ZH_LANG: str = DATA["lang"]
#: The language tag of pinyin (Chinese in Latin letters): not ``zh-CN``, whose CJK fonts
#: and Chinese voice are for characters.
PINYIN_LANG: str = DATA["pinyin_lang"]
#: A regular-expression character range (no brackets) of the Han characters.
HAN_RANGE: str = DATA["han"]
#: CJK punctuation, full-width forms, the quotes, dashes, dots and ellipsis of Chinese.
PUNCTUATION: str = DATA["punctuation"]
HAN = re.compile(f"[{HAN_RANGE}]")
_ZH = HAN_RANGE + PUNCTUATION
ZH_RUN = re.compile(f"[0-9]*[{_ZH}](?:[{_ZH}0-9+]*[{_ZH}])?")
#: ASCII punctuation that should be its full-width form inside Chinese text.
ASCII_IN_CHINESE = re.compile(
    f'(?<=[{HAN_RANGE}])[,;:?!.()"]|[,;:?!()"](?=[{HAN_RANGE}])'
)


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def runs(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into (piece, is_chinese), in order; joined they give `text` back."""
    pos = 0
    for m in ZH_RUN.finditer(text):
        if not HAN.search(m.group()):
            continue  # punctuation alone (an English “quote”) stays English
        if m.start() > pos:
            yield text[pos:m.start()], False
        yield m.group(), True
        pos = m.end()
    if pos < len(text):
        yield text[pos:], False


# Tags, comments and doctypes; an attribute value may hold ">".
_TAG = re.compile(r"<!--.*?-->|<!?/?([A-Za-z][\w:-]*)?(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
#: Elements whose content is not HTML text (or cannot hold a <span>: in an inline SVG a
#: ``<span>`` ends the drawing, so SVG text marks its own runs with ``<tspan lang>``).
_OPAQUE = {"script", "style", "textarea", "title", "option", "template", "svg"}
_ZH_OPEN = re.compile(r"^<[a-z][^>]*\blang=\"zh", re.IGNORECASE)


def mark_html(html: str) -> str:
    """HTML with each Chinese run of its text in ``<span lang="zh-CN">``; text inside an
    element that already says it is Chinese, scripts, styles and other elements whose
    content is not text are left as they are."""
    if not HAN.search(html):
        return html
    out: list[str] = []
    pos = 0
    before = ""  # the tag just before the text
    while True:
        m = _TAG.search(html, pos)
        end = m.start() if m else len(html)
        text = html[pos:end]
        out.append(text if _ZH_OPEN.search(before) else _mark_text(text))
        if not m:
            return "".join(out)
        before = m.group()
        out.append(before)
        pos = m.end()
        name = (m.group(1) or "").lower()
        if name in _OPAQUE and not before.startswith("</"):
            close = re.compile(f"</{name}\\s*>", re.IGNORECASE).search(html, pos)
            stop = close.start() if close else len(html)
            out.append(html[pos:stop])
            pos = stop


def _mark_text(text: str) -> str:
    if not HAN.search(text):
        return text
    return "".join(f'<span lang="{ZH_LANG}">{piece}</span>' if zh else piece
                   for piece, zh in runs(text))
