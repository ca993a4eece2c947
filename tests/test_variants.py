"""Renderings that vary: the kinds of source, a term's renderings side by side, the
generated page (in the built site and in small books), and the glossary page's
alternatives with their sources and forms to avoid."""

from __future__ import annotations

import html
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_site import ROOT, search_index
from test_site_build import build

from termdrills import load_glossary
from termdrills.renderings.evidence import load_evidence
from termdrills.renderings.registers import register_of
from termdrills.renderings.variants import renderings, varying

VARIANTS_PAGE = "book/variants.html"
GLOSSARY_PAGE = "book/glossary.html"


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary(ROOT / "glossary.csv")


@pytest.fixture(scope="module")
def evidence():  # type: ignore[no-untyped-def]
    return load_evidence(ROOT / "evidence.csv")


# --------------------------------------------------------------------------- kinds of source


@pytest.mark.parametrize(("url", "kind"), [
    ("https://english.www.gov.cn/policies/latestreleases/202011/09/content_x.html", "central"),
    ("https://english.www.gov.cn/premier/speeches/2015/05/23/content_x.htm", "speech"),
    ("http://english.scio.gov.cn/m/pressroom/2021-07/13/content_x.htm", "central"),
    ("https://www.mfa.gov.cn/ce/cohk//eng/Topics/gjfz/t1834551.htm", "central"),
    ("https://subsites.chinadaily.com.cn/npc/2021-12/24/c_693899_4.htm", "speech"),
    ("https://subsites.chinadaily.com.cn/other/2021-12/24/c_1.htm", "news"),
    ("http://shanxi.chinadaily.com.cn/datong/2022-10-17/c_821496.htm", "news"),
    ("http://en.people.cn/n3/2022/0224/c90000-9962267.html", "news"),
    ("https://www.hellenicshippingnews.com/china-to-further-optimize/", "news"),
    ("https://shanghai.gov.cn/202106th/x.html", "local"),
    ("http://english.pudong.gov.cn/2020-05/13/c_526652.htm", "local"),
    ("https://en.wikisource.org/wiki/Page:2024_Report_on_the_Work_of_the_Government.pdf/37",
     "speech"),
    ("https://en.wikisource.org/wiki/Some_novel", "other"),
    ("https://notgov.cn/x", "other"),  # a host matches a rule's host or one under it only
    ("https://chinadaily.com.cn.example.org/x", "other"),
])
def test_kind_of_source_from_the_address(url: str, kind: str) -> None:
    assert register_of(url).key == kind


def test_a_congress_report_cited_in_source_is_a_speech_wherever_it_is_published() -> None:
    url = "http://shanxi.chinadaily.com.cn/datong/2022-10-17/c_821496.htm"
    assert register_of(url, "Report to the 20th CPC National Congress, highlights "
                       "published by China Daily, 2022-10-17").key == "speech"
    # the example's source does not decide the rendering's
    assert register_of(url, "China Daily, 2022; example: Report to the 19th CPC "
                       "National Congress").key == "news"


# --------------------------------------------------------------------------- renderings


def test_varying_terms_are_those_with_more_than_one_rendering(glossary) -> None:  # type: ignore[no-untyped-def]
    ids = {t.id for t in varying(glossary)}
    assert "government-services" in ids  # an alternative
    assert "smart-government-services" in ids  # only a deprecated form
    assert "keynote-speech" not in ids  # one rendering
    assert ids == {t.id for t in glossary if t.alt_en or t.deprecated_en}


def test_renderings_with_evidence(glossary, evidence) -> None:  # type: ignore[no-untyped-def]
    t = glossary.get("internet-plus-government-services")
    rs = renderings(t, evidence)
    assert [(r.form, r.status) for r in rs] == [
        (t.en, "preferred"), (t.alt_en[0], "admitted"), (t.alt_en[1], "admitted"),
        ("Internet+ government services", "deprecated")]
    assert [r.url for r in rs[:3]] == [t.source_url, *t.alt_source]
    assert [r.date for r in rs] == ["2022-03-03", "2020-11-09", "2020-11-10", "2020-11-09"]
    assert [r.register.key for r in rs[:3]] == ["news", "central", "central"]
    assert rs[1].excerpt.startswith("enhance information sharing")
    # compared with an official page: no excerpt, no kind of source, the reason
    assert rs[3].register is None and rs[3].excerpt == "" and rs[3].reason.startswith(
        "Official English spells")
    # a deprecated form quoted from a local page where students meet it, and one compared
    # with the official page (no excerpt, no kind of source)
    dep = [r for r in renderings(glossary.get("reform-to-streamline-administration"),
                                 evidence) if r.status == "deprecated"]
    assert [r.register.key if r.register else None for r in dep] == [None, "local"]


def test_renderings_without_evidence_use_the_glossary(glossary) -> None:  # type: ignore[no-untyped-def]
    t = glossary.get("government-services")
    rs = renderings(t, None)
    assert [(r.url, r.date, r.excerpt) for r in rs] == [
        (t.source_url, t.date, ""), (t.alt_source[0], "", "")]


# --------------------------------------------------------------------------- the built site


