"""`termdrills report`: a class report from progress files exported by the Review drill."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from termdrills.cli import main

ROOT = Path(__file__).resolve().parent.parent
LOGIC = ROOT / "termdrills" / "static" / "core" / "store.js"
DAY_MS = 86_400_000


def card(right: int, wrong: int, lesson: str = "government-services", box: int = 2,
         ) -> dict[str, object]:
    return {"box": box, "due": 1_700_000_000_000, "seen": right + wrong, "right": right,
            "wrong": wrong, "lesson": lesson, "last": 1_699_000_000_000}


def progress(terms: dict[str, dict[str, object]], course: str = "termdrills") -> str:
    return json.dumps({"schema": "termdrills-review", "version": 1, "course": course,
                       "terms": terms}, indent=1)


@pytest.fixture()
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.csv"
    path.write_text(
        "id,zh,en,lesson\n"
        "optimize-government-services,优化政务服务,optimize government services,"
        "government-services\n"
        "smart-government-services,智慧政务,smart government services,government-services\n"
        "inter-provincial-government-services,跨省通办,inter-provincial government services,"
        "administrative-reform\n", encoding="utf-8")
    return path


@pytest.fixture()
def class_files(tmp_path: Path) -> list[Path]:
    students = {
        "ana": {"optimize-government-services": card(4, 0),
                "smart-government-services": card(1, 3),
                "inter-provincial-government-services": card(2, 2, "administrative-reform")},
        "bo": {"optimize-government-services": card(3, 1),
               "smart-government-services": card(0, 4)},
        "chen": {"optimize-government-services": card(5, 0)},
    }
    paths = []
    for name, terms in students.items():
        path = tmp_path / f"{name}.json"
        path.write_text(progress(terms), encoding="utf-8")
        paths.append(path)
    return paths


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_report_per_term_and_per_lesson(class_files: list[Path], glossary: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    code, stdout, err = run([*map(str, class_files), "-o", str(out), "--glossary",
                             str(glossary)], capsys)
    assert code == 0, err
    assert "3 student file(s)" in stdout and err == ""
    terms = read_csv(tmp_path / "report.csv")
    # the term the class struggles with comes first
    assert [t["term_id"] for t in terms] == ["smart-government-services",
                                             "inter-provincial-government-services",
                                             "optimize-government-services"]
    smart = terms[0]
    assert (smart["zh"], smart["students"], smart["answers"], smart["wrong"],
            smart["error_rate"]) == ("智慧政务", "2", "8", "7", "0.875")
    assert terms[2]["students"] == "3" and terms[2]["error_rate"] == "0.077"
    lessons = {r["lesson"]: r for r in read_csv(tmp_path / "report-lessons.csv")}
    assert lessons["government-services"]["students"] == "3"
    assert lessons["government-services"]["terms"] == "2"
    assert lessons["government-services"]["answers"] == "21"
    assert lessons["administrative-reform"]["students"] == "1"
    page = out.read_text(encoding="utf-8")
    assert 'class="chart"' in page and "智慧政务" in page and "recall in a week" in page
    assert page.index("智慧政务") < page.index("优化政务服务")  # chart: worst first
    assert "<script" not in page


def test_foreign_and_broken_files_are_listed_and_skipped(
        class_files: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = {
        "notjson.json": "{ this is not json",
        "other.json": json.dumps({"hello": "world"}),
        "course.json": progress({"x": card(1, 0)}, course="another-course"),
        "version.json": json.dumps({"schema": "termdrills-review", "version": 99,
                                    "course": "termdrills", "terms": {}}),
        "badcard.json": progress({"x": {"box": 9, "seen": "many"}}),
        "copy.json": class_files[0].read_text(encoding="utf-8"),
        "binary.json": b"\xff\xfe\x00\x01",
        "empty.json": "",
    }
    paths = []
    for name, content in bad.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths.append(path)
    missing = tmp_path / "missing.json"
    out = tmp_path / "r.html"
    code, stdout, err = run([*map(str, class_files), *map(str, paths), str(missing),
                             "-o", str(out)], capsys)
    assert code == 1 and out.is_file()  # written for the good files; 1: some were bad
    lines = err.strip().splitlines()
    assert len(lines) == len(bad) + 1
    assert all(": skipped: " in line for line in lines)
    said = "\n".join(lines)
    assert "notjson.json: skipped: not JSON" in said
    assert "other.json: skipped: not a termdrills progress file" in said
    assert "course 'another-course'" in said
    assert "version 99" in said
    assert "badcard.json: skipped: term 'x': malformed record" in said
    assert "copy.json: skipped: same progress as" in said
    assert "missing.json: skipped: no such file" in said
    assert "empty.json: skipped: empty file" in said
    assert "3 student file(s)" in stdout and "9 file(s) skipped" in stdout
    page = out.read_text(encoding="utf-8")
    assert "Skipped files" in page and "notjson.json" in page


def test_no_usable_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("[]")
    out = tmp_path / "r.html"
    code, _, err = run([str(junk), "-o", str(out)], capsys)
    assert code == 1
    # the bad file named on its own line, then why nothing was written
    assert err.splitlines() == [
        f'{junk}: skipped: not a termdrills progress file (no "schema": "termdrills-review")',
        "termdrills report: no usable progress file among 1: nothing written"]
    assert not out.exists() and not (tmp_path / "r.csv").exists()


def test_hostile_ids_are_escaped_and_neutralised(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.json"
    path.write_text(progress({"<script>alert(1)</script>": card(0, 2, "<b>l</b>"),
                              "=cmd|' /c calc'!A0": card(1, 1),
                              "🎉": card(2, 0)}), encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run([str(path), "-o", str(out), "--glossary", str(tmp_path / "none.csv")],
                       capsys)
    assert code == 1 and "none.csv" in err  # an explicit glossary must exist
    code, _, err = run([str(path), "-o", str(out)], capsys)
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<b>" not in page and "&lt;script&gt;" in page
    ids = [r["term_id"] for r in read_csv(tmp_path / "r.csv")]
    assert "'=cmd|' /c calc'!A0" in ids and "🎉" in ids


def test_same_names_for_report_and_csv_are_refused(
        class_files: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.csv"
    code, _, err = run([str(class_files[0]), "-o", str(out)], capsys)
    assert code == 1 and "different names" in err
    assert not out.exists()


@pytest.mark.node
def test_reads_what_the_review_drill_exports(node: str, glossary: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The progress file comes from the drill's own code (core/store.js), as the Export
    button saves it, so the report and the drill agree on the format."""
    script = f"""
import {{ emptyStore, recordAnswer }} from {json.dumps(LOGIC.as_uri())};
let s = emptyStore("termdrills");
const now = 1_700_000_000_000;
s = recordAnswer(s, "smart-government-services", "wrong", now, "government-services");
s = recordAnswer(s, "smart-government-services", "right", now + {DAY_MS}, "government-services");
s = recordAnswer(s, "optimize-government-services", "good", now, "government-services");
console.log(JSON.stringify(s, null, 1));
"""
    made = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True,
                          text=True, timeout=60, check=True)
    path = tmp_path / "termdrills-progress-termdrills.json"
    path.write_text(made.stdout, encoding="utf-8")
    code, _, err = run([str(path), "-o", str(tmp_path / "r.html"), "--glossary",
                        str(glossary)], capsys)
    assert code == 0, err
    rows = {r["term_id"]: r for r in read_csv(tmp_path / "r.csv")}
    assert (rows["smart-government-services"]["answers"],
            rows["smart-government-services"]["wrong"],
            rows["smart-government-services"]["again"]) == ("2", "1", "1")
    assert rows["optimize-government-services"]["error_rate"] == "0.000"


