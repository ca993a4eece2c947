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

Limits: the passage, each reference and the model at most 20,000 characters
(`MAX_PASSAGE_CHARS`: every answer is compared with them), at most 20 references;
weights from 0 to 1000, credits from 0 to 1 (``nan`` and ``inf``, which TOML allows,
are refused like any number out of range).

Every problem is one located line (``hw.toml:3: passage: empty``), raised as
`InputError`; an unknown key is an error, so a misspelt one never goes unnoticed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from termdrills._files import read_text
from termdrills.errors import InputError
from termdrills.glossary import Glossary, find_glossary, load_glossary
from termdrills.text.chinese import has_han

__all__ = ["GLOSSARY_ORDER", "Assignment", "load_assignment", "read_assignment"]

KEYS = ("title", "passage", "references", "model", "source", "lessons", "glossary", "weights",
        "credit", "accept", "deprecate")
WEIGHTS = ("chrf", "terms", "consistency")
VERDICTS = ("preferred", "accepted", "deprecated", "missing")
#: Largest assignment file read (a passage and its references are a few KB).
ASSIGNMENT_LIMIT = 4 * 1024 * 1024
#: The most characters of the passage, of a reference and of the model translation
#: (each answer is compared with them: a longer passage is graded in parts), and the
#: most references (each answer is scored against every one).
MAX_PASSAGE_CHARS = 20_000
MAX_REFERENCES = 20
#: The largest weight (weights are relative: their sum divides).
MAX_WEIGHT = 1000.0


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

    def texts(self, key: str, *, most: int | None = None,
              chars: int | None = None) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of texts, e.g. [\"…\"]")
        if any(not v.strip() for v in value):
            raise self.fail(key, "an empty text in the list")
        if most is not None and len(value) > most:
            raise self.fail(key, f"{len(value):,} texts, more than the {most} graded against")
        for i, v in enumerate(value):
            if chars is not None and len(v) > chars:
                raise self.fail(key, f"text {i + 1}: {len(v):,} characters, more than "
                                f"{chars:,} (grade a longer passage in parts)")
        return [v.strip() for v in value]

    def long_text(self, key: str, *, required: bool = False) -> str:
        """A text of at most `MAX_PASSAGE_CHARS` characters (the passage, the model)."""
        value = self.text_value(key, required=required)
        if len(value) > MAX_PASSAGE_CHARS:
            raise self.fail(key, f"{len(value):,} characters, more than {MAX_PASSAGE_CHARS:,} "
                            "(grade a longer passage in parts)")
        return value

    def numbers(self, table: str, names: tuple[str, ...], top: float) -> dict[str, float]:
        value = self.data.get(table, {})
        if not isinstance(value, dict):
            raise self.fail(table, f"must be a table: [{table}]")
        out: dict[str, float] = {}
        for key, number in value.items():
            if key not in names:
                raise self.fail(key, f"unknown (known: {', '.join(names)})", table)
            if isinstance(number, bool) or not isinstance(number, int | float) \
                    or not 0 <= number <= top:  # NaN and infinities fail this too
                raise self.fail(key, f"must be a number from 0 to {top:g}", table)
            out[key] = float(number)
        return out


def read_assignment(path: Path) -> Assignment:
    """Read and check an assignment file (not yet against a glossary)."""
    # stat-ed first (a FIFO never blocks); an instructor's file: UTF-8 (text.decode)
    text = read_text(path, limit=ASSIGNMENT_LIMIT, name=str(path))
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
    passage = r.long_text("passage", required=True)
    if not has_han(passage):
        raise r.fail("passage", "no Chinese characters: the passage is the Chinese to translate")
    weights = r.numbers("weights", WEIGHTS, MAX_WEIGHT)
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
        references=r.texts("references", most=MAX_REFERENCES, chars=MAX_PASSAGE_CHARS),
        model=r.long_text("model"),
        source=r.text_value("source"), lessons=r.texts("lessons"),
        glossary=(path.parent / glossary) if glossary else None, weights=weights,
        credit=r.numbers("credit", VERDICTS, 1.0), accept=accept, deprecate=deprecate)


#: Where `termdrills grade` looks for the glossary, in order (its --help and
#: book/grading.md say the same).
GLOSSARY_ORDER = ("--glossary PATH; else the assignment's `glossary` key (relative to the "
                  "assignment file); else $TERMDRILLS_GLOSSARY; else the `glossary` setting "
                  "of the course (_config.yml) around the current folder; else glossary.csv "
                  "in the current folder or a parent")


def load_assignment(path: Path, glossary: Path | None = None) -> tuple[Assignment, Glossary]:
    """The assignment and its glossary, found in the order `GLOSSARY_ORDER` says (a
    glossary.csv beside an assignment in another folder is not one of the places),
    checked against each other."""
    assignment = read_assignment(path)
    where = glossary or assignment.glossary
    if where is None:
        try:
            where = find_glossary()
        except FileNotFoundError as exc:
            raise InputError(f"{path}: no glossary key, and {exc}; or use --glossary") \
                from None
    g = load_glossary(where)
    r = _Reader(path, read_text(path, limit=ASSIGNMENT_LIMIT, name=str(path)), {})
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
