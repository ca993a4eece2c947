"""Every error termdrills raises on purpose, in one place.

All of them are `TermdrillsError`s whose message is what the user sees: one line
per problem, located (``glossary.csv:14: en: empty``). The CLI prints the message
and exits 1; nothing here ever needs a traceback to be understood.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from termdrills._check import Problem

__all__ = ["DrillError", "GlossaryError", "InputError", "TermdrillsError"]


class TermdrillsError(ValueError):
    """Base class: bad input the user can fix; the message is one located line (or more)."""


class InputError(TermdrillsError):
    """A file, option or argument of an instructor command that cannot be used."""


class GlossaryError(TermdrillsError):
    """A glossary that cannot be used; the message is one located line per problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        """One line: the first problem, and how many more there are."""
        if not self.problems:
            return "the glossary cannot be used"
        more = len(self.problems) - 1
        tail = f" (and {more} more problem(s): run `termdrills check`)" if more > 0 else ""
        return f"{self.problems[0]}{tail}"


class DrillError(TermdrillsError):
    """A drill that cannot be built from what it was given (raised at construction)."""
