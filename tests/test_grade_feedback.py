"""`termdrills grade` as the instructor meets it: a class report for the instructor, one
feedback page per student to hand back (that student's work only, no local path), and
the glossary found where --help says, each step of the order in turn."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from conftest import serve
from grading_helpers import CSV_UTF8, FIXTURES, GUIDELINE, build_class

from termdrills.cli import main


def grade(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["grade", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def graded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    klass = build_class(tmp_path, fifo=False)
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, _ = grade(capsys, str(GUIDELINE), "--answers", str(klass), str(CSV_UTF8),
                            "-o", str(out / "grades.html"))
    assert code == 1  # the unreadable files of the fixture class
    return out, stdout


def _students(gradebook: Path) -> list[str]:
    with gradebook.open(encoding="utf-8", newline="") as fh:
        return [r["student"] for r in csv.DictReader(fh) if r["score"]]


def test_one_feedback_page_per_student_beside_the_class_report(
        graded: tuple[Path, str], tmp_path: Path) -> None:
    out, stdout = graded
    folder = out / "grades-feedback"
    pages = sorted(p.name for p in folder.iterdir())
    students = _students(out / "grades.csv")
    assert len(pages) == len(students) == 35
    assert f"{folder}: 35 feedback page(s), one per student, to hand back" in stdout
    # named after the students, safely: a Chinese name kept, markup and formulas gone
    assert {"alice.html", "tom.html", "李华.html", "Müller-Jana.html"} <= set(pages)
    assert all(re.fullmatch(r"[\w-]+\.html", p) for p in pages), pages
    # the class report says which page is whose
    report = (out / "grades.html").read_text(encoding="utf-8")
    assert f"{folder}/tom.html" in report


def test_a_feedback_page_holds_that_students_work_only_and_no_local_path(
        graded: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = graded
    folder = out / "grades-feedback"
    tom = (folder / "tom.html").read_text(encoding="utf-8")
    alice = (folder / "alice.html").read_text(encoding="utf-8")
    hana = (folder / "hana.html").read_text(encoding="utf-8")
    # tom's own words, escaped; nobody else's
    assert "&lt;script&gt;alert(&#x27;graded&#x27;)&lt;/script&gt;" in tom
    assert "alert(" not in alice and "alert(" not in hana
    assert "optimize government affairs services" in hana  # hana's deprecated form
    assert "optimize government affairs services" not in alice
    for page in (tom, alice, hana):
        assert "<script" not in page
        assert str(tmp_path) not in page and "/tmp" not in page
        assert ".toml" not in page and "glossary.csv" not in page and ".txt" not in page
        assert "class summary" not in page.lower() and "Students</h2>" not in page
        assert page.count('class="student"') == 0


def test_the_class_report_still_holds_everything_for_the_instructor(
        graded: tuple[Path, str]) -> None:
    out, _ = graded
    report = (out / "grades.html").read_text(encoding="utf-8")
    assert report.count('<section class="student"') == 35
    assert str(GUIDELINE) in report  # the instructor's own paths, in the instructor's report


def test_no_report_or_feedback_page_goes_into_the_answers_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report, its gradebook or its feedback pages written among the answers would be
    read as students' answers next time: refused, with nothing written."""
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(FIXTURES / "class" / "bo.txt", answers / "bo.txt")
    code, stdout, err = grade(capsys, str(GUIDELINE), "--answers", str(answers), "-o",
                              str(answers / "report.html"))
    assert code == 1 and stdout == ""
    assert err.strip().endswith("whose every file is read as an input; write it elsewhere")
    code, _, err = grade(capsys, str(GUIDELINE), "--answers", str(answers), "-o",
                         str(tmp_path / "report.html"), "--feedback", str(answers / "pages"))
    assert code == 1 and "write it elsewhere" in err
    assert sorted(p.name for p in answers.iterdir()) == ["bo.txt"]
    assert not (tmp_path / "report.html").exists()


def test_an_older_page_in_the_feedback_folder_is_pointed_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(FIXTURES / "class" / "bo.txt", answers / "bo.txt")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "left.html").write_text("last term", encoding="utf-8")
    code, stdout, _ = grade(capsys, str(GUIDELINE), "--answers", str(answers), "-o",
                            str(tmp_path / "r.html"), "--feedback", str(tmp_path / "pages"))
    assert code == 0
    assert "1 older page(s) not from this run: left.html" in stdout
    assert (tmp_path / "pages" / "left.html").read_text(encoding="utf-8") == "last term"


# --------------------------------------------------------------------------- in Chromium


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_feedback_page_in_chromium(offline_page, graded: tuple[Path, str],  # type: ignore[no-untyped-def]
                                       artifacts: Path, scheme: str) -> None:
    out, _ = graded
    page, log = offline_page
    page.emulate_media(color_scheme=scheme)
    with serve(out) as url:
        page.goto(url + "grades-feedback/hana.html")
        assert page.title().startswith("Feedback: 国务院指导意见：优化政务服务")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1 span[lang='zh-CN']").inner_text() == "国务院指导意见：优化政务服务"
        who = page.locator("p.who").inner_text()
        assert who.startswith("hana · score ")
        head = page.locator("table.td-aligned thead").inner_text()
        assert "Your translation" in head and "Official translation" in head
        assert "✗ deprecated" in page.locator("table.data").inner_text()
        assert page.locator("section.student, svg.chart, script").count() == 0
        page.screenshot(path=artifacts / f"grade-feedback-{scheme}.png", full_page=True)
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


