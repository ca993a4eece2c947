"""Students' review progress files: the store format on the Python side.

A progress file is what the Review drill's "Export progress" button saves: the
browser's store as JSON, in the format ``termdrills/schema/store.schema.json`` that
the front end (``static/core/store.js``) reads too. Version 2 holds FSRS cards;
version 1 (Leitner boxes) is migrated here exactly as the browser migrates it
(`termdrills.review.fsrs.card_from_leitner`), so an old export still reads.

Reading is bounded before anything is parsed: the file is stat-ed (a FIFO or a
device is refused at once) and at most `MAX_BYTES` are read; nesting deeper than
`MAX_DEPTH`, numbers longer than `MAX_DIGITS` digits, term ids that are not text
(a lone surrogate), counts that contradict each other and cards outside the scheduler's
bounds (`fsrs.card_problem`: a stability below 0.001, a review card without one; a
version 1 record whose migrated card would be one) are each a one-line reason
(`ProgressError`), never a traceback. The browser refuses the same files
(static/core/store.js; tests/test_store_contract.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from termdrills._files import display, read_bytes, shown_name
from termdrills.contracts import store_schema
from termdrills.errors import ProgressError, TermdrillsError
from termdrills.review import fsrs
from termdrills.text.decode import DecodeError, decode

__all__ = ["MAX_BYTES", "Progress", "ProgressError", "is_copy_name", "parse_progress",
           "read_class", "read_progress"]

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 16
MAX_DIGITS = 20


@dataclass(frozen=True)
class Progress:
    course: str
    version: int  # as the file had it (1 files are migrated)
    terms: dict[str, dict[str, Any]]  # term id → FSRS card with the student's counts


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects (a linear scan, strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _number(text: str) -> float:
    if len(text.lstrip("-").split(".")[0].split("e")[0].split("E")[0]) > MAX_DIGITS:
        raise ProgressError(f"a number with more than {MAX_DIGITS} digits")
    return float(text)


def _constant(name: str) -> float:
    """NaN, Infinity, -Infinity: Python's json reads them, JSON (and the drill) does not."""
    raise ProgressError(f"not JSON ({name} is not a JSON number)")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ProgressError(f"a number with more than {MAX_DIGITS} digits")
    return int(text)


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = store_schema()
    v1 = {"$defs": schema["$defs"], **schema["$defs"]["v1"]}
    card = {"$defs": schema["$defs"], **schema["$defs"]["card"]}
    return Draft202012Validator(schema), Draft202012Validator(v1), Draft202012Validator(card)


def _cut(text: str, most: int) -> str:
    """`text`, or its first `most` characters and "…" (a cut number must not look whole)."""
    return text if len(text) <= most else text[:most] + "…"


def _is_text(value: object) -> bool:
    """False for a string holding a lone surrogate (JSON's "\\ud800"): it cannot be
    written out as UTF-8, in the report or anywhere."""
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _contradicts(card: dict[str, Any]) -> bool:
    return card["right"] + card["wrong"] > card["seen"] or card.get("again", 0) > card["wrong"]


