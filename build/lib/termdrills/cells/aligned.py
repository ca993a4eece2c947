"""Glossary example pairs in the aligned bilingual view, for every host: `aligned(g, ID,
...)` in a lesson's code cell.

In JupyterLab, Notebook 7 or VS Code the view is the output's ``text/html``: the
grader's own table (`termdrills.grading.view`) with its stylesheet. On the course site
the output's ``text/markdown`` wins (``_config.yml``: ``nb_mime_priority_overrides``,
``nb_render_markdown_format: myst``): the ``termdrills-aligned`` directive
(`termdrills.book.aligned_page`), whose view is page text the search indexes. A
``{termdrills-aligned}`` block in a markdown cell shows in Jupyter as an empty code
block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from termdrills.errors import InputError

__all__ = ["AlignedPairs", "aligned"]


class AlignedPairs:
    """The example pairs of glossary rows `ids`, clause by clause, each glossary term
    (of `lessons`, or of every lesson) numbered and coloured alike in both languages."""

    def __init__(self, glossary: Any, ids: Sequence[str], lessons: Sequence[str] = ()) -> None:
        if not ids:
            raise InputError("aligned: name at least one glossary row id")
        self.glossary, self.ids, self.lessons = glossary, tuple(ids), tuple(lessons)
        for term_id in self.ids:
            term = glossary.get(term_id)  # KeyError naming the id
            if not (term.example_zh and term.example_en):
                raise InputError(f"aligned: glossary row '{term_id}' has no example pair")

    def __repr__(self) -> str:
        return f"<AlignedPairs {' '.join(self.ids)}>"

    def _repr_html_(self) -> str:
        from termdrills.grading.analysis import bilingual, prepare_passage
        from termdrills.grading.forms import prepare_terms
        from termdrills.grading.view import ALIGNED_CSS, render_aligned, render_legend

        g = self.glossary
        lesson_forms = prepare_terms(g.by_lesson(*self.lessons)) if self.lessons else None
        views = []
        for term_id in dict.fromkeys(self.ids):
            term = g.get(term_id)
            # Without `lessons`: the rows `Glossary.in_sentence` finds, in file order, mark
            # what all rows would (the directive's rule, `termdrills.book.aligned_page`), and
            # the lesson depends on those rows only, not on every row.
            forms = lesson_forms if lesson_forms is not None else prepare_terms(
                sorted(g.in_sentence(term.example_zh), key=lambda t: t.line))
            data = bilingual(prepare_passage(term.example_zh, forms,
                                             references=[term.example_en]))
            views.append(render_legend(data["terms"]) + render_aligned(data))
        return (f"<style>{ALIGNED_CSS}</style>"
                + "".join(f'<div class="td-aligned-view">{v}</div>' for v in views))

    def _repr_markdown_(self) -> str:
        option = f":lessons: {' '.join(self.lessons)}\n" if self.lessons else ""
        return f"```{{termdrills-aligned}} {' '.join(self.ids)}\n{option}```\n"


def aligned(glossary: Any, *ids: str, lessons: Sequence[str] = ()) -> AlignedPairs:
    """The aligned view of glossary rows `ids`: a table in any notebook, the
    ``termdrills-aligned`` directive on the course site."""
    return AlignedPairs(glossary, ids, lessons)
