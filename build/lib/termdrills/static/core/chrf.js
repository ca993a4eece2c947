// chrF (Popović 2015) as sacreBLEU 2.6.0 computes it: chrF(hyp, refs) equals
// sacrebleu.metrics.CHRF().sentence_score(hyp, refs).score (tests/test_chrf_oracle.py).
// Defaults as sacreBLEU's: character order 6, word order 0, β = 2, case kept, whitespace
// (Python's str.split() set) removed; characters are code points.
//   For each order n (characters 1..charOrder, then words 1..wordOrder) and a reference:
//     H_n, R_n = how many n-grams the hypothesis and reference have,
//     M_n = Σ over n-grams g of min(count in hyp, count in ref),
//     P_n = M_n / H_n, R_n' = M_n / R_n, over the orders BOTH texts have (H_n, R_n > 0);
//   P, R = the means of P_n and R_n' over those orders (none: the score is 0);
//   chrF = 100 · (1 + β²) · P · R / (β² · P + R), 0 when P + R = 0.
// Several references: the best score. Options, each a sacreBLEU CHRF argument:
// {charOrder: 6, wordOrder: 0 (2 is chrF++), beta: 2, lowercase: false, whitespace: false}.
// For chrF++, words are split on whitespace, and a word's last (else first) character is
// split off when it is ASCII punctuation, as sacreBLEU does.

const CHRF_SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const CHRF_PUNCT = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

function chrf_count(items, n, joiner) {
  const counts = new Map();
  for (let i = 0; i + n <= items.length; i++) {
    const g = items.slice(i, i + n).join(joiner);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

function chrf_words(text) {
  const words = [];
  for (const w of text.split(CHRF_SPACE)) {
    const cs = Array.from(w);
    if (cs.length < 2) words.push(w);
    else if (CHRF_PUNCT.has(cs.at(-1))) words.push(cs.slice(0, -1).join(""), cs.at(-1));
    else if (CHRF_PUNCT.has(cs[0])) words.push(cs[0], cs.slice(1).join(""));
    else words.push(w);
  }
  return words.filter((w) => w !== "");
}

/** The n-gram counts of each order: characters 1..charOrder, then words 1..wordOrder. */
export function chrf_grams(text, o) {
  const chars = Array.from(o.whitespace ? text : text.split(CHRF_SPACE).join(""));
  const grams = [];
  for (let n = 1; n <= o.charOrder; n++) grams.push(chrf_count(chars, n, ""));
  const words = o.wordOrder > 0 ? chrf_words(text) : [];
  for (let n = 1; n <= o.wordOrder; n++) grams.push(chrf_count(words, n, " "));
  return grams;
}

export function chrf_score(hyp, ref, beta) {
  let p = 0;
  let r = 0;
  let orders = 0;
  for (let i = 0; i < hyp.length; i++) {
    let nRef = 0;
    let nHyp = 0;
    let match = 0;
    for (const c of ref[i].values()) nRef += c;
    for (const [g, c] of hyp[i]) {
      nHyp += c;
      match += Math.min(c, ref[i].get(g) ?? 0);
    }
    if (nRef > 0 && nHyp > 0) {
      p += match / nHyp;
      r += match / nRef;
      orders++;
    }
  }
  if (orders === 0) return 0;
  p /= orders;
  r /= orders;
  if (p + r === 0) return 0;
  const b2 = beta ** 2;
  return 100 * (((1 + b2) * p * r) / (b2 * p + r));
}

/** chrF 0–100 of `hypothesis` against one reference (a string) or several (the best). */
export function chrF(hypothesis, references, options = {}) {
  const o = { charOrder: 6, wordOrder: 0, beta: 2, lowercase: false, whitespace: false,
    ...options };
  const prep = (s) => chrf_grams(o.lowercase ? String(s).toLowerCase() : String(s), o);
  const hyp = prep(hypothesis ?? "");
  const refs = (typeof references === "string" ? [references] : references ?? [])
    .filter((ref) => ref !== null && ref !== undefined);
  return Math.max(0, ...refs.map((ref) => chrf_score(hyp, prep(ref), o.beta)));
}
