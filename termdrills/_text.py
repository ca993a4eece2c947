"""Small text helpers shared by the glossary, importers and exports."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: CJK Unified Ideographs (basic block and extension A) and compatibility ideographs.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LESSON = re.compile(r"[a-z0-9-]+")

#: Characters a reader cannot see or that reorder text: C0/C1 controls, zero-width
#: characters, bidirectional overrides and isolates, the BOM.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
#: ASCII punctuation that should be its full-width form inside Chinese text.
ASCII_IN_CHINESE = re.compile(
    r'(?<=[\u4e00-\u9fff])[,;:?!.()"]|[,;:?!()"](?=[\u4e00-\u9fff])'
)
FORMULA_START = ("=", "+", "-", "@")


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def has_latin(text: str) -> bool:
    return LATIN.search(text) is not None


def slugify(text: str) -> str:
    """`"the Internet Plus Government Services initiative"` → `"internet-plus-government-..."`.

    Lowercase ASCII letters and digits joined by single hyphens; accents are
    dropped; a leading English article is left out. Empty when nothing is left.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", "").replace("\u2019", ""))
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return "-".join(words)


def find_phrase(sentence: str, phrases: Iterable[str]) -> re.Match[str] | None:
    """Where one of `phrases` (the longest first) stands in `sentence` as whole words,
    ignoring case, the amount of white space and curly vs straight apostrophes.

    Used to blank a term's rendering in its example sentence (cloze drills,
    worksheets) and to check that a reference translation uses it. The match's
    positions are those of `sentence` itself.
    """
    text = sentence.replace("\u2019", "'")
    for phrase in sorted(phrases, key=len, reverse=True):
        words = phrase.replace("\u2019", "'").split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        found = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
        if found:
            return found
    return None


def formula_like(text: str) -> bool:
    """True when a spreadsheet would run the cell as a formula."""
    return text.startswith(FORMULA_START)


def neutralise_formula(text: str) -> str:
    """Make a cell safe for a spreadsheet: a leading formula character gets a `'`."""
    return "'" + text if formula_like(text) else text


def describe_char(ch: str) -> str:
    """`'\\u200b'` → `"U+200B ZERO WIDTH SPACE"`."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"
