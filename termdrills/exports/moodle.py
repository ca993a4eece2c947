"""Moodle XML: the LMS questions (`_questions`) as a file Moodle's question bank imports.

One question category per lesson (``$course$/top/<course title>/<lesson title>``), then
its questions: ``multichoice`` (both directions), ``shortanswer`` (every accepted
rendering at 100 %, case ignored), ``matching`` and ``cloze`` (Moodle's embedded-answers
type, also called multianswer: the English sentence with one SHORTANSWER gap, the
Chinese sentence above it).

Escaping follows what each field is to Moodle: question texts and multiple-choice
options are HTML, so glossary text is HTML-escaped; short answers and matching answers
are plain text (``*`` is Moodle's wildcard there, so it is written ``\\*``). Inside a
cloze gap, the characters Moodle's parser reads as syntax (``{ } ~ # \\``) and ``&``
(an answer may not end right after ``&`` or ``&amp;``: Moodle's multianswer parser then
finds no gap, and refuses the question) are written as numeric character references,
which it decodes after parsing. Chinese is written as UTF-8, never as entities.

Every ``<text>`` that holds ``& < > " '`` is written as a CDATA section, as Moodle's own
exporter writes it: Moodle's XML reader (lib/xmlize.php) drops every piece of text that
is only white space, and an XML parser gives the text between two entity references
(``&lt;/span&gt; &lt;em&gt;``) as a piece of its own, so the space before the pinyin
would be lost.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.exports._package import esc, sub, xml_text
from termdrills.exports._questions import Bank, Cloze, Matching, MultipleChoice, ShortAnswer, draw
from termdrills.text.chinese import ZH_LANG

PENALTY = "0.3333333"
#: Characters a cloze gap's answer cannot hold as such (Moodle's embedded-answers syntax).
_GAP = {"{": "&#123;", "}": "&#125;", "~": "&#126;", "#": "&#35;", "\\": "&#92;", "&": "&#38;"}
#: A <text> element as the serializer writes it (its text escaped: no "<" inside).
_TEXT = re.compile(r"<text>([^<]*)</text>")


def _zh(text: str) -> str:
    return f'<span lang="{ZH_LANG}">{esc(text)}</span>'


def _prompt_zh(zh: str, pinyin: str) -> str:
    return f"<p>{_zh(zh)}" + (f" <em>{esc(pinyin)}</em>" if pinyin else "") + "</p>"


def wildcard_safe(text: str) -> str:
    """A plain-text short answer with Moodle's ``*`` wildcard escaped."""
    return text.replace("*", "\\*")


def gap_answer(text: str) -> str:
    """An accepted answer as a cloze gap holds it: HTML-escaped, syntax characters as
    character references, ``*`` escaped as a literal asterisk."""
    return "".join("\\*" if ch == "*" else _GAP.get(ch) or esc(ch) for ch in text)


def _question(quiz: ET.Element, qtype: str, name: str, text: str) -> ET.Element:
    q = sub(quiz, "question", type=qtype)
    sub(sub(q, "name"), "text", name)
    sub(sub(q, "questiontext", format="html"), "text", text)
    sub(sub(q, "generalfeedback", format="html"), "text", "")
    sub(q, "defaultgrade", "1")
    sub(q, "penalty", PENALTY)
    sub(q, "hidden", "0")
    return q


def _answer(q: ET.Element, text: str, fraction: int, fmt: str) -> None:
    a = sub(q, "answer", fraction=str(fraction), format=fmt)
    sub(a, "text", text)
    sub(sub(a, "feedback", format="html"), "text", "")


def _category(quiz: ET.Element, course: str, bank: Bank) -> None:
    q = sub(quiz, "question", type="category")
    path = "/".join(part.replace("/", "//") for part in (course, bank.title))
    sub(sub(q, "category"), "text", f"$course$/top/{path}")
    sub(sub(q, "info", format="html"), "text",
        f"<p>termdrills: the questions of lesson {esc(bank.lesson)}.</p>")


