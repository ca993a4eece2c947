"""A synthetic semester: the course's own unit plus 10 units of 4 lessons each.

    python -m benchmarks.course DEST [--units 10] [--lessons 4] [--rows 25]

DEST gets a copy of everything the course's site build reads (`COURSE_FILES`), then
`rows` generated glossary rows per new lesson (10 × 4 × 25 = 1,000, beside the unit's
own rows), then one notebook per new lesson written by ``termdrills new-lesson`` (the
CLI, in this process), and a ``_toc.yml`` with one part per unit. Every notebook, the
unit's four included, gets a first hidden cell that appends its name to ``runs.log``
when it runs, so a benchmark can count exactly which notebooks a build executed.

The generated rows (with their pinyin, as ``termdrills import-article`` writes it) are
valid for the checker and share no Chinese with each other or with the real glossary, so
a lesson's sentence drill shows only its own rows; a multiple-choice question depends on
its own lesson's rows (docs/architecture.md, *Freshness*): an edited row should re-run
its own lesson only.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import shutil
import sys
from pathlib import Path

import yaml

from termdrills._files import atomic_write
from termdrills.glossary import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
#: Everything the site build reads (the performance page includes the results table and
#: the architecture page includes docs/architecture.md).
COURSE_FILES = ("_config.yml", "_toc.yml", "glossary.csv", "evidence.csv", "book", "lessons",
                "homework", "docs/architecture.md", "benchmarks/results/summary.md")
RUNS_LOG = "runs.log"
_DIGITS = "零一二三四五六七八九"


def copy_course(dest: Path) -> Path:
    """The course's sources in `dest` (never its build, checkpoints or downloads)."""
    dest.mkdir(parents=True)
    for name in COURSE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(
                ".ipynb_checkpoints", "__pycache__", "downloads"))
        elif src.exists():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def _zh_number(n: int) -> str:
    return "".join(_DIGITS[int(d)] for d in str(n))


def slug(unit: int, lesson: int) -> str:
    return f"unit-{unit}-lesson-{lesson}"


def generated_rows(units: int, lessons: int, rows: int) -> list[dict[str, str]]:
    """`rows` rows for each lesson of each generated unit (units numbered from 2), with
    their pinyin filled in, as ``termdrills import-article`` writes rows, and the course
    glossary's mix of columns: an accepted alternative on 3 rows in 5 (19 of its 31), a
    deprecated rendering on 1 in 3 (11 of 31), an example pair on 1 in 2 (16 of 31)."""
    from termdrills.text.pinyin import to_pinyin

    out = []
    for u in range(2, units + 2):
        for le in range(1, lessons + 1):
            for k in range(1, rows + 1):
                zh = f"模拟术语{_zh_number(u)}单元{_zh_number(le)}课第{_zh_number(k)}条"
                en = f"simulated term {k} of unit {u} lesson {le}"
                row = {"id": f"u{u}-l{le}-t{k}", "zh": zh, "en": en, "pinyin": to_pinyin(zh),
                       "lesson": slug(u, le),
                       "note": "A generated row for the course-scale benchmark.",
                       "source": "Generated for the course-scale benchmark",
                       "source_url": f"https://example.org/rows/{u}/{le}/{k}",
                       "date": "2024-03-05"}
                if k % 5 < 3:
                    row["alt_en"] = f"generated rendering {k} of unit {u} lesson {le}"
                    row["alt_source"] = f"https://example.org/alt/{u}/{le}/{k}"
                if k % 3 == 1:
                    row["deprecated_en"] = f"word for word term {k} of unit {u} lesson {le}"
                    row["deprecated_note"] = "A literal rendering official English avoids."
                if k % 2 == 1:
                    row["example_zh"] = f"课文里的例句提到了{zh}。"
                    row["example_en"] = f"The example sentence of the lesson mentions the {en}."
                out.append(row)
    return out


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    w.writerows(rows)
    atomic_write(path, text.rstrip("\n") + "\n" + out.getvalue())


