"""The assignment file: one passage to translate, what to compare with, what counts.

TOML (read with the standard library's tomllib: no extra dependency, and its
multi-line strings hold a Chinese passage as typed). UTF-8, a BOM allowed::

    title = "【知识点】第一段"                 # required
    passage = \"\"\"持续优化政务服务是……\"\"\"      # required: the Chinese text
    references = ["Continuously optimizing …"]  # official translations; [] = none exists
    model = \"\"\"…\"\"\"                            # the course's own translation (optional):
                                             # shown, labelled not official, when there
                                             # is no reference; never scored against
    source = "China Daily, 2022-03-03"       # optional: where passage and references are from
    lessons = ["government-services"]        # whose glossary terms count (default: all)
    glossary = "../glossary.csv"             # optional, relative to this file

    [weights]                                # optional; these are the defaults
    chrf = 0.5
    terms = 0.4
    consistency = 0.1

    [credit]                                 # optional: credit of a term by verdict
    preferred = 1.0
    accepted = 1.0
    deprecated = 0.0
    missing = 0.0

    [accept]                                 # optional: renderings this passage accepts
    transform-government-functions = ["transform its functions"]

    [deprecate]                              # optional: renderings to flag, with why
    government-services = {"government affairs services" = "政务服务 is 'government services'"}

Every problem is one located line (``hw.toml:3: passage: empty``), raised as
`InputError`; an unknown key is an error, so a misspelt one never goes unnoticed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from termdrills._files import read_bytes
from termdrills.errors import InputError
from termdrills.glossary import Glossary, find_glossary, load_glossary
from termdrills.text.chinese import has_han

__all__ = ["Assignment", "load_assignment", "read_assignment"]

KEYS = ("title", "passage", "references", "model", "source", "lessons", "glossary", "weights",
        "credit", "accept", "deprecate")
WEIGHTS = ("chrf", "terms", "consistency")
VERDICTS = ("preferred", "accepted", "deprecated", "missing")
#: Largest assignment file read (a passage and its references are a few KB).
ASSIGNMENT_LIMIT = 4 * 1024 * 1024


@dataclass
class Assignment:
    path: Path
    title: str
    passage: str
    references: list[str] = field(default_factory=list)
    model: str = ""
    source: str = ""
    lessons: list[str] = field(default_factory=list)
    glossary: Path | None = None
    weights: dict[str, float] = field(default_factory=dict)
    credit: dict[str, float] = field(default_factory=dict)
    accept: dict[str, list[str]] = field(default_factory=dict)
    deprecate: dict[str, dict[str, str]] = field(default_factory=dict)


class _Reader:
    def __init__(self, path: Path, text: str, data: dict[str, object]) -> None:
        self.path, self.text, self.data = path, text, data

    def line(self, key: str, table: str | None = None) -> int | None:
        start = 0
        if table is not None:
            m = re.search(rf"^\s*\[\s*{re.escape(table)}\s*\]", self.text, re.MULTILINE)
            if m is None:
                m = re.search(rf"^\s*{re.escape(table)}\s*=", self.text, re.MULTILINE)
                return self.text.count("\n", 0, m.start()) + 1 if m else None
            start = m.end()
        m = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE).search(
            self.text, start)
        return self.text.count("\n", 0, m.start()) + 1 if m else None

    def fail(self, key: str, message: str, table: str | None = None) -> InputError:
        line = self.line(key, table)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = f"{table}.{key}" if table else key
        return InputError(f"{where}: {name}: {message}")

    def text_value(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "missing")
            return ""
        if not isinstance(value, str):
            raise self.fail(key, "must be a text (in quotes)")
        if required and not value.strip():
            raise self.fail(key, "empty")
        return value.strip()

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of texts, e.g. [\"…\"]")
        if any(not v.strip() for v in value):
            raise self.fail(key, "an empty text in the list")
        return [v.strip() for v in value]

    def numbers(self, table: str, names: tuple[str, ...], top: float | None) -> dict[str, float]:
        value = self.data.get(table, {})
        if not isinstance(value, dict):
            raise self.fail(table, f"must be a table: [{table}]")
        out: dict[str, float] = {}
        for key, number in value.items():
            if key not in names:
                raise self.fail(key, f"unknown (known: {', '.join(names)})", table)
            if isinstance(number, bool) or not isinstance(number, int | float) or number < 0 \
                    or (top is not None and number > top):
                limit = f"between 0 and {top:g}" if top is not None else "≥ 0"
                raise self.fail(key, f"must be a number {limit}", table)
            out[key] = float(number)
        return out


def read_assignment(path: Path) -> Assignment:
    """Read and check an assignment file (not yet against a glossary)."""
    raw = read_bytes(path, limit=ASSIGNMENT_LIMIT)  # stat-ed first: a FIFO never blocks
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}:{line}: not UTF-8 (save the assignment as UTF-8)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line.*\)", "", str(exc)) or "not valid TOML"
        where = f"{path}:{m.group(1)}" if m else f"{path}"
        raise InputError(f"{where}: not valid TOML: {message}") from None
    r = _Reader(path, text, data)
    for key in data:
        if key not in KEYS:
            raise r.fail(key, f"unknown key (known: {', '.join(KEYS)})")
    passage = r.text_value("passage", required=True)
    if not has_han(passage):
        raise r.fail("passage", "no Chinese characters: the passage is the Chinese to translate")
    weights = r.numbers("weights", WEIGHTS, None)
    if weights and not any({**dict.fromkeys(WEIGHTS, 1.0), **weights}.values()):
        raise r.fail("weights", "every weight is 0")
    accept = data.get("accept", {})
    if not isinstance(accept, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)
            for v in accept.values()):
        raise r.fail("accept", "must be a table of term id = [\"rendering\", …]")
    deprecate = data.get("deprecate", {})
    if not isinstance(deprecate, dict) or not all(
            isinstance(v, dict) and all(isinstance(k, str) and k.strip() and isinstance(n, str)
                                        for k, n in v.items()) for v in deprecate.values()):
        raise r.fail("deprecate", "must be a table of term id = {\"rendering\" = \"why\", …}")
    glossary = r.text_value("glossary")
    return Assignment(
        path=path, title=r.text_value("title", required=True), passage=passage,
        references=r.texts("references"), model=r.text_value("model"),
        source=r.text_value("source"), lessons=r.texts("lessons"),
        glossary=(path.parent / glossary) if glossary else None, weights=weights,
        credit=r.numbers("credit", VERDICTS, 1.0), accept=accept, deprecate=deprecate)


def load_assignment(path: Path, glossary: Path | None = None) -> tuple[Assignment, Glossary]:
    """The assignment and its glossary (`glossary`, else the file's own ``glossary``,
    else $TERMDRILLS_GLOSSARY or the first glossary.csv from the assignment's folder
    up), checked against each other."""
    assignment = read_assignment(path)
    where = glossary or assignment.glossary
    if where is None:
        try:
            where = find_glossary(path.resolve().parent)
        except FileNotFoundError as exc:
            raise InputError(f"{path}: {exc}") from None
    g = load_glossary(where)
    r = _Reader(path, read_bytes(path, limit=ASSIGNMENT_LIMIT).decode("utf-8-sig"), {})
    known = g.lessons()
    for slug in assignment.lessons:
        if slug not in known:
            raise r.fail("lessons", f"no lesson '{slug}' in {g.path} "
                         f"(lessons: {', '.join(known) or 'none'})")
    for table in ("accept", "deprecate"):
        for term_id in getattr(assignment, table):
            try:
                g.get(term_id)  # a look-up of this row alone (a lesson notes what it read)
            except KeyError:
                raise r.fail(term_id, f"no term with this id in {g.path}", table) from None
    return assignment, g
