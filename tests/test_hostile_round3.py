"""The third hostile round (issue 25): no student loses work.

Each kind of input a careless or malicious user found is here, as the user meets it:
the command line. The corpus files (tests/hostile/{answers,assignments,settings,
evidence}/, made by tests/hostile/make_round3.py) each have the exact line expected;
the kinds that cannot be committed (symlinks, names with line breaks, a million lines)
are made in a temporary folder. Nothing may print a traceback, exit 0 after losing or
overwriting anything, or change a file it read.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from termdrills.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
GRADING = ROOT / "tests" / "fixtures" / "grading"
ALICE = GRADING / "class" / "alice.txt"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


# --------------------------------------------------------------------------- data loss


def _course(tmp: Path) -> Path:
    """A course folder: glossary, evidence, _config.yml, an assignment, a class."""
    book = tmp / "book"
    book.mkdir()
    shutil.copy(GRADING / "glossary.csv", book / "glossary.csv")
    (book / "evidence.csv").write_text(
        "id,form,status,url,date,excerpt\n", encoding="utf-8")
    (book / "_config.yml").write_text(
        "title: course\nsphinx:\n  config:\n    termdrills:\n      course_id: c\n",
        encoding="utf-8")
    text = (GRADING / "knowledge.toml").read_text(encoding="utf-8")
    (book / "hw.toml").write_text(text, encoding="utf-8")
    (book / "class").mkdir()
    for name in ("alice.txt", "bo.txt"):
        shutil.copy(GRADING / "class" / name, book / "class" / name)
    (book / "class" / "x.txt").write_text("Optimize government services, said x.",
                                          encoding="utf-8")
    return book


# (arguments with {b} for the course folder, the output refused, the input it is)
REFUSED = {
    "grade -o an answer in the answers folder": (
        ["grade", "{b}/hw.toml", "--answers", "{b}/class", "-o", "{b}/class/x.txt"],
        ("{b}/class/x.txt: is in {b}/class, whose every file is read as an input; write it "
        "elsewhere")),
    "grade -o a new report in the answers folder": (
        ["grade", "{b}/hw.toml", "--answers", "{b}/class", "-o", "{b}/class/new.html"],
        ("{b}/class/new.html: is in {b}/class, whose every file is read as an input; write "
        "it elsewhere")),
    "grade: the gradebook beside the report is the glossary": (
        ["grade", "{b}/hw.toml", "--answers", "{b}/class", "-o", "{b}/glossary.html"],
        "{b}/glossary.csv: is the input {b}/glossary.csv; choose another output name"),
    "grade --csv the evidence": (
        ["grade", "{b}/hw.toml", "--answers", "{b}/class", "-o", "{b}/g.html", "--csv",
         "{b}/evidence.csv"],
        "{b}/evidence.csv: is the input {b}/evidence.csv; choose another output name"),
    "export tsv -o the settings": (
        ["export", "tsv", "--glossary", "{b}/glossary.csv", "-o", "{b}/_config.yml"],
        "{b}/_config.yml: is the input {b}/_config.yml; choose another output name"),
    "export tbx -o the evidence": (
        ["export", "tbx", "--glossary", "{b}/glossary.csv", "-o", "{b}/evidence.csv"],
        "{b}/evidence.csv: is the input {b}/evidence.csv; choose another output name"),
    "report --csv the settings": (
        ["report", str(HOSTILE / "progress" / "good.json"), "--glossary",
         "{b}/glossary.csv", "-o", "{b}/r.html", "--csv", "{b}/_config.yml"],
        "{b}/_config.yml: is the input {b}/_config.yml; choose another output name"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_no_output_replaces_a_file_the_command_read_or_located(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One mechanism (termdrills._files): every file a command read or located is
    recorded, by inode, and no output may be one of them, however it is named."""
    book = _course(tmp_path)
    before = snapshot(book)
    args, line = REFUSED[case]
    code, said = run([a.format(b=book) for a in args], capsys)
    assert code == 1
    assert line.format(b=book) in said, said
    assert snapshot(book) == before  # nothing written, nothing replaced


