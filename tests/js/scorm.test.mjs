// Node tests of SCORM 1.2 reporting (termdrills/static/core/scorm.js): `node --test tests/js/`.
// The same code against a real LMS runtime (scorm-again) in Chromium is
// tests/test_scorm_browser.py; these check each rule with a recording fake API.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  findScormApi, SCORM_MASTERY, SCORM_SUSPEND_MAX, scormIdentifier, scormItems, scormResponse,
  scormResume, scormSession, scormSuspend, scormTime, scormTimespan,
} from "../../termdrills/static/core/scorm.js";

/** A fake LMS: answers LMSGetValue from `held`, records every LMSSetValue. */
function fakeApi(held = {}, { init = "true" } = {}) {
  const values = { ...held };
  const calls = [];
  return {
    values, calls,
    LMSInitialize: () => { calls.push(["init"]); return init; },
    LMSFinish: () => { calls.push(["finish"]); return "true"; },
    LMSGetValue: (key) => values[key] ?? "",
    LMSSetValue: (key, value) => { values[key] = value; calls.push([key, value]); return "true"; },
    LMSCommit: () => { calls.push(["commit"]); return "true"; },
  };
}

const mc = { kind: "multiple_choice", drill_id: "mc-1",
  payload: { questions: [{ id: "state-council" }, { id: "guideline" }] } };
const cards = { kind: "flashcards", drill_id: "cards-1",
  payload: { items: [{ id: "state-council" }, { id: "guideline" }] } };
const row = (id, verdict, answer = "x") => ({ term_id: id, verdict, answer, prompt: "p" });

describe("finding the LMS's API", () => {
  const api = fakeApi();
  const chain = (depth, top) => {
    let w = { ...top };
    w.parent = w;
    for (let i = 0; i < depth; i++) w = { parent: w };
    return w;
  };
  test("on the window itself, or a parent up to 7 levels", () => {
    assert.equal(findScormApi({ API: api }), api);
    assert.equal(findScormApi(chain(3, { API: api })), api);
    assert.equal(findScormApi(chain(7, { API: api })), api);
  });
  test("not beyond 7 levels; then the opener's chain", () => {
    assert.equal(findScormApi(chain(9, { API: api })), null);
    assert.equal(findScormApi({ parent: null, opener: chain(2, { API: api }) }), api);
  });
  test("a frame of another origin (reading it throws) is passed over", () => {
    const foreign = { get API() { throw new Error("SecurityError"); } };
    foreign.parent = foreign;
    assert.equal(findScormApi({ parent: foreign }), null);
    assert.equal(findScormApi(undefined), null);
  });
});

describe("what is written", () => {
  test("interaction ids are CMIIdentifiers: drill and term, no spaces, at most 255", () => {
    assert.equal(scormIdentifier("multiple_choice-0a1b", "state-council"),
      "multiple_choice-0a1b.state-council");
    const odd = scormIdentifier("d 1", "<script>é 政务");
    assert.match(odd, /^[A-Za-z0-9_.-]+$/);
    assert.equal(scormIdentifier("d", "x".repeat(400)).length, 255);
  });
  test("student responses: one line, cut to 255 characters", () => {
    assert.equal(scormResponse("a\nb\r\nc"), "a b c");
    assert.equal(scormResponse("长".repeat(300)).length, 255);
    assert.equal(scormResponse(undefined), "");
  });
  test("a cut never splits a character: no half of a surrogate pair is sent", () => {
    // 254 letters, then 😀 (two UTF-16 code units): a cut at 255 would keep its first
    // half, which Moodle's runtime cannot encode (encodeURIComponent throws URIError).
    const cut = scormResponse(`${"a".repeat(254)}😀 and more`);
    assert.equal(cut, "a".repeat(254));
    assert.doesNotThrow(() => encodeURIComponent(cut));
    const ext = scormResponse("𠮷".repeat(200));  // CJK Extension B: all pairs
    assert.equal(ext.length, 254);
    assert.equal([...ext].length, 127);
    assert.doesNotThrow(() => encodeURIComponent(ext));
    assert.equal(scormResponse("x\uD800y\uDC00z"), "xyz");  // lone halves dropped
  });
  test("times: HH:MM:SS of day, HHHH:MM:SS.SS spans", () => {
    assert.equal(scormTime(new Date(2025, 0, 2, 9, 5, 7)), "09:05:07");
    assert.equal(scormTimespan(3_723_450), "0001:02:03.45");
  });
  test("graded drills count each item once; flashcards and review are not scored", () => {
    assert.deepEqual(scormItems(mc).scored.length, 2);
    assert.deepEqual(scormItems(cards), { scored: [], unscored: scormItems(cards).unscored });
    assert.equal(scormItems({ kind: "review", payload: { items: [{ id: "a" }] } }).unscored
      .length, 0);
    const matching = { kind: "matching", drill_id: "m", payload: { rounds: [
      { zh: [{ id: "a" }, { id: "b" }], en: [{ id: "b" }, { id: "a" }] }, { zh: [{ id: "c" }] }] } };
    assert.equal(scormItems(matching).scored.length, 3);
  });
});

