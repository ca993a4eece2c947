"""Course settings: the one reader of ``_config.yml`` and of the glossary's location.

A course is a Jupyter Book folder: ``_config.yml`` (its ``title`` and the
``sphinx: config: termdrills:`` section), ``_toc.yml``, ``glossary.csv``,
``lessons/``. Everything that needs a setting asks `find_course()` (drills,
CLI, exports, report) or, inside the Sphinx build, `from_sphinx()`; both go
through `Course.from_mapping`, so a setting means the same everywhere.

Settings (``sphinx: config: termdrills:``), all optional:

=====================  =================  ==========================================
key                    default            meaning
=====================  =================  ==========================================
``course_id``          ``termdrills``     names the course in saved progress, decks
``ui_language``        ``en``             drills' interface language: ``en``/``zh``
``glossary``           ``glossary.csv``   relative to the folder of ``_config.yml``
``desired_retention``  ``0.9``            FSRS review: the recall probability aimed at
``fsrs_parameters``    FSRS-6's defaults  21 numbers from ``termdrills fit``
=====================  =================  ==========================================

The glossary path has one rule (`glossary_path`): ``$TERMDRILLS_GLOSSARY`` if set;
else the ``glossary`` setting of the book around the working folder; else the
first ``glossary.csv`` in the working folder or its parents.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termdrills.errors import InputError

__all__ = ["DEFAULT_COURSE_ID", "ENV_GLOSSARY", "LANGUAGES", "Course", "Unit", "find_config",
           "find_course", "from_sphinx", "glossary_path", "parse_yaml", "read_yaml"]

DEFAULT_COURSE_ID = "termdrills"
DEFAULT_TITLE = "termdrills course"
LANGUAGES = ("en", "zh")
ENV_GLOSSARY = "TERMDRILLS_GLOSSARY"
CONFIG_NAME = "_config.yml"
SECTION = "sphinx.config.termdrills"
#: Largest YAML file read (a course's _config.yml or _toc.yml is a few KB).
YAML_LIMIT = 1024 * 1024
YAML_DEPTH = 64



def lesson_title(slug: str) -> str:
    """A readable title from a lesson slug, when the lesson has none of its own:
    ``government-services`` → ``Government services``."""
    return slug.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Course:
    """The settings of one course (defaults when there is no _config.yml)."""

    root: Path | None = None            # the book folder (where _config.yml is)
    config: Path | None = None          # its _config.yml
    course_id: str = DEFAULT_COURSE_ID
    title: str = DEFAULT_TITLE
    ui_language: str = "en"
    glossary_setting: str = "glossary.csv"
    desired_retention: float = 0.9
    fsrs_parameters: tuple[float, ...] = ()  # () = FSRS-6's defaults

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any] | None, *, root: Path | None = None,
                     config: Path | None = None, title: str | None = None,
                     text: str | None = None) -> Course:
        """Settings from the ``termdrills`` mapping; `InputError` naming the bad key (and
        its line, when `text`, the file's text, is given)."""

        def where(key: str = "") -> str:
            line = _key_line(text, key) if text and key else None
            return (f"{config or CONFIG_NAME}{f':{line}' if line else ''}: {SECTION}"
                    + (f".{key}" if key else ""))

        data = dict(section or {})
        unknown = sorted(set(data) - {"course_id", "ui_language", "glossary",
                                      "desired_retention", "fsrs_parameters"})
        if unknown:
            raise InputError(f"{where()}: unknown setting '{str(unknown[0])[:40]}' (known: "
                             "course_id, ui_language, glossary, desired_retention, "
                             "fsrs_parameters)")
        course_id = str(data.get("course_id") or DEFAULT_COURSE_ID)
        lang = str(data.get("ui_language") or "en")
        if lang not in LANGUAGES:
            raise InputError(f"{where('ui_language')}: '{lang[:20]}' is not one of "
                             f"{', '.join(LANGUAGES)}")
        retention = data.get("desired_retention", 0.9)
        if isinstance(retention, bool) or not isinstance(retention, (int, float)) \
                or not 0.7 <= retention <= 0.99:
            raise InputError(f"{where('desired_retention')}: {str(retention)[:20]} is not a "
                             "number from 0.7 to 0.99")
        weights = fsrs_parameters(data.get("fsrs_parameters"), where("fsrs_parameters"))
        return cls(root=root, config=config, course_id=course_id,
                   title=str(title or DEFAULT_TITLE), ui_language=lang,
                   glossary_setting=str(data.get("glossary") or "glossary.csv"),
                   desired_retention=float(retention),
                   fsrs_parameters=tuple(float(w) for w in weights))

    def lesson_title(self, slug: str) -> str:
        """The lesson's title: the first heading of ``lessons/<slug with - → _>.ipynb``
        in the book, else one made from the slug."""
        if self.root is not None:
            from termdrills._files import record_input

            path = self.root / "lessons" / f"{slug.replace('-', '_')}.ipynb"
            record_input(path)
            try:
                title = _notebook_title(path, path.stat().st_mtime_ns)
            except OSError:
                title = ""
            if title:
                return title
        return lesson_title(slug)

    def units(self) -> tuple[Unit, ...]:
        """The course's units: each part of ``_toc.yml`` whose caption starts with "Unit"
        (``Unit 3: Common prosperity``), with the lesson slugs of its notebooks in order.
        () when the course has no _toc.yml. `InputError` for a _toc.yml that cannot be
        read."""
        if self.root is None:
            return ()
        toc = self.root / "_toc.yml"
        try:
            stamp = toc.stat().st_mtime_ns
        except OSError:
            return ()
        return _units(toc, stamp)

    @property
    def glossary(self) -> Path:
        """The glossary file these settings name (before $TERMDRILLS_GLOSSARY)."""
        return (self.root or Path.cwd()) / self.glossary_setting


@dataclass(frozen=True)
class Unit:
    """A unit of the course: a ``_toc.yml`` part captioned "Unit N: title"."""

    caption: str
    #: Its lessons' slugs (``lessons/common_prosperity`` → ``common-prosperity``), in order.
    lessons: tuple[str, ...]

    @property
    def number(self) -> int | None:
        m = re.match(r"Unit\s+(\d+)\b", self.caption)
        return int(m.group(1)) if m else None


_UNIT_CAPTION = re.compile(r"Unit\s+\d+\b")


@functools.lru_cache(maxsize=4)
def _units(toc: Path, mtime_ns: int) -> tuple[Unit, ...]:  # mtime_ns: read again after an edit
    data = read_yaml(toc) or {}
    parts = data.get("parts") if isinstance(data, dict) else None
    units = []
    for part in parts if isinstance(parts, list) else ():
        if not isinstance(part, dict) or not _UNIT_CAPTION.match(str(part.get("caption", ""))):
            continue
        lessons = []
        for chapter in part.get("chapters") or ():
            file = str(chapter.get("file", "")) if isinstance(chapter, dict) else ""
            if file.startswith("lessons/"):
                lessons.append(file.removeprefix("lessons/").removesuffix(".ipynb")
                               .replace("_", "-"))
        units.append(Unit(str(part["caption"]), tuple(lessons)))
    return tuple(units)


def _key_line(text: str, key: str) -> int | None:
    """The line of the first ``key:`` in YAML text (for a located message)."""
    m = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*:", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def fsrs_parameters(value: object, where: str) -> tuple[float, ...]:
    """The ``fsrs_parameters`` setting checked: nothing (FSRS-6's defaults), or 21
    numbers each within py-fsrs's bounds (``schema/fsrs_bounds.json``: w20, the decay,
    above 0, or every interval divides by zero). `InputError` at `where` otherwise."""
    from termdrills.contracts import fsrs_bounds

    if value is None or value == [] or value == ():
        return ()
    lower, upper = fsrs_bounds()
    if not isinstance(value, (list, tuple)) or len(value) != len(lower):
        got = f"{len(value)} item(s)" if isinstance(value, (list, tuple)) \
            else f"a {type(value).__name__}"
        raise InputError(f"{where}: expected the {len(lower)} numbers `termdrills fit` "
                         f"prints, got {got}")
    for i, (w, low, high) in enumerate(zip(value, lower, upper)):
        if isinstance(w, bool) or not isinstance(w, (int, float)):
            raise InputError(f"{where}[{i}]: '{str(w)[:20]}' is not a number")
        if not low <= w <= high:  # NaN fails this too
            raise InputError(f"{where}[{i}]: {w:g} is outside w{i}'s bounds, {low:g} to "
                             f"{high:g} (py-fsrs's)")
    return tuple(float(w) for w in value)


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The first _config.yml in `start` (default: the working folder) or its parents."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def find_course(start: str | os.PathLike[str] | None = None) -> Course:
    """The course around `start` (default: the working folder); defaults without one."""
    from termdrills._files import record_input

    path = find_config(start)
    if path is None:
        return Course()
    record_input(path)  # the settings: no command may write over them
    return _read(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int) -> Course:  # mtime_ns: read again after an edit
    from termdrills._files import read_text

    text = read_text(path, limit=YAML_LIMIT)
    data = parse_yaml(text, os.fspath(path))
    if not isinstance(data, dict):
        data = {}
    section: Any = data.get("sphinx")
    section = section.get("config") if isinstance(section, dict) else None
    section = section.get("termdrills") if isinstance(section, dict) else None
    if section is not None and not isinstance(section, dict):
        raise InputError(f"{path}: {SECTION}: expected a mapping of settings")
    title = data.get("title")
    return Course.from_mapping(section, root=path.parent, config=path,
                               title=str(title) if title else None, text=text)


def from_sphinx(config: Any, srcdir: str | os.PathLike[str]) -> Course:
    """The course as the Sphinx build sees it (Jupyter Book passes ``_config.yml``'s
    ``sphinx: config:`` and its ``title`` as ``project``)."""
    root = Path(srcdir)
    cfg = root / CONFIG_NAME
    return Course.from_mapping(getattr(config, "termdrills", None) or {}, root=root,
                               config=cfg if cfg.is_file() else None,
                               title=getattr(config, "project", None))


def glossary_path(start: str | os.PathLike[str] | None = None,
                  course: Course | None = None) -> Path:
    """Where the glossary is (the rule in the module doc); FileNotFoundError if nowhere."""
    env = os.environ.get(ENV_GLOSSARY)
    if env:
        return Path(env)
    course = course or find_course(start)
    if course.root is not None:
        return course.glossary
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "glossary.csv"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no glossary.csv in {here} or its parents "
                            f"(set {ENV_GLOSSARY} to its path)")


