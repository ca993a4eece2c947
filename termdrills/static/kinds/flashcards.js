// termdrills drill kind — Flashcards: flip (Space, or a tap on the card), rate again / hard / good / easy (1–4), move (← →).
// One rating per card and pass: rating a card again replaces its rating (a change of
// mind), in the drill's count and in the review store; a held-down key rates once.
import { button, focusSoon, h, isComposing, isTyping, pinyinText, zhText } from "../core/dom.js";
import { guardRepeat } from "../core/frame.js";
import { inWords } from "../core/time.js";
import { cardWords } from "../core/words.js";

export function flashcards(ctx) {
  const items = ctx.payload.items;
  let direction = ctx.payload.direction || "zh-en";
  let i = Math.min(ctx.place.item, items.length - 1);  // where the student left
  let flipped = false;
  ctx.help.textContent = ctx.t("cards.help");
  const card = h("div", { class: "td-card", tabindex: "0", role: "group" });
  const faceZh = (item) => h("div", { class: "td-face" },
    zhText(item.zh, "td-zh td-big"), pinyinText(item.pinyin));
  const faceEn = (item) => h("div", { class: "td-face", lang: "en" },
    h("span", { class: "td-en td-big" }, item.en),
    item.alt_en?.length ? h("span", { class: "td-alt" },
      h("span", { class: "td-alt-label" }, ctx.t("cards.alt")), " ", item.alt_en.join(" · "))
      : null);
  const flip = button(ctx.t("flip"), () => setFlipped(!flipped), { "aria-pressed": "false" });
  // After Previous or Next the card takes the focus: Space then turns the new card
  // instead of pressing Next again (which would skip a card unseen).
  const prev = button(ctx.t("prev"), () => { move(-1); card.focus(); });
  const next = button(ctx.t("next"), () => { move(1); card.focus(); });
  card.addEventListener("click", () => setFlipped(!flipped)); // a tap turns the card
  const turn = button(ctx.t("switch"), () => {
    direction = direction === "zh-en" ? "en-zh" : "zh-en";
    show(true);
  });
  const ratings = ["again", "hard", "good", "easy"].map((r, k) =>
    guardRepeat(button(`${k + 1} ${ctx.t(`rate.${r}`)}`, () => rate(r),
      { class: `td-btn td-rate td-${r}`, "data-rating": r })));
  const rateBar = h("div", { class: "td-ratings", role: "group" }, ratings);
  const dirLabel = h("span", { class: "td-dir" });
  ctx.body.replaceChildren(dirLabel, card, rateBar);
  ctx.nav.replaceChildren(prev, flip, next, turn);

  /** Draw the card; `speak`: say it to screen readers (the card changed or turned). */
  function show(speak = false) {
    const item = items[i];
    const [front, back] = direction === "zh-en" ? [faceZh, faceEn] : [faceEn, faceZh];
    card.replaceChildren(front(item));
    if (flipped) card.append(h("hr"), back(item));
    card.setAttribute("aria-label", `${ctx.t(flipped ? "cards.back" : "cards.front")}, ${
      ctx.t("progress", { n: i + 1, total: items.length })}`);
    card.classList.toggle("td-flipped", flipped);
    flip.setAttribute("aria-pressed", String(flipped));
    dirLabel.textContent = ctx.t(`dir.${direction}`);
    rateBar.hidden = !flipped;
    prev.disabled = i === 0;
    next.disabled = i === items.length - 1;
    ctx.setProgress(i + 1, items.length);
    if (speak) {
      const showing = direction === "zh-en" ? "zh" : "en";
      ctx.announce(...cardWords({ item, showing, flipped, n: i + 1, total: items.length,
        t: ctx.t }).map((part) => (part.zh ? zhText(part.text) : part.text)));
    }
  }
  function setFlipped(value) {
    flipped = value;
    show(true);
  }
  function move(step) {
    const to = Math.max(0, Math.min(items.length - 1, i + step));
    if (to === i) return;
    i = to;
    ctx.setPlace(i);
    flipped = false;
    show(true);
  }
  function rate(rating) {
    if (!flipped) return;
    const item = items[i];
    const before = ctx.attemptAnswers().findLast((a) => a.item === i && a.term_id === item.id);
    const scheduled = ctx.record(item, direction === "zh-en" ? item.zh : item.en, "", rating,
      {}, { replace: true });
    const last = i === items.length - 1;
    const when = inWords(scheduled.due, Date.now(), ctx.t);
    const rated = before && before.verdict !== rating ? ctx.t("rated.changed", { rating: ctx.t(`rate.${rating}`),
      before: ctx.t(`rate.${before.verdict}`), when })
      : ctx.t("rated", { rating: ctx.t(`rate.${rating}`), when });
    ctx.say(rating === "again" ? "wrong" : "right", rated,
      last ? ctx.t("done", { right: ctx.right, total: ctx.answered }) : null);
    if (!last) move(1);
    focusSoon(card);
  }
  const onKey = (event) => {
    if (isTyping(event) || isComposing(event) || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const onButton = event.target instanceof HTMLButtonElement;
    if (event.repeat && (event.key === " " || /^[1-4]$/.test(event.key))) {
      event.preventDefault();  // a held-down key turns or rates once
      return;
    }
    if (event.key === " " && !onButton) setFlipped(!flipped);
    else if (event.key === "ArrowLeft") move(-1);
    else if (event.key === "ArrowRight") move(1);
    else if (/^[1-4]$/.test(event.key) && flipped) rate(["again", "hard", "good", "easy"][
      Number(event.key) - 1]);
    else return;
    event.preventDefault();
  };
  ctx.root.addEventListener("keydown", onKey);
  show();
}
