"""Lesson titles: what a reader calls a lesson ("Optimize government services"), read
from the first heading of its notebook, ``lessons/<slug with - → _>.ipynb`` in the
course folder. The review drill's accuracy per lesson and the glossary page's
sections use it instead of the slug; a lesson with no notebook (yet) is called by
its slug in words ("Government services")."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

from termdrills.errors import InputError

__all__ = ["lesson_title", "lesson_titles"]

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
#: A lesson notebook read for its title: committed without outputs, a few dozen KB.
LIMIT = 8 * 1024 * 1024


def _words(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def lesson_title(slug: str, root: str | Path | None) -> str:
    """The first ``# heading`` of the lesson's notebook under `root`, else the slug in
    words (never an error: a title is a label)."""
    if root is None:
        return _words(slug)
    path = Path(root) / "lessons" / f"{slug.replace('-', '_')}.ipynb"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return _words(slug)
    return _title_of(path, stamp) or _words(slug)


def lesson_titles(slugs: Iterable[str], root: str | Path | None) -> dict[str, str]:
    return {slug: lesson_title(slug, root) for slug in dict.fromkeys(slugs) if slug}


@functools.lru_cache(maxsize=64)
def _title_of(path: Path, stamp: int) -> str | None:  # stamp: read again after an edit
    from termdrills._files import read_text

    try:
        cells = json.loads(read_text(path, limit=LIMIT)).get("cells", [])
    except (InputError, OSError, ValueError, AttributeError):
        return None
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        m = _HEADING.search(text)
        if m:
            return m.group(1)
    return None
