// Scores pairs with termdrills/static/core/chrf.js for tests/test_chrf_oracle.py:
// JSON [{hyp, refs, options}] on stdin, JSON [score, ...] on stdout (not a node --test file).
import { chrF } from "../../termdrills/static/core/chrf.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;
process.stdout.write(JSON.stringify(JSON.parse(text).map((c) => chrF(c.hyp, c.refs, c.options))));
