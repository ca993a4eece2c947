// When the next review is, in words.
import assert from "node:assert/strict";
import { test } from "node:test";

import { format } from "../../termdrills/static/core/text.js";
import { inWords } from "../../termdrills/static/core/time.js";
import STRINGS from "../../termdrills/i18n/strings.json" with { type: "json" };

const t = (key, values) => format(STRINGS.en[key], values);
const zh = (key, values) => format(STRINGS.zh[key], values);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

test("minutes, hours, tomorrow, days, months, years; rounding never says 60 or 24", () => {
  const now = 1_700_000_000_000;
  const cases = [[0, "now"], [30_000, "now"], [MIN, "in 1 minute"], [10 * MIN, "in 10 minutes"],
    [59.6 * MIN, "in 1 hour"], [3 * HOUR, "in 3 hours"], [23.7 * HOUR, "tomorrow"],
    [DAY, "tomorrow"], [3 * DAY, "in 3 days"], [45 * DAY, "in 45 days"],
    [90 * DAY, "in 3 months"], [400 * DAY, "in 13 months"], [800 * DAY, "in 2 years"]];
  for (const [wait, words] of cases) assert.equal(inWords(now + wait, now, t), words, words);
  assert.equal(inWords(now + 3 * DAY, now, zh), "3 天后");
});
