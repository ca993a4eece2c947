"""Helpers shared by the instructor commands: their error, safe writing, safe cells."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from termdrills._text import neutralise_formula
from termdrills.glossary import Glossary, GlossaryError, Term, load_glossary


class ToolkitError(ValueError):
    """Bad input the user can fix; the message is one located line."""


def check_folders(*paths: Path) -> None:
    """Refuse before writing anything when an output's folder is missing."""
    for path in paths:
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise ToolkitError(f"{path}: folder {folder} does not exist")


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    A reader (or a crash) never sees a half-written file; an existing file keeps its
    permissions. Text is written as UTF-8 exactly as given (no newline translation).
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    check_folders(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise ToolkitError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ToolkitError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ToolkitError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return path


def spreadsheet_cell(text: str) -> str:
    """A cell for TSV/CSV: one line, no tabs, and never run as a formula."""
    flat = " ".join(text.replace("\t", " ").split())
    return neutralise_formula(flat)


def read_glossary(path: str | os.PathLike[str] | None) -> Glossary:
    """`load_glossary` with its failures turned into one `ToolkitError` line each."""
    try:
        return load_glossary(path)
    except FileNotFoundError as exc:
        raise ToolkitError(f"{exc.filename}: no such file" if exc.filename else str(exc)) \
            from None
    except GlossaryError as exc:
        first = exc.problems[0] if exc.problems else str(exc)
        more = len(exc.problems) - 1
        tail = f" (and {more} more problem(s): run `termdrills check`)" if more > 0 else ""
        raise ToolkitError(f"{first}{tail}") from None
    except OSError as exc:
        raise ToolkitError(f"{path or 'glossary.csv'}: cannot read: {exc.strerror or exc}") \
            from None


def select_terms(glossary: Glossary, lessons: Sequence[str] | None) -> tuple[Term, ...]:
    """The terms of the given lessons (all terms when none given); unknown lessons are errors."""
    if not lessons:
        terms = glossary.terms
    else:
        known = set(glossary.lessons())
        for slug in lessons:
            if slug not in known:
                listed = ", ".join(glossary.lessons()) or "none"
                raise ToolkitError(f"{glossary.path}: no rows with lesson '{slug}' "
                                   f"(lessons: {listed})")
        terms = glossary.by_lesson(*lessons)
    if not terms:
        raise ToolkitError(f"{glossary.path}: no terms to export")
    return terms


def join_nonempty(parts: Iterable[str], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)
