"""The course book's own Sphinx extension (listed in _config.yml).

What it does, in build order:

* registers the ``termdrills`` config value (course settings: ``course_id``,
  ``ui_language``, ``glossary``);
* at ``builder-inited`` loads glossary.csv through the checker and stops the build
  with the checker's own located lines when it has errors;
* writes one digest file per glossary lesson (its rows plus the drill front-end
  files), only when its content changed, so that mtimes mean "this input changed";
* (with `termdrills._freshness`) re-reads, and so re-runs, exactly the notebooks
  whose glossary look-ups or drills changed since they last ran: each run notes what
  it read, no notebook declares it (docs/architecture.md, "Freshness");
* rewrites every page when _toc.yml changed, so no page keeps an old sidebar;
* provides (from `termdrills._glossary_page`) the ``termdrills-glossary``
  directive: the glossary as real page content (searchable), grouped by lesson,
  sorted by pinyin, one anchor per term id, with an offline filter box (``_static/termdrills-glossary.js``); each term
  is also a Sphinx glossary term, so pages link to it with {term}`政务服务`,
  {term}`government services` or {term}`optimize-government-services`;
* provides ``termdrills-terms SLUG``: a lesson's key terms as a linked table;
* marks every run of Chinese with ``lang="zh-CN"`` (`termdrills._lang`): prose,
  headings, tables, notebook outputs;
* makes the site search find every Chinese word on the site, pinyin with or without
  tone marks, and glossary terms at their anchors (`termdrills._search`);
* adds the site's own stylesheet and script (``termdrills-site.css``/``.js``) and
  theme template overrides (``templates/theme``) that fix the theme's accessibility
  faults (docs in each file);
* provides (from `termdrills._variants_page`) ``termdrills-variants``: the "Renderings
  that vary" page, every term with more than one rendering with each rendering's
  source, date and kind of source, from the glossary and the evidence.csv beside it;
* provides (from `termdrills._aligned_page`) ``termdrills-aligned ID ...``: glossary
  rows' example pairs in the aligned bilingual view, clause by clause, each term in
  the same colour and with the same number in both languages (its CSS is written to
  ``_static/termdrills-aligned.css`` and loaded only by the pages that use it);
* leaves out the ipywidgets state myst-nb would embed for a widget manager the
  site does not load;
* warns (an error under ``-W``) when any page would load a script or stylesheet
  from outside the site.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

import termdrills
from termdrills._aligned_page import CSS_FILE as ALIGNED_CSS_FILE
from termdrills._aligned_page import AlignedMarker, setup_aligned, write_css
from termdrills._glossary_page import GlossaryDirective, GlossaryMarker, TermsDirective, skip_node
from termdrills._lang import ChineseRuns, mark_html
from termdrills._search import LANGUAGE, GlossaryDomain
from termdrills._variants_page import register as register_variants
from termdrills.course import from_sphinx, glossary_path
from termdrills.errors import GlossaryError, TermdrillsError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from termdrills.glossary import Glossary

__all__ = ["GlossaryDirective", "TermsDirective", "setup"]

logger = logging.getLogger(__name__)

PACKAGE = Path(termdrills.__file__).resolve().parent
#: Files whose change alters what a drill shows: the drills' front end, its UI strings
#: and the Python that builds each drill's questions.
DRILL_FILES = ("static", "i18n", "drills", "schema")
ASSETS = PACKAGE / "templates"
THEME_TEMPLATES = ASSETS / "theme"
FILTER_JS = "termdrills-glossary.js"
FILTER_CSS = "termdrills-glossary.css"
SITE_JS = "termdrills-site.js"
SITE_CSS = "termdrills-site.css"
STATE_DIR = "termdrills"  # inside the doctree folder (_build/.doctrees)


# --------------------------------------------------------------------------- state


@dataclass
class _State:
    """What this build knows about the glossary (lives on the app, never pickled)."""

    glossary: Glossary
    folder: Path
    drills: str  # digest of the drills' front-end files

    def digest_path(self, slug: str) -> Path:
        return self.folder / f"lesson-{slug}.digest"

    def lesson_digest(self, slug: str) -> str:
        """Changes exactly when the lesson's rows change (what a page's key-terms table
        shows; notebooks' own reads are `_freshness`'s). The CSV line number is left out:
        a row inserted above must not re-read every page."""
        blob = json.dumps(self.glossary.answer(f"lesson:{slug}"), ensure_ascii=False,
                          sort_keys=True)
        return f"rows {hashlib.sha256(blob.encode()).hexdigest()}\n"


def _state(app: Sphinx) -> _State:
    return app.termdrills_state  # type: ignore[attr-defined]


def _write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds it (its mtime then keeps meaning)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def _drill_files_digest() -> str:
    h = hashlib.sha256()
    for sub in DRILL_FILES:
        folder = PACKAGE / sub
        for f in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(PACKAGE)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _glossary_path(app: Sphinx) -> Path:
    """The glossary the lessons read (`termdrills.course.glossary_path`'s rule)."""
    try:
        course = from_sphinx(app.config, app.srcdir)
    except TermdrillsError as exc:
        _fail([str(exc)])
    return glossary_path(app.srcdir, course)


def _fail(lines: list[str]) -> None:
    """Stop the build: the lines as they are, then a non-zero exit without a traceback."""
    for line in lines:
        logger.error(line)
    raise SystemExit(1)


# --------------------------------------------------------------------------- events


def _config_inited(app: Sphinx, config: Config) -> None:
    generated = Path(app.doctreedir) / STATE_DIR / "static"  # files made from Python
    write_css(generated)
    config.html_static_path = [*config.html_static_path, str(ASSETS), str(generated)]
    # First, so these overrides win over the theme's own components.
    config.templates_path = [str(THEME_TEMPLATES), *config.templates_path]


def _builder_inited(app: Sphinx) -> None:
    from termdrills.glossary import load_glossary

    path = _glossary_path(app)
    if not path.is_file():
        _fail([f"{path}: glossary not found (set termdrills.glossary in _config.yml)"])
    try:
        glossary = load_glossary(path)
    except GlossaryError as exc:
        _fail([str(p) for p in exc.problems])
    except TermdrillsError as exc:
        _fail([str(exc)])
    for problem in glossary.warnings:  # allowed by the checker: shown, never fatal
        logger.info(str(problem))

    folder = Path(app.doctreedir) / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    state = _State(glossary, folder, _drill_files_digest())
    app.termdrills_state = state  # type: ignore[attr-defined]
    app.add_css_file(SITE_CSS)
    app.add_js_file(SITE_JS, loading_method="defer")

    slugs = set(glossary.lessons()) | {
        p.name[len("lesson-"):-len(".digest")] for p in folder.glob("lesson-*.digest")
    }
    for slug in sorted(slugs):
        _write_if_changed(state.digest_path(slug), state.lesson_digest(slug))


def _drop_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """myst-nb embeds a notebook's ipywidgets state for a widget manager to read; with
    ``nb_ipywidgets_js: {}`` the site loads none (drills run from their text/html
    fallback), so that state, about half of a lesson page's bytes, is dead weight."""
    if getattr(app.config, "nb_ipywidgets_js", None) != {}:
        return
    meta = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})  # myst-nb's record
    meta.get("js_files", {}).pop("ipywidgets_state", None)


