// termdrills live entry: the `_esm` of every drill widget.
//
// The drills' code (the files of this folder joined into one module, ~60 KB) lives
// once per kernel in a hidden code model (termdrills.drills._base._Code, a plain
// @jupyter-widgets/base WidgetModel whose `source` is the module). Each drill carries
// only this loader and a reference to that model, so a notebook's saved widget state
// holds the code once, not once per drill. The code is imported once per page and
// version; when the kernel sends a new version (a drill file was edited), every drill
// on the page draws itself again with it, as anywidget's own file-backed _esm does.
const loaded = (globalThis.__termdrillsLive ??= new Map());

async function holderOf(model) {
  const id = String(model.get("code") ?? "").replace(/^IPY_MODEL_/, "");
  return model.widget_manager.get_model(id);
}

function load(source) {
  if (!loaded.has(source)) {
    loaded.set(source, (async () => {
      const blob = new Blob([source], { type: "text/javascript" });
      const url = URL.createObjectURL(blob);
      try {
        return await import(/* webpackIgnore: true */ url);
      } finally {
        URL.revokeObjectURL(url);
      }
    })());
  }
  return loaded.get(source);
}

/** One clear line instead of the drill (the reason goes to the console): typically a
 * notebook reopened without its widget state, whose drills need a run. */
function failed(el, error) {
  console.warn("termdrills: the drill could not start:", error);
  const p = document.createElement("p");
  p.setAttribute("role", "status");
  p.textContent = "This drill needs its notebook to run: choose Run → Run All Cells " +
    "(or run the cells from the top).";
  el.replaceChildren(p);
}

export default {
  async render({ model, el }) {
    let cleanup = () => {};
    let holder;
    const draw = async () => {
      try {
        const code = await load(holder.get("source"));
        cleanup();
        // Restored from the notebook's saved widget state, with no kernel behind it (a
        // lesson reopened, not run): the code model has no live comm. The drill says so.
        const restored = holder.comm_live === false || holder.comm === undefined;
        cleanup = code.render({ model, el, restored }) ?? (() => {});
      } catch (error) {
        failed(el, error);
      }
    };
    try {
      holder = await holderOf(model);
    } catch (error) {
      failed(el, error);
      return () => {};
    }
    holder.on("change:source", draw);
    await draw();
    return () => {
      holder.off("change:source", draw);
      cleanup();
    };
  },
};
