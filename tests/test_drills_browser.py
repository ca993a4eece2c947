"""The drills on a built static page, driven in Debian chromium (docs/architecture.md, "Testing").

tests/fixtures/drillbook is a one-page book with every drill kind; it is built
once per session (fixture `drillbook` in conftest.py) with the course site's drill
settings, served on 127.0.0.1, and every request leaving it is blocked and recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import STORE_KEY, after_frame, drill, payload, store

pytestmark = pytest.mark.browser
try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, when required, fails) before any use
    expect = None

DRILLS = ("cards", "mc", "typed", "typed-zh", "cloze", "match", "sentence", "review", "typed-cn")


@pytest.fixture()
def page(offline_page, drills_url):  # type: ignore[no-untyped-def]
    """The fixture page with every drill mounted; afterwards: no outside request,
    no console error, no uncaught exception."""
    pg, log = offline_page
    pg.goto(drills_url)
    pg.wait_for_function(f"document.querySelectorAll('section.termdrills').length === {len(DRILLS)}")
    yield pg
    assert log.outside_requests == []
    assert log.console_errors == []
    assert log.page_errors == []


def feedback(page, drill_id: str):  # type: ignore[no-untyped-def]
    return drill(page, drill_id).locator(".td-feedback")


# ---------------------------------------------------------------- the page as a whole


def test_page_sends_the_code_once_and_every_drill_is_independent(page) -> None:
    scripts = page.locator("script[type=module]").all_text_contents()
    assert sum("function grade(" in s for s in scripts) == 1  # the code, once
    assert sum(len(s) > 1000 for s in scripts) == 1  # every other drill: data only
    assert page.locator("style[data-termdrills]").count() == 1  # the CSS, once
    widget_state = page.locator('script[type="application/vnd.jupyter.widget-state+json"]')
    assert all(s.count("function grade(") <= 1 for s in widget_state.all_text_contents())
    for drill_id in DRILLS:
        host = page.locator(f'div.termdrills-static[data-drill="{drill_id}"]')
        assert "tex2jax_ignore" in host.get_attribute("class")
        assert "mathjax_ignore" in host.get_attribute("class")
    # Answering one drill leaves the others where they were.
    drill(page, "mc").locator(".td-option").first.click()
    assert drill(page, "typed").locator(".td-feedback").inner_text() == ""
    assert drill(page, "cloze").locator(".td-progress").inner_text() == "1 of 4"


def test_markup_and_dollars_in_a_term_show_as_typed(page) -> None:
    cards = drill(page, "cards")
    items = payload(page, "cards")["items"]
    k = next(i for i, it in enumerate(items) if it["id"] == "markup-term")
    for _ in range(k):
        cards.get_by_role("button", name="Next").click()
    cards.get_by_role("button", name="Flip card").click()
    en = cards.locator(".td-card .td-en")
    assert en.text_content() == "US$5 plan </script><!-- <b>bold</b> $x$"
    assert cards.locator(".td-card b").count() == 0
    assert page.locator("mjx-container").count() == 0


def test_interface_language_from_the_drill_argument(page) -> None:
    cn = drill(page, "typed-cn")
    assert cn.get_by_role("button", name="检查").count() == 1
    assert cn.get_by_label("请输入英文答案").count() == 1
    assert drill(page, "typed").get_by_role("button", name="Check").count() == 1


# ---------------------------------------------------------------- flashcards


def test_flashcards_by_keyboard(page) -> None:
    cards = drill(page, "cards")
    items = payload(page, "cards")["items"]
    card = cards.locator(".td-card")
    card.focus()
    assert items[0]["zh"] in card.inner_text()
    assert items[0]["en"] not in card.inner_text()
    page.keyboard.press("Space")
    assert items[0]["en"] in card.inner_text()
    assert items[0]["pinyin"] in card.inner_text()
    page.keyboard.press("3")
    assert "Rated “Good”" in feedback(page, "cards").inner_text()
    assert cards.locator(".td-progress").inner_text() == "2 of 5"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert cards.locator(".td-progress").inner_text() == "2 of 5"
    assert items[1]["zh"] in card.inner_text()
    page.keyboard.press("1")  # not flipped: rating does nothing
    assert cards.locator(".td-progress").inner_text() == "2 of 5"
    first = store(page)["terms"][items[0]["id"]]
    assert (first["seen"], first["right"], first["log"][0][1]) == (1, 1, 3)  # Good = rating 3
    assert "next review in 10 minutes" in feedback(page, "cards").inner_text()


def test_flashcards_by_mouse_both_directions(page) -> None:
    cards = drill(page, "cards")
    items = payload(page, "cards")["items"]
    cards.get_by_role("button", name="Switch direction").click()
    card = cards.locator(".td-card")
    assert items[0]["en"] in card.inner_text() and items[0]["zh"] not in card.inner_text()
    cards.get_by_role("button", name="Flip card").click()
    assert items[0]["zh"] in card.inner_text()
    cards.get_by_role("button", name="1 Again").click()
    assert "td-wrong" in feedback(page, "cards").get_attribute("class")
    assert store(page)["terms"][items[0]["id"]]["again"] == 1


# ---------------------------------------------------------------- multiple choice


def test_multiple_choice_right_by_mouse_wrong_by_keyboard(page) -> None:
    mc = drill(page, "mc")
    questions = payload(page, "mc")["questions"]
    q = questions[0]
    assert len(q["options"]) == 4 and len({o.casefold() for o in q["options"]}) == 4
    mc.locator(".td-option").nth(q["answer"]).click()
    assert feedback(page, "mc").inner_text() == "Right."
    expect(mc.get_by_role("button", name="Next")).to_be_focused()  # by the next frame
    page.keyboard.press("Enter")
    q = questions[1]
    wrong = (q["answer"] + 1) % 4
    page.keyboard.press(str(wrong + 1))
    text = feedback(page, "mc").inner_text()
    assert text == f"Not quite. The answer is “{q['options'][q['answer']]}”."
    assert "td-correct" in mc.locator(".td-option").nth(q["answer"]).get_attribute("class")
    page.keyboard.press("1")  # answered: further keys change nothing
    assert feedback(page, "mc").inner_text() == text


# ---------------------------------------------------------------- typed recall and cloze


def test_typed_recall_right_almost_wrong(page) -> None:
    typed = drill(page, "typed")
    items = payload(page, "typed")["items"]
    box = typed.get_by_label("Your answer in English")
    box.fill(f"  {items[0]['accepted'][0].upper()}  ")
    box.press("Enter")
    assert feedback(page, "typed").inner_text().startswith("Right")
    expect(typed.get_by_role("button", name="Next")).to_be_focused()
    page.keyboard.press("Enter")  # Next
    answer = items[1]["accepted"][0]
    box = typed.get_by_label("Your answer in English")
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially(answer[:-2] + answer[-1])  # one letter left out
    page.keyboard.press("Enter")
    fb = feedback(page, "typed")
    assert fb.inner_text().startswith("Almost")
    assert fb.locator("ins").count() == 1
    typed.get_by_role("button", name="Next").click()
    typed.get_by_label("Your answer in English").fill("something else entirely")
    typed.get_by_role("button", name="Check").click()
    assert feedback(page, "typed").inner_text() == (
        f"Not quite. The answer is “{items[2]['accepted'][0]}”.")


def test_ime_enter_confirming_a_candidate_never_submits(page) -> None:
    typed = drill(page, "typed-zh")
    answer = payload(page, "typed-zh")["items"][0]["accepted"][0]
    box = typed.get_by_label("Your answer in Chinese")
    box.focus()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "zhengwu", "selectionStart": 7,
                                         "selectionEnd": 7})
    cdp.send("Input.imeSetComposition", {"text": answer[:2], "selectionStart": 2,
                                         "selectionEnd": 2})
    # The Enter that picks the candidate: keyCode 229 while composing.
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Enter", "code": "Enter",
                                        "windowsVirtualKeyCode": 229})
    cdp.send("Input.insertText", {"text": answer})
    assert box.input_value() == answer
    assert feedback(page, "typed-zh").inner_text() == ""
    assert box.get_attribute("readonly") is None
    page.keyboard.press("Enter")  # a real Enter, after the composition
    assert feedback(page, "typed-zh").inner_text() == "Right."


def test_cloze_right_with_full_width_and_wrong(page) -> None:
    cloze = drill(page, "cloze")
    items = payload(page, "cloze")["items"]
    sentence = cloze.locator(".td-sentence").inner_text()
    assert items[0]["accepted"][0] not in sentence
    assert cloze.locator(".td-context").inner_text()
    box = cloze.get_by_label("Your answer in English")
    box.fill("ｔｈｅ " + items[0]["accepted"][0])  # full-width article
    box.press("Enter")
    assert feedback(page, "cloze").inner_text().startswith("Right")
    expect(cloze.get_by_role("button", name="Next")).to_be_focused()
    page.keyboard.press("Enter")
    cloze.get_by_label("Your answer in English").fill("zzz")
    page.keyboard.press("Enter")
    assert feedback(page, "cloze").inner_text().startswith("Not quite")
    terms = store(page)["terms"]
    assert ([terms[items[0]["id"]][k] for k in ("right", "wrong")],
            [terms[items[1]["id"]][k] for k in ("right", "wrong")]) == ([1, 0], [0, 1])


# ---------------------------------------------------------------- matching


def test_matching_by_keyboard_and_mouse(page) -> None:
    match = drill(page, "match")
    rnd = payload(page, "match")["rounds"][0]
    zh0, en_other = rnd["zh"][0], next(e for e in rnd["en"] if e["id"] != rnd["zh"][0]["id"])
    match.locator(f'.td-match[data-side="zh"][data-id="{zh0["id"]}"]').focus()
    page.keyboard.press("Enter")
    assert "now pick its partner" in feedback(page, "match").inner_text()
    match.locator(f'.td-match[data-side="en"][data-id="{en_other["id"]}"]').focus()
    page.keyboard.press("Space")
    assert feedback(page, "match").inner_text() == (
        f"“{zh0['text']}” and “{en_other['text']}” are not a pair.")
    for z in rnd["zh"]:
        match.locator(f'.td-match[data-side="en"][data-id="{z["id"]}"]').click()
        match.locator(f'.td-match[data-side="zh"][data-id="{z["id"]}"]').click()
    assert match.locator(".td-match:disabled").count() == 2 * len(rnd["zh"])
    assert "All pairs matched." in feedback(page, "match").inner_text()


# ---------------------------------------------------------------- sentence translation


def test_sentence_translation_scores_and_checks_terms(page) -> None:
    sent = drill(page, "sentence")
    items = payload(page, "sentence")["items"]
    area = sent.get_by_label("Your translation")
    area.fill(items[0]["reference"])
    area.press("Control+Enter")
    text = feedback(page, "sentence").inner_text()
    assert "chrF score: 100.0 / 100" in text
    assert sent.locator(".td-terms .td-ok").count() == len(items[0]["terms"]) >= 1
    assert items[0]["reference"] in sent.locator(".td-reference").inner_text()
    sent.get_by_role("button", name="Next").click()
    assert sent.locator(".td-reference").count() == 0  # not shown before an attempt
    sent.get_by_label("Your translation").fill("Something unrelated.")
    sent.get_by_role("button", name="Check").click()
    assert sent.locator(".td-terms .td-missing").count() == len(items[1]["terms"])
    score = float(sent.locator(".td-score").inner_text().split(": ")[1].split(" /")[0])
    assert score < 40
    # Colour only on the verdict lines: the headings keep the text colour.
    fb = feedback(page, "sentence")
    assert "td-neutral" in fb.get_attribute("class")
    colour = "el => getComputedStyle(el).color"
    assert fb.locator(".td-score").evaluate(colour) == fb.evaluate(colour)
    assert fb.locator(".td-missing").first.evaluate(colour) != fb.evaluate(colour)
    for k in range(2, len(items)):
        sent.get_by_role("button", name="Next").click()
        sent.get_by_label("Your translation").fill(items[k]["reference"])
        sent.get_by_role("button", name="Check").click()
    sent.get_by_role("button", name="Next").click()
    terms = sum(len(i["terms"]) for i in items)
    right = terms - len(items[1]["terms"])
    # the summary counts sentences, and the terms within them, said as such
    assert feedback(page, "sentence").inner_text() == (
        f"Done: {len(items)} sentence(s); {right} of {terms} glossary term(s) in them "
        "rendered as official English does.")


def test_sentence_translation_names_a_deprecated_rendering(page) -> None:
    sent = drill(page, "sentence")
    items = payload(page, "sentence")["items"]
    k = next(i for i, item in enumerate(items)
             if any(t["deprecated"] for t in item["terms"]))
    for _ in range(k):
        sent.get_by_label("Your translation").fill("x")
        sent.get_by_role("button", name="Check").click()
        sent.get_by_role("button", name="Next").click()
    term = next(t for t in items[k]["terms"] if t["deprecated"])
    bad = items[k]["reference"].replace(term["accepted"][0], term["deprecated"][0]["form"])
    sent.get_by_label("Your translation").fill(bad)
    sent.get_by_role("button", name="Check").click()
    said = feedback(page, "sentence").inner_text()
    assert (f"Avoid: {term['zh']} as “{term['deprecated'][0]['form']}”: "
            f"{term['deprecated'][0]['note']}") in said


# ---------------------------------------------------------------- feedback that teaches


def typed_answer(page, drill_id: str, text: str) -> str:  # type: ignore[no-untyped-def]
    box = drill(page, drill_id).get_by_label("Your answer in English")
    box.fill(text)
    box.press("Enter")
    return feedback(page, drill_id).inner_text()


def test_every_verdict_but_the_exact_form_teaches_the_preferred_rendering(page) -> None:
    items = {i["id"]: i for i in payload(page, "typed")["items"]}
    order = [i["id"] for i in payload(page, "typed")["items"]]

    def answer_for(term_id: str, text: str) -> str:
        typed = drill(page, "typed")
        while order[0] != term_id:  # skip ahead to the term's question
            typed_answer(page, "typed", "skip")
            typed.get_by_role("button", name="Next").click()
            order.pop(0)
        order.pop(0)
        said = typed_answer(page, "typed", text)
        typed.get_by_role("button", name="Next").click()
        return said

    ids = sorted(items, key=order.index)
    said = {term_id: None for term_id in ids}
    for term_id in ids:
        if term_id == "state-council":
            said[term_id] = answer_for(term_id, "state council")
        elif term_id == "people-centred":
            said[term_id] = answer_for(term_id, "people-centered")
        elif term_id == "government-services":
            said[term_id] = answer_for(term_id, "Government Affairs Services")
        elif term_id == "modernization":
            said[term_id] = answer_for(term_id, "Modernizaton")
    # forgiven case and article: right, and the official form shown
    assert said["state-council"] == "Right. The official form: “the State Council”."
    # American for British spelling is the official form, not a mistake (the student guide)
    assert said["people-centred"] == "Right. The official form: “people-centred”."
    # a deprecated rendering: its reason, never "almost"
    assert said["government-services"].startswith(
        "“Government Affairs Services” is not the official rendering: a word-for-word "
        "rendering: English names the services.")
    assert said["government-services"].endswith("is “government services”.")
    # a near miss: the difference in the student's own spelling, and in words
    assert said["modernization"].startswith("Almost. Expected “modernization”")
    assert "In words:" in said["modernization"]


def test_a_near_miss_shows_the_difference_in_the_students_spelling(page) -> None:
    first = payload(page, "typed")["items"][0]
    answer = first["accepted"][0]
    typo = answer[0].upper() + answer[1:-2] + answer[-1]  # capitalised, one letter left out
    said = typed_answer(page, "typed", typo)
    fb = feedback(page, "typed")
    assert said.startswith("Almost")
    assert fb.locator("ins").inner_text().endswith(answer[-2])  # the missing letter
    shown = fb.locator(".td-diff").evaluate(
        "el => [...el.childNodes].filter(n => n.nodeName !== 'INS').map(n => n.textContent)"
        ".join('')")
    assert shown == typo  # the student's own text, capital included
    assert f"missing “{answer[-2]}”" in said


# ---------------------------------------------------------------- kept places


def test_a_reload_resumes_the_drill_and_start_again_is_a_new_attempt(page) -> None:
    typed = drill(page, "typed")
    items = payload(page, "typed")["items"]
    typed_answer(page, "typed", items[0]["accepted"][0])
    typed.get_by_role("button", name="Next").click()
    typed_answer(page, "typed", "wrong")
    page.reload()
    page.wait_for_function(f"document.querySelectorAll('section.termdrills').length === {len(DRILLS)}")
    typed = drill(page, "typed")
    assert typed.locator(".td-progress").inner_text() == f"3 of {len(items)}"  # not question 1
    assert items[2]["prompt"] in typed.locator(".td-prompt").inner_text()
    again = typed.get_by_role("button", name="Start again")
    assert again.is_visible()
    again.click()
    assert typed.locator(".td-progress").inner_text() == f"1 of {len(items)}"
    typed_answer(page, "typed", items[0]["accepted"][0])
    kept = page.evaluate(after_frame("""Object.entries(localStorage)
        .filter(([k]) => k.includes(':place:') && k.endsWith(':typed'))
        .map(([, v]) => JSON.parse(v))"""))
    assert len(kept) == 1
    attempts = [(a["attempt"], a["item"], a["verdict"]) for a in kept[0]["answers"]]
    assert attempts == [(1, 0, "right"), (1, 1, "wrong"), (2, 0, "right")]


# ---------------------------------------------------------------- review and progress


def test_review_progress_survives_a_reload(page) -> None:
    review = drill(page, "review")
    start = review.locator(".td-start")
    assert start.is_disabled()
    assert "not met any" in review.locator(".td-help").inner_text()
    typed = drill(page, "typed")
    first = payload(page, "typed")["items"][0]
    typed.get_by_label("Your answer in English").fill("wrong answer")
    typed.get_by_role("button", name="Check").click()
    expect(start).to_have_text("Review 1 due")  # the review drill follows the page's answers
    page.reload()
    page.wait_for_selector('section[data-drill="review"]')
    review = drill(page, "review")
    assert review.locator(".td-start").inner_text() == "Review 1 due"
    assert "Today: 1" in review.locator(".td-chart").inner_text()  # the 7-day forecast
    review.locator(".td-start").click()
    # A term got wrong is in FSRS learning: it comes back within the session (learning
    # steps of 1 and 10 minutes, within the 20-minute learn-ahead) until it graduates;
    # the session says so, and its counter moves.
    progress = review.locator(".td-progress")
    assert progress.inner_text() == "0 answered, 1 to go"
    assert review.locator(".td-early").count() == 0  # due within the minute: not early
    review.get_by_label("Your answer in English").fill(first["accepted"][0])
    page.keyboard.press("Enter")
    said = feedback(page, "review").inner_text()
    assert said.startswith("Right")
    assert ("You are still learning this term: it comes back in this session, after the "
            "other due terms (its next step is in 10 minutes).") in said
    assert progress.inner_text() == "1 answered, 1 to go"
    expect(review.get_by_role("button", name="Next")).to_be_focused()
    page.keyboard.press("Enter")
    assert first["prompt"] in review.locator(".td-prompt").inner_text()  # seconds later
    assert review.locator(".td-early").inner_text() == (
        "Back before its time (due in 10 minutes): you are still learning it, and nothing "
        "else is due.")
    review.get_by_label("Your answer in English").fill(first["accepted"][0])
    page.keyboard.press("Enter")
    assert "Next review " in feedback(page, "review").inner_text()  # learnt: days away
    assert progress.inner_text() == "2 answered, 0 to go"
    page.keyboard.press("Enter")
    said = feedback(page, "review").inner_text()
    assert "Review finished: 2 right of 2. Nothing else is due now." in said
    assert "The next review is due tomorrow" in said or "in 2 days" in said
    chart = review.locator(".td-chart").inner_text()
    assert "Today: 0" in chart
    assert "Basics: 1 known, " in chart
    assert "likely recalled a week from now; 67% of 3 answers right" in chart
    assert review.locator(".td-start").is_disabled()  # nothing due: no "Review n due" offer


def test_review_chart_says_learning_for_a_term_just_answered_wrong(page) -> None:
    """A term just answered wrong was "100% likely recalled now" next to "0% of 1 answers
    right"; it is "learning" (it comes back within minutes), and recall looks a week
    ahead."""
    typed = drill(page, "typed")
    typed.get_by_label("Your answer in English").fill("wrong answer")
    typed.get_by_role("button", name="Check").click()
    review = drill(page, "review")
    expect(review.locator(".td-acc")).to_have_text(
        "Basics: 1 learning (back within minutes until you know them); 0% of 1 answers right")
    assert "100%" not in review.locator(".td-chart").inner_text()


def test_two_tabs_keep_each_others_answers(page, drills_url) -> None:  # type: ignore[no-untyped-def]
    """Each tab keeps the store it read parsed (core/storage.js); an answer in one tab
    reaches the other as a storage event, so the other's next answer adds to it instead
    of writing its older copy over it."""
    other = page.context.new_page()
    other.goto(drills_url)
    other.wait_for_function(
        f"document.querySelectorAll('section.termdrills').length === {len(DRILLS)}")
    for tab, drill_id in ((page, "typed"), (other, "typed"), (page, "cloze"), (other, "cloze")):
        d = drill(tab, drill_id)
        d.locator("input.td-input").first.fill("not this")
        d.get_by_role("button", name="Check").first.click()
        expect(feedback(tab, drill_id)).to_contain_text("Not quite")
        tab.evaluate(after_frame("true"))  # saved
        tab.wait_for_timeout(50)           # and the other tab told
    ids = {payload(page, "typed")["items"][0]["id"], payload(page, "cloze")["items"][0]["id"]}
    terms = store(page)["terms"]
    assert ids <= set(terms)
    assert sum(t["seen"] for t in terms.values()) == 4  # no answer lost by either tab
    other.close()


@pytest.mark.parametrize("stored", ["{not json", json.dumps({"schema": "termdrills-review",
                         "version": 1, "course": "another-course", "terms": {}})])
def test_corrupt_or_foreign_store_is_reset_with_a_notice(page, stored: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, stored])
    page.reload()
    page.wait_for_selector('section[data-drill="review"]')
    notices = page.locator(".td-notice:visible")
    assert notices.count() == 1
    assert "could not be read" in notices.first.inner_text()  # version 1 of another course
    assert store(page)["course"] == "termdrills" and store(page)["terms"] == {}
    assert drill(page, "review").locator(".td-start").inner_text() == "Review 0 due"


def test_export_and_import_progress(page, tmp_path: Path) -> None:
    typed = drill(page, "typed")
    typed.get_by_label("Your answer in English").fill("wrong")
    typed.get_by_role("button", name="Check").click()
    review = drill(page, "review")
    with page.expect_download() as download:
        review.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert exported["course"] == "termdrills" and len(exported["terms"]) == 1
    page.evaluate(f"localStorage.removeItem('{STORE_KEY}')")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "something else"}')
    # Reading the chosen file is asynchronous: wait for the feedback.
    review.get_by_label("Import progress (JSON file)").set_input_files(bad)
    expect(feedback(page, "review")).to_contain_text("Nothing was changed")
    assert store(page) is None
    review.get_by_label("Import progress (JSON file)").set_input_files(saved)
    expect(feedback(page, "review")).to_have_text("Progress imported: 1 terms.")
    assert store(page)["terms"] == exported["terms"]
    assert review.locator(".td-start").inner_text() == "Review 1 due"


# ---------------------------------------------------------------- accessibility


def test_inputs_labelled_feedback_live_focus_visible(page) -> None:
    for drill_id in DRILLS:
        d = drill(page, drill_id)
        assert d.locator(".td-feedback").get_attribute("aria-live") == "polite"
        for control in d.locator("input, textarea").all():
            label = page.locator(f'label[for="{control.get_attribute("id")}"]')
            assert label.count() == 1 and label.inner_text().strip()
        assert d.locator("[onclick], div[role=button], span[role=button]").count() == 0
    page.locator('section[data-drill="mc"] .td-option').first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused == "solid"


def test_dark_mode_follows_the_book_theme(page, artifacts: Path) -> None:
    root = drill(page, "mc")
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    light = root.evaluate("el => getComputedStyle(el).color")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    dark = root.evaluate("el => getComputedStyle(el).color")
    assert root.evaluate("el => getComputedStyle(el).colorScheme") == "dark"
    assert light != dark
    root.locator(".td-option").first.click()
    for drill_id in ("mc", "review", "cards"):
        drill(page, drill_id).screenshot(path=artifacts / f"drill-{drill_id}-dark.png")


# ---------------------------------------------------------------- the live (anywidget) path


LIVE = """async ([loader, source]) => {
  let current = source;
  const listeners = new Set();
  const holder = { get: (key) => (key === "source" ? current : undefined),
    on: (event, fn) => listeners.add(fn), off: (event, fn) => listeners.delete(fn) };
  const manager = { get_model: async (id) => {
    if (id !== "code1") throw new Error(`no model ${id}`);
    return holder;
  } };
  const state = { kind: "typed_recall", code: "IPY_MODEL_code1", lang: "en", course: "live",
    drill_id: "live", answers: [], payload: { direction: "zh-en", items: [
      { id: "state-council", lesson: "l", prompt: "国务院", pinyin: "",
        accepted: ["the State Council", "State Council"] }] } };
  const calls = [];
  const model = { get: (k) => state[k], set: (k, v) => { state[k] = v; calls.push(`set ${k}`); },
    save_changes: () => calls.push("save"), on() {}, off() {}, send() {},
    widget_manager: manager };
  const url = URL.createObjectURL(new Blob([loader], { type: "text/javascript" }));
  const live = await import(url);
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = await live.default.render({ model, el });
  el.querySelector("input").value = "state council";
  el.querySelector(".td-check").click();
  const out = { feedback: el.querySelector(".td-feedback").textContent, answers: state.answers,
    calls, styles: document.querySelectorAll("style[data-termdrills]").length };
  // The kernel sends new code (a drill file was edited): the drill draws itself again.
  // It resumes where the student was: the one question is answered, so the summary.
  current = source.replace('"Start again"', '"Begin anew"');
  for (const fn of [...listeners]) await fn();
  out.redrawn = el.querySelector(".td-nav .td-btn").textContent;
  out.resumed = el.querySelector(".td-feedback").textContent;
  cleanup();
  out.left = el.childElementCount;
  out.listening = listeners.size;
  return out;
}"""


def test_live_loader_runs_the_module_from_the_shared_code_model(page) -> None:
    """What anywidget does in JupyterLab: the drill's `_esm` (live.js) gets the module
    from the code model through the widget manager; answers are set on the model and
    saved (so `drill.results` sees them)."""
    from termdrills.drills import _assets

    out = page.evaluate(LIVE, [_assets.live_loader(), _assets.module()])
    assert out["feedback"] == "Right. The official form: “the State Council”."
    assert [a["verdict"] for a in out["answers"]] == ["right"]
    assert out["answers"][0]["term_id"] == "state-council"
    assert out["calls"] == ["set answers", "save"]
    assert out["styles"] == 1  # the page's style is reused, not added again
    assert out["left"] == 0  # cleanup empties the element
    assert out["redrawn"] == "Begin anew"  # edited code reaches a drill already shown
    assert out["resumed"] == "Done: 1 right of 1."  # ... where the student was
    assert out["listening"] == 0  # and cleanup stops listening


# ---------------------------------------------------------------- issue 26: as students live it


def test_flashcards_count_one_rating_per_card_and_a_held_key_rates_once(page) -> None:
    """An 8-card deck ended "Done: 9 right of 9", and a card rated twice jumped to "next
    review in 2–4 days": one rating per card and pass; a change of mind replaces it; a
    digit held down on the last card rates it once."""
    cards = drill(page, "cards")
    items = payload(page, "cards")["items"]
    n = len(items)
    first = items[0]["id"]
    cards.locator(".td-card").focus()
    page.keyboard.press("Space")
    page.keyboard.press("3")
    assert cards.locator(".td-progress").inner_text() == f"2 of {n}"
    cards.get_by_role("button", name="Previous").click()
    page.keyboard.press("Space")
    page.keyboard.press("3")  # the same rating again: still one review, still minutes away
    assert feedback(page, "cards").inner_text() == "Rated “Good”: next review in 10 minutes."
    assert store(page)["terms"][first]["seen"] == 1
    cards.get_by_role("button", name="Previous").click()
    page.keyboard.press("Space")
    page.keyboard.press("1")  # a change of mind
    assert feedback(page, "cards").inner_text().startswith(
        "Rated “Again” instead of “Good”: next review ")
    card = store(page)["terms"][first]
    assert (card["seen"], card["right"], card["wrong"], card["again"]) == (1, 0, 1, 1)
    for _ in range(1, n - 1):
        page.keyboard.press("Space")
        page.keyboard.press("4")
    assert cards.locator(".td-progress").inner_text() == f"{n} of {n}"
    page.keyboard.press("Space")
    for _ in range(5):  # "4" held down on the last card: the browser repeats it
        page.keyboard.down("4")
    page.keyboard.up("4")
    assert feedback(page, "cards").inner_text().endswith(f"Done: {n - 1} right of {n}.")
    kept = page.evaluate(after_frame("""Object.entries(localStorage)
        .filter(([k]) => k.includes(':place:') && k.endsWith(':cards'))
        .map(([, v]) => JSON.parse(v).answers)"""))[0]
    assert sorted(a["item"] for a in kept) == list(range(n))  # one answer per card
    assert store(page)["terms"][items[-1]["id"]]["seen"] == 1


def test_the_end_of_a_drill_lists_the_terms_missed(page) -> None:
    """Multiple choice, typed recall and cloze ended with a bare "Done: 2 right of 8"."""
    mc = drill(page, "mc")
    questions = payload(page, "mc")["questions"]
    mc.locator(".td-option").first.focus()
    for k, q in enumerate(questions):
        page.keyboard.press(str((q["answer"] + 1) % 4 + 1) if k else str(q["answer"] + 1))
        expect(mc.get_by_role("button", name="Next")).to_be_focused()
        page.keyboard.press("Enter")
    said = feedback(page, "mc")
    assert said.locator("p").first.inner_text() == f"Done: 1 right of {len(questions)}."
    missed = said.locator(".td-missed li").all_inner_texts()
    assert missed == [
        f"{q['prompt']} → {q['options'][q['answer']]} (you answered "
        f"“{q['options'][(q['answer'] + 1) % 4]}”)" for q in questions[1:]]
    assert said.locator(".td-missed li [lang='zh-CN']").count() == len(questions) - 1

    typed = drill(page, "typed")
    items = payload(page, "typed")["items"]
    for k, item in enumerate(items):
        typed_answer(page, "typed", item["accepted"][0] if k == 0 else "no idea")
        typed.get_by_role("button", name="Next").click()
    assert typed.locator(".td-missed li").all_inner_texts() == [
        f"{item['prompt']} → {item['accepted'][0]} (you answered “no idea”)"
        for item in items[1:]]

    cloze = drill(page, "cloze")
    cloze_items = payload(page, "cloze")["items"]
    for item in cloze_items:
        cloze.get_by_label("Your answer in English").fill("zzz")
        cloze.get_by_role("button", name="Check").click()
        cloze.get_by_role("button", name="Next").click()
    assert cloze.locator(".td-missed li").all_inner_texts() == [
        f"{i['zh']} → {i['en']} (you answered “zzz”)" for i in cloze_items]

    # reloaded at its end, typed recall showed two "Start again" buttons
    page.reload()
    page.wait_for_function(f"document.querySelectorAll('section.termdrills').length === {len(DRILLS)}")
    typed = drill(page, "typed")
    assert typed.get_by_role("button", name="Start again").count() == 1
    assert typed.locator(".td-missed li").count() == len(items) - 1


def test_sentence_drill_counts_a_term_the_grader_counts(page) -> None:
    """"The State Council's guideline" was "✗ Missing: 国务院" in the sentence drill, while
    the paragraph drill and the grader counted it: one rule (core/forms.js, termUses)."""
    sent = drill(page, "sentence")
    items = payload(page, "sentence")["items"]
    k = next(i for i, item in enumerate(items) if any(t["id"] == "state-council"
                                                      for t in item["terms"]))
    for _ in range(k):
        sent.get_by_label("Your translation").fill("x")
        sent.get_by_role("button", name="Check").click()
        sent.get_by_role("button", name="Next").click()
    sent.get_by_label("Your translation").fill("The State Council's guideline came out.")
    sent.get_by_role("button", name="Check").click()
    line = sent.locator('.td-terms li[class="td-ok"]').filter(has_text="国务院")
    assert line.inner_text() == "✓ Used: 国务院, “State Council”."


MOUNT = """([kind, payload]) => {
  const state = { kind, payload, lang: "en", course: "mounted", drill_id: `m-${kind}`,
    answers: [], place: {} };
  const model = { get: (k) => state[k], set: (k, v) => { state[k] = v; },
    save_changes() {}, on() {}, off() {}, send() {} };
  const el = document.createElement("div");
  el.id = `mounted-${kind}`;
  document.querySelector("main").prepend(el);
  globalThis.termdrills.render({ model, el });
}"""


def test_grading_forgives_british_spelling_and_warns_near_deprecated_forms(page) -> None:
    """On the page, with the course's own rows: "electronic licences" (British) was
    "almost"; a spacing variant or a typo of a deprecated form got a bare "Not quite"."""
    items = [
        {"id": "electronic-certificates", "lesson": "l", "prompt": "电子证照", "pinyin": "",
         "accepted": ["electronic certificates", "electronic licenses"], "deprecated": []},
        {"id": "internet-plus", "lesson": "l", "prompt": "互联网+政务服务", "pinyin": "",
         "accepted": ["the Internet Plus Government Services initiative",
                      "Internet Plus government services"],
         "deprecated": [{"form": "Internet+ government services",
                         "note": "the + is not read aloud."}]},
        {"id": "smart", "lesson": "l", "prompt": "智慧政务", "pinyin": "",
         "accepted": ["smart government services"],
         "deprecated": [{"form": "wisdom government services", "note": "a calque."}]}]
    page.evaluate(MOUNT, ["typed_recall", {"direction": "zh-en", "items": items}])
    typed = page.locator("#mounted-typed_recall section")
    said = []
    for answer in ("electronic licences", "Internet + government services",
                   "wisdom goverment services"):
        typed.get_by_label("Your answer in English").fill(answer)
        typed.get_by_role("button", name="Check").click()
        said.append(typed.locator(".td-feedback").inner_text())
        typed.get_by_role("button", name="Next").click()
    assert said[0] == ("Right: “electronic licences” is an accepted alternative; the "
                       "preferred rendering is “electronic certificates”.")
    assert said[1] == ("“Internet + government services” is close to “Internet+ government "
                       "services”, which is not the official rendering: the + is not read "
                       "aloud. The official rendering is “the Internet Plus Government "
                       "Services initiative”.")
    assert said[2].startswith("“wisdom goverment services” is close to “wisdom government "
                              "services”, which is not the official rendering: a calque.")


def test_the_answer_box_is_as_wide_as_the_drill(page) -> None:
    """The typed-answer box was about 255 px wide: a long rendering scrolled out of sight."""
    typed = drill(page, "typed")
    box = typed.get_by_label("Your answer in English")
    width = box.evaluate("e => e.getBoundingClientRect().width")
    room = typed.locator(".td-answer").evaluate("e => e.getBoundingClientRect().width")
    assert width >= room - 1, (width, room)
    long = "modernization of China's system and capacity for governance"
    box.fill(long)
    fits = """e => { const c = document.createElement("canvas").getContext("2d");
      const st = getComputedStyle(e); c.font = st.font;
      return c.measureText(e.value).width <= e.clientWidth - parseFloat(st.paddingLeft)
        - parseFloat(st.paddingRight); }"""
    assert box.evaluate(fits)  # all of it in sight while typed


def test_pinyin_is_not_marked_as_chinese(page) -> None:
    """Pinyin in a flashcard inherited lang="zh-CN" (a Chinese voice, CJK glyphs)."""
    cards = drill(page, "cards")
    cards.get_by_role("button", name="Flip card").click()
    pinyin = cards.locator(".td-card .td-pinyin")
    assert pinyin.evaluate("e => e.closest('[lang]').getAttribute('lang')") == "zh-Latn-pinyin"
    font = pinyin.evaluate("e => getComputedStyle(e).fontFamily")
    assert "CJK" not in font, font
    assert cards.locator(".td-card .td-zh").evaluate(
        "e => e.closest('[lang]').getAttribute('lang')") == "zh-CN"
    mc = drill(page, "mc")
    assert mc.locator(".td-pinyin").evaluate(
        "e => e.closest('[lang]').getAttribute('lang')") == "zh-Latn-pinyin"


def test_forecast_dates_are_not_in_the_us_format(page) -> None:
    """The forecast said "12/9" (9 December, or 12 September?): "Wed 9 Dec"."""
    import re

    labels = drill(page, "review").locator(".td-bar-label").all_inner_texts()
    assert labels[0].startswith("Today: ") and labels[1].startswith("Tomorrow: ")
    for label in labels[2:]:
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}: \d+", label), label


def test_on_a_phone_check_keeps_the_feedback_in_sight(browser, drills_url, artifacts) -> None:  # type: ignore[no-untyped-def]
    """On a phone the focus moved to Next after Check, and the page scrolled past the
    sentence drill's feedback to it (420 px of page: a phone with its keyboard open)."""
    context = browser.new_context(viewport={"width": 390, "height": 420}, is_mobile=True,
                                  has_touch=True)
    try:
        pg = context.new_page()
        pg.goto(drills_url)
        pg.wait_for_function(f"document.querySelectorAll('section.termdrills').length === {len(DRILLS)}")
        sent = drill(pg, "sentence")
        reference = payload(pg, "sentence")["items"][0]["reference"]
        area = sent.get_by_label("Your translation")
        area.scroll_into_view_if_needed()
        area.fill(reference)
        sent.get_by_role("button", name="Check").tap()
        expect(sent.get_by_role("button", name="Next")).to_be_focused()
        top = sent.locator(".td-feedback").evaluate(
            "async e => { await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));"
            " return e.getBoundingClientRect().top; }")
        assert 0 <= top < 420 - 48, top  # the score and the first lines in sight
        pg.screenshot(path=artifacts / "sentence-phone-after-check.png")
    finally:
        context.close()
