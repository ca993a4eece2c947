// termdrills progress storage: the review store in the browser's localStorage (in
// memory where localStorage is unavailable, e.g. sandboxed frames), one key per course,
// with an event so every drill on the page sees a change at once.
//
// An answer must not wait for storage: a semester's store (1,000 terms) is about 500 KB
// of JSON, and parsing, checking, serialising and storing it took about 20 ms per answer.
// So the store this page last read is kept parsed (it is parsed again only when the text
// in localStorage differs, e.g. after another tab wrote it), and a store this page
// writes is the one every drill reads at once, while the text reaches localStorage
// after the frame that shows the answer's feedback, or at once when the page is hidden
// or left (benchmarks/bench_drills.py). Another tab's write reaches this page as a
// `storage` event, which drops the kept store: an answer does not read the 500 KB of
// text back only to find it unchanged.
import { emptyStore, parseStore } from "./store.js";

export const STORE_EVENT = "termdrills:store";
const memoryStores = new Map();
const parsed = new Map();   // course → {raw, store}: the last text read or saved, parsed
const pending = new Map();  // course → the store written, not yet in localStorage
let available = true;       // localStorage worked the last time it was used
let flushing = false;

export const storeKey = (course) => `termdrills:${course}:review`;

export function readRaw(course) {
  try {
    const raw = window.localStorage.getItem(storeKey(course));
    available = true;
    return { raw, ok: true };
  } catch {
    available = false;
    return { raw: memoryStores.get(course) ?? null, ok: false };
  }
}

/** Put every store written on this page into localStorage now. */
export function flushStores() {
  flushing = false;
  for (const [course, store] of [...pending]) {
    pending.delete(course);
    const text = JSON.stringify(store);
    try {
      window.localStorage.setItem(storeKey(course), text);
      available = true;
    } catch {
      available = false;
      memoryStores.set(course, text);
    }
    parsed.set(course, { raw: available ? text : null, store, current: available });
  }
}

let listening = false;
function scheduleFlush() {
  if (!listening && typeof window.addEventListener === "function") {
    listening = true;
    window.addEventListener("pagehide", flushStores);
    window.document?.addEventListener("visibilitychange", () => {
      if (window.document.visibilityState === "hidden") flushStores();
    });
  }
  if (flushing) return;
  flushing = true;
  if (typeof window.requestAnimationFrame === "function") {
    window.requestAnimationFrame(() => setTimeout(flushStores));
  } else {
    setTimeout(flushStores);
  }
}

export function writeStore(store) {
  pending.set(store.course, store);
  scheduleFlush();
  window.dispatchEvent(new CustomEvent(STORE_EVENT, { detail: { course: store.course } }));
}

/** The course's review store; a corrupt or foreign one is replaced by an empty store,
 * an old (version 1) one is migrated and saved in the current format. */
export function loadStore(course) {
  const mine = pending.get(course);
  if (mine) return { store: mine, problem: null, migrated: false, ok: available };
  watchOtherTabs();
  const kept = parsed.get(course);
  if (kept && kept.current && available) {  // nothing wrote it since: no other tab did
    return { store: kept.store, problem: null, migrated: false, ok: true };
  }
  const { raw, ok } = readRaw(course);
  if (kept && kept.raw === raw && ok) {
    kept.current = true;
    return { store: kept.store, problem: null, migrated: false, ok };
  }
  const { store, problem, migrated } = parseStore(raw, course, Date.now());
  if (problem) writeStore(emptyStore(course));
  else if (migrated) writeStore(store);
  else if (ok) parsed.set(course, { raw, store, current: true });
  return { store, problem, migrated, ok };
}

let watching = false;
/** Another tab (or window) of the site changed localStorage: the stores kept parsed may
 * be stale, so the next read compares the text again. */
function watchOtherTabs() {
  if (watching || typeof window.addEventListener !== "function") return;
  watching = true;
  window.addEventListener("storage", (event) => {
    for (const [course, kept] of parsed) {
      if (event.key === null || event.key === storeKey(course)) kept.current = false;
    }
  });
}
