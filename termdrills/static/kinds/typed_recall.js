// termdrills drill kind — Typed recall: type the rendering (or the Chinese).
import { h, pinyinText, zhText } from "../core/dom.js";
import { sequence, typedQuestion } from "../core/frame.js";

export function typedRecall(ctx) {
  const zhPrompt = ctx.payload.direction !== "en-zh";
  sequence(ctx, ctx.payload.items, (item, _i, done, byUser) => {
    const prompt = zhPrompt
      ? [zhText(item.prompt, "td-zh td-big"),
        pinyinText(item.pinyin)]
      : [h("span", { class: "td-en td-big" }, item.prompt)];
    const input = typedQuestion(ctx, { prompt, promptText: item.prompt, item,
      deprecated: item.deprecated ?? [],
      accepted: item.accepted,
      answerLang: zhPrompt ? "en" : "zh", onDone: done });
    if (byUser) input.focus();
  }, { missed: (item) => ({ prompt: item.prompt, official: item.accepted[0] }) });
}
