"""The glossary's rules, each stated once: the table `termdrills.glossary.check` applies.

A `CellRule` judges one cell on its own (`bad(value)` returns the message, or None
when the value is fine); the checker applies it to each distinct non-empty value of
the columns it names, so a file of thousands of rows costs one call per distinct
value. A rule with a `screen` (a pattern every bad value contains) is first tried on
the whole column joined into one string: no match, and the column is clean without a
call per value. A `RowRule` judges cells that only mean something together (an
example is a pair; alternatives and their sources line up).

Messages are what the user reads after ``glossary.csv:14: column:``; a rule's
severity says whether the file is refused (error) or only flagged (warning).
"""

from __future__ import annotations

import datetime as _dt
import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from termdrills.errors import Severity
from termdrills.text.chinese import ASCII_IN_CHINESE, HAN, HAN_RANGE
from termdrills.text.normalize import LATIN, SLUG, en_key, slugify
from termdrills.text.safe import (
    ALSO_INVISIBLE,
    EMOJI_SEQUENCE,
    INVISIBLE,
    NOT_XML,
    describe_char,
    formula_start,
    web_url,
)

COLUMNS: tuple[str, ...] = (
    "id", "zh", "en", "alt_en", "alt_source", "deprecated_en", "deprecated_note", "pinyin",
    "lesson", "example_zh", "example_en", "note", "source", "source_url", "date",
)
REQUIRED: tuple[str, ...] = ("zh", "en", "lesson")
#: Cells in which a line break is part of the text.
MULTILINE = frozenset({"note"})
#: Separates the items of a list cell (alt_en, alt_source, deprecated_en, deprecated_note).
SEPARATOR = "|"
#: Longest cell, in characters (a note of a few paragraphs is far shorter).
MAX_CELL = 20_000
#: Names the course site uses for its own pages and anchors: no term id or lesson slug
#: may take them (a term's anchor on the glossary page is its id).
RESERVED = frozenset({
    "glossary", "search", "genindex", "index", "modindex", "py-modindex", "objects",
    "searchbox", "main-content", "print-main-content", "ethical-ad-placement",
    "bd-header-version-warning",
})
#: ... and no term id may start with these (the glossary page's lesson sections are
#: ``lesson-<slug>``; the theme's and the drills' own ids use the others).
RESERVED_PREFIXES = ("lesson-", "pst-", "jb-", "td-", "tdg-")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_BREAK = re.compile(r"[\n\r]")


@dataclass(frozen=True)
class CellRule:
    columns: tuple[str, ...] | None  # None: every column
    bad: Callable[[str], str | None]
    severity: Severity = "error"
    #: A pattern every bad value contains: tried once on the column joined with NULs.
    screen: re.Pattern[str] | None = None
    #: True when every one of these distinct values certainly passes (C-speed checks).
    passes: Callable[[set[str]], bool] | None = None
    #: Only a value with a character of `UNUSUAL` can break the rule (one shared scan of
    #: each column decides for every such rule).
    unusual: bool = False
    skip: frozenset[str] = frozenset()  # columns the rule leaves alone


Columns = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class RowRule:
    columns: tuple[str, ...]  # the rule runs when the file has any of these columns
    bad: Callable[[dict[str, str]], list[tuple[str, str, Severity]]]
    #: The rows that may break the rule, found with whole-column operations (the fast
    #: path); the rule itself then decides. Every row when None.
    rows: Callable[[Columns, int], set[int]] | None = None


def _items(value: str) -> list[str]:
    return value.split(SEPARATOR) if value else []


# --------------------------------------------------------------------------- cell rules


def _whitespace(v: str) -> str | None:
    return "leading or trailing whitespace" if v != v.strip() else None


def _invisible(v: str) -> str | None:
    found = INVISIBLE.search(EMOJI_SEQUENCE.sub("", v))
    return f"invisible or control character {describe_char(found.group())}" if found else None


