"""English and Chinese answers compared as a translator compares them: the one normalisation.

`en_key` is the course's one English normalisation: what makes two renderings "the
same" (the checker's duplicates, a drill's options, glossary look-ups) and a typed
answer right. The drills' front end applies the same rules (`normaliseEn` in
``static/core/text.js``); ``tests/data/en_key_cases.json`` is run by both pytest and
node, so the two cannot drift apart.

British and American spelling is not a mistake: besides -ise/-ize (a rule here), the
words of ``termdrills/i18n/english.json`` (licence/license, centre/center, labour/labor,
programme/program, travelled/traveled …) are compared in their American form. The same
file is read by the front end and by the passage grader's forms
(`termdrills.grading.forms`), so a typed answer, a sentence and a passage forgive the
same spellings.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LESSON = re.compile(r"[a-z0-9-]+")

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
#: British word → American word (lower case, whole words): termdrills/i18n/english.json.
SPELLING: dict[str, str] = json.loads(
    (Path(__file__).resolve().parent.parent / "i18n" / "english.json").read_text("utf-8")
)["spelling"]
#: Any British word of `SPELLING`, as a whole word (the longest first).
BRITISH = re.compile("(?<![^\\W\\d_])(?:" + "|".join(
    re.escape(w) for w in sorted(SPELLING, key=lambda w: (-len(w), w))) + ")(?![^\\W\\d_])")


#: Words long enough to be in `SPELLING` (a screen: most text has none of them).
_WORDS = re.compile(f"[^\\W\\d_]{{{min(map(len, SPELLING))},}}")


def american(text: str) -> str:
    """`text` (lower case) with each British word of `SPELLING` in its American form."""
    if SPELLING.keys().isdisjoint(_WORDS.findall(text)):  # the common case: one C scan
        return text
    return BRITISH.sub(lambda m: SPELLING[m.group()], text)
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
    for -ize (and -isation, -ised ...) and the British words of `SPELLING` (licence,
    centre, labour …), sentence punctuation around it and (unless
    `keep_article`) a leading "the", "a" or "an". Applied until nothing changes
    (the spelling table once, at the end: no step undoes it or needs it), so
    ``en_key(en_key(x)) == en_key(x)``. Linear in the length of the text.
    """
    return american(_en_key(text, keep_article))


def _en_key(text: str, keep_article: bool) -> str:
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


def join_nonempty(parts: Iterable[str], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)
