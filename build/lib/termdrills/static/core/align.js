// termdrills passage logic: aligning a Chinese passage with its English versions,
// clause by clause (no DOM). A port of termdrills/grading/align.py, whose module doc
// states the procedure and how it degrades: paragraphs, then sentences, then clauses;
// at each level the terms found once per side are anchors, the gaps between anchors
// pair 1:1 when their counts agree and merge otherwise, and with two English
// versions a Chinese boundary stays only where both have it.
//
// A side is {text, spans: [{start, end, term}], chinese}; a range is [start, end).
import { pyBlank, SEGMENT_LEVELS, segmentUnits } from "./segment.js";

const protectedOf = (side) => side.spans.map((s) => [s.start, s.end]);

/** The longest chain of anchors increasing in both coordinates (first found on a tie). */
function anchorChain(anchors) {
  if (!anchors.length) return [];
  const length = anchors.map(() => 1);
  const prev = anchors.map(() => -1);
  anchors.forEach(([i, j], k) => {
    for (let m = 0; m < k; m++) {
      if (anchors[m][0] < i && anchors[m][1] < j && length[m] + 1 > length[k]) {
        length[k] = length[m] + 1;
        prev[k] = m;
      }
    }
  });
  let k = length.indexOf(Math.max(...length));
  const chain = [];
  while (k !== -1) {
    chain.push(anchors[k]);
    k = prev[k];
  }
  return chain.reverse();
}

/** Groups [zhStart, zhEnd, enStart, enEnd, how] covering nz Chinese and ne English units. */
export function alignUnits(nz, ne, anchors) {
  const groups = [];
  let carry = null;
  let pz = 0;
  let pe = 0;
  const add = (zs, ze, es, ee, how) => {
    if (carry !== null) {
      [zs, es, how, carry] = [carry[0], carry[1], "merged", null];
    }
    groups.push([zs, ze, es, ee, how]);
  };
  const unique = [...new Map(anchors.map((a) => [`${a[0]},${a[1]}`, a])).values()]
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [i, j] of [...anchorChain(unique), [nz, ne]]) {
    const [gz, ge] = [i - pz, j - pe];
    if (gz === ge) {
      for (let k = 0; k < gz; k++) add(pz + k, pz + k + 1, pe + k, pe + k + 1, "pair");
    } else if (gz && ge) {
      add(pz, i, pe, j, "merged");
    } else if (groups.length) {
      const last = groups[groups.length - 1];
      [last[1], last[3], last[4]] = [i, j, "merged"];
    } else if (carry === null) {
      carry = [pz, pe];
    }
    if (i !== nz || j !== ne) {
      add(i, i + 1, j, j + 1, "anchor");
      [pz, pe] = [i + 1, j + 1];
    }
  }
  if (carry !== null) groups.push([carry[0], nz, carry[1], ne, "merged"]);
  return groups;
}

function unitAnchors(zh, zhUnits, en, enUnits) {
  const occurrences = (side, units) => {
    const found = new Map();
    for (const span of side.spans) {
      const index = units.findIndex(([a, b]) => a <= span.start && span.start < b);
      if (index === -1) continue;
      if (!found.has(span.term)) found.set(span.term, []);
      found.get(span.term).push(index);
    }
    return found;
  };
  const [zhOcc, enOcc] = [occurrences(zh, zhUnits), occurrences(en, enUnits)];
  const pairs = [];
  for (const [term, zs] of zhOcc) {
    const es = enOcc.get(term) ?? [];
    if (es.length === zs.length) zs.forEach((z, k) => pairs.push([z, es[k]]));
  }
  return pairs;
}

function unitsOf(side, [start, end], level) {
  if (pyBlank(side.text.slice(start, end))) return [];
  return segmentUnits(side.text, start, end, level,
    { chinese: Boolean(side.chinese), protectedRanges: protectedOf(side) });
}

/** One level: [{zh: range, en: {name: range}, how}]. `en`: [[name, side]...]. */
function alignLevel(zh, en, zhRange, enRanges, depth) {
  const level = SEGMENT_LEVELS[depth];
  const zhUnits = unitsOf(zh, zhRange, level);
  if (!zhUnits.length) zhUnits.push(zhRange);
  const nz = zhUnits.length;
  let cuts = new Set(Array.from({ length: Math.max(0, nz - 1) }, (_, k) => k + 1));
  const perSide = [];
  for (const [name, side] of en) {
    const units = unitsOf(side, enRanges[name], level);
    const groups = alignUnits(nz, units.length, unitAnchors(zh, zhUnits, side, units));
    perSide.push([name, units, groups]);
    const ends = new Set(groups.slice(0, -1).map((g) => g[1]));
    cuts = new Set([...cuts].filter((c) => ends.has(c)));
  }
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), nz];
  const out = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    const segEn = {};
    const hows = new Set();
    for (const [name, units, groups] of perSide) {
      const inside = groups.filter((g) => a <= g[0] && g[1] <= b);
      const [es, ee] = [inside[0][2], inside[inside.length - 1][3]];
      hows.add(inside.length === 1 ? inside[0][4] : "merged");
      if (es < ee) {
        segEn[name] = [units[es][0], units[ee - 1][1]];
      } else {
        const at = es < units.length ? units[es][0] : enRanges[name][1];
        segEn[name] = [at, at];
      }
    }
    let how = "pair";
    if (b - a > 1 || hows.has("merged")) how = "merged";
    else if (hows.has("anchor")) how = "anchor";
    out.push({ zh: [zhUnits[a][0], zhUnits[b - 1][1]], en: segEn, how });
  }
  return out;
}

/** Sentence-level segments of the passage, each with its clause-level `rows`.
 * `en`: [[name, side]...] in column order. */
export function alignPassage(zh, en) {
  const wholeEn = Object.fromEntries(en.map(([name, side]) => [name, [0, side.text.length]]));
  const segments = [];
  for (const para of alignLevel(zh, en, [0, zh.text.length], wholeEn, 0)) {
    for (const seg of alignLevel(zh, en, para.zh, para.en, 1)) {
      seg.rows = alignLevel(zh, en, seg.zh, seg.en, 2);
      segments.push(seg);
    }
  }
  return segments;
}
