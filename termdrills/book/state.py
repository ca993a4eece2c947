"""What the book's extension knows during a build, in two typed objects.

* `BuildState` lives on the Sphinx application for one build and is never pickled:
  the glossary and its evidence as loaded at ``builder-inited``, the digest of the
  drills' files, the notebooks running on the pool, what this build read and wrote.
* `Saved` lives on Sphinx's environment and is pickled with it, so the next build
  knows what the last one left: what each notebook looked up, which pages number
  nothing, the digest of ``_toc.yml``. Under parallel reading each forked reader has
  its own, merged back at ``env-merge-info`` (`termdrills.book.freshness`,
  `termdrills.book.numbers`).

`build(app)` and `saved(env)` are the only ways in; no other attribute of ``app`` or
``env`` is set by the extension.
"""

from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

import termdrills
from termdrills.course import from_sphinx, glossary_path
from termdrills.errors import EvidenceError, GlossaryError, TermdrillsError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from termdrills.glossary import Glossary
    from termdrills.renderings.evidence import Evidence

logger = logging.getLogger(__name__)

PACKAGE = Path(termdrills.__file__).resolve().parent
#: Files whose change alters what a drill shows: the drills' front end, its UI strings
#: and the Python that builds each drill's questions.
DRILL_FILES = ("static", "i18n", "drills", "schema")
#: The fields of a lesson's rows that pages outside a notebook show (`lesson_digest`).
PAGE_FIELDS = ("id", "zh", "pinyin", "en", "alt_en", "deprecated_en", "deprecated_note",
               "example_zh", "example_en", "lesson")
STATE_DIR = "termdrills"  # inside the doctree folder (_build/.doctrees)
_APP_ATTR = "termdrills_build"
_ENV_ATTR = "termdrills_saved"


@dataclass
class BuildState:
    """This build's knowledge (on the application; never pickled)."""

    glossary: Glossary
    #: The extension's own folder inside the doctree folder (digests, traces, files).
    folder: Path
    #: Digest of the drills' files (`DRILL_FILES`).
    drills: str
    #: evidence.csv beside the glossary, when there is one.
    evidence: Evidence | None = None
    #: Notebooks running on the pool, by docname (futures of `termdrills.book.execute.Run`).
    runs: dict[str, Future[Any]] = field(default_factory=dict)
    #: How many documents this build reads.
    read_count: int = 0
    #: Whether this build reads and removes nothing (`termdrills.book.numbers`).
    read_nothing: bool = False
    removed: bool = True
    #: The drills' code file of this build (`termdrills.book.drill_code`).
    code_file: str | None = None
    #: Pages written in this build (their search titles are escaped).
    written: set[str] = field(default_factory=set)

    @property
    def generated(self) -> Path:
        """Static files made from Python, copied into the site (``html_static_path``)."""
        return self.folder / "static"

    def trace_file(self, docname: str) -> Path:
        """Where a notebook's run notes its glossary look-ups (`termdrills.glossary.trace`)."""
        folder = self.folder / "trace"
        folder.mkdir(exist_ok=True)
        return folder / (re.sub(r"[^\w.-]", "_", docname) + ".jsonl")

    def digest_path(self, slug: str) -> Path:
        return self.folder / f"lesson-{slug}.digest"

    def lesson_digest(self, slug: str) -> str:
        """Changes exactly when what a page outside a notebook shows of the lesson's rows
        changes: which rows, in order, and the fields of `PAGE_FIELDS` (a key-terms table,
        an aligned view; notebooks' own reads are `termdrills.book.freshness`'s). A
        row's note, sources and dates are left out (the glossary page shows them), and
        so is the CSV line number: a row inserted above must not re-read every page."""
        glossary = self.glossary
        rows = [{f: glossary.answer(f"field:{i}:{f}") for f in PAGE_FIELDS}
                for i in glossary.answer(f"ids:lesson:{slug}")]  # type: ignore[union-attr]
        blob = json.dumps(rows, ensure_ascii=False, sort_keys=True)
        return f"rows {hashlib.sha256(blob.encode()).hexdigest()}\n"


