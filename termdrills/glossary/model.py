"""The glossary: glossary.csv read, checked and turned into `Term` objects.

`check_file` never raises for bad content: it returns located `Problem`s
(``glossary.csv:14: en: empty``). `load_glossary` refuses a file with errors
(`GlossaryError`, whose message is those lines) and otherwise returns every
row, unaltered, as a `Term`; the only things it adds are what the format says
a blank cell means (an id derived from `en`, pinyin by `termdrills.text.pinyin`). The
rules themselves are a table in `termdrills.glossary.rules`, applied by
`termdrills.glossary.check`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from termdrills._files import message_name, record_input
from termdrills.course import glossary_path
from termdrills.errors import GlossaryError, InputError, Problem
from termdrills.glossary import trace as _trace
from termdrills.glossary.check import ALT_SEPARATOR, COLUMNS, REQUIRED, parse, read
from termdrills.text.normalize import en_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "Glossary",
    "GlossaryError",
    "Problem",
    "Term",
    "check_file",
    "check_text",
    "find_glossary",
    "load_glossary",
]


@dataclass(frozen=True)
class Term:
    """One glossary row: a Chinese term and its official English rendering."""

    id: str
    zh: str
    en: str
    lesson: str
    alt_en: tuple[str, ...] = ()
    #: The URL of a page using each alternative, in the order of `alt_en`.
    alt_source: tuple[str, ...] = ()
    #: Renderings students produce that official English does not use (Chinglish,
    #: superseded forms), with the reason for each in `deprecated_note`.
    deprecated_en: tuple[str, ...] = ()
    deprecated_note: tuple[str, ...] = ()
    pinyin: str = ""
    example_zh: str = ""
    example_en: str = ""
    note: str = ""
    source: str = ""
    source_url: str = ""
    date: str = ""
    line: int = 0
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def accepted_en(self) -> tuple[str, ...]:
        """The official rendering first, then every accepted alternative."""
        return (self.en, *self.alt_en)

    @property
    def deprecated(self) -> tuple[tuple[str, str], ...]:
        """Each deprecated rendering with its reason."""
        return tuple(zip(self.deprecated_en, self.deprecated_note))

    @property
    def has_example(self) -> bool:
        return bool(self.example_zh and self.example_en)


def check_text(text: str, name: str = "glossary.csv") -> tuple[list[Problem], list[Term]]:
    """Check decoded CSV text; return the problems and (when there are no errors) the terms."""
    problems, rows = parse(text, name)
    return problems, [_term(cells, term_id, line) for line, cells, term_id in rows]


def check_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in the glossary at `path` (errors and warnings), in file order.

    Raises OSError only when the file cannot be read at all.
    """
    path = Path(path)
    text, problems = read(path)
    if text is None:
        return problems
    problems, _ = parse(text, str(path))
    return problems


#: Columns holding '|'-separated lists (tuples on a `Term`).
LIST_COLUMNS = ("alt_en", "alt_source", "deprecated_en", "deprecated_note")
#: A row as a noted look-up's answer shows it: every field but the line number.
_ROW_FIELDS = tuple(f.name for f in fields(Term) if f.name != "line")


def _list(cells: dict[str, str], name: str) -> tuple[str, ...]:
    value = cells.get(name, "")
    return tuple(p.strip() for p in value.split(ALT_SEPARATOR)) if value.strip() else ()


def _term(cells: dict[str, str], term_id: str, line: int) -> Term:
    extra = {k: v for k, v in cells.items() if k not in COLUMNS}
    return Term(
        id=term_id,
        zh=cells["zh"],
        en=cells["en"],
        lesson=cells["lesson"],
        alt_en=_list(cells, "alt_en"),
        alt_source=_list(cells, "alt_source"),
        deprecated_en=_list(cells, "deprecated_en"),
        deprecated_note=_list(cells, "deprecated_note"),
        pinyin=cells.get("pinyin", "") or _pinyin(cells["zh"]),
        example_zh=cells.get("example_zh", ""),
        example_en=cells.get("example_en", ""),
        note=cells.get("note", ""),
        source=cells.get("source", ""),
        source_url=cells.get("source_url", ""),
        date=cells.get("date", ""),
        line=line,
        extra=extra,
    )


