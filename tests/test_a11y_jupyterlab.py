"""The drills as JupyterLab shows them, light and dark, whatever the operating system says.

A real JupyterLab in the test suite would take a server, a kernel and a minute per
run. This harness reproduces what decides the drills' colours there: JupyterLab's own
theme stylesheets (the Light and Dark theme CSS shipped in the installed jupyterlab
package), the body attributes JupyterLab sets (``data-jp-theme-light``,
``data-jp-theme-name``), the body colours its base stylesheet gives, and an output
area around each drill; the drills are the same module, mounted from their static
HTML. The operating system's scheme is Playwright's ``color_scheme``: a drill must
follow JupyterLab's theme, not the OS (the defect was JupyterLab Dark on a light OS at
3.0:1, JupyterLab Light on a dark OS at 2.5:1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _a11y import axe, contrast, serious
from conftest import DRILLBOOK, serve

pytestmark = pytest.mark.browser

THEMES = {"light": ("theme-light-extension", "JupyterLab Light", "true"),
          "dark": ("theme-dark-extension", "JupyterLab Dark", "false")}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>termdrills in {name}</title>
<link rel="stylesheet" href="theme.css">
<style>
/* What JupyterLab's base stylesheet gives the page (@jupyterlab/application). */
body {{ margin: 0; padding: 1rem; background: var(--jp-layout-color0);
  color: var(--jp-ui-font-color1); font-family: var(--jp-ui-font-family);
  font-size: var(--jp-ui-font-size1); }}
.jp-OutputArea-output {{ color: var(--jp-content-font-color1); }}
</style></head>
<body data-jp-theme-light="{light}" data-jp-theme-name="{name}" data-jp-theme-scrollbars="false">
<main class="jp-LabShell">{outputs}</main>
</body></html>
"""


def _drills() -> list[Any]:
    from termdrills import load_glossary
    from termdrills.drills import (
        Cloze,
        Flashcards,
        Matching,
        MultipleChoice,
        ParagraphTranslation,
        Review,
        SentenceTranslation,
        TypedRecall,
    )

    g = load_glossary(DRILLBOOK / "glossary.csv")
    terms = g.by_lesson("basics")
    return [Flashcards(terms, seed=1, drill_id="cards"),
            MultipleChoice(terms, glossary=g, seed=1, drill_id="mc"),
            TypedRecall(terms, seed=1, drill_id="typed"),
            Cloze(terms, seed=1, drill_id="cloze"),
            Matching(terms, seed=1, drill_id="match"),
            SentenceTranslation(terms, glossary=g, seed=1, drill_id="sentence"),
            ParagraphTranslation(" ".join(t.example_zh for t in terms if t.example_zh),
                                 references=[" ".join(t.example_en for t in terms
                                                      if t.example_zh)],
                                 glossary=g, drill_id="paragraph"),
            Review(terms, drill_id="review")]


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from jupyterlab.commands import get_app_dir

    themes = Path(get_app_dir()) / "themes" / "@jupyterlab"
    folder = tmp_path_factory.mktemp("jupyterlab")
    drills = _drills()
    outputs = "".join(
        f'<div class="jp-Cell jp-CodeCell"><div class="lm-Widget jp-OutputArea">'
        f'<div class="lm-Widget jp-OutputArea-output">{d.static_html(with_code=i == 0)}'
        "</div></div></div>" for i, d in enumerate(drills))
    for mode, (package, name, light) in THEMES.items():
        css = themes / package / "index.css"
        if not css.is_file():
            pytest.fail(f"{css}: JupyterLab's theme stylesheet is missing")
        (folder / mode).mkdir()
        (folder / mode / "theme.css").write_text(css.read_text(encoding="utf-8"),
                                                 encoding="utf-8")
        (folder / mode / "index.html").write_text(
            PAGE.format(name=name, light=light, outputs=outputs), encoding="utf-8")
    with serve(folder) as url:
        yield url


def _open(browser: Any, url: str, os_scheme: str) -> Any:
    context = browser.new_context(color_scheme=os_scheme)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('section.termdrills').length === 8")
    return page


