"""Course settings and structure: the units `_toc.yml` lists (the syllabus, the semester
review and `new-lesson --unit` read them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from termdrills.course import Course, find_course
from termdrills.errors import InputError

ROOT = Path(__file__).resolve().parent.parent

TOC = """format: jb-book
root: book/intro
parts:
  - caption: Using this course
    chapters:
      - file: book/student_guide
  - caption: "Unit 1: Optimize government services"
    chapters:
      - file: lessons/government_services
      - file: lessons/review.ipynb
  - caption: "Unit 10: Later"
    chapters:
      - file: lessons/late_lesson
      - file: book/notes
  - caption: Reference
    chapters:
      - file: book/glossary
"""


def test_units_are_the_parts_captioned_unit_with_their_lessons(tmp_path: Path) -> None:
    (tmp_path / "_toc.yml").write_text(TOC, encoding="utf-8")
    units = Course(root=tmp_path).units()
    assert [(u.caption, u.number, u.lessons) for u in units] == [
        ("Unit 1: Optimize government services", 1, ("government-services", "review")),
        ("Unit 10: Later", 10, ("late-lesson",)),
    ]


def test_units_follow_an_edit_of_the_toc(tmp_path: Path) -> None:
    toc = tmp_path / "_toc.yml"
    toc.write_text(TOC, encoding="utf-8")
    assert len(Course(root=tmp_path).units()) == 2
    toc.write_text(TOC.replace('"Unit 10: Later"', "Appendix"), encoding="utf-8")
    import os
    os.utime(toc, ns=(toc.stat().st_atime_ns, toc.stat().st_mtime_ns + 1_000_000))
    assert [u.number for u in Course(root=tmp_path).units()] == [1]


def test_no_toc_no_units_and_a_broken_toc_is_one_line(tmp_path: Path) -> None:
    assert Course(root=tmp_path).units() == ()
    assert Course().units() == ()
    (tmp_path / "_toc.yml").write_text("parts: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        Course(root=tmp_path).units()
    assert "_toc.yml" in str(err.value) and "\n" not in str(err.value)


def test_the_course_has_its_units_in_order() -> None:
    units = find_course(ROOT).units()
    numbers = [u.number for u in units]
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert all(u.lessons for u in units)
