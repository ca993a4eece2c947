// termdrills passage logic: what a student wrote where a term should be, when no
// form of it was found (no DOM). A port of termdrills/grading/candidates.py, whose
// module doc states the steps: the words aligned with the term's Chinese, windows of
// up to (longest form + 1) words that start and end with a content word, the window
// with the best chrF against the forms, widened to the form's extent, function words
// trimmed; under CANDIDATE_THRESHOLD, none.
import { chrf_grams, chrf_score } from "./chrf.js";

export const CANDIDATE_THRESHOLD = 25.0;
const CANDIDATE_MAX_WORDS = 400;
const CANDIDATE_WORD = /[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*/g;
const CANDIDATE_BREAK = /[.;!?]/;
const FUNCTION_WORDS = new Set(["the", "a", "an", "and", "or", "of", "to", "in", "for", "with",
  "by", "on", "at", "as", "its", "their", "this", "these", "is", "are", "was", "were", "be"]);

/** sacreBLEU's default chrF (core/chrf.js): character orders 1–6, β = 2. */
const CHRF_DEFAULTS = { charOrder: 6, wordOrder: 0, beta: 2, lowercase: false, whitespace: false };

/** A text's n-gram counts, to score it against many texts (core/chrf.js's counting). */
export const chrfGrams = (text) => chrf_grams(String(text), CHRF_DEFAULTS);

/** The best chrF of `hypothesis` against `references` (texts or `chrfGrams`) and the
 * first reference with it (termdrills.grading.chrf.chrf_stats's choice); equal to core/chrf.js's
 * chrF(hypothesis, reference) for each, counting each text once. */
export function bestChrf(hypothesis, references) {
  const hyp = chrfGrams(hypothesis);
  let score = -1;
  let index = 0;
  references.forEach((ref, k) => {
    const s = chrf_score(hyp, typeof ref === "string" ? chrfGrams(ref) : ref,
      CHRF_DEFAULTS.beta);
    if (s > score) [score, index] = [s, k];
  });
  return { score, index };
}

const wordsOf = (text, start = 0, end = text.length) =>
  Array.from(text.slice(start, end).matchAll(CANDIDATE_WORD),
    (m) => ({ start: start + m.index, end: start + m.index + m[0].length, text: m[0] }));

/** How many words a form has (a leading article not counted). */
export function formWords(form) {
  let words = wordsOf(form);
  if (words.length > 1 && ["the", "a", "an"].includes(words[0].text.toLowerCase())) {
    words = words.slice(1);
  }
  return Math.max(1, words.length);
}

function sameWord(a, b) {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || (x.length >= 5 && y.length >= 5 && x.slice(0, 5) === y.slice(0, 5));
}

function widen(run, i, j, form) {
  const words = wordsOf(form).map((w) => w.text);
  const content = words.map((w, k) => [k, w])
    .filter(([, w]) => !FUNCTION_WORDS.has(w.toLowerCase()));
  const matched = [];
  for (let at = i; at < j; at++) {
    for (const [k, w] of content) if (sameWord(run[at].text, w)) matched.push([at, k]);
  }
  if (!matched.length) return [i, j];
  const order = (a, b) => a[0] - b[0] || a[1] - b[1];
  matched.sort(order);
  const [firstAt, firstK] = matched[0];
  const [lastAt, lastK] = matched[matched.length - 1];
  return [Math.max(0, Math.min(i, firstAt - firstK)),
    Math.min(run.length, Math.max(j, lastAt + 1 + words.length - 1 - lastK))];
}

/** [start, end, chrF] of the student's rendering of a term in `text`, or null.
 * `ranges`: where to look ([start, end) pairs); `taken`: ranges already marked;
 * `forms`: the term's forms (texts); `formGrams`: their lower-cased `chrfGrams`. */
export function candidateRendering(text, ranges, taken, forms,
  formGrams = forms.map((f) => chrfGrams(f.toLowerCase()))) {
  const runs = [];
  for (const [start, end] of ranges) {
    let run = [];
    let last = start;
    for (const m of wordsOf(text, start, end)) {
      const inside = taken.some(([s, e]) => s < m.end && m.start < e);
      const between = text.slice(last, m.start);
      if (inside || CANDIDATE_BREAK.test(between) ||
          taken.some(([s]) => last <= s && s < m.start)) {
        if (run.length) runs.push(run);
        run = [];
      }
      if (!inside) run.push(m);
      last = m.end;
    }
    if (run.length) runs.push(run);
  }
  const hi = Math.max(...forms.map(formWords)) + 1;
  let best = null;
  let counted = 0;
  const better = (a, b) => a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] ||
    (a[1] === b[1] && a[2] > b[2])));
  for (const run of runs) {
    const content = run.map((m) => !FUNCTION_WORDS.has(m.text.toLowerCase()));
    for (let i = 0; i < run.length; i++) {
      counted++;
      if (counted > CANDIDATE_MAX_WORDS || !content[i]) continue;
      for (let j = i + 1; j <= Math.min(run.length, i + hi); j++) {
        if (!content[j - 1]) continue;
        const win = text.slice(run[i].start, run[j - 1].end).toLowerCase();
        const { score, index } = bestChrf(win, formGrams);
        const key = [score, i - j, -run[i].start];
        if (best === null || better(key, best.key)) best = { key, run, i, j, k: index };
      }
    }
  }
  if (best === null || best.key[0] < CANDIDATE_THRESHOLD) return null;
  const [i, j] = widen(best.run, best.i, best.j, forms[best.k]);
  let words = best.run.slice(i, j);
  while (words.length && FUNCTION_WORDS.has(words[0].text.toLowerCase())) words = words.slice(1);
  while (words.length && FUNCTION_WORDS.has(words[words.length - 1].text.toLowerCase())) {
    words = words.slice(0, -1);
  }
  if (!words.length) return null;
  return [words[0].start, words[words.length - 1].end, best.key[0]];
}
