"""What the drill widgets share: the direction option and example-sentence handling
(the forms and items every drill asks about are `termdrills.drills.items`)."""

from __future__ import annotations

from typing import Any

from termdrills.drills._base import Drill, choice
from termdrills.errors import DrillError

DIRECTIONS = ("zh-en", "en-zh")


class Directed(Drill):
    """A drill asked zh→en (direction="zh-en", the default) or en→zh."""

    def __init__(self, terms: Any, *, direction: str = "zh-en", **common: Any) -> None:
        self.direction = choice(type(self).__name__, "direction", direction, DIRECTIONS)
        super().__init__(terms, **common)

    def _options(self) -> tuple[object, ...]:
        return (self.direction,)


class Examples(Drill):
    """Drills built from example sentence pairs. Terms without a usable example are
    left out and listed in `skipped` as (term id, reason); none usable is an error."""

    skipped: list[tuple[str, str]]

    def _usable(self, terms: tuple[Any, ...]) -> list[tuple[Any, Any]]:
        self.skipped = []
        usable = []
        for term in terms:
            if not (getattr(term, "example_zh", "") and getattr(term, "example_en", "")):
                self.skipped.append((term.id, "no example_zh/example_en"))
                continue
            found = self._locate(term)
            if found is None:
                self.skipped.append((term.id, self._not_found))
            else:
                usable.append((term, found))
        if not usable:
            ids = ", ".join(f"'{t.id}'" for t in terms[:3]) + (" …" if len(terms) > 3 else "")
            raise DrillError(f"{type(self).__name__}: no term has {self._needs} "
                             f"(checked {len(terms)}: {ids})")
        return usable

    _needs = "example_zh and example_en"
    _not_found = ""

    def _locate(self, term: Any) -> Any:
        return True
