"""The glossary checker: bytes → text → CSV records → located `Problem`s.

One pass over a glossary file finds every problem the format rules name and reports
each as one located line (``glossary.csv:14: en: empty``). The rules themselves are
a table in `termdrills.glossary.rules`, each stated once; this module reads the file, checks
the header, applies the table column by column (the fast path: one call per distinct
value, or none when a whole column passes a rule's screen) and finds duplicates. It
never raises for bad content and never writes. `termdrills.glossary` builds `Term`
objects from what it returns.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from termdrills._files import read_bytes
from termdrills.errors import Problem
from termdrills.glossary.rules import (
    CELL_RULES,
    COLUMNS,
    MULTILINE,
    REQUIRED,
    ROW_RULES,
    SEP,
    SEPARATOR,
    UNUSUAL,
)
from termdrills.text.decode import DecodeError, decode
from termdrills.text.normalize import en_key, slugify
from termdrills.text.safe import INVISIBLE, describe_char

__all__ = ["ALT_SEPARATOR", "COLUMNS", "MULTILINE", "REQUIRED", "Problem", "Row", "parse",
           "read"]

ALT_SEPARATOR = SEPARATOR
#: A row as the checker hands it on: its line in the file, its cells by column, its id.
Row = tuple[int, dict[str, str], str]

# Python's csv module refuses a field over 131,072 characters with a message about
# quoting; the checker reads any cell and reports a long one itself (_rules.MAX_CELL).
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


#: How a glossary is saved as UTF-8, for the decoding policy's messages.
SAVE_AS = "save it as 'CSV UTF-8 (Comma delimited)'"


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text by the one policy (an instructor's file: UTF-8 only), or the located
    error naming the encoding and how to convert (`termdrills.text.decode`)."""
    try:
        return decode(raw, name, save_as=SAVE_AS).text, []
    except DecodeError as exc:
        return None, [Problem(name, exc.line, "", exc.reason)]


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


#: Columns a glossary's header may have (it has 17; more is not a glossary, and would
#: print one warning per unknown column).
MAX_COLUMNS = 100


def _header_problems(header: list[str], line: int, name: str) -> list[Problem]:
    if len(header) > MAX_COLUMNS:
        return [Problem(name, line, "", f"{len(header):,} columns in the header, more than "
                        f"{MAX_COLUMNS}: not a glossary")]
    if len(header) == 1:  # Excel in a language with a decimal comma saves ';'
        for sep, what in ((";", "semicolons"), ("\t", "tabs")):
            if header[0].count(sep) >= 2:
                return [Problem(name, line, "", f"columns separated by {what}, not commas; "
                                "save it as 'CSV UTF-8 (Comma delimited)'")]
    problems: list[Problem] = []
    for col in header:
        hidden = INVISIBLE.search(col) or ("\ufeff" in col and col)
        if hidden:
            char = "\ufeff" if "\ufeff" in col else hidden.group()  # type: ignore[union-attr]
            problems.append(Problem(name, line, col.replace(char, ""),
                                    f"column name holds {describe_char(char)} (a byte "
                                    "order mark or invisible character): retype the header"))
    clean = [c for c in header]
    for col in REQUIRED:
        if col not in clean and not any(col == c.replace("\ufeff", "") for c in clean):
            problems.append(Problem(name, line, col, "required column missing"))
    seen: set[str] = set()
    for col in clean:
        if col in seen:
            problems.append(Problem(name, line, col, "column appears twice"))
        elif col == "":
            problems.append(Problem(name, line, "", "a column has no name"))
        elif col not in COLUMNS and "\ufeff" not in col and not INVISIBLE.search(col):
            problems.append(Problem(name, line, col, "unknown column (kept)", "warning"))
        seen.add(col)
    return problems


def _apply_rules(header: list[str], rows: list[tuple[int, list[str]]],
                 name: str) -> list[Problem]:
    """Every cell and row rule of `termdrills.glossary.rules` over the rows (see the module doc)."""
    problems: list[Problem] = []
    transposed = list(zip(*(row for _, row in rows))) or [()] * len(header)
    columns = dict(zip(header, transposed))
    distinct: dict[str, set[str]] = {}
    joined: dict[str, str] = {}
    for col, values in columns.items():
        distinct[col] = set(values)
        distinct[col].discard("")
        joined[col] = SEP.join(distinct[col])
    unusual = {col: UNUSUAL.search(text) is not None for col, text in joined.items()}
    for rule in CELL_RULES:
        for col in rule.columns or header:
            if not distinct.get(col) or col in rule.skip or (rule.unusual and not unusual[col]):
                continue
            if rule.screen is not None and not rule.screen.search(joined[col]):
                continue
            if rule.passes is not None and rule.passes(distinct[col]):
                continue
            bad = {v: m for v in distinct[col] if (m := rule.bad(v))}
            if bad:
                problems.extend(Problem(name, rows[i][0], col, bad[v], rule.severity)
                                for i, v in enumerate(columns[col]) if v in bad)
    present = set(header)
    for row_rule in ROW_RULES:
        if not present.intersection(row_rule.columns):
            continue
        candidates = (row_rule.rows(columns, len(rows)) if row_rule.rows
                      else range(len(rows)))
        for i in sorted(candidates):
            line, row = rows[i]
            for col, message, severity in row_rule.bad(dict(zip(header, row))):
                problems.append(Problem(name, line, col, message, severity))
    return problems


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
    problems = _header_problems(header, header_line, name)
    if any(p.severity == "error" for p in problems):
        return problems, []

    width = len(header)
    good: list[tuple[int, list[str]]] = []
    for line, row in records[1:]:
        if not any(map(str.strip, row)):
            continue  # blank line or a row of empty cells
        if len(row) != width:
            problems.append(Problem(name, line, "", f"{len(row)} cells, header has {width} "
                                    "(a stray comma, or a cell with a comma not quoted?)"))
            continue
        good.append((line, row))
    problems.extend(_apply_rules(header, good, name))
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


def read(path: Path, name: str | None = None) -> tuple[str | None, list[Problem]]:
    """Read and decode a glossary file; `InputError` when it cannot be read at all (missing,
    a folder, a FIFO or a device, too large): stat-ed first, so nothing blocks."""
    raw = read_bytes(path, name=name)
    return _decode(raw, name or str(path))
