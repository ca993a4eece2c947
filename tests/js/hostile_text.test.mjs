// Nothing freezes the page: every regular expression and loop the drills apply to a
// student's text is linear; the near-miss check is bounded (its diff by DIFF_MAX).
//
// The patterns audited (static/core/text.js, chrf.js): IGNORED, SINGLE_QUOTES,
// DOUBLE_QUOTES, DASHES, SPACES (character classes: one step per character); ISE
// (\p{L}{2,40} before "is": at most 40 steps back per position); ARTICLE (anchored);
// trimWhere (a loop, no pattern); termUses' patterns; chrF's CHRF_SPACE
// split; format's \{(\w+)\}; the paragraph drill's segmenter (core/segment.js). Each
// gets 100 KB built against it, within 1 s.
import { test } from "node:test";
import assert from "node:assert/strict";

import { chrF } from "../../termdrills/static/core/chrf.js";
import { termForms, termUses } from "../../termdrills/static/core/forms.js";

const STAGE = termForms({ accepted: ["new stage of development"] });
import {
  DIFF_MAX, diff, editDistance, format, grade, normaliseEn, normaliseZh,
} from "../../termdrills/static/core/text.js";
import { segmentUnits } from "../../termdrills/static/core/segment.js";

const N = 100_000;
const BUDGET_MS = 1000;
const long = "government services ".repeat(800).trim(); // 16,000 characters

const CASES = {
  "normaliseEn: a, 100,000 full stops, a": () => normaliseEn(`a${".".repeat(N)}a`),
  "normaliseEn: 100,000 full-width !": () => normaliseEn("！".repeat(N)),
  "normaliseEn: 100,000 spaces inside": () => normaliseEn(`a${" ".repeat(N)}b`),
  "normaliseEn: 'is' 50,000 times": () => normaliseEn("is".repeat(N / 2)),
  "normaliseEn: -ise after 40 letters": () => normaliseEn(`${"ab".repeat(20)}is`.repeat(N / 42)),
  "normaliseEn: 'the ' 25,000 times": () => normaliseEn("the ".repeat(N / 4)),
  "normaliseEn: 100,000 hyphens and quotes": () => normaliseEn("-‘“".repeat(N / 3)),
  "normaliseZh: punctuation around a term": () => normaliseZh(`${"！".repeat(N)}政务${"。".repeat(N)}`),
  "normaliseZh: 100,000 ideographic spaces": () => normaliseZh(`政${"\u3000".repeat(N)}务`),
  "grade: one typo in a 16,000-character rendering": () => {
    const r = grade(long.slice(0, 8000) + long.slice(8001), [long]);
    assert.equal(r.verdict, "almost");
    assert.deepEqual(r.diff, []); // past DIFF_MAX: what was expected, without a diff
  },
  "grade: one typo in a rendering of DIFF_MAX characters has its diff": () => {
    const rendering = "government services ".repeat(DIFF_MAX / 20).trim();
    const r = grade(rendering.slice(0, 100) + rendering.slice(101), [rendering]);
    assert.equal(r.verdict, "almost");
    assert.deepEqual(r.diff.filter((o) => o.op !== "same"), [{ op: "ins", text: rendering[100] }]);
  },
  "grade: 16,000 unrelated characters": () =>
    assert.equal(grade("x".repeat(long.length), [long]).verdict, "wrong"),
  "grade: 100 KB against three 16,000-character renderings": () =>
    grade("y".repeat(N), [long, long.toUpperCase(), `${long}.`]),
  "editDistance: 100,000 characters, at most 3": () =>
    assert.equal(editDistance("ab".repeat(N / 2), "ba".repeat(N / 2), 3), 2),
  "editDistance: 100,000 unrelated characters, at most 3": () =>
    assert.equal(editDistance("a".repeat(N), "b".repeat(N), 3), 4),
  "diff: DIFF_MAX characters, unrelated": () => diff("a".repeat(DIFF_MAX), "b".repeat(DIFF_MAX)),
  "termUses: 100 KB of near matches": () =>
    assert.deepEqual(termUses("new stage of ".repeat(N / 13), [STAGE]), [null]),
  "chrF: 100 KB translation": () => chrF("stage ".repeat(N / 6), "a new stage of development"),
  "chrF: 100 KB of spaces": () => chrF(" ".repeat(N), "a new stage of development"),
  "format: 100 KB of braces": () => format("{".repeat(N) + "{x}", { x: 1 }),
  // the paragraph drill's segmenter (a port of grading/segment.py): sentence ends are
  // tried only where a run of . ! ? begins
  "segmentUnits: a, 100,000 full stops, a": () =>
    segmentUnits(`a${".".repeat(N)}a`, 0, N + 2, "clause", { chinese: false }),
  "segmentUnits: full stops then spaces": () =>
    segmentUnits(`${".".repeat(N)}${" ".repeat(N)}a`, 0, 2 * N + 1, "sentence",
      { chinese: false }),
  "segmentUnits: ! then closing brackets": () =>
    segmentUnits(`${"!".repeat(N)}${")".repeat(N)}a`, 0, 2 * N + 1, "sentence",
      { chinese: false }),
};

for (const [name, fn] of Object.entries(CASES)) {
  test(name, () => {
    const start = performance.now();
    fn();
    const took = performance.now() - start;
    assert.ok(took < BUDGET_MS, `${name}: ${Math.round(took)} ms`);
  });
}

/** Levenshtein distance, the textbook table: what editDistance must agree with. */
function reference(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

/** A deterministic pseudo-random string over a small alphabet (so strings share a lot). */
function* strings(seed, count) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648);
  const alphabet = ["a", "b", "c", "政", "😀"];
  for (let k = 0; k < count; k++) {
    const n = next() % 12;
    yield Array.from({ length: n }, () => alphabet[next() % alphabet.length]).join("");
  }
}

test("editDistance with a bound is exact up to it, and max + 1 past it", () => {
  const a = [...strings(7, 300)];
  const b = [...strings(11, 300)];
  for (let k = 0; k < a.length; k++) {
    const d = reference(a[k], b[k]);
    assert.equal(editDistance(a[k], b[k]), d, `${a[k]} / ${b[k]}`);
    for (const max of [0, 1, 2, 3, 5]) {
      assert.equal(editDistance(a[k], b[k], max), d <= max ? d : max + 1, `${a[k]} / ${b[k]} ≤ ${max}`);
    }
  }
});

test("diff rebuilds both strings with the fewest characters changed", () => {
  const a = [...strings(3, 300)];
  const b = [...strings(5, 300)];
  for (let k = 0; k < a.length; k++) {
    const ops = diff(a[k], b[k]);
    const typed = ops.filter((o) => o.op !== "ins").map((o) => o.text).join("");
    const expected = ops.filter((o) => o.op !== "del").map((o) => o.text).join("");
    assert.equal(typed, a[k]);
    assert.equal(expected, b[k]);
    const same = Array.from(ops.filter((o) => o.op === "same").map((o) => o.text).join("")).length;
    // an LCS diff keeps the longest common subsequence: no diff keeps more
    const n = Array.from(a[k]).length;
    const m = Array.from(b[k]).length;
    assert.ok(n + m - 2 * same >= reference(a[k], b[k]));
    for (const op of ops) assert.notEqual(op.text, "");
  }
});
