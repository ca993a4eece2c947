"""The glossary: glossary.csv, the course's one source of truth, read, checked, looked up.

- `model`: `Term` and `Glossary`, `load_glossary` (refuses a file with errors) and
  the look-ups lessons make (`by_lesson`, `find_zh`, `in_sentence` ...);
- `check`: the checker's engine, bytes → text → CSV records → located `Problem`s;
- `rules`: the rules it applies, a table, each rule stated once;
- `trace`: what a running lesson looked up, so the book re-runs exactly the lessons
  whose answers changed.
"""

from termdrills.glossary.check import ALT_SEPARATOR, COLUMNS, REQUIRED
from termdrills.glossary.model import (
    Glossary,
    Term,
    check_file,
    check_text,
    find_glossary,
    glossary_file,
    load_glossary,
)

__all__ = ["ALT_SEPARATOR", "COLUMNS", "REQUIRED", "Glossary", "Term", "check_file",
           "check_text", "find_glossary", "glossary_file", "load_glossary"]