def _also_invisible(v: str) -> str | None:
    found = ALSO_INVISIBLE.search(EMOJI_SEQUENCE.sub("", v))
    if not found:
        return None
    return (f"invisible character {describe_char(found.group())}: a reader cannot see it "
            "(drills ignore it)")


def _not_xml(v: str) -> str | None:
    found = NOT_XML.search(v)
    return (f"{describe_char(found.group())} is not a character (not allowed in XML: the "
            "TBX, Anki and site outputs would break)") if found else None


def _line_break(v: str) -> str | None:
    return "line break inside the cell" if _BREAK.search(v) else None


def _too_long(v: str) -> str | None:
    return f"{len(v):,} characters, more than {MAX_CELL:,}" if len(v) > MAX_CELL else None


def _formula(v: str) -> str | None:
    first = formula_start(v)
    return f"starts with '{first}': a spreadsheet may run it as a formula" if first else None


def _needs(pattern: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    return lambda v: None if pattern.search(v) else what


def _slug(kind: str, prefixes: tuple[str, ...] = ()) -> Callable[[str], str | None]:
    def bad(v: str) -> str | None:
        if not SLUG.fullmatch(v):
            return f"'{v[:40]}' is not {kind}"
        if v in RESERVED or (prefixes and v.startswith(prefixes)):
            return f"'{v}' is reserved: the course site uses it for its own pages or anchors"
        return None
    return bad


def _ascii_punct(v: str) -> str | None:
    found = ASCII_IN_CHINESE.search(v)
    return (f"ASCII '{found.group()}' in Chinese text: use Chinese punctuation"
            if found else None)


@functools.cache
def _t2s() -> Callable[[str], str] | None:
    """OpenCC's traditional → simplified conversion (None if opencc is not installed)."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s").convert  # type: ignore[no-any-return]


def traditional(text: str) -> str:
    """`"優化政務服務"` → `"優→优, 務→务"`: the traditional characters in `text` with their
    simplified forms (OpenCC, which reads whole words), or "" if there are none."""
    convert = _t2s()
    simplified = convert(text) if convert else text
    if simplified == text:
        return ""
    if len(simplified) != len(text):
        return f"simplified: {simplified[:40]}"
    pairs = dict.fromkeys(f"{a}→{b}" for a, b in zip(text, simplified) if a != b)
    return ", ".join(list(pairs)[:5])


def _traditional(v: str) -> str | None:
    changed = traditional(v)
    return (f"traditional characters ({changed}): the course uses simplified Chinese"
            if changed else None)


def _url(v: str) -> str | None:
    return None if web_url(v) else f"'{v[:60]}' is not an http(s) URL"


def _date(v: str) -> str | None:
    if _DATE.match(v):
        try:
            _dt.date.fromisoformat(v)
            return None
        except ValueError:
            pass
    return f"'{v[:40]}' is not a real date in YYYY-MM-DD form"


#: A rendering that starts with a pronoun only works inside the sentence it was cut from
#: ("its credibility and administrative capacity": whose?). Articles are fine.
_PRONOUN_START = re.compile(r"(?i)(?:\A|\|)\s*(?:its|their|our|his|her|my|your|we|they|it)\b")


def _pronoun(v: str) -> str | None:
    for piece in v.split(SEPARATOR):
        m = _PRONOUN_START.match(piece)
        if m is not None:
            word = m.group().strip().lower()
            return (f"'{piece.strip()[:60]}' starts with '{word}': a rendering cut from its "
                    "sentence; name what the pronoun stands for ('the government's ...')")
    return None


def _latin_items(what: str) -> Callable[[str], str | None]:
    def bad(v: str) -> str | None:
        for piece in v.split(SEPARATOR):
            if not piece.strip():
                return f"empty {what} (two '|' in a row, or one at an end)"
            if not LATIN.search(piece):
                return f"{what} '{piece.strip()[:40]}' has no Latin letters"
        return None
    return bad


def _url_items(v: str) -> str | None:
    for piece in v.split(SEPARATOR):
        if not web_url(piece.strip()):
            return f"'{piece.strip()[:60]}' is not an http(s) URL"
    return None


def _all(test: Callable[[str], object]) -> Callable[[set[str]], bool]:
    return lambda values: all(map(test, values))


def _slugs_pass(prefixes: tuple[str, ...]) -> Callable[[set[str]], bool]:
    return lambda values: (all(map(SLUG.fullmatch, values)) and not values & RESERVED
                           and not any(v.startswith(prefixes) for v in values if prefixes))


def _simplified(values: set[str]) -> bool:
    convert = _t2s()
    joined = SEP.join(values)
    return convert is None or convert(joined) == joined  # one OpenCC call for the column


#: What the checker joins a column's values with before trying a rule's screen on it: a
#: private-use character no screen looks for (NUL would match the invisible screen).
SEP = "\ue000"
#: A '|'-separated piece with no Latin letter (an empty one included).
_NO_LATIN_PIECE = re.compile(f"(?:\\A|{SEP}|\\|)[^A-Za-z\u00c0-\u024f|{SEP}]*(?=\\||{SEP}|\\Z)")
_DATES = _all(lambda v: _DATE.match(v) and _date(v) is None)

def _stripped(values: set[str]) -> bool:
    listed = list(values)
    return all(map(str.__eq__, listed, map(str.strip, listed)))


_PLAIN_START = re.compile(f"[A-Za-z0-9{HAN_RANGE}]")


def _no_formula_start(values: set[str]) -> bool:
    firsts = set(map(operator.itemgetter(0), values))  # values are non-empty
    return all(map(_PLAIN_START.match, firsts))


#: Every character an `unusual` rule looks for: controls, line breaks, invisible
#: characters, non-characters.
UNUSUAL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{INVISIBLE.pattern[1:-1]}"
                     f"{ALSO_INVISIBLE.pattern[1:-1]}{NOT_XML.pattern[1:-1]}]")

CELL_RULES: tuple[CellRule, ...] = (
    CellRule(None, _whitespace, passes=_stripped),
    CellRule(None, _not_xml, screen=NOT_XML, unusual=True),
    CellRule(None, _invisible, screen=INVISIBLE, unusual=True),
    CellRule(None, _also_invisible, "warning", screen=ALSO_INVISIBLE, unusual=True),
    CellRule(None, _line_break, screen=_BREAK, skip=MULTILINE, unusual=True),
    CellRule(None, _too_long, passes=lambda values: max(map(len, values)) <= MAX_CELL),
    CellRule(None, _formula, "warning", passes=_no_formula_start),
    CellRule(("zh",), _needs(HAN, "no Chinese characters"), passes=_all(HAN.search)),
    CellRule(("example_zh",), _needs(HAN, "no Chinese characters"), passes=_all(HAN.search)),
    CellRule(("en",), _needs(LATIN, "no Latin letters"), passes=_all(LATIN.search)),
    CellRule(("id",), _slug("a slug (lowercase a-z, 0-9, single hyphens)", RESERVED_PREFIXES),
             passes=_slugs_pass(RESERVED_PREFIXES)),
    CellRule(("lesson",), _slug("a lesson slug (lowercase a-z, 0-9, hyphens)"),
             passes=_slugs_pass(())),
    CellRule(("alt_en",), _latin_items("alternative"), screen=_NO_LATIN_PIECE),
    CellRule(("deprecated_en",), _latin_items("deprecated rendering"), screen=_NO_LATIN_PIECE),
    CellRule(("en", "alt_en"), _pronoun, "warning", screen=_PRONOUN_START),
    CellRule(("alt_source",), _url_items,
             passes=lambda values: all(map(web_url, "|".join(values).split("|")))),
    CellRule(("zh", "example_zh"), _ascii_punct, "warning", screen=re.compile(r'[,;:?!.()"]')),
    CellRule(("zh", "example_zh"), _traditional, "warning", passes=_simplified),
    CellRule(("source_url",), _url, passes=_all(web_url)),
    CellRule(("date",), _date, passes=_DATES),
)


# --------------------------------------------------------------------------- row rules


def _required(cells: dict[str, str]) -> list[tuple[str, str, Severity]]:
    return [(col, "empty", "error") for col in REQUIRED if not cells.get(col, "").strip()]


def _derived_id(cells: dict[str, str]) -> list[tuple[str, str, Severity]]:
    if cells.get("id") or not cells.get("en") or slugify(cells["en"]):
        return []
    return [("id", "empty, and no id can be derived from en", "error")]


def _example_pair(cells: dict[str, str]) -> list[tuple[str, str, Severity]]:
    zh, en = cells.get("example_zh", ""), cells.get("example_en", "")
    if zh and not en:
        return [("example_en", "empty, but example_zh is given (an example is a pair)", "error")]
    if en and not zh:
        return [("example_zh", "empty, but example_en is given (an example is a pair)", "error")]
    return []


def _aligned(items: str, notes: str, what: str, note_col: str, note_what: str,
             ) -> list[tuple[str, str, Severity]]:
    n, m = len(_items(items)), len(_items(notes))
    if n == m:
        return []
    return [(note_col, (f"{m} {note_what} for {n} {what} (one per item, in the same order, "
             "separated by '|')"), "error")]


def _alt_sources(cells: dict[str, str]) -> list[tuple[str, str, Severity]]:
    if "alt_source" not in cells:  # an older glossary: flagged, not refused
        if not cells.get("alt_en"):
            return []
        return [("alt_en", ("no alt_source column: each alternative needs the URL of a page "
                 "that uses it"), "warning")]
    return _aligned(cells.get("alt_en", ""), cells.get("alt_source", ""), "alternative(s) in "
                    "alt_en", "alt_source", "source(s)")


def _deprecated_notes(cells: dict[str, str]) -> list[tuple[str, str, Severity]]:
    return _aligned(cells.get("deprecated_en", ""), cells.get("deprecated_note", ""),
                    "rendering(s) in deprecated_en", "deprecated_note", "reason(s)")


def _deprecated_not_accepted(cells: dict[str, str]) -> list[tuple[str, str, Severity]]:
    accepted = {en_key(a) for a in [cells.get("en", ""), *_items(cells.get("alt_en", ""))]}
    for form in _items(cells.get("deprecated_en", "")):
        if en_key(form) in accepted:
            return [("deprecated_en", f"'{form.strip()[:40]}' is also an accepted rendering",
                     "error")]
    return []


def _no_source(cells: dict[str, str]) -> list[tuple[str, str, Severity]]:
    if cells.get("source_url", "").strip() or cells.get("source", "").strip():
        return []
    return [("source", "empty, and no source_url: say where the rendering comes from",
             "warning")]


def _where(test: Callable[[str], object], *names: str) -> Callable[[Columns, int], set[int]]:
    """The rows where `test` holds for one of the named columns (all rows where a named
    column is missing from the file), skipping a column at C speed when no value does."""
    def rows(columns: Columns, count: int) -> set[int]:
        found: set[int] = set()
        for name in names:
            col = columns.get(name)
            if col is None:
                return set(range(count))
            if any(map(test, set(col))):
                found.update(i for i, v in enumerate(col) if test(v))
        return found
    return rows


def _empty(v: str) -> bool:
    return not v.strip()


ROW_RULES: tuple[RowRule, ...] = (
    RowRule(REQUIRED, _required, _where(_empty, *REQUIRED)),
    RowRule(("en",), _derived_id, _where(_empty, "id")),
    RowRule(("example_zh", "example_en"), _example_pair,
            _where(_empty, "example_zh", "example_en")),
    RowRule(("alt_en", "alt_source"), _alt_sources, _where(bool, "alt_en", "alt_source")),
    RowRule(("deprecated_en", "deprecated_note"), _deprecated_notes,
            _where(bool, "deprecated_en", "deprecated_note")),
    RowRule(("deprecated_en",), _deprecated_not_accepted, _where(bool, "deprecated_en")),
    RowRule(("source", "source_url"), _no_source, _where(_empty, "source", "source_url")),
)
