// termdrills drill kind — Sentence translation: chrF against the official translation, and the glossary terms it uses.
// Whether the translation uses a term is core/forms.js `termUses`, the rule of the
// paragraph drill and of `termdrills grade` too (an inflected word, British spelling, a
// possessive after the term: used).
import { button, h, nextId, withLang, ZH } from "../core/dom.js";
import { sequence } from "../core/frame.js";
import { termForms, termUses } from "../core/forms.js";
import { isSubmitKey } from "../core/text.js";
import { chrF } from "../core/chrf.js";

export function sentence(ctx) {
  ctx.help.textContent = ctx.t("sentence.help");
  // The summary counts sentences, and the glossary terms within them.
  const tally = { sentences: 0, terms: 0, used: 0, chrf: 0 };
  for (const a of ctx.attemptAnswers()) {  // resumed after a reload
    tally.terms++;
    if (a.verdict === "right") tally.used++;
  }
  tally.sentences = new Set(ctx.attemptAnswers().map((a) => a.item)).size;
  const summary = () => ctx.t("sentence.done", { sentences: tally.sentences,
    used: tally.used, terms: tally.terms });
  sequence(ctx, ctx.payload.items, (item, _i, done, byUser) => {
    const areaId = nextId("translation");
    const area = h("textarea", { id: areaId, class: "td-input td-area", rows: "3", lang: "en",
      spellcheck: "true" });
    let finished = false;
    const submit = () => {
      if (finished) return;
      if (!area.value.trim()) {
        ctx.say("empty", ctx.t("empty"));
        return;
      }
      finished = true;
      area.readOnly = true;
      check.disabled = true;
      const score = chrF(area.value, item.reference);
      tally.sentences++;
      const uses = termUses(area.value, item.terms.map(termForms));
      const said = (use) => area.value.slice(use.start, use.end);
      let usedCount = 0;
      const termLines = item.terms.map((term, k) => {
        const use = uses[k];
        const used = use !== null && use.form.tier !== "deprecated";
        ctx.record(term, item.zh, area.value, used ? "right" : "wrong",
          { score: Math.round(score * 10) / 10 });
        tally.terms++;
        if (used) {
          tally.used++;
          usedCount++;
        }
        const line = used ? ctx.t("sentence.termOk", { zh: term.zh, used: said(use) })
          : use ? ctx.t("sentence.termDeprecated", { zh: term.zh, used: said(use),
            note: use.form.note || ctx.t("deprecated.noNote"), en: term.accepted[0] })
            : ctx.t("sentence.termMissing", { zh: term.zh, en: term.accepted[0] });
        return h("li", { class: used ? "td-ok" : "td-missing" }, withLang(line));
      });
      // Neutral colour for the whole feedback; colour only on each term's verdict line.
      ctx.say("neutral",
        h("p", { class: "td-score" }, ctx.t("sentence.chrf", { score: score.toFixed(1) })),
        item.terms.length ? h("p", {}, ctx.t("sentence.terms", { used: usedCount,
          total: item.terms.length })) : null,
        item.terms.length ? h("ul", { class: "td-terms" }, termLines) : null,
        h("p", {}, ctx.t("sentence.reference")),
        h("blockquote", { class: "td-reference", lang: "en" }, item.reference));
      done();
    };
    area.addEventListener("keydown", (event) => {
      if (isSubmitKey(event, { withModifier: true })) {
        event.preventDefault();
        submit();
      }
    });
    const check = button(ctx.t("check"), submit, { class: "td-btn td-check" });
    ctx.body.replaceChildren(
      h("div", { class: "td-prompt" }, h("p", { class: "td-sentence", lang: ZH }, item.zh)),
      h("div", { class: "td-answer" }, h("label", { for: areaId }, ctx.t("sentence.label")),
        area, check));
    if (byUser) area.focus();
  }, { summary });
}
