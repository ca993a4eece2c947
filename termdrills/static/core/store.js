// termdrills review store: scheduling and the progress kept in the browser (no DOM).

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

