"""The live path: drills in a running JupyterLab, answered in chromium, with the
answers back in Python as `drill.results`.

Starts `jupyter lab` on a free 127.0.0.1 port in a temporary folder (its settings,
workspaces and runtime files there too), so it is slow (~20 s) and marked so.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "tests" / "fixtures" / "drillbook" / "glossary.csv"
CELLS = [
    ("from termdrills import load_glossary\n"
     "from termdrills.drills import Flashcards, TypedRecall\n"
     "g = load_glossary('glossary.csv')\n"
     "d = TypedRecall(g.by_lesson('basics'), seed=1, drill_id='live')\n"
     "d"),
    "Flashcards(g.terms, drill_id='live-cards')",
    "print(d.results[['term_id', 'verdict']].to_csv(index=False))",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: A lesson in little: Chinese prose in a Markdown cell, then a drill (issue 26).
LESSON = [
    ("markdown", "## 政务服务 government services\n\n国务院印发了指导意见：持续优化政务服务。"),
    ("code", ("from termdrills import load_glossary\n"
             "from termdrills.drills import TypedRecall\n"
             "g = load_glossary('glossary.csv')\n"
             "drill = TypedRecall(g.by_lesson('basics'), seed=1, drill_id='keys')\n"
             "drill")),
]
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(c) if kind == "markdown"
                else nbformat.v4.new_code_cell(c) for kind, c in cells]
    nb.metadata["kernelspec"] = KERNEL
    return nb


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(GLOSSARY, root / "glossary.csv")
    nbformat.write(_notebook([("code", c) for c in CELLS]), root / "live.ipynb")
    for name in ("keys.ipynb", "keys7.ipynb", "saved.ipynb"):
        nbformat.write(_notebook(LESSON), root / name)
    shutil.copy(ROOT / "lessons" / "review.ipynb", root / "lesson.ipynb")
    # JupyterLab saves the drills' widget state with the notebook (`make lab` sets this
    # too: termdrills/jupyter/overrides.json)
    widgets = root / ".settings" / "@jupyter-widgets" / "jupyterlab-manager"
    widgets.mkdir(parents=True)
    (widgets / "plugin.jupyterlab-settings").write_text('{"saveState": true}',
                                                        encoding="utf-8")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"),
           "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
           "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings")}
    port = _free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=None"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(url + "api/status", timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("jupyter lab did not start within 60 s")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_drills_run_live_in_jupyterlab_and_results_reach_python(browser, lab: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(lab + "lab/tree/live.ipynb")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        page.get_by_text("| Idle").wait_for(timeout=60_000)  # the kernel is ready

        def run(index: int) -> None:
            page.keyboard.press("Escape")
            page.locator(".jp-Cell").nth(index).locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")

        run(0)
        typed = page.locator('section[data-drill="live"]')
        typed.wait_for(timeout=60_000)
        prompt = typed.locator(".td-prompt .td-zh").inner_text()
        answers = {"政务服务": "government services", "国务院": "the State Council",
                   "以人民为中心": "people-centred", "现代化": "modernization"}
        typed.get_by_label("Your answer in English").fill(answers[prompt].upper())
        typed.get_by_label("Your answer in English").press("Enter")
        # typed in capitals: right, and the official form is shown
        assert typed.locator(".td-feedback").inner_text() == (
            f"Right. The official form: “{answers[prompt]}”.")
        typed.get_by_role("button", name="Next").click()
        typed.get_by_label("Your answer in English").fill("no idea")
        typed.get_by_role("button", name="Check").click()
        assert typed.locator(".td-feedback").inner_text().startswith("Not quite")

        run(1)  # a second drill: its code comes from the same code model
        page.locator('section[data-drill="live-cards"]').wait_for(timeout=30_000)
        assert page.locator("style[data-termdrills]").count() == 1

        run(2)
        output = page.locator(".jp-Cell").nth(2).locator(".jp-OutputArea-output")
        output.wait_for(timeout=30_000)
        lines = output.inner_text().split()
        assert lines[0] == "term_id,verdict"
        assert [line.split(",")[1] for line in lines[1:]] == ["right", "wrong"]
        assert errors == []
    finally:
        context.close()


# ---------------------------------------------------------------- issue 26: as students live it


#: The notebook on screen (JupyterLab keeps other tabs' panels in the page, hidden).
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"


def _open_notebook(browser, url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    errors: list[str] = []

    def error(e) -> None:  # type: ignore[no-untyped-def]
        # the drills' own (their code is imported from a blob: URL, live.js through
        # anywidget): Notebook 7.6 throws one of its own at load ("reading 'schema'")
        if "blob:" in (e.stack or "") or "anywidget" in (e.stack or ""):
            errors.append(f"{e.message}\n{e.stack}")

    page.on("pageerror", error)
    # JupyterLab: a fresh workspace (?reset), so that only this notebook is open
    page.goto(url + ("?reset" if "/lab/" in url else ""))
    page.wait_for_selector(f"{SHOWN} .jp-Cell", timeout=60_000)
    return context, page, errors


def _kernel_idle(lab: str, name: str) -> None:
    """Wait until the notebook `name` has a kernel that is idle (JupyterLab's and Notebook
    7's status bars differ: the server's sessions say it for both)."""
    import json

    for _ in range(240):
        with urllib.request.urlopen(lab + "api/sessions", timeout=5) as r:
            sessions = json.load(r)
        if any(s.get("path", "").endswith(name) and
               s.get("kernel", {}).get("execution_state") == "idle" for s in sessions):
            return
        time.sleep(0.5)
    pytest.fail(f"no idle kernel for {name} within 120 s")


def _kinds(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        f"{SHOWN} .jp-Cell", "els => els.map(e => ['jp-MarkdownCell', 'jp-CodeCell', "
        "'jp-RawCell'].find(c => e.classList.contains(c)))")


@pytest.mark.parametrize("host", ["lab/tree/keys.ipynb", "notebooks/keys7.ipynb"],
                         ids=["JupyterLab 4", "Notebook 7"])
def test_keys_typed_in_a_drill_stay_in_the_drill(browser, lab: str, host: str,
                                                 artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    """After Check the focus is on the drill's Next button and the notebook in command
    mode: the next letters typed converted cells to Raw, inserted and deleted cells, and
    the drill disappeared. They stay in the drill; Ctrl+S still saves."""
    context, page, errors = _open_notebook(browser, lab + host)
    try:
        _kernel_idle(lab, host.rsplit("/", 1)[1])
        page.locator(f"{SHOWN} .jp-Cell").nth(1).locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+Enter")  # run the cell, add none
        drill = page.locator(f'{SHOWN} section[data-drill="keys"]')
        drill.wait_for(timeout=90_000)
        before = _kinds(page)
        assert before == ["jp-MarkdownCell", "jp-CodeCell"]
        drill.get_by_label("Your answer in English").fill("no idea")
        drill.get_by_role("button", name="Check").click()
        next_button = drill.get_by_role("button", name="Next")
        next_button.wait_for()
        page.wait_for_function("document.activeElement?.textContent === 'Next'")
        for key in ("r", "a", "b", "d", "d", "m", "y", "x", "z", "c", "v", "1", "Shift+M"):
            page.keyboard.press(key)
        assert _kinds(page) == before
        assert drill.is_visible() and next_button.is_visible()
        assert drill.locator(".td-feedback").inner_text().startswith("Not quite")
        page.keyboard.press("Control+s")  # the host's own shortcut still works
        if host.startswith("lab"):
            page.wait_for_function("!document.querySelector('.jp-mod-current.jp-mod-dirty')",
                                   timeout=10_000)
        page.screenshot(path=artifacts / f"keys-{host.split('/')[0]}.png")
        assert errors == [], errors
    finally:
        context.close()


@pytest.fixture(scope="module")
def saved_lesson(browser, lab: str) -> str:  # type: ignore[no-untyped-def]
    """A lesson run and saved in JupyterLab (with its widget state), then its kernel shut
    down: as a student finds it the next day."""
    import json

    context, page, _ = _open_notebook(browser, lab + "lab/tree/saved.ipynb")
    try:
        _kernel_idle(lab, "saved.ipynb")
        page.locator(f"{SHOWN} .jp-Cell").nth(1).locator(".jp-InputArea-editor").click()
        page.keyboard.press("Control+Enter")
        page.locator(f'{SHOWN} section[data-drill="keys"]').wait_for(timeout=90_000)
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        page.wait_for_function("!document.querySelector('.jp-mod-current.jp-mod-dirty')",
                               timeout=10_000)
    finally:
        context.close()
    with urllib.request.urlopen(lab + "api/sessions", timeout=5) as r:
        for session in json.load(r):
            urllib.request.urlopen(urllib.request.Request(
                lab + "api/sessions/" + session["id"], method="DELETE"), timeout=10)
    return "lab/tree/saved.ipynb"


def test_chinese_in_a_lessons_markdown_is_marked_as_chinese(browser, lab: str,
                                                            saved_lesson: str) -> None:  # type: ignore[no-untyped-def]
    """The prose of a lesson's Markdown cells had no language mark: Chromium drew it with
    Japanese glyph forms. Once the lesson's drills are shown it is marked zh-CN."""
    context, page, errors = _open_notebook(browser, lab + saved_lesson)
    try:
        page.locator(f'{SHOWN} section[data-drill="keys"]').wait_for(timeout=90_000)
        heading = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown h2")
        page.wait_for_function("[...document.querySelectorAll('.jp-RenderedMarkdown')]"
                               ".every(md => md.querySelector('[lang=\"zh-CN\"]'))",
                               timeout=10_000)
        assert heading.locator('[lang="zh-CN"]').first.inner_text() == "政务服务"
        prose = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown p [lang='zh-CN']")
        assert prose.first.inner_text() == "国务院印发了指导意见：持续优化政务服务。"
        unmarked = page.evaluate("""() => [...document.querySelectorAll('.jp-RenderedMarkdown')]
          .flatMap(md => { const w = document.createTreeWalker(md, NodeFilter.SHOW_TEXT); const out = [];
            for (let n = w.nextNode(); n; n = w.nextNode())
              if (/[\u4e00-\u9fff]/.test(n.data) && !n.parentElement.closest('[lang^="zh"]'))
                out.push(n.data);
            return out; })""")
        assert unmarked == []
        assert errors == []
    finally:
        context.close()


