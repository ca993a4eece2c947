"""termdrills.text.page: every standalone page a command writes is one kind of page.

The grader's class report and feedback pages, the class report of review progress, the
worksheet and its key: each a complete offline page (doctype, ``lang="en"``, UTF-8, a
title, inline CSS, nothing loaded, nothing run), every Chinese run marked ``zh-CN`` (the
right glyphs, a Chinese voice), and text shown as text, control characters too."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import serve
from grading_helpers import FIXTURES, GUIDELINE

from termdrills.cli import main
from termdrills.grading.command import grade_main
from termdrills.text.page import escape, page, svg_text

ESC = "\x1b[31m"


def test_escape_makes_text_text_and_controls_visible() -> None:
    assert escape("<b>\"a\" & 'b'</b>") == "&lt;b&gt;&quot;a&quot; &amp; &#x27;b&#x27;&lt;/b&gt;"
    assert escape(f"red{ESC}x\u202eevil") == "red\\x1b[31mx\\u202eevil"
    assert escape(3.5) == "3.5"
    assert svg_text("1. 政务服务 <x>") == '1. <tspan lang="zh-CN">政务服务</tspan> &lt;x&gt;'


def test_page_is_complete_offline_and_marks_chinese() -> None:
    html = page("Title <x> 标题", '<p>优化政务服务 optimize</p><svg><text>图</text></svg>',
                css="p { color: red; }")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    assert "<title>Title &lt;x&gt; 标题</title>" in html
    assert "default-src 'none'" in html and "<style>p { color: red; }</style>" in html
    assert '<p><span lang="zh-CN">优化政务服务</span> optimize</p>' in html
    assert "<svg><text>图</text></svg>" in html  # a <span> would end the drawing


# --------------------------------------------------------------------------- the four pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each kind of standalone page, written by its command from text holding an ESC."""
    folder = tmp_path_factory.mktemp("pages")
    answers = folder / "answers"
    answers.mkdir()
    for name in ("bo", "hana"):
        shutil.copy(FIXTURES / "class" / f"{name}.txt", answers / f"{name}.txt")
    (answers / f"eve{ESC}.txt").write_text(
        (FIXTURES / "class" / "alice.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert grade_main(GUIDELINE, [answers], folder / "grades.html", stdout=io.StringIO(),
                      stderr=io.StringIO()) == 0
    glossary = folder / "glossary.csv"
    glossary.write_text(
        "id,zh,en,lesson,example_zh,example_en\n"
        "government-services,政务服务,government services,services,持续优化政务服务。,"
        "We will keep improving government services.\n"
        "business-environment,营商环境,business environment,services,营商环境持续改善。,"
        "The business environment keeps improving.\n"
        "state-council,国务院,the State Council,services,国务院印发意见。,"
        "The State Council issued a guideline.\n", encoding="utf-8")
    assert main(["export", "worksheet", "--glossary", str(glossary), "-o",
                 str(folder / "sheet.html")]) == 0
    card = {"box": 1, "due": 0, "seen": 3, "right": 1, "wrong": 2, "last": 0,
            "lesson": "services"}
    progress = folder / "ana.json"
    progress.write_text(json.dumps({
        "schema": "termdrills-review", "version": 1, "course": "termdrills",
        "terms": {"government-services": card, f"gone{ESC}": card}}), encoding="utf-8")
    assert main(["report", str(progress), "-o", str(folder / "report.html"), "--glossary",
                 str(glossary)]) == 0
    return {"class report": folder / "grades.html",
            "feedback page": folder / "grades-feedback" / "eve-x1b-31m.html",
            "review report": folder / "report.html",
            "worksheet": folder / "sheet.html", "answer key": folder / "sheet-key.html"}


HEAD = re.compile(
    r'\A<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    r'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; [^"]*">\n'
    r'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    r"<title>[^<]+</title>\n<style>[^<]*</style>\n</head>\n<body>\n")


@pytest.mark.parametrize("kind", ["class report", "feedback page", "review report",
                                  "worksheet", "answer key"])
def test_every_standalone_page_has_the_one_head(pages: dict[str, Path], kind: str) -> None:
    html = pages[kind].read_text(encoding="utf-8")
    assert HEAD.match(html), html[:600]
    assert html.endswith("\n</body>\n</html>\n") and "<script" not in html


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["class report", "feedback page", "review report",
                                  "worksheet", "answer key"])
def test_every_standalone_page_marks_its_chinese_and_shows_controls(
        pages: dict[str, Path], kind: str, offline_page) -> None:  # type: ignore[no-untyped-def]
    page_, log = offline_page
    root = pages["class report"].parent
    with serve(root) as url:
        page_.goto(url + pages[kind].relative_to(root).as_posix())
    # every text with a Chinese character is inside an element that says it is Chinese
        unmarked = page_.evaluate(r"""() => {
        const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (!/[\u3400-\u9fff]/.test(n.data)) continue;
            const tagged = n.parentElement.closest('[lang]');
            const lang = tagged ? tagged.getAttribute('lang') : '';
            if (lang !== 'zh-CN') out.push(n.data.trim().slice(0, 30));
        }
        return out; }""")
    assert unmarked == []
    text = page_.inner_text("body")
    assert "\x1b" not in text
    if kind == "review report":
        assert "gone\\x1b[31m" in text
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []
