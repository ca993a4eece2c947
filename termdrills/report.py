"""A class report from the progress files students export from the Review drill.

A progress file is what the drill's "Export progress" button saves
(``termdrills-progress-<course>.json``), the drill's store as JSON::

    {"schema": "termdrills-review", "version": 1, "course": "termdrills",
     "terms": {"<term id>": {"box": 1-5, "due": <ms since epoch>, "seen": int,
                             "right": int, "wrong": int, "lesson": "<slug>",
                             "last": <ms since epoch>}}}

Each file is one student. Per term and per lesson the report gives how many
students met it, how many answers they gave, how many were wrong, and the error
rate (wrong answers / answers); an HTML page with a chart of the terms the class
struggles with, and the tables as CSV. Unreadable, malformed, duplicate and other
courses' files are listed and skipped.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termdrills._files import check_folders, display, read_bytes, write_files
from termdrills._text import escape_controls, spreadsheet_cell
from termdrills.errors import InputError, TermdrillsError
from termdrills.glossary import Glossary, load_glossary

__all__ = ["Report", "Stat", "make_report", "read_progress"]

SCHEMA = "termdrills-review"
VERSION = 1
BOXES = 5
CHART_MAX = 20
_CARD_INTS = ("box", "seen", "right", "wrong")
#: Largest progress file read (60,000 terms are about 8 MB).
PROGRESS_LIMIT = 32 * 1024 * 1024
#: Longest number read (a time in ms since 1970 has 13 digits).
MAX_DIGITS = 16
#: Largest count (seen, right, wrong) a record may hold: a student answering one term
#: every second for 30 years stays below it.
MAX_COUNT = 1_000_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    box_total: int = 0
    cards: int = 0

    @property
    def error_rate(self) -> float | None:
        return self.wrong / self.answers if self.answers else None

    @property
    def mean_box(self) -> float | None:
        return self.box_total / self.cards if self.cards else None


@dataclass
class Report:
    course: str
    students: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    terms: dict[str, Stat] = field(default_factory=dict)
    lessons: dict[str, Stat] = field(default_factory=dict)

    def skipped_lines(self) -> list[str]:
        return [f"{name}: skipped: {why}" for name, why in self.skipped]

    def summary(self) -> str:
        return (f"{len(self.students)} student file(s), {len(self.terms)} term(s), "
                f"{len(self.skipped)} file(s) skipped")

    def ranked_terms(self) -> list[Stat]:
        """Terms the class struggles with first: error rate, then answers, then id."""
        return sorted(self.terms.values(),
                      key=lambda s: (-(s.error_rate or 0.0), -s.answers, s.key))


class _NumberTooLong(Exception):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _bounded_int(text: str) -> int:
    """`json`'s integer parser, refusing numbers no drill writes (a 5,000-digit one
    would raise deep inside `int`, a 401-digit count would overflow the error rate)."""
    if len(text) > MAX_DIGITS:
        raise _NumberTooLong(text)
    return int(text)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _where(text: str, needle: str) -> str:
    at = text.find(needle)
    return f"line {text.count(chr(10), 0, at) + 1}: " if at >= 0 else ""


def _text_ok(value: str) -> bool:
    return not _SURROGATE.search(value)


def _card_problem(card: object) -> str | None:
    """Why one term's record cannot be used, or None."""
    if not isinstance(card, dict):
        return "malformed record (not an object)"
    for key in _CARD_INTS:
        value = card.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"malformed record ({key} is not a whole number ≥ 0)"
        if value > MAX_COUNT:
            return f"malformed record ({key} {value:,} is more than {MAX_COUNT:,})"
    if not 1 <= card["box"] <= BOXES:
        return f"malformed record (box {card['box']} is not 1–{BOXES})"
    if card["right"] + card["wrong"] > card["seen"]:
        return (f"malformed record (counts contradict each other: right {card['right']} + "
                f"wrong {card['wrong']} > seen {card['seen']})")
    lesson = card.get("lesson")
    if lesson is not None and not isinstance(lesson, str):
        return "malformed lesson"
    if isinstance(lesson, str) and not _text_ok(lesson):
        return f"lesson '{display(lesson)[:40]}' is not text (a lone surrogate)"
    return None


