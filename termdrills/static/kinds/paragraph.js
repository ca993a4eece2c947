// termdrills drill kind — Paragraph translation: the whole passage, then chrF (whole and
// per sentence) against the official translation, each glossary term's rendering, terms
// rendered two ways, and the aligned bilingual view. The analysis is core/analysis.js
// (the grader's, ported); this file only shows it and records the terms' verdicts.
//
// Recorded, on the first check of an attempt only (a reload keeps the attempt and shows
// the text last checked and its feedback again, and a draft not yet checked, written or
// revised, back in the box: the place's `checked` and `draft`), for each term
// that counts (see analysis.py: the reference or model renders it, or the answer used
// a form of it): preferred or
// accepted and rendered one way → "right"; a deprecated form, or two different
// renderings in one answer → "almost" (the student knows the term but not the form
// to keep); no form at all → "wrong". A term that does not count is not recorded.
// The drill's own tally (ctx.answered, ctx.right) counts the passage once.
import { button, h, nextId, withLang, ZH } from "../core/dom.js";
import { isSubmitKey } from "../core/text.js";
import { analyseAnswer, preparePassage } from "../core/analysis.js";
import { alignedTable, termMark } from "../core/aligned.js";

/** The review store's verdict for one term of an analysis, or null (not recorded). */
export function termOutcome(term) {
  if (!term.counts) return null;
  if (term.verdict === "missing") return "wrong";
  if (term.verdict === "deprecated" || !term.consistent) return "almost";
  return "right";
}

function termLine(ctx, term) {
  const used = term.used.map((u) => u.text);
  const lines = [];
  if (!term.counts) {
    lines.push(ctx.t("paragraph.notCounted"));
  } else if (term.verdict === "missing") {
    lines.push(term.rendering_kind === "candidate"
      ? ctx.t("paragraph.missingGuess", { guess: term.rendering, en: term.en })
      : ctx.t("paragraph.missing", { en: term.en }));
  } else {
    const tier = term.used.find((u) => u.tier === term.verdict) ?? term.used[0];
    lines.push(ctx.t(`paragraph.${term.verdict}`, { used: tier.text, en: term.en }));
    if (term.note) lines.push(ctx.t("paragraph.why", { note: term.note }));
  }
  if (!term.consistent) {
    const forms = used.map((u) => `“${u}”`).join(", ");
    lines.push(ctx.t("paragraph.inconsistent", { forms }));
  }
  const outcome = termOutcome(term);
  const cls = outcome === "right" ? "td-ok" : outcome === "almost" ? "td-near"
    : outcome === "wrong" ? "td-missing" : "td-uncounted";
  const times = term.occurrences > 1 ? ` ${ctx.t("paragraph.times", { n: term.occurrences })}` : "";
  return h("li", { class: cls, "data-term": term.id },
    h("span", { class: "td-term-head" }, termMark(ctx, { n: term.n, text: term.zh }), times),
    " ", lines.map((line, k) => h("span", { class: k ? "td-term-more" : "td-term-verdict" },
      line, " ")));
}

function report(ctx, analysis) {
  const inconsistent = analysis.terms.filter((t) => !t.consistent).length;
  const rendered = analysis.terms.filter((t) => t.used.length).length;
  return h("div", { class: "td-report" },
    analysis.reference.kind === "model"
      ? h("p", { class: "td-model-note" }, ctx.t("paragraph.modelNote")) : null,
    h("p", {}, ctx.t("paragraph.terms")),
    h("ul", { class: "td-terms td-paragraph-terms" },
      analysis.terms.map((term) => termLine(ctx, term))),
    h("p", { class: "td-consistency" }, inconsistent
      ? ctx.t("paragraph.inconsistentCount", { n: inconsistent, total: rendered })
      : ctx.t("paragraph.consistent")),
    h("p", { class: "td-view-title" }, h("strong", {}, ctx.t("paragraph.view"))),
    h("p", { class: "td-keys" }, ctx.t("paragraph.keys")),
    h("div", { class: "td-aligned-wrap", tabindex: "0", role: "region",
      "aria-label": ctx.t("paragraph.view") }, alignedTable(ctx, analysis)));
}

