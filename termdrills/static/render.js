// termdrills drill rendering: the anywidget front end of every drill kind.
//
// One module, two hosts:
//  - live (JupyterLab, Notebook 7, VS Code): anywidget calls `render({model, el})`
//    with the kernel-synced model; answers go back in the `answers` trait (`drill.results` in Python);
//  - static (the Jupyter Book page): the drill's text/html fallback holds the
//    model state as inline JSON, and `mountAll()` runs the same `render`
//    against a small in-page model (get / set / on / off / save_changes).
//
// Python (termdrills/drills/_assets.py) serves this file as one module: it is
// logic.js, then `const STRINGS = <i18n/strings.json>; const CSS = <drills.css>;`,
// then this file without its import line; nothing else is added. (STRINGS and CSS
// are therefore free names here.) The CSS goes into the document (or shadow root)
// once, by `ensureStyle`. Glossary and student text is data: it only ever reaches
// the page through textContent / setAttribute.
/* global STRINGS, CSS */
import {
  chrF, containsRendering, dueTerms, emptyStore, format, grade, importStore, isSubmitKey,
  parseStore, recordAnswer, standing,
} from "./logic.js";

const ZH = "zh-CN";
const STORE_EVENT = "termdrills:store";
const memoryStores = new Map(); // when localStorage is unavailable (sandboxed frames)

// ------------------------------------------------------------------ DOM helpers

/** Create an element; attrs are set as attributes (on* keys as listeners); children are
 * nodes or strings (text nodes). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const button = (label, onclick, attrs = {}) =>
  h("button", { type: "button", class: "td-btn", onclick, ...attrs }, label);

const zhText = (text, cls = "td-zh") => h("span", { class: cls, lang: ZH }, text);

let uid = 0;
const nextId = (prefix) => `td-${prefix}-${++uid}`;

/** A key pressed while an input method is composing (its Enter picks a candidate). */
const isComposing = (event) => event.isComposing || event.keyCode === 229;

/** Put the drills' CSS into the element's document or shadow root, once. */
function ensureStyle(el) {
  const root = el.getRootNode();
  const parent = root.head ?? (root instanceof ShadowRoot ? root : document.head);
  if (parent.querySelector(":scope > style[data-termdrills]")) return;
  parent.append(h("style", { "data-termdrills": "" }, CSS));
}

// ------------------------------------------------------------------ progress store

const storeKey = (course) => `termdrills:${course}:review`;

function readRaw(course) {
  try {
    return { raw: window.localStorage.getItem(storeKey(course)), ok: true };
  } catch {
    return { raw: memoryStores.get(course) ?? null, ok: false };
  }
}

function writeStore(store) {
  const text = JSON.stringify(store);
  try {
    window.localStorage.setItem(storeKey(store.course), text);
  } catch {
    memoryStores.set(store.course, text);
  }
  window.dispatchEvent(new CustomEvent(STORE_EVENT, { detail: { course: store.course } }));
}

/** The course's review store; a corrupt or foreign one is replaced by an empty store. */
function loadStore(course) {
  const { raw, ok } = readRaw(course);
  const { store, problem } = parseStore(raw, course);
  if (problem) writeStore(emptyStore(course));
  return { store, problem, ok };
}

// ------------------------------------------------------------------ the drill frame

