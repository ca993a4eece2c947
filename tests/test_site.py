"""The built course site (_build/html, built by `make test` before pytest runs).

These read the HTML and the search index; test_site_browser.py drives a browser
over the same site, test_site_build.py builds copies of the book.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from termdrills import load_glossary
from termdrills.book.search import han_grams
from termdrills.contracts import CODE_CHUNK, CODE_FILE

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY_PAGE = "book/glossary.html"


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the site (not the theme's own static files)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


class _Tags(HTMLParser):
    """Collects (tag, attrs) of every start tag, and the text of elements by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(page: Path) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


def search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary(ROOT / "glossary.csv")


def test_no_page_loads_anything_from_outside_the_site(built_site: Path) -> None:
    outside = []
    for page in site_pages(built_site):
        for tag, attrs in tags(page):
            if tag not in ("script", "link", "img", "iframe", "source", "video", "audio"):
                continue
            for attr in ("src", "href", "srcset"):
                value = attrs.get(attr, "").strip()
                if re.match(r"(https?:)?//", value, re.IGNORECASE):
                    outside.append(f"{page.relative_to(built_site)}: <{tag} {attr}={value}>")
    assert outside == []
    # nor thebe / MathJax / require.js from a local copy: they need a kernel or a CDN anyway
    for page in site_pages(built_site):
        scripts = [a.get("src", "").lower() for t, a in tags(page) if t == "script"]
        for name in ("thebe", "mathjax", "require"):
            assert not any(name in s for s in scripts), f"{page.relative_to(built_site)}: {name}"


def test_lesson_pages_carry_no_unused_widget_state(built_site: Path) -> None:
    lessons = sorted((built_site / "lessons").glob("*.html"))
    assert lessons
    for page in lessons:
        html = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-state+json" not in html, page.name
        assert "termdrills-static" in html, f"{page.name} has no drill"


def test_glossary_page_lists_every_term_with_its_anchor(built_site: Path, glossary) -> None:  # type: ignore[no-untyped-def]
    page = built_site / GLOSSARY_PAGE
    found = {attrs["id"]: attrs for tag, attrs in tags(page) if "tdg-term" in attrs.get("class", "")}
    assert set(found) == {t.id for t in glossary}
    # the entries are HTML the extension writes (text escaped as text, attributes as
    # attributes): compared as a browser reads them
    text = unescape(page.read_text(encoding="utf-8"))
    for t in glossary:
        for value in (t.zh, t.pinyin, t.en, *t.alt_en, t.example_zh, t.example_en):
            assert value in text, f"{t.id}: {value!r} missing"
        if t.source_url:
            assert f'href="{t.source_url}"' in text


def test_glossary_page_groups_by_lesson_and_sorts_by_pinyin(built_site: Path, glossary) -> None:  # type: ignore[no-untyped-def]
    order = [
        (attrs["id"], tag)
        for tag, attrs in tags(built_site / GLOSSARY_PAGE)
        if "tdg-term" in attrs.get("class", "") or "tdg-lesson" in attrs.get("class", "")
    ]
    by_lesson: dict[str, list[str]] = {}
    lesson = ""
    for ident, _tag in order:
        if ident.startswith("lesson-") and ident[len("lesson-"):] in glossary.lessons():
            lesson = ident[len("lesson-"):]
            by_lesson[lesson] = []
        else:
            by_lesson[lesson].append(ident)
    assert list(by_lesson) == list(glossary.lessons())
    for slug, ids in by_lesson.items():
        assert set(ids) == {t.id for t in glossary.by_lesson(slug)}
        keys = [_toneless(glossary.get(i).pinyin) for i in ids]
        assert keys == sorted(keys), f"{slug} not sorted by pinyin"


def test_glossary_text_is_escaped_not_markup(built_site: Path) -> None:
    html = (built_site / GLOSSARY_PAGE).read_text(encoding="utf-8")
    # the course's own 互联网+政务服务 keeps its plus sign as text; no cell becomes a tag
    assert "互联网+政务服务" in html
    assert "<script>alert" not in html


def test_search_index_has_every_chinese_word_and_glossary_objects(built_site: Path, glossary) -> None:  # type: ignore[no-untyped-def]
    index = search_index(built_site)
    words = set(index["terms"]) | set(index["titleterms"])
    # Chinese is indexed as character pairs (termdrills/book/search.py): every pair of every
    # glossary term is a search word, so every term, also one inside a longer one, is found
    missing = [t.zh for t in glossary if not set(han_grams(t.zh)) <= words]
    assert missing == []
    assert {"政务", "务服", "服务"} <= words
    assert {"govern", "servic", "zhengwu", "fuwu"} <= words  # pinyin without tone marks
    # every term is a search object that links to its anchor on the glossary page
    objects = {anchor: name for entries in index["objects"].values()
               for _doc, _type, _prio, anchor, name in entries}
    assert set(objects) == {t.id for t in glossary}
    assert objects["government-services"].startswith("政务服务 zhengwu fuwu")


