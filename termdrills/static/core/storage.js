// termdrills progress storage: the review store in the browser's localStorage (in
// memory where localStorage is unavailable, e.g. sandboxed frames), one key per course,
// with an event so every drill on the page sees a change at once.
import { emptyStore, parseStore } from "./store.js";

export const STORE_EVENT = "termdrills:store";
const memoryStores = new Map();

export const storeKey = (course) => `termdrills:${course}:review`;

export function readRaw(course) {
  try {
    return { raw: window.localStorage.getItem(storeKey(course)), ok: true };
  } catch {
    return { raw: memoryStores.get(course) ?? null, ok: false };
  }
}

export function writeStore(store) {
  const text = JSON.stringify(store);
  try {
    window.localStorage.setItem(storeKey(store.course), text);
  } catch {
    memoryStores.set(store.course, text);
  }
  window.dispatchEvent(new CustomEvent(STORE_EVENT, { detail: { course: store.course } }));
}

/** The course's review store; a corrupt or foreign one is replaced by an empty store,
 * an old (version 1) one is migrated and saved in the current format. */
export function loadStore(course) {
  const { raw, ok } = readRaw(course);
  const { store, problem, migrated } = parseStore(raw, course, Date.now());
  if (problem) writeStore(emptyStore(course));
  else if (migrated) writeStore(store);
  return { store, problem, migrated, ok };
}

