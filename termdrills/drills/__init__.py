"""Interactive drills over glossary terms: anywidget classes that also work,
unchanged, on the static course site (see `_base` for how)."""

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
