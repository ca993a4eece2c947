// termdrills drill frame: the parts every drill kind shares (title, progress,
// feedback, navigation, recording answers) and the typed-question and
// one-item-at-a-time helpers.
/* global STRINGS */
import { button, h, nextId, withLang, ZH } from "./dom.js";
import { recordAnswer } from "./store.js";
import { loadStore, writeStore } from "./storage.js";
import { format, grade, isSubmitKey } from "./text.js";
import { diffSentence } from "./words.js";

export function frame(model, el, kind) {
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
  // Said to screen readers only: what changed without a verdict (a card turned).
  const spoken = h("p", { class: "td-sr", "aria-live": "polite", "aria-atomic": "true" });
  const root = h(
    "section",
    { class: `termdrills td-${kind} tex2jax_ignore mathjax_ignore`, "aria-labelledby": titleId,
      lang: lang === "zh" ? ZH : "en", "data-drill": model.get("drill_id") || "",
      tabindex: "-1" },
    h("div", { class: "td-head" }, title, progress), notice, help, body, feedback, nav, spoken,
  );
  el.replaceChildren(root);
  // A click anywhere in the drill gives it the keyboard (its keys, e.g. 1–4, then work):
  // a click on text moves focus to <body>, and Safari never focuses a clicked button.
  root.addEventListener("click", (event) => {
    const active = root.ownerDocument.activeElement;
    if (root.contains(active) && active !== root) return;
    if (event.target instanceof Element && event.target.closest("input, textarea, select, a")) {
      return;
    }
    root.focus({ preventScroll: true });
  });

  const ctx = {
    model, S, t, lang, payload, course, root, body, feedback, nav, help, progress, notice,
    right: 0, answered: 0,
    /** Say `parts` (strings, or nodes such as Chinese text with its lang) to screen
     * readers, without changing what is shown. */
    announce(...parts) {
      spoken.replaceChildren(...parts.filter((p) => p !== null && p !== "" && p !== false)
        .flatMap((p) => (typeof p === "string" ? withLang(p) : [p])));
    },
    showNotice(text) {
      notice.textContent = text;
      notice.hidden = false;
    },
    say(verdict, ...nodes) {
      feedback.className = `td-feedback td-${verdict}`;
      feedback.replaceChildren(...nodes.filter((n) => n !== null && n !== "" && n !== false)
        .map((n) => (typeof n === "string" ? h("p", {}, withLang(n)) : n)));
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

/** The diff of a near miss: <del>/<ins> marks (underlined: missing, struck through:
 * extra) for the eye, and the same said in words ("Missing: “s”."), which is what a
 * screen reader reads. */
export function diffView(ctx, ops) {
  const marks = h("p", { class: "td-diff", "aria-hidden": "true" }, ops.map(({ op, text }) => {
    if (op === "same") return h("span", {}, text);
    const tag = op === "ins" ? "ins" : "del";
    return h(tag, { title: ctx.t(op === "ins" ? "diff.missing" : "diff.extra") }, text);
  }));
  return h("div", {}, marks, h("p", { class: "td-diff-words" }, diffSentence(ops, ctx.t)));
}

/** Feedback for a graded typed answer; returns the verdict. */
export function sayGrade(ctx, typed, result) {
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
export function typedQuestion(ctx, { prompt, promptText, item, accepted, answerLang, onDone }) {
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
export function sequence(ctx, items, ask, { doneKey = "done", onFinish } = {}) {
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
      guardRepeat(again);
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
      guardRepeat(next);
      ctx.nav.replaceChildren(next);
      next.focus();
    }, byUser);
  };
  show(false);
}

/** A held-down Enter or Space (auto-repeat) never presses the button that the first
 * press brought into focus: the student sees the feedback before moving on. */
export function guardRepeat(btn) {
  btn.addEventListener("keydown", (event) => {
    if (event.repeat && (event.key === "Enter" || event.key === " ")) event.preventDefault();
  });
  return btn;
}
