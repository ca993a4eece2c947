"""A term's renderings side by side: what the "Renderings that vary" page shows.

`varying` picks the glossary terms with more than one rendering (preferred, accepted
or deprecated); `renderings` gives each of a term's renderings with its status, the
page it was seen on (the glossary's source_url or aligned alt_source, else the
evidence line's), that page's date and words (from evidence.csv), the reason for a
deprecated one, and the kind of source (`termdrills.renderings.registers`). No Sphinx here: the
page itself is `termdrills.book.variants_page`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from termdrills.renderings.registers import Register, register_of

if TYPE_CHECKING:
    from termdrills.glossary import Glossary, Term
    from termdrills.renderings.evidence import Evidence

__all__ = ["Rendering", "renderings", "varying"]


@dataclass(frozen=True)
class Rendering:
    """One rendering of a term as the page shows it."""

    form: str
    status: str  # preferred | admitted | deprecated
    url: str = ""
    date: str = ""
    excerpt: str = ""  # the page's words showing the form
    reason: str = ""  # why to avoid it (deprecated forms)
    #: The kind of page it was seen on; None for a deprecated form whose page was only
    #: compared with it (no excerpt) and for a form with no page.
    register: Register | None = None


def varying(glossary: Glossary) -> tuple[Term, ...]:
    """The terms with more than one rendering (preferred, accepted or deprecated)."""
    return tuple(t for t in glossary if len(t.accepted_en) + len(t.deprecated_en) > 1)


def renderings(term: Term, evidence: Evidence | None) -> list[Rendering]:
    """The term's renderings, preferred first. The link is the page the glossary names
    (source_url, the aligned alt_source) or, failing that, the evidence line's; the date
    and excerpt are the evidence line's when it is about that page, and the glossary's
    date for the preferred rendering otherwise."""
    out = []
    sources = term.alt_source if len(term.alt_source) == len(term.alt_en) else ("",) * len(
        term.alt_en)
    named = [(term.en, "preferred", term.source_url), *((a, "admitted", s) for a, s in
                                                        zip(term.alt_en, sources))]
    for form, status, url in named:
        line = evidence.get(term.id, form) if evidence else None
        url = url or (line.url if line else "")
        same = line is not None and line.url == url
        date = line.date if same and line and line.date else ""
        if status == "preferred" and not date:
            date = term.date
        out.append(Rendering(form, status, url, date, line.excerpt if same and line else "",
                             register=register_of(url, term.source if status == "preferred"
                                                  else "") if url else None))
    for form, reason in term.deprecated:
        line = evidence.get(term.id, form) if evidence else None
        if line is None:
            out.append(Rendering(form, "deprecated", reason=reason))
            continue
        # a quoted page uses the form (where students meet it); else it was compared
        used = bool(line.excerpt)
        out.append(Rendering(form, "deprecated", line.url, line.date, line.excerpt, reason,
                             register_of(line.url) if used else None))
    return out
