"""The "Renderings that vary" page: the ``termdrills-variants`` directive of the course
book's extension (`register` is called by `termdrills.book.setup`).

Every glossary term with more than one rendering (its preferred rendering, the ones
also accepted, the ones to avoid) gets a table: each rendering with its status, the
kind of source it was seen in (`termdrills.renderings.registers`), its source as a link and the
date (`termdrills.renderings.variants` gathers them), the words of the page that show it (from evidence.csv beside the glossary, when
there is one), each deprecated form with its reason; then the term's note. Terms are
grouped by lesson in file order; each links to its glossary entry.

Each term's entry is HTML written here (`term_html`), every glossary and evidence text
escaped, in one raw node per lesson: at a semester's thousand rows, docutils nodes for
every cell made reading, pickling and writing this page seconds of every edit's
rebuild. The lessons stay sections (the page's contents); Sphinx's search indexes the
entries' text (it reads raw HTML without its tags). The link from each entry to its
glossary entry is filled in when the page is written (`resolve_links`), as a
cross-reference would be. Text shows exactly as in the CSV (no smart quotes). A
malformed evidence.csv stops the build with its located lines, as a glossary with errors
does.
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
from termdrills.text.chinese import ZH_LANG

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from termdrills.glossary import Glossary, Term

__all__ = ["VariantsDirective", "VariantsMarker", "page_context", "resolve_links",
           "variant_html"]

logger = logging.getLogger(__name__)
CSS = "termdrills-variants.css"
#: The code whose rules the page shows (a source's register, a form's status): an edit
#: of it writes the page again, as an edit of the glossary does.
RULES = tuple(str(Path(m.__file__).resolve()) for m in (_registers, _variants))
STATUS_LABEL = {"preferred": "preferred", "admitted": "also accepted", "deprecated": "avoid"}


def _e(text: str) -> str:
    """Text escaped as Sphinx's HTML writer escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _a(value: str) -> str:
    """A double-quoted attribute value, escaped."""
    return _e(value).replace('"', "&quot;")


def zh_span(cls: str, text: str) -> str:
    """Chinese text in an element that says it is Chinese (as docutils writes an inline
    with the ``language-zh-CN`` class)."""
    return f'<span class="{cls}" lang="{ZH_LANG}">{_e(text)}</span>'


def external(url: str, label: str, cls: str = "") -> str:
    classes = f"{cls} reference external".strip()
    return f'<a class="{classes}" href="{_a(url)}">{_e(label)}</a>'


def variant_html(t: Term) -> str:
    """For a glossary entry: "Also accepted: X (source); Y (source)", each alternative
    with a link to the page its alt_source names, and one "Avoid: form — reason" per
    deprecated rendering."""
    out = []
    if t.alt_en:
        sources = t.alt_source if len(t.alt_source) == len(t.alt_en) else ()
        parts = []
        for i, form in enumerate(t.alt_en):
            part = f'<span class="tdg-alt-en">{_e(form)}</span>'
            if sources:
                part += f" ({external(sources[i], host_of(sources[i]), 'tdg-alt-source')})"
            parts.append(part)
        out.append(f'<p class="tdg-alt">Also accepted: {"; ".join(parts)}</p>\n')
    for form, reason in t.deprecated:
        why = f" — {_e(reason)}" if reason else ""
        out.append(f'<p class="tdg-avoid">Avoid: <span class="tdg-deprecated-en">{_e(form)}'
                   f"</span>{why}</p>\n")
    return "".join(out)


def note_html(note: str, cls: str) -> str:
    """A term's note, a paragraph per line, the first starting "Note: "."""
    parts = [p.strip() for p in note.splitlines() if p.strip()]
    return "".join(f'<p class="{cls}">{"<em>Note: </em>" if i == 0 else ""}{_e(part)}</p>\n'
                   for i, part in enumerate(parts))


#: Where an entry's link to its glossary entry goes, until the page is written: private-use
#: characters around the term id (docutils drops NUL from a node's text).
GLOSSARY_URI, _END = "\ue000", "\ue001"


ENTRIES = "td_entries"  # the attribute that marks a raw node of entries


def entries_node(text: str, anchors: list[tuple[str, str]],
                 links: list[str] | tuple[str, ...] = ()) -> nodes.raw:
    """Raw HTML entries of a glossary-wide page; ``anchors`` lists (id, label) of the
    entries, ``links`` the term ids whose glossary entry the HTML links to."""
    node = nodes.raw("", text, format="html")
    node[ENTRIES] = True
    node["anchors"] = [list(a) for a in anchors]
    node["links"] = list(links)
    return node


