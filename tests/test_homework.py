"""The semester's homework: one `termdrills grade` assignment per unit, each held to the
glossary and graded as the course promises (the official English itself scores 100)."""

from __future__ import annotations

from pathlib import Path

import pytest

from termdrills.course import find_course
from termdrills.grading.analysis import analyse
from termdrills.grading.grade import prepare

ROOT = Path(__file__).resolve().parent.parent
HOMEWORK = sorted((ROOT / "homework").glob("*.toml"))


@pytest.mark.parametrize("path", HOMEWORK, ids=lambda p: p.stem)
def test_the_official_english_scores_full_marks(path: Path) -> None:
    """The passage's own official translation (or, without one, the course's model,
    labelled as not official) uses no deprecated rendering and scores 100."""
    assignment, glossary, passage = prepare(path)
    assert passage.terms, f"{path.name}: no glossary term of its lessons in the passage"
    assert assignment.lessons and set(assignment.lessons) <= set(glossary.lessons())
    best = assignment.references[0] if assignment.references else assignment.model
    assert best, f"{path.name}: neither an official reference nor a model translation"
    result = analyse(passage, best)
    assert result["score"]["total"] == pytest.approx(100), (path.name, result["score"])
    if assignment.references:
        assert result["chrf"] == pytest.approx(100)
    verdicts = {t["zh"]: t["verdict"] for t in result["terms"]}
    assert "deprecated" not in verdicts.values(), (path.name, verdicts)
    assert {"preferred", "accepted"} & set(verdicts.values()), (path.name, verdicts)
    assert assignment.source, f"{path.name}: say where the passage and its English are from"


def test_every_unit_has_its_homework() -> None:
    units = find_course(ROOT).units()
    covered = {}
    for path in HOMEWORK:
        assignment, _, _ = prepare(path)
        for unit in units:
            if set(assignment.lessons) & set(unit.lessons):
                covered.setdefault(unit.caption, []).append(path.name)
    assert set(covered) == {u.caption for u in units}, {u.caption for u in units} - set(covered)


def test_the_syllabus_plans_every_unit_lesson_and_homework() -> None:
    import re

    text = (ROOT / "book" / "syllabus.md").read_text(encoding="utf-8")
    weeks = re.findall(r"^\| (\d+) \|", text, re.MULTILINE)
    assert weeks[:16] == [str(n) for n in range(1, 17)]
    for unit in find_course(ROOT).units():
        assert unit.caption in text, unit.caption
        for slug in unit.lessons:
            assert f"(../lessons/{slug.replace('-', '_')}.ipynb)" in text, slug
    for path in HOMEWORK:
        assert f"`homework/{path.name}`" in text, path.name
    assert "(../lessons/semester_review.ipynb)" in text
