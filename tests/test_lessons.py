"""The lesson notebooks: committed clean, in the standard outline, covering the
glossary, and checked by nbval in a way that catches a broken glossary."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from termdrills import load_glossary

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
OUTLINE = ["Background", "Key terms", "Drills", "Translation notes", "Exercise", "Summary"]


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _headings(nb: dict) -> list[str]:
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("## "):
                    out.append(line[3:].split(":")[0].strip())
    return out


def test_there_are_four_lessons_in_the_toc() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    names = [p.stem for p in LESSONS]
    assert names and set(names) >= {"government_services", "administrative_reform",
                                    "leaders_speeches", "review"}
    for name in names:
        assert f"lessons/{name}" in toc, f"{name} is not in _toc.yml"
    # the order lives in _toc.yml: the unit is taught in this order
    order = [toc.index(f"lessons/{n}") for n in
             ("government_services", "administrative_reform", "leaders_speeches", "review")]
    assert order == sorted(order)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_committed_without_outputs_or_execution_counts(path: Path) -> None:
    nb = _nb(path)
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has stored outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has a count"
        assert cell.get("id"), f"{path.name} cell {i} has no id"
    assert "widgets" not in nb["metadata"], f"{path.name} stores widget state"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_follows_the_lesson_outline(path: Path) -> None:
    nb = _nb(path)
    first = "".join(nb["cells"][0]["source"])
    assert first.startswith("# ") and "By the end of this lesson" in first, "objectives first"
    headings = [h for h in _headings(nb) if h in OUTLINE]
    assert headings == OUTLINE, f"{path.name}: sections {headings}"
    exercise = next("".join(c["source"]) for c in nb["cells"]
                    if "".join(c["source"]).startswith("## Exercise"))
    assert "<details>\n<summary>Solution</summary>\n\n" in exercise  # folded everywhere


def _reads(nb: dict) -> list[str]:
    """The glossary lessons a notebook reads by slug (`by_lesson("...")` in its code)."""
    import re

    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return sorted(set(re.findall(r'"([a-z0-9]+(?:-[a-z0-9]+)*)"', " ".join(
        re.findall(r"by_lesson\(([^)]*)\)", code)))) | set(re.findall(
        r'^LESSON = "([^"]+)"', code, re.MULTILINE)))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_has_hidden_invariant_cells_and_reads_terms_by_slug(path: Path) -> None:
    nb = _nb(path)
    slugs = _reads(nb)
    hidden = [c for c in nb["cells"] if "remove-cell" in c.get("metadata", {}).get("tags", [])]
    assert hidden and all("assert" in "".join(c["source"]) for c in hidden)
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "by_lesson(" in code
    for slug in slugs:
        assert f'"{slug}"' in code, f"{path.name} does not read lesson {slug}"


def test_every_glossary_lesson_has_its_notebook() -> None:
    g = load_glossary(ROOT / "glossary.csv")
    own = {p.stem.replace("_", "-") for p in LESSONS}
    assert set(g.lessons()) <= own, f"lessons without a notebook: {set(g.lessons()) - own}"


def _run_nbval(notebook: Path, glossary: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TERMDRILLS_GLOSSARY": str(glossary)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(notebook.parent), str(notebook)],
        capture_output=True, text=True, env=env, timeout=300, check=False, cwd=notebook.parent,
    )


@pytest.mark.slow
def test_nbval_fails_when_a_lessons_rows_are_removed(tmp_path: Path) -> None:
    """nbval must catch a broken glossary, not only exceptions in the code."""
    with (ROOT / "glossary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    lesson = rows[0].index("lesson")
    broken = tmp_path / "glossary.csv"
    with broken.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(
            [r for r in rows if r[lesson] != "administrative-reform"])
    notebook = ROOT / "lessons" / "administrative_reform.ipynb"
    failed = _run_nbval(notebook, broken)
    assert failed.returncode != 0
    assert "administrative-reform: only 0 terms" in failed.stdout
    # the control: the same run over the full glossary passes
    passed = _run_nbval(notebook, ROOT / "glossary.csv")
    assert passed.returncode == 0, passed.stdout[-2000:]


@pytest.mark.slow
def test_nbval_fails_when_a_rendering_drifts(tmp_path: Path) -> None:
    """An edit that changes what the article says a term means fails the lesson."""
    text = (ROOT / "glossary.csv").read_text(encoding="utf-8")
    edited = tmp_path / "glossary.csv"
    edited.write_text(text.replace(",smart government services,", ",intelligent government,"),
                      encoding="utf-8")
    failed = _run_nbval(ROOT / "lessons" / "government_services.ipynb", edited)
    assert failed.returncode != 0
    assert "智慧政务: the article renders it 'smart government services'" in failed.stdout


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_pages_link_every_term_to_the_glossary(path: Path, built_site: Path) -> None:
    g = load_glossary(ROOT / "glossary.csv")
    page = (built_site / "lessons" / f"{path.stem}.html").read_text(encoding="utf-8")
    slugs = _reads(_nb(path))
    # a lesson links its own terms; a lesson with no rows (the review) links all it reads
    own = [s for s in slugs if s.replace("-", "_") == path.stem] or slugs
    for term in g.by_lesson(*own):
        assert f'glossary.html#{term.id}"' in page, f"{path.stem} does not link {term.id}"


def test_review_lessons_accuracy_counts_the_answers_drills_record(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """"Reading your results" in the review lesson, fed real answers (as the drill's
    front end records them): five right answers of one lesson are 100 %, not 0."""
    nb = _nb(ROOT / "lessons" / "review.ipynb")
    monkeypatch.chdir(tmp_path)  # the deck the lesson writes lands here, not in lessons/
    monkeypatch.setenv("TERMDRILLS_GLOSSARY", str(ROOT / "glossary.csv"))
    scope: dict = {}
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        if source.startswith("results = quiz.results"):
            quiz = scope["quiz"]
            questions = quiz.payload["questions"]
            lesson = questions[0]["lesson"]
            mine = [q for q in questions if q["lesson"] == lesson][:5]
            quiz.answers = [{"term_id": q["id"], "prompt": q["prompt"],
                             "answer": q["options"][q["answer"]], "verdict": "right",
                             "time": "2026-11-30T10:00:00.000Z", "attempt": 1, "item": k}
                            for k, q in enumerate(mine)]
        exec(compile(source, "review.ipynb", "exec"), scope)  # noqa: S102
    accuracy = scope["accuracy"]["accuracy %"]
    assert accuracy[lesson] == 100
    assert accuracy.drop(lesson).isna().all()  # no answers: no figure, not 0
    assert (tmp_path / "downloads" / "political-translation-unit1.apkg").stat().st_size > 0


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_invariant_cells_are_collapsed_in_jupyter(path: Path) -> None:
    """The checks (code cells tagged remove-cell) stood in the middle of each lesson in
    JupyterLab; their source is collapsed (`python -m termdrills.authoring.invariants`)."""
    cells = [c for c in _nb(path)["cells"]
             if c["cell_type"] == "code" and "remove-cell" in c["metadata"].get("tags", [])]
    assert cells, "no invariant cell"
    assert all(c["metadata"].get("jupyter", {}).get("source_hidden") is True for c in cells)


def test_the_invariants_script_collapses_checks_and_refuses_a_non_notebook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from termdrills.authoring.invariants import main

    nb = _nb(LESSONS[0])
    for cell in nb["cells"]:
        cell["metadata"].pop("jupyter", None)
    lesson = tmp_path / "lesson.ipynb"
    lesson.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert main(["--check", str(lesson)]) == 1  # --check changes nothing
    assert "not collapsed" in capsys.readouterr().out
    assert main([str(lesson)]) == 0
    assert "collapsed" in capsys.readouterr().out
    assert main(["--check", str(lesson)]) == 0
    after = json.loads(lesson.read_text(encoding="utf-8"))
    assert [c["source"] for c in after["cells"]] == [c["source"] for c in nb["cells"]]
    before = lesson.read_bytes()
    assert main([str(lesson)]) == 0 and lesson.read_bytes() == before  # nothing to do
    bad = tmp_path / "notes.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    assert main([str(lesson), str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{bad}: not a Jupyter notebook")
