"""The hostile-input corpus (tests/hostile/): every file with the exact behaviour
expected of it. Nothing may crash, print a traceback, or change a file on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks._util import generated_glossary
from termdrills import load_glossary
from termdrills.cli import main

HOSTILE = Path(__file__).resolve().parent / "hostile"

# file → (exit status of `termdrills check`, the exact line (after the file's path) its
# output must hold: the first error, else the first warning, else the summary)
GLOSSARIES: dict[str, tuple[int, str]] = {
    "ansi_escape.csv": (1, ':2: en: invisible or control character U+001B ESCAPE (control character: starts terminal escape sequences)'),
    "arabic_letter_mark.csv": (0, ':2: en: warning: invisible character U+061C ARABIC LETTER MARK: a reader cannot see it (drills ignore it)'),
    "bad_date.csv": (1, ":2: date: '2022-02-30' is not a real date in YYYY-MM-DD form"),
    "bidi_isolate.csv": (1, ':2: en: invisible or control character U+2066 LEFT-TO-RIGHT ISOLATE'),
    "binary_png.csv": (1, ':3: file holds NUL bytes: it is binary, not a text file'),
    "bom_mid_header.csv": (1, ':1: zh: column name holds U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte order mark or invisible character): retype the header'),
    "cell_over_csv_limit.csv": (1, ':2: note: 140,000 characters, more than 20,000'),
    "combining_grapheme_joiner.csv": (0, ':2: en: warning: invisible character U+034F COMBINING GRAPHEME JOINER: a reader cannot see it (drills ignore it)'),
    "control_char.csv": (1, ':2: en: invisible or control character U+0007 BELL (control character)'),
    "curly_quoted_formula.csv": (0, ":2: note: warning: starts with '+': a spreadsheet may run it as a formula"),
    "double_bom.csv": (1, ':1: id: column name holds U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte order mark or invisible character): retype the header'),
    "duplicate_header.csv": (1, ':1: en: column appears twice'),
    "duplicate_zh.csv": (1, ":3: zh: '优化政务服务' already on line 2"),
    "emoji.csv": (0, ': ok (0 warning(s))'),
    "emoji_sequences.csv": (0, ': ok (0 warning(s))'),
    "empty.csv": (1, ':1: file is empty: expected a header row (zh, en, lesson …)'),
    "excel_bom_crlf.csv": (0, ': ok (0 warning(s))'),
    "formulas.csv": (0, ":2: note: warning: starts with '=': a spreadsheet may run it as a formula"),
    "fullwidth_equals.csv": (0, ":2: note: warning: starts with '＝': a spreadsheet may run it as a formula"),
    "gbk_excel.csv": (1, ":2: file is GBK/GB18030-encoded (what Excel and Notepad save on Chinese Windows), not UTF-8; save it as 'CSV UTF-8 (Comma delimited)' or run: iconv -f GB18030 -t UTF-8 gbk_excel.csv > gbk_excel-utf8.csv"),
    "hangul_filler.csv": (0, ':2: en: warning: invisible character U+3164 HANGUL FILLER: a reader cannot see it (drills ignore it)'),
    "header_only.csv": (0, ':1: warning: no terms: the file has only a header'),
    "javascript_url.csv": (1, ":2: source_url: 'javascript:alert(document.cookie)' is not an http(s) URL"),
    "latin1.csv": (1, ":2: file is not UTF-8 (these bytes cannot be decoded); save it as 'CSV UTF-8 (Comma delimited)'"),
    "lesson_dash.csv": (1, ":2: lesson: '-' is not a lesson slug (lowercase a-z, 0-9, hyphens)"),
    "line_break_in_cell.csv": (1, ':2: en: line break inside the cell'),
    "lone_zero_width_joiner.csv": (1, ':2: en: invisible or control character U+200D ZERO WIDTH JOINER'),
    "long_cell.csv": (0, ': ok (0 warning(s))'),
    "long_source_url.csv": (1, ':2: source_url: 60,013 characters, more than 20,000'),
    "markup.csv": (0, ': ok (0 warning(s))'),
    "mongolian_vowel_separator.csv": (0, ':2: en: warning: invisible character U+180E MONGOLIAN VOWEL SEPARATOR: a reader cannot see it (drills ignore it)'),
    "no_en_column.csv": (1, ':1: en: required column missing'),
    "nonchar_fffe.csv": (1, ':2: en: U+FFFE NONCHARACTER is not a character (not allowed in XML: the TBX, Anki and site outputs would break)'),
    "nonchar_ffff_note.csv": (1, ':2: note: U+FFFF NONCHARACTER is not a character (not allowed in XML: the TBX, Anki and site outputs would break)'),
    "nul_bytes.csv": (1, ':3: file holds NUL bytes: it is binary, not a text file'),
    "old_mac_line_ends.csv": (0, ': ok (0 warning(s))'),
    "only_commas.csv": (1, ':1: zh: required column missing'),
    "osc_title.csv": (1, ':2: note: invisible or control character U+001B ESCAPE (control character: starts terminal escape sequences)'),
    "quoted_hyperlink.csv": (0, ":2: note: warning: starts with '=': a spreadsheet may run it as a formula"),
    "ragged_row.csv": (1, ':3: 8 cells, header has 7 (a stray comma, or a cell with a comma not quoted?)'),
    "reserved_id.csv": (1, ":2: id: 'glossary' is reserved: the course site uses it for its own pages or anchors"),
    "reserved_id_prefix.csv": (1, ":2: id: 'lesson-gov' is reserved: the course site uses it for its own pages or anchors"),
    "reserved_lesson.csv": (1, ":2: lesson: 'search' is reserved: the course site uses it for its own pages or anchors"),
    "reserved_lesson_genindex.csv": (1, ":2: lesson: 'genindex' is reserved: the course site uses it for its own pages or anchors"),
    "rtl_override.csv": (1, ':2: en: invisible or control character U+202E RIGHT-TO-LEFT OVERRIDE'),
    "semicolons.csv": (1, ":1: columns separated by semicolons, not commas; save it as 'CSV UTF-8 (Comma delimited)'"),
    "soft_hyphen.csv": (0, ':2: en: warning: invisible character U+00AD SOFT HYPHEN: a reader cannot see it (drills ignore it)'),
    "surrogate_bytes.csv": (1, ":2: file is not UTF-8 (these bytes cannot be decoded); save it as 'CSV UTF-8 (Comma delimited)'"),
    "tag_characters.csv": (0, ':2: en: warning: invisible character U+E0041 TAG LATIN CAPITAL LETTER A: a reader cannot see it (drills ignore it)'),
    "traditional_characters.csv": (0, ':2: zh: warning: traditional characters (優→优, 務→务): the course uses simplified Chinese'),
    "unbalanced_quote.csv": (1, ':3: unbalanced quote: a quoted cell opened here is never closed'),
    "wide_header.csv": (1, ':1: 100,000 columns in the header, more than 100: not a glossary'),
    "utf16_unicode_text.csv": (1, ": file is UTF-16 (Excel 'Unicode Text', Notepad 'Unicode'), not UTF-8; save it as 'CSV UTF-8 (Comma delimited)' or run: iconv -f UTF-16 -t UTF-8 utf16_unicode_text.csv > utf16_unicode_text-utf8.csv"),
    "variation_selector_alone.csv": (0, ':2: en: warning: invisible character U+FE0F VARIATION SELECTOR-16: a reader cannot see it (drills ignore it)'),
    "word_joiner.csv": (1, ':2: zh: invisible or control character U+2060 WORD JOINER'),
    "zero_width.csv": (1, ':2: zh: invisible or control character U+200B ZERO WIDTH SPACE'),
}


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in (HOSTILE / "glossary").iterdir()}
    assert on_disk == set(GLOSSARIES), on_disk ^ set(GLOSSARIES)


@pytest.mark.parametrize("name", sorted(GLOSSARIES))
def test_glossary_file(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = HOSTILE / "glossary" / name
    before = path.read_bytes()
    status, expected = GLOSSARIES[name]
    assert main(["check", str(path)]) == status
    out, err = capsys.readouterr()
    assert f"{path}{expected}" in (out + err).splitlines(), out + err
    assert "Traceback" not in out + err
    assert "\x1b" not in out + err  # an escape sequence in a cell is shown escaped
    for line in err.splitlines():  # every error is one located line
        assert line.startswith(str(path) + ":")
    assert path.read_bytes() == before
    if status == 0:  # a valid file loads, its text unaltered
        terms = load_glossary(path).terms
        if name == "markup.csv":
            assert terms[0].note.startswith("<script>alert(1)</script><img src=x onerror")
        if name == "long_cell.csv":
            assert len(terms[0].note) > 9_000


def test_fifty_thousand_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = generated_glossary(tmp_path / "big.csv", 50_000)
    assert main(["check", str(path)]) == 0
    assert "ok (0 warning(s))" in capsys.readouterr().out
    assert len(load_glossary(path)) == 50_000


def test_fifty_thousand_rows_with_one_bad_row(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = generated_glossary(tmp_path / "big.csv", 50_000)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[40_001] = lines[40_001].replace("generated term number", "generated\u200bterm number")
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert f"{path}:40002: en: invisible or control character U+200B" in capsys.readouterr().err


def test_no_traceback_from_the_command_line() -> None:
    files = [str(HOSTILE / "glossary" / n) for n in sorted(GLOSSARIES)]
    proc = subprocess.run([sys.executable, "-m", "termdrills", "check", *files],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------- articles
# file → (exit status of `termdrills import-article -o rows.csv`, the exact line its
#         output must hold ({article}: the article's path, {out}: rows.csv's),
#         rows written (None: no file may be written))
ARTICLES: dict[str, tuple[int, str, int | None]] = {
    "ansi_in_headline.txt": (0, '{out}: wrote 2 row(s): headline term, 1 related term(s)', 2),
    "bidi_in_related.txt": (0, '{out}: wrote 2 row(s): headline term, 1 related term(s)', 2),
    "binary.txt": (1, 'termdrills import-article: {article}:1: file holds NUL bytes: it is binary, not a text file', None),
    "crlf.txt": (0, '{out}: wrote 2 row(s): headline term, 1 related term(s)', 2),
    "dots_and_spaces.txt": (1, 'termdrills import-article: {article}:11: en: 30,002 characters, more than 20,000 (as a row of rows.csv); nothing written', None),
    "empty.txt": (1, 'termdrills import-article: {article}: empty file, not a 每日一词 article', None),
    "gb18030.txt": (0, '{out}: wrote 4 row(s): headline term, 3 related term(s); 0 of 2 quote(s) as example sentences', 4),
    "headline_without_english.txt": (1, "termdrills import-article: {article}:1: headline has no Chinese term followed by its English: '优化政务服务'", None),
    "mixed_punctuation.txt": (0, '{out}: wrote 4 row(s): headline term, 3 related term(s); 0 of 2 quote(s) as example sentences', 4),
    "no_sections.txt": (0, "{article}:7: warning: the article stops here without the column's copyright footer: it may be cut off; no 【重要讲话】 or 【相关词汇】 section", 1),
    "nonchar_in_related.txt": (1, 'termdrills import-article: {article}:11: en: U+FFFF NONCHARACTER is not a character (not allowed in XML: the TBX, Anki and site outputs would break) (as a row of rows.csv); nothing written', None),
    "not_an_article.txt": (1, "termdrills import-article: {article}:1: not a 每日一词 article: no headline line '每日一词∣中文English' found", None),
    "one_huge_line.txt": (1, "termdrills import-article: {article}:1: not a 每日一词 article: no headline line '每日一词∣中文English' found", None),
    "related_same_english.txt": (0, '{out}: wrote 301 row(s): headline term, 300 related term(s)', 301),
    "script_in_text.txt": (0, '{out}: wrote 4 row(s): headline term, 3 related term(s); 0 of 2 quote(s) as example sentences', 4),
    "truncated_after_headline.txt": (0, "{article}:7: warning: the article stops here without the column's copyright footer: it may be cut off; no 【重要讲话】 or 【相关词汇】 section", 1),
    "truncated_in_quotes.txt": (0, "{article}:29: warning: last quote skipped: it has no '——date, speaker, occasion' line (the article may be cut off)", 1),
    "utf16_notepad.txt": (0, '{out}: wrote 2 row(s): headline term, 1 related term(s)', 2),
}


def test_the_article_corpus_is_complete() -> None:
    assert {p.name for p in (HOSTILE / "articles").iterdir()} == set(ARTICLES)


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_article(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, expected, rows = ARTICLES[name]
    out_csv = tmp_path / "rows.csv"
    article = HOSTILE / "articles" / name
    assert main(["import-article", str(article), "-o", str(out_csv)]) == status
    out, err = capsys.readouterr()
    line = expected.format(article=article, out=out_csv)
    assert line in (out + err).splitlines(), out + err
    assert "Traceback" not in out + err and "\x1b" not in out + err
    if rows is None:
        assert not out_csv.exists() and list(tmp_path.iterdir()) == []
        return
    glossary = load_glossary(out_csv)  # what it writes passes the checker
    assert len(glossary) == rows
    if name == "mixed_punctuation.txt":  # Chinese punctuation restored in Chinese text
        assert all("," not in t.example_zh and "." not in t.zh for t in glossary)
    if name == "script_in_text.txt":  # markup stays text, verbatim
        assert glossary.find_zh("智慧政务").en == "smart <script>alert(1)</script> services"
    if name == "ansi_in_headline.txt":  # escape sequences go whole, not just their ESC
        assert glossary.terms[0].zh == "优化政务服务"
        assert glossary.terms[0].en == "optimize government services"
    if name == "bidi_in_related.txt":  # the override is dropped, not imported
        assert glossary.find_zh("智慧政务").en == "smart government services"
    if name == "related_same_english.txt":  # 300 pairs, one English: ids made unique
        assert [t.id for t in glossary.terms[1:4]] == ["same-term", "same-term-2", "same-term-3"]
        assert glossary.terms[-1].id == "same-term-300"


def test_append_refuses_a_bad_article_and_keeps_the_glossary(tmp_path: Path) -> None:
    target = tmp_path / "glossary.csv"
    original = (HOSTILE / "glossary" / "excel_bom_crlf.csv").read_bytes()
    target.write_bytes(original)
    assert main(["import-article", str(HOSTILE / "articles" / "binary.txt"),
                 "-o", str(target), "--append"]) == 1
    assert target.read_bytes() == original


# --------------------------------------------------------------------- progress files
# file → the exact line `termdrills report` prints for it (after "<path>: skipped: ")
PROGRESS: dict[str, str] = {
    "corrupt.json": "not JSON (line 1: Expecting property name enclosed in double quotes)",
    "foreign_anki_export.json": 'not a termdrills progress file (no "schema": "termdrills-review")',
    "other_course.json": "progress of course 'another-course', not 'termdrills'",
    "future_version.json": "progress format version 99; this termdrills reads versions 1 and 2",
    "wrong_types.json": "term 'state-council': malformed record (box: 'two' is not of type "
                        "'integer')",
    "array_root.json": 'not a termdrills progress file (no "schema": "termdrills-review")',
    "binary.json": "line 1: file holds NUL bytes: it is binary, not a text file",
    "deep_nesting.json": "nested more than 16 levels: not a progress file",
    "huge_integer.json": "a number with more than 20 digits",
    "overflowing_count.json": "a number with more than 20 digits",
    "lone_surrogate_id.json": "a term id that is not text (a lone surrogate)",
    "lone_surrogate_lesson.json": "term 'state-council': a lesson that is not text (a lone "
                                  "surrogate)",
    "contradictory_counts.json": "term 'state-council': counts contradict each other (0 right "
                                 "and 10 wrong of 3 answers)",
    "negative_count.json": "term 'state-council': malformed record (seen: -1 is less than the "
                           "minimum of 0)",
    "fractional_count.json": "term 'state-council': malformed record (seen: 2.5 is not of type "
                             "'integer')",
    "count_too_large.json": "term 'state-council': malformed record (seen: 2000000000 is "
                            "greater than the maximum of 1000000000)",
    "box_zero.json": "term 'state-council': malformed record (box: 0 is less than the minimum "
                     "of 1)",
    "nan.json": "not JSON (NaN is not a JSON number)",
    "utf16.json": ("file is UTF-16 (Excel 'Unicode Text', Notepad 'Unicode'), not UTF-8; save "
                   "it as UTF-8 or run: iconv -f UTF-16 -t UTF-8 utf16.json > utf16-utf8.json"),
}
#: Files that are read: a report is written from them.
GOOD_PROGRESS = ("good.json", "script_term_id.json", "ansi_term_id.json", "bom.json",
                 "review_at_the_limit.json")


def test_the_progress_corpus_is_complete() -> None:
    expected = {*PROGRESS, *GOOD_PROGRESS}
    assert {p.name for p in (HOSTILE / "progress").iterdir()} == expected


def test_bad_progress_files_are_listed_and_skipped(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted((HOSTILE / "progress").iterdir())
    out_html = tmp_path / "report.html"
    # Every good file is reported, every bad one named; exit 1 says some were bad.
    assert main(["report", *map(str, files), "-o", str(out_html)]) == 1
    assert out_html.is_file()
    out, err = capsys.readouterr()
    for name, reason in PROGRESS.items():
        assert f"{HOSTILE / 'progress' / name}: skipped: {reason}" in err.splitlines()
    # one line each, nothing else but the warning naming ids the glossary has not
    assert len([x for x in err.splitlines() if ": warning: " not in x]) == len(PROGRESS)
    assert f"{len(GOOD_PROGRESS)} student file(s)" in out
    assert "Traceback" not in out + err and "\x1b" not in out + err
    page = out_html.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "</script><script>alert(2)" not in page
    # an escape sequence in a term id is shown escaped in the page and the CSV
    assert "\x1b" not in page and "\\x1b[2J\\x1b]0;owned\\x07term" in page
    csv_text = out_html.with_suffix(".csv").read_text(encoding="utf-8")
    assert "\x1b" not in csv_text and "\\x1b[2J" in csv_text


def test_only_bad_progress_files_exit_1_and_write_nothing(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out_html = tmp_path / "report.html"
    assert main(["report", str(HOSTILE / "progress" / "corrupt.json"), "-o", str(out_html)]) == 1
    assert "no usable progress file" in capsys.readouterr().err
    assert not out_html.exists()


def test_huge_progress_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    good = json.loads((HOSTILE / "progress" / "good.json").read_text(encoding="utf-8"))
    card = good["terms"]["state-council"]
    good["terms"] = {f"term-{i}": {**card, "lesson": f"lesson-{i % 40}"} for i in range(60_000)}
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps(good), encoding="utf-8")
    assert huge.stat().st_size > 5_000_000
    assert main(["report", str(huge), "-o", str(tmp_path / "r.html")]) == 0
    assert "60000 term(s)" in capsys.readouterr().out


# --------------------------------------------------------------------- _toc.yml (new-lesson)
# file → (exit status of `termdrills new-lesson gov` in a book with that _toc.yml, the
#         exact line its output must hold ({toc}: the _toc.yml's path))
TOCS: dict[str, tuple[int, str]] = {
    "alias_bomb.yml": (1, "termdrills new-lesson: {toc}:4: YAML aliases (*name) are not allowed"),
    "deep_nesting.yml": (1, "termdrills new-lesson: {toc}:35: nested more than 64 levels"),
    "deep_flow.yml": (1, "termdrills new-lesson: {toc}:3: nested more than 64 levels"),
    "not_yaml.yml": (1, ("termdrills new-lesson: {toc}:5: expected ',' or ']', but got "
                         "'<stream end>'")),
    "no_chapters.yml": (1, ("termdrills new-lesson: {toc}: no 'parts:' or 'chapters:' to add "
                            "lessons/gov to")),
    "binary.yml": (1, ("termdrills new-lesson: {toc}:2: file is not UTF-8 (these bytes cannot be "
                      "decoded); save it as UTF-8")),
    "already_listed.yml": (1, "termdrills new-lesson: {toc}: already lists lessons/gov"),
    "hostile_caption.yml": (0, "{toc}: written"),
    "crlf.yml": (0, "{toc}: written"),
}


def test_the_toc_corpus_is_complete() -> None:
    assert {p.name for p in (HOSTILE / "toc").iterdir()} == set(TOCS)


def _book(folder: Path, toc: bytes) -> Path:
    """A book folder: a one-term glossary (lesson gov) and the given _toc.yml."""
    folder.mkdir(exist_ok=True)
    (folder / "glossary.csv").write_text(
        "id,zh,en,lesson,source_url\nstate-council,国务院,State Council,gov,"
        "https://english.www.gov.cn/\n", encoding="utf-8")
    (folder / "_toc.yml").write_bytes(toc)
    return folder


@pytest.mark.parametrize("name", sorted(TOCS))
def test_toc(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, expected = TOCS[name]
    toc = (HOSTILE / "toc" / name).read_bytes()
    book = _book(tmp_path / "book", toc)
    assert main(["new-lesson", "gov", "--glossary", str(book / "glossary.csv")]) == status
    out, err = capsys.readouterr()
    assert expected.format(toc=book / "_toc.yml") in (out + err).splitlines(), out + err
    assert "Traceback" not in out + err
    if status:  # nothing written: no notebook, the _toc.yml as it was
        assert not (book / "lessons").exists()
        assert (book / "_toc.yml").read_bytes() == toc
        return
    after = (book / "_toc.yml").read_bytes()
    assert after.startswith(toc) and b"lessons/gov" in after[len(toc):]
    assert after.count(b"\r\n") == (after.count(b"\n") if b"\r\n" in toc else 0)
    assert (book / "lessons" / "gov.ipynb").is_file()


# --------------------------------------------------------------------- special files


def _special_inputs(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    return {"a FIFO (named pipe)": fifo, "a character device": Path("/dev/zero")}


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                    reason="needs FIFOs and /dev/zero")
def test_special_files_are_refused_at_once_by_every_reader(tmp_path: Path) -> None:
    """A FIFO or /dev/zero given as glossary, article, progress file, assignment,
    answer or _toc.yml: one located line, exit 1 or 2, within seconds (a read would
    block forever, or fill the memory), nothing written."""
    good = HOSTILE / "progress" / "good.json"
    grading = Path(__file__).parent / "fixtures" / "grading"
    for i, (kind, special) in enumerate(_special_inputs(tmp_path).items()):
        out = tmp_path / f"out{i}"
        out.mkdir()
        book = _book(tmp_path / f"book{i}", b"format: jb-book\nroot: intro\nchapters: []\n")
        toc = book / "_toc.yml"
        toc.unlink()
        toc.symlink_to(special)
        runs = [
            (["check", str(special)], f"{special}: {kind}, not a file"),
            (["export", "tsv", "--glossary", str(special), "-o", str(out / "g.tsv")],
             f"{special}: {kind}, not a file"),
            (["import-article", str(special)], f"{special}: {kind}, not a file"),
            (["report", str(special), str(good), "-o", str(out / "r.html")],
             f"{special}: skipped: {kind}, not a file"),
            (["fit", str(special), str(good)], f"{special}: skipped: {kind}, not a file"),
            (["grade", str(special), "--answers", str(grading / "class" / "alice.txt"),
              "-o", str(out / "g.html")], f"{special}: {kind}, not a file"),
            (["grade", str(grading / "knowledge.toml"), "--answers", str(special),
              str(grading / "class" / "alice.txt"), "-o", str(out / "g.html")],
             f"{special}: not a regular file (a pipe, device or socket): not read"),
            (["new-lesson", "gov", "--glossary", str(book / "glossary.csv")],
             f"{toc}: {kind}, not a file"),
        ]
        for args, line in runs:
            proc = subprocess.run([sys.executable, "-m", "termdrills", *args], capture_output=True,
                                  text=True, timeout=60, check=False)
            said = proc.stdout + proc.stderr
            assert any(x.endswith(line) for x in said.splitlines()), (args, said)
            assert "Traceback" not in said, said
            if args[0] in ("check", "export", "import-article", "new-lesson"):
                assert proc.returncode in (1, 2), args
        assert sorted(p.name for p in out.iterdir()) in ([], ["g-feedback", "g.csv", "g.html"],
                                                        ["r-lessons.csv", "r.csv", "r.html"],
                                                        ["g-feedback", "g.csv", "g.html",
                                                         "r-lessons.csv", "r.csv", "r.html"])
        assert not (book / "lessons").exists()


# --------------------------------------------------------------------- names and escapes


def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path) -> None:
    """Unzipping a Chinese Windows archive gives names in GBK (李明 = c0ee c3f7): the
    report and the grader read such files and show their names with the bytes escaped."""
    if sys.platform == "darwin":  # pragma: no cover - APFS refuses such names
        pytest.skip("the file system refuses names that are not UTF-8")
    name = b"\xc0\xee\xc3\xf7"  # 李明 in GBK: no byte of it is UTF-8 here
    folder = os.fsencode(tmp_path)
    progress = os.fsdecode(folder + b"/" + name + b".json")
    Path(progress).write_bytes((HOSTILE / "progress" / "good.json").read_bytes())
    answers = tmp_path / "answers"
    answers.mkdir()
    grading = Path(__file__).parent / "fixtures" / "grading"
    Path(os.fsdecode(os.fsencode(answers) + b"/" + name + b".txt")).write_bytes(
        (grading / "class" / "alice.txt").read_bytes())
    runs = [["report", progress, "-o", str(tmp_path / "r.html")],
            ["grade", str(grading / "knowledge.toml"), "--answers", str(answers),
             "-o", str(tmp_path / "g.html")]]
    for args in runs:
        proc = subprocess.run([sys.executable, "-m", "termdrills", *args], capture_output=True,
                              timeout=120, check=False)
        said = (proc.stdout + proc.stderr).decode("utf-8")  # valid UTF-8 throughout
        assert proc.returncode == 0 and "Traceback" not in said, said
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "\\xc0\\xee\\xc3\\xf7.json" in page
    graded = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "\\xc0\\xee\\xc3\\xf7" in graded


ESC = "\x1b[2J\x1b]0;owned\x07"


def test_no_command_lets_an_escape_sequence_reach_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Cells, file names, progress files, answers, arguments: whatever a command prints
    shows ESC and BEL as \\x1b and \\x07."""
    grading = Path(__file__).parent / "fixtures" / "grading"
    hostile_name = tmp_path / f"s{ESC}.json"
    hostile_name.write_bytes((HOSTILE / "progress" / "ansi_term_id.json").read_bytes())
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / f"bo{ESC}.txt").write_text(f"Government services {ESC}.", encoding="utf-8")
    (answers / f"empty{ESC}.txt").write_text("", encoding="utf-8")
    book = _book(tmp_path / "book", b"format: jb-book\nroot: intro\nchapters: []\n")
    runs = [  # (arguments, whether the output repeats the hostile text)
        (["check", str(HOSTILE / "glossary" / "ansi_escape.csv"),
          str(HOSTILE / "glossary" / "osc_title.csv")], False),  # names the character
        (["import-article", str(HOSTILE / "articles" / "ansi_in_headline.txt")],
         False),  # drops the sequences from the rows
        (["report", str(hostile_name), str(tmp_path / f"missing{ESC}.json"), "-o",
          str(tmp_path / "r.html")], True),
        (["fit", str(hostile_name), str(tmp_path / f"missing{ESC}.json")], True),
        (["grade", str(grading / "knowledge.toml"), "--answers", str(answers), "-o",
          str(tmp_path / "g.html")], True),
        (["new-lesson", f"gov{ESC}", "--glossary", str(book / "glossary.csv")], True),
        (["new-lesson", "gov", "--title", ESC, "--glossary", str(tmp_path / f"g{ESC}.csv")],
         True),
        (["export", "tsv", "--lesson", f"x{ESC}", "--glossary", str(book / "glossary.csv"),
          "-o", str(tmp_path / "x.tsv")], True),
        (["export", f"tsv{ESC}", "-o", "x"], True),
        ([f"check{ESC}"], True),
    ]
    for args, echoed in runs:
        try:
            main(args)
        except SystemExit:  # argparse's own usage errors
            pass
        out, err = capsys.readouterr()
        assert "\x1b" not in out + err and "\x07" not in out + err, (args, out + err)
        if echoed:
            assert "\\x1b" in out + err, (args, out + err)  # ... shown, escaped


def test_the_corpus_has_every_kind_of_bad_input() -> None:
    """Glossaries, articles, progress files, _toc.yml files and student answers and
    translations: at least 120 in all. (The student answers are graded by the drills'
    JavaScript in tests/js/hostile_answers.test.mjs.)"""
    import json

    answers = json.loads((HOSTILE / "answers.json").read_text(encoding="utf-8"))
    counts = {"glossary": len(GLOSSARIES), "articles": len(ARTICLES),
              "progress": len(PROGRESS) + len(GOOD_PROGRESS), "toc": len(TOCS),
              "answers": len(answers["answers"]), "sentences": len(answers["sentences"])}
    assert all(n >= 5 for n in counts.values()), counts
    assert sum(counts.values()) >= 120, counts
