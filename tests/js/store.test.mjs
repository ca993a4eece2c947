// The review store: FSRS cards per term, the format of termdrills/schema/store.schema.json,
// the migration of version 1 (Leitner) progress, the forecast and the standing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import { fsrsRetrievability } from "../../termdrills/static/core/fsrs.js";
import { schemaProblem } from "../../termdrills/static/core/schema.js";
import {
  DAY, LEARN_AHEAD, STORE_VERSION, dueTerms, emptyStore, forecast, importStore, parseStore,
  ratingOf, recordAnswer, standing,
} from "../../termdrills/static/core/store.js";

const FORMAT = JSON.parse(readFileSync(new URL("../../termdrills/schema/store.schema.json",
  import.meta.url), "utf8"));
const now = 1_700_000_000_000;
const MIN = 60_000;

describe("answers become FSRS reviews", () => {
  test("verdicts and flashcard ratings map to the four ratings, empty to none", () => {
    assert.deepEqual(["again", "hard", "good", "easy"].map(ratingOf), [1, 2, 3, 4]);
    assert.deepEqual(["wrong", "almost", "right", "empty"].map(ratingOf), [1, 2, 3, null]);
    const empty = emptyStore("c");
    assert.equal(recordAnswer(empty, "t", "empty", now), empty);  // no review, no change
  });
  test("a first right answer: a learning card due after the second learning step", () => {
    const s = recordAnswer(emptyStore("c"), "t", "right", now, "lesson-a");
    const c = s.terms.t;
    assert.equal(c.state, 1);
    assert.equal(c.due, now + 10 * MIN);
    assert.equal(c.lesson, "lesson-a");
    assert.deepEqual([c.seen, c.right, c.wrong, c.again], [1, 1, 0, 0]);
    assert.deepEqual(c.log, [[now, 3]]);
    assert.equal(schemaProblem(s, FORMAT), "");
  });
  test("easy graduates at once; intervals grow with good answers a day apart", () => {
    let s = recordAnswer(emptyStore("c"), "t", "easy", now);
    assert.equal(s.terms.t.state, 2);
    let last = 0;
    for (let day = 1; day < 60; day = Math.ceil((s.terms.t.due - now) / DAY) + 1) {
      s = recordAnswer(s, "t", "good", now + day * DAY);
      const wait = s.terms.t.due - (now + day * DAY);
      assert.ok(wait > last, `${wait} after ${last}`);
      last = wait;
    }
  });
  test("again: counted, relearning soon, and the log keeps the latest 32 reviews", () => {
    let s = recordAnswer(emptyStore("c"), "t", "easy", now);
    s = recordAnswer(s, "t", "again", now + 5 * DAY);
    assert.equal(s.terms.t.state, 3);
    assert.equal(s.terms.t.due, now + 5 * DAY + 10 * MIN);
    assert.deepEqual([s.terms.t.wrong, s.terms.t.again], [1, 1]);
    for (let k = 0; k < 40; k++) s = recordAnswer(s, "t", "good", now + (6 + k) * DAY);
    assert.equal(s.terms.t.log.length, FORMAT.$defs.card.properties.log.maxItems);
    assert.equal(schemaProblem(s, FORMAT), "");
  });
  test("the desired retention shortens or lengthens the wait", () => {
    const at = (r) => recordAnswer(recordAnswer(emptyStore("c"), "t", "easy", now), "t", "good",
      now + 10 * DAY, "", { desired_retention: r }).terms.t.due;
    assert.ok(at(0.95) < at(0.9) && at(0.9) < at(0.8));
  });
});

