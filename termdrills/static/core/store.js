// termdrills review store: the student's progress, scheduled with FSRS-6 (no DOM).
//
// The format is termdrills/schema/store.schema.json, read here and by Python
// (termdrills/review/progress.py): version 2 holds one FSRS card per term met; a version 1
// store (Leitner boxes) is migrated when it is read (cardFromLeitner keeps every term,
// its due date and its counts). Pure functions: callers pass `now` (ms) and the
// scheduler's options ({desired_retention, ...}, as fsrs.js takes them).
//
// A store is read only whole: every card within the schema and within the scheduler's
// bounds (fsrsCardProblem: py-fsrs's, schema/fsrs_bounds.json), a version 1 record only
// if the card it migrates to is; otherwise the reason is given (`detail`) and nothing is
// taken from it. A card that breaks the bounds would be scheduled at NaN, saved as null,
// and the next page load could not read the store at all. recordAnswer likewise never
// returns a store the next load could not read.
import STORE_FORMAT from "../../schema/store.schema.json" with { type: "json" };
import {
  cardFromLeitner, FSRS_VERDICT_RATING, fsrsCardProblem, fsrsNewCard, fsrsRetrievability,
  fsrsReview,
} from "./fsrs.js";
import { schemaProblem } from "./schema.js";

export const DAY = 86_400_000;
export const STORE_SCHEMA = STORE_FORMAT.properties.schema.const;
export const STORE_VERSION = STORE_FORMAT.properties.version.const;
const LOG_MAX = STORE_FORMAT.$defs.card.properties.log.maxItems;
/** The most stability (days) a stored card holds: a review may grow it past the schema's
 * maximum (1,000,000 days), and a stored card keeps that maximum instead; no interval
 * changes (the longest is 36,500 days). */
const STABILITY_MAX = STORE_FORMAT.$defs.card.properties.stability.maximum;
/** Cards due this soon count as due now (Anki's learn-ahead limit): a card rated
 * "again" comes back in the same session. */
export const LEARN_AHEAD = 20 * 60_000;

/** Flashcard ratings, and typed or multiple-choice verdicts, as FSRS ratings (1–4):
 * again 1, hard 2, good 3, easy 4; right → good, almost → hard, wrong → again; an empty
 * answer is no review (null). */
export function ratingOf(outcome) {
  const ratings = { again: 1, hard: 2, good: 3, easy: 4 };
  if (outcome in ratings) return ratings[outcome];
  return FSRS_VERDICT_RATING[outcome] ?? null;
}

export function emptyStore(course) {
  return { schema: STORE_SCHEMA, version: STORE_VERSION, course, terms: {} };
}

/** Counts that cannot be: more right and wrong answers than answers, more "again"
 * ratings than wrong answers. */
function store_contradicts(card) {
  return card.right + card.wrong > card.seen || (card.again ?? 0) > card.wrong;
}

/** The store's card for a term id, or undefined: own properties only (a term id
 * "__proto__" or "constructor" is a term like any other). */
const card_of = (store, id) => (Object.hasOwn(store.terms, id) ? store.terms[id] : undefined);

const store_id = (id) => `term '${Array.from(id).slice(0, 40).join("")}'`;

/** Why a stored card cannot be used ("" when it can): the card's schema (unless the
 * whole store was checked already), counts that contradict each other, the scheduler's
 * bounds. */
function card_problem(id, card, { checked = false } = {}) {
  const schema = checked ? "" : schemaProblem(card, STORE_FORMAT.$defs.card, STORE_FORMAT);
  if (schema) return `${store_id(id)}: ${schema.replace(/^\(top\)/, "record")}`;
  if (store_contradicts(card)) {
    return `${store_id(id)}: counts contradict each other (${card.right} right and ${
      card.wrong} wrong of ${card.seen} answers)`;
  }
  const bounds = fsrsCardProblem(card);
  return bounds ? `${store_id(id)}: ${bounds}` : "";
}

/**
 * Parse stored progress (a JSON string or null). Never throws: returns {store, problem,
 * migrated, detail} where problem is null, "corrupt" (not JSON, or not this format, or a
 * card the scheduler cannot take) or "foreign" (another course's, or a version this code
 * does not know); detail says why in one line ("" when there is no problem); migrated is
 * true when a version 1 store was turned into FSRS cards.
 */
