"""A class report from the progress files students export from the Review drill.

A progress file is the drill's store as JSON (format: ``schema/store.schema.json``,
read by `termdrills.review.progress`; an old version 1 file is migrated as the browser
migrates it). Each file is one student. Per term and per lesson the report gives how
many students met it, their answers, wrong answers and "again" ratings, how many are
still learning it (the card in FSRS's short learning steps), and the class's memory a
week from now: the mean FSRS retrievability (probability of recall) in `RECALL_AFTER_DAYS`
days over the students who met the term. (Recall *now* says nothing: a term answered a
minute ago, even wrongly, is "100% likely recalled now"; the Review drill's chart looks
as far ahead, ``static/core/store.js`` ``RECALL_AFTER``.) The terms the class remembers
least come first, so the next class can start where memory is weakest. An HTML page with charts, and the tables as CSV.
Unreadable, malformed, duplicate and other courses' files are listed and skipped.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termdrills._files import check_folders, display, write_files
from termdrills.course import find_course
from termdrills.errors import GlossaryError, InputError, TermdrillsError
from termdrills.glossary import Glossary, load_glossary
from termdrills.review import fsrs
from termdrills.review.progress import read_class, read_progress
from termdrills.text.page import escape as _e
from termdrills.text.page import page
from termdrills.text.safe import escape_controls, spreadsheet_cell

__all__ = ["Report", "Stat", "make_report", "read_progress"]

CHART_MAX = 20
#: How far ahead recall is given (the Review drill's chart: store.js RECALL_AFTER).
RECALL_AFTER_DAYS = 7
_DAY_MS = 86_400_000
#: FSRS card states of the short learning and relearning steps.
_LEARNING = (1, 3)


@dataclass
class Stat:
    """Counts for one term or one lesson over the class."""

    key: str
    zh: str = ""
    en: str = ""
    lesson: str = ""
    students: int = 0
    answers: int = 0
    right: int = 0
    wrong: int = 0
    again: int = 0
    #: Students' cards still in the learning or relearning steps.
    learning: int = 0
    recall_total: float = 0.0
    cards: int = 0

    @property
    def error_rate(self) -> float | None:
        return self.wrong / self.answers if self.answers else None

    @property
    def recall(self) -> float | None:
        """Mean probability of recall `RECALL_AFTER_DAYS` from now over the students'
        cards (FSRS)."""
        return self.recall_total / self.cards if self.cards else None


@dataclass
class Report:
    course: str
    students: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Lines about what the report could not do well (no glossary): on stderr and the page.
    warnings: list[str] = field(default_factory=list)
    terms: dict[str, Stat] = field(default_factory=dict)
    lessons: dict[str, Stat] = field(default_factory=dict)

    def skipped_lines(self) -> list[str]:
        return [f"{name}: skipped: {why}" for name, why in self.skipped]

    def summary(self) -> str:
        return (f"{len(self.students)} student file(s), {len(self.terms)} term(s), "
                f"{len(self.skipped)} file(s) skipped")

    def ranked_terms(self) -> list[Stat]:
        """Terms the class remembers least first: recall in a week, then "again" ratings,
        then error rate, then id."""
        return sorted(self.terms.values(), key=lambda s: (
            s.recall if s.recall is not None else 1.0, -s.again, -(s.error_rate or 0.0), s.key))

    def most_again(self) -> list[Stat]:
        """Terms most often rated "again" (forgotten) first."""
        return sorted((s for s in self.terms.values() if s.again),
                      key=lambda s: (-s.again, s.key))


def _found_glossary() -> tuple[Glossary | None, str]:
    """The glossary around the working directory, if there is a usable one (it only
    adds each id's Chinese and English to the report), else why there is none."""
    try:
        return load_glossary(None), ""
    except GlossaryError as exc:
        return None, exc.summary()
    except TermdrillsError as exc:
        return None, str(exc)


def _glossary_warnings(report: Report, glossary: Glossary | None, why: str) -> list[str]:
    """What the instructor should know about the terms' Chinese and English."""
    if glossary is None:
        return [(f"warning: no glossary ({why}): the terms are shown by their ids, without "
                "Chinese or English; run the command in the course folder or give "
                "--glossary PATH")]
    unknown = sorted(k for k in report.terms if not report.terms[k].zh)
    if not unknown:
        return []
    shown = ", ".join(escape_controls(k[:40]) for k in unknown[:5])
    more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
    return [(f"warning: {len(unknown)} term id(s) not in {display(glossary.path or '')}: "
            f"{shown}{more}: shown by id only (renamed or removed terms?)")]


def build(files: Sequence[Path], course: str | None = None,
          glossary: Glossary | None = None, now: float | None = None,
          options: fsrs.Options | None = None) -> Report:
    """Read every file and add up the class's answers and memory at `now` (ms)."""
    now = time.time() * 1000 if now is None else now
    course, readable, skipped = read_class(files, now=now, course=course)
    report = Report(course=course or "termdrills", skipped=skipped)
    for name, progress in readable:
        terms = progress.terms
        report.students.append(name)
        met_lessons = {_add(report, str(term_id), card, glossary, now, options)
                       for term_id, card in terms.items() if int(card["seen"]) > 0}
        for lesson in met_lessons:
            report.lessons[lesson].students += 1
    return report


def _add(report: Report, term_id: str, card: dict[str, object], glossary: Glossary | None,
         now: float, options: fsrs.Options | None) -> str:
    """Add one student's record of one term; returns the term's lesson."""
    term = None
    if glossary is not None:
        try:
            term = glossary.get(term_id)
        except KeyError:
            term = None
    lesson = str(card.get("lesson") or (term.lesson if term else "") or "(no lesson)")
    stat = report.terms.get(term_id)
    if stat is None:
        stat = report.terms[term_id] = Stat(term_id, zh=term.zh if term else "",
                                            en=term.en if term else "", lesson=lesson)
    lesson_stat = report.lessons.setdefault(lesson, Stat(lesson, lesson=lesson))
    seen, right, wrong = (int(card[k]) for k in ("seen", "right", "wrong"))  # type: ignore[call-overload]
    again = int(card.get("again", 0))  # type: ignore[call-overload]
    recall = fsrs.retrievability(card, now=now + RECALL_AFTER_DAYS * _DAY_MS, options=options)
    learning = card.get("state") in _LEARNING
    for s in (stat, lesson_stat):
        s.answers += seen
        s.right += right
        s.wrong += wrong
        s.again += again
        s.learning += learning
        s.recall_total += recall
        s.cards += 1
    if seen:
        stat.students += 1
    return lesson


# --------------------------------------------------------------------------- output

TERM_COLUMNS = ("term_id", "zh", "en", "lesson", "students", "answers", "wrong", "again",
                "error_rate", "learning", "recall_in_a_week")
LESSON_COLUMNS = ("lesson", "students", "terms", "answers", "wrong", "again", "error_rate",
                  "learning", "recall_in_a_week")


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def term_rows(report: Report) -> list[list[str]]:
    return [[s.key, s.zh, s.en, s.lesson, str(s.students), str(s.answers), str(s.wrong),
             str(s.again), _rate(s.error_rate), str(s.learning), _rate(s.recall)]
            for s in report.ranked_terms()]


def lesson_rows(report: Report) -> list[list[str]]:
    counts: dict[str, int] = {}
    for s in report.terms.values():
        counts[s.lesson] = counts.get(s.lesson, 0) + 1
    return [[s.key, str(s.students), str(counts.get(s.key, 0)), str(s.answers), str(s.wrong),
             str(s.again), _rate(s.error_rate), str(s.learning), _rate(s.recall)]
            for s in sorted(report.lessons.values(), key=lambda s: s.key)]


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_cell(escape_controls(c)) for c in row])
    return buf.getvalue()


