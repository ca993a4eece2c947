"""Shared fixtures: a local HTTP server over a folder and an offline Chromium page.

Browser tests use Debian's chromium through Playwright (never `playwright install`).
Where chromium is missing they are skipped with the reason, unless
TERMDRILLS_REQUIRE_BROWSER=1 (set by .ci/run), where they fail instead.
Likewise node tests and TERMDRILLS_REQUIRE_NODE=1.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("TERMDRILLS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
DRILLBOOK = ROOT / "tests" / "fixtures" / "drillbook"


#: Fixtures that need a built site: the course's (`make book`) or a fixture book built here.
SITE_FIXTURES = {"built_site", "site_url"}
BUILDS_FIXTURES = {"drillbook", "drills_url"}


#: Unit tests that take more than a few seconds each (tens of thousands of rows, files
#: and processes at once, every grading fixture through node): `make test` runs them,
#: `make test-fast` does not.
HEAVY = {
    "test_file_safety.py::test_eight_appends_at_once_lose_nothing",
    "test_file_safety.py::test_new_lessons_made_at_once_are_all_listed",
    "test_paragraph_agreement.py::test_javascript_analysis_equals_python_on_every_answer",
    "test_hostile.py::test_fifty_thousand_rows",
    "test_hostile.py::test_fifty_thousand_rows_with_one_bad_row",
    "test_hostile.py::test_huge_progress_file",
    "test_hostile.py::test_special_files_are_refused_at_once_by_every_reader",
    "test_hostile_budget.py::test_import_is_linear_in_related_pairs",
}


#: Tests that read what running the lessons makes (a fresh clone has none of it): the
#: review lesson links the Anki deck it writes into lessons/downloads/.
NEEDS_RUN_LESSONS = {"test_a11y_notebooks.py::test_lesson_reads_well_as_jupyter_renders_it"}


#: Files whose tests are heavy and independent of each other (each builds its own book or
#: opens its own pages): under ``--dist loadfile`` each of their tests (with all its
#: parameters) goes to whichever process is free. Every other file's tests stay together
#: in one process (a notebook's cells share a kernel; a module's fixtures are made once).
SPREAD = {"test_site_build.py", "test_a11y_site.py", "test_site_search.py", "test_edit_loop.py",
          "test_hostile.py", "test_file_safety.py", "test_site_browser.py", "test_security.py"}


#: Parametrized tests whose parameters are shares of one check (each its own unit of work).
SHARDED = {"test_a11y_site.py::test_every_page_passes_axe_and_marks_its_chinese",
           "test_site_search.py::test_search_finds_words_from_lesson_prose"}


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: without xdist, no hook
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """``--dist loadfile`` with the `SPREAD` files' tests scheduled one by one. (xdist's
    ``loadgroup`` marks do not reach its scheduler under pytest 9.2, whose node ids no
    longer take the suffix it writes.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Spread(LoadFileScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path, _, rest = nodeid.partition("::")
            name = f"{path.rpartition('/')[2]}::{rest.split('[')[0]}"
            if name in SHARDED:
                return nodeid
            if path.rpartition("/")[2] in SPREAD:
                return f"{path}::{rest.split('[')[0]}"
            return path

    return Spread(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that needs the course site is marked `site` (``make test-fast`` leaves it
    out: a fresh clone has no site); one that builds a fixture book, or is `HEAVY`, is
    marked `slow`."""
    for item in items:
        if f"{item.path.name}::{getattr(item, 'originalname', item.name)}" in HEAVY:
            item.add_marker(pytest.mark.slow)
        names = set(getattr(item, "fixturenames", ()))
        if names & SITE_FIXTURES or f"{item.path.name}::{getattr(item, 'originalname', item.name)}" \
                in NEEDS_RUN_LESSONS:
            item.add_marker(pytest.mark.site)
        if names & BUILDS_FIXTURES:
            item.add_marker(pytest.mark.slow)


def _required(var: str) -> bool:
    return os.environ.get(var, "") not in ("", "0")


def _missing(what: str, var: str) -> None:
    if _required(var):
        pytest.fail(f"{what} is required ({var}=1) but missing")
    pytest.skip(f"{what} not installed")


@pytest.fixture(scope="session")
def node() -> str:
    """Path of node; skip (or fail when TERMDRILLS_REQUIRE_NODE=1) without it."""
    path = shutil.which("node")
    if not path:
        _missing("node", "TERMDRILLS_REQUIRE_NODE")
    return path  # type: ignore[return-value]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Debian chromium driven by Playwright (session-wide)."""
    if not Path(CHROMIUM).exists():
        _missing("chromium (apt-get install chromium fonts-noto-cjk)", "TERMDRILLS_REQUIRE_BROWSER")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright (pip install playwright)", "TERMDRILLS_REQUIRE_BROWSER")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class PageLog:
    """What a page did that a test may want to assert on."""

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return parsed.hostname in ("127.0.0.1", "localhost")


@pytest.fixture()
def offline_page(browser: object) -> Iterator[tuple[object, PageLog]]:
    """A fresh page (own context, own localStorage) that blocks and records every
    request leaving 127.0.0.1, and records console errors and page errors."""
    log = PageLog()
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if _is_local(url):
            r.continue_()  # type: ignore[attr-defined]
        else:
            log.outside_requests.append(url)
            r.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    try:
        yield page, log
    finally:
        context.close()


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The course site in _build/html (built by `make test` before pytest runs)."""
    html = ROOT / "_build" / "html"
    if not (html / "index.html").exists():
        pytest.fail("_build/html is missing: run `make book` (or `make test`) first")
    return html


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _fixture_digest(source: Path) -> str:
    """What a fixture book's site depends on: its files, the termdrills package and the
    book configuration files it reads from the repository."""
    import hashlib

    h = hashlib.sha256()
    for folder in (source, ROOT / "termdrills"):
        for f in sorted(folder.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and "_build" not in f.parts:
                h.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


FIXTURE_SITES = ROOT / "_build" / "fixtures"


def build_fixture_book(source: Path, out: Path | None = None) -> Path:
    """A fixture book built with -W -n; returns its site folder. Built once for its
    inputs (`_fixture_digest`) under _build/fixtures and shared by every test, every
    pytest-xdist worker (a lock file: the first builds, the others wait) and later runs
    until a file changes; `out` builds into a folder of its own instead."""
    import fcntl

    jb = Path(sys.executable).with_name("jupyter-book")

    def build(into: Path) -> None:
        proc = subprocess.run(
            [str(jb), "build", str(source), "--path-output", str(into), "-W", "-n",
             "--keep-going"], check=False, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    if out is not None:
        build(out)
        return out / "_build" / "html"
    FIXTURE_SITES.mkdir(parents=True, exist_ok=True)
    target = FIXTURE_SITES / f"{source.name}-{_fixture_digest(source)}"
    with open(FIXTURE_SITES / f"{source.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = target / "built"
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)
            for old in FIXTURE_SITES.glob(f"{source.name}-*"):  # older inputs' sites
                shutil.rmtree(old, ignore_errors=True)
            build(target)
            done.write_text("ok\n", encoding="utf-8")
    return target / "_build" / "html"


@pytest.fixture(scope="session")
def drillbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/drillbook (one page with every drill kind), built once for its
    inputs (`build_fixture_book`)."""
    return build_fixture_book(DRILLBOOK)


# ------------------------------------------------ a drill page in the browser (helpers)

STORE_KEY = "termdrills:termdrills:review"  # the fixture books' course id


def drill(page, drill_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f'section[data-drill="{drill_id}"]')


def payload(page, drill_id: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    text = page.locator(f'div.termdrills-static[data-drill="{drill_id}"] script.termdrills-data')
    return json.loads(text.text_content())["payload"]  # type: ignore[no-any-return]


def store(page) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The review store as localStorage holds it once the page has saved it (after the
    frame that shows an answer's feedback: core/storage.js)."""
    return json.loads(page.evaluate(after_frame(f"localStorage.getItem('{STORE_KEY}')"))
                      or "null")


def after_frame(expression: str) -> str:
    """A page function that waits until what the page saves after a frame is saved, then
    returns `expression`."""
    return ("async () => { await new Promise(r => requestAnimationFrame(() => setTimeout(r)));"
            f" return {expression}; }}")


@pytest.fixture(scope="session")
def drills_url(drillbook: Path) -> Iterator[str]:
    with serve(drillbook) as url:
        yield url + "drills.html"


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_script(browser: object) -> Path:
    """axe-core's axe.min.js (package.json devDependency, installed by `npm ci`); skip
    without it, or fail when TERMDRILLS_REQUIRE_BROWSER=1."""
    if not AXE.is_file():
        _missing("axe-core (npm ci)", "TERMDRILLS_REQUIRE_BROWSER")
    return AXE


@pytest.fixture()
def bare_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder with no glossary.csv or _config.yml in it or above it (what "outside the
    course" means): `tmp_path`, else one in /dev/shm when something left a glossary.csv
    in /tmp; the test is skipped, saying why, when there is no such folder."""
    import tempfile

    def bare(folder: Path) -> bool:
        return not any((p / name).exists() for p in (folder, *folder.parents)
                       for name in ("glossary.csv", "_config.yml"))

    if bare(tmp_path):
        yield tmp_path
        return
    if not (Path("/dev/shm").is_dir() and bare(Path("/dev/shm"))):
        pytest.skip(f"a glossary.csv or _config.yml above {tmp_path} and /dev/shm")
    folder = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
