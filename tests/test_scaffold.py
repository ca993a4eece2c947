"""`termdrills new-lesson`: a notebook in the standard outline, listed in _toc.yml,
that runs as it is."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from termdrills.cli import main
from termdrills.glossary import COLUMNS

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "optimize_government_services.txt"
TOC = """\
# The order of the course lives only here.
format: jb-book
root: book/intro
parts:
  - caption: Lessons   # the unit
    chapters:
      - file: lessons/government_services
  - caption: Reference
    chapters:
      - file: book/glossary
"""
OUTLINE = ["Objectives", "Background", "Key terms", "Drills", "Translation notes", "Exercise",
           "Summary"]
HOSTILE_NOTE = "<script>alert(1)</script> *bold* {sub}`x` $x$ [link](http://x) | & {{ y }}"


@pytest.fixture()
def book(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A small book: the founding article imported as lesson `optimize-services`."""
    root = tmp_path / "book"
    root.mkdir()
    glossary = root / "glossary.csv"
    assert main(["import-article", str(ARTICLE), "--lesson", "optimize-services",
                 "-o", str(glossary)]) == 0
    with glossary.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for extra in (
            # the article's lead names the State Council: a cloze item
            {"id": "state-council", "zh": "国务院", "en": "the State Council",
             "example_zh": "国务院日前印发指导意见。",
             "example_en": "The State Council released a guideline."},
            {"id": "hostile", "zh": "恶意文本", "en": "hostile text", "note": HOSTILE_NOTE},
        ):
            row = dict.fromkeys(COLUMNS, "")
            row.update(lesson="optimize-services", **extra)
            writer.writerow([row[c] for c in COLUMNS])
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    capsys.readouterr()
    return root


def new_lesson(book: Path, *args: str) -> int:
    return main(["new-lesson", *args, "--glossary", str(book / "glossary.csv")])


