"""Every drill by keyboard, by touch and with a screen reader, on the drill fixture page
(tests/fixtures/drillbook, built once per session; fixtures in conftest.py).

Each test is a defect a student met: keys that did nothing after a click, Space that
skipped a card unseen, a card a tap would not turn, a near miss shown only in colour,
feedback colours below 4.5:1."""

from __future__ import annotations

import json

import pytest
from _a11y import axe, contrast, serious

pytestmark = pytest.mark.browser

DRILL_COUNT = 9


@pytest.fixture()
def page(offline_page, drills_url):  # type: ignore[no-untyped-def]
    pg, log = offline_page
    pg.goto(drills_url)
    pg.wait_for_function(
        f"document.querySelectorAll('section.termdrills').length === {DRILL_COUNT}")
    yield pg
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []


def drill(page, drill_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f'section[data-drill="{drill_id}"]')


def payload(page, drill_id: str) -> dict:  # type: ignore[no-untyped-def]
    text = page.locator(f'div.termdrills-static[data-drill="{drill_id}"] script.termdrills-data')
    return json.loads(text.text_content())["payload"]


def spoken(page, drill_id: str) -> str:  # type: ignore[no-untyped-def]
    """What the drill's screen-reader-only live region says."""
    return drill(page, drill_id).locator(".td-sr[aria-live]").inner_text()


