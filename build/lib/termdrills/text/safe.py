"""Text that is safe where it goes: invisible and reordering characters named, cells a
spreadsheet cannot run, terminal lines that cannot be driven, URLs a reader can open.

Every command shows a file name, a glossary cell or a student's answer somewhere it
could do harm: a terminal (escape sequences), a spreadsheet (formulas), an XML export
(characters XML refuses). The checks and the escapes are here, once.
"""

from __future__ import annotations

import re
import unicodedata

from termdrills.text.normalize import IGNORED

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
#: Characters that are emoji (Unicode's Extended_Pictographic, outside the
#: supplementary planes spelt out): only these may carry joiners and selectors. Not a
#: range over U+2000–U+3300, which would take word joiners, bidi isolates (U+2066) and
#: the Hangul filler (U+3164) for emoji.
_PICTOGRAPH = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b"
               "\u2328\u2388\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0"
               "\u25fb-\u25fe\u2600-\u2605\u2607-\u2612\u2614-\u2685\u2690-\u2705"
               "\u2708-\u2712\u2714\u2716\u271d\u2721\u2728\u2733\u2734\u2744\u2747\u274c"
               "\u274e\u2753-\u2755\u2757\u2763-\u2767\u2795-\u2797\u27a1\u27b0\u27bf"
               "\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
               "\U0001f000-\U0001faff")
#: An emoji with its legitimate joiners: skin tones, variation selectors, tag sequences
#: (flags of regions), zero-width-joined pictographs (👩‍💻) and keycaps (#️⃣). Linear:
#: every step consumes a character no other step can.
EMOJI_SEQUENCE = re.compile(
    f"[{_PICTOGRAPH}][\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\U000e0020-\U000e007f]*"
    f"(?:\u200d[{_PICTOGRAPH}][\U0001f3fb-\U0001f3ff\ufe0e\ufe0f]*)*"
    "|[#*0-9]\ufe0f?\u20e3"
)
FORMULA_START = ("=", "+", "-", "@")

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


#: What may stand before a formula's first character and be dropped by a spreadsheet
#: or by the CSV reader in front of it: white space, quote marks (``"=HYPERLINK(…)"``
#: quoted once more), invisible characters.
_BEFORE_FORMULA = frozenset(" \t\r\n\x0b\x0c\"'\u00a0\u3000\u2018\u2019\u201c\u201d")


def formula_start(text: str) -> str:
    """The character that would make a spreadsheet run the cell as a formula, or "":
    the cell's first character that is not white space, a quote mark or invisible,
    when it is = + - @ (or a full-width or other compatibility form of one). Linear:
    one look at each leading character, so no run of quotes or spaces hides it."""
    for ch in text:
        if ch in _BEFORE_FORMULA or IGNORED.match(ch):
            continue
        first = unicodedata.normalize("NFKC", ch)
        if first and all(c in _BEFORE_FORMULA for c in first):
            continue
        return ch if first.startswith(FORMULA_START) else ""
    return ""


def formula_like(text: str) -> bool:
    """True when a spreadsheet could run the cell as a formula (`formula_start`)."""
    return formula_start(text) != ""


def neutralise_formula(text: str) -> str:
    """Make a cell safe for a spreadsheet: a cell that could start a formula gets a `'`."""
    return "'" + text if formula_like(text) else text


def spreadsheet_cell(text: str) -> str:
    """A cell for TSV/CSV: one line, no tabs, and never run as a formula."""
    flat = " ".join(text.replace("\t", " ").split())
    return neutralise_formula(flat)


_UNNAMED = {"Cc": "control character", "Cs": "SURROGATE", "Co": "PRIVATE USE CHARACTER",
            "Cn": "NONCHARACTER"}
#: Names of the control characters a hostile cell is most likely to hold (Python's
#: `unicodedata` names none).
_CONTROL_NAMES = {0x07: "BELL (control character)", 0x08: "BACKSPACE (control character)",
                  0x0D: "CARRIAGE RETURN (control character)",
                  0x1B: "ESCAPE (control character: starts terminal escape sequences)",
                  0x7F: "DELETE (control character)",
                  0x9B: "CONTROL SEQUENCE INTRODUCER (control character)"}


def describe_char(ch: str) -> str:
    """`'\\u200b'` → `"U+200B ZERO WIDTH SPACE"`, `'\\uffff'` → `"U+FFFF NONCHARACTER"`."""
    name = (unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch))
            or _UNNAMED.get(unicodedata.category(ch), "UNNAMED"))
    return f"U+{ord(ch):04X} {name}"


#: What a terminal or a report must not receive raw: C0/C1 controls but tab and line
#: feed (ANSI CSI and OSC sequences start with ESC or the C1 CSI; a CR overwrites the
#: line), direction marks, embeddings, overrides and isolates, zero-width characters,
#: line separators, the BOM and the non-characters U+FFFE/U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u2069\ufeff\ufffe\uffff]")


def escape_controls(text: str) -> str:
    """`"a\\x1b[31mb"` → `"a\\\\x1b[31mb"`: every `CONTROL` character as a visible escape."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                       else f"\\u{ord(m.group()):04x}", text)
