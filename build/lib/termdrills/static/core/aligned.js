// termdrills aligned bilingual view in the page: Chinese | official or model
// translation | the student's, clause by clause, built from an analysis dict
// (core/analysis.js). The same table as termdrills/grading/view.py renders for the
// grader's report and the lessons: each term is a <mark> with its number as visible
// text and its colour (tK, K = 0–7) in every column, so colour never carries the
// information alone; in English columns the kind of rendering is also a glyph, an
// underline style and words for screen readers. All text goes in as text nodes.
import { h, withLang, ZH } from "./dom.js";

const MARK_GLYPH = { preferred: "✓", accepted: "≈", deprecated: "✗", candidate: "?" };

/** One term occurrence: number, text, glyph and (for screen readers) what it is. */
export function termMark(ctx, { n, text, kind = "zh" }) {
  const glyph = MARK_GLYPH[kind];
  return h("mark", { class: `t${(n - 1) % 8} v-${kind}` },
    h("sup", { class: "tn" }, String(n)), withLang(text),  // Chinese marked as such
    glyph ? h("span", { class: "vg", "aria-hidden": "true" }, glyph) : null,
    glyph ? h("span", { class: "td-sr" }, ` (${ctx.t(`paragraph.mark.${kind}`)})`) : null);
}

function alignedCell(ctx, runs, chinese) {
  const lang = chinese ? ZH : "en";
  if (!runs || !runs.length) return h("td", { class: "empty", lang }, "—");
  return h("td", { lang }, runs.map((run) => (run.term === undefined ? run.text
    : termMark(ctx, { n: run.term, text: run.text, kind: run.kind }))));
}

/** The aligned view of an analysis as a <table>; the chrF column when a segment has one. */
export function alignedTable(ctx, analysis) {
  const { segments } = analysis;
  const hasRef = segments.some((seg) => seg.rows.some((row) => row.reference !== null));
  const hasAnswer = segments.some((seg) => seg.rows.some((row) => row.answer !== null));
  const withChrf = segments.some((seg) => seg.chrf !== null);
  const refLabel = analysis.reference.kind === "official"
    ? ctx.t("paragraph.col.official") : ctx.t("paragraph.col.model");
  const columns = 1 + (hasRef ? 1 : 0) + (hasAnswer ? 1 : 0) + (withChrf ? 1 : 0);
  const head = h("tr", {},
    h("th", { scope: "col" }, ctx.t("paragraph.col.zh")),
    hasRef ? h("th", { scope: "col", class: `td-col-${analysis.reference.kind}` }, refLabel) : null,
    hasAnswer ? h("th", { scope: "col" }, ctx.t("paragraph.col.answer")) : null,
    withChrf ? h("th", { scope: "col", class: "chrf" }, ctx.t("paragraph.col.chrf")) : null);
  const bodies = segments.map((seg) => {
    const rows = seg.rows.map((row, k) => h("tr", {},
      alignedCell(ctx, row.zh, true),
      hasRef ? alignedCell(ctx, row.reference, false) : null,
      hasAnswer ? alignedCell(ctx, row.answer, false) : null,
      withChrf && k === 0 ? h("td", { class: "chrf", rowspan: String(seg.rows.length) },
        seg.chrf === null ? "–" : seg.chrf.toFixed(1)) : null));
    if (seg.how === "merged") {
      rows.push(h("tr", { class: "td-merged" },
        h("td", { colspan: String(columns) }, ctx.t("paragraph.merged"))));
    }
    return h("tbody", { class: `td-seg-${seg.how}` }, rows);
  });
  return h("table", { class: "td-aligned" }, h("thead", {}, head), bodies);
}