export function paragraph(ctx) {
  const p = ctx.payload;
  const passage = preparePassage(p);
  ctx.help.textContent = ctx.t("paragraph.help");
  const areaId = nextId("paragraph");
  const area = h("textarea", { id: areaId, class: "td-input td-area td-paragraph-area",
    rows: "8", lang: "en", spellcheck: "true" });
  const details = h("div", { class: "td-details" });
  // Checked already in this attempt (the page was reloaded): the place keeps the text last
  // checked (before it did, only the answers recorded at the first check said so).
  const earlier = ctx.attemptAnswers();
  const recorded = earlier.length ? earlier[earlier.length - 1].answer : undefined;
  const checked = ctx.placeField("checked") ?? recorded;
  let checks = checked === undefined ? 0 : 1;

  /** The feedback on the answer in the box; `record` only on the attempt's first check;
   * `resumed`: shown again after a reload (the place already says what it shows). */
  const show = (analysis, { record, again, resumed = false }) => {
    area.readOnly = true;
    check.disabled = true;
    const outcomes = analysis.terms.map(termOutcome).filter((o) => o !== null);
    if (record) ctx.setPlace(0);  // kept with the answers, so that a reload resumes here
    // The text checked, so that a reload shows it and this feedback (a revision's, not the
    // first version's); no draft while the box is read-only.
    if (!resumed) {
      ctx.keepInPlace({ checked: area.value, draft: undefined });
    }
    if (record) {
      const extra = analysis.chrf === null ? {} : { score: Math.round(analysis.chrf * 10) / 10 };
      analysis.terms.forEach((term, i) => {
        const outcome = termOutcome(term);
        if (outcome === null) return;
        ctx.record(p.terms[i], p.zh, area.value, outcome,
          { ...extra, rendering: term.verdict, consistent: term.consistent });
      });
    }
    // The drill's tally counts the passage once, whatever the number of its terms.
    ctx.answered = 1;
    ctx.right = outcomes.every((o) => o === "right") ? 1 : 0;
    const overall = outcomes.includes("wrong") ? "wrong"
      : outcomes.includes("almost") ? "almost" : "right";
    ctx.say(overall,
      h("p", { class: "td-score" }, ctx.t("paragraph.score",
        { score: analysis.score.total.toFixed(0) })),
      h("p", { class: "td-chrf" }, analysis.chrf === null ? ctx.t("paragraph.noChrf")
        : ctx.t("paragraph.chrf", { score: analysis.chrf.toFixed(1) })),
      again ? ctx.t("paragraph.again") : null);
    details.replaceChildren(report(ctx, analysis));
    revise.hidden = false;
  };

  const submit = () => {
    if (check.disabled) return;
    if (!area.value.trim()) {
      ctx.say("empty", ctx.t("empty"));
      area.focus();
      return;
    }
    checks++;
    show(analyseAnswer(passage, area.value), { record: checks === 1, again: checks > 1 });
  };

  // A draft is kept with the place as it is typed (in the page's storage after the next
  // frame, or at once when the page is hidden), sent to a kernel when the box is left.
  area.addEventListener("input", () => ctx.keepInPlace({ draft: area.value }, { send: false }));
  area.addEventListener("change", () => ctx.send());
  area.addEventListener("keydown", (event) => {
    if (isSubmitKey(event, { withModifier: true })) {
      event.preventDefault();
      submit();
    }
  });
  const check = button(ctx.t("check"), submit, { class: "td-btn td-check" });
  // Revise: the answer is editable again; the feedback stays until the next check.
  const editable = () => {
    area.readOnly = false;
    check.disabled = false;
    revise.hidden = true;
  };
  const revise = button(ctx.t("paragraph.revise"), () => {
    editable();
    ctx.keepInPlace({ draft: area.value });  // a reload comes back to the revision
    area.focus();
  }, { class: "td-btn td-revise", hidden: true });
  ctx.body.replaceChildren(
    h("div", { class: "td-prompt" },
      h("p", { class: "td-passage", lang: ZH }, p.zh),
      p.source ? h("p", { class: "td-source" },
        withLang(ctx.t("paragraph.source", { source: p.source })))
        : null),
    h("div", { class: "td-answer" }, h("label", { for: areaId }, ctx.t("paragraph.label")),
      area, check, revise));
  // The details (terms, the aligned view) come after the score, which is in the live region.
  ctx.feedback.after(details);
  // Resumed: the text checked last and its feedback again, then the draft being revised,
  // if any; or only a draft, never checked.
  const draft = ctx.placeField("draft");
  if (checked !== undefined) {
    area.value = checked;
    show(analyseAnswer(passage, checked), { record: false, resumed: true,
      again: recorded !== undefined && checked !== recorded });
    if (draft !== undefined) {
      area.value = draft;
      editable();
    }
  } else if (draft !== undefined) {
    area.value = draft;
  }
}
