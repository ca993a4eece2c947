// The course's one English (and Chinese) answer normalisation, as the front end
// applies it: the same table as tests/test_text.py runs against termdrills.text.normalize.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import { normaliseEn, normaliseZh } from "../../termdrills/static/core/text.js";

const cases = JSON.parse(readFileSync(new URL("../data/en_key_cases.json", import.meta.url),
  "utf8"));

describe("normaliseEn follows en_key's table", () => {
  for (const [text, key, what] of cases.en) {
    test(what, () => assert.equal(normaliseEn(text), key));
  }
  for (const [text, key, what] of cases.en_keep_article) {
    test(`${what} (article kept)`, () => assert.equal(normaliseEn(text, { keepArticle: true }),
      key));
  }
});

describe("normaliseZh follows zh_key's table", () => {
  for (const [text, key, what] of cases.zh) {
    test(what, () => assert.equal(normaliseZh(text), key));
  }
});

test("normalising is linear: 100 KB of hostile text in well under a second", () => {
  for (const text of ["a" + ".".repeat(100_000) + "a", "！".repeat(100_000),
    " ".repeat(100_000) + "x", "is".repeat(50_000), "a-".repeat(50_000)]) {
    const start = performance.now();
    normaliseEn(text);
    normaliseZh(text);
    assert.ok(performance.now() - start < 1000, `${text.slice(0, 5)}…`);
  }
});
