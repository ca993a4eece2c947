"""The course book's Sphinx extension: everything Sphinx in termdrills lives in this package.

List it in ``_config.yml`` (``sphinx: extra_extensions: [termdrills.book]``) and
the book gets, from the glossary beside ``_config.yml`` (or ``termdrills.glossary``):

* the glossary as page content (``termdrills-glossary``, `glossary_page`): searchable,
  grouped by lesson, one anchor per term, an offline filter; each term also a Sphinx
  glossary term, so pages link to it with {term}`政务服务`;
* a lesson's key terms as a linked table (``termdrills-terms SLUG``, what
  ``key_terms(g, "slug")`` shows on the site);
* the "Renderings that vary" page (``termdrills-variants``, `variants_page`), from the
  glossary and the evidence.csv beside it;
* example pairs in the aligned bilingual view (``termdrills-aligned ID ...``,
  `aligned_page`);
* fresh pages by construction (`freshness`): a lesson runs again exactly when a
  glossary row it looked up, or the drills' code, changed; notebooks run side by side
  (`execute`);
* the drills' code once per site, a file every drill page loads (`drill_code`), and
  every term of the course once, a file every page with a Review drill loads
  (`site_terms`): the Review drill reviews every term met on the site;
* every run of Chinese marked ``lang="zh-CN"`` (`lang`, `site`), a search that finds
  every Chinese word, pinyin with or without tone marks, and terms at their anchors
  (`search`);
* the theme's accessibility faults fixed, titles escaped in every slot, and a warning
  (an error under ``-W``) for anything a page would load from outside the site (`site`);
* no renumbering of pages that number nothing (`numbers`).

Build state lives in two typed objects (`state`): `BuildState` on the application,
`Saved` on the environment. Nothing outside this package imports Sphinx or docutils
(``tests/test_layout.py``), so the rest of termdrills is a library that starts no
Sphinx; a MyST (Jupyter Book 2) port would replace this package alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

try:
    import myst_nb  # noqa: F401
    import sphinx  # noqa: F401
except ImportError:  # the core installed without the book
    raise ImportError("termdrills.book is the course book's Sphinx extension, which needs "
                      "Jupyter Book 1: pip install 'termdrills[book]'") from None

import termdrills
from termdrills.book import (
    aligned_page,
    drill_code,
    execute,
    freshness,
    glossary_page,
    numbers,
    site,
    site_terms,
    state,
    variants_page,
)
from termdrills.book.lang import ChineseRuns
from termdrills.book.search import LANGUAGE, GlossaryDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["setup"]

#: Bumped whenever a pickled node class or the `state.Saved` record changes.
ENV_VERSION = 9


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every directive, node and transform, then every event listener in the
    order Sphinx emits the events.

    Priorities (Sphinx calls listeners of one event in ascending priority, default 500):

    * 400 `execute.source_read`: hands myst-nb the notebook run on the pool before
      `freshness.source_read` (500) decides whether the notebook is traced;
    * 500 `state.builder_inited`: loads the glossary; every other ``builder-inited``
      listener (600) reads it;
    * 900 `numbers.note_removed`, `numbers.before_read`: after every other listener
      of their event has added or removed documents;
    * 900 `execute.write_side_by_side`: after every ``env-updated`` listener that
      adds pages to write;
    * 900 `site.page_context`: after every listener that adds a script or stylesheet,
      so the offline check sees them all.
    """
    app.add_config_value("termdrills", {}, "env", types=[dict])

    # What pages can contain.
    app.add_directive("termdrills-glossary", glossary_page.GlossaryDirective)
    app.add_directive("termdrills-terms", glossary_page.TermsDirective)
    app.add_directive("termdrills-variants", variants_page.VariantsDirective)
    app.add_directive("termdrills-aligned", aligned_page.AlignedDirective)
    skip = {b: (state.skip_node, None) for b in state.MARKER_BUILDERS}
    app.add_node(glossary_page.GlossaryMarker, **skip)
    app.add_node(variants_page.VariantsMarker, **skip)
    app.add_node(aligned_page.AlignedMarker, **skip)
    app.add_node(aligned_page.HtmlElement, **aligned_page.HTML_ELEMENT_VISITORS)
    app.add_transform(ChineseRuns)  # read time, after smart quotes (its priority: 870)
    app.add_domain(GlossaryDomain)
    from sphinx.search import languages

    languages["zh"] = LANGUAGE  # by name: imported only when the index is written
    numbers.patch()

    # event order - 1: config-inited
    app.connect("config-inited", site.config_inited)
    # event order - 2: builder-inited
    app.connect("builder-inited", state.builder_inited)  # 500: the glossary first
    app.connect("builder-inited", site.builder_inited, priority=600)
    app.connect("builder-inited", aligned_page.builder_inited, priority=600)
    app.connect("builder-inited", drill_code.write_code_file, priority=600)
    app.connect("builder-inited", site_terms.write_terms_file, priority=600)
    # event order - 3: env-get-outdated
    app.connect("env-get-outdated", freshness.get_outdated)
    app.connect("env-get-outdated", numbers.note_removed, priority=900)
    # event order - 4: env-purge-doc
    app.connect("env-purge-doc", freshness.purge_doc)
    app.connect("env-purge-doc", numbers.purge_doc)
    # event order - 5: env-before-read-docs
    app.connect("env-before-read-docs", execute.before_read)
    app.connect("env-before-read-docs", numbers.before_read, priority=900)
    # event order - 6: source-read (per document)
    app.connect("source-read", execute.source_read, priority=400)
    app.connect("source-read", freshness.source_read)
    # event order - 7: doctree-read (per document)
    app.connect("doctree-read", freshness.doctree_read)
    app.connect("doctree-read", drill_code.drop_widget_state)
    app.connect("doctree-read", drill_code.doctree_read)
    app.connect("doctree-read", glossary_page.term_anchors)
    app.connect("doctree-read", numbers.doctree_read)
    # event order - 8: env-merge-info (parallel reading only)
    app.connect("env-merge-info", freshness.merge_info)
    app.connect("env-merge-info", numbers.merge_info)
    # event order - 9: env-updated
    app.connect("env-updated", site.toc_changed)
    app.connect("env-updated", execute.write_side_by_side, priority=900)
    # event order - 10: doctree-resolved (per page written)
    app.connect("doctree-resolved", site.note_written)
    app.connect("doctree-resolved", variants_page.resolve_links)
    # event order - 11: html-collect-pages
    app.connect("html-collect-pages", site.escape_search_titles)
    # event order - 12: html-page-context (per page written)
    app.connect("html-page-context", glossary_page.page_context)
    app.connect("html-page-context", variants_page.page_context)
    app.connect("html-page-context", aligned_page.page_context)
    app.connect("html-page-context", drill_code.page_context)
    app.connect("html-page-context", site_terms.page_context)
    app.connect("html-page-context", site.page_context, priority=900)
    # event order - 13: build-finished
    app.connect("build-finished", freshness.build_finished)
    app.connect("build-finished", drill_code.build_finished)
    return {
        "version": termdrills.__version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
