// termdrills drill kind — Review: spaced review (FSRS) of every term met in the course's
// drills, with a 7-day forecast, memory per lesson, and progress export/import.
//
// The terms: the drill's own (its payload) and, on the course site, every term of the
// course (`globalThis.termdrillsSiteTerms`, the file termdrills/book/site_terms.py
// writes, which may arrive before or after this code): a term met in any lesson of the
// site comes up for review, whichever lessons the drill was given.
import { button, downloadText, focusSoon, h, nextId, pinyinText, zhText } from "../core/dom.js";
import { guardRepeat, typedQuestion, unreadName } from "../core/frame.js";
import { loadStore, STORE_EVENT, storeKey, unreadStores, writeStore } from "../core/storage.js";
import { DAY, dueTerms, forecast, importStore, isLearning, standing } from "../core/store.js";
import { inWords } from "../core/time.js";

/** The event the site's file of every term sends when it has run. */
const SITE_TERMS_EVENT = "termdrills:terms";

export function review(ctx) {
  const items = [...ctx.payload.items];
  const titles = { ...(ctx.payload.lessons ?? {}) };
  const byId = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  /** Add the site's terms (once they are there): true when there were any for this course. */
  const takeSiteTerms = () => {
    const site = globalThis.termdrillsSiteTerms;
    if (!site || site.course !== ctx.course || !Array.isArray(site.items)) return false;
    for (const it of site.items) {
      if (it && typeof it.id === "string" && !byId.has(it.id)) {
        byId.set(it.id, it);
        ids.push(it.id);
      }
    }
    for (const [slug, title] of Object.entries(site.lessons ?? {})) titles[slug] ??= title;
    return true;
  };
  takeSiteTerms();
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
    // "Wed 9 Dec" (never "12/9", which half the world reads as 12 September).
    return date.toLocaleDateString(ctx.lang === "zh" ? "zh-CN" : "en-GB",
      { weekday: "short", day: "numeric", month: "short" });
  }

  /** A lesson's memory in words a student can act on: cards still in their learning
   * steps are "learning" (they come back within minutes), and recall is a week ahead
   * (a term answered a minute ago, even wrongly, would be "100% likely recalled now"). */
  function lessonLine(l) {
    const values = { lesson: titles[l.lesson] || l.lesson || "—", learning: l.learning,
      known: l.cards - l.learning, later: Math.round(l.recallLater * 100),
      pct: Math.round((l.accuracy ?? 0) * 100), answers: l.answers };
    if (l.learning === l.cards) return ctx.t("review.lessonLearning", values);
    return ctx.t(l.learning ? "review.lessonMixed" : "review.lessonKnown", values);
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
        lessonLine(l)))) : null,
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
   * "again" comes back within the session, as its learning steps are short: the drill
   * says so when it is answered, and when it comes back before its time). */
  function ask() {
    const { store } = loadStore(ctx.course);
    const now = Date.now();
    const due = dueTerms(store, ids, now);
    if (!due.length) {
      finish(store);
      return;
    }
    const item = byId.get(due[0]);
    const card = store.terms[item.id];
    ctx.progress.textContent = ctx.t("review.left", { done: ctx.answered, n: due.length });
    ctx.nav.replaceChildren();
    // A learning step a minute or more ahead: shown now (nothing else is due), and said so.
    const early = card.due - now >= 60_000 ? h("p", { class: "td-early" },
      ctx.t("review.early", { when: inWords(card.due, now, ctx.t) })) : null;
    typedQuestion(ctx, {
      prompt: [early, zhText(item.zh, "td-zh td-big"),
        pinyinText(item.pinyin)],
      promptText: item.zh, item, accepted: item.accepted, deprecated: item.deprecated ?? [],
      answerLang: "en",
      onDone: (_verdict, scheduled) => {
        if (scheduled) {
          const at = Date.now();
          const back = dueTerms({ terms: { [item.id]: scheduled } }, [item.id], at).length > 0;
          ctx.feedback.append(h("p", { class: "td-when" }, back
            ? ctx.t(isLearning(scheduled) ? "review.backSoon" : "review.backNow",
              { when: inWords(scheduled.due, at, ctx.t) })
            : ctx.t("review.next", { when: inWords(scheduled.due, at, ctx.t) })));
          ctx.progress.textContent = ctx.t("review.left", { done: ctx.answered,
            n: dueTerms(loadStore(ctx.course).store, ids, at).length });
        }
        const next = button(ctx.t("next"), () => ask(), { class: "td-btn td-next" });
        guardRepeat(next);
        ctx.nav.replaceChildren(next);
        focusSoon(next, ctx.feedback);
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
  const onSiteTerms = () => {
    if (takeSiteTerms()) redraw();
  };
  window.addEventListener(STORE_EVENT, onStore);
  window.addEventListener("storage", onStorage);
  window.addEventListener(SITE_TERMS_EVENT, onSiteTerms);
  ctx.nav.replaceChildren(start);
  drawChart();
  return () => {
    mounted = false;
    window.removeEventListener(STORE_EVENT, onStore);
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(SITE_TERMS_EVENT, onSiteTerms);
  };
}
