"""No page load ever empties a student's review store, in Debian chromium.

The fixture page of tests/test_drills_browser.py (every drill kind, course
``termdrills``). The old code imported a progress file with one value the scheduler
cannot take (tests/hostile/stores/), saved it, and at the next page load, unable to read
the store, replaced the whole of it with an empty one; a version 1 store with a due
date at JavaScript's limit went the same way after its migration, and so did a card at
the format's largest stability once reviewed. Now: an import is checked whole against
the scheduler's bounds before anything is written, and refused with the reason; a store
a page cannot read is copied aside (a key of its own, offered for download, listed by
the Review drill) before anything else is written, or, where no copy can be made, left
as it is. Screenshots of the notices go to /work/shots/ when that folder exists, else to
tests/artifacts/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import STORE_KEY, after_frame, drill, payload, store
from test_hostile_store import REFUSED, STORES_DIR, browser_verdict

pytestmark = pytest.mark.browser
try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or, when required, fails) before any use
    expect = None

DRILLS = 9
UNREAD = f"{STORE_KEY}:unread:"
NOW = 1_700_000_000_000
DAY = 86_400_000
LIMIT = 8_640_000_000_000_000
SHOTS = Path("/work/shots")


@pytest.fixture()
def page(offline_page, drills_url):  # type: ignore[no-untyped-def]
    pg, log = offline_page
    pg.goto(drills_url)
    mounted(pg)
    yield pg
    assert log.outside_requests == []
    assert log.console_errors == []
    assert log.page_errors == []


def mounted(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"document.querySelectorAll('section.termdrills').length === {DRILLS}")


def reload(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate(after_frame("true"))  # what the page saves after a frame is saved
    page.reload()
    mounted(page)


def shot(page, locator, name: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    folder = SHOTS if SHOTS.is_dir() else artifacts
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(folder / name))


def answer_typed(page, text: str) -> None:  # type: ignore[no-untyped-def]
    box = drill(page, "typed").get_by_label("Your answer in English")
    box.fill(text)
    box.press("Enter")
    expect(drill(page, "typed").locator(".td-feedback")).not_to_be_empty()


def unread_copies(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return page.evaluate(f"""Object.fromEntries(Object.entries(localStorage)
        .filter(([k]) => k.startsWith({json.dumps(UNREAD)})))""")


def import_file(page, path: Path) -> str:  # type: ignore[no-untyped-def]
    review = drill(page, "review")
    said = review.locator(".td-feedback")
    page.evaluate("document.querySelector('section[data-drill=review] .td-feedback')"
                  ".textContent = ''")
    review.get_by_label("Import progress (JSON file)").set_input_files(path)
    expect(said).not_to_be_empty()
    return said.inner_text()


def test_an_import_outside_the_bounds_is_refused_whole_with_its_reason(
        page, tmp_path: Path, artifacts: Path) -> None:
    """Every refused file of the corpus, imported in turn over a store with one answer:
    the reason shown, nothing written, and a reload finds the student's store as it was."""
    answer_typed(page, "wrong")
    before = store(page)
    assert len(before["terms"]) == 1
    for name in REFUSED:
        said = import_file(page, STORES_DIR / name)
        assert said == f"Not imported: {browser_verdict(name)}. Nothing was changed.", name
        assert store(page) == before, name
    # the screenshot: the refusal of the first example
    said = import_file(page, STORES_DIR / "stability_zero.json")
    shot(page, drill(page, "review"), "store-import-refused.png", artifacts)
    reload(page)
    assert page.locator(".td-notice:visible").count() == 0
    assert store(page) == before
    # a good file of the corpus still imports
    assert import_file(page, STORES_DIR / "proto_term_ids.json") == \
        "Progress imported: 4 terms."
    reload(page)
    assert sorted(store(page)["terms"]) == sorted(
        [*before["terms"], "__proto__", "constructor", "hasOwnProperty"])


def bounds_store(term: str) -> str:
    """A store whose one card, for `term`, is at the format's largest stability."""
    card = {"state": 2, "step": None, "stability": 1_000_000, "difficulty": 1.0,
            "due": NOW - DAY, "last_review": NOW - 400 * DAY, "lesson": "basics", "seen": 5,
            "right": 5, "wrong": 0, "again": 0, "log": []}
    return json.dumps({"schema": "termdrills-review", "version": 2, "course": "termdrills",
                       "terms": {term: card}})


