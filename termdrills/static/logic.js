// termdrills drill logic: everything that needs no DOM.
//
// Normalising and grading answers, the near-miss difference, chrF, Leitner
// scheduling and the review store. Pure functions: no DOM, no clock (callers
// pass `now` in milliseconds), no randomness (the Python side orders items
// from the drill's seed). Tested by `node --test tests/js/`.
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

/** Hyphens and dashes a translator treats as a space between words. */
const DASHES = /[\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\u30fc\ufe63]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f]/g;
const ARTICLE = /^(?:the|a|an) (?=\S)/;
// British -ise spellings (and their -isation, -ised ... forms) → -ize.
const ISE = /(\p{L}{2,40})is(e|es|ed|ing|er|ers|ation|ations|ational)\b/gu;
const EDGE_PUNCT = /^[\s.,;:!?'"()\[\]]+|[\s.,;:!?'"()\[\]]+$/g;

// Characters no reader sees (zero-width, direction marks and overrides, BOM):
// pasted from web pages, they must not turn a right answer into a near miss.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Text as typed → NFKC, straight quotes, no invisible characters (the forgiveness
 * common to both languages). */
function base(text) {
  return String(text ?? "")
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"');
}

/**
 * An English answer normalised for comparison: Unicode width (NFKC), case,
 * spaces, hyphen vs space, curly vs straight quotes, -ise/-ize, and (unless
 * `keepArticle`) a leading article are all forgiven; so are the sentence
 * punctuation marks around the answer.
 */
export function normaliseEn(text, { keepArticle = false } = {}) {
  const step = (t) => {
    const s = base(base(t).toLowerCase()).replace(DASHES, " ").replace(ISE, "$1iz$2")
      .replace(EDGE_PUNCT, "").replace(/\s+/g, " ").trim();
    return keepArticle ? s : s.replace(ARTICLE, "");
  };
  // Repeat to a fixed point (lower-casing can un-normalise, stripping can expose
  // more punctuation), so that normalising a normalised answer changes nothing.
  let s = step(text);
  for (let k = 0; k < 4; k++) {
    const again = step(s);
    if (again === s) break;
    s = again;
  }
  return s;
}

/** A Chinese answer normalised: full/half width (NFKC), quotes, no spaces, no
 * punctuation around it (an answer of punctuation only is empty). */
export function normaliseZh(text) {
  return base(text)
    .replace(/\s+/g, "")
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, "");
}

export function normalise(text, lang) {
  return lang === "zh" ? normaliseZh(text) : normaliseEn(text);
}

/** Levenshtein distance over code points. */
export function editDistance(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
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

/**
 * How many edits still count as a near miss ("almost") for an expected
 * answer of `length` code points: English 1 edit from 4 letters, 2 from 12,
 * 3 from 24; Chinese 1 character from 3 characters. Shorter answers have none.
 */
export function nearMissLimit(length, lang) {
  if (lang === "zh") return length >= 3 ? 1 : 0;
  if (length < 4) return 0;
  return Math.min(3, 1 + Math.floor(length / 12));
}

/**
 * A character diff of `typed` against `expected` (both as shown to the
 * student): a list of {op: "same" | "del" | "ins", text}, where "del" is text
 * the student typed that is not expected, and "ins" text that is missing.
 */
export function diff(typed, expected) {
  const a = Array.from(typed);
  const b = Array.from(expected);
  const n = a.length;
  const m = b.length;
  // LCS table, filled from the ends so the walk below runs forwards.
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops = [];
  const push = (op, ch) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += ch;
    else ops.push({ op, text: ch });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      push("same", a[i]);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      push("del", a[i]);
      i++;
    } else {
      push("ins", b[j]);
      j++;
    }
  }
  return ops;
}

/**
 * Grade a typed answer against the accepted answers (the official rendering
 * first). Returns {verdict: "right" | "almost" | "wrong" | "empty", expected,
 * distance, diff}. `expected` is the accepted answer matched (right), the one
 * closest to what was typed (almost), or the official rendering (wrong);
 * `diff` (near misses only) compares the normalised forms.
 */
