"""The grader's report in Chromium: offline, readable, student text inert; screenshots."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import serve
from grading_helpers import CSV_UTF8, GUIDELINE, build_class

from termdrills.grading.command import grade_main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("grade")
    klass = build_class(folder)
    out = folder / "site"
    out.mkdir()
    code = grade_main(GUIDELINE, [klass, CSV_UTF8], out / "report.html",
                      stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 1  # the unreadable files
    with serve(out) as url:
        yield url + "report.html"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_report_offline_with_inert_student_text(offline_page, report_url: str, scheme: str,  # type: ignore[no-untyped-def]
                                                artifacts: Path) -> None:
    page, log = offline_page
    page.emulate_media(color_scheme=scheme)
    page.goto(report_url)
    assert page.locator("section.student").count() == 35
    assert page.locator("script").count() == 0 and page.locator("section img").count() == 0
    tom = page.locator("section.student", has=page.locator("h3", has_text="tom"))
    assert "<script>alert('graded')</script>" in tom.locator("table.td-aligned").inner_text()
    assert page.locator("h3", has_text="<b>Eve</b>").count() == 1
    assert page.locator(".problems li").count() == 8
    assert page.locator("svg.chart").count() == 2
    page.screenshot(path=artifacts / f"grade-report-top-{scheme}.png")
    page.goto(report_url + "#s-13")
    heading = page.locator("#s-13 h3")
    assert heading.inner_text().startswith("hana")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 100  # the anchor scrolled to the student
    page.screenshot(path=artifacts / f"grade-report-student-{scheme}.png")
    page.locator("section.problems").scroll_into_view_if_needed()
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


def test_terms_are_marked_by_number_as_well_as_colour(offline_page, report_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = offline_page
    page.goto(report_url + "#s-13")
    marks = page.locator("#s-13 table.td-aligned mark")
    assert marks.count() > 10
    for k in range(marks.count()):
        mark = marks.nth(k)
        number = mark.locator("sup.tn").inner_text()
        assert number.isdigit()
        assert f"t{(int(number) - 1) % 8}" in (mark.get_attribute("class") or "")
    deprecated = page.locator("#s-13 mark.v-deprecated").first
    assert "✗" in deprecated.inner_text()
    assert "deprecated" in deprecated.locator(".td-sr").inner_text()
