// termdrills on a static page: the in-page model and the mounting of every drill
// from its inline JSON (the drill's text/html fallback).
import { scormStart } from "./scorm.js";

/** The in-page stand-in for an anywidget model (static pages). */
export function pageModel(state) {
  const handlers = new Map();
  return {
    get: (key) => state[key],
    set(key, value) {
      state[key] = value;
      for (const fn of handlers.get(`change:${key}`) ?? []) fn({ new: value });
    },
    on(event, fn) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event).add(fn);
    },
    off(event, fn) {
      if (fn) handlers.get(event)?.delete(fn);
      else handlers.delete(event);
    },
    save_changes() {},
    send() {},
  };
}

/** Most answers kept per drill and page (the oldest are dropped first). */
const PAGE_ANSWERS_MAX = 500;

function page_key(state) {
  return `termdrills:${state.course}:place:${globalThis.location?.pathname ?? ""}:` +
    `${state.drill_id}`;
}

/** The drill's place and answers as this browser kept them for this page (or nothing). */
export function restorePlace(state, storage = globalThis.localStorage) {
  try {
    const kept = JSON.parse(storage?.getItem(page_key(state)) ?? "null");
    if (!kept || typeof kept !== "object" || !Array.isArray(kept.answers)) return state;
    // A drill that never moved on (matching in its first round) kept an empty place: its
    // answers come back all the same, at the first item of the first attempt.
    const place = kept.place && typeof kept.place === "object" ? kept.place : {};
    const attempt = Number.isInteger(place.attempt) && place.attempt > 0 ? place.attempt : 1;
    const item = Number.isInteger(place.item) && place.item >= 0 ? place.item : 0;
    const answers = kept.answers.filter((a) => a && typeof a === "object" &&
      typeof a.term_id === "string" && typeof a.verdict === "string");
    // the paragraph's draft and the text it last checked (schema: place)
    const more = Object.fromEntries(["draft", "checked"]
      .filter((k) => typeof place[k] === "string").map((k) => [k, place[k]]));
    return { ...state, place: { attempt, item, ...more }, answers };
  } catch {
    return state;  // no storage, or unreadable: start afresh
  }
}

/** Keep the drill's place and answers for this page. Written after the frame that shows
 * the change (an answer's handler does not wait for it), and at once when the page is
 * hidden or left; the review store (core/storage.js) is written at once, always. */
function keepPlace(model, storage = globalThis.localStorage, win = globalThis.window) {
  let queued = false;
  const write = () => {
    if (!queued) return;
    queued = false;
    const answers = (model.get("answers") ?? []).slice(-PAGE_ANSWERS_MAX);
    try {
      storage?.setItem(page_key({ course: model.get("course"), drill_id: model.get("drill_id") }),
        JSON.stringify({ place: model.get("place") ?? {}, answers }));
    } catch {
      // full or unavailable storage: the drill still works, it only cannot resume
    }
  };
  const save = () => {
    if (queued) return;
    queued = true;
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(write));
    else setTimeout(write);
  };
  win?.addEventListener("pagehide", write);
  win?.document?.addEventListener("visibilitychange", () => {
    if (win.document.visibilityState === "hidden") write();
  });
  model.on("change:place", save);
  model.on("change:answers", save);
}

/** Mount every not-yet-mounted static drill on the page (each from its inline JSON), where
 * the student left it on this page (kept in the browser per page and drill).
 *
 * On the course site the code arrives as an async script, which may run while the page
 * is still being parsed: a drill whose host is not complete yet (no mount element after
 * its data) is left to its own mount script, which runs once the page is parsed, and
 * the LMS session starts only then, when every drill of the page is known. `ready(kind)`
 * says whether a drill of that kind can be drawn yet (the site's split code files). */
export function mountDrills(render, doc = document, ready = () => true) {
  if (doc.readyState !== "loading") {
    scormStart(doc, doc.defaultView); // inside an LMS (a SCORM package): report the answers
  }
  for (const host of doc.querySelectorAll(".termdrills-static:not([data-mounted])")) {
    const data = host.querySelector("script.termdrills-data");
    const el = host.querySelector(".termdrills-mount");
    if (!el) continue;
    // On the course site each kind's code is a file of its own: a drill whose kind has
    // not arrived yet waits for it (its file mounts it). The state's first key is its kind.
    const kind = /^\{"kind":"([a-z_]+)"/.exec(data?.textContent ?? "")?.[1];
    if (kind && !ready(kind)) continue;
    host.setAttribute("data-mounted", "");
    try {
      const model = pageModel(restorePlace(JSON.parse(data.textContent)));
      keepPlace(model);
      render({ model, el });
    } catch (error) {
      el.textContent = `termdrills: this drill could not start (${error.message}).`;
      throw error;
    }
  }
}
