"""Interactive drills over glossary terms: anywidget classes that also work,
unchanged, on the static course site (see `_base` for how).

The classes are imported when first named (``from termdrills.drills import Cloze``),
so the Sphinx-free, widget-free parts of this package (`items`, `_assets`) can be
used without importing anywidget.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from termdrills.drills._base import Drill, new_page
    from termdrills.drills.kinds import (
        KINDS,
        Cloze,
        Flashcards,
        Matching,
        MultipleChoice,
        ParagraphTranslation,
        Review,
        SentenceTranslation,
        TypedRecall,
    )
    from termdrills.errors import DrillError

_WHERE = {
    "Drill": "termdrills.drills._base",
    "new_page": "termdrills.drills._base",
    "DrillError": "termdrills.errors",
    **dict.fromkeys(("KINDS", "Cloze", "Flashcards", "Matching", "MultipleChoice",
                     "ParagraphTranslation", "Review", "SentenceTranslation", "TypedRecall"),
                    "termdrills.drills.kinds"),
}

__all__ = [
    "KINDS",
    "Cloze",
    "Drill",
    "DrillError",
    "Flashcards",
    "Matching",
    "MultipleChoice",
    "ParagraphTranslation",
    "Review",
    "SentenceTranslation",
    "TypedRecall",
    "new_page",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'termdrills.drills' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
