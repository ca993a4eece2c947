"""Chinese marked as Chinese: ``lang="zh-CN"`` on every run of Chinese the book emits.

The site's pages are ``lang="en"`` (the interface is English). Without a language of
their own, Chinese runs are drawn with whatever CJK font the browser prefers for
English pages (Chromium picks the Japanese one: other glyphs) and read by screen
readers with an English voice. Two passes of `termdrills.sphinxext` mark them:

* `ChineseRuns`, a transform at read time, splits every text node of the doctree
  (prose, headings, tables, glossary entries; so also the contents sidebars, which
  are built from the doctree) into Chinese runs, each an inline node that the HTML
  writer emits as ``<span lang="zh-CN">``, and the rest;
* `mark_html` does the same over each page's HTML body, for what is not doctree
  text by then: notebook outputs (pandas tables), code blocks after highlighting,
  inline code; outside tags, scripts and styles, and not twice.

A run is Chinese characters with the Chinese punctuation, digits and ``+`` between
them (“互联网+政务服务”, 2020年11月19日): one span, read as one phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes
from sphinx.transforms import SphinxTransform

ZH_LANG = "zh-CN"
CLASS = f"language-{ZH_LANG}"  # docutils' HTML writer turns it into lang="zh-CN"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation, full-width forms, the quotes, dashes, dots and ellipsis of Chinese text.
_PUNCT = "\u3000-\u303f\uff01-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_HAN_CHAR = re.compile(f"[{_HAN}]")
ZH_RUN = re.compile(f"[0-9]*[{_HAN}{_PUNCT}](?:[{_HAN}{_PUNCT}0-9+]*[{_HAN}{_PUNCT}])?")

#: Nodes whose text is code, maths or markup, never prose.
_VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.Invisible, nodes.raw)


def runs(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into (piece, is_chinese), in order; joined they give `text` back."""
    pos = 0
    for m in ZH_RUN.finditer(text):
        if not _HAN_CHAR.search(m.group()):
            continue  # punctuation alone (an English “quote”) stays English
        if m.start() > pos:
            yield text[pos:m.start()], False
        yield m.group(), True
        pos = m.end()
    if pos < len(text):
        yield text[pos:], False


def _marked(node: nodes.Node) -> bool:
    """True inside code, maths, raw markup, or an element that already has a language."""
    for n in _ancestors(node):
        if isinstance(n, _VERBATIM):
            return True
        if isinstance(n, nodes.Element) and any(c.startswith("language-")
                                                for c in n.get("classes", ())):
            return True
    return False


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    while node is not None:
        yield node
        node = node.parent


class ChineseRuns(SphinxTransform):
    """Wrap every Chinese run of the doctree's text in an inline node with its language."""

    # After smart quotes (750), before the doctree-read collectors (the contents
    # sidebars are copied from section titles there).
    default_priority = 870

    def apply(self, **kwargs: object) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if not _HAN_CHAR.search(text) or text.parent is None or _marked(text.parent):
                continue
            parts: list[nodes.Node] = [
                nodes.inline(piece, piece, classes=[CLASS]) if zh else nodes.Text(piece)
                for piece, zh in runs(str(text))
            ]
            text.parent.replace(text, parts)


# Tags, comments and doctypes; an attribute value may hold ">".
_TAG = re.compile(r"<!--.*?-->|<!?/?([A-Za-z][\w:-]*)?(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
#: Elements whose content is not HTML text (or cannot hold a <span>).
_OPAQUE = {"script", "style", "textarea", "title", "option", "template"}


def mark_html(html: str) -> str:
    """HTML with each Chinese run of its text in ``<span lang="zh-CN">`` (text already
    wrapped so, by `ChineseRuns` or an earlier pass, is left as it is)."""
    if not _HAN_CHAR.search(html):
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


_ZH_OPEN = re.compile(r"^<[a-z][^>]*\blang=\"zh", re.IGNORECASE)


def _mark_text(text: str) -> str:
    if not _HAN_CHAR.search(text):
        return text
    return "".join(f'<span lang="{ZH_LANG}">{piece}</span>' if zh else piece
                   for piece, zh in runs(text))
