"""The paragraph translation drill on a built static page, driven in Debian chromium.

tests/fixtures/paragraphbook is a one-page book with the grading fixtures' two
assignments as drills (``official``: an official translation; ``model``: only the
course's model translation; ``model-cn``: the same with the Chinese interface). It is
built once per session into a temporary folder and served on 127.0.0.1; every request
leaving it is blocked and recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_fixture_book, drill, payload, serve, store

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "paragraphbook"
LABEL = "Your translation of the passage"

#: An answer with each kind of rendering: 国务院 left out (missing), 畅通国民经济循环
#: deprecated, 新发展格局 rendered two ways (inconsistent), the rest preferred; and two
#: Chinese sentences translated as three English ones (compared as one segment).
MIXED = ("The guideline on government services was issued. It will further optimize "
         "government services. Continuously optimizing government services supports "
         "enterprises and the public, smoothing the national economic cycle and building a "
         "new development paradigm, a new pattern of development.")


@pytest.fixture(scope="session")
def paragraph_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_book(FIXTURE)


@pytest.fixture(scope="session")
def paragraph_url(paragraph_book: Path) -> Iterator[str]:
    with serve(paragraph_book) as url:
        yield url + "paragraph.html"


@pytest.fixture()
def page(offline_page, paragraph_url):  # type: ignore[no-untyped-def]
    pg, log = offline_page
    pg.goto(paragraph_url)
    pg.wait_for_function("document.querySelectorAll('section.termdrills').length === 3")
    yield pg
    assert log.outside_requests == []
    assert log.console_errors == []
    assert log.page_errors == []


def term_line(section, term_id: str):  # type: ignore[no-untyped-def]
    return section.locator(f'.td-paragraph-terms li[data-term="{term_id}"]')


def test_the_official_translation_itself_scores_100(page) -> None:
    d = drill(page, "official")
    reference = payload(page, "official")["references"][0]["text"]
    assert d.locator(".td-aligned").count() == 0  # nothing before an attempt
    area = d.get_by_label(LABEL)
    area.fill(reference)
    area.press("Control+Enter")
    feedback = d.locator(".td-feedback").inner_text()
    assert "Score: 100 / 100." in feedback
    assert "chrF: 100.0 / 100 for the whole passage" in feedback
    assert d.locator(".td-aligned td.chrf").all_inner_texts() == ["100.0", "100.0"]
    assert "≈ accepted rendering: “new pattern of development”" in \
        term_line(d, "new-development-paradigm").inner_text()
    assert d.locator(".td-consistency").inner_text() == \
        "Consistency: every term you rendered, you rendered one way."


def test_verdicts_consistency_and_the_aligned_view(page, artifacts: Path) -> None:
    d = drill(page, "official")
    area = d.get_by_label(LABEL)
    area.fill(MIXED)
    area.press("Control+Enter")
    assert area.get_attribute("readonly") is not None
    score = float(re.search(r"Score: (\d+) / 100", d.locator(".td-feedback").inner_text())[1])
    chrf = float(re.search(r"chrF: ([\d.]+) / 100", d.locator(".td-feedback").inner_text())[1])
    assert 0 < chrf < 70 and 0 < score < 80
    assert "✗ no glossary rendering found" in term_line(d, "state-council").inner_text()
    circulation = term_line(d, "facilitate-circulation-national-economy").inner_text()
    assert "✗ deprecated rendering: “national economic cycle”" in circulation
    assert "Why: " in circulation and "循环" in circulation  # the glossary's reason
    paradigm = term_line(d, "new-development-paradigm").inner_text()
    assert "⚠ rendered in different ways in one answer: “new development paradigm”, " \
           "“new pattern of development”" in paradigm
    assert "1 of 5 terms rendered in different ways" in d.locator(".td-consistency").inner_text()
    # The aligned view: Chinese | official | the student's | chrF, the same term with the
    # same number and colour in every column, Chinese cells marked as Chinese.
    table = d.locator(".td-aligned")
    assert table.locator("thead th").all_inner_texts() == [
        "Chinese", "Official translation", "Your translation", "chrF"]
    assert table.locator("td[lang=zh-CN]").count() >= 2
    marks = table.locator("mark").evaluate_all(
        "ms => ms.map(m => [m.className.split(' ')[0], m.querySelector('sup').textContent,"
        " m.closest('td').cellIndex])")
    by_number: dict[str, set[str]] = {}
    for colour, number, _ in marks:
        by_number.setdefault(number, set()).add(colour)
    assert all(len(colours) == 1 for colours in by_number.values()), by_number
    student = {n for _, n, column in marks if column == 2}
    assert {"2", "4", "5", "6"} <= student  # 政务服务, 优化政务服务, 畅通…, 新发展格局
    assert table.locator("mark.v-deprecated").count() == 1
    assert table.locator("tr.td-merged").count() >= 1  # 2 Chinese, 3 English sentences
    assert "(deprecated rendering)" in table.locator("mark.v-deprecated .td-sr").inner_text()
    d.screenshot(path=artifacts / "paragraph-official.png")
    # One record per counted term: right, almost (deprecated or two ways), wrong (missing).
    terms = store(page)["terms"]
    assert terms["state-council"]["wrong"] == 1
    assert terms["optimize-government-services"]["right"] == 1
    for almost in ("facilitate-circulation-national-economy", "new-development-paradigm"):
        assert terms[almost]["right"] == 0 and terms[almost]["wrong"] == 0
        assert terms[almost]["seen"] == 1
    # Revise and check again: new feedback, no second record.
    d.get_by_role("button", name="Revise").click()
    assert area.get_attribute("readonly") is None
    area.fill(MIXED.replace("smoothing the national economic cycle",
                            "facilitating the circulation of the national economy"))
    d.get_by_role("button", name="Check").click()
    assert "✓ preferred rendering" in term_line(d, "facilitate-circulation-national-economy") \
        .inner_text()
    assert "Only your first check counts" in d.locator(".td-feedback").inner_text()
    assert store(page)["terms"]["facilitate-circulation-national-economy"]["seen"] == 1


def test_a_reload_shows_the_checked_answer_again_without_recording_it_twice(page) -> None:
    d = drill(page, "official")
    area = d.get_by_label(LABEL)
    area.fill(MIXED)
    area.press("Control+Enter")
    before = store(page)
    assert before["terms"]
    page.reload()
    page.wait_for_function("document.querySelectorAll('section.termdrills').length === 3")
    d = drill(page, "official")
    assert d.get_by_label(LABEL).input_value() == MIXED
    assert d.get_by_label(LABEL).get_attribute("readonly") is not None
    assert "deprecated rendering" in term_line(d, "facilitate-circulation-national-economy") \
        .inner_text()
    assert store(page) == before  # shown again, not recorded again
    # "Start again": a new attempt, an empty box, and the next check counts.
    d.get_by_role("button", name="Start again").click()
    assert drill(page, "official").get_by_label(LABEL).input_value() == ""


def test_without_an_official_translation_the_model_is_labelled_and_no_chrf(
        page, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    d = drill(page, "model")
    area = d.get_by_label(LABEL)
    area.fill("Continuously optimizing government affairs services supports the building of a "
              "service-type government and the modernization of China's system and capacity "
              "for governance.")
    d.get_by_role("button", name="Check").click()
    feedback = d.locator(".td-feedback").inner_text()
    assert "no official translation, so there is no chrF" in feedback
    assert not re.search(r"chrF: [\d.]+", feedback)
    assert d.locator(".td-model-note").inner_text().startswith(
        "There is no official English for this passage: the model translation is the course's "
        "own, not official.")
    assert d.locator(".td-aligned thead th").all_inner_texts() == [
        "Chinese", "Course model translation (not official)", "Your translation"]
    assert "✗ deprecated rendering: “service-type government”" in \
        term_line(d, "service-oriented-government").inner_text()
    assert "✗ deprecated rendering" in term_line(d, "optimize-government-services").inner_text()
    d.screenshot(path=artifacts / "paragraph-model.png")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    d.screenshot(path=artifacts / "paragraph-model-dark.png")


def test_ctrl_enter_checks_but_not_while_an_input_method_composes(page) -> None:
    d = drill(page, "model")
    area = d.get_by_label(LABEL)
    area.focus()
    page.keyboard.type("Continuously optimizing government services")
    page.keyboard.press("Enter")  # a plain Enter is a new line
    assert area.input_value().endswith("\n")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "zhengwu", "selectionStart": 7,
                                         "selectionEnd": 7})
    # Ctrl+Enter while composing (keyCode 229): it belongs to the input method.
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Enter", "code": "Enter",
                                        "modifiers": 2, "windowsVirtualKeyCode": 229})
    cdp.send("Input.insertText", {"text": "."})
    assert d.locator(".td-feedback").inner_text() == ""
    assert area.get_attribute("readonly") is None
    page.keyboard.press("Control+Enter")
    assert "Score:" in d.locator(".td-feedback").inner_text()


def test_an_empty_answer_is_not_checked_and_markup_stays_text(page) -> None:
    d = drill(page, "official")
    area = d.get_by_label(LABEL)
    area.fill("   ")
    area.press("Control+Enter")
    assert d.locator(".td-feedback").inner_text() == "Type an answer first."
    assert d.locator(".td-aligned").count() == 0
    area.fill('<img src=x onerror="document.title=1"> <b>government services</b>')
    area.press("Control+Enter")
    assert d.locator("img, b").count() == 0
    assert "<b>" in d.locator(".td-aligned").inner_text()


def test_the_chinese_interface(page) -> None:
    d = drill(page, "model-cn")
    area = d.get_by_label("你的段落译文")
    area.fill("Optimizing government services.")
    d.get_by_role("button", name="检查").click()
    assert d.locator(".td-aligned thead th").all_inner_texts() == [
        "中文", "课程参考译文（非官方）", "你的译文"]
    assert "没有官方译文" in d.locator(".td-feedback").inner_text()


# ---------------------------------------------------------------- in the course site


def test_the_lessons_paragraph_exercise(offline_page, site_url: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    pg, log = offline_page
    pg.goto(site_url + "lessons/government_services.html")
    pg.wait_for_function("document.querySelector('section.termdrills.td-paragraph') !== null")
    d = pg.locator("section.td-paragraph")
    model = pg.evaluate("[...document.querySelectorAll('script.termdrills-data')]"
                        ".map(s => JSON.parse(s.textContent)).find(d => d.kind === 'paragraph')"
                        ".payload.model.text")
    area = d.get_by_label(LABEL)
    area.fill(model)
    area.press("Control+Enter")
    assert "Score: 100 / 100." in d.locator(".td-feedback").inner_text()
    assert d.locator(".td-paragraph-terms li.td-ok").count() == 5
    assert d.locator(".td-aligned thead th").all_inner_texts() == [
        "Chinese", "Course model translation (not official)", "Your translation"]
    d.screenshot(path=artifacts / "paragraph-lesson.png")
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


def test_the_official_quotes_side_by_side(offline_page, site_url: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    pg, log = offline_page
    pg.goto(site_url + "lessons/leaders_speeches.html")
    views = pg.locator(".td-aligned-view")
    assert views.count() == 2
    for theme in ("light", "dark"):
        pg.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        # the same number has the same colour in the Chinese and in the English
        colours = views.locator("table mark").evaluate_all(
            "ms => ms.map(m => [m.querySelector('sup').textContent,"
            " getComputedStyle(m).backgroundColor, m.closest('td').cellIndex])")
        pairs = {(n, c) for n, c, _ in colours}
        numbers = {n for n, _ in pairs}
        assert len(pairs) == len(numbers) >= 5, pairs  # one colour per number
        assert {column for _, _, column in colours} == {0, 1}
        views.nth(1).screenshot(path=artifacts / f"aligned-quote-{theme}.png")
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []
