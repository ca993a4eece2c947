"""A Sphinx extension for the benchmarks only: where a build's time goes.

Added to the extension list of the benchmark's copy of the course (never to the
course's own ``_config.yml``). It writes ``<outdir>/../phases.json``: seconds from the
start of the process to the builder's start (Python, imports, extension set-up, the
saved environment), in reading (and, per document, from ``source-read`` to
``doctree-read``: parse, transforms and, for a notebook myst-nb runs itself, its run),
from the end of reading to the start of writing (``env-updated``: consistency, figure
numbers), in writing and at the end (search index, static files).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

_t: dict[str, float] = {}
_docs: dict[str, float] = {}
_started: dict[str, float] = {}


def _now() -> float:
    return time.perf_counter()


def _process_start() -> float:
    """Seconds since this process started (from /proc, so imports before Sphinx count)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        import os

        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def setup(app: Any) -> dict[str, Any]:
    _t["setup"] = _now()
    _t["before_setup"] = _process_start()

    def mark(name: str) -> Any:
        def handler(*args: Any) -> None:
            _t.setdefault(name, _now())
        return handler

    app.connect("builder-inited", mark("builder_inited"), priority=1)
    app.connect("env-before-read-docs", mark("read_start"), priority=1)
    app.connect("source-read", lambda a, docname, s: _started.__setitem__(docname, _now()),
                priority=1)
    app.connect("doctree-read", lambda a, d: _docs.__setitem__(
        a.env.docname, _now() - _started.get(a.env.docname, _now())), priority=999)
    app.connect("env-updated", mark("read_end"), priority=1)
    app.connect("write-started", mark("write_start"), priority=1)

    def finished(app: Any, exception: BaseException | None) -> None:
        end = _now()
        t = {k: v for k, v in _t.items() if k != "before_setup"}
        read_start = t.get("read_start", t.get("builder_inited", end))
        read_end = t.get("read_end", read_start)
        write_start = t.get("write_start", end)
        phases = {
            "start_up_s": round(_t["before_setup"] + t.get("builder_inited", end) - t["setup"], 3),
            "reading_s": round(read_end - read_start, 3),
            "after_reading_s": round(write_start - read_end, 3) if "write_start" in t else None,
            "writing_s": round(end - write_start, 3) if "write_start" in t else None,
            "documents_read": {k: round(v, 3) for k, v in sorted(_docs.items(),
                                                                 key=lambda kv: -kv[1])},
        }
        out = Path(app.outdir).parent / "phases.json"
        out.write_text(json.dumps(phases, indent=1), encoding="utf-8")

    app.connect("build-finished", finished, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
