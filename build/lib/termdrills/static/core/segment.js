// termdrills passage logic: cutting a text into paragraphs, sentences and clauses
// (no DOM). A port of termdrills/grading/segment.py, whose module doc states the
// rules; tests/test_paragraph_agreement.py runs both on the same texts.
//
// Python's notions are spelled out where JavaScript's differ: white space is
// str.isspace()'s set (JavaScript's \s adds U+FEFF and lacks U+001C–U+001F and
// U+0085), a digit is any Unicode decimal digit (Python's \d), and a pattern
// searched between `start` and `end` sees the text before `start` (Python's `pos`)
// but ends at `end` (Python's `endpos`).

/** Python's white space (str.isspace, and \s of a str pattern), for a character class. */
export const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a" +
  "\\u2028\\u2029\\u202f\\u205f\\u3000";
const PY_SPACE_CHAR = new RegExp(`^[${PY_SPACE}]$`, "u");

/** True for a white-space character in Python's sense. */
export const pyIsSpace = (ch) => PY_SPACE_CHAR.test(ch);

/** True when `text` is empty or all white space in Python's sense (`not text.strip()`). */
export function pyBlank(text) {
  for (const ch of text) if (!pyIsSpace(ch)) return false;
  return true;
}

export const SEGMENT_LEVELS = ["paragraph", "sentence", "clause"];
const SEG_CLOSERS = "\"'”’」』）)》】\\]";
const SEG_ZH = {
  sentence: new RegExp(`[。！？!?]+[${SEG_CLOSERS}]*`, "gu"),
  clause: new RegExp(`[。！？!?]+[${SEG_CLOSERS}]*|[，；：;:]|,(?!\\p{Nd})`, "gu"),
};
const SEG_EN_SENTENCE =
  `(?<![.!?])[.!?]+[${SEG_CLOSERS}]*(?=[${PY_SPACE}]+[^${PY_SPACE}a-z]|[${PY_SPACE}]*$)`;
const SEG_EN = {
  sentence: new RegExp(SEG_EN_SENTENCE, "gu"),
  clause: new RegExp(`${SEG_EN_SENTENCE}|[,;:](?=[${PY_SPACE}])` +
    `|[${PY_SPACE}][—–](?=[${PY_SPACE}])`, "gu"),
};
const SEG_PARAGRAPH = /\n/gu;
// Python's IGNORECASE also equates i with ı and İ; JavaScript's does not: `foldI`.
const SEG_ABBREVIATIONS = /(?<![A-Za-z])(?:Mr|Mrs|Ms|Dr|Prof|St|No|vs|e\.g|i\.e)\.$/iuy;

/** The text with ı and İ as i and I (same length): what Python's IGNORECASE equates. */
export const foldI = (text) => text.replace(/ı/g, "i").replace(/İ/g, "I");

/** The matches of a global regular expression in text[start:end] (offsets in `text`). */
export function matchesIn(pattern, text, start, end) {
  const out = [];
  const part = text.slice(start, end);
  for (const m of part.matchAll(pattern)) {
    out.push({ start: start + m.index, end: start + m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** An abbreviation ending with the full stop at `dot` and starting at or after `start`
 * (Python: _ABBREVIATIONS.search(text, max(start, dot - 5), dot + 1)). */
function isAbbreviation(text, start, dot) {
  const lo = Math.max(start, dot - 5);
  const from = Math.max(0, lo - 1); // one character more, for the look-behind
  const tail = foldI(text.slice(from, dot + 1));
  for (let s = lo; s <= dot; s++) {
    SEG_ABBREVIATIONS.lastIndex = s - from;
    if (SEG_ABBREVIATIONS.test(tail)) return true;
  }
  return false;
}

/** The units [start, end) of text[start:end] at `level` (see segment.py). */
export function segmentUnits(text, start, end, level, { chinese, protectedRanges = [] }) {
  const pattern = level === "paragraph" ? SEG_PARAGRAPH : (chinese ? SEG_ZH : SEG_EN)[level];
  const cuts = [start];
  for (const m of matchesIn(pattern, text, start, end)) {
    const cut = m.end;
    if (!chinese && level !== "paragraph" && text[m.start] === "." &&
        isAbbreviation(text, start, m.start)) continue;
    if (protectedRanges.some(([s, e]) => s < cut && cut < e)) continue;
    if (start < cut && cut < end) cuts.push(cut);
  }
  cuts.push(end);
  const units = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [a, b] = [cuts[k], cuts[k + 1]];
    if (a >= b) continue;
    const last = units[units.length - 1];
    if (last && pyBlank(text.slice(a, b))) last[1] = b; // white space joins the unit before
    else if (last && pyBlank(text.slice(last[0], last[1]))) last[1] = b; // a leading blank
    else units.push([a, b]);
  }
  return units.length ? units : [[start, end]];
}
