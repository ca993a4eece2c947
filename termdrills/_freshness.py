"""Fresh pages by construction: a lesson runs again exactly when what it read changed.

jupyter-cache keys only on code cells, so the course runs every notebook it reads
(``execute_notebooks: force``) and this part of the book's extension decides which
notebooks Sphinx reads. While a notebook runs, its kernel notes every glossary
look-up and every drill it builds (`termdrills._trace`: the environment variable
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
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from termdrills import _execute, _trace

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ATTR = "termdrills_reads"  # on the environment: docname → (noted keys, digest)


def _reads(env: BuildEnvironment) -> dict[str, tuple[frozenset[str], str]]:
    if not hasattr(env, ATTR):
        setattr(env, ATTR, {})
    return getattr(env, ATTR)  # type: ignore[no-any-return]


def trace_file(app: Sphinx, docname: str) -> Path:
    folder = app.termdrills_state.folder / "trace"  # type: ignore[attr-defined]
    folder.mkdir(exist_ok=True)
    return folder / (re.sub(r"[^\w.-]", "_", docname) + ".jsonl")


def source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Before a notebook runs: its kernel notes what it reads into a fresh trace file
    (a notebook run on the pool, `termdrills._execute`, has filled its file already)."""
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    path = trace_file(app, docname)
    if not _execute.executed(app, docname):
        _trace.forget(path)  # myst-nb runs it next; its kernel inherits the variable
    os.environ[_trace.ENV] = str(path)


def traced(app: Sphinx) -> bool:
    """Whether the glossary look-ups of the document being read are recorded (a notebook:
    its run's and its directives' look-ups, made in this process while it is parsed)."""
    path = os.environ.get(_trace.ENV)
    return bool(path) and Path(path) == trace_file(app, app.env.docname)


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """After a notebook ran: keep what it read and the digest of the answers."""
    docname = app.env.docname
    path = os.environ.get(_trace.ENV)
    if not path or Path(path) != trace_file(app, docname):
        return
    del os.environ[_trace.ENV]
    keys = frozenset(_trace.read(path))
    state = app.termdrills_state  # type: ignore[attr-defined]
    if keys:
        _reads(app.env)[docname] = (keys, _trace.resolve(keys, state.glossary, state.drills))
    else:
        _reads(app.env).pop(docname, None)


def get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                 removed: set[str]) -> list[str]:
    """The notebooks whose glossary answers or drills changed since they last ran."""
    state = app.termdrills_state  # type: ignore[attr-defined]
    stale = []
    for docname, (keys, digest) in sorted(_reads(env).items()):
        if docname in changed or docname in removed or docname not in env.found_docs:
            continue
        if _trace.resolve(keys, state.glossary, state.drills) != digest:
            stale.append(docname)
    return stale


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _reads(env).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str],
               other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in _reads(other):
            _reads(env)[docname] = _reads(other)[docname]


#: In the built site: each page's glossary lessons, as its last run read them (what the
#: SCORM export packages for a lesson or a unit).
LESSONS_FILE = "_static/termdrills-lessons.json"


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import json

    from termdrills._files import atomic_write

    pages = {f"{docname}.html": sorted(k.removeprefix("lesson:") for k in keys
                                       if k.startswith("lesson:"))
             for docname, (keys, _) in sorted(_reads(app.env).items())}
    out = Path(app.outdir) / LESSONS_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, json.dumps(pages, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("termdrills._execute")
    app.connect("source-read", source_read)
    app.connect("doctree-read", doctree_read)
    app.connect("env-get-outdated", get_outdated)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("build-finished", build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
