"""The package's layout keeps its promises: everything Sphinx in `termdrills.book`, a core
that imports as a library, an import graph without cycles, a top level a newcomer reads.

The imports are read from the source (every ``import`` and ``from … import``, also
those inside functions and under ``TYPE_CHECKING``), so a lazy import cannot hide a
dependency from these tests."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "termdrills"
SPHINX = ("sphinx", "docutils", "myst_nb", "myst_parser", "sphinx_book_theme")


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every module `path` imports (absolute names; ``from pkg import sub`` counts as
    ``pkg.sub`` when that is a module of the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            subs = {f"{base}.{a.name}" for a in node.names} & MODULES.keys()
            found.update(subs)
            if len(subs) < len(node.names):  # names defined in `base` itself
                found.add(base)
    return found


def _internal(name: str) -> str | None:
    """The package module `name` is (or is inside), else None."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


GRAPH = {m: {t for i in _imports(p) if (t := _internal(i)) and t != m}
         for m, p in MODULES.items()}


def test_nothing_outside_the_book_package_imports_sphinx() -> None:
    offenders = []
    for module, path in MODULES.items():
        if module == "termdrills.book" or module.startswith("termdrills.book."):
            continue
        heavy = sorted(i for i in _imports(path) if i.split(".")[0] in SPHINX)
        if heavy:
            offenders.append(f"{module}: {', '.join(heavy)}")
    assert not offenders, offenders


def test_the_layout_test_sees_an_import_of_sphinx(tmp_path: Path) -> None:
    """The control: the scanner finds a Sphinx import in a function body."""
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from docutils import nodes\n", encoding="utf-8")
    assert "docutils" in _imports_of_file(source)


def _imports_of_file(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}