# --------------------------------------------------------------------------- the glossary


@pytest.fixture()
def places(tmp_path: Path) -> dict[str, Path]:
    """A glossary in each place the order names, and one beside the assignment (in a
    folder of its own, which is none of those places)."""
    source = FIXTURES / "glossary.csv"
    plain = tmp_path / "plain"
    (plain / "sub").mkdir(parents=True)
    shutil.copy(source, plain / "glossary.csv")
    course = tmp_path / "course"
    (course / "data").mkdir(parents=True)
    (course / "work").mkdir()
    (course / "_config.yml").write_text(
        "title: A course\nsphinx:\n  config:\n    termdrills:\n      glossary: data/terms.csv\n",
        encoding="utf-8")
    shutil.copy(source, course / "data" / "terms.csv")
    hw = tmp_path / "hw"
    (hw / "keyed").mkdir(parents=True)
    shutil.copy(source, hw / "glossary.csv")
    shutil.copy(source, hw / "keyed" / "g.csv")
    text = GUIDELINE.read_text(encoding="utf-8")
    (hw / "unkeyed.toml").write_text(re.sub(r'(?m)^glossary = .*\n', "", text),
                                     encoding="utf-8")
    (hw / "keyed.toml").write_text(re.sub(r'(?m)^glossary = .*$', 'glossary = "keyed/g.csv"',
                                          text), encoding="utf-8")
    env = tmp_path / "env" / "from-env.csv"
    env.parent.mkdir()
    shutil.copy(source, env)
    flag = tmp_path / "elsewhere"
    flag.mkdir()
    shutil.copy(source, flag / "given.csv")
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(FIXTURES / "class" / "bo.txt", answers / "bo.txt")
    return {"plain": plain, "course": course, "hw": hw, "env": env, "given": flag / "given.csv",
            "answers": answers, "root": tmp_path}


def _used(capsys: pytest.CaptureFixture[str], places: dict[str, Path], assignment: str,
          *extra: str) -> Path:
    out = places["root"] / "out"
    out.mkdir(exist_ok=True)
    code, stdout, err = grade(capsys, str(places["hw"] / assignment), "--answers",
                              str(places["answers"]), "-o", str(out / "r.html"), *extra)
    assert (code, err) == (0, "")
    found = re.search(r"; glossary (\S+)$", stdout, re.MULTILINE)
    assert found, stdout
    return Path(found.group(1)).resolve()


def test_glossary_1_the_option_comes_first(places: dict[str, Path],
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TERMDRILLS_GLOSSARY", str(places["env"]))
    monkeypatch.chdir(places["course"] / "work")
    assert _used(capsys, places, "keyed.toml", "--glossary", str(places["given"])) == \
        places["given"].resolve()


def test_glossary_2_the_assignment_key_relative_to_the_assignment(
        places: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TERMDRILLS_GLOSSARY", str(places["env"]))
    monkeypatch.chdir(places["plain"] / "sub")
    assert _used(capsys, places, "keyed.toml") == (places["hw"] / "keyed" / "g.csv").resolve()


def test_glossary_3_the_environment_variable(places: dict[str, Path],
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TERMDRILLS_GLOSSARY", str(places["env"]))
    monkeypatch.chdir(places["course"] / "work")
    assert _used(capsys, places, "unkeyed.toml") == places["env"].resolve()


def test_glossary_4_the_course_setting_around_the_current_folder(
        places: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TERMDRILLS_GLOSSARY", raising=False)
    monkeypatch.chdir(places["course"] / "work")
    assert _used(capsys, places, "unkeyed.toml") == \
        (places["course"] / "data" / "terms.csv").resolve()


def test_glossary_5_glossary_csv_upward_from_the_current_folder(
        places: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TERMDRILLS_GLOSSARY", raising=False)
    monkeypatch.chdir(places["plain"] / "sub")
    assert _used(capsys, places, "unkeyed.toml") == (places["plain"] / "glossary.csv").resolve()


def test_glossary_nowhere_is_one_line_and_nothing_written(
        places: dict[str, Path], bare_folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TERMDRILLS_GLOSSARY", raising=False)
    monkeypatch.chdir(bare_folder)
    code, _, err = grade(capsys, str(places["hw"] / "unkeyed.toml"), "--answers",
                         str(places["answers"]), "-o", str(places["root"] / "r.html"))
    assert code == 1 and len(err.splitlines()) == 1
    assert "unkeyed.toml: no glossary key" in err and "--glossary" in err
    assert not (places["root"] / "r.html").exists()
    assert not (places["root"] / "r-feedback").exists()


def test_the_order_is_said_once_in_help_and_in_the_grading_page(
        capsys: pytest.CaptureFixture[str]) -> None:
    from termdrills.grading.assignment import GLOSSARY_ORDER

    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert " ".join(GLOSSARY_ORDER.split()) in shown
    book = " ".join((Path(__file__).resolve().parent.parent / "book" / "grading.md")
                    .read_text(encoding="utf-8").split())
    for step in ("`--glossary PATH`", "the assignment's `glossary` key",
                 "`TERMDRILLS_GLOSSARY`", "`glossary` setting",
                 "in the current folder or a parent"):
        assert step in book, step
