"""The grader's outputs: the class report, one feedback page per student, a gradebook CSV.

Every page is a standalone offline page (`termdrills.text.page`: no script, nothing
loaded, every text escaped, Chinese marked). The **class report** is the instructor's:
inline SVG charts (score distribution; each term's verdicts), then one section per
student (anchor ``#s-N``) with the drill's feedback and the aligned view, and the
files it read (the instructor's own paths). A **feedback page** is the student's: that
student's score, terms and aligned view only, with no other student and no local path,
ready to hand back (`student_page`, named by `feedback_names`). CSV cells are made
formula-safe (`spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence

from termdrills.grading.assignment import VERDICTS
from termdrills.grading.grade import ClassResult, Graded
from termdrills.grading.view import ALIGNED_CSS, GLYPH, render_aligned, render_legend
from termdrills.text.chinese import ZH_LANG
from termdrills.text.page import escape as _e
from termdrills.text.page import page, svg_text
from termdrills.text.safe import spreadsheet_cell

__all__ = ["feedback_names", "student_page", "to_csv", "to_html"]

TIER_SAY = {"guess": "no glossary form: the words that stood there"}
SAY = {"preferred": "✓ preferred", "accepted": "≈ accepted", "deprecated": "✗ deprecated",
       "missing": "– missing"}


def _num(value: object, digits: int = 1) -> str:
    return "" if value is None else f"{float(value):.{digits}f}"  # type: ignore[arg-type]


def to_csv(result: ClassResult) -> str:
    """The gradebook: one row per student (unreadable ones with the problem)."""
    ids = [t.id for t in result.passage.terms]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "score", "chrf", *VERDICTS, "inconsistent", *ids, "source",
                "encoding", "problem"])
    for g in result.graded:
        a = g.analysis
        counts = [sum(t["verdict"] == v for t in a["terms"]) for v in VERDICTS]
        row = [g.answer.student, _num(a["score"]["total"]), _num(a["chrf"]), *map(str, counts),
               str(sum(not t["consistent"] for t in a["terms"])),
               *(t["verdict"] for t in a["terms"]), g.answer.source, g.answer.encoding, ""]
        w.writerow([spreadsheet_cell(c) for c in row])
    for p in result.problems:
        if p.student:
            row = [p.student, "", "", *[""] * (len(VERDICTS) + 1 + len(ids)), p.where, "",
                   p.message]
            w.writerow([spreadsheet_cell(c) for c in row])
    return buf.getvalue()


CSS = """
:root { color-scheme: light dark; --v-preferred: #2f7d32; --v-accepted: #3b6fb6;
        --v-deprecated: #c0392b; --v-missing: #6e6e6e; --bar: #3b6fb6; --warn: #9a4d00;
        --on-bar: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --v-preferred: #6cc070; --v-accepted: #7fa8e6; --v-deprecated: #ef7b6e;
          --v-missing: #a0a0a0; --bar: #7fa8e6; --warn: #f0a050; --on-bar: #111111; } }
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; max-width: 72rem;
       margin: 1.5rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #8886; }
table.data { border-collapse: collapse; margin: .5rem 0 1.2rem; font-size: .92rem; }
table.data th, table.data td { border-bottom: 1px solid #8886; padding: .25rem .6rem;
  text-align: left; vertical-align: top; }
table.data td.n { text-align: right; font-variant-numeric: tabular-nums; }
.problems { border-left: 4px solid var(--warn); padding: .3rem 1rem; }
.problems li code { font-size: .9em; }
.chart { max-width: 100%; height: auto; font-size: 13px; }
.chart text { fill: currentColor; }
.chart .bar { fill: var(--bar); }
.chart .v-preferred { fill: var(--v-preferred); } .chart .v-accepted { fill: var(--v-accepted); }
.chart .v-deprecated { fill: var(--v-deprecated); } .chart .v-missing { fill: var(--v-missing); }
.chart .axis { font-size: 11px; }
.chart text.on-bar { fill: var(--on-bar); font-weight: 700; }
.nw { white-space: nowrap; }
.key span { display: inline-block; width: .9em; height: .9em; margin: 0 .3em 0 .9em;
  vertical-align: -.1em; }
.key .v-preferred { background: var(--v-preferred); } .key .v-accepted { background: var(--v-accepted); }
.key .v-deprecated { background: var(--v-deprecated); } .key .v-missing { background: var(--v-missing); }
.renderings li { margin: .1rem 0; } .tier { font-size: .85em; opacity: .85; }
section.student { border-top: 2px solid #8888; margin-top: 2rem; }
.score { font-variant-numeric: tabular-nums; font-weight: 700; }
.notes { font-size: .9rem; }
"""


def _histogram(bins: Sequence[int]) -> str:
    top = max(bins) or 1
    bar_w, gap, h, top_m = 52, 8, 160, 24
    width = len(bins) * (bar_w + gap) + 40
    parts = [(f'<svg class="chart" role="img" viewBox="0 0 {width} {h + top_m + 36}" '
              f'width="{width}" height="{h + top_m + 36}" xmlns="http://www.w3.org/2000/svg">'
              "<title>Score distribution: students per band of 10 points</title>")]
    base = h + top_m
    for i, count in enumerate(bins):
        x = 30 + i * (bar_w + gap)
        bh = round(h * count / top, 1)
        label = f"{i * 10}–{i * 10 + 9}" if i < 9 else "90–100"
        parts.append(f'<rect class="bar" x="{x}" y="{base - bh}" width="{bar_w}" '
                     f'height="{bh}"><title>{label}: {count}</title></rect>'
                     f'<text x="{x + bar_w / 2}" y="{base - bh - 6}" text-anchor="middle">'
                     f"{count or ''}</text>"
                     f'<text class="axis" x="{x + bar_w / 2}" y="{base + 18}" '
                     f'text-anchor="middle">{label}</text>')
    parts.append(f'<line x1="26" x2="{width - 10}" y1="{base}" y2="{base}" '
                 'stroke="currentColor" stroke-width="1"/></svg>')
    return "".join(parts)


def _term_chart(terms: Sequence[Mapping], students: int) -> str:
    row_h, label_w, bar_w = 30, 260, 520
    height = row_h * len(terms) + 10
    width = label_w + bar_w + 20
    parts = [(f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
             "<title>Each term: students who used the preferred, an accepted or a deprecated "
             "rendering, or none</title>")]
    for k, t in enumerate(terms):
        y = k * row_h + 4
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">'
                     f'{t["n"]}. {svg_text(t["zh"])}</text>')
        x = float(label_w)
        for v in VERDICTS:
            count = t["counts"][v]
            w = bar_w * count / students if students else 0
            if w:
                parts.append(f'<rect class="v-{v}" x="{x:.1f}" y="{y + 2}" width="{w:.1f}" '
                             f'height="{row_h - 8}"><title>term {t["n"]}: {v} {count}</title>'
                             "</rect>")
                if w >= 22:
                    parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                                 f'style="fill:#fff;font-weight:700">{count}</text>')
            x += w
    parts.append("</svg>")
    key = "".join(f'<span class="v-{v}"></span>{_e(SAY[v])}' for v in VERDICTS)
    return "".join(parts) + f'<p class="key" aria-hidden="true">{key}</p>'


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """Cells in `rows` are already HTML."""
    th = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f'<table class="data"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _breakdown(a: Mapping) -> str:
    parts = a["score"]["parts"]
    weights = a["score"]["weights"]
    return ", ".join(
        f"{k} {_num(100 * v)} × {weights.get(k, 0):g}" if v is not None else f"{k}: not scored"
        for k, v in parts.items())


def _terms_table(a: Mapping, wrote_head: str) -> str:
    rows = []
    for t in a["terms"]:
        wrote = _e(t["rendering"]) if t["rendering"] else "<em>nothing found</em>"
        if t["rendering_kind"] == "candidate":
            wrote += ' <span class="tier">(no glossary form; best guess)</span>'
        if len(t["used"]) > 1:
            wrote = "; ".join(_e(u["text"]) for u in t["used"])
        verdict = f'<span class="nw">{_e(SAY[t["verdict"]])}</span>'
        if not t["consistent"]:
            verdict += " <strong>· inconsistent</strong>"
        if not t["counts"]:
            verdict += ' <span class="tier">(not counted: the reference leaves it out)</span>'
        rows.append([str(t["n"]), f'<span lang="{ZH_LANG}" class="nw">{_e(t["zh"])}</span>',
                     verdict, wrote, _e(t["en"]), _e(t["note"])])
    return _table(["#", "中文", "verdict", wrote_head, "glossary", "why"], rows, {0})


def _alignment_notes(a: Mapping) -> str:
    notes = "".join(f"<li>{_e(n)}</li>" for n in a["alignment"]["notes"])
    return f'<ul class="notes">{notes}</ul>' if notes else ""


def _student(g: Graded, feedback: str) -> str:
    """The student's section of the class report (with the file it came from)."""
    a = g.analysis
    source = _e(g.answer.source) + (f" · {_e(g.answer.encoding)}"
                                    if g.answer.encoding not in ("UTF-8", "docx") else "")
    return (f'<section class="student" id="{g.anchor}"><h3>{_e(g.answer.student)} · '
            f'<span class="score">{_num(a["score"]["total"])}</span></h3>'
            f'<p class="notes">From <code>{source}</code>. Feedback page: '
            f"<code>{_e(feedback)}</code>. Score parts: {_breakdown(a)}.</p>"
            + _terms_table(a, "the student wrote") + _alignment_notes(a)
            + render_aligned(a, answer_label=f"{g.answer.student}")
            + '<p><a href="#students">Back to the list of students</a></p></section>')


def _reference_note(result: ClassResult, kind: str) -> str:
    return {"official": f"{len(result.passage.references)} official reference(s); chrF "
                        "against the closest",
            "model": "no official translation exists: the course's model translation is "
                     "shown, labelled as not official, and no chrF is computed",
            "none": "no reference: terms and consistency only"}[kind]


#: Longest file name stem of a feedback page (a name from an LMS export may be long).
NAME_MAX = 60
#: Names Windows will not give a file, whatever its extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


def feedback_names(graded: Sequence[Graded]) -> dict[str, str]:
    """Each student's feedback page name (by anchor): the name as the student is called
    (``alice.html``, ``张伟.html``), letters and digits kept, every other run of
    characters one hyphen, unique even where case does not count (macOS, Windows):
    ``alice-2.html``; ``student-N.html`` for a name with no letter or digit."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for k, g in enumerate(graded, start=1):
        text = unicodedata.normalize("NFKC", g.answer.student)
        stem = re.sub(r"[\W_]+", "-", text).strip("-")[:NAME_MAX].strip("-")
        if not stem or stem.casefold() in _RESERVED:
            stem = f"student-{k}" if not stem else f"student-{stem}"
        name, n = stem, 2
        while name.casefold() in taken:
            name, n = f"{stem}-{n}", n + 1
        taken.add(name.casefold())
        names[g.anchor] = f"{name}.html"
    return names


def student_page(result: ClassResult, g: Graded) -> str:
    """One student's feedback, to hand back: their score and how it is made, each
    term's verdict, the aligned view of their translation; nothing about any other
    student and no local path (the assignment's source, a citation, is kept)."""
    asg = result.assignment
    a = g.analysis
    kind = (a.get("reference") or {}).get("kind", "none")
    weights = ", ".join(f"{k} {v:g}" for k, v in result.passage.weights.items())
    body = (
        f'<h1>Feedback: {_e(asg.title)}</h1>\n'
        f'<p class="who"><strong>{_e(g.answer.student)}</strong> · score '
        f'<span class="score">{_num(a["score"]["total"])}</span> / 100</p>\n'
        f'<p class="notes">{_e(asg.source) + " · " if asg.source else ""}'
        f"{_e(_reference_note(result, kind))}. Score = weighted parts ({_e(weights)}), "
        f"0–100: {_breakdown(a)}.</p>\n"
        "<h2>The key terms</h2>\n"
        '<p class="notes">Each glossary term of the passage: what you wrote for it, and '
        "the rendering official English uses.</p>\n"
        + _terms_table(a, "you wrote") + _alignment_notes(a)
        + "\n<h2>Your translation beside the passage</h2>\n"
        f"{render_legend(a['terms'])}\n"
        + render_aligned(a, answer_label="Your translation")
        + '\n<p class="notes">Made by <code>termdrills grade</code>.</p>')
    return page(f"Feedback: {asg.title} · {g.answer.student}", body, css=CSS + ALIGNED_CSS)


def to_html(result: ClassResult, summary: Mapping,
            feedback: Mapping[str, str] | None = None) -> str:
    """The class report; `feedback` names each student's feedback page (by anchor)."""
    feedback = feedback or {}
    asg = result.assignment
    view = result.passage_view()
    ref_note = _reference_note(result, view["reference"]["kind"])
    problems = ""
    if result.problems:
        items = "".join(f"<li><code>{_e(p.where)}</code>: {_e(p.message)}</li>"
                        for p in result.problems)
        problems = (f'<section class="problems"><h2>Not graded: {len(result.problems)} '
                    f"file(s) or row(s)</h2><ul>{items}</ul></section>")
    notes = "".join(f"<li>{_e(n)}</li>" for n in result.notes)
    stats = (f"{summary['students']} answer(s) graded. Mean {_num(summary['mean'])}, median "
             f"{_num(summary['median'])}, lowest {_num(summary['min'])}, highest "
             f"{_num(summary['max'])}.")
    term_rows = [[str(t["n"]), f'<span lang="{ZH_LANG}">{_e(t["zh"])}</span>', _e(t["en"]),
                  *(str(t["counts"][v]) for v in VERDICTS), str(t["inconsistent"])]
                 for t in summary["terms"]]
    renderings = "".join(
        f'<h4>{t["n"]}. <span lang="{ZH_LANG}">{_e(t["zh"])}</span> · {_e(t["en"])}</h4>'
        '<ul class="renderings">' + "".join(
            f'<li>{_e(r["text"]) if r["text"] else "<em>nothing found</em>"} — {r["count"]} '
            + (f'<span class="tier">({_e(TIER_SAY.get(r["tier"], r["tier"]))})</span>'
               if r["tier"] != "nothing" else "")
            + "</li>" for r in t["renderings"]) + "</ul>" for t in summary["terms"])
    deprecated = _table(["term", "deprecated rendering", "students", "why"], [
        [f'{d["n"]}. <span lang="{ZH_LANG}">{_e(d["zh"])}</span>', _e(d["form"]), str(d["count"]),
         _e(d["note"])] for d in summary["deprecated"]], {2}) if summary["deprecated"] \
        else "<p>No student used a deprecated rendering.</p>"
    student_rows = [[f'<a href="#{g.anchor}">{_e(g.answer.student)}</a>',
                     _num(g.analysis["score"]["total"]), _num(g.analysis["chrf"]),
                     *(str(sum(t["verdict"] == v for t in g.analysis["terms"])) for v in VERDICTS),
                     str(sum(not t["consistent"] for t in g.analysis["terms"]))]
                    for g in result.graded]
    weights = ", ".join(f"{k} {v:g}" for k, v in result.passage.weights.items())
    glyphs = " ".join(GLYPH.values())
    body = (
        f"<h1>Grades: {_e(asg.title)}</h1>\n"
        f'<p class="notes">Assignment <code>{_e(asg.path)}</code>, glossary '
        f"<code>{_e(result.glossary.path)}</code>"
        f"{' · source: ' + _e(asg.source) if asg.source else ''}. {_e(ref_note)}. Score = "
        f"weighted parts ({_e(weights)}), 0–100. This report shows every student's answer "
        "and your file paths: hand each student their own feedback page instead.</p>\n"
        f"{problems}\n"
        + (f'<h2>Notes on reading the files</h2><ul class="notes">{notes}</ul>' if notes else "")
        + f"<h2>Class summary</h2>\n<p>{_e(stats)}</p>\n{_histogram(summary['bins'])}\n"
        f"<h3>Terms</h3>\n{_term_chart(summary['terms'], summary['students'])}\n"
        + _table(["#", "中文", "preferred rendering", *VERDICTS, "inconsistent"], term_rows,
                 {0, 3, 4, 5, 6, 7})
        + f"<h3>What students wrote for each term</h3>\n{renderings}\n"
        f"<h3>Most common deprecated renderings</h3>\n{deprecated}\n"
        f"<h2>The passage</h2>\n{render_legend(view['terms'])}\n{render_aligned(view)}\n"
        f'<h2 id="students">Students</h2>\n<p class="notes">Marks in the answers: {glyphs} '
        "(see the key above the passage).</p>\n"
        + _table(["student", "score", "chrF", *VERDICTS, "inconsistent"], student_rows,
                 {1, 2, 3, 4, 5, 6, 7})
        + "".join(_student(g, feedback.get(g.anchor, "")) for g in result.graded))
    return page(f"Grades: {asg.title}", body, css=CSS + ALIGNED_CSS)
