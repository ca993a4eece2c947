"""A lesson's key terms as one table for every host: `key_terms(g, "slug")` in a lesson's
code cell.

In JupyterLab, Notebook 7 or VS Code the table is the output's ``text/html``: Chinese,
pinyin, the official English and the accepted alternatives, the Chinese marked
``lang="zh-CN"``, headers scoped, every cell escaped (glossary text is data).

On the course site the same output's ``text/markdown`` wins (``_config.yml``:
``nb_mime_priority_overrides`` and ``nb_render_markdown_format: myst``): it is the
``termdrills-terms`` directive, whose table links each term to its glossary entry and is
page content the search finds. A ``{termdrills-terms}`` block in a markdown cell, by
contrast, shows in Jupyter as an empty code block.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from termdrills.errors import InputError
from termdrills.text.chinese import ZH_LANG

__all__ = ["KeyTerms", "key_terms"]


class KeyTerms:
    """The key terms of one or more lessons, displayed as a table."""

    def __init__(self, glossary: Any, lessons: Sequence[str]) -> None:
        if not lessons:
            raise InputError("key_terms: name at least one lesson slug")
        self.lessons = tuple(lessons)
        # Glossary.select names the known lessons when a slug has no rows.
        self.terms = glossary.select(self.lessons)

    def __repr__(self) -> str:
        return f"<KeyTerms {' '.join(self.lessons)}: {len(self.terms)} terms>"

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            "<tr>"
            f'<td lang="{ZH_LANG}">{e(t.zh)}</td><td>{e(t.pinyin)}</td><td>{e(t.en)}</td>'
            f"<td>{e('; '.join(t.alt_en))}</td></tr>"
            for t in self.terms)
        head = "".join(f'<th scope="col">{h}</th>' for h in
                       ("Chinese", "Pinyin", "English (official)", "Also accepted"))
        from termdrills.course import find_course

        titles = ", ".join(find_course().lesson_title(s) for s in self.lessons)
        return (f'<table class="termdrills-terms"><caption>Key terms: {e(titles)}</caption>'
                f"<thead><tr>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table>")

    def _repr_markdown_(self) -> str:
        return f"```{{termdrills-terms}} {' '.join(self.lessons)}\n```\n"


def key_terms(glossary: Any, *lessons: str) -> KeyTerms:
    """The key terms of `lessons` (slugs) of `glossary`, as a table in any notebook and
    as the linked, searchable ``termdrills-terms`` table on the course site."""
    return KeyTerms(glossary, lessons)