describe("a session", () => {
  test("no LMS session: null, nothing set", () => {
    const api = fakeApi({}, { init: "false" });
    assert.equal(scormSession(api, [mc]), null);
    assert.equal(api.calls.filter((c) => c.length === 2).length, 0);
  });
  test("score is the share right by first answers; failed below the mastery score", () => {
    const api = fakeApi({ "cmi.core.lesson_status": "not attempted" });
    const s = scormSession(api, [mc, cards]);
    assert.equal(api.values["cmi.core.lesson_status"], "incomplete");
    s.record("multiple_choice", "mc-1", row("state-council", "wrong", "guideline"));
    s.record("multiple_choice", "mc-1", row("state-council", "right", "the State Council"));
    // Not every item answered: no score yet (an LMS would turn one into passed or failed
    // when the page closes), and still incomplete.
    assert.equal(api.values["cmi.core.score.raw"], undefined);
    assert.equal(api.values["cmi.core.lesson_status"], "incomplete");
    s.record("multiple_choice", "mc-1", row("guideline", "right", "guideline"));
    assert.equal(api.values["cmi.core.score.raw"], "50");
    assert.equal(api.values["cmi.core.score.max"], "100");
    assert.equal(api.values["cmi.core.lesson_status"], "failed");
    assert.equal(api.values["cmi.interactions.0.id"], "mc-1.state-council");
    assert.equal(api.values["cmi.interactions.0.type"], "choice");
    assert.equal(api.values["cmi.interactions.0.student_response"], "guideline");
    assert.equal(api.values["cmi.interactions.0.result"], "wrong");
    assert.equal(api.values["cmi.interactions.1.result"], "correct");
    s.record("flashcards", "cards-1", row("guideline", "easy", ""));
    assert.equal(api.values["cmi.interactions.3.type"], "likert");
    assert.equal(api.values["cmi.interactions.3.result"], "neutral");
    assert.equal(api.values["cmi.interactions.3.student_response"], "easy");
    assert.equal(api.values["cmi.core.score.raw"], "50", "flashcards do not change the score");
    s.finish();
    s.finish();
    assert.equal(api.calls.filter((c) => c[0] === "finish").length, 1);
    assert.equal(api.values["cmi.core.exit"], "suspend");
    assert.match(api.values["cmi.core.session_time"], /^\d{4}:\d\d:\d\d\.\d\d$/);
  });
  test("the LMS's mastery score decides passed; default is 80", () => {
    assert.equal(SCORM_MASTERY, 80);
    const api = fakeApi({ "cmi.student_data.mastery_score": "50" });
    const s = scormSession(api, [mc]);
    s.record("multiple_choice", "mc-1", row("state-council", "right"));
    s.record("multiple_choice", "mc-1", row("guideline", "wrong"));
    assert.equal(api.values["cmi.core.lesson_status"], "passed");
    s.finish();
    assert.equal(api.values["cmi.core.exit"], "");
  });
  test("a later visit never lowers the held score or a pass", () => {
    const api = fakeApi({ "cmi.core.score.raw": "100", "cmi.core.lesson_status": "passed",
      "cmi.interactions._count": "4" });
    const s = scormSession(api, [mc]);
    s.record("multiple_choice", "mc-1", row("state-council", "wrong"));
    s.record("multiple_choice", "mc-1", row("guideline", "wrong"));
    assert.equal(api.values["cmi.core.score.raw"], "100");
    assert.equal(api.values["cmi.core.lesson_status"], "passed");
    assert.equal(api.values["cmi.interactions.4.id"], "mc-1.state-council", "appended");
  });
  test("a page of flashcards only is completed once every card is rated", () => {
    const api = fakeApi();
    const s = scormSession(api, [cards]);
    s.record("flashcards", "cards-1", row("guideline", "again", ""));
    assert.equal(api.values["cmi.core.lesson_status"], "incomplete");
    s.record("flashcards", "cards-1", row("state-council", "good", ""));
    assert.equal(api.values["cmi.core.lesson_status"], "completed");
    assert.equal(api.values["cmi.core.score.raw"], undefined);
  });
  test("a student who leaves early is incomplete, with no score, and completes later", () => {
    const three = { kind: "multiple_choice", drill_id: "mc-3",
      payload: { questions: [{ id: "a" }, { id: "b" }, { id: "c" }] } };
    const api = fakeApi({ "cmi.student_data.mastery_score": "60" });
    let s = scormSession(api, [three]);
    s.record("multiple_choice", "mc-3", row("a", "right"));
    s.record("multiple_choice", "mc-3", row("b", "wrong"));
    s.finish();
    assert.equal(api.values["cmi.core.lesson_status"], "incomplete");
    assert.equal(api.values["cmi.core.score.raw"], undefined);
    assert.equal(api.values["cmi.core.exit"], "suspend");
    assert.match(api.values["cmi.suspend_data"], /^td1:[0-9a-z]+:10-$/);
    // The next visit (the page resumes at the third question): the first two count.
    const next = fakeApi({ ...api.values, "cmi.interactions._count": "2" });
    s = scormSession(next, [three]);
    s.record("multiple_choice", "mc-3", row("c", "right"));
    assert.equal(next.values["cmi.core.score.raw"], "67");
    assert.equal(next.values["cmi.core.lesson_status"], "passed");
    assert.equal(next.values["cmi.interactions.2.id"], "mc-3.c");
  });
  test("suspend data: one character per item, read back only into the same items", () => {
    const keys = ["d\u001fa", "d\u001fb", "d\u001fc"];
    const first = new Map([["d\u001fa", true], ["d\u001fc", false]]);
    const data = scormSuspend(keys, first);
    assert.deepEqual(scormResume(keys, data), first);
    assert.equal(scormResume(["d\u001fx", ...keys.slice(1)], data).size, 0);  // other items
    assert.equal(scormResume(keys, "someone else's data").size, 0);
    const many = Array.from({ length: 6000 }, (_, i) => `d\u001f${i}`);
    const all = new Map(many.map((k) => [k, true]));
    assert.equal(scormSuspend(many, all).length, SCORM_SUSPEND_MAX);  // SCORM 1.2: 4,096
  });
  test("an API that throws never reaches the drill", () => {
    const api = fakeApi();
    const s = scormSession(api, [mc]);
    api.LMSSetValue = () => { throw new Error("LMS down"); };
    assert.doesNotThrow(() => s.record("multiple_choice", "mc-1", row("guideline", "right")));
    assert.doesNotThrow(() => s.finish());
  });
});
