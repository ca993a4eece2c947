"""The glossary as page content: the ``termdrills-glossary`` and ``termdrills-terms``
directives of the course book's extension (registered by `termdrills.book`).

Each lesson of the glossary page is a section (the page's contents) whose entries are
HTML written here (`term_html`), every glossary cell escaped, so a cell holding markup
is shown as text, exactly as in the CSV (no smart quotes): at a semester's thousand rows,
docutils nodes for every entry made reading, pickling and writing this page seconds of
every edit's rebuild. Sphinx's search indexes the entries' text (it reads raw HTML
without its tags), each term is a search object at its anchor (`search`), and a
Markdown link ``glossary.md#<id>`` finds its anchor (`term_anchors`). The key-terms
table stays docutils nodes (its links are cross-references).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from termdrills.book import freshness as _freshness
from termdrills.book import state as _state
from termdrills.book.lang import CLASS as ZH_CLASS
from termdrills.book.search import object_name
from termdrills.book.variants_page import (
    RULES,
    entries,
    entries_node,
    external,
    note_html,
    variant_html,
    zh_span,
)
from termdrills.book.variants_page import _a as _attr
from termdrills.book.variants_page import _e as _escape
from termdrills.course import from_sphinx
from termdrills.text.chinese import ZH_LANG

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from termdrills.glossary import Term

logger = logging.getLogger(__name__)


class GlossaryMarker(nodes.General, nodes.Element):
    """Marks the page that holds the glossary (it gets the filter script); renders nothing."""


def _fold(text: str) -> str:
    """Pinyin without tone marks, for sorting: ``zhèngwù`` → ``zhengwu``."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def term_html(t: Term) -> str:
    """One glossary entry: the head (Chinese, pinyin, English, its own link), the other
    renderings, the example pair, the note and the source; every cell escaped."""
    e, a = _escape, _attr
    head = (f'<div class="tdg-term docutils container" id="{a(t.id)}">\n<p class="tdg-head">'
            f'{zh_span("tdg-zh", t.zh)} <span class="tdg-pinyin">{e(t.pinyin)}</span> '
            f'<strong class="tdg-en">{e(t.en)}</strong><a class="headerlink reference '
            f'external" href="#{a(t.id)}" title="Link to {a(t.en)}">#</a></p>\n')
    out = [head, variant_html(t)]  # also accepted (each with its source), avoid (why)
    if t.example_zh:
        out.append('<div class="tdg-example docutils container">\n'
                   f'<p class="tdg-example-zh" lang="{ZH_LANG}">{e(t.example_zh)}</p>\n'
                   f'<p class="tdg-example-en">{e(t.example_en)}</p>\n</div>\n')
    out.append(note_html(t.note, "tdg-note"))
    if t.source or t.source_url:
        label = t.source or t.source_url
        source = external(t.source_url, label) if t.source_url else e(label)
        if t.date and t.date not in label:
            source += f", {e(t.date)}"
        out.append(f'<p class="tdg-source">Source: {source}</p>\n')
    out.append("</div>\n")
    return "".join(out)


_FILTER_HTML = """\
<form class="tdg-filter" role="search" aria-label="Glossary filter" hidden>
  <label><span class="tdg-filter-label">Filter the glossary</span>
    <input type="search" autocomplete="off" spellcheck="false"
      placeholder="政务服务 · zhengwu fuwu · government services">
  </label>
  <span class="tdg-filter-count" role="status" aria-live="polite"></span>
</form>
"""


