"""The standalone HTML page: one function for every page a command writes, one escape.

The grader's class report and each student's feedback page (`termdrills.grading.report`),
the class report of review progress (`termdrills.review.report`) and the worksheet with
its key (`termdrills.exports.worksheet`) are single files an instructor opens, prints,
mails or uploads. Each is made by `page`: a complete offline document (doctype,
``lang="en"``, UTF-8, a title, inline CSS; no script, nothing fetched: its
Content-Security-Policy forbids both, so even a mistake elsewhere cannot make it load or
run anything), with every Chinese run of its text marked ``lang="zh-CN"``
(`termdrills.text.chinese.mark_html`).

Every text that goes into such a page — glossary cells, student answers and names, file
names, term ids from a progress file — goes through `escape`: HTML's five special
characters escaped (so text is never markup, in an element or in an attribute) and
control characters made visible (``\\x1b``, `termdrills.text.safe.escape_controls`).
`svg_text` does the same for text inside an inline SVG chart, where a ``<span>`` would
end the drawing, marking Chinese runs with ``<tspan>``.
"""

from __future__ import annotations

import html

from termdrills.text.chinese import ZH_LANG, mark_html, runs
from termdrills.text.safe import escape_controls

__all__ = ["CSP", "escape", "page", "svg_text"]

#: Nothing from outside, no script, no form, no frame: styles inline, images only inline.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def escape(text: object) -> str:
    """`text` as HTML text or as a quoted attribute value: ``& < > " '`` escaped and
    control characters shown as visible escapes (a report never hides an ESC or a
    right-to-left override in what it shows)."""
    return html.escape(escape_controls(str(text)), quote=True)


def svg_text(text: object) -> str:
    """`escape`d text for an SVG ``<text>``, its Chinese runs in ``<tspan lang>``."""
    return "".join(f'<tspan lang="{ZH_LANG}">{escape(piece)}</tspan>' if zh else escape(piece)
                   for piece, zh in runs(str(text)))


def page(title: str, body: str, *, css: str = "") -> str:
    """A complete offline HTML page. `title` is text (escaped here); `body` is HTML
    whose texts went through `escape`; `css` is the page's stylesheet."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            f"{mark_html(body)}\n</body>\n</html>\n")