def read_progress(path: Path) -> tuple[str, dict[str, dict[str, object]]]:
    """(course, terms) of one progress file; InputError saying why it cannot be used.

    Bounded: the file is stat-ed before it is opened (a FIFO or a device is refused at
    once) and at most `PROGRESS_LIMIT` bytes are read; nesting deeper than Python's
    recursion limit, numbers longer than `MAX_DIGITS` digits, counts over `MAX_COUNT`,
    counts that contradict each other and text that is not Unicode (a lone surrogate
    written as ``\\ud800``) are refused with the reason.
    """
    label = display(path)
    try:
        raw = read_bytes(path, limit=PROGRESS_LIMIT, name=label)
    except InputError as exc:
        reason = str(exc).removeprefix(f"{label}: ")
        raise InputError("cannot read (no such file)" if reason == "no such file"
                         else reason) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not a text file") from None
    try:
        data = json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except _NumberTooLong as exc:
        raise InputError(f"{_where(text, exc.digits[:40])}a number of {len(exc.digits):,} "
                         f"digits (a progress file has none over {MAX_DIGITS})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON (line {exc.lineno}: {exc.msg})") from None
    except ValueError as exc:  # NaN, Infinity
        raise InputError(f"not JSON ({exc})") from None
    except RecursionError:
        raise InputError("not a progress file: nested too deeply") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA \
            or not isinstance(data.get("terms"), dict):
        raise InputError(f"not a termdrills progress file (no \"schema\": \"{SCHEMA}\")")
    if data.get("version") != VERSION:
        raise InputError(f"progress format version {display(repr(data.get('version')))[:40]}; "
                         f"this termdrills reads version {VERSION}")
    course = data.get("course")
    if not isinstance(course, str) or not course:
        raise InputError("no course id")
    if not _text_ok(course):
        raise InputError(f"course id '{display(course)[:40]}' is not text (a lone surrogate)")
    for term_id, card in data["terms"].items():
        if not _text_ok(term_id):
            raise InputError(f"term id '{display(term_id)[:40]}' is not text (a lone "
                             "surrogate)")
        problem = _card_problem(card)
        if problem:
            raise InputError(f"term '{term_id[:40]}': {problem}")
    return course, data["terms"]


def _found_glossary() -> Glossary | None:
    """The glossary around the working directory, if there is a usable one: it only
    adds each id's Chinese and English to the report."""
    try:
        return load_glossary(None)
    except TermdrillsError:
        return None


def build(files: Sequence[Path], course: str | None = None,
          glossary: Glossary | None = None) -> Report:
    """Read every file and add up the class's answers."""
    readable: list[tuple[str, str, dict[str, dict[str, object]]]] = []
    seen_digest: dict[str, str] = {}
    skipped: list[tuple[str, str]] = []
    for path in files:
        name = display(path)
        try:
            file_course, terms = read_progress(path)
        except InputError as exc:
            skipped.append((name, str(exc)))
            continue
        digest = hashlib.sha256(json.dumps(terms, sort_keys=True).encode()).hexdigest()
        if digest in seen_digest and terms:
            skipped.append((name, f"same progress as {seen_digest[digest]} (a copy?)"))
            continue
        seen_digest[digest] = name
        readable.append((name, file_course, terms))
    if course is None and readable:
        courses = [c for _, c, _ in readable]
        course = max(dict.fromkeys(courses), key=courses.count)
    report = Report(course=course or "termdrills", skipped=skipped)
    for name, file_course, terms in readable:
        if file_course != report.course:
            report.skipped.append((name, (f"progress of course '{file_course}', "
                                         f"not '{report.course}'")))
            continue
        report.students.append(name)
        met_lessons = {_add(report, str(term_id), card, glossary)
                       for term_id, card in terms.items() if int(card["seen"]) > 0}
        for lesson in met_lessons:
            report.lessons[lesson].students += 1
    return report


def _add(report: Report, term_id: str, card: dict[str, object], glossary: Glossary | None,
         ) -> str:
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
    seen, right, wrong, box = (int(card[k]) for k in ("seen", "right", "wrong", "box"))
    for s in (stat, lesson_stat):
        s.answers += seen
        s.right += right
        s.wrong += wrong
        s.box_total += box
        s.cards += 1
    if seen:
        stat.students += 1
    return lesson


# --------------------------------------------------------------------------- output

TERM_COLUMNS = ("term_id", "zh", "en", "lesson", "students", "answers", "wrong", "error_rate",
                "mean_box")
LESSON_COLUMNS = ("lesson", "students", "terms", "answers", "wrong", "error_rate")


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def term_rows(report: Report) -> list[list[str]]:
    return [[s.key, s.zh, s.en, s.lesson, str(s.students), str(s.answers), str(s.wrong),
             _rate(s.error_rate), _rate(s.mean_box)] for s in report.ranked_terms()]


def lesson_rows(report: Report) -> list[list[str]]:
    counts: dict[str, int] = {}
    for s in report.terms.values():
        counts[s.lesson] = counts.get(s.lesson, 0) + 1
    return [[s.key, str(s.students), str(counts.get(s.key, 0)), str(s.answers), str(s.wrong),
             _rate(s.error_rate)]
            for s in sorted(report.lessons.values(), key=lambda s: s.key)]


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_cell(escape_controls(c)) for c in row])
    return buf.getvalue()


def _e(text: object) -> str:
    """Text for the page: escaped, control characters shown as escapes (``\\x1b``)."""
    return html.escape(escape_controls(str(text)), quote=True)