def _chart(stats: Sequence[Stat], label_of, value, title: str, scale: str,  # type: ignore[no-untyped-def]
           describe, empty: str = "No answers yet.") -> str:
    """A horizontal bar chart as an HTML table, one row per item: the label (whole, wrapped
    when long: never cut), the bar (`value(s)` in 0–1), the words for it (`describe(s)`:
    no information in the bar alone). Text flows at any width; the bars print."""
    shown = [s for s in stats if value(s) is not None][:CHART_MAX]
    if not shown:
        return f"<p>{_e(empty)}</p>"
    rows = "".join(
        f'<tr><th scope="row">{_e(label_of(s))}</th>'
        f'<td class="track"><span class="rail"><span class="bar" style="width: '
        f'{100 * min(1.0, max(0.0, value(s))):.1f}%"></span></span></td>'
        f'<td class="value">{_e(describe(s))}</td></tr>' for s in shown)
    return (f'<table class="chart"><caption>{_e(title)}: the bar runs from 0 to '
            f"{_e(scale)}</caption><tbody>{rows}</tbody></table>")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


CSS = """
:root { color-scheme: light dark; --bar: #c0392b; --track: #8883; --warn: #9a4d00; }
@media (prefers-color-scheme: dark) { :root { --bar: #ef7b6e; --warn: #f0a050; } }
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; max-width: 60rem;
       margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
table.data { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .92rem; }
table.data th, table.data td { border-bottom: 1px solid #8886; padding: .25rem .6rem;
  text-align: left; vertical-align: top; }
table.data td:nth-child(n+5) { text-align: right; font-variant-numeric: tabular-nums; }
table.chart { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem;
  font-size: .9rem; }
table.chart caption { text-align: left; font-size: .8rem; opacity: .8; padding-bottom: .3rem; }
table.chart th { font-weight: normal; text-align: right; padding: .15rem .6rem .15rem 0;
  width: 40%; overflow-wrap: anywhere; }
table.chart td.track { width: 40%; padding: .15rem 0; }
table.chart .rail, table.chart .bar { display: block; height: 1.1em;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.chart .rail { background: var(--track); }
table.chart .bar { background: var(--bar); }
table.chart td.value { padding: .15rem 0 .15rem .6rem; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.skipped li, .warnings li { color: var(--warn); }
@media print { table.chart .rail { background: #eee; } table.chart .bar { background: #c0392b; } }
"""