export function grade(typed, accepted, lang = "en") {
  const answers = (Array.isArray(accepted) ? accepted : [accepted]).filter(
    (a) => typeof a === "string" && a.trim() !== "",
  );
  const got = normalise(typed, lang);
  if (answers.length === 0) return { verdict: "wrong", expected: "", distance: Infinity, diff: [] };
  if (got === "") return { verdict: "empty", expected: answers[0], distance: Infinity, diff: [] };
  let best = { expected: answers[0], norm: normalise(answers[0], lang), distance: Infinity };
  const gotLength = Array.from(got).length;
  for (const answer of answers) {
    const norm = normalise(answer, lang);
    if (norm === got) return { verdict: "right", expected: answer, distance: 0, diff: [] };
    // The length difference is a lower bound of the distance: past the near-miss
    // limit the exact distance cannot change the verdict, so a 10,000-character
    // answer costs no quadratic work.
    const normLength = Array.from(norm).length;
    const bound = Math.abs(gotLength - normLength);
    const distance = bound > nearMissLimit(normLength, lang) ? bound : editDistance(got, norm);
    if (distance < best.distance) best = { expected: answer, norm, distance };
  }
  const limit = nearMissLimit(Array.from(best.norm).length, lang);
  if (best.distance <= limit) {
    return { verdict: "almost", expected: best.expected, distance: best.distance,
      diff: diff(got, best.norm) };
  }
  // Wrong: show the official rendering, not whichever alternative happens to be
  // closest to an unrelated answer.
  return { verdict: "wrong", expected: answers[0], distance: best.distance, diff: [] };
}

/** True when `rendering` (any accepted form) occurs as whole words in `translation`. */
export function containsRendering(translation, renderings) {
  const hay = ` ${normaliseEn(translation, { keepArticle: true }).replace(/[.,;:!?"()]/g, " ")
    .replace(/\s+/g, " ")} `;
  for (const r of Array.isArray(renderings) ? renderings : [renderings]) {
    const needle = normaliseEn(r);
    if (needle && hay.includes(` ${needle} `)) return r;
  }
  return null;
}

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

// ---------------------------------------------------------------- scheduling

export const DAY = 86_400_000;
/** Leitner boxes 1–5; a term in box b is due again INTERVAL_DAYS[b] days after an answer. */
export const BOXES = 5;
export const INTERVAL_DAYS = [0, 0, 1, 3, 7, 21];
export const STORE_SCHEMA = "termdrills-review";
export const STORE_VERSION = 1;

/** Outcome of one answer → the box move. Ratings are the flashcard buttons. */
const MOVES = { right: 1, almost: 0, wrong: -BOXES, empty: -BOXES,
  again: -BOXES, hard: 0, good: 1, easy: 2 };

/** The card after an answer: {box, due, seen, right, wrong, lesson, last}. */
export function schedule(card, outcome, now, lesson = "") {
  const prev = card ?? { box: 0, due: now, seen: 0, right: 0, wrong: 0, lesson };
  const move = MOVES[outcome] ?? 0;
  // A term met for the first time counts as coming from box 1.
  const box = Math.max(1, Math.min(BOXES, (prev.box || 1) + move));
  const good = outcome === "right" || outcome === "good" || outcome === "easy";
  const bad = move < 0;
  return {
    box: bad ? 1 : box,
    due: now + INTERVAL_DAYS[bad ? 1 : box] * DAY,
    seen: (prev.seen || 0) + 1,
    right: (prev.right || 0) + (good ? 1 : 0),
    wrong: (prev.wrong || 0) + (bad ? 1 : 0),
    lesson: prev.lesson || lesson,
    last: now,
  };
}

export function emptyStore(course) {
  return { schema: STORE_SCHEMA, version: STORE_VERSION, course, terms: {} };
}

function validCard(c) {
  return c !== null && typeof c === "object" && Number.isInteger(c.box) && c.box >= 1 &&
    c.box <= BOXES && Number.isFinite(c.due) && Number.isInteger(c.seen) && c.seen >= 0 &&
    Number.isInteger(c.right) && c.right >= 0 && Number.isInteger(c.wrong) && c.wrong >= 0 &&
    (c.lesson === undefined || typeof c.lesson === "string");
}