export function parseStore(text, course, now = Date.now()) {
  if (text === null || text === undefined || text === "") {
    return { store: emptyStore(course), problem: null, migrated: false, detail: "" };
  }
  const fail = (problem, detail) => ({ store: emptyStore(course), problem, migrated: false,
    detail });
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return fail("corrupt", "not JSON");
  }
  if (data === null || typeof data !== "object" || data.schema !== STORE_SCHEMA) {
    return fail("corrupt", `not a termdrills progress file (no "schema": "${STORE_SCHEMA}")`);
  }
  if (data.course !== course) {
    return fail("foreign", `progress of another course (${JSON.stringify(
      String(data.course).slice(0, 60))}, not ${JSON.stringify(course)})`);
  }
  if (data.version === 1) {
    const problem = schemaProblem(data, STORE_FORMAT.$defs.v1, STORE_FORMAT);
    if (problem) return fail("corrupt", `malformed at ${problem}`);
    const terms = Object.create(null);
    for (const [id, old] of Object.entries(data.terms)) {
      if (store_contradicts(old)) return fail("corrupt", card_problem(id, old, { checked: true }));
      const c = cardFromLeitner(old, now);
      const card = { state: c.state, step: c.step, stability: c.stability,
        difficulty: c.difficulty, due: c.due, last_review: c.last_review,
        lesson: old.lesson ?? "", seen: old.seen, right: old.right, wrong: old.wrong, again: 0,
        log: [] };
      const bounds = fsrsCardProblem(card);  // first: a date out of range is named as such
      const why = bounds ? `${store_id(id)}: ${bounds}` : card_problem(id, card);
      if (why) return fail("corrupt", `${why} (as migrated from version 1)`);
      terms[id] = card;
    }
    return { store: { ...emptyStore(course), terms }, problem: null, migrated: true,
      detail: "" };
  }
  if (data.version !== STORE_VERSION) {
    return fail("foreign", `progress format version ${JSON.stringify(data.version ?? null)
      .slice(0, 20)}; this page reads versions 1 and ${STORE_VERSION}`);
  }
  const problem = schemaProblem(data, STORE_FORMAT);
  if (problem) return fail("corrupt", `malformed at ${problem}`);
  const terms = Object.create(null);
  for (const [id, card] of Object.entries(data.terms)) {
    const why = card_problem(id, card, { checked: true });
    if (why) return fail("corrupt", why);
    terms[id] = card;
  }
  return { store: { ...emptyStore(course), terms }, problem: null, migrated: false,
    detail: "" };
}

/** Record one answer (a verdict or a flashcard rating) for a term: a new store. */
export function recordAnswer(store, termId, outcome, now, lesson = "", options = {}) {
  const rating = ratingOf(outcome);
  if (rating === null) return store;
  const prev = card_of(store, termId) ?? { ...fsrsNewCard(now), lesson, seen: 0, right: 0,
    wrong: 0, again: 0, log: [] };
  const { card } = fsrsReview(prev, rating, now, options);
  const good = outcome === "right" || outcome === "good" || outcome === "easy";
  const bad = outcome === "wrong" || outcome === "again";
  const next = {
    ...card, stability: card.stability === null ? null : Math.min(card.stability, STABILITY_MAX),
    lesson: prev.lesson || lesson, seen: prev.seen + 1,
    right: prev.right + (good ? 1 : 0), wrong: prev.wrong + (bad ? 1 : 0),
    again: (prev.again ?? 0) + (rating === 1 ? 1 : 0),
    log: [...(prev.log ?? []), [now, rating]].slice(-LOG_MAX),
  };
  // Never a card the next page load could not read (e.g. scheduled with parameters outside
  // the bounds): the answer is then not scheduled, and the store stays as it was.
  if (card_problem(termId, next)) return store;
  return { ...store, terms: { ...store.terms, [termId]: next } };
}

const RATING_NAMES = [null, "again", "hard", "good", "easy"];

/**
 * The store with the review of `termId` made at `time` (ms) taken back, when it was the
 * card's last review: the card replayed from its log without it (a term met only then is
 * removed). A student's change of mind (a flashcard rated again in the same pass) then
 * counts once. Null when that cannot be done exactly: another review came since, or the
 * log does not hold every review (a migrated store, or more than the log keeps).
 */
