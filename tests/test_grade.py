"""`termdrills grade`: reading answers and assignments, the report, the gradebook, bad input."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from grading_helpers import (
    CSV_GB18030,
    CSV_UTF8,
    FIXTURES,
    GUIDELINE,
    KNOWLEDGE,
    build_class,
    make_docx,
)

from termdrills import _files as files_module
from termdrills.errors import InputError as ToolkitError
from termdrills.grading.answers import read_answers
from termdrills.grading.assignment import load_assignment
from termdrills.grading.command import grade_main

EXPECTED_PROBLEMS = {
    "binary.txt": "file holds NUL bytes: it is binary, not a text file",
    "damaged.docx": "not a .docx file",
    "empty.txt": "empty: no answer",
    "late": "a folder inside the answers folder",
    "latin1.txt": "file is not UTF-8 (these bytes cannot be decoded)",
    "notes.pdf": "not a .txt, .docx or .csv file",
    "pipe.txt": "not a regular file",
}


@pytest.fixture()
def klass(tmp_path: Path) -> Path:
    return build_class(tmp_path)


def run(tmp_path: Path, answers: list[Path], *, assignment: Path = GUIDELINE,
        ) -> tuple[int, str, str, Path, Path]:
    out, err = io.StringIO(), io.StringIO()
    report = tmp_path / "out" / "report.html"
    report.parent.mkdir(exist_ok=True)
    code = grade_main(assignment, answers, report, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue(), report, report.with_suffix(".csv")


# --------------------------------------------------------------------------- answers

def test_every_kind_of_answer_file_is_read_and_each_bad_one_is_one_located_line(
        klass: Path) -> None:
    answers, problems = read_answers([klass, CSV_UTF8])
    names = {a.student for a in answers}
    assert len(answers) == 35
    assert {"alice", "yara", "bella", "uma", "victor", "wen", "李华", "Müller, Jana"} <= names
    by_file = {Path(p.path).name + (f":{p.line}" if p.path.endswith(".csv") else ""): p.message
               for p in problems}
    for name, message in EXPECTED_PROBLEMS.items():
        assert message in by_file[name], name
    assert by_file["lms-export.csv:10"] == "student 'Olga': empty: no answer"
    assert len(problems) == len(EXPECTED_PROBLEMS) + 1
    encodings = {a.student: a.encoding for a in answers}
    assert encodings["uma"] == "GB18030" and encodings["victor"] == "UTF-16"
    assert encodings["wen"] == "UTF-8 with BOM" and encodings["yara"] == "docx"
    uma = next(a for a in answers if a.student == "uma")
    assert "“Guideline on Accelerating" in uma.text and "《指导意见》" in uma.text
    bella = next(a for a in answers if a.student == "bella")
    assert "smooth circulation of the national economy" in bella.text  # read from the table


def test_csv_exports_in_utf8_bom_and_gb18030_hold_the_same_answers() -> None:
    utf8, p1 = read_answers([CSV_UTF8])
    gb, p2 = read_answers([CSV_GB18030])
    assert [(a.student, a.text, a.source.split(":")[-1]) for a in utf8] == \
        [(a.student, a.text, a.source.split(":")[-1]) for a in gb]
    assert {a.encoding for a in utf8} == {"UTF-8 with BOM"}
    assert {a.encoding for a in gb} == {"GB18030"}
    assert [str(p).split(":", 1)[1] for p in p1] == [str(p).split(":", 1)[1] for p in p2]
    kim = next(a for a in utf8 if a.student == "Kim Minji")
    assert kim.text.count("\n") == 2 and kim.source.endswith(":7")


def test_csv_with_other_column_names_semicolons_or_no_usable_columns(tmp_path: Path) -> None:
    semi = tmp_path / "moodle.csv"
    semi.write_text("Full name;Response\nAna;The State Council\u200b issued a guideline.\n",
                    encoding="utf-8")
    answers, problems = read_answers([semi])
    assert [(a.student, a.text) for a in answers] == [("Ana", ("The State Council issued a "
                                                       "guideline."))]
    bad = tmp_path / "grades.csv"
    bad.write_text("id,mark\n1,80\n", encoding="utf-8")
    answers, problems = read_answers([bad])
    assert answers == [] and str(problems[0]) == (
        f"{bad}: line 1: no student and answer columns in the header (found: id, mark)")


def test_a_docx_that_is_damaged_inside_is_one_line(tmp_path: Path) -> None:
    import zipfile

    good = make_docx("One paragraph.", tmp_path / "good.docx")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    answers, problems = read_answers([good, broken, tmp_path / "missing.txt"])
    assert [a.text for a in answers] == ["One paragraph."]
    assert [str(p) for p in problems] == [
        f"{broken}: a damaged .docx (XMLSyntaxError): save it again",
        f"{tmp_path / 'missing.txt'}: no such file or folder"]


# --------------------------------------------------------------------------- assignment

@pytest.mark.parametrize(("text", "message"), [
    ('title = "t"\n', "hw.toml: passage: missing"),
    ('title = "t"\npassage = ""\n', "hw.toml:2: passage: empty"),
    ('title = "t"\npassage = "No Chinese here"\n', "hw.toml:2: passage: no Chinese characters"),
    ('title = "t"\npassage = "政务服务"\nlessons = "government-services"\n',
     "hw.toml:3: lessons: must be a list of texts"),
    ('title = "t"\npassage = "政务服务"\n[weights]\nchrf = "half"\n',
     "hw.toml:4: weights.chrf: must be a number from 0 to 1000"),
    ('title = "t"\npassage = "政务服务"\n[credit]\naccepted = 2\n',
     "hw.toml:4: credit.accepted: must be a number from 0 to 1"),
    ('title = "t"\npassage = "政务服务"\nrefrences = []\n', "hw.toml:3: refrences: unknown key"),
    ('title = "t"\npassage = "政务服务\n', "hw.toml:2: not valid TOML"),
    ('title = "t"\npassage = "政务服务"\nlessons = ["nope"]\n',
     "hw.toml:3: lessons: no lesson 'nope' in"),
    ('title = "t"\npassage = "政务服务"\n\n[accept]\nno-such-term = ["x"]\n',
     "hw.toml:5: accept.no-such-term: no term with this id in"),
])
def test_bad_assignment_is_one_located_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "glossary.csv", tmp_path / "glossary.csv")
    Path("hw.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ToolkitError) as info:
        load_assignment(Path("hw.toml"))
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_assignment_not_utf8_and_nothing_to_grade(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "glossary.csv", tmp_path / "glossary.csv")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "café"\n'.encode("latin-1"))
    with pytest.raises(ToolkitError, match=r"latin.toml:1: file is not UTF-8"):
        load_assignment(latin)
    bare = tmp_path / "bare.toml"
    bare.write_text('title = "t"\npassage = "今天天气很好。"\n', encoding="utf-8")
    with pytest.raises(ToolkitError, match="nothing to grade"):
        run(tmp_path, [CSV_UTF8], assignment=bare)


# --------------------------------------------------------------------------- grading a class

def test_grading_the_class_writes_report_and_gradebook_and_exits_1(klass: Path,
                                                                   tmp_path: Path) -> None:
    code, out, err, report, gradebook = run(tmp_path, [klass, CSV_UTF8])
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == len(EXPECTED_PROBLEMS) + 1
    assert all(re.match(r"\S+: \S", line) for line in lines)
    assert "Traceback" not in err
    assert "35 answer(s) graded, 8 could not be read" in out
    assert "uma.txt: read as GB18030 (not UTF-8: assumed)" in out
    rows = list(csv.DictReader(gradebook.open(encoding="utf-8", newline="")))
    graded = [r for r in rows if r["score"]]
    assert len(graded) == 35
    problem_rows = {r["student"]: r["problem"] for r in rows if not r["score"]}
    assert problem_rows == {"binary": EXPECTED_PROBLEMS["binary.txt"],
                            "damaged": problem_rows["damaged"],
                            "empty": "empty: no answer", "latin1": problem_rows["latin1"],
                            "pipe": problem_rows["pipe"],
                            "Olga": "student 'Olga': empty: no answer"}
    formula = next(r for r in rows if "cmd" in r["student"])
    assert formula["student"].startswith("'=")
    hana = next(r for r in rows if r["student"] == "hana")
    assert hana["facilitate-circulation-national-economy"] == "deprecated"
    assert float(hana["score"]) < float(next(r for r in rows if r["student"] == "bo")["score"])

    page = report.read_text(encoding="utf-8")
    assert page.count('<section class="student"') == 35
    assert "<script" not in page and "<img" not in page and "<b>Eve</b>" not in page
    assert "&lt;script&gt;alert(&#x27;graded&#x27;)" in page and "&lt;b&gt;Eve&lt;/b&gt;" in page
    assert not re.search(r"(?:src|href)=\"(?!#)", page)  # nothing loaded, links only inside
    assert "optimize government affairs services" in page  # the most common deprecated form
    assert "improving government affairs service" in page  # what a student wrote instead


def test_without_official_reference_the_report_says_so(tmp_path: Path) -> None:
    src = tmp_path / "answers"
    src.mkdir()
    (src / "ana.txt").write_text(
        "Continuously optimizing government services supports enterprises, smoothing the "
        "national economic cycle and building a new development paradigm.", encoding="utf-8")
    code, _out, err, report, gradebook = run(tmp_path, [src], assignment=KNOWLEDGE)
    assert code == 0 and err == ""
    page = report.read_text(encoding="utf-8")
    assert "Course translation (not official)" in page
    assert "no official translation exists" in page
    assert next(csv.DictReader(gradebook.open(encoding="utf-8")))["chrf"] == ""


def test_nothing_readable_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "answers"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"\x00\x01")
    with pytest.raises(ToolkitError, match="no answer could be graded"):
        run(tmp_path, [bad])
    assert not (tmp_path / "out" / "report.html").exists()


def test_outputs_are_replaced_together_or_not_at_all(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("old report", encoding="utf-8")
    (out / "report.csv").write_text("old gradebook", encoding="utf-8")
    real_fdopen = os.fdopen
    calls = []

    def failing_fdopen(fd, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(fd)
        if len(calls) == 2:  # the second output cannot be written: disk full
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(files_module.os, "fdopen", failing_fdopen)
    with pytest.raises(ToolkitError, match="No space left on device"):
        run(tmp_path, [CSV_UTF8])
    assert (out / "report.html").read_text(encoding="utf-8") == "old report"
    assert (out / "report.csv").read_text(encoding="utf-8") == "old gradebook"
    assert sorted(p.name for p in out.iterdir()) == ["report.csv", "report.html"]


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    shutil.copy(CSV_UTF8, answers)
    with pytest.raises(ToolkitError, match="is the input"):
        grade_main(GUIDELINE, [answers], tmp_path / "answers.html", csv=answers)
    with pytest.raises(ToolkitError, match="need different names"):
        grade_main(GUIDELINE, [answers], tmp_path / "r.html", csv=tmp_path / "r.html")
    assert answers.read_bytes() == CSV_UTF8.read_bytes()


def test_same_student_twice_is_graded_twice_and_noted(tmp_path: Path) -> None:
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
        shutil.copy(FIXTURES / "class" / "alice.txt", tmp_path / folder / "alice.txt")
    code, out, err, _, gradebook = run(tmp_path, [tmp_path / "first", tmp_path / "second"])
    assert code == 0 and err == ""
    assert "a second answer from 'alice': graded as 'alice (2)'" in out
    assert [r["student"] for r in csv.DictReader(gradebook.open(encoding="utf-8"))] == [
        "alice", "alice (2)"]


def test_a_report_inside_the_answers_folder_is_refused(tmp_path: Path) -> None:
    """Every file of an answers folder is a student's: a report written there would be
    read as an answer next time (its gradebook CSV as a class's answers), and one given
    the name of an answer would replace it. Refused before anything is written."""
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(FIXTURES / "class" / "bo.txt", answers / "bo.txt")
    with pytest.raises(ToolkitError, match=f"report.html: is in {answers}, whose every "
                       "file is read as an input; write it elsewhere"):
        grade_main(GUIDELINE, [answers], answers / "report.html")
    assert sorted(p.name for p in answers.iterdir()) == ["bo.txt"]
