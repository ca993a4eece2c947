"""The LMS question files as the LMSs' own importers read them. The tests cannot hold the
LMSs' code; each rule is written down here, with where it comes from, and applied to
what `termdrills export moodle|qti` writes for the course glossary (plus hostile rows):

- Moodle 4.2, question bank import (question/format/xml, lib/xmlize.php): the XML is
  read with PHP's xml parser, and `core_xml_parser::handle_characterdata` keeps a piece
  of character data only if PHP's trim() leaves something of it (or it is "0"). The
  parser gives the text between two entity references as a piece of its own, so in
  ``&lt;/span&gt; &lt;em&gt;`` the space is dropped; a CDATA section's text comes whole.
  Emulated with expat (the parser PHP's ext/xml is modelled on) and buffer_text off.
- Moodle 4.2, the embedded-answers (cloze, qtype_multianswer) parser: a SHORTANSWER gap
  is ``{n:SHORTANSWER:alternatives}``; each alternative is an optional fraction ("=" or
  "%n%"), then the answer: ``.+?(?<!\\\\|&|&amp;)(?=[~#}]|$)`` (it may not end right
  after a backslash, "&" or "&amp;"), then an optional "#feedback". An answer that can
  only end after "&amp;" leaves no gap: the question has no answers, and the import
  stops on it (the default "stop on error"). Alternatives are taken one at a time,
  each followed by one "~"; their entities are decoded afterwards.
- Canvas, QTI 1.2 import: a choice's id is the first run of digits in its identifier
  (Canvas's own export writes plain numbers); two choices of one question with the same
  run get the same id, and one of them is lost or marked wrong.
"""

from __future__ import annotations

import html
import io
import re
import xml.parsers.expat
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree
from test_lms import QTI, qti_type, write_glossary

from termdrills.cli import main
from termdrills.exports import qti
from termdrills.exports._questions import draw
from termdrills.glossary import load_glossary

#: Hostile rows (the columns of test_lms.OLD_COLUMNS): a rendering ending in "&", and one
#: with "&" and "<" apart by a space only, in an example sentence for a cloze gap.
AMPERSAND = [
    ["ends-in-ampersand", "研究与", "research &", "", "", "amp",
     "这是研究与开发。", "This is research & development.", "", "", "", ""],
    ["amp-lt", "小于号", "x & < y", "", "", "amp",
     "这是小于号。", "This is x & < y here.", "", "", "", ""],
    ["amp-only", "和号", "R&D", "", "", "amp",
     "研发和号。", "We fund R&D now.", "", "", "", ""],
]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_glossary(tmp_path_factory.mktemp("lms-import") / "glossary.csv", AMPERSAND)


# --------------------------------------------------------------------------- Moodle XML


def php_trim_empty(piece: str) -> bool:
    """PHP's trim() strips " \\t\\n\\r\\0\\x0B"; xmlize keeps "0" all the same."""
    return piece != "0" and piece.strip(" \t\n\r\0\x0b") == ""


def moodle_texts(raw: bytes) -> list[str]:
    """Every <text> element's content as Moodle's xmlize reads it (the rule above)."""
    texts: list[str] = []
    stack: list[list[str]] = []
    parser = xml.parsers.expat.ParserCreate("UTF-8")
    parser.buffer_text = False

    def start(name: str, attrs: dict[str, str]) -> None:
        stack.append([])

    def end(name: str) -> None:
        pieces = stack.pop()
        if name == "text":
            texts.append("".join(pieces))

    def data(piece: str) -> None:
        if stack and not php_trim_empty(piece):
            stack[-1].append(piece)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.Parse(raw, True)
    return texts


def written_texts(raw: bytes) -> list[str]:
    """Every <text> element's content as written (any XML parser)."""
    return ["".join(t.itertext()) for t in etree.fromstring(raw).iter("text")]


