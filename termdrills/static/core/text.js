// termdrills text logic: normalising, grading and diffing answers (no DOM).
//
// Pure functions: no DOM, no clock, no randomness. Tested by `node --test tests/js/`.
// The English normalisation here follows the same documented rules as
// termdrills.text.normalize.en_key in Python (tests/data/en_key_cases.json runs in both).

// The rules below are termdrills.text.normalize.en_key's, character for character: the same
// ignored characters, the same white space (JavaScript's \s and Python's differ, so it
// is spelled out), the same steps in the same order, the same British spellings (the
// table both read: termdrills/i18n/english.json).
import ENGLISH from "../../i18n/english.json" with { type: "json" };

/** Characters comparing answers ignores: zero-width and joiners, direction marks,
 * embeddings, overrides and isolates, the BOM, the soft hyphen, invisible fillers,
 * variation selectors, tag characters, C0/C1 controls other than white space. */
const IGNORED = new RegExp("[\\x00-\\x08\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f\\u00ad\\u034f" +
  "\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069" +
  "\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\u{e0000}-\\u{e007f}]", "gu");
const SPACE = "\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f" +
  "\\u205f\\u3000";
const SPACES = new RegExp(`[${SPACE}]+`, "g");
const SPACE_CHARS = new RegExp(`[${SPACE}]`);
/** Hyphens and dashes a translator treats as a space between words. */
const DASHES = /[\u002d\u2010-\u2015\u2212\u30fc\ufe63\uff0d]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c-\u201f\u2033\u00ab\u00bb\u300c-\u300f]/g;
const ARTICLE = new RegExp(`^(?:the|a|an) (?=[^${SPACE}])`);
// British -ise spellings (and their -isation, -ised ... forms) → -ize.
const ISE = /(\p{L}{2,40})is(e|es|ed|ing|er|ers|ation|ations|ational)(?![\p{L}\p{N}_])/gu;
const EDGE = new Set(".,;:!?'\"()[]");
/** British word → American word (lower case, whole words): termdrills/i18n/english.json. */
export const SPELLING = new Map(Object.entries(ENGLISH.spelling));
const BRITISH = new RegExp(`(?<!\\p{L})(?:${[...SPELLING.keys()]
  .sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).join("|")})(?!\\p{L})`, "gu");
/** Words long enough to be in the table (a screen: most text has none of them). */
const LETTER_WORDS = new RegExp(`\\p{L}{${Math.min(...[...SPELLING.keys()].map((w) => w.length))},}`,
  "gu");

/** `text` (lower case) with each British word of the spelling table in its American form. */
export function american(text) {
  const words = text.match(LETTER_WORDS);
  if (!words || !words.some((w) => SPELLING.has(w))) return text;
  return text.replace(BRITISH, (w) => SPELLING.get(w));
}

/** Text as typed → NFKC, ignored characters dropped, curly quotes straight (the
 * forgiveness common to both languages). */
export function base(text) {
  return String(text ?? "")
    .normalize("NFKC")
    .replace(IGNORED, "")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"');
}

/** `s` without the characters at either end for which `drop(ch)` is true (a loop,
 * not a regular expression: linear whatever the text). */
export function trimWhere(s, drop) {
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && drop(chars[start])) start++;
  while (end > start && drop(chars[end - 1])) end--;
  return chars.slice(start, end).join("");
}

const isEdge = (ch) => EDGE.has(ch) || SPACE_CHARS.test(ch);

/**
 * An English rendering or answer reduced to what a translator would compare: Unicode
 * width (NFKC), invisible characters, case, curly vs straight quotes, hyphens and
 * dashes vs spaces, the amount of white space, British -ise for -ize (and -isation,
 * -ised ...) and the British words of the spelling table (licence, centre, labour ...),
 * sentence punctuation around it and (unless `keepArticle`) a leading
 * "the", "a" or "an". Applied until nothing changes (normalising twice changes
 * nothing). Linear in the length of the text.
 */
export function normaliseEn(text, { keepArticle = false } = {}) {
  let s = String(text ?? "");
  for (let k = 0; k < 6; k++) {
    let step = base(base(s).toLowerCase()).replace(DASHES, " ").replace(ISE, "$1iz$2");
    step = trimWhere(step, isEdge).replace(SPACES, " ");
    if (!keepArticle) step = step.replace(ARTICLE, "");
    if (step === s) break;
    s = step;
  }
  // The spelling table once, at the end (no step above undoes it or needs it), as en_key.
  return american(s);
}

