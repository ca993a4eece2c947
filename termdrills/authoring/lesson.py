"""`termdrills new-lesson SLUG`: a lesson notebook in the standard outline.

The notebook (``lessons/<slug with - → _>.ipynb``) follows objectives → background →
key terms → drills → translation notes → exercise with solution → summary. Its
drills read the lesson's rows from the glossary when it runs; a ``remove-cell``
cell asserts that the rows it was written for still exist, so nbval catches a
renamed or deleted term (its source collapsed in Jupyter:
`termdrills.authoring.invariants`). The page is added to ``_toc.yml`` in the unit named
with ``--unit`` (a new unit part when there is none, before "Reference" and the
instructors' parts), by a text edit, so comments and layout stay as they were
(`add_to_toc`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
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
_ITEM = re.compile(r"^(?P<indent>\s*)- ")
#: A unit's caption: "Unit 3: Common prosperity", "Unit 3", "unit 3 – …".
_UNIT = re.compile(r"^\s*unit\s+(?P<n>\d+)\b", re.IGNORECASE)
#: Parts that close the course: no unit goes after them.
_CLOSING = re.compile(r"reference|instructor|appendix|glossary", re.IGNORECASE)


def _unit_number(caption: str) -> int | None:
    m = _UNIT.match(caption)
    return int(m.group("n")) if m else None


class _Part:
    """One part of a jb-book _toc.yml as lines: [start, end) and its caption."""

    def __init__(self, start: int, end: int, caption: str, files: list[int]) -> None:
        self.start, self.end, self.caption, self.files = start, end, caption, files

    def lessons(self, lines: list[str]) -> list[int]:
        return [i for i in self.files
                if _ENTRY.match(lines[i]).group("file").startswith("lessons/")]  # type: ignore[union-attr]


def _parts(lines: list[str], parsed: dict) -> list[_Part] | None:  # type: ignore[type-arg]
    """The parts as line ranges, matched in order with the parsed ``parts`` list; None
    when the text's layout is not the usual one (one ``- `` item per part)."""
    at = next((i for i, line in enumerate(lines) if re.match(r"^parts:\s*(#.*)?$", line)), None)
    items = parsed.get("parts")
    if at is None or not isinstance(items, list):
        return None
    starts = []
    indent = None
    for i in range(at + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _ITEM.match(line)
        width = len(line) - len(line.lstrip())
        if indent is None:
            if not m:
                return None
            indent = m.group("indent")
        if width < len(indent) or (width == len(indent) and not m):
            break  # the next top-level key
        if m and m.group("indent") == indent:
            starts.append(i)
    else:
        i = len(lines)
    stop = i if starts and i > starts[-1] else len(lines)
    if len(starts) != len(items):
        return None
    parts = []
    for k, begin in enumerate(starts):
        finish = starts[k + 1] if k + 1 < len(starts) else stop
        while finish > begin + 1 and not lines[finish - 1].strip():
            finish -= 1
        item = items[k] if isinstance(items[k], dict) else {}
        files = [j for j in range(begin, finish) if _ENTRY.match(lines[j])]
        parts.append(_Part(begin, finish, str(item.get("caption") or ""), files))
    return parts


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def add_to_toc(toc_text: str, entry: str, toc_name: str = "_toc.yml", *,
               unit: str | None = None, title: str = "") -> tuple[str, str]:
    """`toc_text` with ``- file: <entry>`` added, and where it went (one line).

    With `unit` (a number, ``3``, or a caption, ``"Unit 3: Common prosperity"``): in that
    unit's part, before the unit's review lesson if it ends with one; a unit that is not
    there yet is a new part (``Unit N: <title>`` for a number), placed among the units by
    its number (after the last unit: before a part such as "Semester review" that
    follows the units, and before "Reference" and the instructors' parts). Without
    `unit`, in a toc whose parts are units: a new unit after the last one; otherwise
    after the last lesson (or in a new "Lessons" part). `InputError` if the entry is already listed or
    the result is not valid."""
    before = parse_yaml(toc_text, toc_name) or {}
    if entry in _files(before):
        raise InputError(f"{toc_name}: already lists {entry}")
    lines = toc_text.splitlines(keepends=True)
    newline = "\r\n" if toc_text.endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    parts = _parts(lines, before) if isinstance(before, dict) else None
    units = [p for p in parts or () if _unit_number(p.caption) is not None]
    if unit is not None or (parts is not None and units):
        if parts is None:
            raise InputError(f"{toc_name}: no 'parts:' to add a unit to (unusual layout); add "
                             f"'- file: {entry}' by hand")
        where = _into_unit(lines, parts, units, entry, unit, title, newline, toc_name)
    else:
        where = _after_last_lesson(lines, before, entry, newline, toc_name)
    text = "".join(lines)
    try:
        after = parse_yaml(text, toc_name)
    except InputError:
        after = None
    if after is None or entry not in _files(after):
        raise InputError(f"{toc_name}: could not add {entry} (unusual layout); add "
                           f"'- file: {entry}' by hand")
    return text, where


def _into_unit(lines: list[str], parts: list[_Part], units: list[_Part], entry: str,
               unit: str | None, title: str, newline: str, toc_name: str) -> str:
    """Add `entry` to the unit `unit` names (made when missing); where it went."""
    if unit is None:
        number = max(_unit_number(p.caption) or 0 for p in units) + 1
        caption = f"Unit {number}: {title}" if title else f"Unit {number}"
    elif unit.strip().isdigit():
        number = int(unit)
        found = [p for p in units if _unit_number(p.caption) == number]
        caption = found[0].caption if found else (f"Unit {number}: {title}" if title
                                                  else f"Unit {number}")
    else:
        caption = " ".join(unit.split())
        number = _unit_number(caption)
        if not caption:
            raise InputError("--unit: empty; give a number (3) or a caption "
                             "(\"Unit 3: Common prosperity\")")
    part = next((p for p in parts if _same(p.caption, caption)), None)
    if part is None and number is not None and unit is not None and not unit.strip().isdigit():
        clash = next((p for p in units if _unit_number(p.caption) == number), None)
        if clash is not None:
            raise InputError(f"{toc_name}: unit {number} is '{clash.caption}', not "
                             f"'{caption}'; use --unit {number}, or that caption")
    if part is not None:
        return _into_part(lines, part, entry, newline)
    # a new part: among the units by number, else after the last part with lessons,
    # and before the closing parts (Reference, the instructors')
    ranked = [p for p in units if number is not None and (_unit_number(p.caption) or 0) > number]
    with_lessons = [p for p in parts if p.lessons(lines)]
    if ranked:
        at = ranked[0].start
    elif units:  # after the last unit, before what follows the units (a semester review)
        at = max(units, key=lambda p: p.start).end
    elif with_lessons:
        at = max(with_lessons, key=lambda p: p.start).end
    else:
        closing = [p for p in parts if _CLOSING.search(p.caption)]
        at = closing[0].start if closing else parts[-1].end if parts else len(lines)
    indent = _ITEM.match(lines[parts[0].start]).group("indent") if parts else "  "  # type: ignore[union-attr]
    inner = indent + "  "
    chapter = _chapter_indent(lines, parts) or inner + "  "
    lines[at:at] = [f"{indent}- caption: {_yaml_text(caption)}{newline}",
                    f"{inner}chapters:{newline}", f"{chapter}- file: {entry}{newline}"]
    return f"in a new part '{caption}'"


def _chapter_indent(lines: list[str], parts: list[_Part]) -> str | None:
    for p in parts:
        for i in p.files:
            return _ENTRY.match(lines[i]).group("indent")  # type: ignore[union-attr]
    return None


def _is_review(path: str) -> bool:
    stem = path.rsplit("/", 1)[-1]
    return stem == "review" or stem.startswith("review_") or stem.endswith("_review")


def _into_part(lines: list[str], part: _Part, entry: str, newline: str) -> str:
    """`entry` as the part's last chapter, or before its review lesson when it ends with one."""
    if not part.files:
        raise InputError(f"unit '{part.caption}' has no chapters list to add {entry} to; add "
                         "it by hand")
    last = part.files[-1]
    m = _ENTRY.match(lines[last])
    indent = m.group("indent")  # type: ignore[union-attr]
    if _is_review(m.group("file")):  # type: ignore[union-attr]
        lines.insert(last, f"{indent}- file: {entry}{newline}")
        return f"in '{part.caption}', before its review"
    lines.insert(last + 1, f"{indent}- file: {entry}{newline}")
    return f"at the end of '{part.caption}'"


def _yaml_text(text: str) -> str:
    """A caption as a YAML scalar: plain when it is plain words, else double-quoted (a
    JSON string is a YAML double-quoted scalar), so no caption is read as anything else
    ("Unit 3: x" as a mapping, "No" as false, "<b>" or "{{ }}" as more than text)."""
    import json

    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.()'-]*[A-Za-z0-9).]", text)
    special = text.casefold() in {"yes", "no", "true", "false", "null", "on", "off", "y", "n"}
    return text if plain and not special else json.dumps(text, ensure_ascii=False)


def _after_last_lesson(lines: list[str], before: object, entry: str, newline: str,
                       toc_name: str) -> str:
    """The layout without units: after the last lesson, or in a new "Lessons" part."""
    lessons = [i for i, line in enumerate(lines)
               if (m := _ENTRY.match(line)) and m.group("file").startswith("lessons/")]
    if lessons:
        at = lessons[-1]
        indent = _ENTRY.match(lines[at]).group("indent")  # type: ignore[union-attr]
        lines.insert(at + 1, f"{indent}- file: {entry}{newline}")
        return "after the last lesson"
    if isinstance(before, dict) and "parts" in before:
        caption = next((i for i, line in enumerate(lines) if re.match(r"\s*- caption:", line)),
                       None)
        indent = re.match(r"\s*", lines[caption]).group() if caption is not None else "  "
        lines += [f"{indent}- caption: Lessons{newline}", f"{indent}  chapters:{newline}",
                  f"{indent}    - file: {entry}{newline}"]
        return "in a new part 'Lessons'"
    if isinstance(before, dict) and "chapters" in before:
        files = [i for i, line in enumerate(lines) if _ENTRY.match(line)]
        indent = _ENTRY.match(lines[files[-1]]).group("indent") if files else "  "  # type: ignore[union-attr]
        lines.append(f"{indent}- file: {entry}{newline}")
        return "at the end"
    raise InputError(f"{toc_name}: no 'parts:' or 'chapters:' to add {entry} to")


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
               glossary: str | os.PathLike[str] | None = None, *, unit: str | None = None,
               report: Callable[[str], None] | None = None) -> list[Path]:
    """Create the lesson notebook beside the glossary's book and list it in _toc.yml (in
    `unit`: `add_to_toc`); `report` is told where in _toc.yml it went."""
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
        new_toc, where = add_to_toc(toc_text, f"lessons/{notebook_name(slug)}", str(toc_path),
                                    unit=unit, title=title or _title(slug))
        notebook = lesson_notebook(slug, title or _title(slug), g)
        nb_path.parent.mkdir(exist_ok=True)
        # all or nothing: no notebook the book does not list, no entry without its page
        write_files([(nb_path, notebook), (toc_path, new_toc)],
                    inputs=[g.path] if g.path else [], updating=[toc_path])
    if report:
        report(f"{toc_path}: lessons/{notebook_name(slug)} {where}")
    return [nb_path, toc_path]
