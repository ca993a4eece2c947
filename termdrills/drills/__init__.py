"""Interactive drills over glossary terms: anywidget classes that also work,
unchanged, on the static course site (see `_base` for how)."""

from termdrills.drills._base import Drill, DrillError, new_page
from termdrills.drills._config import CourseSettings, course_settings
from termdrills.drills.kinds import (
    Cloze,
    Flashcards,
    Matching,
    MultipleChoice,
    Review,
    SentenceTranslation,
    TypedRecall,
)

__all__ = [
    "Cloze",
    "CourseSettings",
    "Drill",
    "DrillError",
    "Flashcards",
    "Matching",
    "MultipleChoice",
    "Review",
    "SentenceTranslation",
    "TypedRecall",
    "course_settings",
    "new_page",
]