def test_new_lesson_outline_metadata_and_toc(book: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert new_lesson(book, "optimize-services", "--title", "Optimising services") == 0
    path = book / "lessons" / "optimize_services.ipynb"
    assert f"{path}: written" in capsys.readouterr().out
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert "termdrills" not in nb["metadata"]  # what a lesson reads is noted as it runs
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    sources = ["".join(c["source"]) for c in nb["cells"]]
    headings = [line[3:] for s in sources for line in s.splitlines() if line.startswith("## ")]
    assert headings == OUTLINE
    assert sources[0].startswith("# Optimising services")
    hidden = [c for c in nb["cells"] if "remove-cell" in c["metadata"].get("tags", [])]
    assert len(hidden) == 1
    check = "".join(hidden[0]["source"])
    assert 'g.select([LESSON])' in check and '"optimize-government-services"' in check
    assert "assert not missing" in check
    # collapsed in JupyterLab and Notebook 7, as the course's lessons have their checks
    assert hidden[0]["metadata"]["jupyter"] == {"source_hidden": True}
    code = "\n".join(s for c, s in zip(nb["cells"], sources) if c["cell_type"] == "code")
    for drill in ("cards = Flashcards(terms", "choose = MultipleChoice(terms, glossary=g",
                  "recall = TypedRecall(terms", "matching = Matching(terms",
                  "cloze = Cloze(examples", "translate = SentenceTranslation(examples"):
        assert drill in code  # named, so that `cards.results` reads the answers back
    assert "\ncards\n" in code + "\n"  # and shown
    assert "key_terms(g, LESSON)" in code  # the key terms, a table in Jupyter too
    assert all(c.get("outputs") == [] and c.get("execution_count") is None
               for c in nb["cells"] if c["cell_type"] == "code")
    exercise = next(s for s in sources if s.startswith("## Exercise"))
    # the solution folded in JupyterLab, Notebook 7 and on the site alike; no MyST syntax
    task, solution = exercise.split("<details>")
    assert "对进一步优化政务服务作出工作部署。" in task  # the exercise shows; its answer is folded
    assert solution.startswith("\n<summary>Solution</summary>\n\n") and solution.endswith(
        "\n\n</details>")
    markdown = "\n".join(s for c, s in zip(nb["cells"], sources) if c["cell_type"] == "markdown")
    assert re.findall(r"(?<!\\)\{[a-z][\w-]*\}", markdown) == []  # no role, no directive

    toc = (book / "_toc.yml").read_text(encoding="utf-8")
    assert toc == TOC.replace("      - file: lessons/government_services\n",
                              "      - file: lessons/government_services\n"
                              "      - file: lessons/optimize_services\n")
    parsed = yaml.safe_load(toc)
    assert parsed["parts"][0]["chapters"][-1] == {"file": "lessons/optimize_services"}


def test_glossary_text_stays_text_in_markdown(book: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    assert new_lesson(book, "optimize-services") == 0
    nb = json.loads((book / "lessons" / "optimize_services.ipynb").read_text(encoding="utf-8"))
    md = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    html = markdown_it.MarkdownIt("commonmark").render(md)
    assert "<script" not in html and "<strong>bold" not in html and "<a href" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *bold*" in html
    assert "{sub}`x` $x$" in html


def test_refuses_to_overwrite(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_lesson(book, "optimize-services") == 0
    path = book / "lessons" / "optimize_services.ipynb"
    path.write_text("edited by the instructor", encoding="utf-8")
    toc = (book / "_toc.yml").read_bytes()
    capsys.readouterr()
    assert new_lesson(book, "optimize-services") == 1
    err = capsys.readouterr().err
    assert "already exists" in err and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == "edited by the instructor"
    assert (book / "_toc.yml").read_bytes() == toc


@pytest.mark.parametrize(("slug", "says"), [
    ("no-such-lesson", "no rows with lesson 'no-such-lesson' (lessons: optimize-services)"),
    ("Bad_Slug", "not a lesson slug"),
    ("dash-", "not a lesson slug"),
])
def test_bad_slugs(slug: str, says: str, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_lesson(book, slug) == 1
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
    assert not (book / "lessons").exists()
    assert (book / "_toc.yml").read_text(encoding="utf-8") == TOC


def test_already_in_toc_writes_nothing(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (book / "_toc.yml").write_text(TOC + "      - file: lessons/optimize_services\n",
                                   encoding="utf-8")
    assert new_lesson(book, "optimize-services") == 1
    assert "already lists lessons/optimize_services" in capsys.readouterr().err
    assert not (book / "lessons").exists()


def test_toc_without_lessons_gets_a_lessons_part(book: Path) -> None:
    toc = "format: jb-book\nroot: intro\nparts:\n- caption: Guide\n  chapters:\n  - file: guide"
    (book / "_toc.yml").write_text(toc, encoding="utf-8")
    assert new_lesson(book, "optimize-services") == 0
    parsed = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    assert parsed["parts"][-1] == {"caption": "Lessons",
                                   "chapters": [{"file": "lessons/optimize_services"}]}
    assert (book / "_toc.yml").read_text(encoding="utf-8").startswith(toc)


def test_missing_or_broken_toc(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (book / "_toc.yml").write_text("parts: [\n", encoding="utf-8")
    assert new_lesson(book, "optimize-services") == 1
    assert "_toc.yml:" in capsys.readouterr().err
    (book / "_toc.yml").unlink()
    assert new_lesson(book, "optimize-services") == 1
    assert "_toc.yml: not found" in capsys.readouterr().err
    assert not (book / "lessons").exists()


def test_lesson_without_examples_has_no_sentence_drills(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (book / "glossary.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for i, (zh, en) in enumerate((("指导意见", "guideline"), ("主旨演讲", "keynote speech"))):
            row = dict.fromkeys(COLUMNS, "")
            row.update(id=f"t{i}", zh=zh, en=en, lesson="words")
            writer.writerow([row[c] for c in COLUMNS])
    assert new_lesson(book, "words") == 0
    nb = json.loads((book / "lessons" / "words.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "Matching(terms" in code and "Cloze(" not in code and "SentenceTranslation(" not in code
    exercise = next("".join(c["source"]) for c in nb["cells"]
                    if "".join(c["source"]).startswith("## Exercise"))
    assert "1. 指导意见" in exercise and "1. guideline" in exercise


def execute(path: Path) -> object:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.slow
def test_scaffolded_lesson_runs_and_its_check_can_fail(book: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERMDRILLS_GLOSSARY", raising=False)
    assert new_lesson(book, "optimize-services") == 0
    path = book / "lessons" / "optimize_services.ipynb"
    nb = execute(path)
    drills = [c for c in nb.cells if c.cell_type == "code" and c.outputs
              and "text/html" in c.outputs[0].get("data", {})
              and "application/vnd.jupyter.widget-view+json" in c.outputs[0]["data"]]
    assert len(drills) == 6
    assert not any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)

    # The hidden check notices a glossary row the lesson was written for going away.
    from nbclient.exceptions import CellExecutionError

    glossary = book / "glossary.csv"
    lines = glossary.read_text(encoding="utf-8").splitlines(keepends=True)
    glossary.write_text("".join(line for line in lines if not line.startswith("智慧")
                                and ",智慧政务," not in line), encoding="utf-8")
    with pytest.raises(CellExecutionError, match="smart-government-services"):
        execute(path)

    # A wrong lesson slug names the glossary's lessons, not only "no terms".
    source = path.read_text(encoding="utf-8").replace('LESSON = \\"optimize-services\\"',
                                                      'LESSON = \\"optimise-services\\"')
    assert "optimise-services" in source
    path.write_text(source, encoding="utf-8")
    with pytest.raises(CellExecutionError,
                       match=r"no rows with lesson 'optimise-services' \(lessons: .*optimize-services"):
        execute(path)


@pytest.mark.slow
def test_scaffolded_lesson_passes_nbval(book: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    assert new_lesson(book, "optimize-services") == 0
    copy = tmp_path / "nbval"
    shutil.copytree(book, copy)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--nbval", "--rootdir", str(copy), "-o", "addopts=",
                           str(copy / "lessons" / "optimize_services.ipynb")],
                          cwd=copy, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert " passed" in done.stdout


@pytest.mark.slow
@pytest.mark.browser
def test_scaffolded_lesson_builds_into_the_site_with_working_drills(
        book: Path, offline_page: tuple[object, object]) -> None:
    """Straight from new-lesson into `jupyter-book build -n -W`: no edit, no warning,
    and on the page every drill mounts offline without an error."""
    import os
    import subprocess
    import sys

    from conftest import serve

    root = Path(__file__).resolve().parent.parent
    if not (root / "book" / "glossary.md").exists():
        pytest.skip("the site's glossary page is not there yet")
    shutil.copy(root / "_config.yml", book / "_config.yml")
    (book / "book").mkdir()
    for name in ("glossary.md", "favicon.svg"):
        if (root / "book" / name).exists():
            shutil.copy(root / "book" / name, book / "book" / name)
    (book / "book" / "intro.md").write_text("# A small course\n\nStart here.\n",
                                           encoding="utf-8")
    # a book without lessons yet: new-lesson adds a "Lessons" part
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Reference\n    chapters:\n"
        "      - file: book/glossary\n", encoding="utf-8")
    assert new_lesson(book, "optimize-services", "--title", "Optimising services") == 0
    env = {k: v for k, v in os.environ.items() if k != "TERMDRILLS_GLOSSARY"}
    done = subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", ".",
                           "-n", "-W", "--keep-going"], cwd=book, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    html_dir = book / "_build" / "html"
    html = (html_dir / "lessons" / "optimize_services.html").read_text(encoding="utf-8")
    assert html.count('class="termdrills-static') == 6
    assert "<details>\n<summary>Solution</summary>" in html and "<script>alert(1)" not in html
    assert 'glossary.html#' in html  # the key terms link to their glossary entries
    assert 'class="termdrills-terms"' not in html  # the site shows the linked table

    page, log = offline_page
    with serve(html_dir) as url:
        page.goto(url + "lessons/optimize_services.html")  # type: ignore[attr-defined]
        page.wait_for_function(  # type: ignore[attr-defined]
            "[...document.querySelectorAll('.termdrills-static')].every("
            "d => d.querySelector('button'))", timeout=15_000)
        assert page.locator(".termdrills-static").count() == 6  # type: ignore[attr-defined]
        assert "Optimising services" in page.title()  # type: ignore[attr-defined]
    assert log.outside_requests == []  # type: ignore[attr-defined]
    assert log.console_errors == [] and log.page_errors == []  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- units

#: A course of units, as _toc.yml is laid out: each unit ends with its review, then the
#: reference and the instructors' parts.
UNITS_TOC = """\
# The order of the course lives only here: file names carry no numbers.
format: jb-book
root: book/intro
parts:
  - caption: Using this course
    chapters:
      - file: book/student_guide
  - caption: "Unit 1: Optimize government services"
    chapters:
      - file: lessons/government_services
      - file: lessons/review
  - caption: "Unit 2: High-quality development"
    chapters:
      - file: lessons/high_quality_development
  - caption: "Unit 4: Rural revitalization"   # unit 3 is being written
    chapters:
      - file: lessons/rural_revitalization
  - caption: Semester review
    chapters:
      - file: lessons/semester_review
  - caption: Reference
    chapters:
      - file: book/glossary
  - caption: For instructors
    chapters:
      - file: book/instructor_guide
"""


def _units(book: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    (book / "_toc.yml").write_text(UNITS_TOC, encoding="utf-8")
    code = new_lesson(book, "optimize-services", "--title", "Optimising services", *args)
    return code, capsys.readouterr().err


def _parts(book: Path) -> list[tuple[str, list[str]]]:
    """(caption, files) of each part, as Jupyter Book reads _toc.yml."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    parse_toc_yaml(book / "_toc.yml")  # a toc Jupyter Book accepts
    parsed = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    return [(p["caption"], [c["file"] for c in p["chapters"]]) for p in parsed["parts"]]


def _only_added(book: Path) -> list[str]:
    """The lines the command added to _toc.yml: every other line is as it was."""
    import difflib

    after = (book / "_toc.yml").read_text(encoding="utf-8").splitlines()
    diff = list(difflib.ndiff(UNITS_TOC.splitlines(), after))
    assert not [d for d in diff if d.startswith("- ")]  # nothing changed or removed
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_without_unit_a_new_unit_after_the_last_not_after_unit_1s_review(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _units(book, capsys=capsys)
    assert code == 0, err
    parts = _parts(book)
    assert parts[1] == ("Unit 1: Optimize government services",
                        ["lessons/government_services", "lessons/review"])
    assert [c for c, _ in parts] == [
        "Using this course", "Unit 1: Optimize government services",
        "Unit 2: High-quality development", "Unit 4: Rural revitalization",
        "Unit 5: Optimising services", "Semester review", "Reference", "For instructors"]
    assert parts[4][1] == ["lessons/optimize_services"]
    assert f"{book / '_toc.yml'}: lessons/optimize_services in a new part 'Unit 5: Optimising " \
        "services'" in err
    assert _only_added(book) == ['  - caption: "Unit 5: Optimising services"', "    chapters:",
                                 "      - file: lessons/optimize_services"]


def test_unit_by_number_goes_before_that_units_review(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _units(book, "--unit", "1", capsys=capsys)
    assert code == 0, err
    assert _parts(book)[1] == ("Unit 1: Optimize government services",
                               ["lessons/government_services", "lessons/optimize_services",
                                "lessons/review"])
    assert "in 'Unit 1: Optimize government services', before its review" in err


def test_unit_by_caption_at_the_end_of_that_unit(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _units(book, "--unit", "unit 2:  high-quality development", capsys=capsys)
    assert code == 0, err
    assert _parts(book)[2][1] == ["lessons/high_quality_development",
                                  "lessons/optimize_services"]


@pytest.mark.parametrize(("unit", "caption"), [
    ("Unit 3: Common prosperity", "Unit 3: Common prosperity"),
    ("3", "Unit 3: Optimising services"),
])
def test_a_unit_not_there_yet_is_made_in_its_place(
        unit: str, caption: str, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _units(book, "--unit", unit, capsys=capsys)
    assert code == 0, err
    parts = _parts(book)
    assert [c for c, _ in parts][2:5] == ["Unit 2: High-quality development", caption,
                                          "Unit 4: Rural revitalization"]
    assert parts[3][1] == ["lessons/optimize_services"]
    assert len(_only_added(book)) == 3  # the part, its chapters, the lesson: nothing else


def test_a_unit_that_is_not_a_unit_yet_goes_before_reference(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toc = TOC  # one part "Lessons", then Reference
    (book / "_toc.yml").write_text(toc, encoding="utf-8")
    assert new_lesson(book, "optimize-services", "--unit", "Unit 2: Services") == 0
    assert [c for c, _ in _parts(book)] == ["Lessons", "Unit 2: Services", "Reference"]


def test_a_caption_that_clashes_with_the_units_number_writes_nothing(
        book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _units(book, "--unit", "Unit 1: Something else", capsys=capsys)
    assert code == 1
    assert err.strip().splitlines() == [
        (f"termdrills new-lesson: {book / '_toc.yml'}: unit 1 is 'Unit 1: Optimize government "
        "services', not 'Unit 1: Something else'; use --unit 1, or that caption")]
    assert (book / "_toc.yml").read_text(encoding="utf-8") == UNITS_TOC
    assert not (book / "lessons").exists()