def test_an_answer_given_another_name_is_not_replaced(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A hard link to an answer in the folder, given as the report: the same inode."""
    book = _course(tmp_path)
    os.link(book / "class" / "bo.txt", book / "report.html")
    before = snapshot(book)
    code, said = run(["grade", str(book / "hw.toml"), "--answers", str(book / "class"), "-o",
                      str(book / "report.html")], capsys)
    assert code == 1 and f"{book}/report.html: is the input {book}/class/bo.txt" in said
    assert snapshot(book) == before


def test_rewriting_on_purpose_still_works(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """import-article --append rewrites the glossary it read: allowed, named as such."""
    book = _course(tmp_path)
    article = ROOT / "tests" / "fixtures" / "articles" / "optimize_government_services.txt"
    glossary = book / "glossary.csv"
    before = glossary.read_bytes()
    code, said = run(["import-article", str(article), "-o", str(glossary), "--append"], capsys)
    assert code in (0, 1), said
    if code == 0:
        assert glossary.read_bytes().startswith(before)


# --------------------------------------------------------------------------- FSRS bounds


def test_the_bounds_file_is_py_fsrs_bounds() -> None:
    """termdrills/schema/fsrs_bounds.json, which the browser reads too, holds exactly the
    bounds py-fsrs's Scheduler checks."""
    scheduler = pytest.importorskip("fsrs.scheduler")
    data = json.loads((ROOT / "termdrills" / "schema" / "fsrs_bounds.json")
                      .read_text(encoding="utf-8"))
    assert data["lower"] == list(scheduler.LOWER_BOUNDS_PARAMETERS)
    assert data["upper"] == list(scheduler.UPPER_BOUNDS_PARAMETERS)
    assert len(data["lower"]) == len(data["upper"]) == 21 and data["lower"][20] > 0


P = "sphinx.config.termdrills.fsrs_parameters"
# file → the exact line (after "<_config.yml>:6: ") `termdrills check` prints
SETTINGS: dict[str, str] = {
    **{f"w{i}_{'below' if i % 2 == 0 else 'above'}.yml": f"{P}[{i}]: {v} is outside w{i}'s "
       f"bounds, {lo} to {hi} (py-fsrs's)" for i, v, lo, hi in [
           (0, "-0.499", "0.001", "100"), (1, "101", "0.001", "100"),
           (2, "-0.499", "0.001", "100"), (3, "101", "0.001", "100"), (4, "0.5", "1", "10"),
           (5, "5", "0.001", "4"), (6, "-0.499", "0.001", "4"), (7, "1.75", "0.001", "0.75"),
           (8, "-0.5", "0", "4.5"), (9, "1.8", "0", "0.8"), (10, "-0.499", "0.001", "3.5"),
           (11, "6", "0.001", "5"), (12, "-0.499", "0.001", "0.25"),
           (13, "1.9", "0.001", "0.9"), (14, "-0.5", "0", "4"), (15, "2", "0", "1"),
           (16, "0.5", "1", "6"), (17, "3", "0", "2"), (18, "-0.5", "0", "2"),
           (19, "1.8", "0", "0.8"), (20, "-0.4", "0.1", "0.8")]},
    "w20_zero.yml": f"{P}[20]: 0 is outside w20's bounds, 0.1 to 0.8 (py-fsrs's)",
    "w20_negative.yml": f"{P}[20]: -0.5 is outside w20's bounds, 0.1 to 0.8 (py-fsrs's)",
    "nan.yml": f"{P}[7]: nan is outside w7's bounds, 0.001 to 0.75 (py-fsrs's)",
    "infinity.yml": f"{P}[3]: inf is outside w3's bounds, 0.001 to 100 (py-fsrs's)",
    "text.yml": f"{P}[5]: 'fast' is not a number",
    "boolean.yml": f"{P}[2]: 'True' is not a number",
    "twenty.yml": f"{P}: expected the 21 numbers `termdrills fit` prints, got 20 item(s)",
    "twenty_two.yml": f"{P}: expected the 21 numbers `termdrills fit` prints, got 22 item(s)",
    "mapping.yml": f"{P}: expected the 21 numbers `termdrills fit` prints, got a dict",
}


def test_the_settings_corpus_is_complete() -> None:
    assert {p.name for p in (HOSTILE / "settings").iterdir()} == set(SETTINGS)


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_check_holds_every_parameter_to_py_fsrs_bounds(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(HOSTILE / "glossary" / "excel_bom_crlf.csv", tmp_path / "glossary.csv")
    config = tmp_path / "_config.yml"
    shutil.copy(HOSTILE / "settings" / name, config)
    code, said = run(["check", str(tmp_path / "glossary.csv")], capsys)
    assert code == 1
    assert f"{config}:6: {SETTINGS[name]}" in said.splitlines(), said


@pytest.mark.parametrize("name", ["w20_zero.yml", "nan.yml", "w4_below.yml"])
def test_bad_parameters_are_refused_where_they_are_loaded(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The class report (w20 = 0 divided by zero), an export: the same line, exit 1,
    nothing written."""
    shutil.copy(HOSTILE / "glossary" / "excel_bom_crlf.csv", tmp_path / "glossary.csv")
    config = tmp_path / "_config.yml"
    shutil.copy(HOSTILE / "settings" / name, config)
    for args in (["report", str(HOSTILE / "progress" / "good.json"), "--glossary",
                  str(tmp_path / "glossary.csv"), "-o", str(tmp_path / "r.html")],
                 ["export", "tsv", "--glossary", str(tmp_path / "glossary.csv"), "-o",
                  str(tmp_path / "g.tsv")]):
        code, said = run(args, capsys)
        assert code == 1
        assert f"termdrills {args[0]}: {config}:6: {SETTINGS[name]}" in said.splitlines()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_config.yml", "glossary.csv"]


# --------------------------------------------------------------------------- answers

# file → the exact line `grade` prints for it (after "<file>"), or a note on stdout
ANSWERS: dict[str, str] = {
    "paragraph_bomb.docx": ": a .docx of more than 10,000 paragraphs: not read (an answer has "
                           "far fewer)",
    "paragraphs_10001.docx": ": a .docx of more than 10,000 paragraphs: not read (an answer "
                             "has far fewer)",
    "runs_200001.docx": ": a .docx of more than 200,000 XML elements: not read (an answer has "
                        "far fewer)",
    "unpacks_to_60mb.docx": ": a .docx that unpacks to more than 20 MB: not read (a zip bomb?)",
    "declares_1kb.docx": ": a .docx whose contents do not match their checksum (damaged, or a "
                         "zip bomb declaring false sizes): not read",
    "text_of_12mb.docx": ": a .docx with a text of more than 10 MB in one piece: not read (a "
                         "zip bomb?)",
    "bomb_beside_document.docx": None,  # read: only the document is inflated
    "billion_laughs.docx": ": a .docx whose document declares a DTD (Word never writes one; "
                           "its entities could fetch files or multiply): not read",
    "external_entity.docx": ": a .docx whose document declares a DTD (Word never writes one; "
                            "its entities could fetch files or multiply): not read",
    "no_document_inside.docx": ": not a .docx file (no document inside): save it as .docx or "
                               ".txt",
    "web_page_saved_as.docx": ": not a .docx file (an old .doc, or damaged?): save it as "
                              ".docx or .txt",
    "unbalanced_quote_merges.csv": ":2: unbalanced quote: the quoted cell opened on this line "
                                   "is not closed where a cell ends; it runs to line 5; this "
                                   "row and the rows after it are not read (fix the quote and "
                                   "grade again)",
    "unbalanced_quote_to_the_end.csv": ":3: unbalanced quote: the quoted cell opened on this "
                                       "line is not closed where a cell ends; it runs to line "
                                       "4; this row and the rows after it are not read (fix "
                                       "the quote and grade again)",
    "quote_in_header.csv": ": line 1: not CSV: a quote in the header is not closed",
    "header_only.csv": ": no answers: the CSV has only its header",
    "wide_header.csv": ": line 1: no student and answer columns in the header (found: column, "
                       "column, column, column, column, column, column, column … and 99,992 "
                       "more)",
    "mixed_utf8_gbk.csv": ":3: file mixes encodings: line 2 is UTF-8, line 3 is not (GBK?); "
                          "save the whole file as UTF-8 in one program",
    "mixed_gbk_utf8.txt": ":1: file mixes encodings: line 3 is UTF-8, line 1 is not (GBK?); "
                          "save the whole file as UTF-8 in one program",
    "utf16_without_bom.txt": ": file is UTF-16 without a byte order mark, not UTF-8; save it "
                             "as UTF-8 or run: iconv -f UTF-16 -t UTF-8 utf16_without_bom.txt "
                             "> utf16_without_bom-utf8.txt",
    "utf8_bom_then_gbk.txt": ": read as GB18030 (not UTF-8: assumed)",
}


def test_the_answers_corpus_is_complete() -> None:
    assert {p.name for p in (HOSTILE / "answers").iterdir()} == set(ANSWERS)


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_answer_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Graded with alice.txt: the file's line, the rest still graded, exit 1 when the
    file could not be read."""
    path = HOSTILE / "answers" / name
    expected = ANSWERS[name]
    code, said = run(["grade", str(GRADING / "knowledge.toml"), "--answers", str(path),
                      str(ALICE), "-o", str(tmp_path / "g.html")], capsys)
    if expected is None:
        assert code == 0, said
        assert "2 answer(s) graded" in said
        return
    assert f"{path}{expected}" in said.splitlines(), said
    assert code == (0 if "read as" in expected else 1)
    gradebook = list(csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8")))
    assert "alice" in [r["student"] for r in gradebook]
    assert all(len(line) <= 1100 for line in said.splitlines())


def test_a_csv_with_an_unbalanced_quote_does_not_merge_students(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Four students, one open quote: before, one 'alice' was graded on all four answers
    and the command exited 0."""
    path = HOSTILE / "answers" / "unbalanced_quote_merges.csv"
    code, _said = run(["grade", str(GRADING / "knowledge.toml"), "--answers", str(path), str(ALICE),
                      "-o", str(tmp_path / "g.html")], capsys)
    assert code == 1
    rows = list(csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8")))
    graded = [r for r in rows if r["score"]]
    assert [r["student"] for r in graded] == ["alice"]  # alice.txt, not the merged row
    assert "State Council optimizes" not in (tmp_path / "g.html").read_text(encoding="utf-8")


def test_a_symlink_out_of_the_answers_folder_is_not_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The instructor's private answer key: Optimize government services.",
                      encoding="utf-8")
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(ALICE, answers / "alice.txt")
    (answers / "mallory.txt").symlink_to(secret)
    (answers / "alias.txt").symlink_to(answers / "alice.txt")  # inside: read
    out = tmp_path / "out"
    out.mkdir()
    code, said = run(["grade", str(GRADING / "knowledge.toml"), "--answers", str(answers),
                      "-o", str(out / "g.html")], capsys)
    assert code == 1
    assert (f"{answers / 'mallory.txt'}: a link to a file outside the answers folder: not "
            "read") in said.splitlines()
    page = (out / "g.html").read_text(encoding="utf-8")
    assert "private answer key" not in page
    assert "2 answer(s) graded" in said


def test_names_with_line_breaks_escapes_and_direction_marks_are_shown_escaped(
        tmp_path: Path) -> None:
    """On stderr every problem stays one line; in the report and the gradebook the
    characters are visible escapes, never raw."""
    answers = tmp_path / "answers"
    answers.mkdir()
    names = ["two\nlines.txt", "esc\x1b[31mred.txt", "rtl\u202etxt.exe.txt", "cr\rover.txt"]
    for name in names:
        (answers / name).write_text("Optimize government services.", encoding="utf-8")
    (answers / "empty\nfile.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-m", "termdrills", "grade",
                           str(GRADING / "knowledge.toml"), "--answers", str(answers), "-o",
                           str(out / "g.html")], capture_output=True, text=True, timeout=300,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [f"{answers}/empty\\nfile.txt: empty: no answer"]
    for text in ((out / "g.html").read_text(encoding="utf-8"),
                 (out / "g.csv").read_text(encoding="utf-8"), proc.stdout):
        for raw in ("\x1b", "\u202e", "\r", "two\nlines", "empty\nfile"):
            assert raw not in text, (raw, text[:200])
    page = (out / "g.html").read_text(encoding="utf-8")
    assert "two\\nlines" in page and "esc\\x1b[31mred" in page and "rtl\\u202etxt" in page
    progress = tmp_path / "bad\nname.json"  # a student's progress file, for the report
    progress.write_text("{", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "termdrills", "report", str(progress),
                           str(HOSTILE / "progress" / "good.json"), "-o", str(out / "r.html")],
                          capture_output=True, text=True, timeout=300, check=False,
                          cwd=tmp_path)
    assert proc.stderr.splitlines() == [(f"{tmp_path}/bad\\nname.json: skipped: not JSON (line "
                                        "1: Expecting property name enclosed in double quotes)")]


def test_a_class_has_a_budget_of_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSV of a million rows graded every row (35 minutes): reading stops at the
    class's limit (2,000; 3 here), with the line where it stopped, exit 1."""
    from termdrills.grading import answers as module

    monkeypatch.setattr(module, "MAX_ANSWERS", 3)
    rows = tmp_path / "lms.csv"
    rows.write_text("student,answer\n" + "".join(
        f"s{i},Optimize government services number {i}.\n" for i in range(6)),
        encoding="utf-8")
    code, said = run(["grade", str(GRADING / "knowledge.toml"), "--answers", str(rows), "-o",
                      str(tmp_path / "g.html")], capsys)
    assert code == 1
    assert (f"{rows}:5: more than 3 answers in one run: this row and the rows after it are "
            "not read (grade the class in parts)") in said.splitlines()
    assert "3 answer(s) graded" in said


def test_a_class_has_a_time_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading and grading each have seconds to spend; what is left when they run out is
    named, one line each (budgets of -1 s: run out at once, whatever the machine)."""
    from termdrills.grading import answers as reading
    from termdrills.grading import grade as grading

    answers = tmp_path / "answers"
    answers.mkdir()
    for name in ("alice.txt", "bo.txt"):
        shutil.copy(GRADING / "class" / name, answers / name)
    monkeypatch.setattr(grading, "GRADE_SECONDS", -1.0)
    code, said = run(["grade", str(GRADING / "knowledge.toml"), "--answers", str(answers),
                      "-o", str(tmp_path / "g.html")], capsys)
    assert code == 1
    assert (f"{answers}/bo.txt: student 'bo': not graded: the class's -1 seconds for grading "
            "ran out (grade the class in parts)") in said.splitlines()
    monkeypatch.setattr(reading, "READ_SECONDS", -1.0)
    code, said = run(["grade", str(GRADING / "knowledge.toml"), "--answers", str(answers),
                      "-o", str(tmp_path / "g.html")], capsys)
    assert code == 1
    assert (f"{answers}/alice.txt: not read: reading the class took more than -1 seconds "
            "(grade the class in parts)") in said.splitlines()


# --------------------------------------------------------------------------- assignments

ASSIGNMENTS: dict[str, str] = {
    "weights_nan.toml": ":6: weights.chrf: must be a number from 0 to 1000",
    "weights_inf.toml": ":6: weights.terms: must be a number from 0 to 1000",
    "weights_minus_inf.toml": ":6: weights.consistency: must be a number from 0 to 1000",
    "weights_1e308.toml": ":6: weights.chrf: must be a number from 0 to 1000",
    "credit_nan.toml": ":6: credit.accepted: must be a number from 0 to 1",
    "credit_inf.toml": ":6: credit.preferred: must be a number from 0 to 1",
    "passage_20001.toml": ":3: passage: 20,001 characters, more than 20,000 (grade a longer "
                          "passage in parts)",
    "references_21.toml": ":4: references: 21 texts, more than the 20 graded against",
    "reference_20001.toml": ":4: references: text 1: 20,001 characters, more than 20,000 "
                            "(grade a longer passage in parts)",
    "model_20001.toml": ":5: model: 20,001 characters, more than 20,000 (grade a longer "
                        "passage in parts)",
    "utf16.toml": ": file is UTF-16 (Excel 'Unicode Text', Notepad 'Unicode'), not UTF-8; save "
                  "it as UTF-8 or run: iconv -f UTF-16 -t UTF-8 utf16.toml > utf16-utf8.toml",
    "gbk.toml": ":3: file is GBK/GB18030-encoded (what Excel and Notepad save on Chinese "
                "Windows), not UTF-8; save it as UTF-8 or run: iconv -f GB18030 -t UTF-8 "
                "gbk.toml > gbk-utf8.toml",
}


def test_the_assignments_corpus_is_complete() -> None:
    assert {p.name for p in (HOSTILE / "assignments").iterdir()} == set(ASSIGNMENTS)


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_assignment_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = HOSTILE / "assignments" / name
    code, said = run(["grade", str(path), "--answers", str(ALICE), "-o",
                      str(tmp_path / "g.html")], capsys)
    assert code == 1
    assert f"termdrills grade: {path}{ASSIGNMENTS[name]}" in said.splitlines(), said
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- reports, fit


def test_a_progress_file_with_stability_0_is_no_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The schema allows stability 0; the report's recall divided by it (ZeroDivisionError).
    Now the recall is never computed from it: the file is read with the card at no recall,
    or (where the progress reader holds cards to the scheduler's bounds, the store's half
    of issue 25) skipped with a line naming the stability."""
    card = {"state": 2, "step": None, "stability": 0, "difficulty": 5.0, "due": 1.7e12,
            "last_review": 1.6e12, "lesson": "gov", "seen": 3, "right": 2, "wrong": 1,
            "again": 0, "log": []}
    bad = tmp_path / "zero.json"
    bad.write_text(json.dumps({"schema": "termdrills-review", "version": 2, "course":
                               "termdrills", "terms": {"state-council": card}}),
                   encoding="utf-8")
    code, said = run(["report", str(bad), str(HOSTILE / "progress" / "good.json"), "-o",
                      str(tmp_path / "r.html")], capsys)
    skipped = [line for line in said.splitlines() if line.startswith(f"{bad}: skipped: ")]
    assert (code, skipped) == (0, []) or (code == 1 and "stability 0" in skipped[0]), said
    assert (tmp_path / "r.html").is_file()


def test_fit_names_a_review_at_the_schemas_time_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """600 spaced reviews, one of them at 8.64e15 ms (JavaScript's last date, which the
    schema allows): the file is skipped with why, never ValueError: year 275760."""
    day = 86_400_000
    card = {"state": 2, "step": None, "stability": 5.0, "difficulty": 5.0, "due": 1.7e12,
            "last_review": 1.7e12, "lesson": "x", "seen": 30, "right": 30, "wrong": 0,
            "again": 0}
    terms = {f"t{i}": {**card, "log": [[1.6e12 + k * 2 * day, 3] for k in range(30)]}
             for i in range(20)}
    terms["t0"]["log"][-1][0] = 8.64e15
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"schema": "termdrills-review", "version": 2,
                                "course": "termdrills", "terms": terms}), encoding="utf-8")
    limit = HOSTILE / "progress" / "review_at_the_limit.json"
    code, said = run(["fit", str(path), str(limit)], capsys)
    assert code == 1
    for name in (path, limit):
        assert f"{name}: skipped: term '{'t0' if name == path else 'state-council'}': a review " \
               "at 8.64e+15 ms, outside the years 1970 to 9999: not a time a browser " \
               "recorded" in said.splitlines(), said


# --------------------------------------------------------------------------- evidence

EVIDENCE: dict[str, str] = {
    "duplicate_column.csv": ":1: form: column appears twice",
    "long_excerpt.csv": ":2: excerpt: 30,018 characters, more than 20,000",
    "wide_header.csv": ":1: 206 columns, more than 100: not an evidence file",
    "gbk.csv": ":2: file is GBK/GB18030-encoded (what Excel and Notepad save on Chinese "
               "Windows), not UTF-8; save it as 'CSV UTF-8 (Comma delimited)' or run: iconv "
               "-f GB18030 -t UTF-8 evidence.csv > evidence-utf8.csv",
    "unbalanced_quote.csv": ":2: unbalanced quote: a quoted cell opened here is never closed",
}


def test_the_evidence_corpus_is_complete() -> None:
    assert {p.name for p in (HOSTILE / "evidence").iterdir()} == set(EVIDENCE)


@pytest.mark.parametrize("name", sorted(EVIDENCE))
def test_evidence_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(HOSTILE / "glossary" / "excel_bom_crlf.csv", tmp_path / "glossary.csv")
    evidence = tmp_path / "evidence.csv"
    shutil.copy(HOSTILE / "evidence" / name, evidence)
    code, said = run(["check", str(tmp_path / "glossary.csv")], capsys)
    assert code == 1
    assert f"{evidence}{EVIDENCE[name]}" in said.splitlines(), said


def test_an_evidence_file_of_a_million_lines_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1,000,000 lines took 54 s to check; past 250,000 it is refused before parsing."""
    shutil.copy(HOSTILE / "glossary" / "excel_bom_crlf.csv", tmp_path / "glossary.csv")
    evidence = tmp_path / "evidence.csv"
    row = "s,State Council,preferred,https://a.cn/,,x\n"
    evidence.write_text("id,form,status,url,date,excerpt\n" + row * 1_000_000,
                        encoding="utf-8")
    code, said = run(["check", str(tmp_path / "glossary.csv")], capsys)
    assert code == 1
    assert (f"{evidence}:250001: more than 250,000 lines, the most an evidence file may have "
            "(five forms for each of 50,000 terms): not read") in said.splitlines()


# --------------------------------------------------------------------------- SCORM


def _site(tmp: Path, page: str, lessons_json: str | None = None) -> Path:
    """A course with a hand-built site: one lesson page (`page`'s body), its code file."""
    book = tmp / "book"
    (book / "_build" / "html" / "lessons").mkdir(parents=True)
    (book / "_build" / "html" / "_static").mkdir()
    site = book / "_build" / "html"
    (book / "glossary.csv").write_text(
        "id,zh,en,lesson,source_url\nstate-council,国务院,State Council,gov,"
        "https://english.www.gov.cn/\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                   "  - file: lessons/gov\n", encoding="utf-8")
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    (site / "_static" / "termdrills-0123456789abcdef.js").write_text(
        "function LMSInitialize() {}", encoding="utf-8")
    (site / "_static" / "local.css").write_text(
        "@import url(https://fonts.example.com/x.css);\n@import 'https://e.example/y.css';\n"
        "body { background: url(https://tracker.example/b.png); }\n"
        ".ok { background: url(ok.png); }\n", encoding="utf-8")
    (site / "_static" / "ok.png").write_bytes(b"\x89PNG")
    (site / "_static" / "termdrills-lessons.json").write_text(
        lessons_json or json.dumps({"lessons/gov.html": ["gov"]}), encoding="utf-8")
    (site / "lessons" / "gov.html").write_text(
        '<!DOCTYPE html><html><head><title>Gov — course</title>'
        '<link rel="stylesheet" href="../_static/local.css">'
        f"{page}</head><body><div class=\"termdrills-static\"></div>"
        '<script src="../_static/termdrills-0123456789abcdef.js"></script></body></html>',
        encoding="utf-8")
    return book


REMOTE = ('<link rel="stylesheet" href="https://cdn.example.com/x.css">'
          '<link rel="preconnect" href="https://fonts.example.com">'
          '<link rel="icon" href="//evil.example/favicon.ico">'
          '<script src="https://cdn.example.com/lib.js">alert(1)</script>'
          '<meta http-equiv="refresh" content="0; url=https://evil.example/">'
          '<base href="https://evil.example/">'
          '<style>@import "https://e.example/z.css"; p { background: url("https://t.example/'
          'p.gif") }</style></head><body>'
          '<img src="https://tracker.example/pixel.gif" alt="pixel">'
          '<img srcset="https://t.example/a.png 1x, ../_static/ok.png 2x" alt="set">'
          '<iframe src="https://evil.example/frame"></iframe>'
          '<video poster="https://t.example/v.jpg"></video>'
          '<svg><image href="https://t.example/i.svg"/></svg>'
          '<p style="background: url(https://t.example/s.png)">styled</p>'
          '<a href="javascript:alert(2)">run</a>'
          '<a href="https://english.www.gov.cn/" ping="https://t.example/ping">source</a>')


def test_a_scorm_package_loads_nothing_from_outside(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _site(tmp_path, REMOTE.replace("</head><body>", ""))
    out = tmp_path / "pkg.zip"
    code, said = run(["export", "scorm", "--glossary", str(book / "glossary.csv"), "--lesson",
                      "gov", "-o", str(out)], capsys)
    assert code == 0, said
    with zipfile.ZipFile(out) as z:
        page = z.read("lessons/gov.html").decode()
        css = z.read("_static/local.css").decode()
    for gone in ("cdn.example.com", "fonts.example.com", "evil.example", "tracker.example",
                 "t.example", "e.example", "javascript:", "http-equiv"):
        assert gone not in page and gone not in css, (gone, page, css)
    assert "url(ok.png)" in css and "alt=\"pixel\"" in page
    assert 'href="https://english.www.gov.cn/"' in page  # a link to read, in a new tab
    assert '<script type="text/plain">alert(1)' in page  # its text can no longer run


def test_a_deeply_nested_lessons_file_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _site(tmp_path, "", lessons_json="[" * 100_000 + "]" * 100_000)
    code, said = run(["export", "scorm", "--glossary", str(book / "glossary.csv"), "--lesson",
                      "gov", "-o", str(tmp_path / "pkg.zip")], capsys)
    assert code == 1
    lessons = book / "_build" / "html" / "_static" / "termdrills-lessons.json"
    assert (f"termdrills export: {lessons}: nested too deeply: not the file a build writes; "
            "build the site again (`make book`)") in said.splitlines()


# --------------------------------------------------------------------------- one home


def _calls(path: Path) -> list[tuple[int, str]]:
    """(line, what) for each write or text decoding a module does itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in ("write_text", "write_bytes"):
            found.append((node.lineno, name))
        elif name == "open" and any(isinstance(a, str) and set(a) & set("wax+") for a in args):
            found.append((node.lineno, f"open({args[-1]!r})"))
        elif name == "decode" and isinstance(func, ast.Attribute) and any(
                isinstance(a, str) and a.lower().replace("_", "-") in (
                    "utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16") for a in args) \
                and "replace" not in args:
            found.append((node.lineno, f".decode({args[0]!r})"))
    return found


def test_every_write_and_every_decoding_has_one_home() -> None:
    """Files are written only through termdrills/_files.py (the trace's appends and the
    aligned view's CSS included) and user files decoded only by text/decode.py (the
    policy): no other module opens a file to write or decodes bytes as an encoding."""
    homes = {ROOT / "termdrills" / "_files.py", ROOT / "termdrills" / "text" / "decode.py"}
    offenders = [f"{p.relative_to(ROOT)}:{line}: {what}"
                 for p in sorted((ROOT / "termdrills").rglob("*.py")) if p not in homes
                 for line, what in _calls(p)]
    assert offenders == []
