"""Every error termdrills raises on purpose, and the located problem they report.

All of them are `TermdrillsError`s whose message is what the user sees: one line
per problem, located (``glossary.csv:14: en: empty``). The CLI prints the message
and exits 1; nothing here ever needs a traceback to be understood. A `Problem` is one
such located line, found by a checker (the glossary's, the evidence's) or a reader
(a student's answer file that could not be used), an error or a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["DrillError", "EvidenceError", "FitError", "GlossaryError", "InputError",
           "Problem", "ProgressError", "Severity", "TermdrillsError"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding, printed as ``path:line: column: message`` (line 0 and an empty
    column leave their part out: ``answers/uma.docx: not a Word file``)."""

    path: str
    line: int
    column: str
    message: str
    severity: Severity = "error"
    #: Whose work it concerns, when it is a student's answer file or row.
    student: str | None = None

    @property
    def where(self) -> str:
        """``path:line``, or the path alone when the problem has no line."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        col = f" {self.column}:" if self.column else ""
        tag = " warning:" if self.severity == "warning" else ""
        return f"{self.where}:{col}{tag} {self.message}"


class TermdrillsError(ValueError):
    """Base class: bad input the user can fix; the message is one located line (or more)."""


class InputError(TermdrillsError):
    """A file, option or argument of an instructor command that cannot be used."""


class _Problems(TermdrillsError):
    """An error made of located problems; the message is one line per problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class GlossaryError(_Problems):
    """A glossary that cannot be used; the message is one located line per problem."""

    def summary(self) -> str:
        """One line: the first problem, and how many more there are."""
        if not self.problems:
            return "the glossary cannot be used"
        more = len(self.problems) - 1
        tail = f" (and {more} more problem(s): run `termdrills check`)" if more > 0 else ""
        return f"{self.problems[0]}{tail}"


class EvidenceError(_Problems):
    """An evidence file (evidence.csv) that cannot be used; one located line per problem."""


class ProgressError(TermdrillsError):
    """A student's progress file that cannot be used; the message says why, in a few words."""


class FitError(InputError):
    """Fitting review parameters is not possible; `skipped` names the files not used."""

    def __init__(self, message: str, skipped: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.skipped = skipped


class DrillError(TermdrillsError):
    """A drill that cannot be built from what it was given (raised at construction)."""