@dataclass
class Saved:
    """What the next build needs from this one (on the environment; pickled)."""

    #: docname → (the glossary look-ups its notebook made, a digest of their answers).
    reads: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    #: Pages that number nothing and hold no toctree (`termdrills.book.numbers`).
    unnumbered: set[str] = field(default_factory=set)
    #: Digest of ``_toc.yml`` when the pages were last written.
    toc: str | None = None
    #: The glossary file's digest and the drills' when every notebook's reads were last
    #: brought up to date (`termdrills.book.freshness.get_outdated`).
    inputs: tuple[str, str] | None = None


def build(app: Sphinx) -> BuildState:
    state: BuildState | None = getattr(app, _APP_ATTR, None)
    if state is None:
        raise RuntimeError("termdrills.book: the build state is read before builder-inited")
    return state


def started(app: Sphinx) -> bool:
    """Whether `builder_inited` has loaded the glossary (false in another builder's
    early events)."""
    return getattr(app, _APP_ATTR, None) is not None


def saved(env: BuildEnvironment) -> Saved:
    state: Saved | None = getattr(env, _ENV_ATTR, None)
    if state is None:
        state = Saved()
        setattr(env, _ENV_ATTR, state)
    return state


def fail(lines: list[str]) -> None:
    """Stop the build: the lines as they are, then a non-zero exit without a traceback."""
    for line in lines:
        logger.error(line)
    raise SystemExit(1)


def drill_files_digest() -> str:
    h = hashlib.sha256()
    for sub in DRILL_FILES:
        folder = PACKAGE / sub
        for f in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(PACKAGE)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds it (its mtime then keeps meaning)."""
    from termdrills._files import atomic_write

    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    atomic_write(path, text)
    return True


def _glossary(app: Sphinx) -> Glossary:
    from termdrills.glossary import load_glossary

    try:
        course = from_sphinx(app.config, app.srcdir)
    except TermdrillsError as exc:
        fail([str(exc)])
    path = glossary_path(app.srcdir, course)
    if not path.is_file():
        fail([f"{path}: glossary not found (set termdrills.glossary in _config.yml)"])
    try:
        glossary = load_glossary(path, traced=True)
    except GlossaryError as exc:
        fail([str(p) for p in exc.problems])
    except TermdrillsError as exc:
        fail([str(exc)])
    for problem in glossary.warnings:  # allowed by the checker: shown, never fatal
        logger.info(str(problem))
    return glossary


def _evidence(app: Sphinx, glossary: Glossary) -> Evidence | None:
    """evidence.csv beside the glossary; a malformed file stops the build with its
    located lines."""
    from termdrills.renderings.evidence import beside, load_evidence

    if glossary.path is None:
        return None
    path = beside(glossary.path)
    if not path.is_file():
        return None
    try:
        name = str(path.relative_to(app.srcdir))
    except ValueError:
        name = str(path)
    try:
        return load_evidence(path, name=name)
    except EvidenceError as exc:
        fail([str(p) for p in exc.problems])
    except TermdrillsError as exc:  # cannot be read at all
        fail([str(exc)])
    return None


def builder_inited(app: Sphinx) -> None:
    """Load the glossary through the checker (its errors stop the build) and the
    evidence beside it; write one digest file per lesson, only when it changed, so that
    its mtime means "this lesson's rows changed" to the pages that depend on it."""
    glossary = _glossary(app)
    folder = Path(app.doctreedir) / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    state = BuildState(glossary, folder, drill_files_digest(),
                       evidence=_evidence(app, glossary))
    setattr(app, _APP_ATTR, state)
    slugs = set(glossary.lessons()) | {
        p.name[len("lesson-"):-len(".digest")] for p in folder.glob("lesson-*.digest")
    }
    for slug in sorted(slugs):
        write_if_changed(state.digest_path(slug), state.lesson_digest(slug))


def skip_node(self: Any, node: Any) -> None:
    """A marker node's visitor in every builder: it renders nothing."""
    from docutils import nodes

    raise nodes.SkipNode


#: Builders a marker node is registered for (it renders nothing in any of them).
MARKER_BUILDERS = ("html", "latex", "text", "man", "texinfo")
