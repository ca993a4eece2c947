"""The test suite's own time, as a developer meets it on a fresh clone.

1. ``make test-fast``'s command (unit and node tests, no built site) in a fresh clone of
   the committed course (goal: under 60 s, and green);
2. ``make test``'s commands (the book built with ``-W``, then every test, the lessons
   under nbval, side by side) in the same clone (goal: under 6 minutes on 2 cores).

Both use this environment (``.venv``, ``node_modules``): installing it is not the test's
time. The clone imports its own package (``PYTHONPATH``). ``BENCH_TESTS=fast`` times only
the first.

Run: .venv/bin/python -m benchmarks.bench_tests  (writes benchmarks/results/tests.json)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._util import write_result
from benchmarks.course import ROOT

FAST = ["-m", "pytest", "-m", "not slow and not browser and not site", "-n", "auto", "-q",
        "-p", "no:cacheprovider", "tests"]
FULL = ["-m", "pytest", "--nbval", "-n", "auto", "--dist", "loadfile", "-q",
        "-p", "no:cacheprovider"]


def _counts(out: str) -> dict[str, int]:
    last = [line for line in out.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    found = dict.fromkeys(("passed", "failed", "errors", "skipped"), 0)
    for n, what in re.findall(r"(\d+) (passed|failed|errors?|skipped)", last[-1] if last else ""):
        found["errors" if what.startswith("error") else what] = int(n)
    return found


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> dict[str, object]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    return {"s": round(seconds, 1), "exit": proc.returncode, **_counts(proc.stdout),
            "tail": (proc.stdout + proc.stderr)[-1500:]}


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)],
                       check=True)
        if (ROOT / "node_modules").is_dir():
            (clone / "node_modules").symlink_to(ROOT / "node_modules")
        env = {k: v for k, v in os.environ.items() if k not in ("TERMDRILLS_GLOSSARY",)}
        env["PYTHONPATH"] = str(clone)
        fast = _run([sys.executable, *FAST], clone, env)
        result: dict[str, object] = {"fast": fast, "goals": {"fast_s": "< 60, green",
                                                             "full_s": "< 360"}}
        if os.environ.get("BENCH_TESTS", "") != "fast":
            start = time.perf_counter()
            jb = Path(sys.executable).with_name("jupyter-book")
            book = subprocess.run([str(jb), "build", ".", "-n", "-W", "--keep-going"], cwd=clone,
                                  env=env, capture_output=True, text=True, check=False)
            build_s = time.perf_counter() - start
            full = _run([sys.executable, *FULL], clone, env)
            result["full"] = {**full, "build_s": round(build_s, 1), "build_exit": book.returncode,
                              "s": round(build_s + float(full["s"]), 1)}  # type: ignore[arg-type]
    write_result("tests", result)
    for name in ("fast", "full"):
        r = result.get(name)
        if isinstance(r, dict):
            goal = 60 if name == "fast" else 360
            green = r["exit"] == 0 and r.get("build_exit", 0) == 0
            print(f"make test{'-fast' if name == 'fast' else ''}: {r['s']:.0f} s "
                  f"({r['passed']} passed, {r['failed']} failed, {r['errors']} errors), "
                  f"goal < {goal} s and green: met: {'yes' if r['s'] < goal and green else 'no'}")
    return result


if __name__ == "__main__":
    main()