def to_html(report: Report) -> str:
    terms = report.ranked_terms()

    def term_label(s: Stat) -> str:
        return f"{s.zh} {s.en}".strip() or s.key

    skipped = ""
    if report.skipped:
        items = "".join(f"<li><code>{_e(n)}</code>: {_e(w)}</li>" for n, w in report.skipped)
        skipped = f'<h2>Skipped files</h2><ul class="skipped">{items}</ul>'
    warnings = ""
    if report.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in report.warnings)
        warnings = f'<ul class="warnings">{items}</ul>\n'
    students = "".join(f"<li><code>{_e(n)}</code></li>" for n in report.students)
    lessons = sorted(report.lessons.values(), key=lambda s: (s.recall or 0.0, s.key))

    def recall(s: Stat) -> str:
        learning = f", {s.learning} still learning" if s.learning else ""
        return f"{_pct(s.recall)} recall in a week{learning}"

    def again(s: Stat) -> str:
        return f"{s.again} × again ({s.students} student(s))"

    top_again = max((s.again for s in report.terms.values()), default=0) or 1
    body = (
        f"<h1>Class report: {_e(report.course)}</h1>\n{warnings}"
        f"<p>{_e(report.summary())}. <em>Recall in a week</em> = the class's mean "
        "probability of recalling the term a week from now, from each student's review "
        "history (FSRS-6, the scheduler of the Review drill); <em>still learning</em> = "
        "students for whom the term is still in its short learning steps (met once, or "
        "answered wrong since: the Review drill asks it again within minutes); "
        "<em>again</em> = times students rated it "
        "forgotten; error rate = wrong answers ÷ answers; <em>students</em> = students who "
        "met the term. Start the next class with the terms at the top.</p>\n"
        f"<h2>Terms the class remembers least</h2>\n"
        f"{_chart(terms, term_label, lambda s: s.recall, 'Recall in a week', '100% recall', recall)}\n"
        f"<h2>Terms most often forgotten</h2>\n"
        f"{_chart(report.most_again(), term_label, lambda s: s.again / top_again, 'Again ratings', f'{top_again} × again', again, 'No term was rated again (forgotten) yet.')}\n"
        f"<h2>By lesson</h2>\n"
        f"{_chart(lessons, lambda s: s.key, lambda s: s.recall, 'Recall in a week', '100% recall', recall)}\n"
        f"{_table(LESSON_COLUMNS, lesson_rows(report))}\n"
        f"<h2>By term</h2>\n{_table(TERM_COLUMNS, term_rows(report))}\n"
        f"{skipped}\n<h2>Student files read</h2><ul>{students}</ul>")
    return page(f"Class report: {report.course}", body, css=CSS)


def make_report(files: Sequence[Path], output: Path, csv_out: Path | None = None,
                glossary: str | os.PathLike[str] | None = None, course: str | None = None,
                ) -> Report:
    """Read the files, write the HTML report, the per-term CSV (default: the report's
    name with .csv) and the per-lesson CSV (``-lessons.csv``), all three or none: an
    output that is one of the inputs (a progress file, the glossary), a folder or a
    device is refused before anything is written. When no file can be used, the report
    has no student and nothing is written (the caller names every file skipped)."""
    g, why = (load_glossary(glossary), "") if glossary is not None else _found_glossary()
    csv_out = csv_out or output.with_suffix(".csv")
    lessons_out = csv_out.with_name(f"{csv_out.stem}-lessons.csv")
    if len({output.resolve(), csv_out.resolve(), lessons_out.resolve()}) < 3:
        raise InputError(f"{display(output)}: the report and its CSV files need different "
                         "names")
    check_folders(output, csv_out)
    settings = find_course(Path(g.path).parent if g is not None and g.path else None)
    options: fsrs.Options = {"parameters": settings.fsrs_parameters} \
        if settings.fsrs_parameters else {}
    report = build(files, course=course, glossary=g, options=options)
    if not report.students:
        return report
    report.warnings = _glossary_warnings(report, g, why)
    inputs = [*files, *([g.path] if g is not None and g.path else [])]
    write_files([(csv_out, to_csv(TERM_COLUMNS, term_rows(report))),
                 (lessons_out, to_csv(LESSON_COLUMNS, lesson_rows(report))),
                 (output, to_html(report))], inputs=inputs)  # all three, or none
    return report
