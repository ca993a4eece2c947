"""termdrills: a course kit for teaching Chinese→English political translation.

One CSV glossary of official renderings (`load_glossary`) feeds lesson notebooks
with interactive drills (`termdrills.drills`), a Jupyter Book site
(`termdrills.book`), importers and exports; `termdrills` is the CLI.
"""

from termdrills.cells.aligned import AlignedPairs, aligned
from termdrills.cells.key_terms import KeyTerms, key_terms
from termdrills.errors import DrillError, GlossaryError, InputError, Problem, TermdrillsError
from termdrills.glossary import (
    COLUMNS,
    REQUIRED,
    Glossary,
    Term,
    check_file,
    find_glossary,
    load_glossary,
)

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "AlignedPairs",
    "DrillError",
    "Glossary",
    "GlossaryError",
    "InputError",
    "KeyTerms",
    "Problem",
    "Term",
    "TermdrillsError",
    "aligned",
    "check_file",
    "find_glossary",
    "key_terms",
    "load_glossary",
]
__version__ = "0.1.0"