def _pinyin(zh: str) -> str:
    from termdrills.text.pinyin import to_pinyin

    return to_pinyin(zh)


# --------------------------------------------------------------------------- the model


#: Fields whose reads a traced term notes (its id is what the look-ups note).
_TRACED_FIELDS = frozenset(_ROW_FIELDS) - {"id"}


#: The fields a `Term` is compared and hashed by (the dataclass's own rule).
_COMPARED = tuple(f.name for f in fields(Term) if f.compare)


class _TracedTerm(Term):
    """A `Term` that notes each field read (``field:<id>:<name>``) while a lesson runs in a
    course build, so that a lesson depends on the fields it showed or used, not on whole
    rows. Equal to the plain `Term` with the same fields, and hashed alike."""

    def __getattribute__(self, name: str) -> object:
        if name in _TRACED_FIELDS:
            _trace.note(f"field:{object.__getattribute__(self, 'id')}:{name}")
        return object.__getattribute__(self, name)

    def _compared(self) -> tuple[object, ...]:
        get = object.__getattribute__
        return tuple(get(self, f) for f in _COMPARED)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _TracedTerm):
            return self._compared() == other._compared()
        if isinstance(other, Term):
            return self._compared() == tuple(getattr(other, f) for f in _COMPARED)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared())


def _traced(term: Term) -> _TracedTerm:
    return _TracedTerm(**{f.name: getattr(term, f.name) for f in fields(Term)})


def _untraced(term: Term) -> Term:
    """A plain `Term` with the same fields (read without noting them)."""
    if type(term) is Term:
        return term
    return Term(**{f.name: object.__getattribute__(term, f.name) for f in fields(Term)})


def _row_data(term: Term | None) -> object:
    """A row as a noted look-up's answer shows it: every field but the line number."""
    if term is None:
        return None
    data: dict[str, object] = {k: getattr(term, k) for k in _ROW_FIELDS}
    for name in LIST_COLUMNS:
        data[name] = list(getattr(term, name))
    data["extra"] = dict(term.extra)
    return data


def _field_data(term: Term | None, name: str) -> object:
    if term is None:
        return None
    value = getattr(term, name, None)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


