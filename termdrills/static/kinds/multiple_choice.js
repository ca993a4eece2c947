// termdrills drill kind — Multiple choice: four options per term, keys 1–4.
import { button, h, isTyping, markButton, pinyinText, ZH, zhText } from "../core/dom.js";
import { sequence } from "../core/frame.js";

export function multipleChoice(ctx) {
  const questions = ctx.payload.questions;
  const zhPrompt = ctx.payload.direction !== "en-zh";
  ctx.help.textContent = ctx.t("mc.help");
  let current = null; // {choose} while a question is open
  sequence(ctx, questions, (q, _i, done, byUser) => {
    const prompt = zhPrompt
      ? h("div", { class: "td-prompt" }, zhText(q.prompt, "td-zh td-big"),
        pinyinText(q.pinyin))
      : h("div", { class: "td-prompt" }, h("span", { class: "td-en td-big" }, q.prompt));
    const options = q.options.map((text, k) => button(
      [h("span", { class: "td-key", "aria-hidden": "true" }, `${k + 1}`),
        h("span", { lang: zhPrompt ? "en" : ZH }, text)],
      () => choose(k), { class: "td-btn td-option", "data-index": k }));
    const choose = (k) => {
      if (!current) return;
      current = null;
      const right = k === q.answer;
      options.forEach((b, j) => {
        b.disabled = true;
        if (j === q.answer) markButton(b, "td-correct", "✓", ctx.t("mark.right"));
        if (j === k && !right) markButton(b, "td-chosen-wrong", "✗", ctx.t("mark.chosenWrong"));
        if (j === k) b.setAttribute("aria-pressed", "true");
      });
      ctx.say(right ? "right" : "wrong",
        right ? ctx.t("right") : ctx.t("wrong", { expected: q.options[q.answer] }));
      ctx.record(q, q.prompt, q.options[k], right ? "right" : "wrong");
      done();
    };
    current = { choose };
    ctx.body.replaceChildren(prompt, h("div", { class: "td-options", role: "group",
      "aria-label": ctx.t(`dir.${zhPrompt ? "zh-en" : "en-zh"}`) }, options));
    if (byUser) options[0].focus();
  }, { missed: (q) => ({ prompt: q.prompt, official: q.options[q.answer] }) });
  ctx.root.addEventListener("keydown", (event) => {
    if (!current || isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const k = Number(event.key) - 1;
    const count = ctx.body.querySelectorAll(".td-option").length;
    if (Number.isInteger(k) && k >= 0 && k < count) {
      event.preventDefault();
      current.choose(k);
    }
  });
}