class GlossaryDirective(SphinxDirective):
    """``termdrills-glossary``: every glossary term as page content, grouped by lesson.

    The filter box comes first; each lesson is a section of the page (so the page's
    contents sidebar lists the lessons): the directive belongs at the end of its page.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"lesson": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        state = _state.build(self.env.app)
        glossary = state.glossary
        self.env.note_dependency(str(glossary.path))
        for module in RULES:  # each entry's forms and their sources' registers
            self.env.note_dependency(module)
        slugs = [self.options["lesson"]] if "lesson" in self.options else glossary.lessons()
        root = nodes.container(classes=["tdg-glossary"])
        root += GlossaryMarker()
        root += nodes.raw("", _FILTER_HTML, format="html")
        return [root, *(self._lesson(slug, glossary.by_lesson(slug)) for slug in slugs)]

    def _lesson(self, slug: str, terms: tuple[Term, ...]) -> nodes.section:
        section = nodes.section(ids=[f"lesson-{slug}"], classes=["tdg-lesson"])
        course = from_sphinx(self.env.app.config, self.env.srcdir)
        section += nodes.title(text=course.lesson_title(slug))  # the notebook's first heading
        notebook = "lessons/" + slug.replace("-", "_")
        if notebook in self.env.found_docs:  # its first heading is the section's title
            self.env.note_dependency(str(self.env.doc2path(notebook)))
        if notebook in self.env.found_docs:
            para = nodes.paragraph(text="Taught in ")
            para += addnodes.pending_xref(
                "", nodes.inline(text=notebook), refdomain="std", reftype="doc",
                reftarget="/" + notebook, refexplicit=False, refwarn=True,
                refdoc=self.env.docname,
            )
            para += nodes.Text(f" ({len(terms)} terms).")
            section += para
        ordered = sorted(terms, key=lambda t: (_fold(t.pinyin), t.pinyin, t.zh))
        for term in ordered:
            self._note_term(term)
        section += entries_node("".join(term_html(t) for t in ordered),
                                [(t.id, t.zh) for t in ordered])
        return section

    def _note_term(self, t: Term) -> None:
        """Make {term} resolve by id, Chinese, English or an accepted alternative; make
        the term a search object that links to its anchor."""
        self.env.get_domain("termdrills").note_term(  # type: ignore[attr-defined]
            name=object_name(t.zh, t.pinyin, t.en), docname=self.env.docname, anchor=t.id)
        std = self.env.get_domain("std")
        for name in dict.fromkeys(n.lower() for n in (t.id, t.zh, *t.accepted_en)):
            if ("term", name) not in std.objects:  # type: ignore[attr-defined]
                std.note_object("term", name, t.id, location=(self.env.docname, self.lineno))  # type: ignore[attr-defined]


class TermsDirective(SphinxDirective):
    """``termdrills-terms SLUG [SLUG ...]``: a lesson's key terms as a table (Chinese,
    pinyin, English), read from the glossary by lesson slug, each term linked to its
    glossary entry. Real page content, so the site search finds it."""

    required_arguments = 1
    optional_arguments = 20
    has_content = False

    def run(self) -> list[nodes.Node]:
        state = _state.build(self.env.app)
        terms = state.glossary.by_lesson(*self.arguments)
        # In a notebook the look-ups and the fields read are noted
        # (`termdrills.book.freshness`); elsewhere the page depends on the lessons' rows.
        if not _freshness.traced(self.env.app):
            for slug in self.arguments:
                self.env.note_dependency(str(state.digest_path(slug)))
        if not terms:
            logger.warning("no glossary terms for lesson %s", " ".join(self.arguments),
                           location=self.get_location(), type="termdrills", subtype="terms")
            return []
        table = nodes.table(classes=["tdg-terms"])
        group = nodes.tgroup(cols=3)
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in (3, 3, 4))
        head = nodes.thead()
        head += _row([nodes.Text(h) for h in ("Chinese", "Pinyin", "English")])
        body = nodes.tbody()
        for t in terms:
            link = addnodes.pending_xref(
                "", nodes.inline(text=t.zh, classes=[ZH_CLASS]), refdomain="std", reftype="term",
                reftarget=t.id, refexplicit=True, refwarn=True, refdoc=self.env.docname,
            )
            body += _row([link, nodes.Text(t.pinyin), nodes.Text(t.en)])
        group += head
        group += body
        table["support_smartquotes"] = False
        return [table]


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", content)
        row += entry
    return row


FILTER_JS = "termdrills-glossary.js"
FILTER_CSS = "termdrills-glossary.css"


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """The page with the glossary loads its filter (script and stylesheet)."""
    if doctree is not None and any(doctree.findall(GlossaryMarker)):
        app.add_js_file(FILTER_JS, loading_method="defer")
        app.add_css_file(FILTER_CSS)


def term_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Let a Markdown link reach a glossary term: ``[政务服务](../book/glossary.md#government-services)``
    resolves on the site (myst-parser looks the anchor up among the page's "myst_slugs")
    and stays a plain link in Jupyter, where a ``{term}`` role shows as raw text."""
    found = [n for n in entries(doctree) if n["anchors"] and not n["links"]]
    if not found:
        return
    slugs = app.env.metadata[app.env.docname].setdefault("myst_slugs", {})
    for entry in found:
        for anchor, label in entry["anchors"]:
            slugs.setdefault(anchor, (entry.line, anchor, label))
