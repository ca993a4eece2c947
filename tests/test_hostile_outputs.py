"""Malformed outputs and leaks into other programs (issue 12).

Every glossary of the hostile corpus the checker lets through, and one glossary
holding all of their cells at once, is exported: the TBX, the Moodle XML and the QTI
package's XML parse with lxml's strict parser; every HTML output (worksheet, key, class report,
grader's report) parses with lxml's HTML parser without an error and holds only
characters XML allows; every Anki field parses as HTML, shows the cell's text
exactly and holds none of Anki's own markup ([sound:…], [latex]…, MathJax); no TSV
or CSV cell starts a spreadsheet formula, however it is quoted.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from termdrills import load_glossary
from termdrills.cli import main
from termdrills.glossary import COLUMNS

lxml_etree = pytest.importorskip("lxml.etree")
lxml_html = pytest.importorskip("lxml.html")

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
GRADING = ROOT / "tests" / "fixtures" / "grading"
#: What XML 1.0 does not allow: C0 controls but tab and line breaks, surrogates,
#: U+FFFE and U+FFFF.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: What Anki acts on in a field: media and TTS tags, LaTeX, MathJax delimiters.
ANKI_MARKUP = re.compile(r"\[sound:|\[anki:|\[latex\]|\[\$\$?\]|\\\(|\\\[")
#: Cells Anki, a spreadsheet or a TBX reader could take for something else.
ANKI_CELLS = ("[sound:../../evil.mp3]", "[latex]\\input{/etc/passwd}[/latex]",
              "[$]x^2[/$] and [$$]y[/$$]", "MathJax \\(x^2\\) and \\[y\\]",
              "[anki:tts lang=en_US]read me[/anki:tts]", "{{c1::cloze}} {{Chinese}}")
FORMULA_CELLS = ('"=HYPERLINK(""http://evil.example"",""x"")"', "\u201c+cmd|' /c calc'!A0\u201d",
                 "\uff1d1+1", "@SUM(A1:A9)", "-2+3", '"""=1+1"""')


def _usable_corpus() -> list[Path]:
    from termdrills.glossary.check import parse, read

    usable = []
    for path in sorted((HOSTILE / "glossary").iterdir()):
        text, problems = read(path)
        problems, rows = parse(text) if text is not None else ([], [])
        if rows and not any(p.severity == "error" for p in problems):
            usable.append(path)
    return usable


def _all_in_one(tmp_path: Path) -> Path:
    """Every row of every usable corpus glossary, plus Anki markup and formulas, in one
    glossary (lessons hostile-a and hostile-b, so the worksheet has terms to draw)."""
    rows: list[dict[str, str]] = []
    for path in _usable_corpus():
        for term in load_glossary(path).terms:
            rows.append({c: getattr(term, c) if isinstance(getattr(term, c, ""), str)
                         else "|".join(getattr(term, c)) for c in COLUMNS})
    for i, cell in enumerate(ANKI_CELLS):
        rows.append({"id": f"markup-{i}", "zh": f"标记{i}号", "en": f"markup {i}",
                     "note": cell, "example_zh": f"例句{i}：标记{i}号。",
                     "example_en": f"Example {i}: markup {i}, {cell}.",
                     "source_url": "https://english.www.gov.cn/"})
    for i, cell in enumerate(FORMULA_CELLS):  # a rendering that starts a formula
        rows.append({"id": f"formula-{i}", "zh": f"公式{i}号", "en": f"{cell} term {i}",
                     "note": cell, "source_url": "https://english.www.gov.cn/"})
    seen: set[str] = set()
    out = tmp_path / "all.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n", restval="")
        writer.writeheader()
        for n, row in enumerate(rows):
            if row["zh"] in seen:
                continue
            seen.add(row["zh"])
            row["id"] = f"{row['id'] or 'term'}-{n}"
            row["lesson"] = "hostile-a" if n % 2 else "hostile-b"
            writer.writerow(row)
    assert main(["check", "-q", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _all_in_one(tmp_path_factory.mktemp("all"))


def assert_html(text: str, where: str) -> None:
    """Well-formed HTML (lxml, no recovery needed) of XML characters only."""
    found = NOT_XML.search(text)
    assert found is None, f"{where}: U+{ord(found.group()):04X} is not allowed in XML"
    parser = lxml_html.HTMLParser(recover=False)
    lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    assert [str(e) for e in parser.error_log] == [], where


def _export(fmt: str, glossary: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", fmt, "--glossary", str(glossary), "-o", str(out)]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()


def _tbx_terms(path: Path) -> list[str]:
    parser = lxml_etree.XMLParser(recover=False, resolve_entities=False, no_network=True,
                                  load_dtd=False)
    root = lxml_etree.fromstring(path.read_bytes(), parser)
    return [t.text or "" for t in root.iter("term")]


def _anki_fields(path: Path, tmp_path: Path) -> list[list[str]]:
    with zipfile.ZipFile(path) as z:
        db = tmp_path / "collection.anki2"
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        return [flds.split("\x1f") for (flds,) in con.execute("select flds from notes")]
    finally:
        con.close()


@pytest.mark.parametrize("path", _usable_corpus(), ids=lambda p: p.name)
def test_every_usable_corpus_glossary_exports_well_formed_tbx(
        path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.tbx"
    _export("tbx", path, out, capsys)
    terms = _tbx_terms(out)
    for term in load_glossary(path).terms:
        assert term.zh in terms and term.en in terms


def test_tbx_html_and_anki_of_all_hostile_cells_at_once(
        everything: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = load_glossary(everything).terms
    _export("tbx", everything, tmp_path / "g.tbx", capsys)
    assert len(_tbx_terms(tmp_path / "g.tbx")) >= 2 * len(terms)
    _export("worksheet", everything, tmp_path / "w.html", capsys)
    for name in ("w.html", "w-key.html"):
        assert_html((tmp_path / name).read_text(encoding="utf-8"), name)
    xml = lxml_etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    _export("moodle", everything, tmp_path / "g.xml", capsys)  # Moodle XML questions
    lxml_etree.fromstring((tmp_path / "g.xml").read_bytes(), xml)
    _export("qti", everything, tmp_path / "g.zip", capsys)  # Canvas QTI package
    with zipfile.ZipFile(tmp_path / "g.zip") as z:
        members = [n for n in z.namelist() if n.endswith(".xml")]
        assert members
        for name in members:
            lxml_etree.fromstring(z.read(name), xml)
    _export("anki", everything, tmp_path / "g.apkg", capsys)
    notes = _anki_fields(tmp_path / "g.apkg", tmp_path)
    assert len(notes) == len(terms)
    by_id = {t.id: t for t in terms}
    for fields in notes:
        term = by_id[html.unescape(fields[-1])]
        raw = (term.zh, term.en, term.pinyin, " | ".join(term.alt_en), term.example_zh,
               term.example_en, term.note, term.source, term.lesson, term.id)
        for k, (field, cell) in enumerate(zip(fields, raw)):
            assert ANKI_MARKUP.search(field) is None, field
            fragment = lxml_html.fragment_fromstring(field or " ", create_parent="div")
            shown = fragment.text_content() if field else ""
            if k in (3, 6, 7):  # alternatives, note, source: with their links and reasons
                assert all(part in shown for part in cell.split("\n")), (field, cell)
            else:
                assert shown == cell.replace("\n", ""), (field, cell)


def _first_char(cell: str) -> str:
    from termdrills.text.safe import formula_start

    return formula_start(cell)


def test_no_tsv_cell_starts_a_formula_however_quoted(
        everything: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.tsv"
    _export("tsv", everything, out, capsys)
    lines = out.read_text(encoding="utf-8").splitlines()
    cells = [cell for line in lines for cell in line.split("\t")]
    assert all(_first_char(c) == "" or c.startswith("'") for c in cells)
    for i, formula in enumerate(FORMULA_CELLS):  # each is there, defused with a leading '
        assert f"'{formula} term {i}" in cells, formula


def test_class_report_and_grader_report_are_well_formed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every progress file of the corpus (the bad ones listed in the page) and answers
    full of controls, markup and non-characters."""
    progress = sorted(str(p) for p in (HOSTILE / "progress").iterdir())
    assert main(["report", *progress, "-o", str(tmp_path / "r.html")]) == 1
    assert_html((tmp_path / "r.html").read_text(encoding="utf-8"), "report")
    for name in ("r.csv", "r-lessons.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        for row in csv.reader(io.StringIO(text)):
            assert all(_first_char(c) == "" or c.startswith("'") for c in row), row
            assert all(NOT_XML.search(c) is None for c in row), row
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "ctrl.txt").write_text("Optimize\x1b[31m government\uffff services \x07.",
                                      encoding="utf-8")
    (answers / "markup.txt").write_text("</td><script>alert(1)</script> =1+1 \ufffe",
                                        encoding="utf-8")
    (answers / "formula.txt").write_text('"=HYPERLINK(""http://evil.example"")"',
                                         encoding="utf-8")
    assert main(["grade", str(GRADING / "knowledge.toml"), "--answers", str(answers),
                 "-o", str(tmp_path / "g.html")]) == 0, capsys.readouterr().err
    capsys.readouterr()
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert_html(page, "grade")
    assert "<script>alert(1)" not in page
    with (tmp_path / "g.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            assert all(_first_char(c) == "" or c.startswith("'") for c in row), row
