// termdrills drill kind — Matching: pair Chinese terms with their renderings, in rounds.
// A reload resumes the round the student was in, with the pairs already matched in it
// (this attempt's right answers for that round) matched.
import { button, focusSoon, h, markButton, zhText } from "../core/dom.js";
import { guardRepeat } from "../core/frame.js";

export function matching(ctx) {
  const rounds = ctx.payload.rounds;
  ctx.help.textContent = ctx.t("match.help");
  let r = Math.min(ctx.place.item, rounds.length - 1);  // where the student left
  /** Draw round r; `byUser` (Next or Start again pressed): focus its first term, as
   * the button that had focus is gone. */
  const showRound = (byUser) => {
    const round = rounds[r];
    let picked = null; // {side, id, text, btn}
    let left = round.zh.length;
    ctx.setProgress(0, 0);
    ctx.progress.textContent = rounds.length > 1
      ? ctx.t("match.round", { n: r + 1, total: rounds.length }) : "";
    const col = (side, entries) => h("div", { class: "td-col", role: "group",
      "aria-label": ctx.t(`match.${side}`) }, entries.map((e) => button(
      side === "zh" ? zhText(e.text) : h("span", { lang: "en" }, e.text),
      (event) => pick(side, e, event.currentTarget),
      { class: "td-btn td-match", "data-side": side, "data-id": e.id, "aria-pressed": "false" })));
    const zhCol = col("zh", round.zh);
    const enCol = col("en", round.en);
    ctx.body.replaceChildren(h("div", { class: "td-columns" }, zhCol, enCol));
    ctx.nav.replaceChildren();
    if (byUser) {
      zhCol.querySelector("button")?.focus();
      if (rounds.length > 1) {
        ctx.announce(ctx.t("match.roundStart", { n: r + 1, total: rounds.length,
          count: round.zh.length }));
      }
    }
    const matched = (id) => {
      for (const b of [zhCol, enCol].map((c) => [...c.querySelectorAll("button")]
        .find((x) => x.dataset.id === id))) {
        if (!b || b.disabled) continue;
        b.disabled = true;
        markButton(b, "td-matched", "✓", ctx.t("match.matched"));
      }
    };
    const roundDone = (byUser) => {
      const more = r < rounds.length - 1;
      ctx.say("right", ctx.t("match.roundDone"), more ? "" :
        ctx.t("done", { right: ctx.right, total: ctx.answered }));
      const nextBtn = more
        ? button(ctx.t("next"), () => {
          r++; ctx.setPlace(r); ctx.say("", ""); showRound(true);
        }, { class: "td-btn td-next" })
        : button(ctx.t("restart"), () => {
          r = 0; ctx.startAgain(); ctx.say("", ""); showRound(true);
        });
      guardRepeat(nextBtn);
      ctx.nav.replaceChildren(nextBtn);
      if (byUser) focusSoon(nextBtn);
    };
    const pick = (side, entry, btn) => {
      if (btn.disabled) return;
      if (!picked || picked.side === side) {
        if (picked) picked.btn.setAttribute("aria-pressed", "false");
        picked = { side, ...entry, btn };
        btn.setAttribute("aria-pressed", "true");
        ctx.say("", ctx.t("match.picked", { text: entry.text }));
        return;
      }
      const [zh, en] = side === "en" ? [picked, { ...entry, btn }] : [{ ...entry, btn }, picked];
      zh.btn.setAttribute("aria-pressed", "false");
      en.btn.setAttribute("aria-pressed", "false");
      picked = null;
      const item = { id: zh.id, lesson: zh.lesson };
      if (zh.id === en.id) {
        matched(zh.id);
        left--;
        ctx.record(item, zh.text, en.text, "right");
        ctx.say("right", ctx.t("match.pair", { zh: zh.text, en: en.text }));
      } else {
        ctx.record(item, zh.text, en.text, "wrong");
        ctx.say("wrong", ctx.t("match.miss", { zh: zh.text, en: en.text }));
      }
      if (left === 0) {
        roundDone(true);
      } else {
        const first = ctx.body.querySelector(`.td-match[data-side="${side}"]:not(:disabled)`) ??
          ctx.body.querySelector(".td-match:not(:disabled)");
        if (first) focusSoon(first);
      }
    };
    // Resumed after a reload: the pairs this attempt already matched in this round.
    const ids = new Set(round.zh.map((e) => e.id));
    const done = new Set(ctx.attemptAnswers().filter((a) => a.item === r &&
      a.verdict === "right" && ids.has(a.term_id)).map((a) => a.term_id));
    for (const id of done) matched(id);
    left -= done.size;
    if (!byUser && done.size && left === 0) roundDone(false);
  };
  showRound(false);
}
