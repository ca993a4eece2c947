"""Run the lessons a build will read side by side, one kernel per core.

myst-nb runs each notebook when Sphinx parses it, one after another (``execute_notebooks:
force``). A kernel spends most of its time on its own core, so a course of forty lessons
would leave the other cores idle. So when Sphinx knows which documents it will read
(``env-before-read-docs``), this part of the book's extension starts every notebook among
them on a pool of ``TERMDRILLS_JOBS`` workers (default: one per core; ``1`` leaves
execution to myst-nb), each in its own kernel with its own ``TERMDRILLS_TRACE`` file
(`termdrills.book.freshness`), in the order Sphinx reads them. Sphinx goes on reading the
other pages meanwhile; when it comes to a notebook (``source-read``) it waits for that
notebook's run and hands myst-nb the executed notebook with execution off for that
document only (the notebook-level ``mystnb`` override), so myst-nb renders exactly the
outputs it would have made itself.

A notebook runs as myst-nb would run it: nbclient, in the notebook's folder (or a
temporary one with ``run_in_temp``), with the configured timeout and ``allow_errors``
(a notebook's own ``execution`` metadata wins, as with jupyter-cache). A cell that fails
stops the build with one located line per failing notebook (``lessons/x.ipynb: cell 7:
NameError: name 'y' is not defined``), no traceback, before anything is written.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from termdrills.book import state as _state
from termdrills.glossary import trace as _trace

if TYPE_CHECKING:
    from nbformat import NotebookNode
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

ENV_JOBS = "TERMDRILLS_JOBS"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Run:
    """One notebook's run: the executed notebook, or the one-line reason it failed."""

    notebook: NotebookNode | None = None
    error: str | None = None
    seconds: float = 0.0
    finished: float = 0.0  # time.time() at the end of the run


def jobs() -> int:
    """How many kernels run at once: ``TERMDRILLS_JOBS``, else one per core."""
    value = os.environ.get(ENV_JOBS, "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            logger.warning("%s=%r is not a number: using one job per core", ENV_JOBS, value)
    return os.cpu_count() or 1


def _runs(app: Sphinx) -> dict[str, Future[Run]]:
    return _state.build(app).runs


def _failure(notebook: NotebookNode, exc: BaseException, timeout: int | None) -> str:
    """`exc` as one line: the failing cell (1-based, as Jupyter shows them) and its error."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    where = ""
    for k, cell in enumerate(notebook.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        errors = [o for o in cell.get("outputs", ()) if o.get("output_type") == "error"]
        if errors:
            where = f"cell {k}: "
            if not isinstance(exc, (CellTimeoutError, DeadKernelError)):
                e = errors[-1]
                return f"{where}{e.get('ename', 'Error')}: {_ANSI.sub('', e.get('evalue', ''))}"
    if isinstance(exc, CellTimeoutError):
        return f"{where}a cell ran longer than the timeout ({timeout} s)"
    if isinstance(exc, DeadKernelError):
        return f"{where}the kernel died"
    first = next((line for line in _ANSI.sub("", str(exc)).splitlines() if line.strip()), "")
    return f"{where}{type(exc).__name__}: {first}".strip()


def _execute(notebook: NotebookNode, *, cwd: str | None, timeout: int | None,
             allow_errors: bool, trace: Path, environ: dict[str, str]) -> Run:
    """Run one notebook as myst-nb's direct execution would (jupyter-cache's
    `single_nb_execution`: the notebook's ``execution`` metadata may override the
    timeout and ``allow_errors``), with its own trace file in the kernel's environment."""
    from nbclient import NotebookClient

    meta = notebook.metadata.get("execution", {})
    timeout = meta.get("timeout", timeout)
    allow_errors = meta.get("allow_errors", allow_errors)
    _trace.forget(trace)
    env = {**environ, _trace.ENV: str(trace)}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() if cwd is None else _Here(cwd) as folder:
        client = NotebookClient(notebook, timeout=timeout, allow_errors=allow_errors,
                                record_timing=False, resources={"metadata": {"path": folder}})
        try:
            client.execute(env=env)
        except Exception as exc:  # noqa: BLE001 - a cell's error, a timeout, a dead kernel...
            return Run(error=_failure(notebook, exc, timeout),
                       seconds=time.perf_counter() - start, finished=time.time())
    return Run(notebook=notebook, seconds=time.perf_counter() - start, finished=time.time())


