"""Exports of the glossary for the tools instructors and translators use: a registry.

Every export is an `Export`: a name, a one-line help, a longer description, an
optional hook adding its own command-line options, and `files(request)`, which
returns the files to write as (path, content) without touching the disk. The
caller (`run`) writes them all-or-nothing through `termdrills._files`, refusing an
output that is one of the inputs. The CLI builds ``termdrills export FORMAT`` from
`EXPORTS`; adding a format is adding a module with an `EXPORT` and a line below.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termdrills._files import write_files
from termdrills._text import lesson_title
from termdrills.course import Course
from termdrills.glossary import Glossary, Term

__all__ = ["EXPORTS", "Export", "ExportRequest", "export_names", "get", "run"]

#: The formats, in the order `termdrills export --help` lists them: module names in
#: this package, each defining `EXPORT`.
_MODULES = ("anki", "moodle", "qti", "scorm", "tbx", "tsv", "worksheet")


@dataclass(frozen=True)
class ExportRequest:
    """What an export is asked to write."""

    glossary: Glossary
    terms: tuple[Term, ...]
    out: Path
    course: Course = field(default_factory=Course)
    lessons: tuple[str, ...] = ()
    seed: int = 1
    options: dict[str, Any] = field(default_factory=dict)  # the format's own options
    #: Located lines an export adds for what it left out (``glossary.csv:14: ...``);
    #: `run` hands them to its `report` callable once the files are written.
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """"All lessons", or the chosen lessons' titles joined with " + "."""
        if not self.lessons:
            return "All lessons"
        return " + ".join(lesson_title(s) for s in self.lessons)


Files = list[tuple[Path, bytes | str]]


@dataclass(frozen=True)
class Export:
    name: str
    help: str
    description: str
    files: Callable[[ExportRequest], Files]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None


def export_names() -> tuple[str, ...]:
    return _MODULES


def get(name: str) -> Export:
    """The export called `name` (its module is imported only now)."""
    if name not in _MODULES:
        raise KeyError(name)
    return importlib.import_module(f"termdrills.exports.{name}").EXPORT  # type: ignore[no-any-return]


class _Registry(dict[str, Export]):
    def __missing__(self, name: str) -> Export:
        export = get(name)
        self[name] = export
        return export

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


#: name → `Export`, imported on first use.
EXPORTS: dict[str, Export] = _Registry()


def run(name: str, glossary: Glossary, out: str | Path, *, lessons: Sequence[str] = (),
        seed: int = 1, course: Course | None = None,
        report: Callable[[str], None] | None = None, **options: Any) -> list[Path]:
    """Export the terms of `lessons` (all when empty) to `out`; the paths written. What
    the export left out (located lines) goes to `report`, when given."""
    request = ExportRequest(glossary=glossary, terms=glossary.select(lessons), out=Path(out),
                            course=course or Course(), lessons=tuple(lessons), seed=seed,
                            options=options)
    inputs = [glossary.path] if glossary.path else []
    written = write_files(EXPORTS[name].files(request), inputs=inputs)
    for note in request.notes:
        if report:
            report(note)
    return written
