"""No renumbering when a build reads nothing.

After reading, Sphinx assigns figure numbers again (``env-get-updated``:
`TocTreeCollector.assign_figure_numbers`), and for that loads the doctree of every page
of the book. sphinx-exercise turns figure numbering on (its exercises are numbered
as figures), so every build pays it, also one with nothing to do: for a semester of 50
pages about 3 of 4.5 CPU seconds of a no-op build (the glossary and variants pages'
doctrees alone are several MB; benchmarks/results/summary.md). When no document was read
or removed, no number can have changed (the numbers come from the doctrees and the
toctrees, both as the last build left them), so this extension skips it then. A build
that reads anything renumbers as Sphinx does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_PATCHED = "_termdrills_skips_unread"


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    app.termdrills_removed = bool(removed)  # type: ignore[attr-defined]
    return []


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app.termdrills_read_nothing = (  # type: ignore[attr-defined]
        not docnames and not getattr(app, "termdrills_removed", True))


def _patch() -> None:
    # The method the collector's listener calls (looked up when called: Sphinx connected
    # the listener before this extension loaded).
    from sphinx.environment.collectors.toctree import TocTreeCollector

    if getattr(TocTreeCollector.assign_figure_numbers, _PATCHED, False):
        return
    renumber = TocTreeCollector.assign_figure_numbers

    def assign_figure_numbers(self: TocTreeCollector, env: BuildEnvironment) -> list[str]:
        if getattr(getattr(env, "app", None), "termdrills_read_nothing", False):
            return []  # nothing read or removed: every number is as the last build left it
        return renumber(self, env)

    setattr(assign_figure_numbers, _PATCHED, True)
    TocTreeCollector.assign_figure_numbers = assign_figure_numbers  # type: ignore[method-assign]


def setup(app: Sphinx) -> dict[str, Any]:
    _patch()
    app.connect("env-get-outdated", _outdated, priority=900)  # after every other listener
    app.connect("env-before-read-docs", _before_read, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
