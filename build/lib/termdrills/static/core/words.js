// termdrills words for screen readers: Chinese runs to mark with their language, and
// what a flashcard shows, said in words (no DOM: tested by `node --test tests/js/`).
// (A near miss in words is text.js `diffWords`.)

const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
const ZH_CHARS = `${HAN}\u3000-\u303f\uff01-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7`;
const ZH_RUN = new RegExp(`[0-9]*[${ZH_CHARS}](?:[${ZH_CHARS}0-9+]*[${ZH_CHARS}])?`, "gu");
const HAN_CHAR = new RegExp(`[${HAN}]`, "u");

/**
 * `text` cut into its Chinese runs and the rest, in order: [{text, zh}]. A run is
 * Chinese characters with the Chinese punctuation, digits and "+" between them, as
 * the book marks them (termdrills/text/chinese.py), so each can carry lang="zh-CN".
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