def test_an_answer_at_the_largest_stability_survives_the_reload(page) -> None:
    """A card at 1,000,000 days of stability answered right: the review grows it past
    the format's maximum, which the old code saved, and the next load emptied the store."""
    first = payload(page, "typed")["items"][0]
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, bounds_store(first["id"])])
    reload(page)
    answer_typed(page, first["accepted"][0])
    reload(page)
    assert page.locator(".td-notice:visible").count() == 0
    card = store(page)["terms"][first["id"]]
    assert card["seen"] == 6 and card["stability"] == 1_000_000
    assert unread_copies(page) == {}


UNREADABLE = {
    # as the old code left a store after importing stability_zero.json
    "stability_zero.json": (STORES_DIR / "stability_zero.json").read_text(encoding="utf-8"),
    # the old code migrated it, saved it, and the next load emptied the store
    "v1_due_at_the_first_date.json": (STORES_DIR / "v1_due_at_the_first_date.json").read_text(
        encoding="utf-8"),
    "not JSON": "{not json",
    "a later version": json.dumps({"schema": "termdrills-review", "version": 3,
                                   "course": "termdrills", "terms": {"x": {"new": "format"}}}),
    "another course": json.dumps({"schema": "termdrills-review", "version": 1,
                                  "course": "another-course", "terms": {}}),
}
REASONS = {
    "not JSON": "not JSON",
    "a later version": "progress format version 3; this page reads versions 1 and 2",
    "another course": 'progress of another course ("another-course", not "termdrills")',
}


@pytest.mark.parametrize("what", sorted(UNREADABLE))
def test_a_store_the_page_cannot_read_is_kept_aside_across_reloads(
        page, what: str, tmp_path: Path, artifacts: Path) -> None:
    raw = UNREADABLE[what]
    why = REASONS.get(what) or browser_verdict(what)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, raw])
    reload(page)
    # The first load: one notice, with the reason and a download of the store as it was.
    notices = page.locator(".td-notice:visible")
    assert notices.count() == 1
    assert notices.first.inner_text().startswith(
        f"Your saved review progress could not be read: {why}. It was not deleted")
    with page.expect_download() as download:
        notices.first.get_by_role("button", name="Download it").click()
    saved = tmp_path / "unread.json"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == raw
    assert download.value.suggested_filename.startswith("termdrills-progress-termdrills-unread-")
    assert list(unread_copies(page).values()) == [raw]
    if what == "stability_zero.json":
        shot(page, drill(page, "cards"), "store-kept-aside-notice.png",
             artifacts)
    # Answers go on being saved, as new progress.
    answer_typed(page, "wrong")
    for _ in range(2):  # and the copy outlives every later load
        reload(page)
        assert page.locator(".td-notice:visible").count() == 0
        assert len(store(page)["terms"]) == 1
        assert list(unread_copies(page).values()) == [raw]
        review = drill(page, "review")
        assert "Kept aside in this browser, never deleted: progress a page could not read (1)" in \
            review.locator(".td-unread").inner_text()
    with page.expect_download() as download:
        review.locator(".td-unread").get_by_role("button").click()
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == raw
    if what == "stability_zero.json":
        shot(page, review, "store-kept-aside-review.png", artifacts)


def test_with_no_room_for_a_copy_the_unreadable_store_is_left_as_it_is(page) -> None:
    """localStorage full: the unreadable store cannot be copied aside, so it is not
    written over either; the page works, its answers kept in memory only."""
    raw = UNREADABLE["stability_zero.json"][:-2] + " " * 600_000 + "}\n"
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, raw])
    filled = page.evaluate("""() => {  // fill the rest of the quota
        let n = 0, chunk = "x".repeat(256 * 1024);
        try { for (;;) localStorage.setItem(`filler:${n++}`, chunk); } catch { }
        chunk = "x".repeat(1024);
        try { for (;;) localStorage.setItem(`filler:${n++}`, chunk); } catch { }
        return n; }""")
    assert filled > 10
    reload(page)
    notice = page.locator(".td-notice:visible")
    assert notice.count() == 1
    assert "It is left as it is (this browser has no room to keep a copy aside)" in \
        notice.first.inner_text()
    answer_typed(page, "wrong")  # the drill still works
    assert drill(page, "review").locator(".td-start").inner_text() == "Review 1 due"
    reload(page)
    assert page.evaluate(f"localStorage.getItem({json.dumps(STORE_KEY)})") == raw
    assert unread_copies(page) == {}
