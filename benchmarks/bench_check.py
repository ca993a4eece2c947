"""`termdrills check` against plain `pandas.read_csv` on generated glossaries.

Goal (issue 2): checking a 5,000-row glossary takes at most 2x pandas' read.
Both run in this process, warmed up; the ratio is what to read, not the seconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from benchmarks._util import generated_glossary, median_seconds, write_result
from termdrills import check_file


def main() -> dict[str, object]:
    rows_out = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (5_000, 50_000):
            path = generated_glossary(Path(tmp) / f"g{rows}.csv", rows)
            assert check_file(path) == [], "the generated glossary must be valid"
            repeat = 7 if rows <= 5_000 else 3
            t_check = median_seconds(lambda p=path: check_file(p), repeat=repeat)
            t_pandas = median_seconds(lambda p=path: pd.read_csv(p), repeat=repeat)
            rows_out.append({"rows": rows, "check_s": round(t_check, 4),
                             "read_csv_s": round(t_pandas, 4),
                             "ratio": round(t_check / t_pandas, 2)})
    result = {"goal": "check <= 2x pandas.read_csv at 5,000 rows", "rows": rows_out}
    write_result("check", result)
    print("termdrills check vs pandas.read_csv")
    print(f"{'rows':>8} {'check (s)':>10} {'read_csv (s)':>13} {'ratio':>6}")
    for r in rows_out:
        print(f"{r['rows']:>8} {r['check_s']:>10.4f} {r['read_csv_s']:>13.4f} {r['ratio']:>6.2f}")
    return result


if __name__ == "__main__":
    main()
