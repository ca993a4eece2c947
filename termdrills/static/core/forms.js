// termdrills passage logic: where a term's English forms stand in a text (no DOM).
// A port of termdrills/grading/forms.py (its module doc states the rules): a form
// matches as whole words, forgiving a leading article, hyphen vs space, -ise vs
// -ize, British vs American spelling and an inflected word; all matches of all forms
// are kept longest first, never overlapping. Whether a text uses a term is `termUses`,
// the one rule of the sentence drill, the paragraph drill and the grader
// (tests/data/term_use_cases.json runs here and in Python). The Chinese side is found
// in Python (the passage is known there): the drill's payload carries it.
import { foldI, PY_SPACE } from "./segment.js";
import { SPELLING } from "./text.js";

export const FORM_TIERS = ["preferred", "accepted", "deprecated"];
const FORM_ARTICLES = ["the", "a", "an"];
const FORM_SEPARATOR = `(?:[${PY_SPACE}]+|[${PY_SPACE}]*[-\\u2010\\u2011\\u2013][${PY_SPACE}]*)`;
const FORM_SPLIT = new RegExp(`[${PY_SPACE}\\-\\u2010\\u2011\\u2013]+`, "u");
const FORM_LETTERS = /^\p{L}+$/u;
/** Each word of the spelling table with its other spelling (British ↔ American). */
const OTHER_SPELLING = new Map([...SPELLING, ...[...SPELLING].map(([gb, us]) => [us, gb])]);

/** `text` with the characters special in a regular expression escaped. */
const escapeRegExp = (text) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

function formWord(word) {
  const other = OTHER_SPELLING.get(word.toLowerCase());
  return other === undefined ? oneFormWord(word) : `(?:${oneFormWord(word)}|${oneFormWord(other)})`;
}

function oneFormWord(word) {
  const pattern = escapeRegExp(word).replace(/i(?:z|s(?=[aei]))/g, "i[sz]");
  if (Array.from(word).length < 4 || !FORM_LETTERS.test(word)) return pattern;
  const lower = word.toLowerCase();
  if (lower.endsWith("e")) return `${pattern.slice(0, -1)}(?:e|es|ed|ing)`;
  if (lower.endsWith("y") && !"aeiou".includes(Array.from(lower).at(-2))) {
    return `${pattern.slice(0, -1)}(?:y|ies|ied|ying)`;
  }
  return `${pattern}(?:s|es|ed|ing)?`;
}

/** The regular expression (global) that finds `form` in English text. */
export function enFormPattern(form) {
  let words = form.replace(/\u2019/g, "'").split(FORM_SPLIT).filter((w) => w !== "");
  if (words.length > 1 && FORM_ARTICLES.includes(words[0].toLowerCase())) words = words.slice(1);
  if (!words.length) return /(?!)/gu;
  const body = words.map(formWord).join(FORM_SEPARATOR);
  return new RegExp(`(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`, "giu");
}

/** Every match of every form of `terms` in `text`, in text order: [{start, end, term, form}]
 * where `term` indexes `terms` and `form` is the term's form object. Each form needs a
 * compiled `pattern` (`enFormPattern`). */
export function findTermsEn(text, terms) {
  const normal = foldI(text.replace(/\u2019/g, "'"));
  const matches = [];
  terms.forEach((term, i) => term.forms.forEach((form, k) => {
    form.pattern.lastIndex = 0;
    for (const m of normal.matchAll(form.pattern)) {
      if (m[0].length > 0) {
        matches.push({ start: m.index, end: m.index + m[0].length,
          tier: FORM_TIERS.indexOf(form.tier), term: i, k, form });
      }
    }
  }));
  matches.sort((a, b) => (a.start - a.end) - (b.start - b.end) || a.start - b.start ||
    a.tier - b.tier || a.term - b.term || a.k - b.k);
  const spans = [];
  for (const m of matches) {
    if (!spans.some((s) => m.start < s.end && s.start < m.end)) {
      spans.push({ start: m.start, end: m.end, term: m.term, form: m.form });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** A drill item's term ({accepted: [preferred, ...alternatives], deprecated: [{form, note}]})
 * as the forms `findTermsEn` reads: [{text, tier, note, pattern}], the same text once
 * (as termdrills/grading/forms.py's prepare_terms lists them). */
export function termForms(term) {
  const seen = new Set();
  const forms = [];
  const candidates = [
    ...(term.accepted ?? []).map((text, k) => [text, k === 0 ? "preferred" : "accepted", ""]),
    ...(term.deprecated ?? []).map((d) => [d.form, "deprecated", d.note ?? ""])];
  for (const [text, tier, note] of candidates) {
    const key = String(text ?? "").toLowerCase().split(/\s+/u).filter(Boolean).join(" ");
    if (key && !seen.has(key)) {
      seen.add(key);
      forms.push({ text, tier, note, pattern: enFormPattern(text) });
    }
  }
  return { forms };
}

/** For each term ({forms}), whether `text` uses it: the first match of a preferred or
 * accepted form, else the first of a deprecated form, else null: {start, end, term, form}.
 * All terms are matched at once (`findTermsEn`: the longest wins where two overlap). */
export function termUses(text, terms) {
  const best = terms.map(() => null);
  for (const span of findTermsEn(text, terms)) {
    const kept = best[span.term];
    if (kept === null || (kept.form.tier === "deprecated" && span.form.tier !== "deprecated")) {
      best[span.term] = span;
    }
  }
  return best;
}
