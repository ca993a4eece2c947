"""The aligned bilingual view as page content: the ``termdrills-aligned`` directive of
the course book's extension (registered by `termdrills.book`).

``termdrills-aligned ID [ID ...]`` shows the example pair (example_zh, example_en)
of each named glossary row, clause by clause side by side, every glossary term in
the same colour and with the same number in both languages (the `lessons` option
limits the terms marked to those lessons' rows). The view is the grader's own
(`termdrills.grading.view`): its HTML is turned into docutils nodes (`HtmlElement`
with text nodes inside), so the page holds real text that the site search indexes
word by word (raw HTML would be indexed with its tags stripped, gluing a term's
number to its first word), Chinese cells carry ``lang="zh-CN"``, and glossary text
stays text: it is escaped when the page is written. The view's CSS is written once
per build to ``_static/termdrills-aligned.css`` and loaded by the pages that use it.

How the alignment degrades (``grading/align.py``): where the translation merges or
splits sentences, the sentences between the nearest terms are shown as one row;
a term whose official English is not one of its glossary forms is marked in the
Chinese only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from termdrills.book import freshness as _freshness
from termdrills.book import state as _state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

CSS_FILE = "termdrills-aligned.css"
_VOID = frozenset(("br", "hr", "img", "wbr"))


class HtmlElement(nodes.General, nodes.Element):
    """One HTML element of the aligned view (tag and attributes), its children text
    nodes and elements. Other builders than HTML write only the text."""


class AlignedMarker(nodes.General, nodes.Element):
    """Marks a page that shows an aligned view (it gets the view's CSS); renders nothing."""


def visit_html_element(self: Any, node: HtmlElement) -> None:
    attrs = "".join(f' {k}="{html.escape(str(v), quote=True)}"' for k, v in node["attrs"])
    self.body.append(f"<{node['tag']}{attrs}>")


def depart_html_element(self: Any, node: HtmlElement) -> None:
    self.body.append(f"</{node['tag']}>")


def _pass(self: Any, node: nodes.Element) -> None:
    pass


#: `HtmlElement`'s visitors: real HTML in the html builder, only its text elsewhere.
HTML_ELEMENT_VISITORS: dict[str, tuple[Callable[..., None], Callable[..., None]]] = {
    "html": (visit_html_element, depart_html_element),
    **{b: (_pass, _pass) for b in ("latex", "text", "man", "texinfo")},
}


class _ToNodes(HTMLParser):
    """The view's HTML (well formed: the grader writes it) as docutils nodes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = nodes.container()
        self.stack: list[nodes.Element] = [self.root]
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style" or self.skip:
            self.skip += tag == "style"
            return
        element = HtmlElement(tag=tag, attrs=[(k, v or "") for k, v in attrs])
        self.stack[-1] += element
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.skip -= 1
        elif not self.skip and tag not in _VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip and data:
            self.stack[-1] += nodes.Text(data)


def html_to_nodes(markup: str) -> list[nodes.Node]:
    parser = _ToNodes()
    parser.feed(markup)
    parser.close()
    return list(parser.root.children)


def site_css() -> str:
    """The view's CSS (`grading.view.ALIGNED_CSS`) plus the book theme's dark mode."""
    from termdrills.grading.view import ALIGNED_CSS, PALETTE_DARK, PALETTE_LIGHT

    dark = "".join(f'html[data-theme="dark"] .td-aligned mark.t{i}, html[data-theme="dark"] '
                   f".td-legend mark.t{i} {{ background: {bg}; color: {fg}; }}\n"
                   for i, (bg, fg) in enumerate(PALETTE_DARK))
    light = "".join(f'  html[data-theme="light"] .td-aligned mark.t{i}, html[data-theme="light"] '
                    f".td-legend mark.t{i} {{ background: {bg}; color: {fg}; }}\n"
                    for i, (bg, fg) in enumerate(PALETTE_LIGHT))
    return (f"/* termdrills: the aligned bilingual view (termdrills/grading/view.py). */\n"
            f"{ALIGNED_CSS}{dark}@media (prefers-color-scheme: dark) {{\n{light}}}\n")


class AlignedDirective(SphinxDirective):
    """``termdrills-aligned ID [ID ...]``: the example pairs of these glossary rows in
    the aligned view (see the module doc)."""

    required_arguments = 1
    optional_arguments = 50
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"lessons": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from termdrills.grading.analysis import bilingual, prepare_passage
        from termdrills.grading.forms import prepare_terms
        from termdrills.grading.view import render_aligned, render_legend

        state = _state.build(self.env.app)
        glossary = state.glossary
        slugs = self.options.get("lessons", "").split()
        unknown = [s for s in slugs if s not in glossary.lessons()]
        if unknown:
            return self._warn(f"no glossary lesson {', '.join(unknown)}")
        # The page changes when the rows of the terms it marks change. In a notebook the
        # look-ups below are noted (`termdrills.book.freshness`): without `lessons`, the terms
        # found in each sentence (`Glossary.in_sentence`, which finds every term the view
        # marks). Elsewhere, the rows of the lessons whose terms it may mark, the named
        # rows' lessons included (every lesson when no `lessons` option is given).
        traced = _freshness.traced(self.env.app)
        if not traced:
            for slug in slugs or glossary.lessons():
                self.env.note_dependency(str(state.digest_path(slug)))
        lesson_forms = prepare_terms(glossary.by_lesson(*slugs)) if slugs else None
        out: list[nodes.Node] = [AlignedMarker()]
        shown: set[tuple[str, str]] = set()
        for term_id in self.arguments:
            try:
                term = glossary.get(term_id)
            except KeyError as exc:
                return self._warn(str(exc).strip("'\""))
            if not (term.example_zh and term.example_en):
                return self._warn(f"glossary row '{term_id}' has no example_zh/example_en")
            if slugs and term.lesson not in slugs and not traced:
                self.env.note_dependency(str(state.digest_path(term.lesson)))
            pair = (term.example_zh, term.example_en)
            if pair in shown:
                continue
            shown.add(pair)
            # Every term `find_zh` would mark among all rows is one `in_sentence` finds
            # (it takes fewer characters), so these rows, in file order, mark the same.
            forms = lesson_forms if lesson_forms is not None else prepare_terms(
                sorted(glossary.in_sentence(term.example_zh), key=lambda t: t.line))
            data = bilingual(prepare_passage(term.example_zh, forms, references=[term.example_en]))
            view = nodes.container(classes=["td-aligned-view"], support_smartquotes=False)
            view += html_to_nodes(render_legend(data["terms"]))  # type: ignore[arg-type]
            view += html_to_nodes(render_aligned(data))
            out.append(view)
        return out

    def _warn(self, message: str) -> list[nodes.Node]:
        logger.warning("termdrills-aligned: %s", message, location=self.get_location(),
                       type="termdrills", subtype="aligned")
        return []


def write_css(folder: Path) -> None:
    """The view's CSS file, written again only when the files it comes from changed (so
    a build imports the grader's view only then)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CSS_FILE
    here = Path(__file__).resolve()
    sources = (here, here.parent.parent / "grading" / "view.py")
    newest = max(p.stat().st_mtime_ns for p in sources)
    if target.exists() and target.stat().st_mtime_ns >= newest:
        return
    from termdrills._files import atomic_write

    atomic_write(target, site_css())


def builder_inited(app: Sphinx) -> None:
    write_css(_state.build(app).generated)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """Only the pages with an aligned view load its stylesheet."""
    if doctree is not None and any(doctree.findall(AlignedMarker)):
        app.add_css_file(CSS_FILE)
