"""Builds of small copies of the book in tmp_path: freshness, failure on a bad glossary.

Each copy has the repository's _config.yml and glossary page, its own glossary.csv
and small lesson notebooks that append their name to runs.log when they execute,
so a test can see exactly which lessons a rebuild ran.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_site import ROOT

pytestmark = pytest.mark.slow

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
HEADER = "id,zh,en,alt_en,pinyin,lesson,example_zh,example_en,note,source,source_url,date\n"
ROWS = {
    "gs": "government-services,政务服务,government services,,,alpha,,,,China Daily,,2022-03-03\n",
    "platform": "platforms,政务服务平台,government service platforms,,zhèngwù fúwù píngtái,"
                "alpha,,,,,,\n",
    "council": "state-council,国务院,the State Council,,,beta,,,,,,\n",
    "window": "comprehensive-window,综合窗口,comprehensive window,,,beta,,,,,,\n",
    # lesson gamma's sentence drill embeds alpha's and beta's rows in its term feedback
    "quote": "guideline,指导意见,guideline,,,gamma,国务院印发了关于优化政务服务的指导意见。,"
             "The State Council issued a guideline on optimizing government services.,,,,\n",
}
TOC = """\
format: jb-book
root: intro
parts:
  - caption: {caption}
    chapters:
      - file: lessons/alpha
      - file: lessons/beta
      - file: lessons/gamma
  - caption: Reference
    chapters:
      - file: book/glossary
"""


def _notebook(slug: str, markdown: str = "", drill: str = "") -> str:
    code = (
        "from termdrills import load_glossary\n"
        "with open('../runs.log', 'a', encoding='utf-8') as log:\n"
        f"    log.write('{slug}\\n')\n"
        "g = load_glossary()\n"
        f"for t in g.by_lesson('{slug}'):\n"
        "    print(t.zh, '=', t.en)\n"
    ) + drill
    cells = [
        {"cell_type": "markdown", "id": "text", "metadata": {},
         "source": f"# Lesson {slug}\n\n{markdown}"},
        {"cell_type": "code", "id": "code", "metadata": {}, "execution_count": None,
         "outputs": [], "source": code},
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, ensure_ascii=False, indent=1)


PROSE_TOC = """\
format: jb-book
root: intro
chapters:
  - file: book/glossary
