"""The built course site as students meet it: axe-core on every page in light and dark,
before and after answering every drill kind; Chinese marked as Chinese; the search; the
phone layout. (Served on 127.0.0.1, every outside request blocked: conftest.py.)

Run times are kept down by using one browser context per colour mode for all pages, and
one lesson page per drill kind for the answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _a11y import axe, contrast, serious
from test_site import GLOSSARY_PAGE, site_pages

from termdrills import load_glossary

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
MODES = ("light", "dark")

#: Text nodes with Chinese that no element marks as Chinese (scripts and styles aside).
UNMARKED = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!/[\\u3400-\\u4dbf\\u4e00-\\u9fff]/.test(n.data)) continue;
    const el = n.parentElement;
    if (el.closest("script, style, template, noscript")) continue;
    const lang = el.closest("[lang]")?.getAttribute("lang") ?? "";
    if (!lang.toLowerCase().startsWith("zh")) out.push(n.data.trim().slice(0, 40));
  }
  return out;
}"""
MOUNTED = ("document.querySelectorAll('section.termdrills').length === "
           "document.querySelectorAll('.termdrills-static').length")


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function(MOUNTED)


def _context(browser: Any, mode: str, **options: Any) -> Any:
    context = browser.new_context(color_scheme=mode, **options)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
    return context


def _check(page: Any, axe_script: Path, where: str) -> list[str]:
    """Serious axe violations and unmarked Chinese on the page, as lines."""
    problems = [f"{where}: {line}" for line in serious(axe(page, axe_script))]
    problems += [f"{where}: Chinese not marked zh-CN: {text!r}"
                 for text in page.evaluate(UNMARKED)]
    return problems


# ---------------------------------------------------------------- axe and lang, every page


#: The theme fades its colours when its mode changes: measure once every transition has
#: ended. Two frames first (a transition starts at the style change that follows the
#: switch), then until nothing is running (a finished fade may start another).
SETTLED = """async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let round = 0; round < 20; round++) {
    const running = document.getAnimations().filter((a) => a.playState !== "finished"
      && a.effect?.getComputedTiming().endTime !== Infinity);  // a spinner never ends
    if (!running.length) return;
    await Promise.allSettled(running.map((a) => a.finished));
  }
}"""


def _both_modes(page: Any, axe_script: Path, where: str) -> list[str]:
    """`_check` in the theme's light mode, then in its dark mode: the theme's own switch
    (it sets html[data-theme]), on the page as it is (answers and all)."""
    problems = []
    for mode in MODES:
        page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
        page.evaluate(SETTLED)
        problems += _check(page, axe_script, f"{where} ({mode})")
    return problems


#: The site's pages are checked in this many shares, each a test of its own (so that test
#: processes side by side share the work: tests/conftest.py, ``SHARDED``).
SHARES = 4


@pytest.mark.parametrize("share", range(SHARES))
def test_every_page_passes_axe_and_marks_its_chinese(built_site: Path, site_url: str, browser,
                                                     axe_script: Path, share: int) -> None:  # type: ignore[no-untyped-def]
    """Every page, light and dark: one browser context, one load per page; every
    `SHARES`-th page from `share` (together the shares check every page)."""
    context = _context(browser, "dark")
    try:
        page = context.new_page()
        problems = []
        for path in site_pages(built_site)[share::SHARES]:
            rel = path.relative_to(built_site).as_posix()
            _open(page, site_url + rel)
            # the theme follows the reader's OS (here dark) until its switch is used
            assert page.evaluate("document.documentElement.dataset.theme") == "dark", rel
            problems += _both_modes(page, axe_script, rel)
        assert problems == []
    finally:
        context.close()


