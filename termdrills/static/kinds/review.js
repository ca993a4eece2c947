// termdrills drill kind — Review: spaced review of every term met in the course's drills, with the chart and progress export/import.
import { button, h, nextId, zhText } from "../core/dom.js";
import { sequence, typedQuestion } from "../core/frame.js";
import { loadStore, STORE_EVENT, storeKey, writeStore } from "../core/storage.js";
import { dueTerms, importStore, standing } from "../core/store.js";

export function review(ctx) {
  const items = ctx.payload.items;
  const byId = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  const chart = h("div", { class: "td-chart" });
  const tools = h("div", { class: "td-tools" });
  const start = button("", () => begin(), { class: "td-btn td-start" });
  ctx.root.insertBefore(chart, ctx.body);
  ctx.root.append(tools);
  let running = false;
  let finished = false; // a review has just ended: the button offers another round
  // Lessons by title ("Optimize government services"), not by slug.
  const lessonTitle = (slug) => ctx.payload.lessons?.[slug] || slug || "—";

  function drawChart() {
    const { store } = loadStore(ctx.course);
    const now = Date.now();
    const s = standing(store, ids, now);
    const top = Math.max(1, ...s.boxes);
    chart.replaceChildren(...[
      h("p", { class: "td-chart-title" }, ctx.t("review.chart")),
      h("p", {}, ctx.t("review.due", { due: s.due, met: s.met })),
      h("p", { class: "td-sub", id: nextId("boxes") }, ctx.t("review.boxes")),
      h("ul", { class: "td-bars" }, s.boxes.map((count, k) => h("li", {},
        h("span", { class: "td-bar-label" }, ctx.t("review.box", { n: k + 1, count })),
        h("span", { class: "td-bar", "aria-hidden": "true",
          style: `--td-share: ${(count / top).toFixed(3)}` })))),
      s.accuracy.length ? h("p", { class: "td-sub" }, ctx.t("review.accuracy")) : null,
      s.accuracy.length ? h("ul", { class: "td-acc" }, s.accuracy.map((a) => h("li", {},
        a.accuracy === null ? ctx.t("review.noAnswers", { lesson: lessonTitle(a.lesson) })
          : ctx.t("review.lessonAcc", { lesson: lessonTitle(a.lesson),
            pct: Math.round(a.accuracy * 100), answers: a.answers })))) : null,
    ].filter(Boolean));
    if (!running) {
      const due = dueTerms(store, ids, now).length;
      start.textContent = ctx.t(finished ? "review.again" : "review.start", { n: due });
      start.disabled = due === 0;
      ctx.help.textContent = due ? "" : ctx.t(s.met ? "review.noneDue" : "review.noneMet");
      ctx.help.hidden = due > 0;
    }
  }

  function begin() {
    const { store } = loadStore(ctx.course);
    const queue = dueTerms(store, ids, Date.now()).map((id) => byId.get(id));
    if (!queue.length) return;
    running = true;
    finished = false;
    ctx.right = 0;
    ctx.answered = 0;
    ctx.help.hidden = true;
    ctx.say("", "");
    sequence(ctx, queue, (item, _i, done) => {
      typedQuestion(ctx, {
        prompt: [zhText(item.zh, "td-zh td-big"),
          item.pinyin ? h("span", { class: "td-pinyin" }, item.pinyin) : null],
        promptText: item.zh, item, accepted: item.accepted, answerLang: "en", onDone: done,
      }).focus();
    }, { doneKey: "review.finished", onFinish: () => {
      running = false;
      finished = true;
      ctx.nav.replaceChildren(start);
      drawChart();
      // Missed terms are due again at once: say so, before the button offers them.
      const again = dueTerms(loadStore(ctx.course).store, ids, Date.now()).length;
      if (again) {
        ctx.say("done", ctx.t("review.finished", { right: ctx.right, total: ctx.answered }),
          ctx.t("review.dueAgain", { n: again }));
      }
      start.focus();
    } });
  }

  const exportBtn = button(ctx.t("review.export"), () => {
    const { store } = loadStore(ctx.course);
    const blob = new Blob([JSON.stringify(store, null, 1)], { type: "application/json" });
    const link = h("a", { href: URL.createObjectURL(blob),
      download: `termdrills-progress-${ctx.course}.json` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }, { class: "td-btn td-export" });
  const fileId = nextId("import");
  const file = h("input", { id: fileId, type: "file", class: "td-file",
    accept: ".json,application/json" });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const text = await chosen.text();
    const { store } = loadStore(ctx.course);
    const result = importStore(store, text);
    file.value = "";
    if (result.problem) {
      ctx.say("wrong", ctx.t("review.importFailed"));
      return;
    }
    writeStore(result.store);
    ctx.say("right", ctx.t("review.imported", { n: Object.keys(result.store.terms).length }));
  });
  tools.append(exportBtn, h("label", { for: fileId, class: "td-file-label" },
    ctx.t("review.import")), file);

  const onStore = (event) => {
    if (!event.detail || event.detail.course === ctx.course) drawChart();
  };
  const onStorage = (event) => {
    if (event.key === null || event.key === storeKey(ctx.course)) drawChart();
  };
  window.addEventListener(STORE_EVENT, onStore);
  window.addEventListener("storage", onStorage);
  ctx.nav.replaceChildren(start);
  drawChart();
  return () => {
    window.removeEventListener(STORE_EVENT, onStore);
    window.removeEventListener("storage", onStorage);
  };
}
