"""The README's promises that code can check."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_shows_the_last_benchmark_table() -> None:
    """`make bench` writes benchmarks/results/summary.md and the same table into the
    README (benchmarks/__main__.py): a table edited by hand, or left from an older run,
    fails here."""
    from benchmarks.__main__ import TABLE_END, TABLE_START

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(TABLE_START) == 1 and readme.count(TABLE_END) == 1
    shown = readme.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].lstrip("\n")
    assert shown == (ROOT / "benchmarks" / "results" / "summary.md").read_text(encoding="utf-8")
