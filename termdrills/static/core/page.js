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

/** Mount every not-yet-mounted static drill on the page (each from its inline JSON). */
export function mountDrills(render, doc = document) {
  scormStart(doc, doc.defaultView); // inside an LMS (a SCORM package): report the answers
  for (const host of doc.querySelectorAll(".termdrills-static:not([data-mounted])")) {
    host.setAttribute("data-mounted", "");
    const data = host.querySelector("script.termdrills-data");
    const el = host.querySelector(".termdrills-mount");
    try {
      render({ model: pageModel(JSON.parse(data.textContent)), el });
    } catch (error) {
      el.textContent = `termdrills: this drill could not start (${error.message}).`;
      throw error;
    }
  }
}