/**
 * Parse stored review progress (a JSON string or null). Never throws:
 * returns {store, problem} where problem is null, "corrupt" (not JSON or not
 * the review schema) or "foreign" (another course's or another version's).
 */
export function parseStore(text, course) {
  if (text === null || text === undefined || text === "") {
    return { store: emptyStore(course), problem: null };
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { store: emptyStore(course), problem: "corrupt" };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data) ||
      data.schema !== STORE_SCHEMA || data.terms === null || typeof data.terms !== "object" ||
      Array.isArray(data.terms)) {
    return { store: emptyStore(course), problem: "corrupt" };
  }
  if (data.course !== course || data.version !== STORE_VERSION) {
    return { store: emptyStore(course), problem: "foreign" };
  }
  const terms = Object.create(null);
  for (const [id, card] of Object.entries(data.terms)) {
    if (!validCard(card)) return { store: emptyStore(course), problem: "corrupt" };
    terms[id] = { box: card.box, due: card.due, seen: card.seen, right: card.right,
      wrong: card.wrong, lesson: card.lesson ?? "", last: Number.isFinite(card.last) ? card.last : 0 };
  }
  return { store: { schema: STORE_SCHEMA, version: STORE_VERSION, course, terms }, problem: null };
}

/** Record one answer for a term in the store (returns a new store). */
export function recordAnswer(store, termId, outcome, now, lesson = "") {
  const terms = { ...store.terms, [termId]: schedule(store.terms[termId], outcome, now, lesson) };
  return { ...store, terms };
}

/** Ids among `termIds` the student has met whose review is due at `now`, most overdue first. */
export function dueTerms(store, termIds, now) {
  return termIds
    .filter((id) => store.terms[id] && store.terms[id].due <= now)
    .sort((a, b) => store.terms[a].due - store.terms[b].due || (a < b ? -1 : a > b ? 1 : 0));
}

/** Standing for the chart: terms per box, due count, accuracy per lesson (0–1 or null). */
export function standing(store, termIds, now) {
  const boxes = new Array(BOXES).fill(0);
  const lessons = new Map();
  let due = 0;
  let met = 0;
  for (const id of termIds) {
    const c = store.terms[id];
    if (!c) continue;
    met++;
    boxes[c.box - 1]++;
    if (c.due <= now) due++;
    const l = lessons.get(c.lesson || "") ?? { right: 0, answers: 0 };
    l.right += c.right;
    l.answers += c.right + c.wrong;
    lessons.set(c.lesson || "", l);
  }
  const accuracy = [...lessons].map(([lesson, l]) => ({
    lesson, accuracy: l.answers ? l.right / l.answers : null, answers: l.answers }));
  return { boxes, due, met, accuracy };
}

/**
 * Merge an imported progress file into the store. Returns {store, problem}
 * like parseStore; on a problem the current store is returned unchanged.
 * For a term in both, the card answered most recently wins.
 */
export function importStore(store, text) {
  const { store: incoming, problem } = parseStore(text, store.course);
  if (problem) return { store, problem };
  const terms = { ...store.terms };
  for (const [id, card] of Object.entries(incoming.terms)) {
    if (!terms[id] || (card.last || 0) >= (terms[id].last || 0)) terms[id] = card;
  }
  return { store: { ...store, terms }, problem: null };
}

/**
 * True for a keydown that should submit an answer: Enter (with Ctrl/Cmd when
 * `withModifier`), but never the Enter that confirms an input-method candidate
 * (`isComposing`, or keyCode 229, which some browsers send instead).
 */
export function isSubmitKey(event, { withModifier = false } = {}) {
  if (!event || event.key !== "Enter" || event.isComposing || event.keyCode === 229) return false;
  return !withModifier || Boolean(event.ctrlKey || event.metaKey);
}

/** Substitute {name} placeholders in an interface string. */
export function format(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}