def test_a_reopened_lesson_says_its_drills_need_a_run(browser, lab: str, saved_lesson: str,
                                                      artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    """A lesson reopened from its saved widget state showed no "restored" notice until an
    answer failed to reach Python, and `drill.results` then raised NameError: one line
    says so before anything is answered."""
    context, page, errors = _open_notebook(browser, lab + saved_lesson)
    try:
        drill = page.locator(f'{SHOWN} section[data-drill="keys"]')
        drill.wait_for(timeout=90_000)
        notice = drill.locator(".td-notice")
        notice.wait_for(timeout=10_000)
        assert notice.inner_text() == (
            "Restored from the saved notebook, not run: the drill works, but Python does not "
            "know it yet (drill.results is a NameError): choose Run → Run All Cells, then "
            "answer.")
        assert drill.locator(".td-feedback").inner_text() == ""  # nothing answered yet
        drill.screenshot(path=artifacts / "jupyterlab-restored-notice.png")
        assert errors == []
    finally:
        context.close()


def test_a_lessons_invariant_cells_are_collapsed(browser, lab: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    """The checks (cells tagged remove-cell) stood as pages of asserts in the middle of
    each lesson; their source is collapsed."""
    context, page, errors = _open_notebook(browser, lab + "lab/tree/lesson.ipynb")
    try:
        nb = nbformat.read(ROOT / "lessons" / "review.ipynb", as_version=4)
        hidden = [i for i, c in enumerate(nb.cells) if "remove-cell" in c.metadata.get("tags", [])]
        assert hidden
        for i in hidden:
            cell = page.locator(f"{SHOWN} .jp-Cell").nth(i)
            cell.scroll_into_view_if_needed()
            assert cell.locator(".jp-InputPlaceholder").count() == 1, i
            assert not cell.locator(".jp-InputArea-editor").is_visible(), i
        page.screenshot(path=artifacts / "jupyterlab-invariants-collapsed.png")
        assert errors == []
    finally:
        context.close()
