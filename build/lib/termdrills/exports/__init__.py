"""Exports of the glossary for the tools instructors and translators use: a registry.

Every export is an `Export`: a name, a one-line help, a longer description, an
optional hook adding its own command-line options, and `files(request)`, which
returns the files to write as (path, content) without touching the disk. The
caller (`run`) writes them all-or-nothing through `termdrills._files`, refusing an
output that is one of the inputs. The CLI builds ``termdrills export FORMAT`` from
`EXPORTS`; adding a format is adding a module with an `EXPORT` (`_format.Export`) and
a line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from termdrills._files import write_files
from termdrills.course import Course
from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.glossary import Glossary

__all__ = ["EXPORTS", "Export", "ExportRequest", "Files", "get", "run"]

#: The formats, in the order `termdrills export --help` lists them: module names in
#: this package, each defining `EXPORT`.
_MODULES = ("anki", "moodle", "qti", "scorm", "tbx", "tsv", "worksheet")


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
