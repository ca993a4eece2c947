"""The site as a whole: its own static files and theme overrides, and what every page
gets on its way out.

* the site's stylesheet and script (``templates/termdrills-site.css``/``.js_t``) on every
  page (Sphinx writes the script from its template with the data of
  ``termdrills/i18n/chinese.json``: the Chinese-run rule is one for the build, the drills
  and the site's script), and the theme template overrides (``templates/theme``) that fix the theme's
  accessibility faults (docs in each file);
* each page's body with its Chinese runs marked ``lang="zh-CN"``
  (`termdrills.text.chinese.mark_html`: notebook outputs and code, which are not
  doctree text by then);
* the theme's plain-text slots escaped (a lesson title is text everywhere), and the
  section titles of the search index (Sphinx's search page shows them as HTML);
* every page written again after a ``_toc.yml`` change (its sidebar);
* a warning (an error under ``-W``) when any page would load a script or stylesheet
  from outside the site.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from termdrills.book import state as _state
from termdrills.text.chinese import DATA as CHINESE_DATA
from termdrills.text.chinese import mark_html

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
THEME_TEMPLATES = TEMPLATES / "theme"
SITE_JS = "termdrills-site.js"
SITE_CSS = "termdrills-site.css"


#: myst-nb settings the drills need on a static site, as (builder, mime type, priority):
#: a drill's text/html fallback wins over the widget view (which needs require.js and
#: the widget manager from CDNs and shows nothing offline), and `key_terms(...)`'s MyST
#: table (text/markdown) loses to nothing but it. The override matches by builder name.
MIME_PRIORITIES = (
    *((builder, "text/html", 0) for builder in ("html", "dirhtml", "singlehtml")),
    *((builder, "text/markdown", -1) for builder in ("html", "dirhtml", "singlehtml")),
)


def _offline_defaults(config: Config) -> None:
    """What a book needs for drills that work offline, unless it says otherwise: the
    mime priorities above, no widget manager loaded from a CDN (``nb_ipywidgets_js``),
    notebook Markdown read as MyST (the key-terms table is a directive). A book that
    only lists ``termdrills.book`` among its extensions gets them all."""
    overrides = list(getattr(config, "nb_mime_priority_overrides", None) or [])
    have = {(b, m) for b, m, *_ in overrides}
    overrides += [list(entry) for entry in MIME_PRIORITIES if entry[:2] not in have]
    config.nb_mime_priority_overrides = overrides
    widgets = getattr(config, "nb_ipywidgets_js", None)
    if isinstance(widgets, dict) and any(str(url).startswith(("http:", "https:", "//"))
                                         for url in widgets):
        config.nb_ipywidgets_js = {}
    if getattr(config, "nb_render_markdown_format", "myst") == "commonmark":
        config.nb_render_markdown_format = "myst"


def config_inited(app: Sphinx, config: Config) -> None:
    """Static files: the templates folder, and the folder of files made from Python
    (`BuildState.generated`, written at ``builder-inited``); theme overrides first, so
    they win over the theme's own components; the myst-nb settings drills need."""
    generated = Path(app.doctreedir) / _state.STATE_DIR / "static"
    generated.mkdir(parents=True, exist_ok=True)
    config.html_static_path = [*config.html_static_path, str(TEMPLATES), str(generated)]
    config.templates_path = [str(THEME_TEMPLATES), *config.templates_path]
    _offline_defaults(config)
    # templates/termdrills-site.js_t: Sphinx renders it into _static/termdrills-site.js.
    config.html_context = {**config.html_context,
                           "termdrills_chinese": json.dumps(CHINESE_DATA, ensure_ascii=True)}


def builder_inited(app: Sphinx) -> None:
    app.add_css_file(SITE_CSS)
    app.add_js_file(SITE_JS, loading_method="defer")


def _toc_digest(app: Sphinx) -> str:
    toc = Path(app.srcdir) / str(getattr(app.config, "external_toc_path", "_toc.yml"))
    try:
        return hashlib.sha256(toc.read_bytes()).hexdigest()
    except OSError:
        return ""


def toc_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After a _toc.yml change every page is written again (not re-read) for its sidebar."""
    digest = _toc_digest(app)
    saved = _state.saved(env)
    before, saved.toc = saved.toc, digest
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


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """Escape the plain-text slots and mark the body's Chinese; then check every file the
    page loads (so this runs after every listener that adds one)."""
    _escape_slots(context)
    if isinstance(context.get("body"), str):
        context["body"] = mark_html(context["body"])
    files = [*context.get("script_files", ()), *context.get("css_files", ())]
    for f in files:
        url = str(getattr(f, "filename", f))
        if url.startswith(("http://", "https://", "//")):
            logger.warning(
                "%s loads %s from outside the site (the course site must work offline)",
                pagename, url, type="termdrills", subtype="offline",
            )


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remember the pages written in this build (`escape_search_titles` escapes their
    section titles; those of pages kept from an earlier build are escaped already)."""
    _state.build(app).written.add(docname)


def escape_search_titles(app: Sphinx) -> list[Any]:
    """Sphinx's search page shows a section-title match with ``innerHTML`` and stores
    those titles (``alltitles`` in searchindex.js) as plain text, so a heading such as
    ``<img src=x onerror=…>`` would run on the search page. Each title of a page written
    in this build is escaped here, before the index is written (``html-collect-pages``
    comes first in the builder's finish). Returns no extra pages."""
    indexer = getattr(app.builder, "indexer", None)
    titles = getattr(indexer, "_all_titles", None)
    if not isinstance(titles, dict):
        return []
    for docname in _state.build(app).written:
        if docname in titles:
            titles[docname] = [(html.escape(title, quote=False), anchor)
                               for title, anchor in titles[docname]]
    return []
