// termdrills live entry: the `_esm` of every drill widget.
//
// The drills' code (logic.js + strings + render.js, ~45 KB) lives once per
// kernel in a hidden code model (termdrills.drills._base._Code, a plain
// @jupyter-widgets/base WidgetModel whose `source` is the module). Each drill
// carries only this loader and a reference to that model, so a notebook's
// saved widget state (which myst-nb writes into the page) holds the code once,
// not once per drill. The code is imported once per page and shared.
const loaded = (globalThis.__termdrillsLive ??= new Map());

function load(model) {
  const id = String(model.get("code") ?? "").replace(/^IPY_MODEL_/, "");
  if (!loaded.has(id)) {
    loaded.set(id, (async () => {
      const holder = await model.widget_manager.get_model(id);
      const blob = new Blob([holder.get("source")], { type: "text/javascript" });
      const url = URL.createObjectURL(blob);
      try {
        return await import(/* webpackIgnore: true */ url);
      } finally {
        URL.revokeObjectURL(url);
      }
    })());
  }
  return loaded.get(id);
}

export default {
  async render({ model, el }) {
    try {
      const code = await load(model);
      return code.render({ model, el });
    } catch (error) {
      const p = document.createElement("p");
      p.setAttribute("role", "alert");
      p.textContent = `termdrills: the drill code could not be loaded (${error}); ` +
        "re-run the cell that imports termdrills.drills.";
      el.replaceChildren(p);
      return () => {};
    }
  },
};