describe("due, forecast, standing", () => {
  let s = emptyStore("c");
  s = recordAnswer(s, "b", "again", now - 2 * DAY, "l1");  // relearning, overdue
  s = recordAnswer(s, "a", "again", now - DAY, "l1");
  s = recordAnswer(s, "c", "easy", now, "l2");  // due in days
  test("only met and due terms (learn-ahead included), most overdue first", () => {
    assert.deepEqual(dueTerms(s, ["a", "b", "c", "zzz"], now), ["b", "a"]);
    const soon = recordAnswer(emptyStore("c"), "x", "right", now).terms;
    assert.deepEqual(dueTerms({ terms: soon }, ["x"], now), ["x"]);  // 10 min < learn-ahead
    assert.ok(10 * MIN < LEARN_AHEAD);
  });
  test("the 7-day forecast counts cards due today (overdue included) and each next day", () => {
    const counts = forecast(s, ["a", "b", "c"], now, now - (now % DAY));
    assert.equal(counts.length, 7);
    assert.equal(counts[0], 2);
    const cDay = Math.floor((s.terms.c.due - (now - (now % DAY))) / DAY);
    assert.equal(counts.reduce((x, y) => x + y), cDay < 7 ? 3 : 2);
  });
  test("standing: met, due, and per lesson the mean recall now and the share right", () => {
    const st = standing(s, ["a", "b", "c", "zzz"], now);
    assert.equal(st.met, 3);
    assert.equal(st.due, 2);
    const l2 = st.lessons.find((l) => l.lesson === "l2");
    assert.equal(l2.recall, fsrsRetrievability(s.terms.c, now));
    assert.equal(l2.accuracy, 1);
    assert.equal(st.lessons.find((l) => l.lesson === "l1").accuracy, 0);
  });
});