def test_pages_use_the_readers_fonts(built_site: Path) -> None:
    for page in site_pages(built_site):
        for tag, attrs in tags(page):
            if tag == "link" and "font" in attrs.get("href", "").lower():
                assert not attrs["href"].startswith("http"), page


def _escaped(text: str) -> str:
    """`text` as docutils' HTML writer escapes page text (`HTMLTranslator.encode`)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("@", "&#64;"))


def _toneless(pinyin: str) -> str:
    decomposed = unicodedata.normalize("NFD", pinyin.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_review_page_offers_the_unit_deck_as_a_download(built_site: Path) -> None:
    """The review lesson builds the unit's Anki deck; the site serves it as a file, the
    page links it, and no machine-specific path is printed."""
    import zipfile

    page = (built_site / "lessons" / "review.html").read_text(encoding="utf-8")
    links = [a["href"] for tag, a in tags(built_site / "lessons" / "review.html")
             if tag == "a" and a.get("href", "").endswith(".apkg")]
    assert len(links) == 1 and links[0].startswith("../_downloads/")
    deck = (built_site / "lessons" / links[0]).resolve()
    with zipfile.ZipFile(deck) as zf:
        assert "collection.anki2" in zf.namelist()
    assert "/tmp" not in page and "tmp" not in re.findall(r"[\w/]+\.apkg", page)[0]


def test_drill_pages_load_the_core_and_only_their_kinds_code(built_site: Path) -> None:
    """The drills' code is files in _static named by its digest: the core, which every
    drill page loads, and one file per drill kind, which only the pages with that kind
    load (classic scripts, before the body); the SCORM runtime is there for packages and no page
    of the site loads it; no page carries the code inline."""
    from termdrills.drills import _assets

    static = built_site / "_static"
    code_files = [p for p in static.glob("termdrills-*.js") if CODE_FILE.fullmatch(p.name)]
    assert len(code_files) == 1  # the older ones go
    core = code_files[0]
    scripts = _assets.site_scripts()
    assert core.read_text(encoding="utf-8") == scripts[""]
    chunks = {m[2]: p for p in static.glob("termdrills-*.js")
              if (m := CODE_CHUNK.fullmatch(p.name))}
    assert set(chunks) == set(scripts) - {""}  # every kind, and scorm
    digest = core.name[len("termdrills-"):-len(".js")]
    assert all(p.name.startswith(f"termdrills-{digest}-") for p in chunks.values())
    for part, path in chunks.items():
        assert path.read_text(encoding="utf-8") == scripts[part]
    assert "LMSInitialize" in scripts["scorm"] and "LMSInitialize" not in scripts[""]
    lessons = sorted((built_site / "lessons").glob("*.html"))
    assert lessons
    for page in lessons:
        html = page.read_text(encoding="utf-8")
        srcs = [a.get("src", "").split("?")[0] for t, a in tags(page) if t == "script"
                if CODE_FILE.search(a.get("src", "")) or CODE_CHUNK.search(a.get("src", ""))]
        kinds = set(re.findall(r'class="termdrills-data">\{"kind":"([a-z_]+)"', html))
        assert kinds, page.name
        assert srcs == [f"../_static/{core.name}",
                        *(f"../_static/{chunks[k].name}" for k in sorted(kinds))], page.name
        assert "function grade(" not in html and "const CSS = " not in html, page.name
        hosts = html.count('class="termdrills-static')
        # each drill mounted by a classic script as soon as it is parsed
        assert hosts and html.count("<script>globalThis.termdrills?.mountAll();</script>") \
            == hosts, page.name
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        refs = [a.get("src", "") for t, a in tags(page) if t == "script"]
        assert not any(chunks["scorm"].name in r for r in refs), page.name  # packages only
        if "termdrills-static" not in text:  # pages without drills load none of it
            assert not any(CODE_FILE.search(r) or CODE_CHUNK.search(r) for r in refs), page.name


def test_tables_have_fixed_ids_so_two_builds_give_the_same_pages(built_site: Path) -> None:
    """pandas draws a random id for a styled table (`T_` and five hex digits) unless the
    lesson sets one (`.set_uuid(...)`): each build would then differ from the last."""
    tables = {}
    for page in site_pages(built_site):
        ids = re.findall(r'<table id="(T_[^"]*)"', page.read_text(encoding="utf-8"))
        if ids:
            tables[page.name] = ids
    assert tables.get("review.html"), "the review lesson shows its styled tables"
    random = {name: [i for i in ids if re.fullmatch(r"T_[0-9a-f]{5}", i)]
              for name, ids in tables.items()}
    assert not any(random.values()), random
