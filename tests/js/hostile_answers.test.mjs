// The student-answer part of the hostile corpus (tests/hostile/answers.json):
// each answer gets exactly the verdict listed, within its budget (250 ms, or the
// `budget_ms` of a 100 KB one), and nothing throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { chrF } from "../../termdrills/static/core/chrf.js";
import { termForms, termUses } from "../../termdrills/static/core/forms.js";

const STAGE = termForms({ accepted: ["new stage of development"] });
import { grade } from "../../termdrills/static/core/text.js";

const corpus = JSON.parse(
  readFileSync(new URL("../hostile/answers.json", import.meta.url), "utf8"),
);

/** A corpus string: as is, or pieces joined, [text, n] being text repeated n times. */
const text = (v) => (Array.isArray(v)
  ? v.map((p) => (Array.isArray(p) ? p[0].repeat(p[1]) : p)).join("") : v);

for (const c of corpus.answers) {
  test(`answer: ${c.what} → ${c.verdict}`, () => {
    const typed = text(c.typed);
    const start = performance.now();
    const result = grade(typed, c.accepted, c.lang);
    const took = performance.now() - start;
    assert.equal(result.verdict, c.verdict);
    assert.ok(took < (c.budget_ms ?? 250), `grading took ${Math.round(took)} ms`);
  });
}

for (const s of corpus.sentences) {
  test(`sentence: ${s.what} scores 0–100 and finds no term`, () => {
    const hypothesis = text(s.hypothesis);
    const start = performance.now();
    const score = chrF(hypothesis, s.reference);
    assert.ok(Number.isFinite(score) && score >= 0 && score <= 100, String(score));
    assert.ok(score < 20, `a hostile translation scored ${score}`);
    assert.deepEqual(termUses(hypothesis, [STAGE]), [null]);
    const took = performance.now() - start;
    assert.ok(took < (s.budget_ms ?? 250), `scoring took ${Math.round(took)} ms`);
  });
}
