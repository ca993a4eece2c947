"""`termdrills check`: exit codes, located lines, a summary, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from termdrills.cli import main

ROOT = Path(__file__).resolve().parent.parent
HEADER = "id,zh,en,lesson"


def test_committed_glossary_is_valid(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0  # default path: glossary.csv
    assert capsys.readouterr().out.strip() == "glossary.csv: ok (0 warning(s))"


def test_errors_exit_1_with_one_located_line_each(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "g.csv"
    path.write_text(HEADER + "\na,政务,,gov\nb,服务,=SUM services,bad slug\n", encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{path}:2: en: empty",
        f"{path}:3: lesson: 'bad slug' is not a lesson slug (lowercase a-z, 0-9, hyphens)",
    ]
    assert f"{path}:3: en: warning: starts with '='" in out
    assert out.splitlines()[-1] == f"{path}: 2 error(s), 1 warning(s)"


def test_warnings_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "g.csv"
    path.write_text(HEADER + ",colour\na,政务,services,gov,red\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert "unknown column (kept)" in capsys.readouterr().out


def test_unreadable_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.csv")]) == 2
    assert "missing.csv: no such file" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 2  # a directory


def test_several_files_worst_exit_wins(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\na,政务,services,gov\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + "\na,政务,services,gov\n").encode("utf-16"))
    assert main(["check", str(good), str(bad)]) == 1
    assert main(["check", str(good), str(tmp_path / "nope.csv")]) == 2


def test_command_line_gives_no_traceback_on_hostile_bytes(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(b"\x00\x01\xff\xfe garbage \x80\x81\n" * 50)
    proc = subprocess.run([sys.executable, "-m", "termdrills", "check", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_help_describes_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--help"])
    assert info.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "1: errors; 2: a file cannot be read" in help_text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("termdrills 0.")