@pytest.mark.parametrize("statement", [
    "import termdrills",
    "from termdrills import load_glossary, key_terms, aligned",
    "import termdrills.cli, termdrills.exports.moodle, termdrills.exports.qti",
    "import termdrills.grading, termdrills.review.report",
])
def test_the_core_imports_without_sphinx(statement: str) -> None:
    code = (f"import sys; {statement}; "
            f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & "
            f"{set(SPHINX)!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT / "tests").stdout.strip()
    assert out == "", f"{statement} loads {out}"


def test_the_exports_import_no_widget_library() -> None:
    code = ("import sys; import termdrills.exports._questions, termdrills.exports.moodle; "
            "print(' '.join(m for m in ('anywidget', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT / "tests").stdout.strip()
    assert out == ""


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _without_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` that re-exports its modules is not a cycle with them: the
    edges from a module to its own package's ``__init__`` are dropped (a module never
    needs its package's re-exports: it imports the module that defines the name)."""
    return {m: {t for t in targets if not (m.startswith(t + "."))}
            for m, targets in graph.items()}


def test_the_import_graph_has_no_cycles() -> None:
    assert _cycles(_without_packages(GRAPH)) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_modules_import_their_own_package_only_by_module() -> None:
    """No module imports names from its own package's ``__init__`` (that edge would be a
    cycle the graph test leaves out)."""
    offenders = [m for m, targets in GRAPH.items()
                 for t in targets if m.startswith(t + ".") and t != "termdrills"]
    assert offenders == []


def test_the_top_level_is_small() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 15, top
    packages = sorted(p.name for p in PACKAGE.iterdir()
                      if p.is_dir() and (p / "__init__.py").is_file())
    for name in packages:  # each subpackage says what it holds
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text("utf-8")))
        assert doc and len(doc) > 40, f"termdrills/{name}/__init__.py has no docstring"


def _declared() -> tuple[set[str], dict[str, set[str]]]:
    """pyproject.toml's dependencies and extras, as normalised distribution names."""
    import tomllib

    def name(spec: str) -> str:
        return re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower().replace("_", "-")

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {name(d) for d in project["dependencies"]}
    extras = {k: {name(d) for d in v} for k, v in project["optional-dependencies"].items()}
    return core, extras


def _third_party(path: Path) -> tuple[set[str], set[str]]:
    """(imported at module level, imported only inside a function) top-level names that
    are not the standard library's or the package's own."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    lazy: set[str] = set()
    stdlib = set(sys.stdlib_module_names) | {"termdrills", "__future__"}

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                names = ([a.name for a in child.names] if isinstance(child, ast.Import)
                         else [child.module or ""] if not child.level else [])
                for n in names:
                    root = n.split(".")[0]
                    if root and root not in stdlib:
                        (lazy if inside else top).add(root)
            visit(child, inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef
                                             | ast.If))
    visit(tree, False)
    return top, lazy - top


def test_every_import_of_the_core_is_a_declared_dependency() -> None:
    """What the core imports when it loads is in [project.dependencies]; what it imports
    only when a feature is used is a dependency or in an extra (so `pip install
    termdrills` gives a package that starts, and each extra says what it adds)."""
    from importlib.metadata import packages_distributions

    core, extras = _declared()
    optional = set().union(*extras.values())
    dist = {k: {d.lower() for d in v} for k, v in packages_distributions().items()}
    missing = []
    for module, path in MODULES.items():
        if module == "termdrills.book" or module.startswith("termdrills.book."):
            continue
        top, lazy = _third_party(path)
        for name in sorted(top):
            if not dist.get(name, {name}) & core:
                missing.append(f"{module}: {name} (imported at load time) is not a dependency")
        for name in sorted(lazy):
            if not dist.get(name, {name}) & (core | optional):
                missing.append(f"{module}: {name} is in no dependency or extra")
    assert missing == []
    # the book package's imports are in the book extra (or the core)
    for module, path in MODULES.items():
        if module.startswith("termdrills.book"):
            top, lazy = _third_party(path)
            for name in sorted(top | lazy):
                # Sphinx, docutils, myst-nb, nbclient ... come with Jupyter Book
                come_with_the_book = {"sphinx", "docutils", "myst_nb", "nbclient", "nbformat",
                                      "markupsafe", "jieba", "snowballstemmer"}
                assert name in come_with_the_book or dist.get(name, {name}) & (
                    core | extras["book"]), f"{module}: {name}"


# --- docs/architecture.md, "The package": one row per module or package -------------

def _unit(module: str) -> str:
    """The row a module belongs to: its subpackage, or the top-level module's name."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__",):
        return "termdrills"
    return parts[1]


def _package_table() -> dict[str, tuple[set[str], set[str], set[str]]]:
    """unit → (paths named in the first column, depends-on names, test files named)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The package", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`termdrills/"):
            continue
        first = re.findall(r"`([^`]+)`", cells[0])
        unit = _unit(_module(ROOT / first[0].rstrip("/")) if first[0].endswith(".py")
                     else first[0].rstrip("/").replace("/", "."))
        depends = {d for d in re.findall(r"`([^`.]+)`", cells[2])}  # `a.b`: a remark
        tests = set(re.findall(r"`(tests/[^`]+)`", cells[3]))
        rows[unit] = ({f.rstrip("/") for f in first}, depends, tests)
    return rows


def test_the_architecture_page_has_a_true_row_for_every_package() -> None:
    """Every module of termdrills/ is in a row of the page's package table, the row's
    "depends on" is what its modules import from the rest of the package (read from the
    source, as above), and every test file a row names exists."""
    rows = _package_table()
    units = {_unit(m) for m in MODULES}
    assert units <= rows.keys(), f"no row for {sorted(units - rows.keys())}"
    actual: dict[str, set[str]] = {u: set() for u in units}
    for module, targets in GRAPH.items():
        for target in targets:
            if _unit(target) != _unit(module):
                actual[_unit(module)].add(_unit(target))
    wrong = {u: (sorted(rows[u][1]), sorted(actual[u])) for u in units
             if rows[u][1] != actual[u] and not (u == "book" and "everything" in rows[u][1])}
    assert not wrong, f"'depends on' (page, source): {wrong}"
    missing = sorted(t for _, _, tests in rows.values() for t in tests
                     if not (ROOT / t).is_file())
    assert not missing, missing
    named = {p for paths, _, _ in rows.values() for p in paths}
    for path in named:
        assert (ROOT / path).exists() or (ROOT / "termdrills" / path).exists(), path


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code (docstrings left out: prose may name a tag)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_the_chinese_tag_and_han_range_are_written_once() -> None:
    """The language tag and the Han range live in termdrills/i18n/chinese.json
    (`text.chinese.ZH_LANG`, `HAN_RANGE`); code that writes them again drifts (the LMS
    exports once said "zh-Hans", the checker's Han range once left out extension A)."""
    found = [f"{_module(path)}:{line}: {value[:60]!r}"
             for path in sorted(PACKAGE.rglob("*.py")) for line, value in _code_strings(path)
             if re.search(r"zh-CN|zh-Hans|\u4e00-|\\u4e00", value)]
    assert found == []
