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

GLOSSARY = Path(__file__).parent / "fixtures" / "drillbook" / "glossary.csv"
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


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(GLOSSARY, root / "glossary.csv")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, root / "live.ipynb")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"),
           "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces")}
    port = _free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
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
