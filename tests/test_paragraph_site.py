"""The aligned view and the paragraph drill in the course itself: the
``termdrills-aligned`` directive (termdrills/book/aligned_page.py), the leaders' speeches
page that shows the official quotes with it, and the government-services page's
paragraph exercise (on the site built by `make test`; the browser tests drive it)."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document
from sphinx.search import WordCollector
from sphinx.search.en import SearchEnglish
from test_site import search_index, site_pages, tags

from termdrills import load_glossary
from termdrills.book.aligned_page import HtmlElement, html_to_nodes, site_css
from termdrills.grading import bilingual, prepare_passage, prepare_terms
from termdrills.grading.view import PALETTE_DARK, PALETTE_LIGHT, render_aligned

ROOT = Path(__file__).resolve().parent.parent
LEADERS = "lessons/leaders_speeches.html"
SERVICES = "lessons/government_services.html"
QUOTES = ("modernization-of-governance", "service-oriented-government")


def _view(term_id: str) -> dict:
    g = load_glossary(ROOT / "glossary.csv")
    t = g.get(term_id)
    return bilingual(prepare_passage(t.example_zh, prepare_terms(g.terms),
                                     references=[t.example_en]))


def test_the_view_becomes_text_nodes_so_search_sees_words_not_numbered_words() -> None:
    tree = html_to_nodes(render_aligned(_view("service-oriented-government")))
    assert isinstance(tree[0], HtmlElement) and tree[0]["tag"] == "table"
    zh_cells = [n for n in tree[0].findall(HtmlElement)
                if n["tag"] == "td" and ("lang", "zh-CN") in n["attrs"]]
    assert len(zh_cells) == 5
    document = new_document("aligned")
    document += nodes.container("", *tree)
    collector = WordCollector(document, SearchEnglish({}))
    document.walk(collector)
    words = set(collector.found_words)
    assert {"service", "oriented", "government", "credibility", "5", "服务型政府"} <= words
    assert not [w for w in words if re.fullmatch(r"[1-8][A-Za-z]\w*", w)]


def test_markup_in_a_glossary_example_stays_text() -> None:
    tree = html_to_nodes('<table><tr><td lang="zh-CN">&lt;b&gt;粗体&lt;/b&gt; &amp; 5</td></tr></table>')
    cell = next(n for n in tree[0].findall(HtmlElement) if n["tag"] == "td")
    assert cell.astext() == "<b>粗体</b> & 5"


def test_the_drills_term_colours_are_the_graders() -> None:
    css = (ROOT / "termdrills" / "static" / "drills.css").read_text(encoding="utf-8")
    pairs = re.findall(r"mark\.t(\d) \{ background: (#\w+); color: (#\w+); \}", css)
    light = [(bg, fg) for i, bg, fg in pairs[:8]]
    dark = [(bg, fg) for i, bg, fg in pairs[8:16]]
    assert light == [tuple(p) for p in PALETTE_LIGHT]
    assert dark == [tuple(p) for p in PALETTE_DARK]
    assert [(bg, fg) for i, bg, fg in pairs[16:24]] == dark  # the book's own dark mode
    assert len(pairs) == 24
    # and the site's copy of the view's CSS follows the book's dark mode too
    assert 'html[data-theme="dark"] .td-aligned mark.t0' in site_css()


# ---------------------------------------------------------------- on the built site


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_leaders_page_shows_each_official_quote_once_in_the_aligned_view(built_site: Path) -> None:
    html = _html(built_site, LEADERS)
    tables = re.findall(r'<table class="td-aligned">.*?</table>', html, re.DOTALL)
    assert len(tables) == 2  # the notebook's own display of them is not on the site
    g = load_glossary(ROOT / "glossary.csv")
    for term_id, table in zip(QUOTES, tables, strict=True):
        quote = g.get(term_id)
        plain = lambda cell: html_lib.unescape(re.sub(
            r'<span class="(?:vg|td-sr)".*?</span>|<sup class="tn">\d+</sup>|<[^>]+>', "", cell))
        zh = "".join(plain(c) for c in re.findall(r'<td lang="zh-CN">(.*?)</td>', table, re.DOTALL))
        en = " ".join(plain(c) for c in re.findall(r"<td>(.*?)</td>", table, re.DOTALL))
        assert zh == quote.example_zh
        assert " ".join(en.split()) == quote.example_en
        assert '<td lang="zh-CN">' in table and "Official translation" in table
        # every term is marked in the Chinese and in the English, with one colour each
        marks = re.findall(r'<mark class="t(\d) v-(\w+)"><sup class="tn">(\d+)</sup>', table)
        zh = {n: c for c, kind, n in marks if kind == "zh"}
        en = {n: c for c, kind, n in marks if kind != "zh"}
        assert zh and zh == en, (zh, en)
    links = [a.get("href", "") for t, a in tags(built_site / LEADERS) if t == "link"]
    assert any(h.split("?")[0].endswith("_static/termdrills-aligned.css") for h in links)
    assert (built_site / "_static" / "termdrills-aligned.css").read_text(encoding="utf-8") \
        == site_css()


def test_only_pages_with_the_view_load_its_css(built_site: Path) -> None:
    loading = [p.relative_to(built_site).as_posix() for p in site_pages(built_site)
               if "termdrills-aligned.css" in p.read_text(encoding="utf-8")]
    with_view = sorted(f"lessons/{p.stem}.html" for p in (ROOT / "lessons").glob("*.ipynb")
                       if "aligned(g," in p.read_text(encoding="utf-8"))
    assert LEADERS in with_view and loading == with_view


def test_search_index_has_no_term_number_glued_to_a_word(built_site: Path) -> None:
    index = search_index(built_site)
    glued = [w for w in index["terms"]
             if re.fullmatch(r"[1-8](?:new|deep|modern|transform|streamlin|develop|it|servic)\w*",
                             w)]
    assert glued == []


def test_government_services_page_has_the_paragraph_exercise(built_site: Path) -> None:
    html = _html(built_site, SERVICES)
    datas = [json.loads(m) for m in re.findall(
        r'<script type="application/json" class="termdrills-data">(.*?)</script>', html, re.DOTALL)]
    paragraph = [d for d in datas if d["kind"] == "paragraph"]
    assert len(paragraph) == 1
    p = paragraph[0]["payload"]
    assert p["zh"].startswith("持续优化政务服务是便利企业和群众") and p["zh"].endswith("内在要求。")
    assert p["references"] == [] and p["model"]["text"].startswith("Continuously optimizing")
    assert [t["id"] for t in p["terms"]] == [
        "optimize-government-services", "facilitate-circulation-national-economy",
        "new-development-paradigm", "service-oriented-government", "modernization-of-governance"]
    assert "not an official\ntranslation" in html or "not an official translation" in html


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
