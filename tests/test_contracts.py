"""The drills' written contract (termdrills/schema/drills.schema.json), held from both
sides: every payload Python builds is valid against it, and the front end reads no
property of a payload that it does not declare. A field renamed on one side only
fails here."""

from __future__ import annotations

import json
from typing import Any

import pytest

from termdrills import contracts
from termdrills.drills import (
    KINDS,
    Cloze,
    Flashcards,
    Matching,
    MultipleChoice,
    ParagraphTranslation,
    Review,
    SentenceTranslation,
    TypedRecall,
    _assets,
)
from termdrills.errors import DrillError
from termdrills.glossary import Glossary, Term


def term(id: str, zh: str, en: str, lesson: str = "l1", **kw: Any) -> Term:
    return Term(id=id, zh=zh, en=en, lesson=lesson, **kw)


TERMS = (
    term("state-council", "国务院", "the State Council", alt_en=("State Council",),
         alt_source=("https://example.org/a",), example_zh="国务院印发了指导意见。",
         example_en="The State Council issued a guideline."),
    term("guideline", "指导意见", "guideline", example_zh="国务院印发了指导意见。",
         example_en="The State Council issued a guideline."),
    term("government-services", "政务服务", "government services",
         deprecated_en=("government affairs services",),
         deprecated_note=("word for word.",), example_zh="我们将持续优化政务服务。",
         example_en="We will keep improving government services."),
    term("modernization", "现代化", "modernization", lesson="l2"),
    term("platform", "平台", "platform", lesson="l2"),
)
GLOSSARY = Glossary(TERMS)


def drills() -> list[Any]:
    return [Flashcards(TERMS, seed=1), MultipleChoice(TERMS, glossary=GLOSSARY, seed=1),
            TypedRecall(TERMS, seed=1), TypedRecall(TERMS, direction="en-zh", seed=1),
            Cloze(TERMS[:3], seed=1), Matching(TERMS, seed=1),
            SentenceTranslation(TERMS[:3], glossary=GLOSSARY, seed=1), Review(TERMS),
            ParagraphTranslation("国务院印发了指导意见。我们将持续优化政务服务。", glossary=GLOSSARY,
                                 references=[("The State Council issued a guideline. We will "
                                              "keep improving government services.")])]


def test_every_kind_has_its_schema_and_every_payload_is_valid() -> None:
    schema = contracts.drills_schema()
    assert set(KINDS) == set(schema["properties"]["kind"]["enum"]) <= set(schema["$defs"])
    for drill in drills():
        contracts.validate_state(drill.state())


def test_a_payload_that_breaks_the_schema_is_refused() -> None:
    state = TypedRecall(TERMS, seed=1).state()
    state["payload"]["items"][0]["accept"] = state["payload"]["items"][0].pop("accepted")
    with pytest.raises(DrillError, match="'accepted' is a required property"):
        contracts.validate_state(state)


def declared(schema: dict[str, Any], path: str = "") -> set[str]:
    """Every property path the schema declares, arrays as `[]` (`items[].accepted`)."""
    out: set[str] = set()
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        out |= declared(schema["items"], path + "[]")
    for name, sub in schema.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        out |= {here} | declared(sub, here)
    if isinstance(schema.get("additionalProperties"), dict):  # a map: any key
        out.add(f"{path}.*")
    return out


def covered(path: str, allowed: set[str]) -> bool:
    parent, _, _ = path.rpartition(".")
    return path in allowed or f"{parent}.*" in allowed


# A page that runs the drills' module on each state, with the payload wrapped in a
# Proxy that records every property the front end reads, then drives each drill a
# little (so that reads made on an answer are recorded too).
RECORD = """async ([source, states]) => {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const drills = await import(url);
  const IGNORE = new Set(["toJSON", "then", "constructor", "__proto__", "valueOf",
    "toString", "length"]);
  const reads = {};
  const wrap = (value, path, kind) => {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, {
      get(target, prop, receiver) {
        const got = Reflect.get(target, prop, receiver);
        if (typeof prop !== "string" || IGNORE.has(prop)) return got;
        if (Array.isArray(target)) {
          if (/^\\d+$/.test(prop)) return wrap(got, `${path}[]`, kind);
          return got;  // map, filter, ...
        }
        const here = path ? `${path}.${prop}` : prop;
        (reads[kind] ??= new Set()).add(here);
        return wrap(got, here, kind);
      },
    });
  };
  for (const state of states) {
    const el = document.createElement("div");
    document.body.append(el);
    const handlers = new Map();
    const model = {
      get: (k) => (k === "payload" ? wrap(state.payload, "", state.kind) : state[k]),
      set(k, v) { state[k] = v; for (const fn of handlers.get(`change:${k}`) ?? []) fn(); },
      on(e, fn) { (handlers.get(e) ?? handlers.set(e, new Set()).get(e)).add(fn); },
      off() {}, save_changes() {}, send() {},
    };
    drills.render({ model, el });
    const click = (sel) => el.querySelector(sel)?.click();
    const type = (text) => {
      const box = el.querySelector("input.td-input, textarea");
      if (!box) return;
      box.value = text;
      box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true,
        bubbles: true }));
    };
    for (let round = 0; round < 3; round++) {
      click(".td-option");
      type("government affairs services");
      click(".td-btn[aria-pressed='false']");  // flip a card
      click(".td-rate");
      el.querySelectorAll(".td-match").forEach((b) => b.click());
      click(".td-next");
    }
  }
  return Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, [...v].sort()]));
}"""


@pytest.mark.browser
def test_the_front_end_reads_only_what_the_schema_declares(offline_page: Any) -> None:
    page, log = offline_page
    page.goto("about:blank")
    states = [d.state() for d in drills()]
    reads = page.evaluate(RECORD, [_assets.module(), json.loads(json.dumps(states))])
    schema = contracts.drills_schema()
    assert set(reads) == {s["kind"] for s in states}  # every kind read its payload
    for kind, paths in reads.items():
        allowed = declared(schema["$defs"][kind])
        undeclared = {p for p in paths if not covered(p, allowed)}
        assert not undeclared, f"{kind} reads properties the schema does not declare"
        assert len(paths) >= 3, (kind, paths)
    assert log.page_errors == []
