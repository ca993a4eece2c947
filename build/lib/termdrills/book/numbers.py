"""Figure numbering without loading pages that number nothing.

After reading, Sphinx assigns figure numbers again (``env-get-updated``:
`TocTreeCollector.assign_figure_numbers`), and for that loads the doctree of every page of
the book. sphinx-exercise turns figure numbering on (its exercises are numbered as
figures), so every build pays it, also one with nothing to do: for a semester of 50
pages about 3 of 4.5 CPU seconds of a no-op build (the glossary and variants pages'
doctrees alone are several MB; book/performance.md). So this part of the extension

* skips renumbering when a build read and removed nothing: every number comes from the
  doctrees and toctrees the last build left, so none can have changed;
* otherwise lets Sphinx renumber, but hands it an empty tree for each page known (from
  when it was read) to hold no numbered element and no toctree: walking such a page
  numbers nothing and visits nothing, so the numbers are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from termdrills.book import state as _state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_PATCHED = "_termdrills_skips_unread"


def _unnumbered(env: BuildEnvironment) -> set[str]:
    return _state.saved(env).unnumbered


def note_removed(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                 removed: set[str]) -> list[str]:
    _state.build(app).removed = bool(removed)
    return []


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    state = _state.build(app)
    state.read_nothing = not docnames and not state.removed


def _numbers_something(env: BuildEnvironment, doctree: nodes.Node) -> bool:
    """Whether the page holds a toctree or an element a domain may number: a superset of
    what Sphinx numbers, which is only an enumerable element that has an id (captions are
    not looked at). A lesson's tables and code cells have none, so lessons number nothing
    and a rebuild does not load them to renumber."""
    classes = tuple({cls for domain in env.domains.values()
                     for cls in getattr(domain, "enumerable_nodes", {})})

    def numbered(node: nodes.Node) -> bool:
        if isinstance(node, addnodes.toctree):
            return True
        enumerable = (isinstance(node, classes)
                      or (isinstance(node, nodes.container) and "literal_block" in node))
        return enumerable and bool(node.get("ids"))  # type: ignore[attr-defined]

    return next(iter(doctree.findall(numbered)), None) is not None


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if _numbers_something(env, doctree) or env.docname in env.toctree_includes:
        _unnumbered(env).discard(env.docname)
    else:
        _unnumbered(env).add(env.docname)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _unnumbered(env).discard(docname)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    _unnumbered(env).update(_unnumbered(other) & docnames)


def patch() -> None:
    """Have Sphinx's figure numbering skip what cannot change (once per process)."""
    # The method the collector's listener calls (looked up when called: Sphinx connected
    # the listener before this extension loaded).
    from sphinx.environment.collectors.toctree import TocTreeCollector

    if getattr(TocTreeCollector.assign_figure_numbers, _PATCHED, False):
        return
    renumber = TocTreeCollector.assign_figure_numbers

    def assign_figure_numbers(self: TocTreeCollector, env: BuildEnvironment) -> list[str]:
        app = getattr(env, "app", None)
        if app is not None and _state.started(app) and _state.build(app).read_nothing:
            return []  # nothing read or removed: every number is as the last build left it
        skip = _unnumbered(env)
        load = env.get_doctree

        def get_doctree(docname: str) -> nodes.Node:
            return nodes.Element() if docname in skip else load(docname)

        env.get_doctree = get_doctree  # type: ignore[method-assign]
        try:
            return renumber(self, env)
        finally:
            del env.get_doctree

    setattr(assign_figure_numbers, _PATCHED, True)
    TocTreeCollector.assign_figure_numbers = assign_figure_numbers  # type: ignore[method-assign]