describe("the stored format", () => {
  const good = JSON.stringify(recordAnswer(emptyStore("course-a"), "t1", "right", now, "l"));
  test("round trip, version 2", () => {
    const { store, problem, migrated } = parseStore(good, "course-a", now);
    assert.equal(problem, null);
    assert.equal(migrated, false);
    assert.equal(store.version, STORE_VERSION);
    assert.deepEqual(store.terms.t1, JSON.parse(good).terms.t1);
  });
  test("nothing stored is a fresh store, no notice", () => {
    assert.deepEqual(parseStore(null, "c"), { store: emptyStore("c"), problem: null,
      migrated: false, detail: "" });
  });
  test("version 1 (Leitner) migrates: every term, its counts, lesson and due date kept", () => {
    const v1 = JSON.stringify({ schema: "termdrills-review", version: 1, course: "c", terms: {
      known: { box: 4, due: now + 3 * DAY, seen: 6, right: 5, wrong: 1, lesson: "l1",
        last: now - 4 * DAY },
      never: { box: 1, due: now, seen: 2, right: 0, wrong: 2, lesson: "l2", last: now } } });
    const { store, problem, migrated } = parseStore(v1, "c", now);
    assert.equal(problem, null);
    assert.equal(migrated, true);
    assert.deepEqual(Object.keys(store.terms).sort(), ["known", "never"]);
    const k = store.terms.known;
    assert.deepEqual([k.seen, k.right, k.wrong, k.lesson, k.due, k.state, k.stability],
      [6, 5, 1, "l1", now + 3 * DAY, 2, 7]);
    assert.equal(store.terms.never.state, 1);
    assert.equal(schemaProblem(store, FORMAT), "");
    // and an old export still imports
    const merged = importStore(emptyStore("c"), v1, now);
    assert.equal(merged.problem, null);
    assert.equal(Object.keys(merged.store.terms).length, 2);
  });
  test("corrupt: not JSON, wrong shapes, bad cards, counts that contradict", () => {
    const card = JSON.parse(good).terms.t1;
    for (const text of ["{", "null", "[]", "42", '"x"', '{"schema":"other"}',
      JSON.stringify({ schema: "termdrills-review", version: 2, course: "course-a", terms: [] }),
      JSON.stringify({ schema: "termdrills-review", version: 1, course: "course-a",
        terms: { t: { box: 9 } } }),
      JSON.stringify({ schema: "termdrills-review", version: 2, course: "course-a",
        terms: { t: null } }),
      JSON.stringify({ schema: "termdrills-review", version: 2, course: "course-a",
        terms: { t: { ...card, wrong: 5 } } }),
      JSON.stringify({ schema: "termdrills-review", version: 2, course: "course-a",
        terms: { t: { ...card, difficulty: 11 } } }),
      JSON.stringify({ schema: "termdrills-review", version: 2, course: "course-a",
        terms: { t: { ...card, extra: 1 } } })]) {
      const r = parseStore(text, "course-a", now);
      assert.equal(r.problem, "corrupt", text);
      assert.deepEqual(r.store, emptyStore("course-a"));
    }
  });
  test("foreign: another course or an unknown version", () => {
    assert.equal(parseStore(good, "course-b").problem, "foreign");
    const v9 = JSON.stringify({ ...JSON.parse(good), version: 9 });
    assert.equal(parseStore(v9, "course-a").problem, "foreign");
  });
  test("a term id like __proto__ is data, not a prototype", () => {
    const text = '{"schema":"termdrills-review","version":1,"course":"c","terms":{"__proto__":' +
      '{"box":1,"due":0,"seen":1,"right":0,"wrong":1}}}';
    const { store, problem } = parseStore(text, "c", now);
    assert.equal(problem, null);
    assert.equal(Object.keys(store.terms).length, 1);
  });
  test("import merges, the latest review wins; a bad file changes nothing", () => {
    const mine = recordAnswer(emptyStore("course-a"), "t2", "wrong", now + 1);
    const merged = importStore(mine, good, now);
    assert.equal(merged.problem, null);
    assert.deepEqual(Object.keys(merged.store.terms).sort(), ["t1", "t2"]);
    const newer = recordAnswer(emptyStore("course-a"), "t1", "wrong", now + DAY);
    assert.equal(importStore(newer, good, now).store.terms.t1.wrong, 1);
    const failed = importStore(mine, "not json", now);
    assert.equal(failed.problem, "corrupt");
    assert.equal(failed.store, mine);
  });
  test("a card the scheduler cannot take: the whole file refused, the card named", () => {
    const card = JSON.parse(good).terms.t1;
    const store = (changes) => JSON.stringify({ schema: "termdrills-review", version: 2,
      course: "course-a", terms: { ok: card, t: { ...card, state: 2, step: null, ...changes } } });
    const cases = [
      [{ stability: 0 }, "term 't': stability 0 is below 0.001 (the scheduler's minimum)"],
      [{ stability: 0.0005 }, "term 't': stability 0.0005 is below 0.001 (the scheduler's minimum)"],
      [{ stability: null }, "term 't': in review (state 2) without a stability"],
      [{ state: 3, step: 0, difficulty: null }, "term 't': in relearning (state 3) without a difficulty"],
      [{ stability: 1e300 }, "malformed at /terms/t/stability: too large"],
    ];
    for (const [changes, detail] of cases) {
      const r = parseStore(store(changes), "course-a", now);
      assert.deepEqual([r.problem, r.detail], ["corrupt", detail]);
      const mine = recordAnswer(emptyStore("course-a"), "x", "right", now);
      const imported = importStore(mine, store(changes), now);
      assert.equal(imported.store, mine);  // nothing taken, not even the good card
      assert.equal(imported.detail, detail);
    }
  });
  test("a version 1 record is taken only if the card it migrates to is good", () => {
    const v1 = (due) => JSON.stringify({ schema: "termdrills-review", version: 1, course: "c",
      terms: { t: { box: 3, due, seen: 3, right: 2, wrong: 1 } } });
    // due at the earliest date a Date holds: last review = due − 3 days, before it
    const r = parseStore(v1(-8.64e15), "c", now);
    assert.deepEqual([r.problem, r.detail], ["corrupt", "term 't': last review " +
      "-8640000259200000 is not a date (as migrated from version 1)"]);
    assert.equal(parseStore(v1(8.64e15), "c", now).problem, null);  // the latest: fine
  });
  test("every answer leaves a store the next page load reads", () => {
    // Cards at every bound (stability 0.001 and 1,000,000 days, difficulty 1 and 10, dates
    // at either end of what a Date holds), each rated every way, same day and later.
    const bounds = [];
    for (const stability of [0.001, 1, 999_999.9, 1e6]) {
      for (const difficulty of [1, 5.5, 10]) {
        for (const [due, last] of [[now, now - DAY], [8.64e15, 8.64e15], [-8.64e15, -8.64e15],
          [now, null]]) {
          for (const state of [1, 2, 3]) {
            bounds.push({ state, step: state === 2 ? null : 0, stability, difficulty, due,
              last_review: last, seen: 1, right: 1, wrong: 0, again: 0, lesson: "", log: [] });
          }
        }
      }
    }
    let answers = 0;
    for (const card of bounds) {
      const s = { ...emptyStore("c"), terms: { t: card } };
      assert.equal(parseStore(JSON.stringify(s), "c", now).problem, null, JSON.stringify(card));
      for (const outcome of ["again", "hard", "good", "easy"]) {
        for (const at of [now, now + 3 * DAY, now + 40_000 * DAY]) {
          const after = recordAnswer(s, "t", outcome, at);
          const back = parseStore(JSON.stringify(after), "c", now);
          assert.equal(back.problem, null, `${JSON.stringify(card)} ${outcome} ${at}: ${back.detail}`);
          assert.equal(after.terms.t.seen, 2);  // and the answer was recorded
          answers++;
        }
      }
    }
    assert.ok(answers > 1000);
  });
  test("a stability grown past the format's 1,000,000 days is kept at 1,000,000", () => {
    const card = { state: 2, step: null, stability: 1e6, difficulty: 1, due: now,
      last_review: now - 400 * DAY, seen: 1, right: 1, wrong: 0, again: 0, log: [] };
    const after = recordAnswer({ ...emptyStore("c"), terms: { t: card } }, "t", "easy", now);
    assert.equal(after.terms.t.stability, 1e6);
    assert.equal(after.terms.t.due, now + 36_500 * DAY);  // the longest interval, as before
  });
  test("an answer that would be scheduled past the last date a Date holds is not recorded", () => {
    const s = emptyStore("c");
    assert.equal(recordAnswer(s, "t", "easy", 8.64e15), s);
  });
  test("an imported term id __proto__ is a term, not the store's prototype", () => {
    const card = JSON.parse(good).terms.t1;
    // (a computed key makes an own property "__proto__", which JSON.stringify writes)
    const text = JSON.stringify({ schema: "termdrills-review", version: 2, course: "course-a",
      terms: { ["__proto__"]: card, t2: card } });
    assert.ok(text.includes('"__proto__":'));
    const merged = importStore(emptyStore("course-a"), text, now);
    assert.equal(merged.problem, null);
    assert.deepEqual(Object.keys(merged.store.terms).sort(), ["__proto__", "t2"]);
    assert.equal(Object.getPrototypeOf(merged.store.terms), null);
    const back = parseStore(JSON.stringify(merged.store), "course-a", now);
    assert.deepEqual(Object.keys(back.store.terms).sort(), ["__proto__", "t2"]);
    assert.deepEqual(dueTerms(back.store, ["__proto__", "constructor"], now + 30 * DAY),
      ["__proto__"]);
  });
  test("garbage never throws", () => {
    let seed = 99;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const samples = ["", "{}", "[1,2]", "true", '{"schema":"termdrills-review"}'];
    for (let k = 0; k < 300; k++) {
      samples.push(JSON.stringify({ schema: "termdrills-review", version: r() < 0.5 ? 1 : 2,
        course: "c", terms: { [`t${k}`]: { box: Math.floor(r() * 8) - 1, due: r() * 1e12,
          seen: Math.floor(r() * 3), right: 0, wrong: 0, state: Math.floor(r() * 4),
          step: null, stability: r() * 10, difficulty: r() * 12, last_review: null } } }));
    }
    for (const s of samples) {
      const { store, problem } = parseStore(s, "c", now);
      assert.ok(problem === null || problem === "corrupt" || problem === "foreign");
      assert.equal(store.course, "c");
      importStore(emptyStore("c"), s, now);
      standing(store, Object.keys(store.terms), now);
    }
  });
});
