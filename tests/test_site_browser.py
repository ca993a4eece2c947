"""The built site in Debian's chromium, served on 127.0.0.1 with every outside request
blocked (fixtures in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from test_site import GLOSSARY_PAGE, ROOT, site_pages

from termdrills import load_glossary
from termdrills.contracts import CODE_FILE

pytestmark = pytest.mark.browser

LESSONS = ROOT / "lessons"


def _visible_terms(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        ".tdg-term", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )


def _filter(page, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.fill(".tdg-filter input", text)
    page.wait_for_selector('.tdg-filter[aria-busy="false"]', state="attached")
    return _visible_terms(page)


def test_every_page_loads_offline_without_errors(built_site: Path, site_url: str,
                                                 offline_page) -> None:  # type: ignore[no-untyped-def]
    page, log = offline_page
    pages = site_pages(built_site)
    assert len(pages) >= 5
    for path in pages:
        rel = path.relative_to(built_site).as_posix()
        page.goto(site_url + rel, wait_until="load")
        page.wait_for_timeout(100)  # let deferred and module scripts run
        assert log.outside_requests == [], rel
        assert log.console_errors == [], rel
        assert log.page_errors == [], rel


def test_glossary_filter_narrows_by_chinese_pinyin_and_english(site_url: str,
                                                               offline_page) -> None:  # type: ignore[no-untyped-def]
    glossary = load_glossary(ROOT / "glossary.csv")
    page, log = offline_page
    page.goto(site_url + GLOSSARY_PAGE)
    everything = _visible_terms(page)
    assert len(everything) == len(glossary)

    by_zh = _filter(page, "政务服务")
    assert set(by_zh) == {t.id for t in glossary if "政务服务" in t.zh}
    assert 0 < len(by_zh) < len(everything)
    assert page.text_content(".tdg-filter-count") == f"{len(by_zh)} of {len(glossary)} terms"

    # pinyin: tone marks and spaces optional, same result either way
    assert set(_filter(page, "zhengwu fuwu")) == set(by_zh)
    assert set(_filter(page, "zhèngwù fúwù")) == set(by_zh)
    assert set(_filter(page, "ZHENGWUFUWU")) == set(by_zh)
    assert "state-council" in _filter(page, "guowuyuan")

    by_en = _filter(page, "government services")
    expected = {t.id for t in glossary
                if any("government services" in e.lower() for e in
                       (*t.accepted_en, *t.deprecated_en))}
    assert set(by_en) == expected
    assert _filter(page, "interprovincial") == ["inter-provincial-government-services"]  # alt
    # a form to avoid finds its term, whose entry says why ("wisdom" found nothing)
    wisdom = {t.id for t in glossary if any("wisdom" in d.lower() for d in t.deprecated_en)}
    assert wisdom and set(_filter(page, "wisdom")) == wisdom

    assert _filter(page, "no such term anywhere") == []
    assert page.text_content(".tdg-filter-count") == f"0 of {len(glossary)} terms"
    assert len(_filter(page, "")) == len(glossary)
    assert log.console_errors == [] and log.outside_requests == []


def test_term_anchor_is_stable(site_url: str, offline_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = offline_page
    page.goto(site_url + GLOSSARY_PAGE + "#government-services")
    entry = page.locator("#government-services")
    assert "政务服务" in entry.text_content()
    assert entry.is_visible()
    assert entry.evaluate("e => { const r = e.getBoundingClientRect(); "
                          "return r.top >= 0 && r.top < innerHeight; }")


@pytest.mark.parametrize("query", ["政务服务", "government services", "跨省通办"])
def test_site_search_finds_terms_in_chinese_and_english(site_url: str, offline_page,
                                                        query: str) -> None:  # type: ignore[no-untyped-def]
    page, log = offline_page
    page.goto(f"{site_url}search.html?q={quote(query)}")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    links = page.eval_on_selector_all("#search-results ul.search li a",
                                      "els => els.map(e => e.getAttribute('href'))")
    assert any(link.startswith(GLOSSARY_PAGE) for link in links), links
    assert log.console_errors == [] and log.outside_requests == []


def _lesson_pages(built_site: Path) -> list[Path]:
    return sorted((built_site / "lessons").glob("*.html"))


def test_a_drill_on_a_lesson_page_answers(built_site: Path, site_url: str,
                                          offline_page) -> None:  # type: ignore[no-untyped-def]
    lesson = built_site / "lessons" / "government_services.html"
    if not lesson.exists():
        pytest.skip("lessons/government_services is not in the built site")
    page, log = offline_page
    page.goto(site_url + "lessons/government_services.html")
    page.wait_for_selector("section.termdrills")
    data = page.eval_on_selector_all(
        "div.termdrills-static script.termdrills-data",
        "els => els.map(e => JSON.parse(e.textContent))"
        ".filter(d => d.kind === 'typed_recall' && d.payload.direction === 'zh-en')",
    )
    assert data, "no zh→en typed-recall drill on the lesson page"
    drill_id, items = data[0]["drill_id"], data[0]["payload"]["items"]
    drill = page.locator(f'section.termdrills[data-drill="{drill_id}"]')
    assert items[0]["prompt"] in drill.inner_text()
    box = drill.get_by_label("Your answer in English")
    box.fill(items[0]["accepted"][0])
    box.press("Enter")
    assert drill.locator(".td-feedback").inner_text().startswith("Right")
    drill.get_by_role("button", name="Next").click()
    assert items[1]["prompt"] in drill.inner_text()
    drill.get_by_label("Your answer in English").fill("something else entirely")
    drill.get_by_role("button", name="Check").click()
    assert drill.locator(".td-feedback").inner_text() == (
        f"Not quite. The answer is “{items[1]['accepted'][0]}”.")
    assert log.console_errors == [] and log.outside_requests == [] and log.page_errors == []


def test_lesson_page_screenshot(built_site: Path, site_url: str, offline_page,
                                artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    lessons = _lesson_pages(built_site)
    if not lessons:
        pytest.skip("no lesson pages in the built site yet")
    page, log = offline_page
    first = "lessons/government_services.html"
    if not (built_site / first).exists():
        first = lessons[0].relative_to(built_site).as_posix()
    page.goto(site_url + first)
    page.wait_for_selector("section.termdrills")
    page.locator("section.termdrills").first.scroll_into_view_if_needed()
    out = artifacts / "lesson.png"
    page.screenshot(path=str(out), full_page=False)
    assert out.stat().st_size > 10_000
    assert log.console_errors == [] and log.outside_requests == []


def test_drills_mount_from_the_shared_code_file_also_from_disk(built_site: Path, site_url: str,
                                                               browser) -> None:  # type: ignore[no-untyped-def]
    """Opened from disk (file://, where a module script with src would be blocked) and
    served: every drill of a lesson page mounts in its own host, from the one code file.
    (Its own context: the offline fixture's filter would also block file:// URLs.)"""
    lesson = "lessons/government_services.html"
    context = browser.new_context()
    page = context.new_page()
    outside, errors = [], []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("file:", site_url, "data:", "blob:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for url in ((built_site / lesson).as_uri(), site_url + lesson):
            page.goto(url)
            hosts = page.locator("div.termdrills-static").count()
            assert hosts > 1
            page.wait_for_function(
                f"document.querySelectorAll('section.termdrills').length === {hosts}")
            mounted = page.eval_on_selector_all(
                "div.termdrills-static", "els => els.map(e => e.dataset.drill === "
                "e.querySelector('section.termdrills')?.dataset.drill)")
            assert all(mounted), url
            assert page.evaluate("typeof globalThis.termdrills.render") == "function"
    finally:
        context.close()
    assert outside == [] and errors == []


@pytest.mark.parametrize("order", ["kinds first", "core first"])
def test_drills_mount_when_the_code_runs_while_the_page_is_parsed(built_site: Path, tmp_path: Path,
                                                                  browser, order: str) -> None:  # type: ignore[no-untyped-def]
    """The code files are async: the core and each kind's file may run in any order, and
    before the rest of the page is parsed. Here they run (as plain scripts, the kinds'
    before or after the core) between one drill's data and its mount element: the drills
    before it mount at once, that drill and the next mount when the page is parsed."""
    import re
    import shutil

    lesson = (built_site / "lessons" / "government_services.html").read_text(encoding="utf-8")
    hosts = re.findall(r'<div class="termdrills-static.*?</div></div><script>'
                       r"globalThis\.termdrills\?\.mountAll\(\);</script>", lesson, re.DOTALL)
    assert len(hosts) >= 3
    code = next(p for p in (built_site / "_static").glob("termdrills-*.js")
                if CODE_FILE.fullmatch(p.name))
    kinds = sorted({re.search(r'\{"kind":"([a-z_]+)"', h)[1] for h in hosts[:3]})
    files = [code, *(code.with_name(f"{code.stem}-{k}.js") for k in kinds)]
    if order == "kinds first":
        files = files[1:] + files[:1]
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    cut = hosts[1].index('<div class="termdrills-mount">')
    page_html = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + hosts[0]
                 + hosts[1][:cut] + "".join(f'<script src="{f.name}"></script>' for f in files)
                 + "<script>window.early = document.querySelectorAll('section.termdrills')"
                   ".length;</script>" + hosts[1][cut:] + hosts[2] + "</body></html>")
    (tmp_path / "page.html").write_text(page_html, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((tmp_path / "page.html").as_uri())
        page.wait_for_function("document.querySelectorAll('section.termdrills').length === 3")
        assert page.evaluate("window.early") == 1  # only the complete drill, at first
        assert "could not start" not in page.inner_text("body")
    finally:
        context.close()
    assert errors == []


def test_review_covers_every_term_met_on_the_site(site_url: str, offline_page) -> None:  # type: ignore[no-untyped-def]
    """The Review drill covered only the lessons its notebook listed (unit 1): a term of a
    lesson added later was scheduled but never came up. It reviews every term met on the
    site (the site's terms file, termdrills/book/site_terms.py)."""
    import json

    page, log = offline_page
    page.goto(site_url + "lessons/review.html")
    page.wait_for_selector("section.td-review .td-start")
    data = page.locator("section.td-review").evaluate(
        "el => el.closest('.termdrills-static').querySelector('script.termdrills-data')"
        ".textContent")
    listed = {item["id"] for item in json.loads(data)["payload"]["items"]}
    assert page.locator("section.td-review .td-start").inner_text() == "Review 0 due"
    # a lesson of a later unit: its multiple choice, the first question answered wrong
    for lesson in ("carbon_goals", "green_development", "rural_revitalization"):
        page.goto(site_url + f"lessons/{lesson}.html")
        page.wait_for_selector("section.td-multiple_choice .td-option")
        mc = page.locator("section.td-multiple_choice").first
        question = json.loads(mc.evaluate(
            "el => el.closest('.termdrills-static').querySelector('script.termdrills-data')"
            ".textContent"))["payload"]["questions"][0]
        if question["id"] not in listed:
            break
    else:
        pytest.fail("every later lesson's first question is a unit 1 term")
    mc.locator(".td-option").nth((question["answer"] + 1) % 4).click()
    page.wait_for_timeout(100)  # saved after the frame that shows the feedback
    page.goto(site_url + "lessons/review.html")
    review = page.locator("section.td-review")
    start = review.locator(".td-start")
    page.wait_for_function("document.querySelector('section.td-review .td-start')"
                           ".textContent === 'Review 1 due'", timeout=10_000)
    start.click()
    assert question["prompt"] in review.locator(".td-prompt").inner_text()
    title = page.evaluate("globalThis.termdrillsSiteTerms.lessons")[question["lesson"]]
    assert review.locator(".td-acc").inner_text().startswith(f"{title}: 1 learning")
    assert log.console_errors == [] and log.outside_requests == []


def test_a_drill_waits_for_its_kinds_code(built_site: Path, tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """A drill whose kind's file has not arrived stays "Loading…", then mounts when it
    comes; the drills whose code is there work meanwhile."""
    import re
    import shutil

    lesson = (built_site / "lessons" / "government_services.html").read_text(encoding="utf-8")
    hosts = re.findall(r'<div class="termdrills-static.*?</div></div><script>'
                       r"globalThis\.termdrills\?\.mountAll\(\);</script>", lesson, re.DOTALL)
    by_kind = {re.search(r'\{"kind":"([a-z_]+)"', h)[1]: h for h in hosts}
    assert {"flashcards", "multiple_choice"} <= set(by_kind)
    code = next(p for p in (built_site / "_static").glob("termdrills-*.js")
                if CODE_FILE.fullmatch(p.name))
    for f in (code, *(code.with_name(f"{code.stem}-{k}.js")
                      for k in ("flashcards", "multiple_choice"))):
        shutil.copy(f, tmp_path / f.name)
    page_html = ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                 f'<script src="{code.name}"></script>'
                 f'<script src="{code.stem}-flashcards.js"></script></head><body>'
                 + by_kind["flashcards"] + by_kind["multiple_choice"] + "</body></html>")
    (tmp_path / "page.html").write_text(page_html, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((tmp_path / "page.html").as_uri())
        page.wait_for_function("document.querySelectorAll('section.termdrills').length === 1")
        waiting = page.locator('div.termdrills-static[data-drill] >> nth=1')
        assert waiting.get_attribute("data-mounted") is None
        assert "could not start" not in page.inner_text("body")
        page.add_script_tag(path=str(tmp_path / f"{code.stem}-multiple_choice.js"))
        page.wait_for_function("document.querySelectorAll('section.termdrills').length === 2")
        page.locator("section.termdrills >> nth=1").get_by_role("button").first.click()
    finally:
        context.close()
    assert errors == []