class _Here:
    """A context manager that yields a folder that already exists."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __enter__(self) -> str:
        return self.folder

    def __exit__(self, *exc: object) -> None:
        return None


def _read(path: Path) -> NotebookNode | None:
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return None


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Start every notebook about to be read, in reading order, on the pool."""
    state = _state.build(app)
    state.read_count = len(docnames)
    config = getattr(env, "mystnb_config", None)
    workers = jobs()
    notebooks = [d for d in docnames if str(env.doc2path(d)).endswith(".ipynb")]
    runs = _runs(app)
    runs.clear()
    # Under `sphinx-build -j N` Sphinx reads in forked processes, which run their
    # notebooks themselves (a pool's threads do not survive a fork).
    if (config is None or config.execution_mode != "force" or workers < 2
            or len(notebooks) < 2 or app.parallel > 1):
        return
    timeout = config.execution_timeout
    environ = dict(os.environ)  # read here: the reading thread changes TERMDRILLS_TRACE
    pool = ThreadPoolExecutor(max_workers=min(workers, len(notebooks)),
                              thread_name_prefix="termdrills-kernel")
    for docname in sorted(notebooks, key=docnames.index):
        path = Path(env.doc2path(docname))
        notebook = _read(path)
        if notebook is None:
            continue  # not a notebook nbformat reads: left to myst-nb, which reports it
        runs[docname] = pool.submit(
            _execute, notebook, cwd=None if config.execution_in_temp else str(path.parent),
            timeout=timeout, allow_errors=config.execution_allow_errors,
            trace=state.trace_file(docname), environ=environ)
    pool.shutdown(wait=False)
    logger.info("[termdrills] running %d notebooks, %d at a time", len(runs),
                min(workers, len(runs)))


def _fail(app: Sphinx) -> None:
    """Every failed notebook as one located line, then a non-zero exit (no traceback)."""
    lines = []
    for docname, future in _runs(app).items():
        run = future.result()
        if run.error:
            lines.append(f"{app.env.doc2path(docname)}: {run.error}")
    for line in lines:
        logger.error(line)
    raise SystemExit(1)


def source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Hand myst-nb the notebook as run on the pool, with execution off for it alone."""
    future = _runs(app).get(docname)
    if future is None:
        return
    import nbformat
    from myst_nb.sphinx_ import NbMetadataCollector

    run = future.result()
    if run.error:
        _fail(app)
    notebook = run.notebook
    assert notebook is not None
    notebook.metadata["mystnb"] = {**notebook.metadata.get("mystnb", {}),
                                   "execution_mode": "off"}
    source[0] = nbformat.writes(notebook)
    # what myst-nb records after running a notebook itself (for {nb-exec-table})
    NbMetadataCollector.set_exec_data(app.env, docname, {
        "mtime": run.finished, "runtime": run.seconds, "method": "force", "succeeded": True,
        "error": None, "traceback": None})
    logger.info("[termdrills] %s: ran in %.1f s on the pool", docname, run.seconds)


#: Fewer pages than this are written one by one (forking costs more than it saves).
WRITE_SIDE_BY_SIDE_FROM = 12


def write_side_by_side(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading, let Sphinx write pages side by side as well: it resolves each page
    in this process and hands the HTML writing to forked writers (``app.parallel - 1``
    of them), as under ``sphinx-build -j``. Only when this build read enough pages,
    ``TERMDRILLS_JOBS`` allows more than one, and every extension declares itself safe
    for parallel writing (asked here without Sphinx's warnings, which ``-W`` would turn
    into errors). The pages are the same as a serial build's (tests/test_site_build.py)."""
    workers = jobs()
    read = _state.build(app).read_count
    if app.parallel > 1 or workers < 2 or read < WRITE_SIDE_BY_SIDE_FROM:
        return []
    if not all(getattr(ext, "parallel_write_safe", None) for ext in app.extensions.values()):
        return []
    app.parallel = workers + 1  # this process resolves, `workers` processes write
    logger.info("[termdrills] writing pages %d at a time", workers)
    return []
