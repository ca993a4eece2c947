// termdrills passage logic: term-aware feedback on one translation of a passage (no
// DOM). A port of termdrills/grading/analysis.py, following the recipe of its module
// doc step by step; `analyseAnswer` returns the same dict as Python's `analyse`
// (tests/test_paragraph_agreement.py compares the two on every answer of the grading
// fixtures: equal, chrF included, not merely close).
//
// What depends only on the passage comes from Python in the paragraph drill's payload
// (termdrills/drills/kinds/paragraph.py): the terms found in the Chinese (numbered by
// first occurrence, with colour, forms, consistency groups and reasons), and where
// they stand in the Chinese and in each reference or model translation. Offsets are
// UTF-16 code units, as JavaScript strings count them.
import { bestChrf, candidateRendering, chrfGrams } from "./candidates.js";
import { chrF } from "./chrf.js";
import { alignPassage } from "./align.js";
import { enFormPattern, findTermsEn } from "./forms.js";
import { pyBlank, pyIsSpace, segmentUnits } from "./segment.js";

export const PALETTE_SIZE = 8;

/** The passage as the analysis needs it, from the paragraph drill's payload. */
export function preparePassage(payload) {
  const terms = payload.terms.map((t) => ({ ...t,
    forms: t.forms.map((f) => ({ ...f, pattern: enFormPattern(f.text) })),
    formGrams: t.forms.map((f) => chrfGrams(f.text.toLowerCase())) }));
  const side = ({ text, spans }) => ({ text, chinese: false, grams: chrfGrams(text),
    spans: spans.map(([start, end, term, form]) =>
      ({ start, end, term, form: terms[term].forms[form] })) });
  return {
    zh: { text: payload.zh, chinese: true,
      spans: payload.zh_terms.map(([start, end, term]) => ({ start, end, term, form: null })) },
    terms,
    references: payload.references.map(side),
    model: payload.model ? side(payload.model) : null,
    weights: payload.weights,
    credit: payload.credit,
  };
}

function textRuns(side, [start, end], extra = [], extraKind = "candidate") {
  const text = side.text;
  while (start < end && pyIsSpace(text[start])) start++;
  while (end > start && pyIsSpace(text[end - 1])) end--;
  const marks = [...side.spans.map((s) => [s, s.form ? s.form.tier : "zh"]),
    ...extra.map((s) => [s, extraKind])].sort((a, b) => a[0].start - b[0].start);
  const runs = [];
  let pos = start;
  for (const [span, kind] of marks) {
    if (span.start < pos || span.end > end) continue;
    if (span.start > pos) runs.push({ text: text.slice(pos, span.start) });
    runs.push({ text: text.slice(span.start, span.end), term: span.term + 1, kind });
    pos = span.end;
  }
  if (pos < end) runs.push({ text: text.slice(pos, end) });
  return runs;
}

function sentenceStarts(side) {
  const starts = [];
  for (const [a, b] of segmentUnits(side.text, 0, side.text.length, "paragraph",
    { chinese: side.chinese })) {
    if (pyBlank(side.text.slice(a, b))) continue;
    for (const [s] of segmentUnits(side.text, a, b, "sentence",
      { chinese: side.chinese, protectedRanges: side.spans.map((x) => [x.start, x.end]) })) {
      starts.push(s);
    }
  }
  return starts;
}

const numbersIn = (starts, [a, b]) =>
  starts.flatMap((s, i) => (a <= s && s < b ? [i + 1] : []));
const spanText = (n) =>
  (n.length === 1 ? String(n[0]) : `${n[0] ?? "?"}–${n[n.length - 1] ?? "?"}`);

function alignmentNotes(passage, sides, segments) {
  const zh = passage.zh;
  const zhStarts = sentenceStarts(zh);
  const paragraphs = segmentUnits(zh.text, 0, zh.text.length, "paragraph", { chinese: true })
    .filter(([a, b]) => !pyBlank(zh.text.slice(a, b))).map(([a]) => a);
  const enStarts = Object.fromEntries(sides.map(([name, side]) => [name, sentenceStarts(side)]));
  let level = "sentence";
  const notes = [];
  for (const seg of segments) {
    const zhN = numbersIn(zhStarts, seg.zh);
    if (paragraphs.filter((p) => seg.zh[0] <= p && p < seg.zh[1]).length > 1) level = "passage";
    else if (zhN.length > 1 && level === "sentence") level = "paragraph";
    for (const [name] of sides) {
      const enN = numbersIn(enStarts[name], seg.en[name]);
      if (zhN.length > 1 || enN.length !== 1) {
        const theirs = enN.length ? `sentence(s) ${spanText(enN)}` : "nothing";
        notes.push(`Chinese sentence(s) ${spanText(zhN)} and the ${name}'s ${theirs}: ` +
          "compared as one segment (sentences are not 1:1).");
      }
    }
  }
  return { level, notes: [...new Set(notes)] };
}