def _chart(stats: Sequence[Stat], label_of) -> str:  # type: ignore[no-untyped-def]
    """A horizontal bar chart (inline SVG) of error rates, one bar per item."""
    shown = [s for s in stats if s.answers][:CHART_MAX]
    if not shown:
        return "<p>No answers yet.</p>"
    row_h, label_w, bar_w = 26, 330, 360
    height = row_h * len(shown) + 24
    parts = [(f'<svg class="chart" role="img" viewBox="0 0 {label_w + bar_w + 70} {height}" '
             f'width="{label_w + bar_w + 70}" height="{height}" '
             'xmlns="http://www.w3.org/2000/svg"><title>Error rate</title>')]
    for i, s in enumerate(shown):
        y = i * row_h + 4
        w = round(bar_w * (s.error_rate or 0.0), 1)
        label = label_of(s)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(_fit(label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" '
            'class="track"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" class="bar">'
            f"<title>{_e(label)}: {_e(_pct(s.error_rate))} wrong of {s.answers}</title></rect>"
            f'<text x="{label_w + bar_w + 6}" y="{y + 16}">{_e(_pct(s.error_rate))}</text>')
    axis_y = row_h * len(shown) + 18
    parts.append(f'<text x="{label_w}" y="{axis_y}" class="axis">0%</text>'
                 f'<text x="{label_w + bar_w}" y="{axis_y}" class="axis" '
                 'text-anchor="end">100% wrong</text></svg>')
    return "".join(parts)


def _fit(label: str, width: int = 46) -> str:
    """The label cut to about `width` Latin letters (a Chinese character counts two)."""
    used = 0
    for i, ch in enumerate(label):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > width:
            return label[:i].rstrip() + "…"
    return label


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


CSS = """
:root { color-scheme: light dark; --bar: #c0392b; --track: #8883; }
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; max-width: 60rem;
       margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .92rem; }
th, td { border-bottom: 1px solid #8886; padding: .25rem .6rem; text-align: left; }
td:nth-child(n+5) { text-align: right; font-variant-numeric: tabular-nums; }
.chart { max-width: 100%; height: auto; font-size: 13px; }
.chart text { fill: currentColor; }
.chart .bar { fill: var(--bar); }
.chart .track { fill: var(--track); }
.chart .axis { font-size: 11px; }
.skipped li { color: #b35c00; }
@media print { .chart .track { fill: #eee; } }
"""


def to_html(report: Report) -> str:
    terms = report.ranked_terms()

    def term_label(s: Stat) -> str:
        return f"{s.zh} {s.en}".strip() or s.key

    skipped = ""
    if report.skipped:
        items = "".join(f"<li><code>{_e(n)}</code>: {_e(w)}</li>" for n, w in report.skipped)
        skipped = f'<h2>Skipped files</h2><ul class="skipped">{items}</ul>'
    students = "".join(f"<li><code>{_e(n)}</code></li>" for n in report.students)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>Class report: {_e(report.course)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<h1>Class report: {_e(report.course)}</h1>\n"
        f"<p>{_e(report.summary())}. Error rate = wrong answers ÷ answers in the Review "
        "drill; <em>students</em> = students who met the term.</p>\n"
        f"<h2>Terms the class struggles with</h2>\n{_chart(terms, term_label)}\n"
        f"<h2>By lesson</h2>\n{_chart(sorted(report.lessons.values(), key=lambda s: s.key), lambda s: s.key)}\n"
        f"{_table(LESSON_COLUMNS, lesson_rows(report))}\n"
        f"<h2>By term</h2>\n{_table(TERM_COLUMNS, term_rows(report))}\n"
        f"{skipped}\n<h2>Student files read</h2><ul>{students}</ul>\n</body>\n</html>\n")


def make_report(files: Sequence[Path], output: Path, csv_out: Path | None = None,
                glossary: str | os.PathLike[str] | None = None, course: str | None = None,
                ) -> Report:
    """Read the files, write the HTML report, the per-term CSV (default: the report's
    name with .csv) and the per-lesson CSV (``-lessons.csv``), all three or none: an
    output that is one of the inputs, a folder or a device is refused before anything
    is written. A report with no student when no file can be used (nothing written)."""
    g = load_glossary(glossary) if glossary is not None else _found_glossary()
    csv_out = csv_out or output.with_suffix(".csv")
    lessons_out = csv_out.with_name(f"{csv_out.stem}-lessons.csv")
    if len({output.resolve(), csv_out.resolve(), lessons_out.resolve()}) < 3:
        raise InputError(f"{display(output)}: the report and its CSV files need different "
                         "names")
    check_folders(output, csv_out)
    report = build(files, course=course, glossary=g)
    if not report.students:
        return report
    inputs = [*files, *([g.path] if g is not None and g.path else [])]
    write_files([(csv_out, to_csv(TERM_COLUMNS, term_rows(report))),
                 (lessons_out, to_csv(LESSON_COLUMNS, lesson_rows(report))),
                 (output, to_html(report))], inputs=inputs)
    return report
