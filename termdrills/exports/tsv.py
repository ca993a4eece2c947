"""Tab-separated glossary for OmegaT: ``source<TAB>target<TAB>comment``, one term a line.

OmegaT reads UTF-8 glossaries named ``*.txt`` or ``*.utf8`` from the project's
``glossary/`` folder. Cells are flattened to one line without tabs and never start
with a spreadsheet formula character (a leading ``'`` is added).
"""

from __future__ import annotations

from collections.abc import Sequence

from termdrills._text import join_nonempty, spreadsheet_cell
from termdrills.exports import Export, ExportRequest, Files
from termdrills.glossary import Term


def comment(term: Term) -> str:
    """Pinyin, accepted alternatives and the translator's note, for the comment column."""
    alts = "also: " + " | ".join(term.alt_en) if term.alt_en else ""
    return join_nonempty([term.pinyin, alts, term.note, term.source])


def render(terms: Sequence[Term]) -> str:
    lines = ["\t".join(spreadsheet_cell(c) for c in (t.zh, t.en, comment(t))) for t in terms]
    return "\n".join(lines) + "\n"


def _files(request: ExportRequest) -> Files:
    return [(request.out, render(request.terms))]


EXPORT = Export(
    name="tsv", help="tab-separated glossary for OmegaT",
    description="tsv: source, target, comment for OmegaT (a UTF-8 .txt or .utf8 file in the "
    "project's glossary/ folder); cells flattened to one line, never a spreadsheet formula.",
    files=_files)
