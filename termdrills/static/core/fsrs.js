// FSRS-6 scheduler: py-fsrs 6.3.2 (PyPI `fsrs`) ported, checked against it by
// tests/test_fsrs_oracle.py. No fuzzing: deterministic, as Scheduler(enable_fuzzing=False).
// Card (JSON, times in ms): {state 1 learning|2 review|3 relearning, step (null in review),
// stability, difficulty (null until rated), due, last_review}; other fields pass through.
// Options as py-fsrs's Scheduler.to_dict() (enable_fuzzing ignored): {parameters,
// desired_retention 0.9, learning_steps [60, 600], relearning_steps [600] (seconds),
// maximum_interval 36500}. Ratings: 1 again, 2 hard, 3 good, 4 easy.
// The bounds of a card and of the parameters are py-fsrs's, in schema/fsrs_bounds.json
// (fsrsCardProblem, fsrsParametersProblem): a card outside them makes the next due date NaN.
import FSRS_BOUNDS from "../../schema/fsrs_bounds.json" with { type: "json" };

export const FSRS_DEFAULT_PARAMETERS = Object.freeze([0.212, 1.2931, 2.3065, 8.2956, 6.4133,
  0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
  1.8729, 0.5425, 0.0912, 0.0658, 0.1542]);
/** Typed or multiple-choice verdict → rating; an empty answer is no review. */
export const FSRS_VERDICT_RATING = Object.freeze({ right: 3, almost: 2, wrong: 1, empty: null });
const FSRS_DAY = 86_400_000;

/** Why `w` cannot be the scheduler's parameters ("" when it can): 21 numbers, each within
 * py-fsrs's bounds (its Scheduler refuses any other). */
export function fsrsParametersProblem(w) {
  const low = FSRS_BOUNDS.lower;
  const high = FSRS_BOUNDS.upper;
  if (!Array.isArray(w) || w.length !== low.length) {
    return `${low.length} parameters expected, got ${Array.isArray(w) ? w.length : typeof w}`;
  }
  const i = w.findIndex((v, k) => typeof v !== "number" || !(v >= low[k] && v <= high[k]));
  return i < 0 ? "" : `parameters[${i}] = ${w[i]} is out of bounds (${low[i]}, ${high[i]})`;
}

const fsrs_date = (t) => typeof t === "number" && Number.isFinite(new Date(t).getTime());

/** Why the scheduler cannot take `card` ("" when it can), in py-fsrs's bounds: a stability
 * of at least stability_min, a difficulty from difficulty_min to difficulty_max, both set
 * in review and relearning, dates a Date can hold. */
export function fsrsCardProblem(card) {
  const { stability: s, difficulty: d, state } = card;
  if (![1, 2, 3].includes(state)) return `state ${state} is not 1, 2 or 3`;
  if (state !== 1 && (s == null || d == null)) {
    return `in ${state === 2 ? "review" : "relearning"} (state ${state}) without ${
      s == null ? "a stability" : "a difficulty"}`;
  }
  if (s != null && !(typeof s === "number" && s >= FSRS_BOUNDS.stability_min)) {
    return `stability ${s} is below ${FSRS_BOUNDS.stability_min} (the scheduler's minimum)`;
  }
  if (d != null && !(typeof d === "number" && d >= FSRS_BOUNDS.difficulty_min &&
      d <= FSRS_BOUNDS.difficulty_max)) {
    return `difficulty ${d} is not from ${FSRS_BOUNDS.difficulty_min} to ${
      FSRS_BOUNDS.difficulty_max}`;
  }
  if (!fsrs_date(card.due)) return `due date ${card.due} is not a date`;
  if (card.last_review != null && !fsrs_date(card.last_review)) {
    return `last review ${card.last_review} is not a date`;
  }
  return "";
}

function fsrs_options(o = {}) {
  const w = o.parameters ?? FSRS_DEFAULT_PARAMETERS;
  const problem = fsrsParametersProblem(w);
  if (problem) throw new RangeError(`FSRS: ${problem}`);
  const decay = -w[20];
  return { w, decay, factor: 0.9 ** (1 / decay) - 1, retention: o.desired_retention ?? 0.9,
    learning: o.learning_steps ?? [60, 600], relearning: o.relearning_steps ?? [600],
    max: o.maximum_interval ?? 36500 };
}

const fsrs_s = (s) => Math.max(s, FSRS_BOUNDS.stability_min);
const fsrs_d = (d) => Math.min(Math.max(d, FSRS_BOUNDS.difficulty_min), FSRS_BOUNDS.difficulty_max);
const fsrs_d0 = (w, rating) => w[4] - Math.E ** (w[5] * (rating - 1)) + 1;

/** Whole days to the next review: Python's round() (halves to even), 1 ≤ days ≤ maximum.
 * The interval is first rounded to 1e-9 day: at retention 0.9 it is the stability itself,
 * and a stability of x.5 days is an exact tie that V8's and CPython's `**` (which differ in
 * the last bit for some decays) would otherwise round to different days. Python's twin
 * (review/fsrs.py, interval_days) does the same operations. */
