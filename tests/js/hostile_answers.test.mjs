// The student-answer part of the hostile corpus (tests/hostile/answers.json):
// each answer gets exactly the verdict listed, quickly, and nothing throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { chrF } from "../../termdrills/static/core/chrf.js";
import { containsRendering, grade } from "../../termdrills/static/core/text.js";

const corpus = JSON.parse(
  readFileSync(new URL("../hostile/answers.json", import.meta.url), "utf8"),
);

for (const c of corpus.answers) {
  test(`answer: ${c.what} → ${c.verdict}`, () => {
    const start = performance.now();
    const result = grade(c.typed, c.accepted, c.lang);
    assert.equal(result.verdict, c.verdict);
    assert.ok(performance.now() - start < 250, "grading took too long");
  });
}

for (const s of corpus.sentences) {
  test(`sentence: ${s.what} scores 0–100 and finds no term`, () => {
    const score = chrF(s.hypothesis, s.reference);
    assert.ok(Number.isFinite(score) && score >= 0 && score <= 100, String(score));
    assert.ok(score < 20, `a hostile translation scored ${score}`);
    assert.equal(containsRendering(s.hypothesis, ["new stage of development"]), null);
  });
}
