"""`termdrills new-lesson SLUG`: a lesson notebook in the standard outline.

The notebook (``lessons/<slug with - → _>.ipynb``) follows objectives → background →
key terms → drills → translation notes → exercise with solution → summary. Its
drills read the lesson's rows from the glossary when it runs; a ``remove-cell``
cell asserts that the rows it was written for still exist, so nbval catches a
renamed or deleted term (its source collapsed in Jupyter: `termdrills.authoring.invariants`). The page is added to ``_toc.yml`` (a text edit after the
last lesson, so comments and layout stay as they were).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from termdrills._files import locked, read_text, write_files
from termdrills.authoring.invariants import hide_invariants
from termdrills.course import YAML_LIMIT, parse_yaml
from termdrills.errors import InputError
from termdrills.glossary import Glossary, Term, load_glossary
from termdrills.glossary.rules import RESERVED
from termdrills.text.normalize import LESSON

__all__ = ["add_to_toc", "lesson_notebook", "new_lesson", "notebook_name"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~^&])")


def notebook_name(slug: str) -> str:
    return slug.replace("-", "_")


def md(text: str) -> str:
    """Glossary text as literal Markdown/MyST: one line, every markup character escaped
    (so ``<script>``, ``{role}``, ``$x$`` and ``*`` stay text)."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    # a leading "-", "+", "=" or "1." would start a list or heading underline
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return re.sub(r"^([-+=])", r"\\\1", text)


