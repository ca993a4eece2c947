"""The instructor's edit loop: after each kind of glossary edit, a plain rebuild runs
again only the notebooks whose pages change, and gives exactly the pages a clean build
gives.

The book is two units of lessons written by ``termdrills new-lesson`` (the scaffold's
multiple choice takes its distractors from the whole glossary, `glossary=g`), each
notebook appending its name to runs.log when it runs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from test_site_build import JUPYTER_BOOK, ROOT, clean_copy, html_pages, ok, runs

pytestmark = pytest.mark.slow

LESSONS = {"alpha": "Unit one", "beta": "Unit one", "gamma": "Unit two"}
ROWS = 5  # per lesson: a multiple-choice question's three distractors come from its lesson
HEADER = ["id", "zh", "en", "alt_en", "alt_source", "pinyin", "lesson", "example_zh",
          "example_en", "note", "source", "source_url", "date"]
_DIGITS = "零一二三四五六七八九"


def _row(lesson: str, k: int) -> dict[str, str]:
    zh = f"{'甲乙丙'['abg'.index(lesson[0])]}类术语{_DIGITS[k]}号"
    en = f"{lesson} term {k}"
    row = {"id": f"{lesson}-{k}", "zh": zh, "en": en, "lesson": lesson,
           "note": f"A note on {en}.", "source": "A source",
           "source_url": f"https://example.org/{lesson}/{k}", "date": "2024-03-05"}
    if k % 2:
        row |= {"example_zh": f"例句里有{zh}。", "example_en": f"The example has the {en}."}
    return row


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _edit(path: Path, row_id: str, **cells: str) -> None:
    rows = _read_csv(path)
    for row in rows:
        if row["id"] == row_id:
            row.update(cells)
    _write_csv(path, rows)


def make_scaffolded_book(folder: Path) -> Path:
    """The real _config.yml and glossary and variants pages, and one scaffolded lesson per
    entry of LESSONS, in parts by unit."""
    from termdrills import cli

    (folder / "book").mkdir(parents=True)
    for name in ("_config.yml",):
        (folder / name).write_bytes((ROOT / name).read_bytes())
    for name in ("glossary.md", "variants.md", "favicon.svg"):
        (folder / "book" / name).write_bytes((ROOT / "book" / name).read_bytes())
    (folder / "intro.md").write_text("# A small course\n\nStart here.\n", encoding="utf-8")
    units: dict[str, list[str]] = {}
    for slug, unit in LESSONS.items():
        units.setdefault(unit, []).append(f"lessons/{slug}")
    toc = "format: jb-book\nroot: intro\nparts:\n" + "".join(
        f"  - caption: {unit}\n    chapters:\n" + "".join(f"      - file: {f}\n" for f in files)
        for unit, files in units.items()) + (
        "  - caption: Reference\n    chapters:\n      - file: book/glossary\n"
        "      - file: book/variants\n")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                     "  - file: book/glossary\n", encoding="utf-8")
    _write_csv(folder / "glossary.csv",
               [_row(slug, k) for slug in LESSONS for k in range(1, ROWS + 1)])
    for slug in LESSONS:
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli.main(["new-lesson", slug, "--glossary",
                             str(folder / "glossary.csv")]) == 0
    (folder / "_toc.yml").write_text(toc, encoding="utf-8")  # the lessons in their units
    for slug in LESSONS:
        path = folder / "lessons" / f"{slug}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb["cells"].insert(0, {
            "cell_type": "code", "id": "runs-log", "execution_count": None,
            "metadata": {"tags": ["remove-cell"]}, "outputs": [],
            "source": f"with open('../runs.log', 'a') as log:\n    log.write('{slug}\\n')"})
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def build(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TERMDRILLS_GLOSSARY",
                                                             "TERMDRILLS_JOBS")}
    return subprocess.run([str(JUPYTER_BOOK), "build", ".", "-n", "-W", "--keep-going"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=600,
                          check=False)


#: (what the instructor does, the edit, the notebooks that must run again)
EDITS = [
    ("en", lambda p: _edit(p, "alpha-2", en="alpha term two"), ["alpha"]),
    ("alt_en with its source", lambda p: _edit(
        p, "alpha-3", alt_en="the third alpha term",
        alt_source="https://example.org/alt/alpha/3"), ["alpha"]),
    ("note", lambda p: _edit(p, "alpha-4", note="A note, revised."), []),
    ("example", lambda p: _edit(p, "beta-1", example_en="The example has the beta term 1, "
                                                         "revised."), ["beta"]),
    ("row added to a lesson", lambda p: _write_csv(p, [*_read_csv(p), {
        **_row("gamma", 6), "zh": "丙类新增术语", "en": "an added gamma term"}]), ["gamma"]),
    ("row removed", lambda p: _write_csv(p, [r for r in _read_csv(p)
                                              if r["en"] != "an added gamma term"]), ["gamma"]),
]


def test_each_kind_of_edit_reruns_only_the_pages_it_changes_and_equals_a_clean_build(
        tmp_path: Path) -> None:
    book = make_scaffolded_book(tmp_path / "book")
    ok(build(book))
    assert sorted(runs(book)) == sorted(LESSONS)
    alpha = (book / "_build/html/lessons/alpha.html").read_text(encoding="utf-8")
    assert "multiple_choice" in alpha  # the scaffold's question with the glossary's rows
    for k, (kind, edit, expected) in enumerate(EDITS):
        before = len(runs(book))
        edit(book / "glossary.csv")
        ok(build(book))
        assert sorted(runs(book)[before:]) == expected, kind
        clean = clean_copy(book, tmp_path / f"clean{k}")
        ok(build(clean))
        assert html_pages(book) == html_pages(clean), kind
    assert "alpha term two" in (book / "_build/html/lessons/alpha.html").read_text("utf-8")
