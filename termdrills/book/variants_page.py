"""The "Renderings that vary" page: the ``termdrills-variants`` directive of the course
book's extension (`register` is called by `termdrills.book.setup`).

Every glossary term with more than one rendering (its preferred rendering, the ones
also accepted, the ones to avoid) gets a table: each rendering with its status, the
kind of source it was seen in (`termdrills.renderings.registers`), its source as a link and the
date (`termdrills.renderings.variants` gathers them), the words of the page that show it (from evidence.csv beside the glossary, when
there is one), each deprecated form with its reason; then the term's note. Terms are
grouped by lesson in file order; each links to its glossary entry.

Glossary and evidence text goes into docutils text nodes, never raw HTML; smart quotes
are off so it shows exactly as in the CSV. A malformed evidence.csv stops the build
with its located lines, as a glossary with errors does.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from termdrills.book import state as _state
from termdrills.course import lesson_title
from termdrills.renderings import registers as _registers
from termdrills.renderings import variants as _variants
from termdrills.renderings.evidence import Evidence, beside
from termdrills.renderings.registers import REGISTERS, host_of
from termdrills.renderings.variants import Rendering, renderings, varying

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from termdrills.glossary import Glossary, Term

__all__ = ["VariantsDirective", "VariantsMarker", "page_context", "variant_paragraphs"]

logger = logging.getLogger(__name__)
CSS = "termdrills-variants.css"
#: The code whose rules the page shows (a source's register, a form's status): an edit
#: of it writes the page again, as an edit of the glossary does.
RULES = tuple(str(Path(m.__file__).resolve()) for m in (_registers, _variants))
STATUS_LABEL = {"preferred": "preferred", "admitted": "also accepted", "deprecated": "avoid"}


def variant_paragraphs(t: Term) -> list[nodes.paragraph]:
    """For a glossary entry: "Also accepted: X (source); Y (source)", each alternative
    with a link to the page its alt_source names, and one "Avoid: form — reason" per
    deprecated rendering."""
    out = []
    if t.alt_en:
        alt = nodes.paragraph(text="Also accepted: ", classes=["tdg-alt"])
        sources = t.alt_source if len(t.alt_source) == len(t.alt_en) else ()
        for i, form in enumerate(t.alt_en):
            if i:
                alt += nodes.Text("; ")
            alt += nodes.inline(text=form, classes=["tdg-alt-en"])
            if sources:
                alt += nodes.Text(" (")
                alt += nodes.reference("", host_of(sources[i]), refuri=sources[i],
                                       classes=["tdg-alt-source"])
                alt += nodes.Text(")")
        out.append(alt)
    for form, reason in t.deprecated:
        avoid = nodes.paragraph(text="Avoid: ", classes=["tdg-avoid"])
        avoid += nodes.inline(text=form, classes=["tdg-deprecated-en"])
        if reason:
            avoid += nodes.Text(f" — {reason}")
        out.append(avoid)
    return out


class VariantsMarker(nodes.General, nodes.Element):
    """Marks the page that holds the variants (it gets the style sheet); renders nothing."""


def _cell(*content: nodes.Node) -> nodes.entry:
    """A table cell: paragraphs as they are, text and inline nodes in a paragraph."""
    entry = nodes.entry()
    for c in content:
        entry += c if isinstance(c, nodes.paragraph) else nodes.paragraph("", "", c)
    return entry


def _table(headers: tuple[str, ...], widths: tuple[int, ...], rows: list[list[nodes.entry]],
           classes: list[str]) -> nodes.table:
    table = nodes.table(classes=[*classes, "colwidths-given"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head = nodes.thead()
    head += nodes.row("", *(_cell(nodes.Text(h)) for h in headers))
    body = nodes.tbody()
    body.extend(nodes.row("", *cells) for cells in rows)
    group += head
    group += body
    return table


class VariantsDirective(SphinxDirective):
    """``termdrills-variants``: every term with more than one rendering, by lesson."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        app = self.env.app
        state = _state.build(app)
        glossary: Glossary = state.glossary
        evidence: Evidence | None = state.evidence
        self.env.note_dependency(str(glossary.path))
        if glossary.path is not None:
            self.env.note_dependency(str(beside(glossary.path)))
        for module in RULES:  # the registers and the renderings are read from code too
            self.env.note_dependency(module)
        terms = varying(glossary)
        rows = {t.id: renderings(t, evidence) for t in terms}
        counts = Counter(r.status for rs in rows.values() for r in rs)
        summary = nodes.paragraph(text=(
            f"{len(terms)} of the glossary's {len(glossary)} terms have more than one "
            f"rendering: {counts['admitted']} also accepted and {counts['deprecated']} to "
            "avoid besides their preferred ones."))
        out: list[nodes.Node] = [VariantsMarker(), summary,
                                 self._registers(Counter(r.register.key for rs in
                                                         rows.values() for r in rs
                                                         if r.register))]
        for slug in glossary.lessons():
            lesson_terms = [t for t in terms if t.lesson == slug]
            if lesson_terms:
                out.append(self._lesson(slug, lesson_terms, rows))
        for node in out:
            node["support_smartquotes"] = False
        return out

    def _registers(self, counts: Counter[str]) -> nodes.section:
        section = nodes.section(ids=["when-to-use-which"], classes=["tdv-registers"])
        section += nodes.title(text="When to use which")
        section += nodes.paragraph(text=(
            "The preferred rendering is right anywhere, and it is the one the drills ask "
            "for. Each other rendering is shown with the kind of source it was seen in, "
            "read from its page's address: use it when you translate for that kind of "
            "text. One page is evidence that the rendering is official, not that the "
            "register never uses another; the term's note says more."))
        rows = [[_cell(nodes.strong(text=r.label)), _cell(nodes.Text(r.sources)),
                 _cell(nodes.Text(r.use)), _cell(nodes.Text(str(counts[r.key])))]
                for r in REGISTERS if counts[r.key] or r.key != "other"]
        section += _table(("Kind of source", "Publishers", "Use it for", "Renderings"),
                          (20, 35, 35, 10), rows, ["tdv-register-table"])
        return section

    def _lesson(self, slug: str, terms: list[Term], rows: dict[str, list[Rendering]],
                ) -> nodes.section:
        section = nodes.section(ids=[f"lesson-{slug}"], classes=["tdv-lesson"])
        section += nodes.title(text=lesson_title(slug))
        notebook = "lessons/" + slug.replace("-", "_")
        if notebook in self.env.found_docs:
            para = nodes.paragraph(text="Taught in ")
            para += addnodes.pending_xref(
                "", nodes.inline(text=notebook), refdomain="std", reftype="doc",
                reftarget="/" + notebook, refexplicit=False, refwarn=True,
                refdoc=self.env.docname)
            para += nodes.Text(".")
            section += para
        for term in terms:
            section += self._term(term, rows[term.id])
        return section

    def _term(self, t: Term, forms: list[Rendering]) -> nodes.section:
        section = nodes.section(ids=[t.id], classes=["tdv-term"])
        title = nodes.title()
        title += nodes.inline(text=t.zh, classes=["tdv-zh"])
        title += nodes.Text(" ")
        title += nodes.inline(text=t.en, classes=["tdv-en"])
        section += title
        head = nodes.paragraph(classes=["tdv-head"])
        head += nodes.inline(text=t.pinyin, classes=["tdv-pinyin"])
        head += nodes.Text(" · ")
        head += addnodes.pending_xref(
            "", nodes.inline(text="glossary entry"), refdomain="std", reftype="term",
            reftarget=t.id, refexplicit=True, refwarn=True, refdoc=self.env.docname)
        section += head
        section += _table(("Rendering", "Status", "Source"), (56, 20, 24),
                          [self._row(r) for r in forms], ["tdv-forms"])
        for i, part in enumerate(p for p in t.note.splitlines() if p.strip()):
            note = nodes.paragraph(classes=["tdv-note"])
            if i == 0:
                note += nodes.emphasis(text="Note: ")
            note += nodes.Text(part.strip())
            section += note
        return section

    def _row(self, r: Rendering) -> list[nodes.entry]:
        form = nodes.paragraph(classes=[f"tdv-{r.status}"])
        form += (nodes.strong if r.status == "preferred" else nodes.inline)(text=r.form)
        first = [form]
        if r.reason:
            first.append(nodes.paragraph(text=r.reason, classes=["tdv-reason"]))
        if r.excerpt:
            first.append(nodes.paragraph(text=f"“{r.excerpt}”", classes=["tdv-excerpt"]))
        status = [nodes.paragraph(text=STATUS_LABEL[r.status], classes=["tdv-status"])]
        if r.register:
            status.append(nodes.paragraph(text=f"seen in: {r.register.label}",
                                          classes=["tdv-register"]))
        if r.url:
            link = nodes.reference("", host_of(r.url), refuri=r.url)
            compared = r.status == "deprecated" and not r.excerpt
            source = [nodes.paragraph("", "compared with " if compared else "", link)]
        else:
            source = [nodes.paragraph(text="no source recorded")]
        if r.date:
            source.append(nodes.paragraph(text=r.date, classes=["tdv-date"]))
        return [_cell(*first), _cell(*status), _cell(*source)]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    if doctree is not None and any(doctree.findall(VariantsMarker)):
        app.add_css_file(CSS)
