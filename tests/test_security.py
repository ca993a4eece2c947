"""Security review (issue 7): glossary and student text is data on every page.

Every path by which glossary cells or student text reach a page is loaded in Debian
chromium with script-bearing text in it, every request leaving 127.0.0.1 blocked:

- the course site (one session-wide build of a small copy of the course with a
  hostile glossary): the generated glossary page, a hand-written lesson (its
  ``termdrills-terms`` table and static drills), a lesson written by
  ``termdrills new-lesson`` (glossary text inside notebook Markdown), the search page;
- the live drills: the widget loader (static/live.js) and the drills' module mounted
  against a fake anywidget model, with a student typing and importing hostile text;
- static drills of every kind, hostile terms only;
- the lessons' key-terms table as JupyterLab shows it (the cell's HTML output);
- ``termdrills export worksheet`` (sheet and key), ``termdrills report`` (hostile
  progress files and file names), ``termdrills export anki`` (each card template
  rendered with a note's fields, as Anki does).

On each: ``window.__pwned`` stays undefined, no dialog opens, no console error, no
outside request, and the hostile strings are there as visible text. A ``source_url``
that is not http(s) (``javascript:`` …) is refused by the checker, so the site build,
the exports and the report stop before writing anything.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, serve

from termdrills.glossary import COLUMNS

pytestmark = pytest.mark.browser

IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "</script><script>window.__pwned=2</script>"
COMMENT = "<!--"
MUSTACHE = "{{ }}"
MATH = "$x$"
QUOTES = "'\"`"
# An http(s) URL the checker accepts that tries to break out of its href attribute.
URL = 'https://example.com/?q="><svg/onload=window.__pwned=3>'
HOSTILE = (IMG, SCRIPT, COMMENT, MUSTACHE, MATH, QUOTES)
LESSON = "hostile-terms"


def hostile_rows(lesson: str, suffix: str = "", mark: str = "") -> list[dict[str, str]]:
    """Four rows whose every text cell carries script-bearing text; drills can be
    built from them (examples contain their term on both sides). `suffix` and `mark`
    keep ids and Chinese terms unique when several sets share a glossary."""
    zh1 = f"恶意{IMG}{mark}"
    return [
        {"id": f"hostile-image{suffix}", "zh": zh1, "en": f"hostile image {IMG}",
         "alt_en": f"alt {SCRIPT}", "alt_source": URL, "pinyin": f"èyì {COMMENT}",
         "lesson": lesson,
         "example_zh": f"这是{zh1}的例句{MUSTACHE}{MATH}。",
         "example_en": f"This is a hostile image {IMG} in a sentence {MUSTACHE} {MATH} {QUOTES}.",
         "note": f"Note {SCRIPT} {COMMENT} {MUSTACHE} {MATH} {QUOTES}", "source": SCRIPT,
         "source_url": URL, "date": "2022-03-03"},
        {"id": f"hostile-script{suffix}", "zh": f"脚本{SCRIPT}{mark}",
         "en": f"hostile script {SCRIPT}",
         "alt_en": "", "pinyin": f"jiǎoběn {IMG}", "lesson": lesson, "example_zh": "",
         "example_en": "", "note": IMG, "source": f"Source {IMG}", "source_url": "",
         "date": ""},
        {"id": f"hostile-comment{suffix}", "zh": f"注释{COMMENT}{mark}",
         "en": f"hostile comment {COMMENT} {MUSTACHE}", "alt_en": f"comment {QUOTES}",
         "alt_source": f"https://example.com/{COMMENT}",
         "pinyin": "zhùshì", "lesson": lesson, "example_zh": "", "example_en": "",
         "note": "", "source": "", "source_url": "", "date": ""},
        {"id": f"hostile-maths{suffix}", "zh": f"公式{MATH}{QUOTES}{mark}",
         "en": f"hostile maths {MATH} {QUOTES}", "alt_en": "", "pinyin": "gōngshì",
         "lesson": lesson, "example_zh": "", "example_en": "", "note": MATH, "source": "",
         "source_url": "", "date": ""},
    ]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def course_rows(lesson: str | None = None) -> list[dict[str, str]]:
    """The course glossary's rows (of one lesson, or all)."""
    with (ROOT / "glossary.csv").open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if lesson is None or r["lesson"] == lesson]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TERMDRILLS_GLOSSARY"}
    return subprocess.run([sys.executable, "-m", "termdrills", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="session")
def hostile_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile rows (lesson hostile-terms) alone."""
    return write_csv(tmp_path_factory.mktemp("hostile") / "glossary.csv", hostile_rows(LESSON))


# --------------------------------------------------------------------------- page checks


def open_checked(page, log, url: str | None = None, html: str | None = None):
    """Load a page (by URL or content), wait for every drill on it to mount; returns
    the dialogs it opened. Asserts nothing ran and nothing failed."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    if url is not None:
        response = page.goto(url)
        assert response is not None and response.ok, url
    else:
        page.set_content(html)
    page.wait_for_load_state("load")
    page.wait_for_function(
        "[...document.querySelectorAll('.termdrills-static')]"
        ".every((d) => d.hasAttribute('data-mounted'))")
    page.wait_for_timeout(150)  # onerror of a broken <img> fires after load
    assert_inert(page, log, dialogs)
    return dialogs


def assert_inert(page, log, dialogs: list[str]) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", page.url
    assert page.evaluate("document.querySelectorAll('svg [onload], img[onerror]').length") == 0
    assert dialogs == []
    assert log.page_errors == []
    assert log.console_errors == []
    assert log.outside_requests == []


def assert_visible(text: str, *expected: str) -> None:
    missing = [s for s in expected if s not in text]
    assert not missing, f"not shown as text: {missing}"


# --------------------------------------------------------------------------- the course site


#: A lesson title (``new-lesson --title``) and a _toc.yml caption that try to run script
#: from every template slot they reach: the page <title>, the print header, the
#: sidebar, the previous/next links, the search results.
TITLE = "Lesson <img src=x onerror=window.__pwned=5> </script><script>window.__pwned=6</script> &amp; {{ }}"
CAPTION = "Unit <img src=x onerror=window.__pwned=7> & {{ caption }}"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the course (config, book/, one lesson, the whole glossary) with hostile
    rows, a hostile _toc.yml caption and a lesson written by `termdrills new-lesson`
    from hostile rows under a hostile title; built once per session (two lessons)."""
    course = tmp_path_factory.mktemp("hostile-course")
    shutil.copy(ROOT / "_config.yml", course)
    shutil.copytree(ROOT / "book", course / "book")
    (course / "benchmarks" / "results").mkdir(parents=True)  # book/performance.md includes it
    shutil.copy(ROOT / "benchmarks" / "results" / "summary.md", course / "benchmarks" / "results")
    (course / "lessons").mkdir()
    shutil.copy(ROOT / "lessons" / "government_services.ipynb", course / "lessons")
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    toc = re.sub(r"^\s*- file: lessons/(?!government_services\b).*\n", "", toc, flags=re.MULTILINE)
    # the units left without a lesson go (Jupyter Book refuses an empty part)
    toc = re.sub(r"^\s*- caption: .*\n\s*chapters:\s*\n(?!\s*- file:)", "", toc,
                 flags=re.MULTILINE)
    toc = re.sub(r"^(\s*- caption: )\"Unit 1[^\n]*", lambda m: m.group(1) + json.dumps(CAPTION),
                 toc, count=1, flags=re.MULTILINE)
    assert CAPTION in toc
    (course / "_toc.yml").write_text(toc, encoding="utf-8")
    # every course row: the lesson's hidden checks read other lessons' rows too
    rows = [*course_rows(), *hostile_rows("government-services", "-gs", "甲"),
            *hostile_rows(LESSON)]
    write_csv(course / "glossary.csv", rows)
    made = run_cli("new-lesson", LESSON, "--title", TITLE, cwd=course)
    assert made.returncode == 0, made.stderr
    jb = Path(sys.executable).with_name("jupyter-book")
    env = {k: v for k, v in os.environ.items() if k != "TERMDRILLS_GLOSSARY"}
    proc = subprocess.run([str(jb), "build", str(course)], cwd=course, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    html = course / "_build" / "html"
    assert proc.returncode == 0 and (html / "book" / "glossary.html").exists(), \
        proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not (html / "reports").exists(), "a lesson failed to execute: " + \
        "".join(p.read_text(encoding="utf-8")[-2000:] for p in (html / "reports").rglob("*.log"))
    return html


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


@pytest.mark.slow
def test_glossary_page_shows_hostile_cells_as_text(offline_page, hostile_url):
    page, log = offline_page
    open_checked(page, log, hostile_url + "book/glossary.html")
    # entries off screen are not laid out (content-visibility: auto), and innerText skips
    # them: lay every entry out, as a reader scrolling down would
    page.add_style_tag(content=".tdg-term { content-visibility: visible !important; }")
    text = page.inner_text("main")
    assert_visible(text, *HOSTILE, "hostile image", "hostile script")
    # the URL stays one attribute value: the href is the cell, character for character
    hrefs = page.eval_on_selector_all(".tdg-source a", "as => as.map((a) => a.href)")
    assert URL.replace('"', "%22").replace("<", "%3C").replace(">", "%3E") in hrefs
    # the filter box searches hostile text without running it
    page.fill(".tdg-filter input", "onerror")
    page.wait_for_timeout(100)
    assert page.locator(".tdg-term:visible").count() >= 2
    assert page.evaluate("typeof window.__pwned") == "undefined"


@pytest.mark.slow
def test_lesson_page_terms_table_and_static_drills(offline_page, hostile_url):
    page, log = offline_page
    open_checked(page, log, hostile_url + "lessons/government_services.html")
    assert page.locator(".termdrills-static[data-mounted]").count() >= 4
    assert_visible(page.inner_text(".tdg-terms"), f"恶意{IMG}", f"hostile script {SCRIPT}",
                   f"注释{COMMENT}", f"公式{MATH}{QUOTES}", COMMENT)
    # the flashcards, card by card: every hostile term shown as text
    cards = page.locator(".termdrills-static").first
    seen = []
    for _ in range(40):
        seen.append(cards.inner_text())
        step = cards.get_by_role("button", name="Next", exact=True)
        if step.is_disabled():
            break
        step.click()
    assert_visible("\n".join(seen), f"恶意{IMG}甲", f"脚本{SCRIPT}甲", f"注释{COMMENT}甲",
                   f"公式{MATH}{QUOTES}甲")
    assert_inert(page, log, [])
    # a student's hostile answer: inert text
    recall = page.locator(".termdrills-static").last
    box = recall.locator("input[type=text], textarea").first
    box.fill(IMG)
    box.press("Enter")
    page.wait_for_timeout(150)
    assert_inert(page, log, [])


@pytest.mark.slow
def test_new_lesson_page_keeps_glossary_markdown_inert(offline_page, hostile_url):
    page, log = offline_page
    open_checked(page, log, hostile_url + "lessons/hostile_terms.html")
    assert_visible(page.inner_text("main"), IMG, SCRIPT, MUSTACHE, MATH,
                   f"hostile maths {MATH}")


def site_pages(html: Path) -> list[str]:
    """Every page of the built site (its own pages, not the notebook error reports)."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if p.relative_to(html).parts[0] not in ("_static", "_sources", "reports"))


@pytest.mark.slow
def test_every_page_of_the_site_keeps_hostile_titles_and_rows_inert(offline_page, hostile_site,
                                                                   hostile_url):
    """Each page the build wrote, loaded in Chromium: nothing hostile runs, from any
    template slot (<title>, print header, sidebar, previous/next, breadcrumbs)."""
    page, log = offline_page
    pages = site_pages(hostile_site)
    assert {"book/glossary.html", "lessons/hostile_terms.html", "search.html",
            "genindex.html"} <= set(pages)
    for name in pages:
        open_checked(page, log, hostile_url + name)
        if name.startswith(("book/", "lessons/")):  # the caption is in every sidebar
            assert CAPTION in page.inner_text(".bd-sidebar-primary"), name
    open_checked(page, log, hostile_url + "lessons/hostile_terms.html")
    # the title is text in the page body, the print header, the tab's title and the sidebar
    assert page.inner_text("#jb-print-docs-body h1") == TITLE
    assert page.inner_text("main h1").startswith(TITLE)
    assert page.title().startswith(TITLE)
    assert TITLE in page.inner_text(".bd-sidebar-primary")
    # ... and the next page's "previous" link
    open_checked(page, log, hostile_url + "book/glossary.html")
    assert TITLE in page.inner_text(".prev-next-area")


@pytest.mark.slow
def test_search_for_a_hostile_title_shows_it_inert(offline_page, hostile_url):
    """A title match on the search page is shown with innerHTML by Sphinx's search:
    the hostile title of the new lesson, searched for whole, stays text."""
    from urllib.parse import quote

    page, log = offline_page
    open_checked(page, log, hostile_url + "search.html?q=" + quote(TITLE[:60]))
    page.wait_for_selector("#search-results p", timeout=15000)
    page.wait_for_timeout(300)
    assert_inert(page, log, [])
    open_checked(page, log, hostile_url + "search.html?q=" + quote("window.__pwned=6"))
    page.wait_for_selector("#search-results p", timeout=15000)
    page.wait_for_timeout(300)
    assert_inert(page, log, [])


@pytest.mark.slow
def test_search_results_show_hostile_text_inert(offline_page, hostile_url):
    page, log = offline_page
    open_checked(page, log, hostile_url + "search.html?q=hostile")
    page.wait_for_selector("#search-results li", timeout=15000)
    page.wait_for_timeout(300)
    assert_inert(page, log, [])


# --------------------------------------------------------------------------- drills


def hostile_drills(csv_path: Path) -> list[object]:
    from termdrills import drills as d
    from termdrills import load_glossary

    g = load_glossary(csv_path)
    terms = g.by_lesson(LESSON)
    with_example = [t for t in terms if t.example_zh]
    return [
        d.Flashcards(terms, seed=1, title=f"Cards {SCRIPT}"),
        d.MultipleChoice(terms, glossary=g, direction="zh-en", seed=1),
        d.MultipleChoice(terms, glossary=g, direction="en-zh", seed=1),
        d.TypedRecall(terms, direction="zh-en", seed=1),
        d.TypedRecall(terms, direction="en-zh", seed=2),
        d.Cloze(with_example, side="en", seed=1),
        d.Matching(terms, seed=1),
        d.SentenceTranslation(with_example, glossary=g, seed=1),
        d.Review(terms, course="termdrills"),
    ]


LIVE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>live</title>
<link rel="icon" href="data:,"></head><body><div id="drills"></div>
<script type="module">
import live from "./live.js";
const source = await (await fetch("./module.js")).text();
const holder = { get: (key) => (key === "source" ? source : undefined), on() {}, off() {} };
const states = await (await fetch("./states.json")).json();
window.models = [];
for (const state of states) {
  const handlers = new Map();
  const model = {
    get: (key) => state[key],
    set(key, value) {
      state[key] = value;
      for (const fn of handlers.get(`change:${key}`) ?? []) fn({ new: value });
    },
    on(event, fn) { if (!handlers.has(event)) handlers.set(event, new Set());
                    handlers.get(event).add(fn); },
    off(event, fn) { if (fn) handlers.get(event)?.delete(fn); else handlers.delete(event); },
    save_changes() {}, send() {},
    widget_manager: { get_model: async (id) => (id === "code1" ? holder : undefined) },
  };
  const el = document.createElement("div");
  el.className = `live-drill live-${state.kind}`;
  document.getElementById("drills").append(el);
  window.models.push(model);
  await live.render({ model, el });
}
window.liveMounted = states.length;
</script></body></html>
"""


@pytest.fixture(scope="session")
def drills_dir(tmp_path_factory: pytest.TempPathFactory, hostile_csv: Path) -> Path:
    from termdrills.drills import _assets

    folder = tmp_path_factory.mktemp("hostile-drills")
    drills = hostile_drills(hostile_csv)
    states = [{**d.state(), "code": "IPY_MODEL_code1"} for d in drills]
    (folder / "states.json").write_text(json.dumps(states), encoding="utf-8")
    (folder / "module.js").write_text(_assets.module(), encoding="utf-8")
    (folder / "live.js").write_text(_assets.live_loader(), encoding="utf-8")
    (folder / "live.html").write_text(LIVE_PAGE, encoding="utf-8")
    static = "".join(d.static_html(with_code=i == 0) for i, d in enumerate(drills))
    (folder / "static.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>static</title>'
        f'<link rel="icon" href="data:,"></head><body>{static}</body></html>', encoding="utf-8")
    return folder


@pytest.fixture()
def drills_url(drills_dir: Path) -> Iterator[str]:
    with serve(drills_dir) as url:
        yield url


def test_static_drills_of_every_kind_render_hostile_terms_as_text(offline_page, drills_url):
    page, log = offline_page
    open_checked(page, log, drills_url + "static.html")
    assert page.locator(".termdrills-static[data-mounted]").count() == 9
    text = page.inner_text("body")
    assert_visible(text, f"Cards {SCRIPT}", IMG, SCRIPT)
    assert "termdrills: this drill could not start" not in text


def test_live_drills_render_hostile_terms_and_answers_as_text(offline_page, drills_url,
                                                             tmp_path):
    page, log = offline_page
    open_checked(page, log, drills_url + "live.html")
    page.wait_for_function("window.liveMounted === 9")
    page.wait_for_timeout(150)
    text = page.inner_text("#drills")
    assert_visible(text, f"Cards {SCRIPT}", IMG, SCRIPT)
    assert "needs its notebook to run" not in text  # live.js: the drill did start
    # A student types script-bearing text into a typed-recall drill: it is stored as
    # the answer, character for character, and shown (if at all) as text.
    answer = f"{IMG} {SCRIPT}"
    box = page.locator(".live-typed_recall input[type=text]").first
    box.fill(answer)
    box.press("Enter")
    page.wait_for_timeout(150)
    answers = page.evaluate(
        "window.models.flatMap((m) => m.get('answers') ?? []).map((a) => a.answer)")
    assert answer in answers
    # ... and imports a progress file full of it into the Review drill.
    progress = tmp_path / "progress.json"
    progress.write_text(json.dumps({
        "schema": "termdrills-review", "version": 1, "course": "termdrills",
        "terms": {IMG: {"box": 1, "due": 0, "seen": 3, "right": 0, "wrong": 3,
                        "lesson": SCRIPT, "last": 0},
                  "hostile-image": {"box": 2, "due": 0, "seen": 1, "right": 1, "wrong": 0,
                                    "lesson": IMG, "last": 0}}}), encoding="utf-8")
    page.locator(".live-review input[type=file]").set_input_files(str(progress))
    page.wait_for_timeout(300)
    assert_inert(page, log, [])


def test_lesson_key_terms_table_is_escaped_in_jupyterlab(offline_page, tmp_path, monkeypatch):
    """The lessons' key-terms cell (`key_terms(g, LESSON)`, after the set-up cell) shows
    the key terms as an HTML table in JupyterLab (the site shows the directive's table):
    its HTML output must escape glossary cells."""
    lessons = {"government-services": "government_services",
               "administrative-reform": "administrative_reform",
               "leaders-speeches": "leaders_speeches"}
    rows = [r for slug, mark in zip(lessons, "乙丙丁")
            for r in hostile_rows(slug, f"-{slug}", mark)]
    monkeypatch.setenv("TERMDRILLS_GLOSSARY", str(write_csv(tmp_path / "g.csv", rows)))
    page, log = offline_page
    for name in lessons.values():
        nb = json.loads((ROOT / "lessons" / f"{name}.ipynb").read_text(encoding="utf-8"))
        code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        source = code[0] + "\n" + next(c for c in code if c.startswith("key_terms("))
        tree = ast.parse(source)
        last = tree.body.pop()
        assert isinstance(last, ast.Expr), name
        scope: dict[str, object] = {}
        exec(compile(tree, name, "exec"), scope)  # noqa: S102 (the course's own notebook)
        shown = eval(compile(ast.Expression(last.value), name, "eval"), scope)
        open_checked(page, log, html=shown._repr_html_())
        assert_visible(page.inner_text("body"), f"恶意{IMG}", f"hostile script {SCRIPT}",
                       f"èyì {COMMENT}", f"alt {SCRIPT}", f"公式{MATH}")


# --------------------------------------------------------------------------- exports, report


def test_worksheet_and_key_show_hostile_text_inert(offline_page, hostile_csv, tmp_path):
    out = tmp_path / "sheet.html"
    proc = run_cli("export", "worksheet", "--glossary", str(hostile_csv), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    page, log = offline_page
    with serve(tmp_path) as url:
        for name in ("sheet.html", "sheet-key.html"):
            assert (tmp_path / name).exists(), proc.stdout
            assert "<script" not in (tmp_path / name).read_text(encoding="utf-8")
            open_checked(page, log, url + name)
            assert_visible(page.inner_text("body"), f"恶意{IMG}", f"注释{COMMENT}",
                           f"hostile maths {MATH} {QUOTES}")


def test_class_report_shows_hostile_progress_as_text(offline_page, hostile_csv, tmp_path):
    card = {"box": 1, "due": 0, "seen": 4, "right": 1, "wrong": 3, "last": 0}
    files = []
    for i, (name, course_terms) in enumerate([
            (f"{IMG}.json", {"hostile-image": {**card, "lesson": SCRIPT},
                             IMG: {**card, "lesson": LESSON}}),
            ("b.json", {"hostile-script": card, SCRIPT: {**card, "lesson": COMMENT}})]):
        path = tmp_path / name
        path.write_text(json.dumps({"schema": "termdrills-review", "version": 1,
                                    "course": f"course {SCRIPT}", "terms": course_terms,
                                    "n": i}), encoding="utf-8")
        files.append(str(path))
    bad = tmp_path / f"{SCRIPT.replace('/', '')}.json"
    bad.write_text(IMG, encoding="utf-8")
    files.append(str(bad))
    out = tmp_path / "report.html"
    proc = run_cli("report", *files, "--glossary", str(hostile_csv), "-o", str(out))
    assert proc.returncode == 1 and "skipped: not JSON" in proc.stderr  # the bad file named
    page, log = offline_page
    with serve(tmp_path) as url:
        open_checked(page, log, url + "report.html")
    text = page.inner_text("body")
    assert_visible(text, f"{IMG}.json", IMG, SCRIPT, f"恶意{IMG}", f"course {SCRIPT}")
    # the chart labels too (whole: a chart row's label is never cut)
    labels = " ".join(page.eval_on_selector_all("table.chart th",
                                                "ts => ts.map((t) => t.textContent)"))
    assert SCRIPT in labels and f"恶意{IMG}" in labels


def anki_cards(apkg: Path) -> list[str]:
    """Every card of the deck as the HTML Anki shows (question and answer side): the
    note type's templates with the note's fields substituted, its CSS above."""
    with zipfile.ZipFile(apkg) as z:
        name = "collection.anki21" if "collection.anki21" in z.namelist() else "collection.anki2"
        db_path = apkg.with_suffix(".db")
        db_path.write_bytes(z.read(name))
    con = sqlite3.connect(db_path)
    try:
        models = json.loads(con.execute("select models from col").fetchone()[0])
        notes = con.execute("select mid, flds from notes").fetchall()
    finally:
        con.close()
    pages = []
    for mid, flds in notes:
        model = models[str(mid)]
        fields = dict(zip((f["name"] for f in model["flds"]), flds.split("\x1f")))

        def fill(template: str, extra: dict[str, str], fields: dict[str, str] = fields) -> str:
            values = {**fields, **extra}
            template = re.sub(r"\{\{#(\w+)\}\}(.*?)\{\{/\1\}\}",
                              lambda m: m.group(2) if values.get(m.group(1)) else "",
                              template, flags=re.DOTALL)
            return re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), ""), template)

        for tmpl in model["tmpls"]:
            front = fill(tmpl["qfmt"], {})
            back = fill(tmpl["afmt"], {"FrontSide": front})
            pages.append(f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
                         f'{model["css"]}</style></head><body><div class="card">{back}</div>'
                         "</body></html>")
    return pages


def test_anki_cards_show_hostile_fields_as_text(offline_page, hostile_csv, tmp_path):
    out = tmp_path / "deck.apkg"
    proc = run_cli("export", "anki", "--glossary", str(hostile_csv), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    cards = anki_cards(out)
    assert len(cards) == 8  # 4 notes x (zh→en, en→zh)
    page, log = offline_page
    seen = []
    for html in cards:
        open_checked(page, log, html=html)
        seen.append(page.inner_text("body"))
    assert_visible("\n".join(seen), f"恶意{IMG}", f"hostile script {SCRIPT}", f"alt {SCRIPT}",
                   f"Note {SCRIPT} {COMMENT} {MUSTACHE} {MATH} {QUOTES}", f"èyì {COMMENT}")


# --------------------------------------------------------------------------- source_url


BAD_URLS = ("javascript:window.__pwned=4", "JavaScript:alert(1)", "javascript://x.y/%0aalert(1)",
            "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
            "//evil.example/x", "http:/\\evil.example")


@pytest.mark.parametrize("url", BAD_URLS)
def test_non_http_source_url_is_refused_everywhere(url, tmp_path, monkeypatch):
    from termdrills import GlossaryError, check_file, load_glossary
    from termdrills.book import state

    row = {**hostile_rows(LESSON)[0], "source_url": url}
    path = write_csv(tmp_path / "glossary.csv", [row, *hostile_rows(LESSON)[1:]])
    problems = [p for p in check_file(path) if p.severity == "error"]
    assert [(p.line, p.column) for p in problems] == [(2, "source_url")], problems
    assert "is not an http(s) URL" in str(problems[0])
    with pytest.raises(GlossaryError):
        load_glossary(path)
    # exports and report stop with that one located line and write nothing
    progress = tmp_path / "p.json"
    progress.write_text(json.dumps({"schema": "termdrills-review", "version": 1, "course": "c",
                                    "terms": {"hostile-image": {"box": 1, "due": 0, "seen": 1,
                                                                "right": 0, "wrong": 1}}}))
    for args, outputs in (
            (["export", "worksheet", "-o", "ws.html"], ["ws.html", "ws-key.html"]),
            (["export", "anki", "-o", "deck.apkg"], ["deck.apkg"]),
            (["report", str(progress), "-o", "r.html"], ["r.html", "r.csv"])):
        proc = run_cli(*args, "--glossary", str(path), cwd=tmp_path)
        assert proc.returncode != 0, args
        assert "source_url" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert not [o for o in outputs if (tmp_path / o).exists()], args
    # the site build stops at builder-inited, before any page is read
    monkeypatch.setenv("TERMDRILLS_GLOSSARY", str(path))
    app = types.SimpleNamespace(config=types.SimpleNamespace(termdrills={}),
                                srcdir=str(tmp_path), doctreedir=str(tmp_path / "doctrees"))
    with pytest.raises(SystemExit) as stopped:
        state.builder_inited(app)
    assert stopped.value.code == 1
    assert not (tmp_path / "doctrees").exists()
