"""The contracts between the parts of the kit, written down once.

``termdrills/schema/drills.schema.json`` is the shape of each drill kind's payload
(what its class in ``drills/kinds/`` sends and ``static/kinds/<kind>.js`` reads) and
of the model state around it. Every drill validates its state against the schema
when it is built (`validate_state`), and the browser tests record every property the
front end reads and check it is declared there: Python and JavaScript cannot drift
apart silently. The schema is the only statement of the payloads: no typed copy of
it is kept in Python to drift from it.

The progress store's format (the browser's review store, the file a student
exports, what ``termdrills report`` reads) is ``schema/store.schema.json``
(`store_schema`), read by both sides. The bounds of the FSRS parameters a course may
set are ``schema/fsrs_bounds.json`` (`fsrs_bounds`): py-fsrs's, read by the settings'
check and by the browser's store import.

The built site's own files that other parts of the kit read (the SCORM export reads
a site the book built) are named here too: `CODE_FILE`, `LESSONS_FILE`.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any

from termdrills.errors import DrillError

__all__ = ["CODE_CHUNK", "CODE_FILE", "LESSONS_FILE", "drills_schema", "fsrs_bounds",
           "store_schema", "validate_state"]

#: The drills' code file of a built site, ``_static/termdrills-<16 hex digits>.js``: the
#: first 16 hex digits of the digest of the drills' files (`termdrills.book.drill_code`).
CODE_FILE = re.compile(r"termdrills-[0-9a-f]{16}\.js")
#: A part of the drills' code beside it: one drill kind's, or the SCORM runtime's
#: (``scorm``), ``_static/termdrills-<the same digits>-<part>.js``.
CODE_CHUNK = re.compile(r"termdrills-([0-9a-f]{16})-([a-z_]+)\.js")
#: In a built site: each page's glossary lessons, as its last run read them (what the
#: SCORM export packages for a lesson or a unit; `termdrills.book.freshness`).
LESSONS_FILE = "_static/termdrills-lessons.json"


def _load(name: str) -> dict[str, Any]:
    text = resources.files("termdrills").joinpath("schema", name).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@functools.cache
def drills_schema() -> dict[str, Any]:
    return _load("drills.schema.json")


@functools.cache
def store_schema() -> dict[str, Any]:
    return _load("store.schema.json")


@functools.cache
def fsrs_bounds() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(lower, upper): the bounds of each of FSRS-6's 21 parameters, as py-fsrs has them."""
    data = _load("fsrs_bounds.json")
    return tuple(data["lower"]), tuple(data["upper"])


@functools.cache
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator

    schema = drills_schema()
    out = {"state": Draft202012Validator(schema)}
    for kind in schema["properties"]["kind"]["enum"]:
        out[kind] = Draft202012Validator(schema["$defs"][kind])  # self-contained: no $ref
    return out


def validate_state(state: dict[str, Any]) -> None:
    """`DrillError` naming the first place where `state` breaks the schema."""
    validators = _validators()
    for name, value in (("state", state), (str(state.get("kind")), state.get("payload"))):
        validator = validators.get(name)
        if validator is None:
            raise DrillError(f"unknown drill kind {name!r}")
        if validator.is_valid(value):
            continue
        error = next(iter(validator.iter_errors(value)), None)
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            raise DrillError(f"{state.get('kind')} drill: {name} at {where}: {error.message}")
