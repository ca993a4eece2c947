// termdrills drills: the entry module of every drill kind's front end.
//
// One module, two hosts:
//  - live (JupyterLab, Notebook 7, VS Code): anywidget calls `render({model, el})` with
//    the kernel-synced model; answers go back in the `answers` trait (`drill.results`);
//  - static (the Jupyter Book page): each drill's text/html fallback holds the model
//    state as inline JSON, and `mountAll()` runs the same `render` against a small
//    in-page model (core/page.js).
//
// The files are real ES modules (node's tests import core/*.js directly). Python
// (termdrills/drills/_assets.py) serves them as one module: it follows the imports
// from this file, puts each file after the files it imports, drops the import lines
// (a JSON import becomes a constant holding the JSON) and puts
// `const CSS = <drills.css>;` first.
// So every top-level name must be unique across files (the builder checks).
//
// A drill kind is `kinds/<kind>.js`, beside `termdrills/drills/kinds/<kind>.py` which
// builds its payload (the payload's shape: termdrills/schema/drills.schema.json).
import { ensureStyle, h, markNotebookChinese } from "./core/dom.js";
import { frame } from "./core/frame.js";
import { mountDrills } from "./core/page.js";
import { cloze } from "./kinds/cloze.js";
import { flashcards } from "./kinds/flashcards.js";
import { matching } from "./kinds/matching.js";
import { multipleChoice } from "./kinds/multiple_choice.js";
import { paragraph } from "./kinds/paragraph.js";
import { review } from "./kinds/review.js";
import { sentence } from "./kinds/sentence.js";
import { typedRecall } from "./kinds/typed_recall.js";

const KINDS = {
  flashcards, multiple_choice: multipleChoice, typed_recall: typedRecall, cloze, matching,
  sentence, review, paragraph,
};

/** anywidget entry point; returns the cleanup function. `restored` (from live.js): the
 * drill comes from a notebook's saved widget state, with no kernel behind it. */
export function render({ model, el, restored = false }) {
  const kind = model.get("kind");
  const draw = KINDS[kind];
  if (!draw) {
    el.replaceChildren(h("p", { class: "termdrills td-error", role: "alert" },
      `termdrills: unknown drill kind ${JSON.stringify(kind)}`));
    return () => {};
  }
  ensureStyle(el);
  markNotebookChinese(el);
  let cleanup = null;
  const start = () => {
    if (typeof cleanup === "function") cleanup();
    const ctx = frame(model, el, kind, { restored });
    ctx.onStartAgain(() => {  // a new attempt from the first item
      ctx.startAgain();
      start();
    });
    cleanup = draw(ctx);
  };
  start();
  return () => {
    if (typeof cleanup === "function") cleanup();
    el.replaceChildren();
  };
}

/** Mount every not-yet-mounted static drill on the page (each from its inline JSON). */
export function mountAll(doc = document) {
  mountDrills(render, doc);
}

export default { render };
