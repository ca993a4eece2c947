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
//
// A store the page cannot read (damaged, a card the scheduler cannot take, another
// version's) is never written over: its text is first copied aside, to a key of its own
// (`termdrills:<course>:review:unread:<time>`, which the Review drill offers for
// download), and only then does the course's key get a new, empty store. Where the copy
// cannot be made (storage full), the store is left as it is and this page's answers are
// kept in memory only (`storeTrouble` says which, for the notice).
import { emptyStore, parseStore } from "./store.js";

export const STORE_EVENT = "termdrills:store";
const memoryStores = new Map();
const parsed = new Map();   // course → {raw, store}: the last text read or saved, parsed
const pending = new Map();  // course → the store written, not yet in localStorage
let available = true;       // localStorage worked the last time it was used
let flushing = false;
const trouble = new Map();  // course → {problem, detail, kept}: the store this page could not read
const frozen = new Set();   // courses whose unreadable store could not be copied aside

export const storeKey = (course) => `termdrills:${course}:review`;
const unread_prefix = (course) => `${storeKey(course)}:unread:`;

/** What this page found when it first read the course's store: null (nothing wrong), or
 * {problem, detail, kept, text}: kept is the key the unreadable text was copied to (null:
 * it could not be, so it was left in place and nothing on this page is saved), text that
 * text. */
export function storeTrouble(course) {
  return trouble.get(course) ?? null;
}

/** The copies of stores this browser could not read, kept aside: [{key, time, text}], the
 * newest first. */
export function unreadStores(course) {
  const out = [];
  try {
    const storage = window.localStorage;
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(unread_prefix(course))) {
        out.push({ key, time: Number(key.slice(unread_prefix(course).length)) || 0,
          text: storage.getItem(key) ?? "" });
      }
    }
  } catch {
    // no storage: nothing was kept
  }
  return out.sort((a, b) => b.time - a.time || (a.key < b.key ? -1 : 1));
}

/** Copy an unreadable store's text aside; its key (or the key of an identical copy kept
 * before), or null where it cannot be stored. */
function keep_aside(course, raw, now) {
  const same = unreadStores(course).find((copy) => copy.text === raw);
  if (same) return same.key;
  const key = `${unread_prefix(course)}${now}`;
  try {
    window.localStorage.setItem(key, raw);
    return window.localStorage.getItem(key) === raw ? key : null;
  } catch {
    return null;
  }
}

export function readRaw(course) {
  if (frozen.has(course)) return { raw: memoryStores.get(course) ?? null, ok: false };
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
    if (frozen.has(course)) {  // the unreadable store stays; this page's answers in memory
      memoryStores.set(course, text);
      parsed.set(course, { raw: null, store, current: false });
      continue;
    }
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

/** The course's review store; an unreadable (corrupt or foreign) one is copied aside
 * and replaced by an empty store, or, where it cannot be copied, left in place while this
 * page works on an empty store in memory; an old (version 1) one is migrated and saved
 * in the current format. */
export function loadStore(course) {
  const mine = pending.get(course);
  if (mine) return { store: mine, problem: null, migrated: false, ok: available, detail: "" };
  watchOtherTabs();
  const kept = parsed.get(course);
  if (kept && kept.current && available && !frozen.has(course)) {  // nothing wrote it since
    return { store: kept.store, problem: null, migrated: false, ok: true, detail: "" };
  }
  const { raw, ok } = readRaw(course);
  if (kept && kept.raw === raw && (ok || frozen.has(course))) {
    kept.current = true;
    return { store: kept.store, problem: null, migrated: false, ok, detail: "" };
  }
  const now = Date.now();
  const { store, problem, migrated, detail } = parseStore(raw, course, now);
  if (problem) {
    const key = ok ? keep_aside(course, raw, now) : "";
    if (key === null) frozen.add(course);  // not copied: never written over
    trouble.set(course, { problem, detail, kept: key, text: raw });
    writeStore(emptyStore(course));
  } else if (migrated) {
    writeStore(store);
  } else if (ok) {
    parsed.set(course, { raw, store, current: true });
  }
  return { store, problem, migrated, ok, detail };
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
