"""Chinese marked as Chinese in the book's doctrees: the `ChineseRuns` transform.

At read time every text node of the doctree (prose, headings, tables, glossary entries;
so also the contents sidebars, which are built from the doctree) is cut into its Chinese
runs (`termdrills.text.chinese.runs`), each an inline node that the HTML writer emits as
``<span lang="zh-CN">``. What is not doctree text by then (notebook outputs, code after
highlighting) is marked in each page's HTML body by `termdrills.text.chinese.mark_html`
(`termdrills.book.site.page_context`).
"""

from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from sphinx.transforms import SphinxTransform

from termdrills.text.chinese import HAN, ZH_LANG, runs

CLASS = f"language-{ZH_LANG}"  # docutils' HTML writer turns it into lang="zh-CN"

#: Nodes whose text is code, maths or markup, never prose.
_VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.Invisible, nodes.raw)


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
            if not HAN.search(text) or text.parent is None or _marked(text.parent):
                continue
            parts: list[nodes.Node] = [
                nodes.inline(piece, piece, classes=[CLASS]) if zh else nodes.Text(piece)
                for piece, zh in runs(str(text))
            ]
            text.parent.replace(text, parts)
