// termdrills drill kind — Review: spaced review (FSRS) of every term met in the course's
// drills, with a 7-day forecast, memory per lesson, and progress export/import.
import { button, downloadText, focusSoon, h, nextId, zhText } from "../core/dom.js";
import { guardRepeat, typedQuestion, unreadName } from "../core/frame.js";
import { loadStore, STORE_EVENT, storeKey, unreadStores, writeStore } from "../core/storage.js";
import { DAY, dueTerms, forecast, importStore, standing } from "../core/store.js";
import { inWords } from "../core/time.js";

export function review(ctx) {
  const items = ctx.payload.items;
  const titles = ctx.payload.lessons ?? {};
  const byId = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  const chart = h("div", { class: "td-chart" });
  const tools = h("div", { class: "td-tools" });
  const start = button("", () => begin(), { class: "td-btn td-start" });
  ctx.root.insertBefore(chart, ctx.body);
  ctx.root.append(tools);
  let running = false;

  function dayLabel(k, dayStart) {
    if (k === 0) return ctx.t("review.today");
    if (k === 1) return ctx.t("review.tomorrow");
    const date = new Date(dayStart + k * DAY + DAY / 2);
    return date.toLocaleDateString(ctx.lang === "zh" ? "zh-CN" : "en",
      { weekday: "short", month: "numeric", day: "numeric" });
  }

  function drawChart() {
    const { store } = loadStore(ctx.course);
    const now = Date.now();
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    const s = standing(store, ids, now, ctx.schedule);
    const days = forecast(store, ids, now, midnight.getTime());
    const top = Math.max(1, ...days);
    chart.replaceChildren(...[
      h("p", { class: "td-chart-title" }, ctx.t("review.chart")),
      h("p", {}, ctx.t("review.due", { due: s.due, met: s.met })),
      h("p", { class: "td-sub" }, ctx.t("review.forecast")),
      h("ul", { class: "td-bars" }, days.map((count, k) => h("li", {},
        h("span", { class: "td-bar-label" },
          ctx.t("review.forecastDay", { day: dayLabel(k, midnight.getTime()), count })),
        h("span", { class: "td-bar", "aria-hidden": "true",
          style: `--td-share: ${(count / top).toFixed(3)}` })))),
      s.lessons.length ? h("p", { class: "td-sub" }, ctx.t("review.lessons")) : null,
      s.lessons.length ? h("ul", { class: "td-acc" }, s.lessons.map((l) => h("li", {},
        ctx.t("review.lessonRecall", { lesson: titles[l.lesson] || l.lesson || "—",
          recall: Math.round(l.recall * 100), pct: Math.round((l.accuracy ?? 0) * 100),
          answers: l.answers })))) : null,
    ].filter(Boolean));
    if (!running) {
      const due = dueTerms(store, ids, now).length;
      start.textContent = ctx.t("review.start", { n: due });
      start.disabled = due === 0;
      ctx.help.textContent = due ? "" : ctx.t(s.met ? "review.noneDue" : "review.noneMet");
      ctx.help.hidden = due > 0;
    }
  }

  /** The session: the most overdue card first, until nothing is due (a card rated
   * "again" comes back within the session, as its learning steps are short). */
  function ask() {
    const { store } = loadStore(ctx.course);
    const due = dueTerms(store, ids, Date.now());
    if (!due.length) {
      finish(store);
      return;
    }
    const item = byId.get(due[0]);
    ctx.progress.textContent = ctx.t("review.left", { n: due.length });
    ctx.nav.replaceChildren();
    typedQuestion(ctx, {
      prompt: [zhText(item.zh, "td-zh td-big"),
        item.pinyin ? h("span", { class: "td-pinyin" }, item.pinyin) : null],
      promptText: item.zh, item, accepted: item.accepted, deprecated: item.deprecated ?? [],
      answerLang: "en",
      onDone: (_verdict, card) => {
        if (card) {
          ctx.feedback.append(h("p", { class: "td-when" },
            ctx.t("review.next", { when: inWords(card.due, Date.now(), ctx.t) })));
        }
        const next = button(ctx.t("next"), () => ask(), { class: "td-btn td-next" });
        guardRepeat(next);
        ctx.nav.replaceChildren(next);
        focusSoon(next);
      },
    }).focus();
  }

  function finish(store) {
    running = false;
    ctx.progress.textContent = "";
    ctx.body.replaceChildren();
    const later = ids.map((id) => store.terms[id]?.due).filter(Number.isFinite);
    const soonest = later.length ? Math.min(...later) : null;
    ctx.say("done", ctx.t("review.finished", { right: ctx.right, total: ctx.answered }),
      soonest === null ? null
        : ctx.t("review.nextDue", { when: inWords(soonest, Date.now(), ctx.t) }));
    ctx.nav.replaceChildren(start);
    drawChart();
    start.focus();
  }

  function begin() {
    running = true;
    ctx.right = 0;
    ctx.answered = 0;
    ctx.help.hidden = true;
    ctx.say("", "");
    ask();
  }

  const exportBtn = button(ctx.t("review.export"), () => {
    const { store } = loadStore(ctx.course);
    downloadText(`termdrills-progress-${ctx.course}.json`, JSON.stringify(store, null, 1));
  }, { class: "td-btn td-export" });
  const fileId = nextId("import");
  const file = h("input", { id: fileId, type: "file", class: "td-file",
    accept: ".json,application/json" });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const text = await chosen.text();
    const { store } = loadStore(ctx.course);
    const result = importStore(store, text, Date.now());
    file.value = "";
    if (result.problem) {  // checked whole before anything is written: nothing changed
      ctx.say("wrong", ctx.t("review.importFailed", { why: result.detail || result.problem }));
      return;
    }
    writeStore(result.store);
    ctx.say("right", ctx.t("review.imported", { n: Object.keys(result.store.terms).length }));
  });
  tools.append(exportBtn, h("label", { for: fileId, class: "td-file-label" },
    ctx.t("review.import")), file);
  // Copies of progress a page of this course could not read (core/storage.js keeps them
  // aside instead of deleting them): each offered for download, for the instructor.
  const unread = unreadStores(ctx.course);
  if (unread.length) {
    ctx.root.append(h("div", { class: "td-unread" },
      h("p", {}, ctx.t("review.unread", { n: unread.length })),
      h("ul", {}, unread.map((copy) => h("li", {}, button(ctx.t("review.unreadCopy",
        { when: new Date(copy.time).toLocaleString(ctx.lang === "zh" ? "zh-CN" : "en") }),
      () => downloadText(unreadName(ctx.course, copy.time), copy.text),
      { class: "td-btn td-download-unread" }))))));
  }

  // An answer in another drill of the page updates the chart after the frame that shows
  // that drill's feedback (its handler does not wait for this drill's redraw).
  let pending = false;
  let mounted = true;
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => setTimeout(() => {
      pending = false;
      if (mounted) drawChart();
    }));
  };
  const onStore = (event) => {
    if (!event.detail || event.detail.course === ctx.course) redraw();
  };
  const onStorage = (event) => {
    if (event.key === null || event.key === storeKey(ctx.course)) redraw();
  };
  window.addEventListener(STORE_EVENT, onStore);
  window.addEventListener("storage", onStorage);
  ctx.nav.replaceChildren(start);
  drawChart();
  return () => {
    mounted = false;
    window.removeEventListener(STORE_EVENT, onStore);
    window.removeEventListener("storage", onStorage);
  };
}