function frame(model, el, kind) {
  const lang = model.get("lang") === "zh" ? "zh" : "en";
  const S = STRINGS[lang];
  const t = (key, values) => format(S[key] ?? STRINGS.en[key] ?? key, values);
  const payload = model.get("payload") ?? {};
  const course = model.get("course") || "termdrills";
  const titleId = nextId("title");
  const title = h("p", { class: "td-title", id: titleId }, payload.title || t(`kind.${kind}`));
  const progress = h("span", { class: "td-progress" });
  const notice = h("p", { class: "td-notice", role: "status", hidden: true });
  const help = h("p", { class: "td-help" });
  const body = h("div", { class: "td-body" });
  const feedback = h("div", { class: "td-feedback", "aria-live": "polite", "aria-atomic": "true" });
  const nav = h("div", { class: "td-nav" });
  const root = h(
    "section",
    { class: `termdrills td-${kind} tex2jax_ignore mathjax_ignore`, "aria-labelledby": titleId,
      lang: lang === "zh" ? ZH : "en", "data-drill": model.get("drill_id") || "" },
    h("div", { class: "td-head" }, title, progress), notice, help, body, feedback, nav,
  );
  el.replaceChildren(root);

  const ctx = {
    model, S, t, lang, payload, course, root, body, feedback, nav, help, progress, notice,
    right: 0, answered: 0,
    showNotice(text) {
      notice.textContent = text;
      notice.hidden = false;
    },
    say(verdict, ...nodes) {
      feedback.className = `td-feedback td-${verdict}`;
      feedback.replaceChildren(...nodes.filter((n) => n !== null && n !== "" && n !== false)
        .map((n) => (typeof n === "string" ? h("p", {}, n) : n)));
    },
    setProgress(n, total) {
      progress.textContent = total ? t("progress", { n, total }) : "";
    },
    /** One answer: into `answers` (synced to Python) and into the review store. */
    record(item, prompt, answer, verdict, extra = {}) {
      const row = { term_id: item.id, prompt, answer, verdict, time: new Date().toISOString(),
        ...extra };
      model.set("answers", [...(model.get("answers") ?? []), row]);
      model.save_changes();
      if (verdict === "right" || verdict === "good" || verdict === "easy") ctx.right++;
      ctx.answered++;
      const { store } = loadStore(course);
      writeStore(recordAnswer(store, item.id, verdict, Date.now(), item.lesson ?? ""));
    },
  };
  const { problem, ok } = loadStore(course);
  if (problem) ctx.showNotice(t("store.reset"));
  else if (!ok && kind === "review") ctx.showNotice(t("store.unavailable"));
  return ctx;
}

/** The diff of a near miss as <del>/<ins> spans (with words for screen readers). */
function diffView(ctx, ops) {
  return h("p", { class: "td-diff" }, ops.map(({ op, text }) => {
    if (op === "same") return h("span", {}, text);
    const tag = op === "ins" ? "ins" : "del";
    return h(tag, { title: ctx.t(op === "ins" ? "diff.missing" : "diff.extra") }, text);
  }));
}

/** Feedback for a graded typed answer; returns the verdict. */
function sayGrade(ctx, typed, result) {
  const { verdict, expected } = result;
  if (verdict === "right") {
    const official = ctx.currentAccepted?.[0] ?? expected;
    ctx.say("right", expected === official ? ctx.t("right")
      : ctx.t("right.alt", { typed: typed.trim(), expected: official }));
  } else if (verdict === "almost") {
    ctx.say("almost", ctx.t("almost", { expected }), diffView(ctx, result.diff));
  } else if (verdict === "empty") {
    ctx.say("empty", ctx.t("empty"));
  } else {
    ctx.say("wrong", ctx.t("wrong", { expected }));
  }
  return verdict;
}

/**
 * A typed question: prompt nodes, a labelled input and a Check button.
 * `onDone(verdict)` runs after a graded (non-empty) answer.
 */
function typedQuestion(ctx, { prompt, promptText, item, accepted, answerLang, onDone }) {
  const inputId = nextId("answer");
  const input = h("input", {
    id: inputId, class: "td-input", type: "text", autocomplete: "off", autocapitalize: "off",
    spellcheck: "false", lang: answerLang === "zh" ? ZH : "en",
  });
  let finished = false;
  const submit = () => {
    if (finished) return;
    ctx.currentAccepted = accepted;
    const result = grade(input.value, accepted, answerLang);
    const verdict = sayGrade(ctx, input.value, result);
    if (verdict === "empty") {
      input.focus();
      return;
    }
    finished = true;
    input.readOnly = true;
    check.disabled = true;
    ctx.record(item, promptText, input.value, verdict);
    onDone(verdict);
  };
  input.addEventListener("keydown", (event) => {
    if (!isSubmitKey(event)) return;
    event.preventDefault();
    submit();
  });
  const check = button(ctx.t("check"), submit, { class: "td-btn td-check" });
  ctx.body.replaceChildren(
    h("div", { class: "td-prompt" }, prompt),
    h("div", { class: "td-answer" },
      h("label", { for: inputId }, ctx.t(answerLang === "zh" ? "answer.zh" : "answer.en")),
      input, check),
  );
  return input;
}

