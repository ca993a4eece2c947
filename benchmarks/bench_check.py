"""`termdrills check` against plain `pandas.read_csv` on generated glossaries.

Goal (issue 2): checking a 5,000-row glossary takes at most 2x pandas' read. Measured
two ways, each a ratio within one run:

- in one process, warmed up: `check_file` against `pd.read_csv`, both already imported
  (the checker's own work: parsing with Python's csv module, line numbers, the rule
  table);
- as a whole process, what an instructor waits for: ``termdrills check FILE`` against
  ``python -c "import pandas; pandas.read_csv(FILE)"`` (start-up and imports included:
  the checker imports no pandas), the median of 5 runs each.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks._util import generated_glossary, median_seconds, write_result
from termdrills import check_file

TERMDRILLS = Path(sys.executable).parent / "termdrills"


def _process(argv: list[str], repeat: int = 5) -> float:
    def run() -> None:
        subprocess.run(argv, check=True, capture_output=True)
    return median_seconds(run, repeat=repeat, warmup=1)


def main() -> dict[str, object]:
    rows_out = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (5_000, 50_000):
            path = generated_glossary(Path(tmp) / f"g{rows}.csv", rows)
            assert check_file(path) == [], "the generated glossary must be valid"
            repeat = 7 if rows <= 5_000 else 3
            t_check = median_seconds(lambda p=path: check_file(p), repeat=repeat)
            t_pandas = median_seconds(lambda p=path: pd.read_csv(p), repeat=repeat)
            p_check = _process([str(TERMDRILLS), "check", str(path)])
            p_pandas = _process([sys.executable, "-c",
                                 f"import pandas; pandas.read_csv({str(path)!r})"])
            rows_out.append({"rows": rows, "check_s": round(t_check, 4),
                             "read_csv_s": round(t_pandas, 4),
                             "ratio": round(t_check / t_pandas, 2),
                             "process_check_s": round(p_check, 3),
                             "process_read_csv_s": round(p_pandas, 3),
                             "process_ratio": round(p_check / p_pandas, 2)})
    result = {"goal": "check <= 2x pandas.read_csv at 5,000 rows", "rows": rows_out,
              "when_measured": time.strftime("%Y-%m-%d")}
    write_result("check", result)
    print("termdrills check vs pandas.read_csv")
    print(f"{'rows':>8} {'check (s)':>10} {'read_csv (s)':>13} {'ratio':>6} "
          f"{'process: check':>15} {'read_csv':>9} {'ratio':>6}")
    for r in rows_out:
        print(f"{r['rows']:>8} {r['check_s']:>10.4f} {r['read_csv_s']:>13.4f} {r['ratio']:>6.2f} "
              f"{r['process_check_s']:>15.3f} {r['process_read_csv_s']:>9.3f} "
              f"{r['process_ratio']:>6.2f}")
    return result


if __name__ == "__main__":
    main()
