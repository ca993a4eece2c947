// termdrills words for screen readers: what a drill shows by position, colour or
// strike-through, said in words (no DOM: tested by `node --test tests/js/`).

const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
const ZH_CHARS = `${HAN}\u3000-\u303f\uff01-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7`;
const ZH_RUN = new RegExp(`[0-9]*[${ZH_CHARS}](?:[${ZH_CHARS}0-9+]*[${ZH_CHARS}])?`, "gu");
const HAN_CHAR = new RegExp(`[${HAN}]`, "u");

/**
 * `text` cut into its Chinese runs and the rest, in order: [{text, zh}]. A run is
 * Chinese characters with the Chinese punctuation, digits and "+" between them, as
 * the book marks them (termdrills/_lang.py), so each can carry lang="zh-CN".
 */
export function zhRuns(text) {
  const s = String(text ?? "");
  const parts = [];
  let pos = 0;
  for (const m of s.matchAll(ZH_RUN)) {
    if (!HAN_CHAR.test(m[0])) continue;
    if (m.index > pos) parts.push({ text: s.slice(pos, m.index), zh: false });
    parts.push({ text: m[0], zh: true });
    pos = m.index + m[0].length;
  }
  if (pos < s.length) parts.push({ text: s.slice(pos), zh: false });
  return parts;
}

/**
 * A near-miss diff (ops from text.js `diff`) as words: the missing and the extra
 * pieces in order, e.g. [{what: "missing", text: "s"}, {what: "extra", text: "x"}].
 * A piece is a run of adjacent missing (or extra) characters.
 */
export function diffPieces(ops) {
  const pieces = [];
  for (const { op, text } of ops ?? []) {
    if (op !== "ins" && op !== "del") continue;
    pieces.push({ what: op === "ins" ? "missing" : "extra", text });
  }
  return pieces;
}

/** The diff as one sentence: "Missing: “s”; extra: “x”." (`t` formats the interface
 * strings diff.*; a piece of white space is said as "a space": quoted, it is silent). */
export function diffSentence(ops, t) {
  const parts = diffPieces(ops).map(({ what, text }) =>
    t(what === "missing" ? "diff.missingText" : "diff.extraText",
      { text: text.trim() === "" ? t("diff.space") : t("diff.quoted", { text }) }));
  return parts.length ? `${parts.join(t("diff.separator"))}${t("diff.end")}` : "";
}

/**
 * What a screen reader hears when a flashcard is shown or turned:
 * "Card 2 of 8, front: 政务服务" / "Back: government services. Also accepted: …".
 * Returns the parts in order, each {text, zh} (zh: true for Chinese text), so the
 * caller can mark the Chinese parts with lang="zh-CN".
 */
export function cardWords({ item, showing, flipped, n, total, t }) {
  const parts = [];
  if (!flipped) {
    parts.push({ text: `${t("cards.position", { n, total })}: `, zh: false });
    parts.push(side(item, showing));
  } else {
    parts.push({ text: `${t("cards.back")}: `, zh: false });
    parts.push(side(item, showing === "zh" ? "en" : "zh"));
    if (showing === "zh" && item.alt_en?.length) {
      parts.push({ text: `. ${t("cards.alt")} ${item.alt_en.join("; ")}`, zh: false });
    }
    if (showing === "en" && item.pinyin) parts.push({ text: ` (${item.pinyin})`, zh: false });
  }
  return parts;
}

function side(item, which) {
  return which === "zh" ? { text: item.zh, zh: true } : { text: item.en, zh: false };
}
