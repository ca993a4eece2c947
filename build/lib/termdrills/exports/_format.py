"""What an export is: an `Export` (its name, help, options and `files`), asked to write
an `ExportRequest`, answers `Files` (paths and contents, nothing written yet)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termdrills.course import Course, lesson_title
from termdrills.glossary import Glossary, Term

__all__ = ["Export", "ExportRequest", "Files"]


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