class _Elements(HTMLParser):
    """The text and link targets inside each element that has an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, list[str]] = {}
        self.hrefs: dict[str, list[str]] = {}

    def _inside(self) -> list[str]:
        return [i for _, i in self.open if i]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("br", "img", "input", "meta", "link", "col", "hr", "wbr"):
            return
        if a.get("href"):
            for i in self._inside():
                self.hrefs[i].append(a["href"] or "")
        self.open.append((tag, a.get("id")))
        if a.get("id"):
            self.text.setdefault(a["id"] or "", [])
            self.hrefs.setdefault(a["id"] or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag not in (t for t, _ in self.open):  # a void element's "/>"
            return
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for i in self._inside():
            self.text[i].append(data)


def elements(page: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return {k: " ".join("".join(v).split()) for k, v in parser.text.items()}, parser.hrefs


def test_variants_page_shows_every_rendering_with_source_date_and_reason(  # type: ignore[no-untyped-def]
        built_site: Path, glossary, evidence) -> None:
    text, hrefs = elements(built_site / VARIANTS_PAGE)
    terms = varying(glossary)
    assert len(terms) >= 20
    for t in glossary:
        assert (t.id in text) == (t in terms), t.id
    for t in terms:
        shown = text[t.id]
        assert f"glossary.html#{t.id}" in hrefs[t.id], t.id
        for r in renderings(t, evidence):
            assert r.form in shown, (t.id, r.form)
            if r.url:
                assert r.url in hrefs[t.id], (t.id, r.url)
            assert r.date and r.date in shown, (t.id, r.form)
            if r.reason:
                assert r.reason in shown, (t.id, r.form)
            if r.register:
                assert f"seen in: {r.register.label}" in shown
        for part in t.note.split():
            assert part in shown
    # the kinds of source are explained once, with what to use each for
    assert "Congress report or speech" in text["when-to-use-which"]
    assert "Local government" in text["when-to-use-which"]


def test_variants_page_is_text_styled_locally_and_searchable(built_site: Path) -> None:
    page = (built_site / VARIANTS_PAGE).read_text(encoding="utf-8")
    assert 'href="../_static/termdrills-variants.css' in page
    # glossary text as written: straight quotes kept (smart quotes are off)
    assert "'Internet Plus'" in page
    index = search_index(built_site)
    assert "book/variants" in index["docnames"]
    page_no = index["docnames"].index("book/variants")
    for word in ("wisdom", "decentr"):  # words only the forms to avoid use
        hits = index["terms"].get(word)
        assert hits is not None and page_no in (hits if isinstance(hits, list) else [hits])


def test_glossary_page_links_each_alternative_and_lists_forms_to_avoid(  # type: ignore[no-untyped-def]
        built_site: Path, glossary) -> None:
    text, hrefs = elements(built_site / GLOSSARY_PAGE)
    for t in glossary:
        for alt, url in zip(t.alt_en, t.alt_source, strict=True):
            assert url in hrefs[t.id], (t.id, alt)
        if t.alt_en:
            assert "Also accepted: " + t.alt_en[0] in text[t.id]
        for form, reason in t.deprecated:
            assert f"Avoid: {form} — {reason}" in text[t.id]


# --------------------------------------------------------------------------- small books

TOC = """\
format: jb-book
root: intro
chapters:
  - file: book/glossary
  - file: book/variants
"""
IMG = '<img src=x onerror="window.__pwned=1">'
GLOSSARY = (
    "id,zh,en,alt_en,alt_source,deprecated_en,deprecated_note,lesson,source,source_url,date\n"
    f'gs,政务服务,government services,"<b>alt</b> services",https://example.org/alt,'
    f'"<script>x</script> services","{IMG.replace(chr(34), chr(34) * 2)} reason",alpha,'
    f'China Daily,https://example.org/src,2022-03-03\n'
    "one,国务院,the State Council,,,,,alpha,,,\n"
)
EVIDENCE = (
    "id,form,status,url,date,excerpt\n"
    "gs,government services,preferred,https://example.org/src,2022-03-03,the government services\n"
    f'gs,<b>alt</b> services,admitted,https://example.org/alt,2021-01-02,"{IMG.replace(chr(34), chr(34) * 2)}"\n'
)


def small_book(folder: Path, evidence: str) -> Path:
    (folder / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    for name in ("glossary.md", "variants.md", "favicon.svg"):
        shutil.copy(ROOT / "book" / name, folder / "book" / name)
    (folder / "_toc.yml").write_text(TOC, encoding="utf-8")
    (folder / "intro.md").write_text("# A small course\n\nStart here.\n", encoding="utf-8")
    (folder / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (folder / "evidence.csv").write_text(evidence, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_small_book_shows_hostile_variants_as_text(tmp_path: Path) -> None:
    folder = small_book(tmp_path, EVIDENCE)
    result = build(folder)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (folder / "_build" / "html" / VARIANTS_PAGE).read_text(encoding="utf-8")
    assert "<script>x" not in page and "<img src=x" not in page and "<b>alt" not in page
    assert html.escape("<script>x</script> services", quote=False) in page
    assert "2021-01-02" in page  # the alternative's date, from evidence.csv
    text, _ = elements(folder / "_build" / "html" / VARIANTS_PAGE)
    assert "gs" in text and "one" not in text  # one rendering: not listed
    glossary_page = (folder / "_build" / "html" / GLOSSARY_PAGE).read_text(encoding="utf-8")
    assert "<img src=x" not in glossary_page and 'href="https://example.org/alt"' in glossary_page


@pytest.mark.slow
def test_malformed_evidence_stops_the_build_with_located_lines(tmp_path: Path) -> None:
    bad = EVIDENCE + "gs,x,preferd,https://example.org/,2020-01-01,x\n"
    result = build(small_book(tmp_path, bad))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "evidence.csv:4: status: 'preferd' is not one of" in output
    assert "Traceback" not in output