def evidence_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A line of evidence.csv per rendering and example, so the checker has nothing to
    say about the generated rows."""
    out = []
    for r in rows:
        forms = [(r["en"], "preferred", r["source_url"]),
                 (r.get("alt_en"), "admitted", r.get("alt_source")),
                 (r.get("example_en"), "example", r["source_url"]),
                 (r.get("deprecated_en"), "deprecated", r["source_url"])]
        for form, status, url in forms:
            if form:
                out.append({"id": r["id"], "form": form, "status": status, "url": url,
                            "date": r["date"], "excerpt": "" if status == "deprecated" else form})
    return out


def add_run_log(notebook: Path) -> None:
    """A first hidden cell that appends the notebook's name to runs.log when it runs."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = (f"with open('../{RUNS_LOG}', 'a', encoding='utf-8') as _log:\n"
            f"    _log.write('{notebook.stem}\\n')")
    cell = {"cell_type": "code", "id": "bench-runs-log", "execution_count": None,
            "metadata": {"tags": ["remove-cell"]}, "outputs": [], "source": code}
    nb["cells"].insert(0, cell)
    atomic_write(notebook, json.dumps(nb, ensure_ascii=False, indent=1) + "\n")


def _toc(dest: Path, units: int, lessons: int) -> None:
    """One part per generated unit, after the course's own units (numbered after them)."""
    toc = yaml.safe_load((dest / "_toc.yml").read_text(encoding="utf-8"))
    new = {f"lessons/{slug(u, le).replace('-', '_')}" for u in range(2, units + 2)
           for le in range(1, lessons + 1)}
    for part in toc["parts"]:  # new-lesson put each lesson in a new unit of its own
        part["chapters"] = [c for c in part["chapters"] if c.get("file") not in new]
    toc["parts"] = [p for p in toc["parts"] if p["chapters"]]
    at = 1 + max(i for i, p in enumerate(toc["parts"])
                 if any(c.get("file", "").startswith("lessons/") for c in p["chapters"]))
    course_units = sum(1 for p in toc["parts"] if str(p.get("caption", "")).startswith("Unit "))
    parts = [{"caption": f"Unit {course_units + u - 1}: simulated", "chapters": [
        {"file": f"lessons/{slug(u, le).replace('-', '_')}"} for le in range(1, lessons + 1)]}
        for u in range(2, units + 2)]
    toc["parts"][at:at] = parts
    atomic_write(dest / "_toc.yml", yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))


def make_course(dest: Path, *, units: int = 10, lessons: int = 4, rows: int = 25) -> Path:
    """The course plus `units` × `lessons` scaffolded lessons of `rows` rows each."""
    from termdrills import cli

    copy_course(dest)
    glossary = dest / "glossary.csv"
    new_rows = generated_rows(units, lessons, rows)
    assert set(new_rows[0]) <= set(COLUMNS)
    _append(glossary, new_rows)
    _append(dest / "evidence.csv", evidence_rows(new_rows))
    for u in range(2, units + 2):
        for le in range(1, lessons + 1):
            title = f"Unit {u}, lesson {le}"
            with contextlib.redirect_stdout(io.StringIO()):  # "…: written", 80 times
                code = cli.main(["new-lesson", slug(u, le), "--title", title,
                                 "--glossary", str(glossary)])
            if code != 0:
                raise SystemExit(f"termdrills new-lesson {slug(u, le)} failed")
    _toc(dest, units, lessons)
    for notebook in sorted((dest / "lessons").glob("*.ipynb")):
        add_run_log(notebook)
    return dest


def runs(course: Path) -> list[str]:
    """The notebooks executed so far, one name per run (runs.log)."""
    log = course / RUNS_LOG
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.course", description=__doc__.split(
        "\n\n")[0])
    p.add_argument("dest", type=Path)
    p.add_argument("--units", type=int, default=10)
    p.add_argument("--lessons", type=int, default=4)
    p.add_argument("--rows", type=int, default=25)
    args = p.parse_args(argv)
    if args.dest.exists():
        print(f"{args.dest}: already exists", file=sys.stderr)
        return 1
    make_course(args.dest, units=args.units, lessons=args.lessons, rows=args.rows)
    print(f"{args.dest}: {args.units * args.lessons} lessons added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