/** The feedback on one answer: the dict of termdrills/grading/analysis.py's module doc. */
export function analyseAnswer(passage, answer) {
  const { terms } = passage;
  const ans = { text: answer, chinese: false, spans: findTermsEn(answer, terms) };
  let overall = null;
  let refIndex = null;
  let ref = null;
  let kind = "none";
  if (passage.references.length) {
    const best = bestChrf(answer, passage.references.map((r) => r.grams));
    [overall, refIndex, kind] = [best.score, best.index, "official"];
    ref = passage.references[refIndex];
  } else if (passage.model !== null) {
    [ref, kind] = [passage.model, "model"];
  }
  const sides = ref !== null ? [["reference", ref], ["answer", ans]] : [["answer", ans]];
  const segments = alignPassage(passage.zh, sides);
  const { level, notes } = alignmentNotes(passage, sides, segments);

  const taken = ans.spans.map((s) => [s.start, s.end]);
  const candidates = [];
  const termOut = terms.map((term, i) => {
    const used = new Map();
    for (const s of ans.spans) {
      if (s.term !== i || !s.form) continue;
      if (!used.has(s.form.text)) {
        used.set(s.form.text, { form: s.form.text, tier: s.form.tier,
          text: answer.slice(s.start, s.end), count: 0 });
      }
      used.get(s.form.text).count++;
    }
    const tiers = new Set([...used.values()].map((u) => u.tier));
    const verdict = ["deprecated", "preferred", "accepted"].find((t) => tiers.has(t)) ?? "missing";
    const refSpan = ref ? ref.spans.find((s) => s.term === i) ?? null : null;
    const counts = ref === null || refSpan !== null || used.size > 0;
    let rendering = "";
    let renderingKind = "none";
    if (used.size) {
      [rendering, renderingKind] = [used.values().next().value.text, "form"];
    } else {
      const here = passage.zh.spans.filter((s) => s.term === i);
      const ranges = segments.flatMap((seg) => seg.rows)
        .filter((r) => here.some((s) => r.zh[0] <= s.start && s.start < r.zh[1]))
        .map((r) => r.en.answer);
      const found = candidateRendering(answer, ranges, taken, term.forms.map((f) => f.text),
        term.formGrams);
      if (found) {
        [rendering, renderingKind] = [answer.slice(found[0], found[1]), "candidate"];
        candidates.push({ start: found[0], end: found[1], term: i, form: null });
        taken.push([found[0], found[1]]);
      }
    }
    const notesDep = term.forms.flatMap((f) => [...used.values()]
      .filter((u) => f.tier === "deprecated" && u.form === f.text)
      .map((u) => (f.note ? `${u.text}: ${f.note}` : String(u.text))));
    return {
      n: i + 1, id: term.id, zh: term.zh, en: term.en, colour: i % PALETTE_SIZE,
      occurrences: term.occurrences,
      accepted: term.forms.filter((f) => f.tier === "accepted").map((f) => f.text),
      deprecated: term.forms.filter((f) => f.tier === "deprecated")
        .map((f) => ({ form: f.text, note: f.note })),
      verdict, counts, credit: counts ? passage.credit[verdict] : null,
      consistent: new Set(term.forms.filter((f) => used.has(f.text)).map((f) => f.group)).size <= 1,
      used: [...used.values()], note: notesDep.join("; "), rendering,
      rendering_kind: renderingKind,
      reference: ref && refSpan && refSpan.form
        ? { tier: refSpan.form.tier, text: ref.text.slice(refSpan.start, refSpan.end) } : null,
    };
  });

  const segOut = segments.map((seg) => {
    let segChrf = null;
    if (kind === "official") {
      const rText = ref.text.slice(...seg.en.reference);
      const aText = answer.slice(...seg.en.answer);
      segChrf = pyBlank(rText) ? null : chrF(aText, rText);
    }
    return { chrf: segChrf, how: seg.how, rows: seg.rows.map((row) => ({
      how: row.how, zh: textRuns(passage.zh, row.zh),
      reference: ref !== null ? textRuns(ref, row.en.reference) : null,
      answer: textRuns(ans, row.en.answer, candidates) })) };
  });

  const rendered = termOut.filter((t) => t.used.length);
  const counted = termOut.filter((t) => t.counts);
  const parts = {
    chrf: overall !== null ? overall / 100 : null,
    terms: counted.length ? counted.reduce((sum, t) => sum + t.credit, 0) / counted.length : null,
    consistency: rendered.length
      ? rendered.reduce((sum, t) => sum + (t.consistent ? 1 : 0), 0) / rendered.length : null,
  };
  const present = Object.entries(passage.weights).filter(([k]) => parts[k] !== null &&
    parts[k] !== undefined);
  const weight = present.reduce((sum, [, w]) => sum + w, 0);
  const total = weight
    ? 100 * present.reduce((sum, [k, w]) => sum + w * parts[k], 0) / weight : 0.0;
  return {
    schema: "termdrills-analysis", version: 1,
    reference: { kind, index: refIndex }, chrf: overall,
    score: { total, parts, weights: { ...passage.weights } },
    terms: termOut, segments: segOut,
    alignment: { level, notes },
  };
}
