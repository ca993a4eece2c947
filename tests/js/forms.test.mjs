// Did the answer use the term? The one rule of the sentence drill, the paragraph drill
// and the grader (termUses, a port of termdrills/grading/forms.py's term_uses): the
// table tests/test_forms.py runs against Python.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import { termForms, termUses } from "../../termdrills/static/core/forms.js";

const table = JSON.parse(readFileSync(new URL("../data/term_use_cases.json", import.meta.url),
  "utf8"));

describe("termUses follows term_use_cases.json", () => {
  for (const c of table.cases) {
    test(c.what, () => {
      const uses = termUses(c.text, c.terms.map(termForms));
      assert.deepEqual(uses.map((u) => (u === null ? null
        : [u.form.tier, c.text.slice(u.start, u.end)])), c.uses);
    });
  }
});