def _payload(page: Any, drill_id: str) -> dict:
    return json.loads(page.locator(f'div.termdrills-static[data-drill="{drill_id}"] '
                                   "script.termdrills-data").text_content())["payload"]


def _answer(page: Any) -> dict[str, float]:
    """Answer every drill kind (near misses and wrong answers: every feedback colour);
    returns the contrast of each feedback line."""
    ratios = {}
    def d(drill_id: str) -> Any:
        return page.locator(f'section[data-drill="{drill_id}"]')

    d("cards").locator(".td-card").click()
    d("cards").get_by_role("button", name="1 Again").click()
    ratios["flashcards"] = contrast(d("cards").locator(".td-feedback > p").first)
    q = _payload(page, "mc")["questions"][0]
    d("mc").locator(".td-option").nth((q["answer"] + 1) % 4).click()
    ratios["✗"] = contrast(d("mc").locator(".td-chosen-wrong .td-mark"))
    ratios["✓"] = contrast(d("mc").locator(".td-correct .td-mark"))
    ratios["not quite"] = contrast(d("mc").locator(".td-feedback > p").first)
    typed = _payload(page, "typed")["items"][0]["accepted"][0]
    d("typed").locator("input.td-input").fill(typed[:-1])
    d("typed").locator("input.td-input").press("Enter")
    ratios["almost"] = contrast(d("typed").locator(".td-feedback > p").first)
    ratios["almost: diff words"] = contrast(d("typed").locator(".td-diff-words"))
    cloze = _payload(page, "cloze")["items"][0]["accepted"][0]
    d("cloze").locator("input.td-input").fill(cloze)
    d("cloze").locator("input.td-input").press("Enter")
    ratios["right"] = contrast(d("cloze").locator(".td-feedback > p").first)
    pair = _payload(page, "match")["rounds"][0]["zh"][0]["id"]
    d("match").locator(f'.td-match[data-side="zh"][data-id="{pair}"]').click()
    d("match").locator(f'.td-match[data-side="en"][data-id="{pair}"]').click()
    ratios["matched"] = contrast(d("match").locator(".td-matched .td-mark").first)
    d("sentence").locator("textarea").fill("Something else.")
    d("sentence").get_by_role("button", name="Check").click()
    ratios["✗ term"] = contrast(d("sentence").locator(".td-missing").first)
    d("paragraph").locator("textarea").fill("We will optimize services.")
    d("paragraph").get_by_role("button", name="Check").click()
    ratios["paragraph"] = contrast(d("paragraph").locator(".td-feedback > p").first)
    ratios["paragraph: ✗ term"] = contrast(d("paragraph").locator(".td-missing").first)
    d("review").locator(".td-start").click()  # the answers above made terms due
    d("review").locator("input.td-input").fill("wrong")
    d("review").locator("input.td-input").press("Enter")
    ratios["review"] = contrast(d("review").locator(".td-feedback > p").first)
    return ratios


@pytest.mark.parametrize(("theme", "os_scheme"), [("light", "light"), ("light", "dark"),
                                                  ("dark", "light"), ("dark", "dark")])
def test_drills_follow_jupyterlab_theme_and_pass_axe(browser, lab_url: str, axe_script: Path,
                                                     theme: str, os_scheme: str,
                                                     artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page = _open(browser, f"{lab_url}{theme}/index.html", os_scheme)
    try:
        scheme = page.locator("section.termdrills").first.evaluate(
            "e => getComputedStyle(e).colorScheme")
        assert scheme == theme  # JupyterLab's theme, whatever the OS prefers
        assert serious(axe(page, axe_script, "section.termdrills")) == []
        ratios = _answer(page)
        assert min(ratios.values()) >= 4.5, ratios
        assert serious(axe(page, axe_script, "section.termdrills")) == []
        page.screenshot(path=artifacts / f"jupyterlab-{theme}-on-{os_scheme}-os.png",
                        full_page=True)
    finally:
        page.context.close()