class Glossary(Sequence[Term]):
    """The terms of one glossary file, with look-ups by lesson, id, Chinese and English.

    Every look-up is noted for the course build (`termdrills.glossary.trace`): a lesson runs
    again exactly when an answer it got from here would now be different. A traced
    glossary (the default while a lesson runs in a course build) notes which rows a
    look-up found and, through its terms, each field read; an untraced one notes the
    whole rows it returned.
    """

    def __init__(self, terms: Sequence[Term], path: Path | None = None,
                 warnings: Sequence[Problem] = (), *, traced: bool | None = None) -> None:
        plain = tuple(_untraced(t) for t in terms)
        self._plain = plain
        self.traced = _trace.active() if traced is None else traced
        self._terms: tuple[Term, ...] = (tuple(_traced(t) for t in plain) if self.traced
                                         else plain)
        self.path = path
        self.warnings = tuple(warnings)
        self._plain_by_id = {t.id: t for t in plain}
        self._by_id = {t.id: t for t in self._terms}
        self._by_zh = {t.zh: t.id for t in plain}
        self._by_en: dict[str, str] = {}
        for t in plain:
            for en in t.accepted_en:
                self._by_en.setdefault(en_key(en), t.id)
        self._zh_longest_first = sorted(plain, key=lambda t: -len(t.zh))
        self._answers: dict[str, object] = {}

    def _note(self, key: str) -> None:
        """Note a look-up: by the ids it found (traced), or by whole rows."""
        _trace.note(f"ids:{key}" if self.traced else key)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term, in file order."""
        self._note("all")
        return self._terms

    def answer(self, key: str) -> object:
        """What a noted look-up (`termdrills.glossary.trace`) gives now, without noting it: the
        rows, row or lesson it found, as plain data (kept: the glossary never changes)."""
        try:
            return self._answers[key]
        except KeyError:
            found = self._answers[key] = self._answer(key)
            return found

    def _found(self, kind: str, value: str) -> list[Term] | Term | None:
        """The plain rows a look-up finds (a list, a row, or None for no row)."""
        if kind == "all":
            return list(self._plain)
        if kind == "lesson":
            return [t for t in self._plain if t.lesson == value]
        if kind == "row":
            return self._plain_by_id.get(value)
        if kind == "zh":
            return self._plain_by_id.get(self._by_zh.get(value, ""))
        if kind == "en":
            return self._plain_by_id.get(self._by_en.get(value, ""))
        if kind == "sentence":
            return self._in_sentence(value)
        raise KeyError(kind)

    def _answer(self, key: str) -> object:
        kind, _, value = key.partition(":")
        if kind == "ids":
            kind, _, value = value.partition(":")
            try:
                found = self._found(kind, value)
            except KeyError:
                return key
            if isinstance(found, list):
                return [t.id for t in found]
            return None if found is None else found.id
        if kind == "field":
            term_id, _, name = value.rpartition(":")
            return _field_data(self._plain_by_id.get(term_id), name)
        if kind == "lessons":
            return list(dict.fromkeys(t.lesson for t in self._plain))
        if kind == "mc":
            from termdrills.drills.items import question_distractors

            return question_distractors(self, value)
        try:
            found = self._found(kind, value)
        except KeyError:
            return key  # not a glossary look-up
        if isinstance(found, list):
            return [_row_data(t) for t in found]
        return _row_data(found)

    def untraced(self) -> tuple[Term, ...]:
        """Every term, without noting a dependency on any of them (plain `Term`s): for code
        that notes exactly what it used (a drill choosing distractors)."""
        return self._plain

    def plain(self, term: Term) -> Term | None:
        """This glossary's untraced row equal to `term` (None when `term` is not one of its
        rows as they are)."""
        row = self._plain_by_id.get(object.__getattribute__(term, "id"))
        return row if row is not None and row == term else None

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self.terms[index]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __repr__(self) -> str:
        return f"<Glossary {len(self._terms)} terms>"

    def lessons(self) -> tuple[str, ...]:
        """Lesson slugs in order of first appearance."""
        if self.traced:
            _trace.note("lessons")
        else:
            _trace.note("all")
        return tuple(dict.fromkeys(t.lesson for t in self._plain))

    def by_lesson(self, *slugs: str) -> tuple[Term, ...]:
        """The terms of one or more lessons, in file order (empty if none)."""
        for s in slugs:
            self._note(f"lesson:{s}")
        wanted = set(slugs)
        return tuple(self._by_id[t.id] for t in self._plain if t.lesson in wanted)

    def select(self, lessons: Sequence[str] = ()) -> tuple[Term, ...]:
        """The terms of `lessons` (every term when none is given); `InputError` naming the
        known lessons for a lesson with no rows, or when nothing is left."""
        if lessons:
            known = tuple(dict.fromkeys(t.lesson for t in self._plain))
            for slug in lessons:
                if slug not in known:
                    listed = ", ".join(known) or "none"
                    raise InputError(f"{self.path or 'glossary'}: no rows with lesson '{slug}' "
                                     f"(lessons: {listed})")
        terms = self.by_lesson(*lessons) if lessons else self.terms
        if not terms:
            raise InputError(f"{self.path or 'glossary'}: no terms")
        return terms

    def get(self, term_id: str) -> Term:
        """The term with this id (KeyError naming the id if there is none)."""
        self._note(f"row:{term_id}")
        try:
            return self._by_id[term_id]
        except KeyError:
            raise KeyError(f"no term with id '{term_id}' in {self.path or 'the glossary'}") \
                from None

    def find_zh(self, zh: str) -> Term | None:
        self._note(f"zh:{zh.strip()}")
        return self._by_id.get(self._by_zh.get(zh.strip(), ""))

    def find_en(self, en: str) -> Term | None:
        """The term whose official rendering or an accepted alternative is `en`
        (compared by `termdrills.text.normalize.en_key`: case, spacing, hyphens, a leading
        article and the like ignored)."""
        self._note(f"en:{en_key(en)}")
        return self._by_id.get(self._by_en.get(en_key(en), ""))

    def in_sentence(self, zh_sentence: str) -> list[Term]:
        """Glossary terms whose Chinese occurs in the sentence, in order of occurrence.

        Longer terms win: in 全国一体化政务服务平台 the platform is found, not also
        its part 政务服务平台 (matches never overlap).
        """
        self._note(f"sentence:{zh_sentence}")
        return [self._by_id[t.id] for t in self._in_sentence(zh_sentence)]

    def _in_sentence(self, zh_sentence: str) -> list[Term]:
        taken = [False] * len(zh_sentence)
        found: list[tuple[int, Term]] = []
        for term in self._zh_longest_first:
            start = zh_sentence.find(term.zh)
            while start != -1:
                end = start + len(term.zh)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * (end - start)
                    found.append((start, term))
                    break
                start = zh_sentence.find(term.zh, start + 1)
        return [t for _, t in sorted(found, key=lambda x: x[0])]

    def frame(self, lessons: Sequence[str] = ()) -> pd.DataFrame:
        """A pandas DataFrame: one row per term (of `lessons`, or all), the CSV columns
        plus `line`."""
        import pandas as pd

        terms = self.by_lesson(*lessons) if lessons else self.terms
        rows = []
        for t in terms:
            row = {c: getattr(t, c) for c in COLUMNS}
            for name in LIST_COLUMNS:
                row[name] = ALT_SEPARATOR.join(getattr(t, name))
            row.update(t.extra)
            row["line"] = t.line
            rows.append(row)
        columns = [*COLUMNS, *dict.fromkeys(k for t in terms for k in t.extra), "line"]
        return pd.DataFrame(rows, columns=columns)


def find_glossary(start: str | os.PathLike[str] | None = None) -> Path:
    """Where the glossary is: $TERMDRILLS_GLOSSARY, else the course's ``glossary``
    setting, else glossary.csv in `start` (cwd) or a parent (`termdrills.course`)."""
    return glossary_path(start)


def glossary_file(path: str | os.PathLike[str] | None = None) -> Path:
    """`path`, or the glossary `find_glossary` finds; `InputError` saying where it looked
    when there is none."""
    if path is not None:
        return Path(path)
    try:
        return find_glossary()
    except FileNotFoundError as exc:
        raise InputError(str(exc)) from None


def load_glossary(path: str | os.PathLike[str] | None = None, *,
                  traced: bool | None = None) -> Glossary:
    """Load and check a glossary; `GlossaryError` (located lines) if it has errors,
    `InputError` if it cannot be read or found (`find_glossary` says where it looks).
    `traced`: note look-ups at the grain of fields (`Glossary`; by default while a lesson
    runs in a course build)."""
    path = glossary_file(path)
    name = message_name(path)
    text, problems = read(path, name)
    record_input(path.parent / "evidence.csv")  # located with it: never an output
    if text is not None:
        problems, terms = check_text(text, name)
    if text is None or any(p.severity == "error" for p in problems):
        raise GlossaryError([p for p in problems if p.severity == "error"])
    return Glossary(terms, path=path, warnings=problems, traced=traced)
