"""The drills' code once per site: static files the drill pages reference, each page only
the code of the drill kinds it has.

In a notebook the first drill output carries the drills' module inline (a saved notebook
and its HTML export then work on their own, docs/architecture.md, *Live and static*). On
the course site that would send the same code with every lesson page. So this part of
the book's extension

* writes the code as classic scripts (`termdrills.drills._assets.site_scripts`): the
  core every drill needs, ``_static/termdrills-<digest>.js``, one file per drill kind,
  ``_static/termdrills-<digest>-<kind>.js``, and the SCORM runtime,
  ``termdrills-<digest>-scorm.js``, which only a SCORM package loads
  (`termdrills.exports.scorm`). The names carry the digest of the drills' files, so a
  browser may cache them for good and a changed drill is a new file; a build whose files
  are there already imports none of the drills' code;
* removes the inline code from the drill outputs it reads (`_base.without_code`: each
  output keeps its data and its one-line mount script);
* has every page with a drill load the core and its kinds' files with ``<script src>``
  in the head, beside the theme's own scripts (a page of flashcards and multiple choice:
  about a sixth of the code a page of every kind loads), and mounts each drill with a
  classic script right after it (`SITE_MOUNT`).

A module script with ``src`` is blocked on a page opened from disk (file://, origin
null); a classic script is not. The files are fetched side by side with the theme's
scripts, before the body is parsed, so each drill is drawn as soon as it is parsed, as
a page whose quiz code is inline draws it; with ``async`` files and module mount scripts
(deferred) the drills waited for the theme's deferred scripts (benchmarks/bench_peers.py:
the first visit's time to interactive went from 1.5× jupyterquiz's to about its own).
A kind's file that runs before the core waits in ``globalThis.termdrillsQueue``; the core
mounts the drills once more when the page is parsed, and the LMS session starts then
(`core/page.js`, ``mountDrills``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from termdrills.book import state as _state
from termdrills.contracts import CODE_CHUNK, CODE_FILE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PREFIX = "termdrills-"
MARK = 'class="termdrills-static'


_KIND = re.compile(r'class="termdrills-data">\{"kind":"([a-z_]+)"')


def _old_code_files(folder: Path, keep: str) -> list[Path]:
    """The code files of other digests than `keep`'s (the core's file name)."""
    digest = keep[len(PREFIX):-len(".js")]
    return [p for p in folder.glob(f"{PREFIX}*.js")
            if (CODE_FILE.fullmatch(p.name) and p.name != keep)
            or ((m := CODE_CHUNK.fullmatch(p.name)) and m[1] != digest)]


def chunk_name(core: str, part: str) -> str:
    """The file of one kind (or of ``scorm``) beside the core's file `core`."""
    return f"{core[:-len('.js')]}-{part}.js"


def file_name(app: Sphinx) -> str:
    """``termdrills-<16 hex digits>.js``: the digest of the drills' files
    (`termdrills.book.state`; the same digest makes every drill page run again)."""
    return f"{PREFIX}{_state.build(app).drills[:16]}.js"


def write_code_file(app: Sphinx) -> None:
    """Write the code file (once; the older ones go) where Sphinx copies static files from."""
    if app.builder.format != "html":
        return
    from termdrills._files import atomic_write

    folder = _state.build(app).generated
    folder.mkdir(parents=True, exist_ok=True)
    name = file_name(app)
    for old in _old_code_files(folder, name):
        old.unlink()
    if not (folder / name).is_file():
        from termdrills.drills import _assets

        for part, code in sorted(_assets.site_scripts().items(), key=lambda kv: kv[0] == ""):
            # the core last: its file's presence means the others are there
            atomic_write(folder / (chunk_name(name, part) if part else name), code)
    _state.build(app).code_file = name


def _drill_outputs(doctree: nodes.Node) -> list[nodes.raw]:
    return [n for n in doctree.findall(nodes.raw)
            if "html" in n.get("format", "").split() and MARK in n.astext()]


def drop_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """myst-nb embeds a notebook's ipywidgets state for a widget manager to read; with
    ``nb_ipywidgets_js: {}`` the site loads none (drills run from their text/html
    fallback), so that state, about half of a lesson page's bytes, is dead weight."""
    if getattr(app.config, "nb_ipywidgets_js", None) != {}:
        return
    meta = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})  # myst-nb's record
    meta.get("js_files", {}).pop("ipywidgets_state", None)


#: On the site each drill is mounted by a classic script right after it: it runs as soon
#: as the drill is parsed (the code files are loaded before the body, `page_context`),
#: where a module script would wait for the theme's deferred scripts.
SITE_MOUNT = "<script>globalThis.termdrills?.mountAll();</script>"


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Drop the inline code from the drill outputs (the page loads the files instead), and
    mount each drill as soon as it is parsed (`SITE_MOUNT`)."""
    if app.builder.format != "html":
        return
    from termdrills.drills._base import MOUNT, without_code

    for node in _drill_outputs(doctree):
        before = node.astext()
        text = (without_code(before) or before).replace(MOUNT, SITE_MOUNT)
        if text != before:
            node.replace_self(nodes.raw(text, text, format=node["format"]))


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """A page with drills loads the core and the file of each drill kind it has."""
    name = _state.build(app).code_file
    outputs = _drill_outputs(doctree) if name and doctree is not None else []
    if not outputs:
        return
    app.add_js_file(name)
    kinds = sorted({k for n in outputs for k in _KIND.findall(n.astext())})
    for kind in kinds:
        app.add_js_file(chunk_name(name, kind))


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Remove the older code files from the site (every drill page was written again
    when the code changed: `termdrills.book.freshness` re-reads them)."""
    name = _state.build(app).code_file if _state.started(app) else None
    if exception is not None or not name:
        return
    for old in _old_code_files(Path(app.outdir) / "_static", name):
        old.unlink()
