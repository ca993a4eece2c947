"""Homework that grades itself: term-aware feedback on translations of a passage.

* `analysis.analyse` — one answer → a JSON-able feedback dict (chrF, per-term
  verdicts, consistency, the aligned view's rows, a score); its module doc is the
  recipe a drill's front end follows.
* `view.render_aligned`, `view.bilingual_html` — the aligned bilingual view as HTML.
* `command.grade_main` — ``termdrills grade ASSIGNMENT --answers PATH... -o REPORT``.

Supporting modules: `forms` (terms and their renderings found in text), `segment`
(paragraphs, sentences, clauses), `align` (clause alignment and how it degrades),
`candidates` (what a student wrote instead of a term), `assignment` (the TOML
assignment file), `answers` (.txt, .docx and CSV answers), `report` (HTML and CSV).
"""

from __future__ import annotations

from termdrills.grading.analysis import analyse, bilingual, prepare_passage
from termdrills.grading.command import grade_main
from termdrills.grading.forms import prepare_terms
from termdrills.grading.view import bilingual_html, render_aligned

__all__ = ["analyse", "bilingual", "bilingual_html", "grade_main", "prepare_passage",
           "prepare_terms", "render_aligned"]