@pytest.mark.node
def test_class_memory_now_and_terms_most_often_forgotten(
        node: str, glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The instructor's view of the class's memory: FSRS retrievability now (as the drill
    computes it) per term and lesson, weakest first, and the terms most rated "again"."""
    import time

    now = int(time.time() * 1000)
    days = {"ana": 30, "bo": 20}  # how long ago they reviewed
    paths = []
    for student, ago in days.items():
        script = f"""
import {{ emptyStore, recordAnswer }} from {json.dumps(LOGIC.as_uri())};
const t0 = {now} - {ago} * {DAY_MS};
let s = emptyStore("termdrills");
for (let k = 0; k < 4; k++) s = recordAnswer(s, "optimize-government-services", "easy",
  t0 - (8 - 2 * k) * {DAY_MS}, "government-services");
s = recordAnswer(s, "smart-government-services", "again", t0, "government-services");
s = recordAnswer(s, "smart-government-services", "again", t0 + 60000, "government-services");
console.log(JSON.stringify(s));
"""
        made = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True,
                              text=True, timeout=60, check=True)
        path = tmp_path / f"{student}.json"
        path.write_text(made.stdout, encoding="utf-8")
        paths.append(path)
    out = tmp_path / "r.html"
    code, _, err = run([*map(str, paths), "-o", str(out), "--glossary", str(glossary)], capsys)
    assert code == 0, err
    rows = read_csv(tmp_path / "r.csv")
    assert [r["term_id"] for r in rows] == ["smart-government-services",
                                            "optimize-government-services"]
    smart, known = rows
    assert smart["again"] == "4"
    assert float(smart["recall_in_a_week"]) < float(known["recall_in_a_week"]) <= 1
    assert float(known["recall_in_a_week"]) > 0.5
    page = out.read_text(encoding="utf-8")
    assert "Terms most often forgotten" in page and "4 × again" in page


def test_old_leitner_progress_still_reads(class_files: list[Path], glossary: Path,
                                          tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Version 1 files (Leitner boxes) are migrated as the browser migrates them."""
    assert json.loads(class_files[0].read_text(encoding="utf-8"))["version"] == 1
    code, _, err = run([str(class_files[0]), "-o", str(tmp_path / "r.html"), "--glossary",
                        str(glossary)], capsys)
    assert code == 0, err
    rows = {r["term_id"]: r for r in read_csv(tmp_path / "r.csv")}
    assert rows["smart-government-services"]["answers"] == "4"
    assert rows["smart-government-services"]["recall_in_a_week"] != ""


def test_nothing_is_written_when_an_output_folder_is_missing(
        class_files: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gone" / "report.html"
    code, _, err = run([str(class_files[0]), "-o", str(out), "--csv",
                        str(tmp_path / "r.csv")], capsys)
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "r.csv").exists() and not (tmp_path / "r-lessons.csv").exists()


# --------------------------------------------------------------------------- as instructors meet it


def test_outside_the_course_folder_it_warns_that_terms_have_no_words(
        class_files: list[Path], bare_folder: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Run away from the course, with no glossary to be found: say so, as the other
    commands do, instead of a chart of bare ids."""
    away = bare_folder / "away"
    away.mkdir()
    monkeypatch.chdir(away)
    monkeypatch.delenv("TERMDRILLS_GLOSSARY", raising=False)
    code, stdout, err = run([*map(str, class_files), "-o", "r.html"], capsys)
    assert code == 0 and "3 student file(s)" in stdout
    [line] = err.splitlines()
    assert line.startswith("termdrills report: warning: no glossary (no glossary.csv in ")
    assert "shown by their ids, without Chinese or English" in line and "--glossary" in line
    page = (away / "r.html").read_text(encoding="utf-8")
    assert "warning: no glossary" in page


def test_ids_the_glossary_does_not_have_are_named(
        class_files: list[Path], glossary: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = glossary.read_text(encoding="utf-8").splitlines()
    glossary.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # one term left
    code, _, err = run([*map(str, class_files), "-o", str(tmp_path / "r.html"), "--glossary",
                        str(glossary)], capsys)
    assert code == 0
    assert err.splitlines() == [
        (f"termdrills report: warning: 2 term id(s) not in {glossary}: "
        "inter-provincial-government-services, smart-government-services: shown by id only "
        "(renamed or removed terms?)")]


@pytest.mark.parametrize("copy", ["ana (1).json", "ana - Copy.json", "Copy of ana.json",
                                  "ana copy 2.json"])
def test_of_a_file_and_its_copy_the_copy_is_skipped(
        class_files: list[Path], glossary: Path, tmp_path: Path, copy: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    original = class_files[0]
    assert original.name == "ana.json"
    duplicate = tmp_path / copy
    duplicate.write_bytes(original.read_bytes())
    files = sorted([original, duplicate, *class_files[1:]])  # as the shell's * lists them
    out = tmp_path / "r.html"
    code, stdout, err = run([*map(str, files), "-o", str(out), "--glossary", str(glossary)],
                            capsys)
    assert code == 1 and "3 student file(s)" in stdout
    assert err.splitlines() == [f"{duplicate}: skipped: same progress as {original} (a copy?)"]
    page = out.read_text(encoding="utf-8")
    read = page[page.index("Student files read"):]
    assert str(original) in read and str(duplicate) not in read


@pytest.mark.browser
def test_chart_labels_whole_and_inside_the_page_at_1280(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], browser: object,
        artifacts: Path) -> None:
    """At a laptop's 1280 px every chart row shows its whole label (Chinese and English)
    and its figure, inside the page: nothing is cut off or drawn past the edge."""
    long_terms = {
        "modernization-governance": ("国家治理体系和治理能力现代化",
                                     ("modernization of China's system and capacity for "
                                     "governance")),
        "common-but-differentiated": ("共同但有区别的责任",
                                      "common but differentiated responsibilities"),
        "world-day-desertification": ("世界防治荒漠化和干旱日",
                                      "World Day to Combat Desertification and Drought"),
        "keynote-speech": ("主旨演讲", "keynote speech"),
    }
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("id,zh,en,lesson\n" + "".join(
        f'{k},{zh},"{en}",long-lesson-name-for-a-unit\n' for k, (zh, en) in long_terms.items()),
        encoding="utf-8")
    files = []
    for n in range(3):
        path = tmp_path / f"s{n}.json"
        path.write_text(progress({k: card(n, 3, "long-lesson-name-for-a-unit")
                                  for k in long_terms}), encoding="utf-8")
        files.append(path)
    out = tmp_path / "r.html"
    code, _, err = run([*map(str, files), "-o", str(out), "--glossary", str(glossary)], capsys)
    assert code == 0, err
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(out.as_uri())
        for zh, en in long_terms.values():  # whole, not cut to "…"
            label = page.get_by_text(f"{zh} {en}", exact=True)
            assert label.count() >= 1, f"{zh} {en}"
            box = label.first.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
        charts = page.locator("table.chart")
        assert charts.count() == 2  # recall by term and by lesson (none rated "again")
        first = charts.nth(0)
        for k in range(charts.count()):
            for cell in charts.nth(k).locator("th, td.value").all():
                box = cell.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
                assert cell.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        assert "recall in a week" in first.locator("td.value").first.inner_text()
        page.screenshot(path=artifacts / "class-report-1280.png")
    finally:
        context.close()


@pytest.mark.node
def test_a_term_just_answered_wrong_is_learning_not_recalled(
        node: str, glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A term answered wrong four times a minute ago was "100% recall now", ranked as the
    class's best. It is "still learning", with its recall a week from now, and comes first."""
    import time

    now = int(time.time() * 1000)
    script = f"""
import {{ emptyStore, recordAnswer }} from {json.dumps(LOGIC.as_uri())};
let s = emptyStore("termdrills");
for (let k = 0; k < 4; k++) s = recordAnswer(s, "smart-government-services", "wrong",
  {now} - (4 - k) * 60000, "government-services");
for (let k = 0; k < 4; k++) s = recordAnswer(s, "optimize-government-services", "right",
  {now} - (40 - 9 * k) * {DAY_MS}, "government-services");
console.log(JSON.stringify(s));
"""
    made = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True,
                          text=True, timeout=60, check=True)
    path = tmp_path / "dana.json"
    path.write_text(made.stdout, encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run([str(path), "-o", str(out), "--glossary", str(glossary)], capsys)
    assert code == 0, err
    rows = read_csv(tmp_path / "r.csv")
    assert [r["term_id"] for r in rows] == ["smart-government-services",
                                            "optimize-government-services"]
    smart = rows[0]
    assert smart["error_rate"] == "1.000" and smart["learning"] == "1"
    assert float(smart["recall_in_a_week"]) < 0.9
    page = out.read_text(encoding="utf-8")
    line = page[page.index("智慧政务"):][:1500]
    assert "100%" not in line.split("</svg>")[0].split("优化政务服务")[0]
    assert "still learning" in page