def _answer_lesson_drills(page: Any) -> None:
    """On a lesson page, answer every drill on it once wrong or nearly, once right."""
    for section in page.locator("section.termdrills").all():
        kind = next(c[3:] for c in section.get_attribute("class").split() if c.startswith("td-"))
        drill_id = section.get_attribute("data-drill")
        state = json.loads(page.locator(f'div.termdrills-static[data-drill="{drill_id}"] '
                                        "script.termdrills-data").text_content())
        if kind == "flashcards":
            section.locator(".td-card").click()  # a tap turns it
            section.get_by_role("button", name="1 Again").click()
        elif kind == "multiple_choice":
            section.locator(".td-option").first.click()
        elif kind in ("typed_recall", "cloze"):
            box = section.locator("input.td-input")
            box.fill(state["payload"]["items"][0]["accepted"][0][:-1])  # Almost: a diff
            box.press("Enter")
            section.get_by_role("button", name="Next").click()
            box.fill("no such rendering")  # Not quite
            box.press("Enter")
        elif kind == "matching":
            section.locator('.td-match[data-side="zh"]').first.click()
            section.locator('.td-match[data-side="en"]').first.click()
        elif kind == "paragraph":
            section.locator("textarea").fill("China will further optimize government "
                                             "services.")
            section.get_by_role("button", name="Check").click()
        elif kind == "sentence":
            section.locator("textarea").fill("Government services will be optimized.")
            section.get_by_role("button", name="Check").click()
        elif kind == "review":
            start = section.locator(".td-start")
            if start.is_enabled():
                start.click()
                section.locator("input.td-input").fill("wrong")
                section.locator("input.td-input").press("Enter")


LESSONS = ("lessons/government_services.html", "lessons/administrative_reform.html",
           "lessons/leaders_speeches.html", "lessons/review.html")


def test_every_drill_kind_answered_still_passes_axe(built_site: Path, site_url: str, browser,
                                                    axe_script: Path) -> None:  # type: ignore[no-untyped-def]
    lessons = [rel for rel in LESSONS if (built_site / rel).exists()]
    context = _context(browser, "light")
    try:
        page = context.new_page()
        problems, kinds = [], set()
        for rel in lessons:  # the review comes last: the answers before make terms due
            _open(page, site_url + rel)
            _answer_lesson_drills(page)
            kinds |= {c for s in page.locator("section.termdrills").all()
                      for c in s.get_attribute("class").split()}
            problems += _both_modes(page, axe_script, rel)
        if "lessons/review.html" in lessons:  # accuracy per lesson, by the lesson's title
            chart = page.locator("section.td-review .td-chart").inner_text()
            assert "Optimize government services: " in chart, chart
        assert {"td-flashcards", "td-multiple_choice", "td-typed_recall", "td-cloze",
                "td-matching", "td-sentence", "td-paragraph", "td-review"} <= kinds
        assert problems == []
    finally:
        context.close()


