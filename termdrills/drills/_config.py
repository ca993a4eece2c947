"""Course settings for drills: `sphinx: config: termdrills:` in the book's _config.yml.

Read from the first _config.yml found in the working directory or its parents
(a lesson notebook runs in lessons/, the book root is its parent); without one,
or without the key, the course is "termdrills" with an English interface.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

DEFAULT_COURSE = "termdrills"
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class CourseSettings:
    course_id: str = DEFAULT_COURSE
    ui_language: str = "en"
    source: Path | None = None


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "_config.yml"
        if candidate.is_file():
            return candidate
    return None


def course_settings(start: Path | None = None) -> CourseSettings:
    """The settings of the book around `start` (default: the working directory)."""
    path = find_config(start)
    return _read(path, path.stat().st_mtime_ns) if path else CourseSettings()


@functools.lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int) -> CourseSettings:  # mtime_ns: re-read after an edit
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return CourseSettings(source=path)
    section = data.get("sphinx", {}) if isinstance(data, dict) else {}
    section = (section or {}).get("config", {}) if isinstance(section, dict) else {}
    section = (section or {}).get("termdrills", {}) if isinstance(section, dict) else {}
    if not isinstance(section, dict):
        section = {}
    course = str(section.get("course_id") or DEFAULT_COURSE)
    lang = str(section.get("ui_language") or "en")
    return CourseSettings(course_id=course, ui_language=lang if lang in LANGUAGES else "en",
                          source=path)
