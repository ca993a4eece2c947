"""The glossary checker: bytes → text → CSV records → located `Problem`s.

One pass over a glossary file finds every problem the format rules name
(encodings, quoting, ragged rows, empty or malformed cells, duplicates) and
reports each as one located line (``glossary.csv:14: en: empty``). It never
raises for bad content and never writes. `termdrills.glossary` builds `Term`
objects from what it returns.
"""

from __future__ import annotations

import bisect
import csv
import datetime as _dt
import functools
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from termdrills._files import read_bytes
from termdrills._text import (
    ASCII_IN_CHINESE,
    FORMULA_START,
    HAN,
    INVISIBLE,
    LATIN,
    LESSON,
    SLUG,
    describe_char,
    en_key,
    formula_like,
    has_han,
    has_latin,
    slugify,
)

COLUMNS: tuple[str, ...] = (
    "id",
    "zh",
    "en",
    "alt_en",
    "pinyin",
    "lesson",
    "example_zh",
    "example_en",
    "note",
    "source",
    "source_url",
    "date",
)
REQUIRED: tuple[str, ...] = ("zh", "en", "lesson")
#: Cells in which a line break is part of the text.
MULTILINE = frozenset({"note"})
ALT_SEPARATOR = "|"
_URL = re.compile(r"https?://[^\s/?#]+\.[^\s]*\Z|https?://[^\s/?#]+\Z", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

Severity = Literal["error", "warning"]


#: A checked row: its line in the file, its cells by column name, its id.
Row = tuple[int, dict[str, str], str]


@dataclass(frozen=True)
class Problem:
    """One finding of the checker, printed as ``path:line: column: message``."""

    path: str
    line: int
    column: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        col = f" {self.column}:" if self.column else ""
        tag = " warning:" if self.severity == "warning" else ""
        return f"{where}{col}{tag} {self.message}"




def _looks_utf16(raw: bytes) -> bool:
    """A BOM, or NUL bytes in every other position as ASCII text in UTF-16 has."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:400]
    half = max(len(head) // 2, 1)
    return max(head[0::2].count(0), head[1::2].count(0)) > 0.6 * half > 4


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text, or a located error naming the encoding and how to convert."""
    if _looks_utf16(raw):
        return None, [
            Problem(name, 0, "", "file is UTF-16 (Excel 'Unicode Text'), not UTF-8; save it as "
                    "'CSV UTF-8 (Comma delimited)' or run: iconv -f UTF-16 -t UTF-8 in.csv > out.csv")
        ]
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return None, [Problem(name, line, "", "file holds NUL bytes: it is binary, not a CSV "
                              "text file")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            return None, [Problem(name, line, "", "file is not UTF-8 (these bytes cannot be "
                                  "decoded); save it as 'CSV UTF-8 (Comma delimited)'")]
        return None, [Problem(name, line, "", "file is GBK/GB18030-encoded (what Excel saves as "
                              "'CSV' on Chinese Windows), not UTF-8; save it as 'CSV UTF-8 "
                              "(Comma delimited)' or run: iconv -f GB18030 -t UTF-8 in.csv > "
                              "out.csv")]


def _records(text: str, name: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """CSV records with the file line each starts on; unbalanced quotes are errors."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        msg = str(exc)
        if "end of data" in msg or "EOF" in msg:
            msg = "unbalanced quote: a quoted cell opened here is never closed"
        else:
            msg = f"malformed quoting ({msg}); a quote inside a cell must be doubled"
        return records, [Problem(name, start, "", msg)]
    return records, []


def parse(text: str, name: str = "glossary.csv") -> tuple[list[Problem], list[Row]]:
    """Check decoded CSV text: every problem (errors and warnings, in file order) and,
    when there is no error, each row as (line, cells by column, id)."""
    records, problems = _records(text, name)
    if problems:
        return problems, []
    if not records:
        return [Problem(name, 1, "", "file is empty: expected a header row "
                        f"({', '.join(REQUIRED)} …)")], []
    header_line, header = records[0]
    header = [h.strip() for h in header]
    for col in REQUIRED:
        if col not in header:
            problems.append(Problem(name, header_line, col, "required column missing"))
    seen_cols: set[str] = set()
    for col in header:
        if col in seen_cols:
            problems.append(Problem(name, header_line, col, "column appears twice"))
        elif col == "":
            problems.append(Problem(name, header_line, "", "a column has no name"))
        elif col not in COLUMNS:
            problems.append(Problem(name, header_line, col, "unknown column (kept)", "warning"))
        seen_cols.add(col)
    if any(p.severity == "error" for p in problems):
        return problems, []

    width = len(header)
    good: list[tuple[int, list[str]]] = []
    for line, row in records[1:]:
        if not any(row) or not "".join(row).strip():
            continue  # blank line or a row of empty cells
        if len(row) != width:
            problems.append(Problem(name, line, "", f"{len(row)} cells, header has {width} "
                                    "(a stray comma, or a cell with a comma not quoted?)"))
            continue
        good.append((line, row))
    suspicious = _suspicious_rows(text, header, [row for _, row in good], len(records))
    for index in sorted(suspicious):
        line, row = good[index]
        problems.extend(_check_row(dict(zip(header, row)), line, name))
    ids = _ids(header, good)
    problems.extend(_duplicates(header, good, ids, name))
    if len(records) == 1:
        problems.append(Problem(name, header_line, "", "no terms: the file has only a header",
                                "warning"))
    problems.sort(key=lambda p: p.line)
    if any(p.severity == "error" for p in problems):
        return problems, []
    return problems, [(line, dict(zip(header, row)), term_id)
                      for (line, row), term_id in zip(good, ids)]


def _ids(header: list[str], rows: list[tuple[int, list[str]]]) -> list[str]:
    """Each row's id: its own, or one derived from `en` when blank."""
    i_id = header.index("id") if "id" in header else None
    i_en = header.index("en")
    ids = [row[i_id] for _, row in rows] if i_id is not None else [""] * len(rows)
    if "" in ids:
        ids = [term_id or slugify(row[i_en]) for term_id, (_, row) in zip(ids, rows)]
    return ids


def _duplicates(header: list[str], rows: list[tuple[int, list[str]]], ids: list[str],
                name: str) -> list[Problem]:
    """Repeated zh or id (errors) and one rendering for two terms (warning)."""
    i_zh, i_en = header.index("zh"), header.index("en")
    zh_col = [row[i_zh] for _, row in rows]
    en_keys = [en_key(row[i_en]) for _, row in rows]
    nonempty_ids = [i for i in ids if i]
    if (len(set(zh_col)) == len(zh_col) and len(set(nonempty_ids)) == len(nonempty_ids)
            and len(set(en_keys)) == len(en_keys)):
        return []  # the common case, decided without a Python loop over rows
    out: list[Problem] = []
    first_zh: dict[str, int] = {}
    first_id: dict[str, int] = {}
    first_en: dict[str, tuple[int, str]] = {}
    has_id_col = "id" in header
    for (line, row), term_id, key in zip(rows, ids, en_keys):
        zh = row[i_zh]
        if zh and zh in first_zh:
            out.append(Problem(name, line, "zh", f"'{zh}' already on line {first_zh[zh]}"))
        elif zh:
            first_zh[zh] = line
        if term_id:
            if term_id in first_id:
                explicit = has_id_col and row[header.index("id")]
                derived = "" if explicit else " (derived from en: set an id)"
                out.append(Problem(name, line, "id", f"'{term_id}' already used on line "
                                   f"{first_id[term_id]}{derived}"))
            else:
                first_id[term_id] = line
        if key:
            if key in first_en and first_en[key][1] != zh:
                out.append(Problem(name, line, "en", f"same rendering as '{first_en[key][1]}'"
                                   f" on line {first_en[key][0]}", "warning"))
            else:
                first_en.setdefault(key, (line, zh))
    return out


# A separator that cannot occur in a clean cell (INVISIBLE would flag it).
_SEP = "\x00"
_ASCII_PUNCT = re.compile(r'[,;:?!.()"]')
_BREAK = re.compile(r"[\n\r]")
_LONE_CR = re.compile(r"\r(?!\n)")
_INVISIBLE_NOT_CR = re.compile(INVISIBLE.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))


def _suspicious_rows(text: str, header: list[str], rows: list[list[str]],
                     records: int) -> set[int]:
    """Indices of the rows `_check_row` could find anything in.

    A screen that works a column at a time with C-level scans (a regex over the
    joined column, `map` over a set of distinct values), so that a clean file of
    thousands of rows is checked at about the speed it is parsed. It may flag a
    row that turns out clean; it never passes one `_check_row` would fault.
    """
    if not rows:
        return set()
    if _INVISIBLE_NOT_CR.search(text) or _LONE_CR.search(text):
        return set(range(len(rows)))
    flagged: set[int] = set()
    columns = dict(zip(header, zip(*rows)))

    def flag_matches(col: tuple[str, ...], pattern: re.Pattern[str]) -> None:
        joined = _SEP.join(col)
        matches = list(pattern.finditer(joined))
        if not matches:
            return
        starts = list(itertools.accumulate((len(c) + 1 for c in col), initial=0))
        for m in matches:
            pos = m.start() + (1 if joined[m.start()] == _SEP else 0)
            flagged.add(bisect.bisect_right(starts, pos) - 1)

    def flag_failing(col: tuple[str, ...], ok: Callable[[str], object]) -> None:
        values = set(col)
        values.discard("")
        if all(map(ok, values)):
            return
        bad = {v for v in values if not ok(v)}
        flagged.update(i for i, v in enumerate(col) if v in bad)

    # With as many records as lines, no cell holds a line break.
    one_line_each = text.count("\n") + (not text.endswith("\n")) == records
    for name, col in columns.items():
        if list(map(str.strip, col)) != list(col):
            flagged.update(i for i, v in enumerate(col) if v != v.strip())
        joined = _SEP.join(col)
        if joined.startswith(FORMULA_START) or any(_SEP + c in joined for c in FORMULA_START):
            flagged.update(i for i, v in enumerate(col) if formula_like(v))
        if name not in MULTILINE and not one_line_each:
            flag_matches(col, _BREAK)
    for name in REQUIRED:
        if "" in columns[name]:
            flagged.update(i for i, v in enumerate(columns[name]) if not v)
    flag_failing(columns["zh"], HAN.search)
    flag_failing(columns["en"], LATIN.search)
    if "id" in columns:
        flag_failing(columns["id"], SLUG.fullmatch)
        if "" in columns["id"]:  # derived ids: check that one can be derived
            flagged.update(i for i, v in enumerate(columns["id"]) if not v)
    else:
        flagged.update(range(len(rows)))
    flag_failing(columns["lesson"], LESSON.fullmatch)
    if "alt_en" in columns:
        flag_failing(columns["alt_en"], lambda v: ALT_SEPARATOR not in v and LATIN.search(v))
    ex_zh = columns.get("example_zh", ("",) * len(rows))
    ex_en = columns.get("example_en", ("",) * len(rows))
    if ("" in ex_zh) or ("" in ex_en):
        flagged.update(i for i, (a, b) in enumerate(zip(ex_zh, ex_en)) if bool(a) != bool(b))
    flag_failing(ex_zh, HAN.search)
    for name in ("zh", "example_zh"):
        if name not in columns:
            continue
        joined = _SEP.join(columns[name])
        if _ASCII_PUNCT.search(joined):
            flag_matches(columns[name], ASCII_IN_CHINESE)
        if _to_simplified(joined) != joined:  # one OpenCC call for the whole column
            flagged.update(i for i, v in enumerate(columns[name]) if _traditional(v))
    if "source_url" in columns:
        flag_failing(columns["source_url"], _URL.match)
    if "date" in columns:
        flag_failing(columns["date"], _valid_date)
    return flagged


@functools.cache
def _converter() -> Callable[[str], str] | None:
    """OpenCC's traditional → simplified conversion (None if opencc is not installed)."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s").convert


def _to_simplified(text: str) -> str:
    convert = _converter()
    return convert(text) if convert else text


def _traditional(text: str) -> str:
    """`"優化政務服務"` → `"優→优, 務→务"`: the traditional characters in `text` with
    their simplified forms (OpenCC, which reads whole words), or "" if there are none."""
    simplified = _to_simplified(text)
    if simplified == text:
        return ""
    if len(simplified) != len(text):
        return f"simplified: {simplified[:40]}"
    pairs = dict.fromkeys(f"{a}→{b}" for a, b in zip(text, simplified) if a != b)
    return ", ".join(list(pairs)[:5])


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_row(cells: dict[str, str], line: int, name: str) -> list[Problem]:
    out: list[Problem] = []

    def err(col: str, msg: str, severity: Severity = "error") -> None:
        out.append(Problem(name, line, col, msg, severity))

    for col, value in cells.items():
        if not value:
            continue
        if value != value.strip():
            err(col, "leading or trailing whitespace")
        bad = INVISIBLE.search(value)
        if bad:
            err(col, f"invisible or control character {describe_char(bad.group())}")
        elif ("\n" in value or "\r" in value) and col not in MULTILINE:
            err(col, "line break inside the cell")
        if formula_like(value):
            err(col, f"starts with '{value[0]}': a spreadsheet may run it as a formula",
                "warning")
    for col in REQUIRED:
        if col in cells and not cells[col].strip():
            err(col, "empty")
    zh, en = cells.get("zh", ""), cells.get("en", "")
    if zh and not has_han(zh):
        err("zh", "no Chinese characters")
    if en and not has_latin(en):
        err("en", "no Latin letters")
    if en and not cells.get("id") and not slugify(en):
        err("id", "empty, and no id can be derived from en")
    term_id = cells.get("id", "")
    if term_id and not SLUG.fullmatch(term_id):
        err("id", f"'{term_id}' is not a slug (lowercase a-z, 0-9, single hyphens)")
    lesson = cells.get("lesson", "")
    if lesson and not LESSON.fullmatch(lesson):
        err("lesson", f"'{lesson}' is not a lesson slug (lowercase a-z, 0-9, hyphens)")
    alt = cells.get("alt_en", "")
    if alt:
        for piece in alt.split(ALT_SEPARATOR):
            if not piece.strip():
                err("alt_en", "empty alternative (two '|' in a row, or one at an end)")
            elif not has_latin(piece):
                err("alt_en", f"alternative '{piece.strip()}' has no Latin letters")
    ex_zh, ex_en = cells.get("example_zh", ""), cells.get("example_en", "")
    if ex_zh and not ex_en:
        err("example_en", "empty, but example_zh is given (an example is a pair)")
    if ex_en and not ex_zh:
        err("example_zh", "empty, but example_en is given (an example is a pair)")
    if ex_zh and not has_han(ex_zh):
        err("example_zh", "no Chinese characters")
    for col in ("zh", "example_zh"):
        m = ASCII_IN_CHINESE.search(cells.get(col, ""))
        if m:
            err(col, f"ASCII '{m.group()}' in Chinese text: use Chinese punctuation", "warning")
        changed = _traditional(cells.get(col, ""))
        if changed:
            err(col, f"traditional characters ({changed}): the course uses simplified "
                "Chinese", "warning")
    url = cells.get("source_url", "")
    if url and not _URL.match(url):
        err("source_url", f"'{url[:60]}' is not an http(s) URL")
    date = cells.get("date", "")
    if date and not _valid_date(date):
        err("date", f"'{date[:40]}' is not a real date in YYYY-MM-DD form")
    return out


def read(path: Path, name: str | None = None) -> tuple[str | None, list[Problem]]:
    """Read and decode a glossary file; `InputError` when it cannot be read at all (missing,
    a folder, a FIFO or a device, too large): stat-ed first, so nothing blocks."""
    raw = read_bytes(path, name=name)
    return _decode(raw, name or str(path))
