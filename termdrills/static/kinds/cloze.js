// termdrills drill kind — Cloze: the example sentence with the term blanked.
import { h, ZH } from "../core/dom.js";
import { sequence, typedQuestion } from "../core/frame.js";

export function cloze(ctx) {
  const side = ctx.payload.side === "zh" ? "zh" : "en";
  ctx.help.textContent = ctx.t("cloze.help");
  sequence(ctx, ctx.payload.items, (item, _i, done, byUser) => {
    const blank = h("span", { class: "td-blank", role: "img", "aria-label": ctx.t("cloze.blank") },
      "\u2003\u2003\u2003");
    const gapped = h("p", { class: "td-sentence", lang: side === "zh" ? ZH : "en" },
      item.before, blank, item.after);
    const context = h("p", { class: "td-context", lang: side === "zh" ? "en" : ZH }, item.context);
    const input = typedQuestion(ctx, { prompt: [context, gapped],
      promptText: `${item.before}___${item.after}`, item, accepted: item.accepted,
      deprecated: item.deprecated ?? [],
      answerLang: side, onDone: done });
    if (byUser) input.focus();
  }, { missed: (item) => ({ prompt: item.zh, official: item.en }) });
}