export function withoutLastAnswer(store, termId, time, options = {}) {
  const card = store.terms[termId];
  const log = card?.log ?? [];
  if (!card || !log.length || log.length !== card.seen || log[log.length - 1][0] !== time) {
    return null;
  }
  const terms = { ...store.terms };
  delete terms[termId];
  let replayed = { ...store, terms };
  for (const [when, rating] of log.slice(0, -1)) {
    replayed = recordAnswer(replayed, termId, RATING_NAMES[rating], when, card.lesson, options);
  }
  return replayed;
}

/** Ids among `termIds` the student has met that are due by `now` (plus the learn-ahead),
 * most overdue first. */
export function dueTerms(store, termIds, now) {
  return termIds
    .filter((id) => card_of(store, id) && store.terms[id].due <= now + LEARN_AHEAD)
    .sort((a, b) => store.terms[a].due - store.terms[b].due || (a < b ? -1 : a > b ? 1 : 0));
}

/** Cards due on each of the next `days` days: [due by the end of today (overdue
 * included), tomorrow, …]. `dayStart` is the start of today (local midnight, ms). */
export function forecast(store, termIds, now, dayStart, days = 7) {
  const counts = new Array(days).fill(0);
  for (const id of termIds) {
    const card = card_of(store, id);
    if (!card) continue;
    const day = card.due <= now + LEARN_AHEAD ? 0 : Math.floor((card.due - dayStart) / DAY);
    if (day >= 0 && day < days) counts[day]++;
  }
  return counts;
}

/** How far ahead the chart and the class report look: the probability of recall a week
 * from now (termdrills/review/report.py, RECALL_AFTER_DAYS). Recall *now* says little: a
 * term answered a minute ago, even wrongly, is "100% likely recalled now". */
export const RECALL_AFTER = 7 * DAY;

/** A card still in FSRS's short learning or relearning steps (minutes apart). */
export const isLearning = (card) => card.state === 1 || card.state === 3;

/** Standing for the chart: terms met, due now, and per lesson the cards still in their
 * learning steps (`learning`), the mean probability of recall now (`recall`) and a week
 * from now (`recallLater`, FSRS retrievability, 0–1), and the share of right answers. */
export function standing(store, termIds, now, options = {}) {
  const lessons = new Map();
  let met = 0;
  let due = 0;
  for (const id of termIds) {
    const c = card_of(store, id);
    if (!c) continue;
    met++;
    if (c.due <= now + LEARN_AHEAD) due++;
    const l = lessons.get(c.lesson || "") ??
      { recall: 0, later: 0, learning: 0, cards: 0, right: 0, answers: 0 };
    l.recall += fsrsRetrievability(c, now, options);
    l.later += fsrsRetrievability(c, now + RECALL_AFTER, options);
    if (isLearning(c)) l.learning++;
    l.cards++;
    l.right += c.right;
    l.answers += c.seen;
    lessons.set(c.lesson || "", l);
  }
  const byLesson = [...lessons].map(([lesson, l]) => ({
    lesson, recall: l.recall / l.cards, recallLater: l.later / l.cards, learning: l.learning,
    cards: l.cards, accuracy: l.answers ? l.right / l.answers : null, answers: l.answers }));
  return { met, due, lessons: byLesson };
}

/**
 * Merge an exported progress file (version 1 or 2) into the store. Returns {store,
 * problem, detail} like parseStore; on a problem the store is returned unchanged (the
 * whole file is checked before any of it is taken). For a term in
 * both, the card reviewed most recently wins.
 */
export function importStore(store, text, now = Date.now()) {
  const { store: incoming, problem, detail } = parseStore(text, store.course, now);
  if (problem) return { store, problem, detail };
  // A null-prototype object: a term id "__proto__" is set as a term, not as the prototype.
  const terms = Object.assign(Object.create(null), store.terms);
  for (const [id, card] of Object.entries(incoming.terms)) {
    const mine = Object.hasOwn(terms, id) ? terms[id] : undefined;
    if (!mine || (card.last_review ?? 0) >= (mine.last_review ?? 0)) terms[id] = card;
  }
  return { store: { ...store, terms }, problem: null, detail: "" };
}