def parse_progress(text: str, *, now: float) -> Progress:
    """A progress file's text → `Progress`; `ProgressError` saying why it is unusable."""
    if _depth(text) > MAX_DEPTH:
        raise ProgressError(f"nested more than {MAX_DEPTH} levels: not a progress file")
    try:
        data = json.loads(text, parse_int=_integer, parse_float=_number,
                          parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ProgressError(f"not JSON (line {exc.lineno}: {exc.msg})") from None
    except (ValueError, RecursionError) as exc:
        raise ProgressError(str(exc) if isinstance(exc, ProgressError) else "not JSON") from None
    schema = store_schema()
    name = schema["properties"]["schema"]["const"]
    if not isinstance(data, dict) or data.get("schema") != name:
        raise ProgressError(f'not a termdrills progress file (no "schema": "{name}")')
    version = data.get("version")
    if version not in (1, 2):
        shown = repr(version)[:20] if isinstance(version, str) else str(version)[:20]
        raise ProgressError(f"progress format version {shown}; this termdrills reads "
                            "versions 1 and 2")
    v2, v1, one = _validator()
    error = next(iter((v2 if version == 2 else v1).iter_errors(data)), None)
    if error is not None:
        path = [str(p) for p in error.absolute_path]
        if len(path) >= 2 and path[0] == "terms":
            field = "/".join(path[2:]) or "record"
            raise ProgressError(f"term '{path[1][:40]}': malformed record ({field[:40]}: "
                                f"{_cut(error.message, 90)})")
        raise ProgressError(f"malformed at {'/'.join(path)[:60] or 'the top'}: "
                            f"{_cut(error.message, 90)}")
    if not _is_text(data["course"]):
        raise ProgressError("a course id that is not text (a lone surrogate)")
    terms: dict[str, dict[str, Any]] = {}
    for term_id, card in data["terms"].items():
        if not _is_text(term_id):
            raise ProgressError("a term id that is not text (a lone surrogate)")
        if not _is_text(card.get("lesson", "")):
            raise ProgressError(f"term '{term_id[:40]}': a lesson that is not text (a lone "
                                "surrogate)")
        if _contradicts(card):
            raise ProgressError(f"term '{term_id[:40]}': counts contradict each other "
                                f"({card['right']} right and {card['wrong']} wrong of "
                                f"{card['seen']} answers)")
        migrated = ""
        if version == 1:
            c = fsrs.card_from_leitner(card, now=now)
            card = {k: c[k] for k in ("state", "step", "stability", "difficulty", "due",
                                      "last_review")}
            card |= {"lesson": data["terms"][term_id].get("lesson", ""), "again": 0, "log": [],
                     **{k: data["terms"][term_id][k] for k in ("seen", "right", "wrong")}}
            migrated = " (as migrated from version 1)"
            error = next(iter(one.iter_errors(card)), None)
            if error is not None and not fsrs.card_problem(card):  # else named below
                field = "/".join(str(p) for p in error.absolute_path) or "record"
                raise ProgressError(f"term '{term_id[:40]}': malformed record ({field[:40]}: "
                                    f"{_cut(error.message, 90)}){migrated}")
        problem = fsrs.card_problem(card)  # the browser's words (static/core/fsrs.js)
        if problem:
            raise ProgressError(f"term '{term_id[:40]}': {problem}{migrated}")
        terms[term_id] = card
    return Progress(course=data["course"], version=version, terms=terms)


def read_progress(path: str | os.PathLike[str], *, now: float) -> Progress:
    """Read one progress file (bounded; special files refused); a `TermdrillsError`
    (`ProgressError`, or `InputError` for a file that cannot be read) saying why."""
    raw = read_bytes(path, limit=MAX_BYTES)
    try:  # the browser saves UTF-8: anything else was re-saved elsewhere (text.decode)
        text = decode(raw, display(path)).text
    except DecodeError as exc:
        raise ProgressError(f"line {exc.line}: {exc.reason}" if exc.line else exc.reason) \
            from None
    if not text.strip():
        raise ProgressError("empty file")
    return parse_progress(text, now=now)


#: How a copy of a file is named: ``ana (1).json`` (a browser's second download),
#: ``ana - Copy.json`` (Windows), ``ana copy.json``, ``ana copy 2.json`` (macOS),
#: ``Copy of ana.json``, ``ana_copy.json``, ``ana-copy.json``.
_COPY = re.compile(r"(?i)^copy (?:\(\d+\) )?of |(?:[\s_-]+copy(?:[\s_]*\(?\d+\)?)?|\s*\(\d+\))$")


def is_copy_name(name: str) -> bool:
    """Whether a file name says it is a copy of another (`_COPY`), judged on its stem."""
    stem = os.path.splitext(os.path.basename(name))[0]
    return bool(_COPY.search(stem.strip()))


def read_class(files: Sequence[str | os.PathLike[str]], *, now: float,
               course: str | None = None,
               ) -> tuple[str | None, list[tuple[str, Progress]], list[tuple[str, str]]]:
    """A class's progress files, as the class report and `termdrills fit` use them: the
    course (`course`, else the one most usable files are of), each usable file by its
    printable name (`shown_name`), and each file skipped with why: unreadable, the same
    progress as another file (a copy would count one student twice: of the two, the
    one whose name says it is a copy, `is_copy_name`, is skipped, else the later one),
    or another course's."""
    readable: list[tuple[str, Progress]] = []
    skipped: list[tuple[str, str]] = []
    seen: dict[str, int] = {}  # digest of the terms → where in `readable` the file is
    for path in files:
        name = shown_name(path)  # a student named it: line breaks and controls escaped
        try:
            progress = read_progress(path, now=now)
        except TermdrillsError as exc:
            reason = str(exc)
            for prefix in (f"{os.fspath(path)}: ", f"{display(path)}: ", f"{name}: "):
                reason = reason.removeprefix(prefix)
            skipped.append((name, reason))
            continue
        digest = hashlib.sha256(json.dumps(progress.terms, sort_keys=True).encode()).hexdigest()
        if digest in seen and progress.terms:
            at = seen[digest]
            kept = readable[at][0]
            if is_copy_name(kept) and not is_copy_name(name):  # the original came second
                readable[at] = (name, progress)
                skipped.append((kept, f"same progress as {name} (a copy?)"))
            else:
                skipped.append((name, f"same progress as {kept} (a copy?)"))
            continue
        seen[digest] = len(readable)
        readable.append((name, progress))
    if course is None and readable:
        courses = [p.course for _, p in readable]
        course = max(dict.fromkeys(courses), key=courses.count)
    kept = []
    for name, progress in readable:
        if progress.course == course:
            kept.append((name, progress))
        else:
            skipped.append((name, f"progress of course '{progress.course}', not '{course}'"))
    return course, kept, skipped
