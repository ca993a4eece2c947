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


def test_search_finds_words_from_lesson_prose(site_url: str, offline_page) -> None:  # type: ignore[no-untyped-def]
    page, log = offline_page
    prose = _prose_words()
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
