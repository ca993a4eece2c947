"""Every term of the course, once per site, for the Review drill (part of `termdrills.book`).

A Review drill's own payload holds the terms its lesson gave it (``Review(terms)``): on
its own it would never bring up a term of a lesson added later (`termdrills new-lesson`),
although the student met it in that lesson's drills. So the book writes every glossary
term, as the Review drill asks it (`termdrills.drills.items.review_items`), with the
title of each lesson, into one file, ``_static/termdrills-terms.js``; every page with a
Review drill loads it, and the drill (``static/kinds/review.js``) reviews every term
the student has met on the site.

* A classic script (``globalThis.termdrillsSiteTerms = {course, items, lessons}``, then
  the event ``termdrills:terms``): it also runs from a page opened from disk, where a
  fetch of a JSON file is refused.
* ``async``: it may run before or after the drills' code; the drill takes the terms
  whenever they come.
* One fixed name, written only when its text changes: a page with a Review drill need
  not be written again when a glossary row changes elsewhere (Sphinx gives the file a
  ``?v=`` checksum when it writes a page).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from termdrills.book import state as _state
from termdrills.course import from_sphinx

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

TERMS_FILE = "termdrills-terms.js"
#: How a Review drill's inline state starts (`termdrills.drills._assets.script_json`).
_REVIEW = '"kind":"review"'
EVENT = "termdrills:terms"


def script(course: str, items: list[dict[str, Any]], lessons: dict[str, str]) -> str:
    data = json.dumps({"course": course, "items": items, "lessons": lessons},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (f"// termdrills: every term of the course for the Review drill "
            f"(termdrills/book/site_terms.py)\n"
            f"globalThis.termdrillsSiteTerms = {data};\n"
            f'globalThis.dispatchEvent?.(new Event("{EVENT}"));\n')


def write_terms_file(app: Sphinx) -> None:
    """Write ``termdrills-terms.js`` where Sphinx copies static files from (when its text
    changed): every glossary term, in glossary order, and every lesson's title."""
    if app.builder.format != "html":
        return
    from termdrills.drills.items import review_items

    build = _state.build(app)
    course = from_sphinx(app.config, app.srcdir)
    terms = build.glossary.terms
    lessons = {slug: course.lesson_title(slug) for slug in dict.fromkeys(
        t.lesson for t in terms if t.lesson)}
    build.generated.mkdir(parents=True, exist_ok=True)
    _state.write_if_changed(build.generated / TERMS_FILE,
                            script(course.course_id, review_items(terms), lessons))


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """A page with a Review drill loads the file."""
    if app.builder.format != "html" or doctree is None:
        return
    from docutils import nodes

    if any(_REVIEW in n.astext() for n in doctree.findall(nodes.raw)
           if "html" in n.get("format", "").split()):
        app.add_js_file(TERMS_FILE, loading_method="async")
