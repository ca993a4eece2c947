// Node tests of chrF (termdrills/static/core/chrf.js): `node --test tests/js/`.
// Equality with sacreBLEU over hundreds of pairs is tests/test_chrf_oracle.py; the
// figures quoted here are sacreBLEU 2.6.0's CHRF().sentence_score(hyp, refs).score.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { chrF } from "../../termdrills/static/core/chrf.js";

const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

describe("chrF as sacreBLEU computes it", () => {
  test("the same text scores 100; nothing in common scores 0", () => {
    assert.equal(chrF("government services", ["government services"]), 100);
    assert.equal(chrF("xyz", ["government services"]), 0);
  });
  test("averages over the orders both texts have: 'gov' vs 'government services' is 14.04", () => {
    close(chrF("gov", ["government services"]), 14.044665012406945);
  });
  test("Chinese: 政务服务 vs 优化政务服务 is 58.01", () => {
    close(chrF("政务服务", ["优化政务服务"]), 58.011049723756905);
  });
  test("several references: the best one counts", () => {
    const both = chrF("government service", ["government services", "public services"]);
    close(both, 94.70553847668111);
    assert.equal(both, chrF("government service", ["government services"]));
  });
  test("a single reference may be given as a string", () => {
    assert.equal(chrF("gov", "government services"), chrF("gov", ["government services"]));
  });
  test("empty answers, empty references and no references score 0", () => {
    assert.equal(chrF("", ["government services"]), 0);
    assert.equal(chrF("government services", [""]), 0);
    assert.equal(chrF("government services", []), 0);
  });
  test("whitespace is ignored, including the ideographic space; case is not", () => {
    assert.equal(chrF("government\u3000 services", ["governmentservices"]), 100);
    assert.ok(chrF("Government Services", ["government services"]) < 100);
  });
  test("recall weighs more than precision (β = 2)", () => {
    const long = chrF("government services of all kinds", ["government services"]);
    const short = chrF("government", ["government services"]);
    assert.ok(long > short, `${long} vs ${short}`);
  });
  test("characters outside the BMP are one character each", () => {
    assert.equal(chrF("𠀀", ["𠀀"]), 100);
    assert.ok(chrF("𠀀", ["𠀁"]) === 0);
  });
});

describe("options, each a sacreBLEU CHRF argument", () => {
  test("lowercase: true forgives case", () => {
    assert.equal(chrF("Government Services", ["government services"], { lowercase: true }), 100);
  });
  test("wordOrder: 2 (chrF++) also rewards word order", () => {
    close(chrF("services government", ["government services"]), 82.43078000430941);
    close(chrF("services government", ["government services"], { wordOrder: 2 }),
      74.32308500323205);
    assert.equal(chrF("government services", ["government services"], { wordOrder: 2 }), 100);
  });
});
