"""A reload loses no work, in Debian chromium: the paragraph drill's draft (never checked,
or being revised) and the text it checked last, and the pairs already matched in a
matching round. The old code brought back an empty box, or, after Revise and Check, the
first version and its score; and a matching round drawn afresh.

The paragraph book and the drill book are the fixtures of tests/test_paragraph_browser.py
and tests/test_drills_browser.py.
"""

from __future__ import annotations

import pytest
from conftest import after_frame, drill, payload, store
from test_paragraph_browser import LABEL, MIXED, paragraph_book, paragraph_url  # noqa: F401

pytestmark = pytest.mark.browser


def settle_and_reload(page, drills: int) -> None:  # type: ignore[no-untyped-def]
    page.evaluate(after_frame("true"))  # what the page keeps after a frame is kept
    page.reload()
    page.wait_for_function(f"document.querySelectorAll('section.termdrills').length === {drills}")


@pytest.fixture()
def paragraph_page(offline_page, paragraph_url):  # type: ignore[no-untyped-def]  # noqa: F811
    pg, log = offline_page
    pg.goto(paragraph_url)
    pg.wait_for_function("document.querySelectorAll('section.termdrills').length === 3")
    yield pg
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


def score(section) -> str:  # type: ignore[no-untyped-def]
    return section.locator(".td-score").inner_text()


def test_a_draft_never_checked_comes_back_after_a_reload(paragraph_page) -> None:
    page = paragraph_page
    area = drill(page, "official").get_by_label(LABEL)
    area.press_sequentially("The State Council issued a guideline on")  # typed, not pasted
    settle_and_reload(page, 3)
    d = drill(page, "official")
    assert d.get_by_label(LABEL).input_value() == "The State Council issued a guideline on"
    assert d.get_by_label(LABEL).get_attribute("readonly") is None
    assert d.locator(".td-feedback").inner_text() == ""
    assert store(page) is None  # nothing checked, nothing recorded


def test_after_revise_and_check_a_reload_shows_the_revision_and_its_score(
        paragraph_page) -> None:
    page = paragraph_page
    d = drill(page, "official")
    area = d.get_by_label(LABEL)
    first = "The guideline was issued."
    area.fill(first)
    area.press("Control+Enter")
    first_score = score(d)
    recorded = store(page)
    d.get_by_role("button", name="Revise").click()
    area.fill(MIXED)
    d.get_by_role("button", name="Check").click()
    revised_score = score(d)
    assert first_score != revised_score
    settle_and_reload(page, 3)
    d = drill(page, "official")
    assert d.get_by_label(LABEL).input_value() == MIXED
    assert d.get_by_label(LABEL).get_attribute("readonly") is not None
    assert score(d) == revised_score
    assert "Only your first check counts" in d.locator(".td-feedback").inner_text()
    assert store(page) == recorded  # the first check's record, once
    # Revise again and leave a draft: the reload shows the last check's feedback and the
    # draft, editable.
    d.get_by_role("button", name="Revise").click()
    d.get_by_label(LABEL).press("End")
    d.get_by_label(LABEL).press_sequentially(" More")
    settle_and_reload(page, 3)
    d = drill(page, "official")
    assert d.get_by_label(LABEL).input_value() == MIXED + " More"
    assert d.get_by_label(LABEL).get_attribute("readonly") is None
    assert d.get_by_role("button", name="Check").is_enabled()
    assert score(d) == revised_score
    settle_and_reload(page, 3)  # and again
    assert drill(page, "official").get_by_label(LABEL).input_value() == MIXED + " More"
    assert store(page) == recorded


DRILLS = 9


@pytest.fixture()
def drills_page(offline_page, drills_url):  # type: ignore[no-untyped-def]
    pg, log = offline_page
    pg.goto(drills_url)
    pg.wait_for_function(f"document.querySelectorAll('section.termdrills').length === {DRILLS}")
    yield pg
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


def test_the_pairs_matched_in_a_round_stay_matched_after_a_reload(drills_page) -> None:
    page = drills_page
    rnd = payload(page, "match")["rounds"][0]
    assert len(rnd["zh"]) >= 3
    match = drill(page, "match")

    def pair(term_id: str) -> None:
        match.locator(f'.td-match[data-side="zh"][data-id="{term_id}"]').click()
        match.locator(f'.td-match[data-side="en"][data-id="{term_id}"]').click()

    done = [z["id"] for z in rnd["zh"][:2]]
    for term_id in done:
        pair(term_id)
    seen = sum(t["seen"] for t in store(page)["terms"].values())
    settle_and_reload(page, DRILLS)
    match = drill(page, "match")
    for term_id in done:
        for side in ("zh", "en"):
            button = match.locator(f'.td-match[data-side="{side}"][data-id="{term_id}"]')
            assert button.is_disabled(), (term_id, side)
            assert "(matched)" in button.inner_text()
    assert match.locator(".td-match:disabled").count() == 4
    # The rest of the round, then the round is done; no pair was recorded twice.
    for z in rnd["zh"][2:]:
        pair(z["id"])
    assert "All pairs matched." in match.locator(".td-feedback").inner_text()
    assert sum(t["seen"] for t in store(page)["terms"].values()) == seen + len(rnd["zh"]) - 2
    settle_and_reload(page, DRILLS)  # a round finished before the reload stays finished
    match = drill(page, "match")
    assert match.locator(".td-match:disabled").count() == 2 * len(rnd["zh"])
    assert "All pairs matched." in match.locator(".td-feedback").inner_text()