def _title(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


#: (heading, name, code) of each drill a lesson may have; `terms`, `examples`, `g` are
#: defined by the lesson's setup cell. Each drill is named, so a student can read its
#: answers back (``cards.results``), as the student guide says.
DRILLS = (
    ("Flashcards", "cards", "Flashcards(terms, seed=1)"),
    ("Multiple choice", "choose", 'MultipleChoice(terms, glossary=g, direction="zh-en", seed=1)'),
    ("Typed recall", "recall", 'TypedRecall(terms, direction="zh-en", seed=1)'),
    ("Matching", "matching", "Matching(terms, seed=1)"),
    ("Cloze", "cloze", 'Cloze(examples, side="en", seed=1)'),
    ("Sentence translation", "translate", "SentenceTranslation(examples, glossary=g, seed=1)"),
)


def _working_drills(terms: Sequence[Term], g: Glossary) -> list[tuple[str, str, str]]:
    """The drills that can be built from these rows today (e.g. no Cloze when no
    example sentence contains its term's rendering): each is tried once here."""
    from termdrills import drills

    names = {"terms": list(terms), "examples": [t for t in terms if t.has_example], "g": g}
    names.update({k: getattr(drills, k) for k in drills.__all__})
    working = []
    for heading, name, code in DRILLS:
        try:
            eval(code, {"__builtins__": {}}, names)
        except drills.DrillError:
            continue
        working.append((heading, name, code))
    return working


SETUP = """\
from termdrills import key_terms, load_glossary
from termdrills.drills import (Cloze, Flashcards, Matching, MultipleChoice,
                               SentenceTranslation, TypedRecall)

LESSON = "{slug}"
g = load_glossary()
terms = g.select([LESSON])  # a slug with no rows: the error lists the glossary's lessons
examples = [t for t in terms if t.has_example]
# What this lesson was written for: nbval fails here if a row goes away.
written_for = [{ids}]
missing = sorted(set(written_for) - {{t.id for t in terms}})
assert not missing, f"glossary rows of lesson {{LESSON!r}} missing: {{missing}}"
assert len(examples) >= {min_examples}, "the lesson's example sentences are gone\""""
OBJECTIVES = """\
# {title}

## Objectives

By the end of this lesson you can:

- give the official English rendering of its {n} key terms, and recognise their accepted
  alternatives;
- use them in sentences from official texts;
- explain the translation choices behind them."""
# Plain Markdown and a <details> block: JupyterLab, Notebook 7 and the site all show
# the solution folded (MyST's exercise/solution directives show as raw text in Jupyter,
# the solution in full under the exercise).
EXERCISE = """\
## Exercise

{task}

<details>
<summary>Solution</summary>

{answer}

</details>"""


def _cells(slug: str, title: str, terms: Sequence[Term], g: Glossary,
           ) -> list[tuple[str, str, list[str]]]:
    """(cell type, source, tags) in the standard outline."""
    examples = [t for t in terms if t.has_example]
    sources = list(dict.fromkeys(t.source for t in terms if t.source))
    cells: list[tuple[str, str, list[str]]] = [
        ("markdown", OBJECTIVES.format(title=md(title), n=len(terms)), []),
        ("code", SETUP.format(slug=slug, ids=", ".join(f'"{t.id}"' for t in terms),
                              min_examples=min(len(examples), 1)), ["remove-cell"]),
        ("markdown", "## Background\n\n" + (
            "The terms of this lesson come from official sources; read them before the "
            "drills:\n\n" + "\n".join(f"- {md(s)}" for s in sources)
            if sources else "Read the lesson's sources before the drills."), []),
        ("markdown", ("## Key terms\n\nThe official renderings, with pinyin (on the "
                     "course site each term links to its glossary entry)."), []),
        # One output for every host: a table in Jupyter, the linked table on the site.
        ("code", "key_terms(g, LESSON)", ["remove-input"]),
        ("markdown", ("## Drills\n\nFlip through the cards first, then test yourself: "
                     "choose, type, match."), []),
    ]
    for heading, name, code in _working_drills(terms, g):
        cells += [("markdown", f"### {heading}", []),
                  ("code", f"{name} = {code}\n{name}", ["remove-input"])]
    notes = [f"- **{md(t.zh)}** ({md(t.en)}): {md(t.note)}" for t in terms if t.note]
    cells.append(("markdown", "## Translation notes\n\n" + (
        "\n".join(notes) if notes else "Compare each rendering with a word-for-word "
        "translation: what does the official English add, leave out or reorder?"), []))
    if examples:
        task = ("Translate into English, using the official renderings of the key terms:"
                f"\n\n> {md(examples[0].example_zh)}")
        answer = f"> {md(examples[0].example_en)}"
    else:
        task = "Give the official English rendering of:\n\n" + "\n".join(
            f"{i}. {md(t.zh)}" for i, t in enumerate(terms[:5], start=1))
        answer = "\n".join(f"{i}. {md(t.en)}" for i, t in enumerate(terms[:5], start=1))
    cells.append(("markdown", EXERCISE.format(task=task, answer=answer), []))
    summary = "\n".join(f"- {md(t.zh)}: {md(t.en)}" for t in terms[:12])
    more = f"\n- … and {len(terms) - 12} more in the table above." if len(terms) > 12 else ""
    cells.append(("markdown", f"## Summary\n\nThe renderings to remember:\n\n{summary}{more}",
                  []))
    return cells


def lesson_notebook(slug: str, title: str, g: Glossary) -> str:
    """The notebook's JSON text (nbformat 4, no outputs, no execution counts)."""
    import nbformat
    from nbformat import v4

    terms = g.by_lesson(slug)
    nb = v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    stem = notebook_name(slug)
    for i, (kind, source, tags) in enumerate(_cells(slug, title, terms, g)):
        cell = v4.new_code_cell(source) if kind == "code" else v4.new_markdown_cell(source)
        cell.id = f"{stem.replace('_', '-')}-{i}"
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    hide_invariants(nb)  # the checks collapsed in Jupyter, as the course's lessons have them
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


_ENTRY = re.compile(r"^(?P<indent>\s*)- file:\s*(?P<file>\S+)\s*$")


def add_to_toc(toc_text: str, entry: str, toc_name: str = "_toc.yml") -> str:
    """`toc_text` with ``- file: <entry>`` after the last lesson (or in a new
    "Lessons" part); InputError if it is already there or the result is not valid."""
    before = parse_yaml(toc_text, toc_name) or {}
    if entry in _files(before):
        raise InputError(f"{toc_name}: already lists {entry}")
    lines = toc_text.splitlines(keepends=True)
    newline = "\r\n" if toc_text.endswith("\r\n") else "\n"
    lessons = [i for i, line in enumerate(lines)
               if (m := _ENTRY.match(line)) and m.group("file").startswith("lessons/")]
    if lessons:
        at = lessons[-1]
        indent = _ENTRY.match(lines[at]).group("indent")  # type: ignore[union-attr]
        lines.insert(at + 1, f"{indent}- file: {entry}{newline}")
    elif isinstance(before, dict) and "parts" in before:
        caption = next((i for i, line in enumerate(lines) if re.match(r"\s*- caption:", line)),
                       None)
        indent = re.match(r"\s*", lines[caption]).group() if caption is not None else "  "
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        lines += [f"{indent}- caption: Lessons{newline}", f"{indent}  chapters:{newline}",
                  f"{indent}    - file: {entry}{newline}"]
    elif isinstance(before, dict) and "chapters" in before:
        files = [i for i, line in enumerate(lines) if _ENTRY.match(line)]
        indent = _ENTRY.match(lines[files[-1]]).group("indent") if files else "  "  # type: ignore[union-attr]
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        lines.append(f"{indent}- file: {entry}{newline}")
    else:
        raise InputError(f"{toc_name}: no 'parts:' or 'chapters:' to add {entry} to")
    text = "".join(lines)
    try:
        after = parse_yaml(text, toc_name)
    except InputError:
        after = None
    if after is None or entry not in _files(after):
        raise InputError(f"{toc_name}: could not add {entry} (unusual layout); add "
                           f"'- file: {entry}' by hand")
    return text


def _files(node: object) -> set[str]:
    """Every `file:` value in a parsed _toc.yml."""
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("file"), str):
            found.add(node["file"].removesuffix(".ipynb").removesuffix(".md"))
        for value in node.values():
            found |= _files(value)
    elif isinstance(node, list):
        for item in node:
            found |= _files(item)
    return found


