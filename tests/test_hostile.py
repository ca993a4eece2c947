"""The hostile-input corpus (tests/hostile/): every file with the exact behaviour
expected of it. Nothing may crash, print a traceback, or change a file on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks._util import generated_glossary
from termdrills import load_glossary
from termdrills.cli import main

HOSTILE = Path(__file__).resolve().parent / "hostile"

# file → (exit status of `termdrills check`, text its output must contain)
GLOSSARIES: dict[str, tuple[int, str]] = {
    "excel_bom_crlf.csv": (0, "ok (0 warning(s))"),
    "gbk_excel.csv": (1, ":2: file is GBK/GB18030-encoded"),
    "utf16_unicode_text.csv": (1, "file is UTF-16 (Excel 'Unicode Text'), not UTF-8"),
    "latin1.csv": (1, ":2: file is not UTF-8"),
    "ragged_row.csv": (1, ":3: 8 cells, header has 7"),
    "unbalanced_quote.csv": (1, ":3: unbalanced quote"),
    "markup.csv": (0, "ok (0 warning(s))"),
    "formulas.csv": (0, ":2: note: warning: starts with '='"),
    "emoji.csv": (0, "ok (0 warning(s))"),
    "rtl_override.csv": (1, ":2: en: invisible or control character U+202E RIGHT-TO-LEFT OVERRIDE"),
    "zero_width.csv": (1, ":2: zh: invisible or control character U+200B ZERO WIDTH SPACE"),
    "long_cell.csv": (0, "ok (0 warning(s))"),
    "empty.csv": (1, ":1: file is empty"),
    "header_only.csv": (0, ":1: warning: no terms"),
    "binary_png.csv": (1, "file holds NUL bytes: it is binary"),
    "no_en_column.csv": (1, ":1: en: required column missing"),
    "duplicate_zh.csv": (1, ":3: zh: '优化政务服务' already on line 2"),
    "javascript_url.csv": (1, ":2: source_url: 'javascript:alert(document.cookie)' is not an http(s) URL"),
    "bad_date.csv": (1, ":2: date: '2022-02-30' is not a real date"),
    "nul_bytes.csv": (1, ":3: file holds NUL bytes"),
    "control_char.csv": (1, ":2: en: invisible or control character U+0007"),
    "only_commas.csv": (1, ":1: zh: required column missing"),
    "traditional_characters.csv": (0, ":2: zh: warning: traditional characters (優→优, 務→务)"),
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
    assert expected in out + err
    assert "Traceback" not in out + err
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
# file → (exit status of `termdrills import-article`, text its output must contain,
#         rows written (None: no file may be written))
ARTICLES: dict[str, tuple[int, str, int | None]] = {
    "truncated_in_quotes.txt": (0, ":29: warning: last quote skipped", 1),
    "truncated_after_headline.txt": (0, "may be cut off", 1),
    "mixed_punctuation.txt": (0, "wrote 6 row(s)", 6),
    "no_sections.txt": (0, "no 【重要讲话】 or 【相关词汇】 section", 1),
    "binary.txt": (1, ":2: not UTF-8 or GB18030 text", None),
    "empty.txt": (1, "empty file, not a 每日一词 article", None),
    "not_an_article.txt": (1, ":1: not a 每日一词 article", None),
    "gb18030.txt": (0, "wrote 6 row(s)", 6),
    "script_in_text.txt": (0, "wrote 6 row(s)", 6),
    "headline_without_english.txt": (1, ":1: headline has no Chinese term followed by its English",
                                     None),
}


def test_the_article_corpus_is_complete() -> None:
    assert {p.name for p in (HOSTILE / "articles").iterdir()} == set(ARTICLES)


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_article(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, expected, rows = ARTICLES[name]
    out_csv = tmp_path / "rows.csv"
    assert main(["import-article", str(HOSTILE / "articles" / name), "-o", str(out_csv)]) == status
    out, err = capsys.readouterr()
    assert expected in out + err and "Traceback" not in out + err
    if rows is None:
        assert not out_csv.exists() and list(tmp_path.iterdir()) == []
        return
    glossary = load_glossary(out_csv)  # what it writes passes the checker
    assert len(glossary) == rows
    if name == "mixed_punctuation.txt":  # Chinese punctuation restored in Chinese text
        assert all("," not in t.example_zh and "." not in t.zh for t in glossary)
    if name == "script_in_text.txt":  # markup stays text, verbatim
        assert glossary.find_zh("智慧政务").en == "smart <script>alert(1)</script> services"


def test_append_refuses_a_bad_article_and_keeps_the_glossary(tmp_path: Path) -> None:
    target = tmp_path / "glossary.csv"
    original = (HOSTILE / "glossary" / "excel_bom_crlf.csv").read_bytes()
    target.write_bytes(original)
    assert main(["import-article", str(HOSTILE / "articles" / "binary.txt"),
                 "-o", str(target), "--append"]) == 1
    assert target.read_bytes() == original


# --------------------------------------------------------------------- progress files
PROGRESS: dict[str, str] = {
    "corrupt.json": "skipped: not JSON (line 1",
    "foreign_anki_export.json": "skipped: not a termdrills progress file",
    "other_course.json": "skipped: progress of course 'another-course', not 'termdrills'",
    "future_version.json": "skipped: progress format version 99",
    "wrong_types.json": "skipped: term 'state-council': malformed record",
    "array_root.json": "skipped: not a termdrills progress file",
    "binary.json": "skipped: not a text file",
}


def test_the_progress_corpus_is_complete() -> None:
    expected = {*PROGRESS, "good.json", "script_term_id.json"}
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
        assert f"{HOSTILE / 'progress' / name}: {reason}" in out + err
    assert "2 student file(s)" in out + err
    page = out_html.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "</script><script>alert(2)" not in page


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


def test_the_corpus_has_every_kind_of_bad_input() -> None:
    """Glossaries, articles, progress files and student answers: at least 30 in all.
    (The student answers are graded by the drills' JavaScript in
    tests/js/hostile_answers.test.mjs.)"""
    import json

    answers = json.loads((HOSTILE / "answers.json").read_text(encoding="utf-8"))
    counts = {"glossary": len(GLOSSARIES), "articles": len(ARTICLES),
              "progress": len(PROGRESS) + 1, "answers": len(answers["answers"]),
              "sentences": len(answers["sentences"])}
    assert all(n >= 5 for n in counts.values()), counts
    assert sum(counts.values()) >= 30