def focused(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


# ---------------------------------------------------------------- keys and focus


def test_a_click_on_the_question_text_gives_the_drill_its_keys(page) -> None:
    mc = drill(page, "mc")
    q = payload(page, "mc")["questions"][0]
    mc.locator(".td-prompt").click()
    page.keyboard.press(str(q["answer"] + 1))  # the "keys 1–4" of the hint
    assert mc.locator(".td-feedback").inner_text() == "Right."


def test_space_after_next_turns_the_new_card_instead_of_skipping_it(page) -> None:
    cards = drill(page, "cards")
    items = payload(page, "cards")["items"]
    cards.get_by_role("button", name="Next").click()
    page.keyboard.press("Space")
    assert cards.locator(".td-progress").inner_text() == "2 of 5"
    assert items[1]["en"] in cards.locator(".td-card").inner_text()  # turned, not skipped


def test_a_tap_turns_a_flashcard(browser, drills_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    try:
        pg = context.new_page()
        pg.goto(drills_url)
        card = pg.locator('section[data-drill="cards"] .td-card')
        card.wait_for()
        en = json.loads(pg.locator('div[data-drill="cards"] script.termdrills-data')
                        .text_content())["payload"]["items"][0]["en"]
        assert en not in card.inner_text()
        card.tap()
        assert en in card.inner_text()
    finally:
        context.close()


def test_a_held_enter_never_skips_the_feedback(page) -> None:
    typed = drill(page, "typed")
    box = typed.get_by_label("Your answer in English")
    box.fill("wrong")
    cdp = page.context.new_cdp_session(page)
    key = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}
    cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", **key})  # checks the answer
    cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", **key, "autoRepeat": True})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})
    assert typed.locator(".td-feedback").inner_text().startswith("Not quite")
    assert typed.locator(".td-progress").inner_text().startswith("1 of")
    page.keyboard.press("Enter")  # a new press moves on
    assert typed.locator(".td-progress").inner_text().startswith("2 of")
    assert "td-input" in focused(page)


# ---------------------------------------------------------------- words, not colour


def test_turning_a_card_is_announced_with_chinese_marked(page) -> None:
    cards = drill(page, "cards")
    items = payload(page, "cards")["items"]
    cards.get_by_role("button", name="Flip card").click()
    assert spoken(page, "cards").startswith(f"Back: {items[0]['en']}")
    cards.get_by_role("button", name="Next").click()
    assert spoken(page, "cards") == f"Card 2 of 5: {items[1]['zh']}"
    zh = cards.locator(".td-sr[aria-live] [lang]")
    assert zh.get_attribute("lang") == "zh-CN" and zh.inner_text() == items[1]["zh"]


def test_the_back_of_a_card_labels_its_alternatives(page) -> None:
    cards = drill(page, "cards")
    items = payload(page, "cards")["items"]
    k = next(i for i, it in enumerate(items) if it["alt_en"])
    cards.locator(".td-card").focus()
    for _ in range(k):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert cards.locator(".td-alt").inner_text() == (
        f"Also accepted: {' · '.join(items[k]['alt_en'])}")


def test_a_near_miss_is_said_in_words(page) -> None:
    typed = drill(page, "typed")
    answer = payload(page, "typed")["items"][0]["accepted"][0]
    box = typed.get_by_label("Your answer in English")
    box.fill(answer[:-1])
    box.press("Enter")
    fb = typed.locator(".td-feedback")
    assert fb.inner_text().startswith("Almost")
    assert f"In words: missing “{answer[-1]}”." in fb.inner_text()
    assert contrast(fb.locator(".td-diff-words")) >= 4.5


def test_answered_options_say_which_is_right_in_words(page) -> None:
    mc = drill(page, "mc")
    q = payload(page, "mc")["questions"][0]
    wrong = (q["answer"] + 1) % 4
    mc.locator(".td-option").nth(wrong).click()
    right = mc.get_by_role("button", name="(the right answer)")
    assert right.count() == 1 and q["options"][q["answer"]] in right.text_content()
    assert right.locator(".td-mark").inner_text() == "✓"
    chosen = mc.locator(".td-option").nth(wrong)
    assert chosen.locator(".td-mark").inner_text() == "✗"
    assert "your answer, not right" in chosen.text_content()
    for theme in ("light", "dark"):  # the signs are readable too
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        assert contrast(chosen.locator(".td-mark")) >= 4.5
        assert contrast(right.locator(".td-mark")) >= 4.5


def test_matched_pairs_are_marked_in_words(page) -> None:
    match = drill(page, "match")
    first = payload(page, "match")["rounds"][0]["zh"][0]
    match.locator(f'.td-match[data-side="zh"][data-id="{first["id"]}"]').click()
    match.locator(f'.td-match[data-side="en"][data-id="{first["id"]}"]').click()
    assert match.get_by_role("button", name="(matched)").count() == 2


# ---------------------------------------------------------------- colour and layout


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_feedback_reaches_4_5_to_1_in_both_book_themes(page, theme: str) -> None:
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    typed = drill(page, "typed")
    answer = payload(page, "typed")["items"][0]["accepted"][0]
    box = typed.get_by_label("Your answer in English")
    box.fill(answer[:-1])
    box.press("Enter")  # Almost…
    ratios = {"almost": contrast(typed.locator(".td-feedback > p").first)}
    typed.get_by_role("button", name="Next").click()
    typed.get_by_label("Your answer in English").fill("nothing like it")
    page.keyboard.press("Enter")  # Not quite…
    ratios["wrong"] = contrast(typed.locator(".td-feedback > p").first)
    cloze = drill(page, "cloze")
    cloze.get_by_label("Your answer in English").fill(payload(page, "cloze")["items"][0]
                                                      ["accepted"][0])
    page.keyboard.press("Enter")  # Right.
    ratios["right"] = contrast(cloze.locator(".td-feedback > p").first)
    assert all(r >= 4.5 for r in ratios.values()), ratios


def test_no_serious_axe_violation_in_the_drills_before_and_after_answering(
        page, axe_script) -> None:  # type: ignore[no-untyped-def]
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        assert serious(axe(page, axe_script, "section.termdrills")) == [], theme
    drill(page, "mc").locator(".td-option").first.click()
    drill(page, "cards").get_by_role("button", name="Flip card").click()
    box = drill(page, "typed").get_by_label("Your answer in English")
    box.fill(payload(page, "typed")["items"][0]["accepted"][0][:-1])
    box.press("Enter")
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        assert serious(axe(page, axe_script, "section.termdrills")) == [], theme
