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