@functools.lru_cache(maxsize=256)
def _notebook_title(path: Path, mtime_ns: int) -> str:
    """The text of a notebook's first Markdown heading ("" when it has none)."""
    import json

    from termdrills._files import read_text

    try:
        cells = json.loads(read_text(path)).get("cells", [])
    except (ValueError, AttributeError, RecursionError):  # InputError is a ValueError
        return ""
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            for line in text.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


# --------------------------------------------------------------------------- YAML


def read_yaml(path: str | os.PathLike[str]) -> Any:
    """A small YAML file (_config.yml, _toc.yml, an assignment) read safely: stat-ed
    before it is opened (a FIFO or a device is refused), bounded size, then
    `parse_yaml`. `InputError` with the file and line for anything wrong."""
    from termdrills._files import read_text

    return parse_yaml(read_text(path, limit=YAML_LIMIT), os.fspath(path))


def parse_yaml(text: str, name: str) -> Any:
    """YAML text parsed safely: no aliases (an alias bomb would take all memory), at
    most `YAML_DEPTH` levels of nesting, at most `YAML_LIMIT` characters. `InputError`
    (``name:line: problem``) for anything else wrong."""
    import yaml

    if len(text) > YAML_LIMIT:
        raise InputError(f"{name}: {len(text):,} characters, more than the {YAML_LIMIT:,} "
                         "read")

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.MarkedYAMLError(problem="YAML aliases (*name) are not allowed",
                                           problem_mark=mark)
            self.depth += 1
            if self.depth > YAML_DEPTH:
                raise yaml.MarkedYAMLError(problem=f"nested more than {YAML_DEPTH} levels",
                                           problem_mark=self.peek_event().start_mark)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    try:
        return yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"{name}{line}: {problem}") from None
    except RecursionError:
        raise InputError(f"{name}: nested too deeply") from None