def new_lesson(slug: str, title: str | None = None,
               glossary: str | os.PathLike[str] | None = None) -> list[Path]:
    """Create the lesson notebook beside the glossary's book and list it in _toc.yml."""
    if not LESSON.fullmatch(slug) or slug.strip("-") != slug:
        raise InputError(f"'{slug}' is not a lesson slug (lowercase a-z, 0-9, hyphens)")
    if slug in RESERVED:
        raise InputError(f"'{slug}' is reserved: the course site uses it for its own pages "
                         "or anchors; choose another lesson slug")
    g = load_glossary(glossary)
    if not g.by_lesson(slug):
        known = ", ".join(g.lessons()) or "none"
        raise InputError(f"{g.path}: no rows with lesson '{slug}' (lessons: {known}); "
                           f"import or add its terms first")
    root = Path(g.path).resolve().parent  # type: ignore[arg-type]
    nb_path = root / "lessons" / f"{notebook_name(slug)}.ipynb"
    if nb_path.exists() or nb_path.is_symlink():
        raise InputError(f"{nb_path}: already exists; not overwritten")
    toc_path = root / "_toc.yml"
    with locked(toc_path):  # another new-lesson at once must not lose this entry
        try:
            toc_text = read_text(toc_path, limit=YAML_LIMIT)
        except InputError:
            if not toc_path.exists() and not toc_path.is_symlink():
                raise InputError(f"{toc_path}: not found (is {root} the book's folder?)") \
                    from None
            raise
        new_toc = add_to_toc(toc_text, f"lessons/{notebook_name(slug)}", str(toc_path))
        notebook = lesson_notebook(slug, title or _title(slug), g)
        nb_path.parent.mkdir(exist_ok=True)
        # all or nothing: no notebook the book does not list, no entry without its page
        write_files([(nb_path, notebook), (toc_path, new_toc)],
                    inputs=[g.path] if g.path else [])
    return [nb_path, toc_path]
