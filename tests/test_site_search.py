"""The site search as students use it: every Chinese word on the site, taken from the
lessons' own prose; pinyin with or without tone marks; glossary terms that land on
their entry (termdrills/book/search.py). On the site built by `make test`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from test_a11y_site import UNMARKED
from test_site import GLOSSARY_PAGE

from termdrills import load_glossary

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent


def _search(page: Any, site_url: str, query: str) -> list[str]:
    page.goto(f"{site_url}search.html?q={quote(query)}")
    page.wait_for_function("document.querySelector('#search-results .search-summary')"
                           "?.textContent.length > 0", timeout=15_000)
    return page.eval_on_selector_all("#search-results ul.search li > a",
                                     "els => els.map(e => e.getAttribute('href'))")


def _prose_words() -> dict[str, list[str]]:
    """Chinese words of each lesson's prose that are not glossary terms: the first
    three-to-four-character runs of its markdown cells (outside code and roles)."""
    terms = {t.zh for t in load_glossary(ROOT / "glossary.csv")}
    words: dict[str, list[str]] = {}
    for nb in sorted((ROOT / "lessons").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        text = re.sub(r"```.*?```|`[^`]*`|\{[a-z]+\}`[^`]*`", " ", text, flags=re.DOTALL)
        runs = [r for r in re.findall(r"[\u4e00-\u9fff]{3,4}", text) if r not in terms]
        words[f"lessons/{nb.stem}.html"] = list(dict.fromkeys(runs))[:3]
    return words


LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb"))


@pytest.mark.parametrize("lesson_name", LESSONS)
def test_search_finds_words_from_lesson_prose(site_url: str, offline_page,
                                              lesson_name: str) -> None:  # type: ignore[no-untyped-def]
    """Each lesson's page is found by words of its prose (one test per lesson: they run
    side by side, tests/conftest.py ``SHARDED``)."""
    page, log = offline_page
    prose = {k: v for k, v in _prose_words().items() if k == f"lessons/{lesson_name}.html"}
    assert prose, lesson_name
    named = {"一网通办", "免证办", "容缺受理"}  # words students searched for in vain
    for lesson, words in prose.items():
        text = (ROOT / "lessons" / Path(lesson).with_suffix(".ipynb").name).read_text(
            encoding="utf-8")
        for word in [*words, *(w for w in named if w in text)]:
            links = _search(page, site_url, word)
            assert any(link.split("#")[0] == lesson for link in links), (word, links)
            marked = page.evaluate(UNMARKED)
            assert marked == [], marked  # the results mark their Chinese too
    assert log.console_errors == [] and log.outside_requests == []


@pytest.mark.parametrize("query", ["zhèngwù fúwù", "zhengwu fuwu", "政务服务", "government services"])
def test_glossary_hits_land_on_the_term(site_url: str, offline_page, query: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = offline_page
    links = _search(page, site_url, query)
    assert f"{GLOSSARY_PAGE}#government-services" in links, links
    page.locator(f'#search-results a[href="{GLOSSARY_PAGE}#government-services"]').click()
    page.wait_for_url(f"**/{GLOSSARY_PAGE}#government-services")
    entry = page.locator("#government-services")
    assert entry.evaluate("e => { const r = e.getBoundingClientRect(); "
                          "const f = document.querySelector('.tdg-filter').getBoundingClientRect();"
                          " return r.top >= f.bottom - 1 && r.top < innerHeight; }")


def _summaries(page: Any) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "#search-results ul.search li", "els => els.filter(e => e.querySelector('p.context'))"
        ".map(e => [e.querySelector('a').getAttribute('href'), "
        "e.querySelector('p.context').textContent])")


def test_pinyin_hits_show_where_the_pinyin_is(site_url: str, offline_page) -> None:  # type: ignore[no-untyped-def]
    """A page found by "zhengwu" showed "....md" (the start of the page: its download
    button) instead of its text: the summary looked for the query as typed, not for
    "zhèngwù". Every summary now shows the words found, tone marks and all."""
    page, log = offline_page
    _search(page, site_url, "zhengwu")
    page.wait_for_function("[...document.querySelectorAll('#search-results ul.search li')]"
                           ".every(li => li.querySelector('p.context') || "
                           "li.querySelector('span'))", timeout=15_000)
    summaries = _summaries(page)
    assert len(summaries) >= 3, summaries
    for href, text in summaries:
        assert ".md" not in text[:8] and ".ipynb" not in text[:8], (href, text)
        folded = text.lower().replace("è", "e").replace("ù", "u")
        assert "zhengwu" in folded, (href, text)
    assert log.console_errors == []


@pytest.mark.parametrize("query", ["government services", "政务服务", "zhengwu fuwu",
                                   "zhèngwù fúwù"])
def test_the_exact_glossary_entry_comes_first(site_url: str, offline_page, query: str) -> None:  # type: ignore[no-untyped-def]
    """"government services" listed the glossary's own entry ninth, below the variants
    page and every page that mentions the words."""
    page, _ = offline_page
    links = _search(page, site_url, query)
    assert links[0] == f"{GLOSSARY_PAGE}#government-services", links[:5]


def test_search_highlights_are_legible_in_dark_mode(site_url: str, browser, axe_script) -> None:  # type: ignore[no-untyped-def]
    """The theme's dark mode drew the highlighted query at 2.06:1 (axe: serious)."""
    from _a11y import axe, contrast, serious
    from test_a11y_site import SETTLED, _context

    context = _context(browser, "dark")
    try:
        page = context.new_page()
        for mode in ("dark", "light"):
            _search(page, site_url, "zhengwu")
            page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
            page.evaluate(SETTLED)
            marks = page.locator("#search-results .highlighted")
            assert marks.count() > 3
            assert min(contrast(marks.nth(k)) for k in range(marks.count())) >= 4.5, mode
            assert serious(axe(page, axe_script, "#search-results")) == [], mode
            page.screenshot(path=ROOT / "tests" / "artifacts" / f"search-{mode}.png")
    finally:
        context.close()
