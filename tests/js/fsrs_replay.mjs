// Replays review histories through termdrills/static/core/fsrs.js for
// tests/test_fsrs_oracle.py: JSON on stdin, JSON on stdout (not a node --test file).
//   in:  {histories: [{start: card | null, leitner: record | null, start_ms,
//          reviews: [{rating, now, options, probes: [ms, ...]}]}]}
//   out: [{start: card, steps: [{next: [due × 4], card, r: [retrievability per probe]}]}]
import { cardFromLeitner, fsrsNewCard, fsrsNextIntervals, fsrsRetrievability, fsrsReview }
  from "../../termdrills/static/core/fsrs.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;
const out = JSON.parse(text).histories.map((h) => {
  let card = h.leitner ? cardFromLeitner(h.leitner, h.start_ms) : fsrsNewCard(h.start_ms);
  const start = card;
  const steps = h.reviews.map(({ rating, now, options, probes }) => {
    const next = fsrsNextIntervals(card, now, options);
    card = fsrsReview(card, rating, now, options).card;
    return { next, card, r: probes.map((t) => fsrsRetrievability(card, t, options)) };
  });
  return { start, steps };
});
process.stdout.write(JSON.stringify(out));
