"""The contracts between the Python side and the front end, written down once.

``termdrills/schema/drills.schema.json`` is the shape of each drill kind's payload
(what its class in ``drills/kinds/`` sends and ``static/kinds/<kind>.js`` reads);
the TypedDicts below say the same for type checkers and readers. Every drill
validates its state against the schema when it is built (`validate_state`), and
the browser tests record every property the front end reads and check it is
declared there: Python and JavaScript cannot drift apart silently.

The progress store's format (the browser's review store, the file a student
exports, what ``termdrills report`` reads) is ``schema/store.schema.json``
(`store_schema`), read by both sides.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any, Literal, NotRequired, TypedDict

from termdrills.errors import DrillError

__all__ = ["DrillState", "drills_schema", "store_schema", "validate_state"]

Direction = Literal["zh-en", "en-zh"]


class Item(TypedDict):
    id: str
    lesson: str


class Card(Item):
    zh: str
    en: str
    pinyin: str
    alt_en: list[str]


class FlashcardsPayload(TypedDict):
    direction: Direction
    items: list[Card]
    title: NotRequired[str]


class Question(Item):
    prompt: str
    pinyin: str
    options: list[str]  # four
    answer: int  # index of the right option


class MultipleChoicePayload(TypedDict):
    direction: Direction
    questions: list[Question]
    title: NotRequired[str]


class Recall(Item):
    prompt: str
    pinyin: str
    accepted: list[str]  # the official rendering first


class TypedRecallPayload(TypedDict):
    direction: Direction
    items: list[Recall]
    title: NotRequired[str]


class Gap(Item):
    before: str
    after: str
    accepted: list[str]
    context: str  # the sentence in the other language


class ClozePayload(TypedDict):
    side: Literal["en", "zh"]
    items: list[Gap]
    title: NotRequired[str]


class Side(Item):
    text: str


class Round(TypedDict):
    zh: list[Side]
    en: list[Side]


class MatchingPayload(TypedDict):
    rounds: list[Round]
    title: NotRequired[str]


class SentenceTerm(Item):
    zh: str
    accepted: list[str]


class Sentence(Item):
    zh: str
    reference: str
    terms: list[SentenceTerm]


class SentencePayload(TypedDict):
    items: list[Sentence]
    title: NotRequired[str]


class ReviewItem(Item):
    zh: str
    pinyin: str
    accepted: list[str]


class ReviewPayload(TypedDict):
    items: list[ReviewItem]
    title: NotRequired[str]


class DrillState(TypedDict):
    """The model state a drill's front end reads (live: synced; static: inline JSON)."""

    kind: str
    payload: dict[str, Any]
    lang: Literal["en", "zh"]
    course: str
    drill_id: str
    answers: list[dict[str, Any]]


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
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator

    schema = drills_schema()
    out = {"state": Draft202012Validator(schema)}
    for kind in schema["properties"]["kind"]["enum"]:
        out[kind] = Draft202012Validator(schema["$defs"][kind])  # self-contained: no $ref
    return out


def validate_state(state: DrillState | dict[str, Any]) -> None:
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
