"""Per-notebook nbval time: each lesson run on its own by `pytest --nbval`.

Includes starting a kernel (the floor for any notebook); the goal (issue 5) is a
lesson that runs top to bottom "in a few seconds".
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks._util import write_result

ROOT = Path(__file__).resolve().parent.parent


def _run(notebook: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(notebook.parent), str(notebook)],
        capture_output=True, text=True, cwd=notebook.parent, check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{notebook.name}: nbval failed\n{proc.stdout[-2000:]}")
    return elapsed


def main() -> dict[str, object]:
    rows = [{"notebook": nb.name, "seconds": round(_run(nb), 2)}
            for nb in sorted((ROOT / "lessons").glob("*.ipynb"))]
    result = {"goal": "each lesson runs top to bottom in a few seconds", "rows": rows}
    write_result("nbval", result)
    print("nbval, one lesson per run (includes kernel start)")
    for r in rows:
        print(f"  {r['notebook']:<32} {r['seconds']:>6.2f} s")
    return result


if __name__ == "__main__":
    main()