/** Walk a list of items one at a time: `ask(item, index, next, byUser)`; then a summary.
 * `byUser` is false for the first item shown at page load (which must not take focus). */
function sequence(ctx, items, ask, { doneKey = "done", onFinish } = {}) {
  let i = 0;
  const show = (byUser = true) => {
    ctx.nav.replaceChildren();
    if (i >= items.length) {
      ctx.setProgress(0, 0);
      ctx.body.replaceChildren();
      ctx.say("done", ctx.t(doneKey, { right: ctx.right, total: ctx.answered }));
      const again = button(ctx.t("restart"), () => {
        i = 0;
        ctx.right = 0;
        ctx.answered = 0;
        ctx.say("", "");
        show();
      });
      ctx.nav.append(again);
      if (onFinish) onFinish();
      again.focus();
      return;
    }
    ctx.setProgress(i + 1, items.length);
    ask(items[i], i, () => {
      const next = button(ctx.t("next"), () => {
        i++;
        ctx.say("", "");
        show();
      }, { class: "td-btn td-next" });
      ctx.nav.replaceChildren(next);
      next.focus();
    }, byUser);
  };
  show(false);
}

const isTyping = (event) =>
  event.target instanceof HTMLElement &&
  (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA");

// ------------------------------------------------------------------ the drill kinds

function flashcards(ctx) {
  const items = ctx.payload.items;
  let direction = ctx.payload.direction || "zh-en";
  let i = 0;
  let flipped = false;
  ctx.help.textContent = ctx.t("cards.help");
  const card = h("div", { class: "td-card", tabindex: "0", role: "group" });
  const faceZh = (item) => h("div", { class: "td-face", lang: ZH },
    zhText(item.zh, "td-zh td-big"), item.pinyin ? h("span", { class: "td-pinyin" }, item.pinyin)
      : null);
  const faceEn = (item) => h("div", { class: "td-face", lang: "en" },
    h("span", { class: "td-en td-big" }, item.en),
    item.alt_en?.length ? h("span", { class: "td-alt" }, item.alt_en.join(" · ")) : null);
  const flip = button(ctx.t("flip"), () => setFlipped(!flipped), { "aria-pressed": "false" });
  const prev = button(ctx.t("prev"), () => move(-1));
  const next = button(ctx.t("next"), () => move(1));
  const turn = button(ctx.t("switch"), () => {
    direction = direction === "zh-en" ? "en-zh" : "zh-en";
    show();
  });
  const ratings = ["again", "hard", "good", "easy"].map((r, k) =>
    button(`${k + 1} ${ctx.t(`rate.${r}`)}`, () => rate(r), { class: `td-btn td-rate td-${r}`,
      "data-rating": r }));
  const rateBar = h("div", { class: "td-ratings", role: "group" }, ratings);
  const dirLabel = h("span", { class: "td-dir" });
  ctx.body.replaceChildren(dirLabel, card, rateBar);
  ctx.nav.replaceChildren(prev, flip, next, turn);

  function show() {
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
  }
  function setFlipped(value) {
    flipped = value;
    show();
  }
  function move(step) {
    const to = Math.max(0, Math.min(items.length - 1, i + step));
    if (to === i) return;
    i = to;
    flipped = false;
    show();
  }
  function rate(rating) {
    if (!flipped) return;
    const item = items[i];
    ctx.record(item, direction === "zh-en" ? item.zh : item.en, "", rating);
    const last = i === items.length - 1;
    ctx.say(rating === "again" ? "wrong" : "right", last
      ? ctx.t("done", { right: ctx.right, total: ctx.answered })
      : ctx.t("rated", { rating: ctx.t(`rate.${rating}`) }));
    if (!last) move(1);
    card.focus();
  }
  const onKey = (event) => {
    if (isTyping(event) || isComposing(event) || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const onButton = event.target instanceof HTMLButtonElement;
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

function multipleChoice(ctx) {
  const questions = ctx.payload.questions;
  const zhPrompt = ctx.payload.direction !== "en-zh";
  ctx.help.textContent = ctx.t("mc.help");
  let current = null; // {choose} while a question is open
  sequence(ctx, questions, (q, _i, done, byUser) => {
    const prompt = zhPrompt
      ? h("div", { class: "td-prompt" }, zhText(q.prompt, "td-zh td-big"),
        q.pinyin ? h("span", { class: "td-pinyin" }, q.pinyin) : null)
      : h("div", { class: "td-prompt" }, h("span", { class: "td-en td-big" }, q.prompt));
    const options = q.options.map((text, k) => button(
      [h("span", { class: "td-key", "aria-hidden": "true" }, `${k + 1}`),
        h("span", { lang: zhPrompt ? "en" : ZH }, text)],
      () => choose(k), { class: "td-btn td-option", "data-index": k }));
    const choose = (k) => {
      if (!current) return;
      current = null;
      const right = k === q.answer;
      options.forEach((b, j) => {
        b.disabled = true;
        if (j === q.answer) b.classList.add("td-correct");
        if (j === k && !right) b.classList.add("td-chosen-wrong");
        if (j === k) b.setAttribute("aria-pressed", "true");
      });
      ctx.say(right ? "right" : "wrong",
        right ? ctx.t("right") : ctx.t("wrong", { expected: q.options[q.answer] }));
      ctx.record(q, q.prompt, q.options[k], right ? "right" : "wrong");
      done();
    };
    current = { choose };
    ctx.body.replaceChildren(prompt, h("div", { class: "td-options", role: "group",
      "aria-label": ctx.t(`dir.${zhPrompt ? "zh-en" : "en-zh"}`) }, options));
    if (byUser) options[0].focus();
  });
  ctx.root.addEventListener("keydown", (event) => {
    if (!current || isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const k = Number(event.key) - 1;
    const count = ctx.body.querySelectorAll(".td-option").length;
    if (Number.isInteger(k) && k >= 0 && k < count) {
      event.preventDefault();
      current.choose(k);
    }
  });
}

function typedRecall(ctx) {
  const zhPrompt = ctx.payload.direction !== "en-zh";
  sequence(ctx, ctx.payload.items, (item, _i, done, byUser) => {
    const prompt = zhPrompt
      ? [zhText(item.prompt, "td-zh td-big"),
        item.pinyin ? h("span", { class: "td-pinyin" }, item.pinyin) : null]
      : [h("span", { class: "td-en td-big" }, item.prompt)];
    const input = typedQuestion(ctx, { prompt, promptText: item.prompt, item,
      accepted: item.accepted,
      answerLang: zhPrompt ? "en" : "zh", onDone: done });
    if (byUser) input.focus();
  });
}

function cloze(ctx) {
  const side = ctx.payload.side === "zh" ? "zh" : "en";
  ctx.help.textContent = ctx.t("cloze.help");
  sequence(ctx, ctx.payload.items, (item, _i, done, byUser) => {
    const blank = h("span", { class: "td-blank", role: "img", "aria-label": ctx.t("cloze.blank") },
      "\u2003\u2003\u2003");
    const gapped = h("p", { class: "td-sentence", lang: side === "zh" ? ZH : "en" },
      item.before, blank, item.after);
    const context = h("p", { class: "td-context", lang: side === "zh" ? "en" : ZH }, item.context);
    const input = typedQuestion(ctx, { prompt: [context, gapped],
      promptText: `${item.before}___${item.after}`, item, accepted: item.accepted,
      answerLang: side, onDone: done });
    if (byUser) input.focus();
  });
}

function matching(ctx) {
  const rounds = ctx.payload.rounds;
  ctx.help.textContent = ctx.t("match.help");
  let r = 0;
  const showRound = () => {
    const round = rounds[r];
    let picked = null; // {side, id, text, btn}
    let left = round.zh.length;
    ctx.setProgress(0, 0);
    ctx.progress.textContent = rounds.length > 1
      ? ctx.t("match.round", { n: r + 1, total: rounds.length }) : "";
    const col = (side, entries) => h("div", { class: "td-col", role: "group",
      "aria-label": ctx.t(`match.${side}`) }, entries.map((e) => button(
      side === "zh" ? zhText(e.text) : h("span", { lang: "en" }, e.text),
      (event) => pick(side, e, event.currentTarget),
      { class: "td-btn td-match", "data-side": side, "data-id": e.id, "aria-pressed": "false" })));
    const zhCol = col("zh", round.zh);
    const enCol = col("en", round.en);
    ctx.body.replaceChildren(h("div", { class: "td-columns" }, zhCol, enCol));
    ctx.nav.replaceChildren();
    const pick = (side, entry, btn) => {
      if (btn.disabled) return;
      if (!picked || picked.side === side) {
        if (picked) picked.btn.setAttribute("aria-pressed", "false");
        picked = { side, ...entry, btn };
        btn.setAttribute("aria-pressed", "true");
        ctx.say("", ctx.t("match.picked", { text: entry.text }));
        return;
      }
      const [zh, en] = side === "en" ? [picked, { ...entry, btn }] : [{ ...entry, btn }, picked];
      zh.btn.setAttribute("aria-pressed", "false");
      en.btn.setAttribute("aria-pressed", "false");
      picked = null;
      const item = { id: zh.id, lesson: zh.lesson };
      if (zh.id === en.id) {
        for (const b of [zh.btn, en.btn]) {
          b.disabled = true;
          b.classList.add("td-matched");
        }
        left--;
        ctx.record(item, zh.text, en.text, "right");
        ctx.say("right", ctx.t("match.pair", { zh: zh.text, en: en.text }));
      } else {
        ctx.record(item, zh.text, en.text, "wrong");
        ctx.say("wrong", ctx.t("match.miss", { zh: zh.text, en: en.text }));
      }
      if (left === 0) {
        const more = r < rounds.length - 1;
        ctx.say("right", ctx.t("match.roundDone"), more ? "" :
          ctx.t("done", { right: ctx.right, total: ctx.answered }));
        const nextBtn = more
          ? button(ctx.t("next"), () => { r++; ctx.say("", ""); showRound(); },
            { class: "td-btn td-next" })
          : button(ctx.t("restart"), () => {
            r = 0; ctx.right = 0; ctx.answered = 0; ctx.say("", ""); showRound();
          });
        ctx.nav.replaceChildren(nextBtn);
        nextBtn.focus();
      } else {
        const first = ctx.body.querySelector(`.td-match[data-side="${side}"]:not(:disabled)`) ??
          ctx.body.querySelector(".td-match:not(:disabled)");
        first?.focus();
      }
    };
  };
  showRound();
}

function sentence(ctx) {
  ctx.help.textContent = ctx.t("sentence.help");
  sequence(ctx, ctx.payload.items, (item, _i, done, byUser) => {
    const areaId = nextId("translation");
    const area = h("textarea", { id: areaId, class: "td-input td-area", rows: "3", lang: "en",
      spellcheck: "true" });
    let finished = false;
    const submit = () => {
      if (finished) return;
      if (!area.value.trim()) {
        ctx.say("empty", ctx.t("empty"));
        return;
      }
      finished = true;
      area.readOnly = true;
      check.disabled = true;
      const score = chrF(area.value, item.reference);
      const termLines = item.terms.map((term) => {
        const used = containsRendering(area.value, term.accepted);
        ctx.record(term, item.zh, area.value, used ? "right" : "wrong",
          { score: Math.round(score * 10) / 10 });
        return h("li", { class: used ? "td-ok" : "td-missing" }, used
          ? ctx.t("sentence.termOk", { zh: term.zh, used })
          : ctx.t("sentence.termMissing", { zh: term.zh, en: term.accepted[0] }));
      });
      const usedAll = item.terms.every((term) => containsRendering(area.value, term.accepted));
      ctx.say(usedAll ? "right" : "wrong",
        h("p", { class: "td-score" }, ctx.t("sentence.chrf", { score: score.toFixed(1) })),
        item.terms.length ? h("p", {}, ctx.t("sentence.terms")) : null,
        item.terms.length ? h("ul", { class: "td-terms" }, termLines) : null,
        h("p", {}, ctx.t("sentence.reference")),
        h("blockquote", { class: "td-reference", lang: "en" }, item.reference));
      done();
    };
    area.addEventListener("keydown", (event) => {
      if (isSubmitKey(event, { withModifier: true })) {
        event.preventDefault();
        submit();
      }
    });
    const check = button(ctx.t("check"), submit, { class: "td-btn td-check" });
    ctx.body.replaceChildren(
      h("div", { class: "td-prompt" }, h("p", { class: "td-sentence", lang: ZH }, item.zh)),
      h("div", { class: "td-answer" }, h("label", { for: areaId }, ctx.t("sentence.label")),
        area, check));
    if (byUser) area.focus();
  });
}

function review(ctx) {
  const items = ctx.payload.items;
  const byId = new Map(items.map((it) => [it.id, it]));
  const ids = items.map((it) => it.id);
  const chart = h("div", { class: "td-chart" });
  const tools = h("div", { class: "td-tools" });
  const start = button("", () => begin(), { class: "td-btn td-start" });
  ctx.root.insertBefore(chart, ctx.body);
  ctx.root.append(tools);
  let running = false;

  function drawChart() {
    const { store } = loadStore(ctx.course);
    const now = Date.now();
    const s = standing(store, ids, now);
    const top = Math.max(1, ...s.boxes);
    chart.replaceChildren(...[
      h("p", { class: "td-chart-title" }, ctx.t("review.chart")),
      h("p", {}, ctx.t("review.due", { due: s.due, met: s.met })),
      h("p", { class: "td-sub", id: nextId("boxes") }, ctx.t("review.boxes")),
      h("ul", { class: "td-bars" }, s.boxes.map((count, k) => h("li", {},
        h("span", { class: "td-bar-label" }, ctx.t("review.box", { n: k + 1, count })),
        h("span", { class: "td-bar", "aria-hidden": "true",
          style: `--td-share: ${(count / top).toFixed(3)}` })))),
      s.accuracy.length ? h("p", { class: "td-sub" }, ctx.t("review.accuracy")) : null,
      s.accuracy.length ? h("ul", { class: "td-acc" }, s.accuracy.map((a) => h("li", {},
        a.accuracy === null ? ctx.t("review.noAnswers", { lesson: a.lesson || "—" })
          : ctx.t("review.lessonAcc", { lesson: a.lesson || "—",
            pct: Math.round(a.accuracy * 100), answers: a.answers })))) : null,
    ].filter(Boolean));
    if (!running) {
      const due = dueTerms(store, ids, now).length;
      start.textContent = ctx.t("review.start", { n: due });
      start.disabled = due === 0;
      ctx.help.textContent = due ? "" : ctx.t(s.met ? "review.noneDue" : "review.noneMet");
      ctx.help.hidden = due > 0;
    }
  }

  function begin() {
    const { store } = loadStore(ctx.course);
    const queue = dueTerms(store, ids, Date.now()).map((id) => byId.get(id));
    if (!queue.length) return;
    running = true;
    ctx.right = 0;
    ctx.answered = 0;
    ctx.help.hidden = true;
    ctx.say("", "");
    sequence(ctx, queue, (item, _i, done) => {
      typedQuestion(ctx, {
        prompt: [zhText(item.zh, "td-zh td-big"),
          item.pinyin ? h("span", { class: "td-pinyin" }, item.pinyin) : null],
        promptText: item.zh, item, accepted: item.accepted, answerLang: "en", onDone: done,
      }).focus();
    }, { doneKey: "review.finished", onFinish: () => {
      running = false;
      ctx.nav.replaceChildren(start);
      drawChart();
      start.focus();
    } });
  }

  const exportBtn = button(ctx.t("review.export"), () => {
    const { store } = loadStore(ctx.course);
    const blob = new Blob([JSON.stringify(store, null, 1)], { type: "application/json" });
    const link = h("a", { href: URL.createObjectURL(blob),
      download: `termdrills-progress-${ctx.course}.json` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }, { class: "td-btn td-export" });
  const fileId = nextId("import");
  const file = h("input", { id: fileId, type: "file", class: "td-file",
    accept: ".json,application/json" });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const text = await chosen.text();
    const { store } = loadStore(ctx.course);
    const result = importStore(store, text);
    file.value = "";
    if (result.problem) {
      ctx.say("wrong", ctx.t("review.importFailed"));
      return;
    }
    writeStore(result.store);
    ctx.say("right", ctx.t("review.imported", { n: Object.keys(result.store.terms).length }));
  });
  tools.append(exportBtn, h("label", { for: fileId, class: "td-file-label" },
    ctx.t("review.import")), file);

  const onStore = (event) => {
    if (!event.detail || event.detail.course === ctx.course) drawChart();
  };
  const onStorage = (event) => {
    if (event.key === null || event.key === storeKey(ctx.course)) drawChart();
  };
  window.addEventListener(STORE_EVENT, onStore);
  window.addEventListener("storage", onStorage);
  ctx.nav.replaceChildren(start);
  drawChart();
  return () => {
    window.removeEventListener(STORE_EVENT, onStore);
    window.removeEventListener("storage", onStorage);
  };
}

const KINDS = {
  flashcards, multiple_choice: multipleChoice, typed_recall: typedRecall, cloze, matching,
  sentence, review,
};

/** anywidget entry point; returns the cleanup function. */
export function render({ model, el }) {
  const kind = model.get("kind");
  const draw = KINDS[kind];
  if (!draw) {
    el.replaceChildren(h("p", { class: "termdrills td-error", role: "alert" },
      `termdrills: unknown drill kind ${JSON.stringify(kind)}`));
    return () => {};
  }
  ensureStyle(el);
  const ctx = frame(model, el, kind);
  const cleanup = draw(ctx);
  return () => {
    if (typeof cleanup === "function") cleanup();
    el.replaceChildren();
  };
}

/** The in-page stand-in for an anywidget model (static pages). */
export function pageModel(state) {
  const handlers = new Map();
  return {
    get: (key) => state[key],
    set(key, value) {
      state[key] = value;
      for (const fn of handlers.get(`change:${key}`) ?? []) fn({ new: value });
    },
    on(event, fn) {
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event).add(fn);
    },
    off(event, fn) {
      if (fn) handlers.get(event)?.delete(fn);
      else handlers.delete(event);
    },
    save_changes() {},
    send() {},
  };
}

/** Mount every not-yet-mounted static drill on the page (each from its inline JSON). */
export function mountAll(doc = document) {
  for (const host of doc.querySelectorAll(".termdrills-static:not([data-mounted])")) {
    host.setAttribute("data-mounted", "");
    const data = host.querySelector("script.termdrills-data");
    const el = host.querySelector(".termdrills-mount");
    try {
      render({ model: pageModel(JSON.parse(data.textContent)), el });
    } catch (error) {
      el.textContent = `termdrills: this drill could not start (${error.message}).`;
      throw error;
    }
  }
}

export default { render };
