// Runs core/analysis.js over answers for tests/test_paragraph_agreement.py.
// Usage: node paragraph_analyse.mjs CASES.json → JSON on stdout: for each case
// {payload, answers: [text]}, the list of analyses (one per answer).
import { readFileSync } from "node:fs";
import { analyseAnswer, preparePassage } from "../../termdrills/static/core/analysis.js";

const cases = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const out = cases.map(({ payload, answers }) => {
  const passage = preparePassage(payload);
  return answers.map((answer) => analyseAnswer(passage, answer));
});
process.stdout.write(JSON.stringify(out));
