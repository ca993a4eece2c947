// Node tests of the paragraph drill's answer analysis (termdrills/static/core/analysis.js)
// and of how the drill turns a term's analysis into a review-store verdict
// (kinds/paragraph.js). That the analysis equals Python's on every fixture answer is
// tests/test_paragraph_agreement.py; here: what a student would notice.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { analyseAnswer, preparePassage } from "../../termdrills/static/core/analysis.js";
import { termOutcome } from "../../termdrills/static/kinds/paragraph.js";

const ZH = "持续优化政务服务是畅通国民经济循环的重要支撑。优化政务服务是建设服务型政府的内在要求。";
const REFERENCE = "Continuously optimizing government services is an important support for " +
  "facilitating the circulation of the national economy. Optimizing government services is " +
  "an inherent requirement for building a service-oriented government.";

const TERMS = [
  { id: "optimize-government-services", zh: "优化政务服务", en: "optimize government services",
    forms: [["optimize government services", "preferred"], ["improve government services", "accepted"],
      ["optimize government affairs services", "deprecated", "政务服务 is 'government services'"]] },
  { id: "facilitate-circulation", zh: "畅通国民经济循环",
    en: "facilitate the circulation of the national economy",
    forms: [["facilitate the circulation of the national economy", "preferred"],
      ["smooth the national economic cycle", "deprecated", "循环 is 'circulation'"]] },
  { id: "service-oriented-government", zh: "服务型政府", en: "service-oriented government",
    forms: [["service-oriented government", "preferred"],
      ["service-type government", "deprecated", "型 is '-oriented'"]] },
];

/** Every occurrence of `needle` in `text`: [start, end] in UTF-16 units. */
function occurrences(text, needle) {
  const out = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) {
    out.push([i, i + needle.length]);
  }
  return out;
}

/** The payload Python would send (termdrills/drills/kinds/paragraph.py) for ZH. */
function payload({ zh = ZH, references = [REFERENCE], model = null, refSpans = null } = {}) {
  const zhTerms = TERMS.flatMap((t, i) => occurrences(zh, t.zh).map(([s, e]) => [s, e, i]))
    .sort((a, b) => a[0] - b[0]);
  const defaultSpans = (text) => [
    ...occurrences(text, "optimizing government services").map(([s, e]) => [s, e, 0, 0]),
    ...occurrences(text, "Optimizing government services").map(([s, e]) => [s, e, 0, 0]),
    ...occurrences(text, "facilitating the circulation of the national economy")
      .map(([s, e]) => [s, e, 1, 0]),
    ...occurrences(text, "service-oriented government").map(([s, e]) => [s, e, 2, 0]),
  ].sort((a, b) => a[0] - b[0]);
  return {
    zh, zh_terms: zhTerms,
    terms: TERMS.map((t, i) => ({ id: t.id, lesson: "l", zh: t.zh, en: t.en, n: i + 1, colour: i,
      occurrences: occurrences(zh, t.zh).length,
      forms: t.forms.map(([text, tier, note = ""]) => ({ text, tier, note, group: text })) })),
    references: references.map((text) => ({ text, spans: refSpans ?? defaultSpans(text) })),
    model: model === null ? null : { text: model, spans: defaultSpans(model) },
    weights: { chrf: 0.5, terms: 0.4, consistency: 0.1 },
    credit: { preferred: 1, accepted: 1, deprecated: 0, missing: 0 },
  };
}

const analyse = (answer, options) => analyseAnswer(preparePassage(payload(options)), answer);
const term = (result, id) => result.terms.find((t) => t.id === id);