def test_moodle_reads_every_text_as_written_and_the_pinyin_keeps_its_space(
        glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "questions.xml"
    assert main(["export", "moodle", "--glossary", str(glossary), "-o", str(out)]) == 0
    capsys.readouterr()
    raw = out.read_bytes()
    assert moodle_texts(raw) == written_texts(raw)
    with_pinyin = [t for t in moodle_texts(raw) if "</span> <em>" in t]
    pinyin_terms = sum(bool(t.pinyin) for t in load_glossary(glossary))
    # each term with pinyin: its zh → en multiple choice and its short answer
    assert len(with_pinyin) == 2 * pinyin_terms and pinyin_terms >= 31


# The multianswer parser's regular expressions (PHP's lookbehind alternation written as
# three lookbehinds, as Python wants them fixed-width).
FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = f"({FRACTION})?({ANSWER})(#({FEEDBACK}))?"
GAP = re.compile(r"\{([0-9]*):(SHORTANSWER|SA|MW):((" + ALTERNATIVE + r")(~" + ALTERNATIVE
                 + r")*)\}", re.DOTALL)


def moodle_gaps(question_text: str) -> list[list[str]]:
    """The SHORTANSWER gaps Moodle finds in a cloze question's text, each as its answers
    (decoded), by the rule above."""
    gaps = []
    rest = question_text
    while (m := GAP.search(rest)) is not None:
        answers, alternatives = [], m.group(3)
        while (alt := re.search(ALTERNATIVE, alternatives, re.DOTALL)) is not None:
            answers.append(html.unescape(alt.group(3)))
            alternatives = alternatives.split(alt.group(0), 1)[1][1:]
        gaps.append(answers)
        rest = rest[m.end():]
    return gaps


def test_moodle_finds_the_gap_of_every_cloze_question_even_after_an_ampersand(
        glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "questions.xml"
    assert main(["export", "moodle", "--glossary", str(glossary), "-o", str(out)]) == 0
    capsys.readouterr()
    root = etree.fromstring(out.read_bytes())
    cloze = {q.findtext("name/text"): moodle_texts(etree.tostring(q.find("questiontext")))[0]
             for q in root.iter("question") if q.get("type") == "cloze"}
    assert len(cloze) >= 20
    for name, text in cloze.items():
        gaps = moodle_gaps(text)
        assert len(gaps) == 1, (name, text)
        assert all(a.startswith("=") is False for a in gaps[0])
    by_name = {name.split("cloze ")[-1]: moodle_gaps(text)[0] for name, text in cloze.items()}
    assert by_name["研究与"] == ["research &"]
    assert by_name["小于号"] == ["x & < y"]
    assert by_name["和号"] == ["R&D"]


def test_the_gap_rule_is_the_one_that_refused_the_old_file() -> None:
    """The emulated parser finds no gap where an answer ends in "&amp;" (the old file)."""
    assert moodle_gaps("<p>This is {1:SHORTANSWER:=research &amp;} development.</p>") == []
    assert moodle_gaps("<p>This is {1:SHORTANSWER:=research &#38;} development.</p>") == [
        ["research &"]]
    assert moodle_gaps("<p>{1:SHORTANSWER:=a~=b &#126; c &#92;}</p>") == [["a", "b ~ c \\"]]


# --------------------------------------------------------------------------- Canvas QTI


def first_digits(identifier: str) -> int | None:
    """The id Canvas's importer gives a choice: its identifier's first run of digits."""
    found = re.search(r"\d+", identifier)
    return int(found.group()) if found else None


@pytest.mark.slow  # 40 draws of the whole course
def test_canvas_gives_every_choice_of_a_question_its_own_id() -> None:
    """Seeds 1–40 of the course glossary (each lesson's quiz as `export qti` writes it):
    every question's choices (multiple choice, matching, the blank's answers) and a
    matching question's rows have distinct ids."""
    g = load_glossary(ROOT / "glossary.csv")
    items = matching = 0
    for seed in range(1, 41):
        banks, _ = draw(g.terms, g.terms, seed)
        for bank in banks:
            doc = etree.fromstring(qti.assessment(bank, f"g{seed}{bank.lesson}"))
            for item in doc.iter(f"{QTI}item"):
                items += 1
                labels = [lab.get("ident") for lab in item.iter(f"{QTI}response_label")
                          if qti_type(item) != "short_answer_question"]
                ids = [first_digits(i) for i in dict.fromkeys(labels)]
                assert None not in ids and len(set(ids)) == len(ids), (seed, labels)
                if qti_type(item) == "matching_question":
                    matching += 1
                    rows = [first_digits(lid.get("ident")) for lid in
                            item.iter(f"{QTI}response_lid")]
                    assert None not in rows and len(set(rows)) == len(rows)
                    assert not set(rows) & set(ids)
    assert matching >= 200 and items > 5000


def test_qti_choice_ids_are_plain_numbers_and_stable(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "canvas.zip"
    assert main(["export", "qti", "--glossary", str(ROOT / "glossary.csv"), "--lesson",
                 "government-services", "-o", str(out)]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(out) as zf:
        names = [n for n in zf.namelist() if n.endswith(".xml") and "/" in n
                 and not n.endswith("assessment_meta.xml")]
        doc = etree.parse(io.BytesIO(zf.read(names[0])))
    labels = {lab.get("ident") for lab in doc.iter(f"{QTI}response_label")}
    assert labels and all(re.fullmatch(r"\d+", i) for i in labels - {"answer1"}), labels
