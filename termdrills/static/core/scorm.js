// termdrills in a learning management system: SCORM 1.2 reporting.
//
// A lesson page packaged by `termdrills export scorm` runs inside the LMS's player,
// which offers the SCORM 1.2 API as `window.API` on a parent frame (or the opener).
// On a static page, `scormStart` (called once by core/page.js) finds it the standard
// way, calls LMSInitialize, and counts the items of every drill on the page; every
// answer the drills record (core/frame.js calls `scormRecord`) becomes an entry of
// cmi.interactions and updates cmi.core.score and cmi.core.lesson_status; LMSFinish
// runs when the page goes away. Without an API (the course site, JupyterLab) nothing
// happens and nothing is thrown.
//
// Scoring: every item of every graded drill on the page counts once, by its first
// answer (multiple choice questions, typed recall and cloze items, matching pairs, the
// glossary terms of a sentence translation). Flashcards are self-rated and the spaced
// review is open-ended: their answers are recorded as interactions but not scored.
// Only when every scored item has an answer are cmi.core.score.raw (the share right,
// 0–100) and lesson_status set: passed (score ≥ the mastery score: the LMS's
// cmi.student_data.mastery_score, from the manifest's adlcp:masteryscore, else
// SCORM_MASTERY) or failed. Before that the page reports no score, and the status stays
// incomplete: an LMS that turns a score into passed or failed when the page closes
// (Moodle's "mastery score overrides status", on by default) would otherwise store a
// student who left early as failed. A page with no scored item is completed when every
// flashcard has been rated. A later visit never lowers what the LMS already holds.
//
// Which items were answered, and whether their first answer was right, is kept in
// cmi.suspend_data (one character per item, at most 4,096 in SCORM 1.2), so a student
// who leaves and comes back (the page also resumes where they left) completes the page
// across visits.

export const SCORM_MASTERY = 80;
// SCORM 1.2 limits: CMIIdentifier and CMIFeedback (student_response) are at most 255
// characters; longer answers are cut to 255, and line breaks become spaces. The LMSs
// count UTF-16 code units (JavaScript's length), and a cut never splits a character
// (half of a surrogate pair made Moodle's runtime fail on every later commit).
const SCORM_MAX = 255;
/** cmi.suspend_data holds at most 4,096 characters (SCORM 1.2, CMIString4096). */
export const SCORM_SUSPEND_MAX = 4096;
const SCORM_SUSPEND_TAG = "td1";
const SCORM_UNSCORED = new Set(["flashcards", "review"]);
const SCORM_TYPES = {
  multiple_choice: "choice", matching: "matching", flashcards: "likert",
  typed_recall: "fill-in", cloze: "fill-in", sentence: "fill-in", review: "fill-in",
};

/** The SCORM 1.2 API: `win` and its parents (7 levels at most), then the opener's. */
export function findScormApi(win) {
  const climb = (start) => {
    let w = start;
    for (let level = 0; w && level <= 7; level++) {
      try {
        if (w.API && typeof w.API.LMSInitialize === "function") return w.API;
      } catch {
        // another origin's frame: not ours to read
      }
      if (!w.parent || w.parent === w) break;
      w = w.parent;
    }
    return null;
  };
  try {
    return climb(win) ?? (win?.opener ? climb(win.opener) : null);
  } catch {
    return null;
  }
}

/** The item keys a drill's state contributes: {scored, unscored} (arrays of keys). */
export function scormItems(state) {
  const payload = state?.payload ?? {};
  const drill = String(state?.drill_id ?? "");
  const ids = {
    multiple_choice: () => (payload.questions ?? []).map((q) => q.id),
    typed_recall: () => (payload.items ?? []).map((i) => i.id),
    cloze: () => (payload.items ?? []).map((i) => i.id),
    matching: () => (payload.rounds ?? []).flatMap((r) => (r.zh ?? []).map((e) => e.id)),
    sentence: () => (payload.items ?? []).flatMap((i) => (i.terms ?? []).map((t) => t.id)),
    flashcards: () => (payload.items ?? []).map((i) => i.id),
    review: () => [],
  }[state?.kind] ?? (() => []);
  const keys = [...new Set(ids().map((id) => scormKey(drill, id)))];
  return SCORM_UNSCORED.has(state?.kind) ? { scored: [], unscored: keys }
    : { scored: keys, unscored: [] };
}

