"""Did the answer use the term? One rule (`termdrills.grading.forms.term_uses`) for the
sentence drill, the paragraph drill and the grader; ``tests/data/term_use_cases.json``
runs here and in node against the front end's ``termUses`` (tests/js/forms.test.mjs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from termdrills.glossary import Term
from termdrills.grading.forms import prepare_terms, term_uses

TABLE = json.loads((Path(__file__).parent / "data" / "term_use_cases.json").read_text("utf-8"))


def _term(i: int, term: dict) -> Term:  # type: ignore[type-arg]
    return Term(id=f"t{i}", zh="中", en=term["accepted"][0], lesson="x",
                alt_en=tuple(term["accepted"][1:]),
                deprecated_en=tuple(d["form"] for d in term["deprecated"]),
                deprecated_note=tuple(d["note"] for d in term["deprecated"]))


@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["what"] for c in TABLE["cases"]])
def test_term_use_table(case: dict) -> None:  # type: ignore[type-arg]
    forms = prepare_terms([_term(i, t) for i, t in enumerate(case["terms"])])
    uses = term_uses(case["text"], forms)
    assert [None if u is None else [u.form.tier, case["text"][u.start:u.end]]  # type: ignore[union-attr]
            for u in uses] == case["uses"]
