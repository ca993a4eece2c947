"""Sentence translation (front end: static/kinds/sentence.js)."""

from __future__ import annotations

import random
from typing import Any

from termdrills.drills.items import accepted, base_item, deprecated, shuffled
from termdrills.drills.kinds._common import Examples
from termdrills.grading.forms import prepare_terms, term_uses


class SentenceTranslation(Examples):
    """Translate `example_zh`; feedback is a chrF score against `example_en` and,
    for every glossary term whose Chinese occurs in the sentence, whether its
    rendering (or an accepted alternative) is in the translation: the rule of the
    paragraph drill and the grader (`termdrills.grading.forms.term_uses`), which the
    front end applies too."""

    KIND = "sentence"

    def __init__(self, terms: Any, *, glossary: Any = None, **common: Any) -> None:
        self.glossary = glossary
        super().__init__(terms, **common)

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        from termdrills.glossary import Glossary

        lookup = self.glossary if hasattr(self.glossary, "in_sentence") else Glossary(
            list({t.id: t for t in (*terms, *(self.glossary or ()))}.values()))
        items: dict[str, dict[str, Any]] = {}
        for term, _ in shuffled(self._usable(terms), rng):
            if term.example_zh in items:
                continue  # two terms sharing one example: one question
            found = list(lookup.in_sentence(term.example_zh))
            if all(t.id != term.id for t in found):
                found.insert(0, term)
            # Term feedback only where the official translation itself uses the
            # rendering: a student who translates as the reference does is never told
            # they missed a term (政务服务 is just "services" in some official sentences).
            uses = term_uses(term.example_en, prepare_terms(found))
            found = [t for t, use in zip(found, uses, strict=True)
                     if use is not None and use.form is not None
                     and use.form.tier != "deprecated"]
            items[term.example_zh] = {
                **base_item(term), "zh": term.example_zh, "reference": term.example_en,
                "terms": [{**base_item(t), "zh": t.zh, "accepted": accepted(t),
                           "deprecated": deprecated(t)}
                          for t in found]}
        return {"items": list(items.values())}
