"""Small text helpers shared by the glossary, checker, drills, importers and exports.

`en_key` is the course's one English normalisation: what makes two renderings "the
same" (the checker's duplicates, a drill's options, glossary look-ups) and a typed
answer right. The drills' front end applies the same rules (`normaliseEn` in
``static/core/text.js``); ``tests/data/en_key_cases.json`` is run by both pytest and
node, so the two cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: CJK Unified Ideographs (basic block and extension A) and compatibility ideographs.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LESSON = re.compile(r"[a-z0-9-]+")

#: Characters a reader cannot see or that reorder text: C0/C1 controls (not tab and line
#: breaks), zero-width characters, direction marks, bidirectional embeddings, overrides
#: and isolates, the BOM. The checker refuses them (but the joiners of an emoji).
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
#: Invisible characters the checker warns about (answers ignore them): the soft hyphen,
#: the combining grapheme joiner, the Arabic letter mark, fillers, the Mongolian vowel
#: separator, variation selectors and tag characters (outside an emoji).
ALSO_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0000-\U000e007f]"
)
#: Not characters in XML 1.0 (TBX, Anki and HTML exports would be ill-formed).
NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_PICTOGRAPH = "\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001faff"
#: An emoji with its legitimate joiners: skin tones, variation selectors, tag sequences
#: (flags of regions) and zero-width-joined pictographs (👩‍💻). Linear: every step
#: consumes a character no other step can.
EMOJI_SEQUENCE = re.compile(
    f"[{_PICTOGRAPH}][\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\U000e0020-\U000e007f]*"
    f"(?:\u200d[{_PICTOGRAPH}][\U0001f3fb-\U0001f3ff\ufe0e\ufe0f]*)*"
)
#: ASCII punctuation that should be its full-width form inside Chinese text.
ASCII_IN_CHINESE = re.compile(
    r'(?<=[\u4e00-\u9fff])[,;:?!.()"]|[,;:?!()"](?=[\u4e00-\u9fff])'
)
FORMULA_START = ("=", "+", "-", "@")

#: What comparing answers ignores: zero-width and joiner characters, direction marks,
#: embeddings, overrides and isolates, the BOM, the soft hyphen, invisible fillers
#: (U+034F, U+115F, U+1160, U+180E, U+3164, U+FFA0), variation selectors, tag
#: characters and C0/C1 controls other than white space. (Same list: text.js.)
IGNORED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u115f\u1160"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\U000e0000-\U000e007f]"
)
#: White space, explicitly (the same set in text.js; Python's and JavaScript's \s differ).
SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = re.compile(f"[{SPACE}]+")
_DASHES = re.compile("[\u002d\u2010-\u2015\u2212\u30fc\ufe63\uff0d]")
_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]")
_DOUBLE_QUOTES = re.compile("[\u201c-\u201f\u2033\u00ab\u00bb\u300c-\u300f]")
_ISE = re.compile(r"([^\W\d_]{2,40})is(e|es|ed|ing|er|ers|ation|ations|ational)(?!\w)")
_ARTICLE = re.compile(f"^(?:the|a|an) (?=[^{SPACE}])")
_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
#: Sentence punctuation forgiven around an English answer.
_EDGE = SPACE.encode().decode("unicode_escape") + ".,;:!?'\"()[]"


def _base(text: str) -> str:
    """NFKC, ignored characters dropped, curly quotes straight (both languages)."""
    text = IGNORED.sub("", unicodedata.normalize("NFKC", text))
    return _DOUBLE_QUOTES.sub('"', _SINGLE_QUOTES.sub("'", text))


def en_key(text: str, *, keep_article: bool = False) -> str:
    """An English rendering or answer reduced to what a translator would compare.

    Forgiven: Unicode width (NFKC), invisible characters, case, curly vs straight
    quotes, hyphens and dashes vs spaces, the amount of white space, British -ise
    for -ize (and -isation, -ised ...), sentence punctuation around it and (unless
    `keep_article`) a leading "the", "a" or "an". Applied until nothing changes,
    so ``en_key(en_key(x)) == en_key(x)``. Linear in the length of the text.
    """
    s = text.lower()
    if s.isascii() and _PLAIN.fullmatch(s):  # the common case: only -ise and "the" can apply
        for _ in range(6):
            step = _ISE.sub(r"\1iz\2", s) if "is" in s else s
            if not keep_article and step.startswith(("the ", "a ", "an ")):
                step = _ARTICLE.sub("", step)
            if step == s:
                return s
            s = step
        return s
    s = text
    for _ in range(6):
        step = _DASHES.sub(" ", _base(_base(s).lower()))
        step = _ISE.sub(r"\1iz\2", step).strip(_EDGE)
        step = _SPACES.sub(" ", step)
        if not keep_article:
            step = _ARTICLE.sub("", step)
        if step == s:
            break
        s = step
    return s


def zh_key(text: str) -> str:
    """A Chinese answer reduced for comparison: NFKC, invisible characters and white
    space dropped, quotes straight, punctuation and symbols around it dropped."""
    s = _SPACES.sub("", _base(text))
    start, end = 0, len(s)
    while start < end and unicodedata.category(s[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(s[end - 1])[0] in "PS":
        end -= 1
    return s[start:end]


#: An http(s) URL with a host name that has a dot (or is localhost), an optional port,
#: and a path/query/fragment without white space or controls. Linear: no two parts can
#: match the same characters, so a hostile 60 KB cell cannot make it backtrack.
WEB_URL = re.compile(
    r"https?://(?:localhost|[^\s/?#:.@\x00-\x1f]+(?:\.[^\s/?#:.@\x00-\x1f]+)+)"
    r"(?::\d{1,5})?(?:[/?#][^\s\x00-\x1f]*)?", re.IGNORECASE)
URL_MAX = 2000


def web_url(text: str) -> bool:
    """True for an http(s) URL with a host: what a reader's browser can open."""
    return len(text) <= URL_MAX and WEB_URL.fullmatch(text) is not None


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
    """True when a spreadsheet could run the cell as a formula: it starts (after any
    white space or quote marks, which some programs drop) with = + - @ or their
    full-width forms."""
    head = unicodedata.normalize("NFKC", text[:64]).lstrip(" \t\r\n\"'")
    return head.startswith(FORMULA_START)


def neutralise_formula(text: str) -> str:
    """Make a cell safe for a spreadsheet: a cell that could start a formula gets a `'`."""
    return "'" + text if formula_like(text) else text


def spreadsheet_cell(text: str) -> str:
    """A cell for TSV/CSV: one line, no tabs, and never run as a formula."""
    flat = " ".join(text.replace("\t", " ").split())
    return neutralise_formula(flat)


def join_nonempty(parts: Iterable[str], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


def lesson_title(slug: str) -> str:
    """A readable title from a lesson slug, when the lesson has none of its own:
    ``government-services`` → ``Government services``."""
    return slug.replace("-", " ").capitalize()


def describe_char(ch: str) -> str:
    """`'\\u200b'` → `"U+200B ZERO WIDTH SPACE"`."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"