def entries(doctree: nodes.Node) -> list[nodes.raw]:
    return [n for n in doctree.findall(nodes.raw) if n.get(ENTRIES)]


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in each entry's link to its glossary entry (`GLOSSARY_URI`); a term without
    one is a warning, as an unresolved cross-reference is."""
    linked = [n for n in entries(doctree) if n["links"]]
    if not linked:
        return
    std = app.env.get_domain("std")
    for node in linked:
        text = node.astext()
        for term_id in node["links"]:
            target = std.objects.get(("term", term_id.lower()))  # type: ignore[attr-defined]
            if target is None:
                logger.warning("term not in glossary: %r", term_id, location=docname,
                               type="ref", subtype="term")
                uri = "#"
            else:
                uri = app.builder.get_relative_uri(docname, target[0]) + "#" + target[1]
            text = text.replace(f"{GLOSSARY_URI}{_a(term_id)}{_END}", _a(uri))
        node.replace_self(entries_node(text, node["anchors"]))


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
        section += entries_node("".join(self._term(t, rows[t.id]) for t in terms),
                                [(t.id, t.zh) for t in terms], [t.id for t in terms])
        return section

    def _term(self, t: Term, forms: list[Rendering]) -> str:
        rows = "".join(self._row(r, i) for i, r in enumerate(forms))
        return (f'<section class="tdv-term" id="{_a(t.id)}">\n'
                f'<h3><span class="tdv-zh">{_e(t.zh)}</span>'
                f' <span class="tdv-en">{_e(t.en)}</span><a class="headerlink" '
                f'href="#{_a(t.id)}" title="Link to this heading">#</a></h3>\n'
                f'<p class="tdv-head"><span class="tdv-pinyin">{_e(t.pinyin)}</span> · '
                f'<a class="reference internal" href="{GLOSSARY_URI}{_a(t.id)}{_END}">'
                f"<span>glossary entry</span></a></p>\n"
                '<div class="pst-scrollable-table-container"><table class="tdv-forms table">\n'
                '<colgroup>\n<col style="width: 56.0%" />\n<col style="width: 20.0%" />\n'
                '<col style="width: 24.0%" />\n</colgroup>\n<thead>\n'
                '<tr class="row-odd"><th class="head"><p>Rendering</p></th>\n'
                '<th class="head"><p>Status</p></th>\n<th class="head"><p>Source</p></th>\n'
                f"</tr>\n</thead>\n<tbody>\n{rows}</tbody>\n</table>\n</div>\n"
                f"{note_html(t.note, 'tdv-note')}</section>\n")

    def _row(self, r: Rendering, i: int) -> str:
        tag = "strong" if r.status == "preferred" else "span"
        first = [f'<p class="tdv-{r.status}"><{tag}>{_e(r.form)}</{tag}></p>']
        if r.reason:
            first.append(f'<p class="tdv-reason">{_e(r.reason)}</p>')
        if r.excerpt:
            first.append(f'<p class="tdv-excerpt">“{_e(r.excerpt)}”</p>')
        status = [f'<p class="tdv-status">{STATUS_LABEL[r.status]}</p>']
        if r.register:
            status.append(f'<p class="tdv-register">seen in: {_e(r.register.label)}</p>')
        if r.url:
            compared = "compared with " if r.status == "deprecated" and not r.excerpt else ""
            source = [f"<p>{compared}{external(r.url, host_of(r.url))}</p>"]
        else:
            source = ["<p>no source recorded</p>"]
        if r.date:
            source.append(f'<p class="tdv-date">{_e(r.date)}</p>')
        parity = "odd" if i % 2 else "even"
        return f'<tr class="row-{parity}">{_td(first)}\n{_td(status)}\n{_td(source)}\n</tr>\n'


def _td(paragraphs: list[str]) -> str:
    """A table cell as docutils writes it: one paragraph inline, several on lines."""
    if len(paragraphs) == 1:
        return f"<td>{paragraphs[0]}</td>"
    return "<td>" + "\n".join(paragraphs) + "\n</td>"


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    if doctree is not None and any(doctree.findall(VariantsMarker)):
        app.add_css_file(CSS)