"""


def make_book(folder: Path, rows: str = "".join(ROWS.values()), caption: str = "Unit one",
              lessons: bool = True) -> Path:
    """A small book: the real _config.yml and glossary page, two lessons (unless
    `lessons` is false), its own CSV."""
    (folder / "book").mkdir(parents=True)
    (folder / "lessons").mkdir()
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    for name in ("glossary.md", "favicon.svg"):
        shutil.copy(ROOT / "book" / name, folder / "book" / name)
    toc = TOC.format(caption=caption) if lessons else PROSE_TOC
    (folder / "_toc.yml").write_text(toc, encoding="utf-8")
    (folder / "intro.md").write_text("# A small course\n\nStart here.\n", encoding="utf-8")
    (folder / "glossary.csv").write_text(HEADER + rows, encoding="utf-8")
    (folder / "lessons" / "alpha.ipynb").write_text(
        _notebook("alpha", "This lesson is about {term}`政务服务`.\n\n"
                  "```{termdrills-terms} alpha\n```\n\n"
                  "```{list-table} Two words\n:name: two-words\n\n* - 政务\n  - government\n```\n"),
        encoding="utf-8")
    (folder / "lessons" / "beta.ipynb").write_text(_notebook("beta"), encoding="utf-8")
    (folder / "lessons" / "gamma.ipynb").write_text(_notebook("gamma", drill=(
        "from termdrills.drills import SentenceTranslation\n"
        "SentenceTranslation(g.by_lesson('gamma'), glossary=g, seed=1, drill_id='quote')")),
        encoding="utf-8")
    return folder


def copy_package(folder: Path) -> Path:
    """A copy of the termdrills package that builds in `folder` import instead (PYTHONPATH)."""
    shutil.copytree(ROOT / "termdrills", folder / "pkg" / "termdrills",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return folder / "pkg" / "termdrills"


def build(folder: Path, *extra: str, jobs: int | None = None) -> subprocess.CompletedProcess[str]:
    """`jupyter-book build` with -n -W; `jobs`: TERMDRILLS_JOBS (1 = myst-nb runs each
    notebook as it reads it; default: the pool of `termdrills.book.execute`, one per core)."""
    env = {k: v for k, v in os.environ.items() if k not in ("TERMDRILLS_GLOSSARY",
                                                             "TERMDRILLS_JOBS")}
    env["TERMDRILLS_JOBS"] = str(jobs or 2)
    if (folder / "pkg").is_dir():
        env["PYTHONPATH"] = str(folder / "pkg")
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", ".", "-n", "-W", "--keep-going", *extra],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False,
    )


def runs(folder: Path) -> list[str]:
    log = folder / "runs.log"
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def page(folder: Path, name: str) -> str:
    """The page's HTML without the lang="zh-CN" spans around Chinese runs (the tests
    compare text; test_a11y_site.py checks the marks)."""
    html = (folder / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")
    return re.sub(r'<span lang="zh-CN">([^<]*)</span>', r"\1", html)


def ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_plain_rebuilds_stay_fresh_and_rerun_only_what_changed(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book")
    package = copy_package(book)
    ok(build(book))
    assert sorted(runs(book)) == ["alpha", "beta", "gamma"]
    assert "政务服务 = government services" in page(book, "lessons/alpha")
    # {term} links the lesson's term to its entry on the glossary page
    alpha = page(book, "lessons/alpha")
    assert 'href="../book/glossary.html#government-services"' in alpha
    # termdrills-terms: the lesson's key terms as a table, each linked to its entry
    assert 'href="../book/glossary.html#platforms"' in alpha
    assert "zhèngwù fúwù píngtái" in alpha and "国务院" not in alpha

    ok(build(book))  # nothing changed: nothing runs
    assert sorted(runs(book)) == ["alpha", "beta", "gamma"]

    # edit a row of lesson alpha that gamma's sentence drill also shows: both run again
    csv = book / "glossary.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(
        ",government services,", ",public services,"), encoding="utf-8")
    ok(build(book))
    assert sorted(runs(book)) == ["alpha", "alpha", "beta", "gamma", "gamma"]
    assert "政务服务 = public services" in page(book, "lessons/alpha")
    glossary = page(book, "book/glossary")
    assert "public services" in glossary and ">government services<" not in glossary

    # a row of beta that only beta reads: only beta runs
    csv.write_text(csv.read_text(encoding="utf-8").replace(
        ",comprehensive window,", ",comprehensive service window,"), encoding="utf-8")
    ok(build(book))
    assert sorted(runs(book)) == ["alpha", "alpha", "beta", "beta", "gamma", "gamma"]

    # a row added for lesson beta, above lesson alpha's rows: only beta runs
    csv.write_text(HEADER + "new-term,跨省通办,inter-provincial government services,,,beta,"
                   ",,,,,\n" + csv.read_text(encoding="utf-8")[len(HEADER):], encoding="utf-8")
    ok(build(book))
    assert runs(book).count("beta") == 3 and runs(book).count("alpha") == 2
    assert "跨省通办 = inter-provincial government services" in page(book, "lessons/beta")
    assert 'id="new-term"' in page(book, "book/glossary")

    # a drill's front-end file changed: the lesson with a drill runs again, no other
    static = sorted((package / "static").rglob("*.js"))
    static[0].write_text(static[0].read_text(encoding="utf-8") + "\n// edited\n",
                         encoding="utf-8")
    ok(build(book))
    assert runs(book).count("gamma") == 3 and len(runs(book)) == 8

    # the Python that builds a drill's questions changed: the same
    kinds = package / "drills" / "kinds" / "cloze.py"
    kinds.write_text(kinds.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    ok(build(book))
    assert runs(book).count("gamma") == 4 and len(runs(book)) == 9


def html_pages(folder: Path) -> dict[str, str]:
    """Every page of a built site, as text, without the asset query strings Sphinx adds
    to a stylesheet once the file exists (so they differ between a first and a later
    build of the same page)."""
    import re

    html = folder / "_build" / "html"
    return {str(p.relative_to(html)): re.sub(r"\?v=[0-9a-f]{8}\b", "",
                                             p.read_text(encoding="utf-8"))
            for p in sorted(html.rglob("*.html"))}


def clean_copy(book: Path, to: Path) -> Path:
    """The book's sources (with its package) in a new folder, never built."""
    shutil.copytree(book, to, ignore=shutil.ignore_patterns("_build", "runs.log",
                                                            "__pycache__"))
    return to


