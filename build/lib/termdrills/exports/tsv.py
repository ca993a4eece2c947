"""Tab-separated glossary for OmegaT: ``source<TAB>target<TAB>comment``, one term a line.

OmegaT reads UTF-8 glossaries named ``*.txt`` or ``*.utf8`` from the project's
``glossary/`` folder. Cells are flattened to one line without tabs and never start
with a spreadsheet formula character (a leading ``'`` is added).
"""

from __future__ import annotations

from collections.abc import Sequence

from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.glossary import Term
from termdrills.text.normalize import join_nonempty
from termdrills.text.safe import spreadsheet_cell


def comment(term: Term) -> str:
    """For the comment column: pinyin, the accepted alternatives each with the page that
    uses it, the forms to avoid each with its reason, the translator's note, the source
    and its URL."""
    return join_nonempty([term.pinyin, also(term), avoid(term), term.note, term.source,
                          term.source_url])


def also(term: Term) -> str:
    """``also: X (https://…) | Y (https://…)``, or "" when there is no alternative."""
    sources = term.alt_source if len(term.alt_source) == len(term.alt_en) else ()
    items = [f"{alt} ({sources[i]})" if sources else alt for i, alt in enumerate(term.alt_en)]
    return "also: " + " | ".join(items) if items else ""


def avoid(term: Term) -> str:
    """``avoid: X (reason) | Y (reason)``, or "" when no form is deprecated."""
    items = [f"{form} ({reason})" if reason else form for form, reason in term.deprecated]
    return "avoid: " + " | ".join(items) if items else ""


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