export function scormKey(drillId, termId) {
  return `${drillId}\u001f${termId}`;
}

/** A CMIIdentifier from the drill and the term: letters, digits, `_ . -` only. */
export function scormIdentifier(drillId, termId) {
  const safe = (s) => String(s ?? "").replace(/[^A-Za-z0-9_-]/g, "_");
  return `${safe(drillId) || "drill"}.${safe(termId) || "item"}`.slice(0, SCORM_MAX);
}

/** A student's answer as CMIFeedback: one line, at most 255 UTF-16 code units, never
 * cut inside a character (a lone surrogate, which no LMS can send on, is dropped too). */
export function scormResponse(text) {
  const line = String(text ?? "").replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
  let end = Math.min(line.length, SCORM_MAX);
  const last = line.charCodeAt(end - 1);
  if (end < line.length && last >= 0xd800 && last <= 0xdbff) end--;  // half a pair
  return line.slice(0, end);
}

/** A short digest of the page's items (FNV-1a, base 36): saved first answers are read
 * back only into the same items (a package exported again may have others). */
function scorm_digest(keys) {
  let hash = 0x811c9dc5;
  for (const ch of keys.join("\n")) {
    hash ^= ch.codePointAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** cmi.suspend_data for the first answers `first` of the items `keys`: "td1:<digest>:"
 * then one character per item: 1 right, 0 wrong, - not yet answered (the items beyond
 * 4,096 characters are not kept). */
export function scormSuspend(keys, first) {
  const head = `${SCORM_SUSPEND_TAG}:${scorm_digest(keys)}:`;
  return head + keys.slice(0, SCORM_SUSPEND_MAX - head.length)
    .map((k) => (first.has(k) ? (first.get(k) ? "1" : "0") : "-")).join("");
}

/** The first answers kept by `scormSuspend` for these `keys` (empty when the data is
 * another page's, or not ours). */
export function scormResume(keys, data) {
  const out = new Map();
  const m = /^td1:([0-9a-z]+):([-01]*)$/.exec(String(data ?? ""));
  if (!m || m[1] !== scorm_digest(keys)) return out;
  [...m[2]].forEach((c, i) => {
    if (c !== "-" && i < keys.length) out.set(keys[i], c === "1");
  });
  return out;
}

const scormPad = (n, width = 2) => String(n).padStart(width, "0");

/** CMITime (time of day): HH:MM:SS. */
export function scormTime(date) {
  return `${scormPad(date.getHours())}:${scormPad(date.getMinutes())}:${
    scormPad(date.getSeconds())}`;
}

/** CMITimespan: HHHH:MM:SS.SS. */
export function scormTimespan(ms) {
  const cs = Math.max(0, Math.round(ms / 10));
  const s = Math.floor(cs / 100);
  return `${scormPad(Math.min(9999, Math.floor(s / 3600)), 4)}:${
    scormPad(Math.floor(s / 60) % 60)}:${scormPad(s % 60)}.${scormPad(cs % 100)}`;
}

/**
 * A reporting session over `api` for the drills whose states are `states`; `null` when
 * LMSInitialize fails. `record(kind, drillId, row)` reports one answer; `finish()` ends.
 */
export function scormSession(api, states, { now = () => Date.now() } = {}) {
  const call = (name, ...args) => {
    try {
      return String(api[name](...args));
    } catch {
      return "false";
    }
  };
  if (call("LMSInitialize", "") !== "true") return null;
  const started = now();
  const scored = new Set();
  const unscored = new Set();
  for (const state of states) {
    const items = scormItems(state);
    items.scored.forEach((k) => scored.add(k));
    items.unscored.forEach((k) => unscored.add(k));
  }
  const target = [...(scored.size ? scored : unscored)];
  // key → right (the first answer of each item), as kept by an earlier visit
  const first = scormResume(target, call("LMSGetValue", "cmi.suspend_data"));
  const mastery = Number.parseFloat(call("LMSGetValue", "cmi.student_data.mastery_score"));
  const passMark = Number.isFinite(mastery) ? mastery : SCORM_MASTERY;
  const heldScore = Number.parseFloat(call("LMSGetValue", "cmi.core.score.raw"));
  const heldStatus = call("LMSGetValue", "cmi.core.lesson_status");
  const held = { score: Number.isFinite(heldScore) ? heldScore : -1,
    done: ["passed", "completed"].includes(heldStatus), failed: heldStatus === "failed" };
  let count = Number.parseInt(call("LMSGetValue", "cmi.interactions._count"), 10) || 0;
  if (!held.done && !held.failed) call("LMSSetValue", "cmi.core.lesson_status", "incomplete");
  call("LMSCommit", "");
  let finished = false;

  const update = () => {
    const complete = target.length > 0 && target.every((k) => first.has(k));
    if (scored.size && complete) {  // a score only for a page answered in full
      const right = [...scored].filter((k) => first.get(k) === true).length;
      const score = Math.round((100 * right) / scored.size);
      if (score > held.score) {
        call("LMSSetValue", "cmi.core.score.min", "0");
        call("LMSSetValue", "cmi.core.score.max", "100");
        call("LMSSetValue", "cmi.core.score.raw", String(score));
        held.score = score;
      }
      if (!held.done) {
        const status = score >= passMark ? "passed" : "failed";
        if (status === "passed" || !held.failed) {
          call("LMSSetValue", "cmi.core.lesson_status", status);
          held.done = status === "passed";
          held.failed = status === "failed";
        }
      }
    } else if (!scored.size && complete && !held.done) {
      call("LMSSetValue", "cmi.core.lesson_status", "completed");
      held.done = true;
    }
  };

  return {
    record(kind, drillId, row) {
      if (finished) return;
      const key = scormKey(drillId, row.term_id);
      const right = row.verdict === "right" || row.verdict === "good" || row.verdict === "easy";
      if ((scored.has(key) || unscored.has(key)) && !first.has(key)) {
        first.set(key, right);
        call("LMSSetValue", "cmi.suspend_data", scormSuspend(target, first));
      }
      const n = `cmi.interactions.${count++}`;
      call("LMSSetValue", `${n}.id`, scormIdentifier(drillId, row.term_id));
      call("LMSSetValue", `${n}.type`, SCORM_TYPES[kind] ?? "fill-in");
      call("LMSSetValue", `${n}.time`, scormTime(new Date(now())));
      call("LMSSetValue", `${n}.student_response`, scormResponse(row.answer || row.verdict));
      const result = kind === "flashcards" ? "neutral" : right ? "correct" : "wrong";
      call("LMSSetValue", `${n}.result`, result);
      update();
      call("LMSCommit", "");
    },
    finish() {
      if (finished) return;
      finished = true;
      call("LMSSetValue", "cmi.core.session_time", scormTimespan(now() - started));
      call("LMSSetValue", "cmi.core.exit", held.done ? "" : "suspend");
      call("LMSCommit", "");
      call("LMSFinish", "");
    },
  };
}

// The page's session: undefined before scormStart, null without an LMS.
let scormPage;

/** Find the LMS and start reporting for the drills on this static page (once). */
export function scormStart(doc = globalThis.document, win = globalThis.window) {
  if (scormPage !== undefined || !doc || !win) return;
  scormPage = null;
  const api = findScormApi(win);
  if (!api) return;
  const states = [];
  for (const data of doc.querySelectorAll(".termdrills-static script.termdrills-data")) {
    try {
      states.push(JSON.parse(data.textContent));
    } catch {
      // a drill that cannot start says so itself (core/page.js)
    }
  }
  scormPage = scormSession(api, states);
  if (!scormPage) return;
  const end = () => scormPage?.finish();
  win.addEventListener("pagehide", end);
  win.addEventListener("beforeunload", end);
}

/** Report one recorded answer of the drill whose model is `model` (no LMS: nothing). */
export function scormRecord(model, row) {
  if (!scormPage) return;
  try {
    scormPage.record(model.get("kind"), model.get("drill_id") || "", row);
  } catch {
    // reporting never breaks a drill
  }
}