def _multichoice(quiz: ET.Element, title: str, mc: MultipleChoice) -> None:
    if mc.direction == "zh-en":
        text = _prompt_zh(mc.prompt, mc.pinyin) + "<p>Choose the official English rendering.</p>"
        name = f"{title}: {mc.prompt} → English"
    else:
        text = f"<p>{esc(mc.prompt)}</p><p>Choose the Chinese term.</p>"
        name = f"{title}: {mc.prompt} → Chinese"
    q = _question(quiz, "multichoice", name, text)
    sub(q, "single", "true")
    sub(q, "shuffleanswers", "true")
    sub(q, "answernumbering", "abc")
    for i, option in enumerate(mc.options):
        shown = esc(option) if mc.direction == "zh-en" else _zh(option)
        _answer(q, shown, 100 if i == mc.answer else 0, "html")


def _shortanswer(quiz: ET.Element, title: str, sa: ShortAnswer) -> None:
    text = _prompt_zh(sa.prompt, sa.pinyin) + "<p>Type the official English rendering.</p>"
    q = _question(quiz, "shortanswer", f"{title}: type {sa.prompt} in English", text)
    sub(q, "usecase", "0")
    for answer in sa.accepted:
        _answer(q, wildcard_safe(answer), 100, "moodle_auto_format")


def _matching(quiz: ET.Element, title: str, m: Matching, n: int) -> None:
    text = "<p>Match each Chinese term with its official English rendering.</p>"
    q = _question(quiz, "matching", f"{title}: matching {n}", text)
    sub(q, "shuffleanswers", "true")
    for zh, en in m.pairs:
        s = sub(q, "subquestion", format="html")
        sub(s, "text", _zh(zh))
        sub(sub(s, "answer"), "text", en)  # plain text, as Moodle's matching answers are


def _cloze(quiz: ET.Element, title: str, c: Cloze) -> None:
    gap = "{1:SHORTANSWER:" + "~".join(f"={gap_answer(a)}" for a in c.accepted) + "}"
    # A "{" in the sentence itself could open a gap: written as a character reference.
    before, after = (esc(s).replace("{", "&#123;") for s in (c.before, c.after))
    text = f'<p lang="{ZH_LANG}">{esc(c.context)}</p><p>{before}{gap}{after}</p>'
    _question(quiz, "cloze", f"{title}: cloze {c.term.zh}", text)


def _cdata(match: re.Match[str]) -> str:
    """A <text> element's content as a CDATA section where it holds a character
    htmlspecialchars() would change (Moodle's qformat_xml::xml_escape does the same)."""
    text = html.unescape(match.group(1))  # what the serializer escaped: & < >
    if html.escape(text, quote=True) == text:
        return match.group(0)
    return "<text><![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]></text>"


def render(banks: list[Bank], course_title: str) -> bytes:
    """The Moodle XML document for `banks`."""
    quiz = ET.Element("quiz")
    for bank in banks:
        _category(quiz, course_title, bank)
        matching = 0
        for q in bank.questions:
            if isinstance(q, MultipleChoice):
                _multichoice(quiz, bank.title, q)
            elif isinstance(q, ShortAnswer):
                _shortanswer(quiz, bank.title, q)
            elif isinstance(q, Matching):
                matching += 1
                _matching(quiz, bank.title, q, matching)
            elif isinstance(q, Cloze):
                _cloze(quiz, bank.title, q)
    return _TEXT.sub(_cdata, xml_text(quiz)).encode("utf-8")


def _files(request: ExportRequest) -> Files:
    banks, skipped = draw(request.terms, request.glossary.terms, request.seed,
                          request.glossary.path)
    request.notes.extend(skipped)
    return [(request.out, render(banks, request.course.title))]


EXPORT = Export(
    name="moodle", help="Moodle XML questions, one category per lesson",
    description="moodle: a Moodle XML file for the question bank (Question bank → Import → "
    "Moodle XML format): per lesson a category with multiple choice both ways, short "
    "answer (every accepted rendering at 100%%), matching and cloze; --seed N draws "
    "variant N. Terms that cannot make a question of a kind are listed on stderr.",
    files=_files)