function fsrs_interval(s, p) {
  const raw = (s / p.factor) * (p.retention ** (1 / p.decay) - 1);
  const x = Math.floor(raw * 1e9 + 0.5) / 1e9;
  let days = Math.round(x);
  if (days - x === 0.5 && days % 2) days--;
  return Math.min(Math.max(days, 1), p.max);
}

function fsrs_r(card, now, p) {
  if (card.last_review == null || card.stability == null) return 0;
  const days = Math.max(0, Math.floor((now - card.last_review) / FSRS_DAY));
  return (1 + p.factor * days / card.stability) ** p.decay;
}

/** Probability of recall at `now` (whole days elapsed, as py-fsrs); 0 for a new card. */
export function fsrsRetrievability(card, now, options) {
  return fsrs_r(card, now, fsrs_options(options));
}

export function fsrsNewCard(now) {
  return { state: 1, step: 0, stability: null, difficulty: null, due: now, last_review: null };
}

function fsrs_stability(c, rating, now, p) {
  const { w } = p, s = c.stability, d = c.difficulty;
  if (c.last_review != null && Math.floor((now - c.last_review) / FSRS_DAY) < 1) {
    // Same-day review: short-term stability (w17–w19).
    let inc = Math.E ** (w[17] * (rating - 3 + w[18])) * s ** -w[19];
    if (rating > 1) inc = Math.max(inc, 1);
    return fsrs_s(s * inc);
  }
  const r = fsrs_r(c, now, p);
  if (rating === 1) {
    return fsrs_s(Math.min(w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) *
      Math.E ** ((1 - r) * w[14]), s / Math.E ** (w[17] * w[18])));
  }
  return fsrs_s(s * (1 + Math.E ** w[8] * (11 - d) * s ** -w[9] *
    (Math.E ** ((1 - r) * w[10]) - 1) * (rating === 2 ? w[15] : 1) * (rating === 4 ? w[16] : 1)));
}

/** Rate `card` (1–4) at `now`: {card, log}; the card given is not changed. */
export function fsrsReview(card, rating, now, options) {
  if (![1, 2, 3, 4].includes(rating)) throw new RangeError(`FSRS: rating 1–4, got ${rating}`);
  const p = fsrs_options(options);
  const { w } = p;
  const c = { ...card };
  if (c.state === 1 && (c.stability == null || c.difficulty == null)) {
    c.stability = fsrs_s(w[rating - 1]);
    c.difficulty = fsrs_d(fsrs_d0(w, rating));
  } else {
    c.stability = fsrs_stability(card, rating, now, p);
    const d = c.difficulty;
    c.difficulty = fsrs_d(w[7] * fsrs_d0(w, 4) +
      (1 - w[7]) * (d + (10 - d) * -(w[6] * (rating - 3)) / 9));
  }
  const steps = c.state === 1 ? p.learning : p.relearning;
  const n = steps.length;
  let wait = null; // ms; null: on to review
  if (c.state === 2) {
    if (rating === 1 && n) [c.state, c.step, wait] = [3, 0, steps[0] * 1000];
  } else if (n && (c.step < n || rating === 1)) {
    if (rating === 1) wait = steps[c.step = 0] * 1000;
    else if (rating === 2) {
      wait = c.step ? steps[c.step] * 1000 : n > 1 ? (steps[0] + steps[1]) * 500 : steps[0] * 1500;
    } else if (rating === 3 && c.step + 1 < n) wait = steps[++c.step] * 1000;
  }
  if (wait === null) {
    [c.state, c.step] = [2, null];
    wait = fsrs_interval(c.stability, p) * FSRS_DAY;
  }
  c.due = now + wait;
  c.last_review = now;
  return { card: c, log: { rating, review_datetime: now } };
}

/** The due dates (ms) the ratings again, hard, good, easy would give now. */
export function fsrsNextIntervals(card, now, options) {
  return [1, 2, 3, 4].map((rating) => fsrsReview(card, rating, now, options).card.due);
}

// Old Leitner record {box, due, seen, right, wrong, lesson, last} → FSRS card, box dropped.
// S = the box's wait, [0,1,3,7,21] days: at retention 0.9 FSRS waits S days, so the
// schedule carries over; box 1 after a right answer is a lapse: S = w0 (a first "again").
// D = FSRS's first-"good" D, rising to 10 as wrong/seen → 1. Never right: learning,
// S = D = null (rated afresh). Due kept; last_review = last, else due minus the wait.
export function cardFromLeitner(old, now) {
  const { box, ...rest } = old;
  const due = Number.isFinite(old.due) ? old.due : now;
  const wait = [0, 0, 1, 3, 7, 21][box] ?? 0;
  const card = { ...rest, due, last_review: old.last > 0 ? old.last : due - wait * FSRS_DAY };
  if (!(old.right > 0)) return { ...card, state: 1, step: 0, stability: null, difficulty: null };
  const w = FSRS_DEFAULT_PARAMETERS;
  const good = fsrs_d0(w, 3);
  return { ...card, state: 2, step: null, stability: wait || w[0],
    difficulty: fsrs_d(good + (10 - good) * (old.wrong || 0) / Math.max(old.seen, old.right)) };
}
