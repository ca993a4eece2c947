// termdrills chrF: character n-gram F-score of a translation against a reference.
//
// chrF (Popović 2015, "chrF: character n-gram F-score for automatic MT
// evaluation"), as computed by `chrF` below:
//   both texts are NFKC-normalised, lower-cased, and whitespace is removed;
//   for n = 1..6, with C_n(x) the multiset of character n-grams of x,
//     m_n = |C_n(hyp) ∩ C_n(ref)|  (multiset intersection: sum of minimum counts)
//     P_n = m_n / |C_n(hyp)|,  R_n = m_n / |C_n(ref)|   (0 when the denominator is 0)
//   chrP = mean of P_n, chrR = mean of R_n over the orders n the reference has;
//   chrF = 100 · (1 + β²) · chrP · chrR / (β² · chrP + chrR), with β = 2
//   (recall weighs twice as much as precision), and 0 when chrP + chrR = 0.
// It equals sacreBLEU's chrF (no word n-grams) up to the lower-casing.


import { base } from "./text.js";

function ngrams(chars, n) {
  const counts = new Map();
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join("");
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** chrF score 0–100 of `hypothesis` against `reference` (formula at the top of this file). */
export function chrF(hypothesis, reference, { maxN = 6, beta = 2 } = {}) {
  const prep = (s) => Array.from(base(s).toLowerCase().replace(/\s+/g, ""));
  const hyp = prep(hypothesis);
  const ref = prep(reference);
  let sumP = 0;
  let sumR = 0;
  let orders = 0;
  for (let n = 1; n <= maxN; n++) {
    if (ref.length < n) break;
    orders++;
    if (hyp.length < n) continue;
    const h = ngrams(hyp, n);
    const r = ngrams(ref, n);
    let match = 0;
    for (const [g, c] of h) match += Math.min(c, r.get(g) ?? 0);
    sumP += match / (hyp.length - n + 1);
    sumR += match / (ref.length - n + 1);
  }
  if (orders === 0) return 0;
  const p = sumP / orders;
  const r = sumR / orders;
  if (p + r === 0) return 0;
  const b2 = beta * beta;
  return (100 * (1 + b2) * p * r) / (b2 * p + r);
}