const isPunctOrSymbol = (ch) => /[\p{P}\p{S}]/u.test(ch);

/** A Chinese answer normalised: full/half width (NFKC), quotes, no white space, no
 * punctuation or symbols around it (an answer of punctuation only is empty). */
export function normaliseZh(text) {
  return trimWhere(base(text).replace(SPACES, ""), isPunctOrSymbol);
}

export function normalise(text, lang) {
  return lang === "zh" ? normaliseZh(text) : normaliseEn(text);
}

/** [x, y] without the code points they share at the start and at the end (which
 * change neither the edit distance nor the differences). */
function trimCommon(x, y) {
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start &&
    x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  return [x.slice(start, x.length - end), y.slice(start, y.length - end)];
}

/**
 * Levenshtein distance over code points. With `max`, a distance above it is
 * returned as `max + 1`, and only the 2·max + 1 diagonals that can hold a smaller
 * one are computed: O(max · length), so a near-miss check against a 16,000-character
 * rendering costs a few milliseconds, not seconds and hundreds of MB.
 */
export function editDistance(a, b, max = Infinity) {
  let [x, y] = trimCommon(Array.from(a), Array.from(b));
  if (x.length < y.length) [x, y] = [y, x];
  const n = x.length;
  const m = y.length;
  if (n - m > max) return max + 1;
  if (m === 0) return n;
  const band = Math.min(n, max);
  const far = n + m + 1;
  let prev = new Uint32Array(m + 1).fill(far);
  let cur = new Uint32Array(m + 1).fill(far);
  for (let j = 0; j <= Math.min(m, band); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(m, i + band);
    cur[0] = i <= band ? i : far;
    if (lo > 1) cur[lo - 1] = far;
    let best = cur[0];
    for (let j = lo; j <= hi; j++) {
      const d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      cur[j] = d;
      if (d < best) best = d;
    }
    if (hi < m) cur[hi + 1] = far;
    if (best > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[m] > max ? max + 1 : prev[m];
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

/** Longest text (code points) a near-miss diff is computed for: past it the feedback
 * says what was expected without a character diff (the diff is quadratic). */
export const DIFF_MAX = 400;

/**
 * A character diff of `typed` against `expected`, compared with `fold` (a character to
 * the form it is compared in: case, dashes and curly quotes do not count) but reported
 * in the texts' own characters: a list of {op: "same" | "del" | "ins", text}, where
 * "same" and "del" are the student's own text ("del": typed but not expected) and "ins"
 * the expected text that is missing.
 */
export function diff(typed, expected, fold = (ch) => ch) {
  const a = Array.from(typed);
  const b = Array.from(expected);
  const n = a.length;
  const m = b.length;
  const fa = a.map(fold);
  const fb = b.map(fold);
  // LCS table, filled from the ends so the walk below runs forwards.
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = fa[i] === fb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
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
    if (i < n && j < m && fa[i] === fb[j]) {
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

const foldChar = (ch) => base(ch).toLowerCase().replace(DASHES, " ");

/** A typed answer or a rendering as the diff shows it: white space runs as one space,
 * trimmed, and a leading article left out when `dropArticle` (it is forgiven). */
function diffForm(text, dropArticle) {
  const s = trimWhere(base(String(text ?? "")), isEdge).replace(SPACES, " ");
  return dropArticle ? s.replace(/^(?:the|a|an) (?=\S)/i, "") : s;
}

/**
 * Grade a typed answer against the accepted renderings (the preferred one first) and
 * the deprecated ones ([{form, note}]: forms official English avoids, with why).
 * Returns {verdict: "right" | "almost" | "wrong" | "empty", expected, preferred,
 * matched, exact, deprecated, distance, diff}:
 *  - `preferred` is always the preferred rendering (what feedback teaches);
 *  - right: `matched` is the accepted form the answer equals (once normalised), and
 *    `exact` says whether it is the preferred rendering exactly as written;
 *  - a deprecated form is "wrong" with `deprecated` = {form, note}, never "almost"; so is
 *    a near miss of a deprecated form (a typo or a spacing variant of it) that is closer
 *    to it than to every accepted form, with `deprecated.near` true;
 *  - almost: `expected` is the accepted form the answer is closest to, `diff` compares
 *    the answer, in the student's own spelling, with it (no diff past DIFF_MAX);
 *  - wrong: `expected` is the preferred rendering.
 */
export function grade(typed, accepted, lang = "en", deprecated = []) {
  const answers = (Array.isArray(accepted) ? accepted : [accepted]).filter(
    (a) => typeof a === "string" && a.trim() !== "",
  );
  const preferred = answers[0] ?? "";
  const result = { verdict: "wrong", expected: preferred, preferred, matched: null,
    exact: false, deprecated: null, distance: Infinity, diff: [] };
  const got = normalise(typed, lang);
  if (answers.length === 0) return result;
  if (got === "") return { ...result, verdict: "empty" };
  for (const answer of answers) {
    if (normalise(answer, lang) === got) {
      return { ...result, verdict: "right", expected: answer, matched: answer, distance: 0,
        exact: String(typed).trim() === preferred };
    }
  }
  for (const d of deprecated ?? []) {
    if (d && typeof d.form === "string" && normalise(d.form, lang) === got) {
      return { ...result, deprecated: { form: d.form, note: d.note ?? "" } };
    }
  }
  let best = { expected: preferred, norm: normalise(preferred, lang), distance: Infinity };
  const gotLength = Array.from(got).length;
  for (const answer of answers) {
    const norm = normalise(answer, lang);
    // The length difference is a lower bound of the distance: past the near-miss
    // limit the exact distance cannot change the verdict, so a 10,000-character
    // answer costs no quadratic work.
    const normLength = Array.from(norm).length;
    const bound = Math.abs(gotLength - normLength);
    const most = nearMissLimit(normLength, lang);
    const distance = bound > most ? bound : editDistance(got, norm, most);
    if (distance < best.distance) best = { expected: answer, norm, distance };
  }
  const limit = nearMissLimit(Array.from(best.norm).length, lang);
  const closeBad = nearestDeprecated(got, gotLength, deprecated, lang,
    best.distance <= limit ? best.distance : Infinity);
  if (closeBad) {
    return { ...result, distance: closeBad.distance,
      deprecated: { form: closeBad.form, note: closeBad.note, near: true } };
  }
  if (best.distance > limit) return { ...result, distance: best.distance };
  const mine = lang === "zh" ? base(typed).replace(SPACES, "") : diffForm(typed, true);
  const theirs = lang === "zh" ? best.expected : diffForm(best.expected, true);
  const short = Array.from(mine).length <= DIFF_MAX && Array.from(theirs).length <= DIFF_MAX;
  return { ...result, verdict: "almost", expected: best.expected, distance: best.distance,
    diff: short ? diff(mine, theirs, lang === "zh" ? base : foldChar) : [] };
}

/** The deprecated form `got` (normalised) is a near miss of, when it is closer to it than
 * `than` (the distance to the closest accepted form, when that is a near miss), or null. */
function nearestDeprecated(got, gotLength, deprecated, lang, than) {
  let found = null;
  for (const d of deprecated ?? []) {
    if (!d || typeof d.form !== "string") continue;
    const norm = normalise(d.form, lang);
    const normLength = Array.from(norm).length;
    const most = nearMissLimit(normLength, lang);
    const bound = Math.abs(gotLength - normLength);
    const distance = bound > most ? bound : editDistance(got, norm, most);
    if (distance <= most && distance < than && (!found || distance < found.distance)) {
      found = { form: d.form, note: d.note ?? "", distance };
    }
  }
  return found;
}

/** The differences of a diff in words: [{op: "missing" | "extra" | "instead", text,
 * instead}], for feedback that does not rely on colour ("missing: s"). */
export function diffWords(ops) {
  const out = [];
  for (let k = 0; k < ops.length; k++) {
    const { op, text } = ops[k];
    if (op === "same") continue;
    const next = ops[k + 1];
    if (op === "del" && next?.op === "ins") {
      out.push({ op: "instead", text, instead: next.text });
      k++;
    } else if (op === "ins" && next?.op === "del") {
      out.push({ op: "instead", text: next.text, instead: text });
      k++;
    } else {
      out.push({ op: op === "ins" ? "missing" : "extra", text });
    }
  }
  return out;
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