describe("paragraph analysis", () => {
  test("the official translation itself: chrF 100 for the whole and each sentence", () => {
    const r = analyse(REFERENCE);
    assert.equal(r.chrf, 100);
    assert.equal(r.score.total, 100);
    assert.deepEqual(r.segments.map((s) => s.chrf), [100, 100]);
    assert.deepEqual(r.terms.map((t) => [t.verdict, t.consistent]),
      [["preferred", true], ["preferred", true], ["preferred", true]]);
    assert.deepEqual(r.terms.map(termOutcome), ["right", "right", "right"]);
    assert.equal(r.alignment.level, "sentence");
    assert.deepEqual(r.alignment.notes, []);
  });

  test("terms are numbered by first occurrence and counted", () => {
    const r = analyse(REFERENCE);
    assert.deepEqual(r.terms.map((t) => [t.n, t.zh, t.occurrences]),
      [[1, "优化政务服务", 2], [2, "畅通国民经济循环", 1], [3, "服务型政府", 1]]);
  });

  test("a deprecated rendering is named with its reason and recorded as almost", () => {
    const r = analyse(REFERENCE.replace("facilitating the circulation of the national economy",
      "smoothing the national economic cycle"));
    const t = term(r, "facilitate-circulation");
    assert.equal(t.verdict, "deprecated");
    assert.equal(t.note, "smoothing the national economic cycle: 循环 is 'circulation'");
    assert.equal(t.credit, 0);
    assert.equal(termOutcome(t), "almost");
    assert.ok(r.score.total < 100);
  });

  test("the same term rendered two ways is flagged and recorded as almost", () => {
    const r = analyse(REFERENCE.replace("Optimizing government services is",
      "Improving government services is"));
    const t = term(r, "optimize-government-services");
    assert.equal(t.verdict, "preferred");
    assert.equal(t.consistent, false);
    assert.deepEqual(t.used.map((u) => [u.text, u.tier, u.count]),
      [["optimizing government services", "preferred", 1],
        ["Improving government services", "accepted", 1]]);
    assert.equal(termOutcome(t), "almost");
    assert.equal(r.score.parts.consistency, 2 / 3);
  });

  test("a missing term: the student's wording is found where the Chinese term stands", () => {
    const r = analyse(REFERENCE.replace("a service-oriented government",
      "a service-focused government"));
    const t = term(r, "service-oriented-government");
    assert.equal(t.verdict, "missing");
    assert.equal(t.rendering_kind, "candidate");
    assert.equal(t.rendering, "service-focused government");
    assert.equal(termOutcome(t), "wrong");
    const marked = r.segments[1].rows.flatMap((row) => row.answer).filter((run) => run.term === 3);
    assert.deepEqual(marked, [{ text: "service-focused government", term: 3, kind: "candidate" }]);
  });

  test("two Chinese sentences in one English sentence: compared as one segment", () => {
    const r = analyse(REFERENCE.replace("national economy. Optimizing", "national economy, and optimizing"));
    assert.equal(r.segments.length, 1);
    assert.equal(r.segments[0].how, "merged");
    assert.equal(r.alignment.level, "paragraph");
    assert.ok(r.alignment.notes.some((n) => n.startsWith("Chinese sentence(s) 1–2 and the answer's sentence(s) 1")),
      r.alignment.notes.join("\n"));
    // …but its clauses are still aligned by the terms in them.
    assert.ok(r.segments[0].rows.length > 1);
  });

  test("without an official reference: the model is shown, no chrF, terms still judged", () => {
    const r = analyse("Optimizing government services is a service-type government.",
      { references: [], model: REFERENCE });
    assert.equal(r.reference.kind, "model");
    assert.equal(r.chrf, null);
    assert.ok(r.segments.every((s) => s.chrf === null));
    assert.equal(r.score.parts.chrf, null);
    assert.equal(term(r, "service-oriented-government").verdict, "deprecated");
    assert.ok(r.segments.some((s) => s.rows.some((row) => row.reference.some((run) => run.term === 3))));
  });

  test("a term the official translation does not render either is not counted", () => {
    const r = analyse("Something else entirely.", { refSpans: [] });
    assert.deepEqual(r.terms.map((t) => [t.counts, t.credit]), [[false, null], [false, null], [false, null]]);
    assert.deepEqual(r.terms.map(termOutcome), [null, null, null]);
    assert.equal(r.score.parts.terms, null);
  });

  test("offsets are UTF-16: a character outside the BMP before a term", () => {
    const zh = `𠀀${ZH}`;
    const r = analyse(REFERENCE, { zh });
    const runs = r.segments[0].rows.flatMap((row) => row.zh);
    assert.equal(runs.map((run) => run.text).join(""), zh.slice(0, zh.indexOf("。") + 1));
    assert.deepEqual(runs.filter((run) => run.term).map((run) => run.text), ["优化政务服务", "畅通国民经济循环"]);
  });

  test("markup in an answer stays text; an empty answer gets no term and no throw", () => {
    const r = analyse("<b>optimize government services</b>");
    assert.ok(r.segments[0].rows.flatMap((row) => row.answer).some((run) => run.text === "<b>"));
    const empty = analyse("");
    assert.equal(empty.chrf, 0);
    assert.deepEqual(empty.terms.map((t) => t.verdict), ["missing", "missing", "missing"]);
  });
});
