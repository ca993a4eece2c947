// termdrills words for screen readers: Chinese runs to mark with their language, and
// what a flashcard shows, said in words (no DOM: tested by `node --test tests/js/`).
// (A near miss in words is text.js `diffWords`.)
//
// The language tag, the Han range and the Chinese-run rule are termdrills/i18n/chinese.json,
// the data termdrills/text/chinese.py reads too (tests/data/chinese_runs.json runs both).
import CHINESE from "../../i18n/chinese.json" with { type: "json" };

/** The language tag of Chinese text ("zh-CN"). */
export const ZH_LANG = CHINESE.lang;
/** The language tag of pinyin ("zh-Latn-pinyin"): Latin letters, not Chinese characters. */
export const PINYIN_LANG = CHINESE.pinyin_lang;
const ZH_CHARS = `${CHINESE.han}${CHINESE.punctuation}`;
const ZH_RUN = new RegExp(`[0-9]*[${ZH_CHARS}](?:[${ZH_CHARS}0-9+]*[${ZH_CHARS}])?`, "gu");
const HAN_CHAR = new RegExp(`[${CHINESE.han}]`, "u");

/** True when `text` holds a Chinese (Han) character. */
export const hasHan = (text) => HAN_CHAR.test(String(text ?? ""));

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
