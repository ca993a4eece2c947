"""Fresh pages by construction: a lesson runs again exactly when what it read changed.

jupyter-cache keys only on code cells, so the course runs every notebook it reads
(``execute_notebooks: force``) and this part of the book's extension decides which
notebooks Sphinx reads. While a notebook runs, its kernel notes every glossary
look-up and every drill it builds (`termdrills.glossary.trace`: the environment variable
``TERMDRILLS_TRACE`` names the file). After the run the noted look-ups and a digest
of their answers are kept in Sphinx's environment; at the start of the next build
each digest is recomputed from the current glossary and the drills' files, and the
notebooks whose answers changed are read, and so run, again. No notebook declares
what it reads; one that embeds another lesson's rows (a sentence drill's terms) is
re-run when those rows change.

Parallel-safe: the record is per document, purged and merged with Sphinx's events.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from termdrills.book import state as _state
from termdrills.contracts import LESSONS_FILE
from termdrills.glossary import trace as _trace

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

def _reads(env: BuildEnvironment) -> dict[str, tuple[frozenset[str], str]]:
    return _state.saved(env).reads


def source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Before a notebook runs: its kernel notes what it reads into a fresh trace file
    (a notebook run on the pool, `termdrills.book.execute`, has filled its file already)."""
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    state = _state.build(app)
    path = state.trace_file(docname)
    if docname not in state.runs:  # not run on the pool (`termdrills.book.execute`)
        _trace.forget(path)  # myst-nb runs it next; its kernel inherits the variable
    os.environ[_trace.ENV] = str(path)


def traced(app: Sphinx) -> bool:
    """Whether the glossary look-ups of the document being read are recorded (a notebook:
    its run's and its directives' look-ups, made in this process while it is parsed)."""
    path = os.environ.get(_trace.ENV)
    return bool(path) and Path(path) == _state.build(app).trace_file(app.env.docname)


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """After a notebook ran: keep what it read and the digest of the answers."""
    docname = app.env.docname
    path = os.environ.get(_trace.ENV)
    if not path or Path(path) != _state.build(app).trace_file(docname):
        return
    del os.environ[_trace.ENV]
    keys = frozenset(_trace.read(path))
    state = _state.build(app)
    if keys:
        _reads(app.env)[docname] = (keys, _trace.resolve(keys, state.glossary.answer, state.drills))
    else:
        _reads(app.env).pop(docname, None)


def get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                 removed: set[str]) -> list[str]:
    """The notebooks whose glossary answers or drills changed since they last ran (none,
    without a look, when neither the glossary file nor the drills changed since the last
    build brought every notebook's reads up to date)."""
    import hashlib

    state = _state.build(app)
    saved = _state.saved(env)
    path = state.glossary.path
    glossary = hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else ""
    inputs = (glossary, state.drills)
    if saved.inputs == inputs:
        return []
    stale = []
    for docname, (keys, digest) in sorted(_reads(env).items()):
        if docname in changed or docname in removed or docname not in env.found_docs:
            continue
        if _trace.resolve(keys, state.glossary.answer, state.drills) != digest:
            stale.append(docname)
    saved.inputs = inputs  # the stale ones are read, and their reads noted, in this build
    return stale


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _reads(env).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str],
               other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in _reads(other):
            _reads(env)[docname] = _reads(other)[docname]




def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import json

    from termdrills._files import atomic_write

    pages = {f"{docname}.html": sorted({k.removeprefix("ids:").removeprefix("lesson:")
                                        for k in keys
                                        if k.startswith(("lesson:", "ids:lesson:"))})
             for docname, (keys, _) in sorted(_reads(app.env).items())}
    out = Path(app.outdir) / LESSONS_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, json.dumps(pages, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