def test_a_plain_rebuild_gives_exactly_the_pages_a_clean_build_gives(tmp_path: Path) -> None:
    """After each kind of edit (a row embedded across lessons, a row only its own lesson
    reads, the drills' code) the incremental build equals a clean build, page for
    page; and two builds of the same input give the same pages, whether the notebooks
    run side by side before Sphinx reads them or one by one as myst-nb reads them."""
    book = make_book(tmp_path / "book")
    # enough pages that the pages are also written side by side (termdrills/book/execute.py)
    toc = book / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8") + "".join(
        f"      - file: book/page{k}\n" for k in range(10)), encoding="utf-8")
    for k in range(10):
        (book / "book" / f"page{k}.md").write_text(
            f"# Page {k}\n\nAbout {{term}}`政务服务` and 国务院 ({k}).\n", encoding="utf-8")
    package = copy_package(book)
    result = build(book, jobs=2)
    ok(result)
    assert "running 3 notebooks, 2 at a time" in result.stdout
    assert "writing pages 2 at a time" in result.stdout
    twin = clean_copy(book, tmp_path / "twin")
    result = build(twin, jobs=1)
    ok(result)
    assert "at a time" not in result.stdout and result.stdout.count("Executing notebook") == 3
    assert html_pages(twin) == html_pages(book)  # the same input, the same pages
    assert (twin / "_build/html/searchindex.js").read_bytes() == (
        book / "_build/html/searchindex.js").read_bytes()
    csv = book / "glossary.csv"
    edits = [
        # beta's row, shown in gamma's sentence drill: a new accepted alternative
        lambda: csv.write_text(csv.read_text(encoding="utf-8").replace(
            ",the State Council,,", ",the State Council,the Central People's Government,"),
            encoding="utf-8"),
        lambda: csv.write_text(csv.read_text(encoding="utf-8").replace(
            ",comprehensive window,", ",comprehensive service window,"), encoding="utf-8"),
        lambda: (package / "i18n" / "strings.json").write_text(
            (package / "i18n" / "strings.json").read_text(encoding="utf-8").replace(
                '"Check"', '"Check it"'), encoding="utf-8"),
    ]
    for k, edit in enumerate(edits):
        edit()
        ok(build(book))
        clean = clean_copy(book, tmp_path / f"clean{k}")
        ok(build(clean))
        assert html_pages(book) == html_pages(clean), f"edit {k}"
    assert "the Central People's Government" in page(book, "lessons/gamma")
    # alpha was not read again, and its numbered table kept its number (termdrills/book/numbers.py)
    assert "Table 1 " in page(book, "lessons/alpha")
    # the drills' strings are in the code file the page loads (termdrills/book/drill_code.py)
    from termdrills.exports._site import page_code

    gamma = book / "_build" / "html" / "lessons" / "gamma.html"
    assert "Check it" in page_code(gamma, gamma.read_text(encoding="utf-8"))


def test_toc_change_refreshes_every_pages_navigation(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book")
    ok(build(book))
    assert "Unit one" in page(book, "lessons/beta")
    (book / "_toc.yml").write_text(TOC.format(caption="Unit one, revised"), encoding="utf-8")
    ok(build(book))
    for name in ("intro", "lessons/alpha", "lessons/beta", "book/glossary"):
        assert "Unit one, revised" in page(book, name), name
    assert sorted(runs(book)) == ["alpha", "beta", "gamma"]  # written again, not run again


def test_glossary_with_errors_fails_the_build_with_the_checkers_lines(tmp_path: Path) -> None:
    rows = ROWS["gs"] + "bad,国务院,,,,beta,,,,,,\n" + "dup,政务服务,duplicate,,,beta,,,,,,\n"
    book = make_book(tmp_path / "book", rows=rows)
    result = build(book)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "glossary.csv:3: en: empty" in output
    assert "glossary.csv:4: zh: '政务服务' already on line 2" in output
    assert "Traceback" not in output
    assert not (book / "_build" / "html" / "index.html").exists()  # nothing half-written
    assert runs(book) == []


def test_unknown_term_reference_fails_the_build(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book")
    (book / "intro.md").write_text("# A small course\n\nSee {term}`不存在的词`.\n",
                                   encoding="utf-8")
    result = build(book)
    assert result.returncode != 0
    assert "term not in glossary: '不存在的词'" in result.stdout + result.stderr


def test_amounts_stay_text_and_maths_from_a_cdn_fails_the_build(tmp_path: Path) -> None:
    book = make_book(tmp_path / "book", lessons=False)
    intro = book / "intro.md"
    intro.write_text("# A small course\n\nThe fund grew from US$5 billion to US$10 billion.\n",
                     encoding="utf-8")
    ok(build(book))
    html = page(book, "intro")
    assert "US$5 billion to US$10 billion" in html and 'class="math' not in html

    # real maths would make MathJax load from a CDN: the offline check stops the build
    intro.write_text("# A small course\n\nThe area is $x^2$.\n", encoding="utf-8")
    result = build(book)
    assert result.returncode != 0
    assert "intro loads https://" in result.stderr and "must work offline" in result.stderr


def test_a_failing_cell_stops_the_build_with_one_located_line(tmp_path: Path) -> None:
    """A lesson whose cell raises stops the build before any page is written: its file,
    the cell and the error, no traceback (the other notebooks still ran)."""
    book = make_book(tmp_path / "book")
    beta = book / "lessons" / "beta.ipynb"
    beta.write_text(beta.read_text(encoding="utf-8").replace(
        "g = load_glossary()", "g = load_glossary()\\nboom = 1 / 0"), encoding="utf-8")
    result = build(book, jobs=2)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{beta}: cell 2: ZeroDivisionError: division by zero" in output
    assert "Traceback" not in output
    assert not (book / "_build" / "html" / "index.html").exists()
    assert sorted(runs(book)) == ["alpha", "beta", "gamma"]
