// What the drills say in words where the eye gets colour, position or strike-through.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { format } from "../../termdrills/static/core/text.js";
import { cardWords, ZH_LANG, zhRuns } from "../../termdrills/static/core/words.js";

const STRINGS = JSON.parse(readFileSync(new URL("../../termdrills/i18n/strings.json",
  import.meta.url), "utf8"));
const t = (key, values) => format(STRINGS.en[key], values);

test("a card is said with its position, its back with the accepted alternatives", () => {
  const item = { zh: "政务服务", en: "government services", pinyin: "zhèngwù fúwù",
    alt_en: ["government affairs services"] };
  const front = cardWords({ item, showing: "zh", flipped: false, n: 2, total: 8, t });
  assert.equal(front.map((p) => p.text).join(""), "Card 2 of 8: 政务服务");
  assert.deepEqual(front.filter((p) => p.zh).map((p) => p.text), ["政务服务"]);
  const back = cardWords({ item, showing: "zh", flipped: true, n: 2, total: 8, t });
  assert.equal(back.map((p) => p.text).join(""),
    "Back: government services. Also accepted: government affairs services");
  const enBack = cardWords({ item, showing: "en", flipped: true, n: 1, total: 8, t });
  assert.equal(enBack.map((p) => p.text).join(""), "Back: 政务服务 (zhèngwù fúwù)");
  assert.deepEqual(enBack.filter((p) => p.zh).map((p) => p.text), ["政务服务"]);
});

test("Chinese runs of a sentence, as the book marks them", () => {
  const runs = zhRuns("“政务服务” and “government services” are not a pair; 2020年11月19日，互联网+政务服务.");
  assert.deepEqual(runs.filter((r) => r.zh).map((r) => r.text),
    ["“政务服务”", "2020年11月19日，互联网+政务服务"]);
  assert.equal(runs.map((r) => r.text).join(""),
    "“政务服务” and “government services” are not a pair; 2020年11月19日，互联网+政务服务.");
  assert.deepEqual(zhRuns("Right."), [{ text: "Right.", zh: false }]);
  assert.deepEqual(zhRuns(""), []);
});

test("Chinese runs: the table Python runs too (tests/data/chinese_runs.json)", () => {
  const table = JSON.parse(readFileSync(new URL("../data/chinese_runs.json", import.meta.url),
    "utf8"));
  for (const [text, what, pieces] of table.runs) {
    assert.deepEqual(zhRuns(text).map((r) => [r.text, r.zh]), pieces, what);
  }
  assert.equal(ZH_LANG, table.lang);
});