def test_chinese_is_drawn_with_simplified_chinese_glyphs(site_url: str, offline_page) -> None:  # type: ignore[no-untyped-def]
    """Chromium picks the font for Chinese by its language: marked zh-CN, the Simplified
    Chinese face; unmarked on an English page, the Japanese one (other glyphs)."""
    page, _ = offline_page
    page.goto(site_url + GLOSSARY_PAGE)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    fonts = {}
    for selector in (".tdg-zh", ".tdg-example-zh", "section.tdg-lesson p:not(.tdg-head)"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        fonts[selector] = [f["familyName"] for f in used if "CJK" in f["familyName"]]
    assert fonts[".tdg-zh"] and all(
        names and all(n.endswith(" SC") for n in names) for names in fonts.values()
        if names), fonts


# ---------------------------------------------------------------- dark mode


def test_dark_mode_draws_no_light_frame_and_dark_tables(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, "dark")
    try:
        page = context.new_page()
        _open(page, site_url + "lessons/review.html")
        frames = page.eval_on_selector_all(
            "div.cell_output div.output.text_html",
            "els => els.map(e => [e.querySelector('section.termdrills, table') ? "
            "e.querySelector('section.termdrills') ? 'drill' : 'table' : 'other', "
            "getComputedStyle(e).backgroundColor])")
        assert any(kind == "drill" for kind, _ in frames)
        assert all(bg in ("rgba(0, 0, 0, 0)", "transparent") for kind, bg in frames
                   if kind != "other"), frames
        for cell in page.locator("div.cell_output table td, div.cell_output table th").all():
            if cell.inner_text().strip():
                assert contrast(cell) >= 4.5, cell.inner_text()
        page.locator("section.termdrills").first.screenshot(
            path=ROOT / "tests" / "artifacts" / "review-dark.png")
    finally:
        context.close()


# ---------------------------------------------------------------- keyboard on the site


def test_matching_next_round_takes_the_focus(site_url: str, built_site: Path,
                                             offline_page) -> None:  # type: ignore[no-untyped-def]
    rel = "lessons/administrative_reform.html"
    if not (built_site / rel).exists():
        pytest.skip(f"{rel} is not in the built site")
    page, log = offline_page
    _open(page, site_url + rel)
    data = [json.loads(s) for s in page.locator(
        "div.termdrills-static script.termdrills-data").all_text_contents()]
    state = next(d for d in data if d["kind"] == "matching" and len(d["payload"]["rounds"]) > 1)
    match = page.locator(f'section[data-drill="{state["drill_id"]}"]')
    first, second = state["payload"]["rounds"][:2]
    for pair in first["zh"]:
        match.locator(f'.td-match[data-side="zh"][data-id="{pair["id"]}"]').click()
        match.locator(f'.td-match[data-side="en"][data-id="{pair["id"]}"]').click()
    assert match.get_by_role("button", name="Next").evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    active = page.evaluate("[document.activeElement.dataset.side, document.activeElement.dataset.id]")
    assert active == ["zh", second["zh"][0]["id"]]  # the first term of round 2, not <body>
    page.keyboard.press("Tab")  # Tab moves through round 2
    assert page.evaluate("document.activeElement.dataset.id") == second["zh"][1]["id"]
    assert log.page_errors == []


# ---------------------------------------------------------------- phone and layout


def test_glossary_page_lists_its_lessons_in_the_contents(site_url: str, offline_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = offline_page
    page.goto(site_url + GLOSSARY_PAGE)
    glossary = load_glossary(ROOT / "glossary.csv")
    toc = page.eval_on_selector_all(".bd-sidebar-secondary nav a",
                                    "els => els.map(e => e.getAttribute('href'))")
    assert toc == [f"#lesson-{slug}" for slug in glossary.lessons()]


@pytest.mark.parametrize("width", [390, 1280])
def test_glossary_filter_stays_small_and_covers_what_scrolls_under_it(
        site_url: str, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, "light", viewport={"width": width, "height": 844},
                       is_mobile=width < 500, has_touch=width < 500)
    try:
        page = context.new_page()
        page.goto(site_url + GLOSSARY_PAGE)
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(300)
        box = page.evaluate("""() => {
          const head = document.querySelector('.bd-header-article').getBoundingClientRect();
          const sticky = document.querySelector('.tdg-glossary').getBoundingClientRect();
          return { gap: sticky.top - head.bottom, height: sticky.height, top: sticky.top }; }""")
        assert abs(box["gap"]) <= 1, box  # nothing shows through between header and filter
        assert box["height"] <= 60, box
        page.screenshot(path=ROOT / "tests" / "artifacts" / f"glossary-{width}.png")
    finally:
        context.close()


def test_phone_layout_keeps_progress_on_one_line_and_tables_whole(
        site_url: str, built_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = _context(browser, "light", viewport={"width": 390, "height": 844},
                       is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        _open(page, site_url + "lessons/government_services.html")
        lines = page.eval_on_selector_all(
            "section.termdrills .td-progress",
            "els => els.filter(e => e.textContent).map(e => [e.textContent, "
            "Math.round(e.getBoundingClientRect().height / "
            "parseFloat(getComputedStyle(e).lineHeight))])")
        assert lines and all(n == 1 for _, n in lines), lines
        page.locator("section.termdrills").first.screenshot(
            path=ROOT / "tests" / "artifacts" / "drill-phone.png")
        page.goto(site_url + "book/performance.html")
        cut = page.eval_on_selector_all(
            ".bd-content table", "els => els.map(t => [t.parentElement.scrollWidth, "
            "t.parentElement.clientWidth]).filter(([s, c]) => s > c + 1)")
        assert cut == []
    finally:
        context.close()