def _term_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Let a Markdown link reach a glossary term: ``[政务服务](../book/glossary.md#government-services)``
    resolves on the site (myst-parser looks the anchor up among the page's "myst_slugs")
    and stays a plain link in Jupyter, where a ``{term}`` role shows as raw text."""
    entries = [n for n in doctree.findall(nodes.container) if "tdg-term" in n["classes"]]
    if not entries:
        return
    slugs = app.env.metadata[app.env.docname].setdefault("myst_slugs", {})
    for entry in entries:
        anchor = entry["ids"][0]
        head = next(entry.findall(nodes.inline), None)
        slugs.setdefault(anchor, (entry.line, anchor, head.astext() if head else anchor))


def _toc_digest(app: Sphinx) -> str:
    toc = Path(app.srcdir) / str(getattr(app.config, "external_toc_path", "_toc.yml"))
    try:
        return hashlib.sha256(toc.read_bytes()).hexdigest()
    except OSError:
        return ""


def _env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After a _toc.yml change every page is written again (not re-read) for its sidebar."""
    digest = _toc_digest(app)
    before = getattr(env, "termdrills_toc", None)
    env.termdrills_toc = digest  # type: ignore[attr-defined]
    if before is not None and before != digest:
        logger.info("[termdrills] _toc.yml changed: writing every page again")
        return sorted(env.found_docs)
    return []


#: Template variables that themes put into pages unescaped although they hold plain
#: text: sphinx-book-theme sets ``pagetitle`` (the print header's <h1>) and
#: ``root_title`` (the sidebar's book title) from ``title.astext()``, and
#: ``page_description`` from the page's text.
_PLAIN_TEXT_SLOTS = ("pagetitle", "root_title", "page_description")


def _escape_slots(context: dict[str, Any]) -> None:
    """A title such as ``<img src=x onerror=…>`` (new-lesson --title) is text in every
    slot: each plain-text slot is escaped. `Markup` keeps a theme that escapes the
    value itself (``|e``) from escaping it twice."""
    from markupsafe import Markup, escape

    for key in _PLAIN_TEXT_SLOTS:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    _escape_slots(context)
    if isinstance(context.get("body"), str):
        context["body"] = mark_html(context["body"])
    if doctree is not None and any(doctree.findall(GlossaryMarker)):
        app.add_js_file(FILTER_JS, loading_method="defer")
        app.add_css_file(FILTER_CSS)
    if doctree is not None and any(doctree.findall(AlignedMarker)):
        app.add_css_file(ALIGNED_CSS_FILE)
    files = [*context.get("script_files", ()), *context.get("css_files", ())]
    for f in files:
        url = str(getattr(f, "filename", f))
        if url.startswith(("http://", "https://", "//")):
            logger.warning(
                "%s loads %s from outside the site (the course site must work offline)",
                pagename, url, type="termdrills", subtype="offline",
            )


# --------------------------------------------------------------------------- search titles


def _note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remember the pages written in this build (`_escape_search_titles` escapes their
    section titles; those of pages kept from an earlier build are escaped already)."""
    written: set[str] = app.__dict__.setdefault("termdrills_written", set())
    written.add(docname)


def _escape_search_titles(app: Sphinx) -> list[Any]:
    """Sphinx's search page shows a section-title match with ``innerHTML`` and stores
    those titles (``alltitles`` in searchindex.js) as plain text, so a heading such as
    ``<img src=x onerror=…>`` would run on the search page. Each title of a page written
    in this build is escaped here, before the index is written (``html-collect-pages``
    comes first in the builder's finish). Returns no extra pages."""
    indexer = getattr(app.builder, "indexer", None)
    titles = getattr(indexer, "_all_titles", None)
    if not isinstance(titles, dict):
        return []
    for docname in app.__dict__.get("termdrills_written", ()):
        if docname in titles:
            titles[docname] = [(html.escape(title, quote=False), anchor)
                               for title, anchor in titles[docname]]
    return []


# --------------------------------------------------------------------------- setup


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("termdrills", {}, "env", types=[dict])
    app.add_directive("termdrills-glossary", GlossaryDirective)
    app.add_directive("termdrills-terms", TermsDirective)
    setup_aligned(app)
    app.add_node(GlossaryMarker, **{
        b: (skip_node, None) for b in ("html", "latex", "text", "man", "texinfo")
    })
    from sphinx.search import languages

    languages["zh"] = LANGUAGE  # by name: imported only when the index is written
    app.add_domain(GlossaryDomain)
    app.add_transform(ChineseRuns)
    app.setup_extension("termdrills._freshness")
    app.setup_extension("termdrills._drill_script")  # the drills' code: one file per site
    app.setup_extension("termdrills._numbers")  # no renumbering when nothing was read
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-read", _drop_widget_state)
    app.connect("doctree-read", _term_anchors)
    app.connect("env-updated", _env_updated)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("doctree-resolved", _note_written)
    app.connect("html-collect-pages", _escape_search_titles)
    register_variants(app)  # the termdrills-variants directive (termdrills._variants_page)
    return {
        "version": termdrills.__version__,
        "env_version": 6,  # bumped whenever a pickled node class or env attribute changes
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
