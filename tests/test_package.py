"""termdrills as a package others install: a wheel that works in a clean environment,
and the book extension in a Jupyter Book that is not this repository's.

Both are slow (a virtual environment, a book build) and marked so; `make test` runs them."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
         timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False, env=env)


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with only the wheel built from this checkout (and what
    its metadata says it needs, from the package index)."""
    where = tmp_path_factory.mktemp("wheel")
    # built from a copy: setuptools leaves a build/ folder in the tree it builds
    source = where / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "termdrills", source / "termdrills",
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "-w", where / "dist", source, cwd=where)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (where / "dist").glob("termdrills-*.whl")
    env_dir = where / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "--quiet", wheel, cwd=where)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return env_dir


@pytest.mark.slow
def test_the_wheel_starts_and_loads_no_sphinx(clean_venv: Path, tmp_path: Path) -> None:
    python = clean_venv / "bin" / "python"
    code = ("import sys, termdrills; from termdrills.drills import Flashcards; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'sphinx', 'docutils', 'myst_nb'}))")
    out = _run(python, "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
    helped = _run(clean_venv / "bin" / "termdrills", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "check" in helped.stdout, helped.stderr
    # the core works: check a glossary and export it, with no book installed
    glossary = tmp_path / "glossary.csv"
    glossary.write_text((ROOT / "tests" / "fixtures" / "grading" / "glossary.csv")
                        .read_text(encoding="utf-8"), encoding="utf-8")
    checked = _run(clean_venv / "bin" / "termdrills", "check", glossary, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    exported = _run(clean_venv / "bin" / "termdrills", "export", "tsv", "--glossary", glossary,
                    "-o", tmp_path / "terms.tsv", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "terms.tsv").read_text(encoding="utf-8").count("\n") > 1
    # the book extension without the book extra: one line saying what to install
    book = _run(python, "-c", "import termdrills.book", cwd=tmp_path)
    assert book.returncode != 0
    assert "pip install 'termdrills[book]'" in book.stderr.strip().splitlines()[-1]


@pytest.mark.slow
def test_the_wheel_carries_the_drills_front_end(clean_venv: Path, tmp_path: Path) -> None:
    python = clean_venv / "bin" / "python"
    code = ("from termdrills.drills import _assets; m = _assets.module(); "
            "print(len(m), 'export function render' in m or 'render' in m)")
    out = _run(python, "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    size, has_render = out.stdout.split()
    assert int(size) > 10_000 and has_render == "True"


# ------------------------------------------------------------- a book of one's own


def _own_book(root: Path) -> Path:
    """An existing Jupyter Book 1 that adds termdrills: its own folders, its glossary in a
    subfolder under another name, only `termdrills.book` in its extensions."""
    (root / "terms").mkdir(parents=True)
    (root / "chapters").mkdir()
    with (ROOT / "glossary.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["lesson"] == "government-services"]
    for row in rows:
        row["lesson"] = "basics"
    with (root / "terms" / "words.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (root / "_config.yml").write_text(
        "title: My translation notes\n"
        "execute:\n  execute_notebooks: force\n"
        "sphinx:\n  extra_extensions:\n    - termdrills.book\n"
        "  config:\n    termdrills:\n      glossary: terms/words.csv\n", encoding="utf-8")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n"
        "  - file: chapters/basics\n  - file: chapters/words\n", encoding="utf-8")
    (root / "intro.md").write_text("# Notes\n\nMy notes on 政务服务.\n", encoding="utf-8")
    (root / "chapters" / "words.md").write_text(
        "# Words\n\n```{termdrills-glossary}\n```\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Basics\n\nThe words of this chapter."),
        nbformat.v4.new_code_cell(
            "from termdrills import key_terms, load_glossary\n"
            "from termdrills.drills import Flashcards\n"
            'g = load_glossary("../terms/words.csv")\n'
            'key_terms(g, "basics")'),
        nbformat.v4.new_code_cell('Flashcards(g.by_lesson("basics"), seed=1)'),
    ]
    nbformat.write(nb, root / "chapters" / "basics.ipynb")
    return root


@pytest.mark.slow
def test_an_existing_book_gets_offline_drills_and_the_glossary(tmp_path: Path) -> None:
    book = _own_book(tmp_path / "notes")
    env = {k: v for k, v in os.environ.items() if k != "TERMDRILLS_GLOSSARY"}
    built = _run(BIN / "jupyter-book", "build", book, "-n", "-W", "--keep-going", cwd=tmp_path,
                 env=env)
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    html = book / "_build" / "html"
    chapter = (html / "chapters" / "basics.html").read_text(encoding="utf-8")
    words = (html / "chapters" / "words.html").read_text(encoding="utf-8")
    # the drill runs from the site's own code file, with its state inline: no kernel
    code = re.search(r'src="[^"]*(termdrills-[0-9a-f]{16}\.js)[?"]', chapter)
    assert code is not None and (html / "_static" / code[1]).is_file()
    assert "termdrills-static" in chapter
    # the key-terms table links each term to its entry on the glossary page
    for term in ("optimize-government-services", "government-services"):
        assert f'words.html#{term}"' in chapter, term
        assert f'id="{term}"' in words, term
    assert '<span lang="zh-CN">政务服务</span>' in words
    # nothing is loaded from outside the book
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//[^"]+"', text)
        assert remote == [], (page.name, remote)
    index = (html / "searchindex.js").read_text(encoding="utf-8")
    assert json.dumps("优化政务服务")[1:-1] in index or "优化政务服务" in index
