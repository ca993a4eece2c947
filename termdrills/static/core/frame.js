// termdrills drill frame: the parts every drill kind shares (title, progress,
// feedback, navigation, recording answers) and the typed-question and
// one-item-at-a-time helpers.
import STRINGS from "../../i18n/strings.json" with { type: "json" };
import { button, downloadText, focusSoon, h, nextId, withLang, ZH } from "./dom.js";
import { scormRecord } from "./scorm.js";
import { recordAnswer, withoutLastAnswer } from "./store.js";
import { fsrsParametersProblem } from "./fsrs.js";
import { loadStore, storeTrouble, writeStore } from "./storage.js";
import { diffWords, format, grade, isSubmitKey } from "./text.js";

export function frame(model, el, kind, { restored: fromSavedState = false } = {}) {
  const lang = model.get("lang") === "zh" ? "zh" : "en";
  const S = STRINGS[lang];
  const t = (key, values) => format(S[key] ?? STRINGS.en[key] ?? key, values);
  const payload = model.get("payload") ?? {};
  const course = model.get("course") || "termdrills";
  /** The scheduler's options (fsrs.js): the course's desired retention and parameters
   * (FSRS-6's defaults where the course's are outside py-fsrs's bounds). */
  const weights = model.get("parameters");
  const schedule = { desired_retention: model.get("retention") ?? 0.9,
    ...(Array.isArray(weights) && !fsrsParametersProblem(weights) ? { parameters: weights } : {}) };
  const titleId = nextId("title");
  const title = h("p", { class: "td-title", id: titleId },
    withLang(payload.title || t(`kind.${kind}`)));
  const progress = h("span", { class: "td-progress" });
  const notice = h("p", { class: "td-notice", role: "status", hidden: true });
  const help = h("p", { class: "td-help" });
  const body = h("div", { class: "td-body" });
  const feedback = h("div", { class: "td-feedback", "aria-live": "polite", "aria-atomic": "true" });
  const nav = h("div", { class: "td-nav" });
  const again = button(t("restart"), () => {}, { class: "td-btn td-again", hidden: true });
  // Said to screen readers only: what changed without a verdict (a card turned).
  const spoken = h("p", { class: "td-sr", "aria-live": "polite", "aria-atomic": "true" });
  const root = h(
    "section",
    { class: `termdrills td-${kind} tex2jax_ignore mathjax_ignore`, "aria-labelledby": titleId,
      lang: lang === "zh" ? ZH : "en", "data-drill": model.get("drill_id") || "",
      tabindex: "-1" },
    h("div", { class: "td-head" }, title, progress, again), notice, help, body, feedback, nav,
    spoken,
  );
  el.replaceChildren(root);
  keepKeys(root);
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

  /** Send the model's changes to the kernel. A drill restored from a notebook's saved
   * widget state (reopened without running it) has no kernel to send to: it keeps
   * working, and says so, once, as soon as it is shown (or when a change cannot be sent). */
  let restored = false;
  const sync = () => {
    try {
      model.save_changes();
    } catch {
      if (!restored) ctx.showNotice(t("live.restored"));
      restored = true;
    }
  };
  const ctx = {
    model, S, t, lang, payload, course, schedule, root, body, feedback, nav, help, progress,
    notice,
    right: 0, answered: 0,
    /** Where the student is: {attempt (from 1), item (the item, card or round shown)}; kept
     * in the model (live: by the kernel; static: core/page.js keeps it per page and drill),
     * so a reload resumes the drill there. */
    get place() {
      const p = model.get("place") ?? {};
      return { attempt: Number.isInteger(p.attempt) && p.attempt > 0 ? p.attempt : 1,
        item: Number.isInteger(p.item) && p.item >= 0 ? p.item : 0 };
    },
    setPlace(item, attempt = ctx.place.attempt) {
      model.set("place", { attempt, item });
      sync();
    },
    /** A field of the place beyond attempt and item (the paragraph's draft and the text it
     * last checked), or undefined. */
    placeField(name) {
      const value = (model.get("place") ?? {})[name];
      return typeof value === "string" ? value : undefined;
    },
    /** Keep `fields` with the place (undefined: drop it), so that a reload finds them;
     * `send`: to the kernel now too (false while the student types: sent on leaving the box). */
    keepInPlace(fields, { send = true } = {}) {
      const next = { ...(model.get("place") ?? {}), attempt: ctx.place.attempt, item: ctx.place.item };
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) delete next[key];
        else next[key] = value;
      }
      model.set("place", next);
      if (send) sync();
    },
    send: () => sync(),
    /** A new attempt from the first item (answers of earlier attempts stay, marked). */
    startAgain() {
      ctx.right = 0;
      ctx.answered = 0;
      ctx.setPlace(0, ctx.place.attempt + 1);
    },
    /** Show "Start again" (a drill resumed after a reload, with answers in this attempt)
     * and run `fn` on it. */
    onStartAgain(fn) {
      again.addEventListener("click", fn);
      again.hidden = kind === "review" || ctx.attemptAnswers().length === 0;
    },
    /** The drill shows its own "Start again" (at its end): the one in the head goes. */
    hideStartAgain() {
      again.hidden = true;
    },
    /** The answers of the current attempt (after a reload: what was answered before). */
    attemptAnswers() {
      const { attempt } = ctx.place;
      return (model.get("answers") ?? []).filter((a) => (a.attempt ?? 1) === attempt);
    },
    /** Say `parts` (strings, or nodes such as Chinese text with its lang) to screen
     * readers, without changing what is shown. */
    announce(...parts) {
      spoken.replaceChildren(...parts.filter((p) => p !== null && p !== "" && p !== false)
        .flatMap((p) => (typeof p === "string" ? withLang(p) : [p])));
    },
    showNotice(text, ...more) {
      notice.replaceChildren(text, ...more);
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
    /** One answer: into `answers` (synced to Python) and into the review store; returns
     * the term's card as scheduled now (its `due` says when to review it next).
     * `replace`: this answer takes the place of the term's answer at the same item of this
     * attempt (a change of mind: the drill and the review store count it once). */
    record(item, prompt, answer, verdict, extra = {}, { replace = false } = {}) {
      const now = Date.now();
      const row = { term_id: item.id, prompt, answer, verdict, time: new Date(now).toISOString(),
        attempt: ctx.place.attempt, item: ctx.place.item, ...extra };
      let answers = model.get("answers") ?? [];
      let { store } = loadStore(course);
      const k = replace ? answers.findLastIndex((a) => (a.attempt ?? 1) === row.attempt &&
        a.item === row.item && a.term_id === row.term_id) : -1;
      if (k >= 0) {
        const old = answers[k];
        if (isRight(old.verdict)) ctx.right--;
        ctx.answered--;
        answers = answers.filter((_, j) => j !== k);
        store = withoutLastAnswer(store, item.id, Date.parse(old.time), schedule) ?? store;
      }
      model.set("answers", [...answers, row]);
      sync();
      scormRecord(model, row);
      if (isRight(verdict)) ctx.right++;
      ctx.answered++;
      const next = recordAnswer(store, item.id, verdict, now, item.lesson ?? "", schedule);
      writeStore(next);
      return next.terms[item.id];
    },
  };
  for (const a of ctx.attemptAnswers()) {  // resumed: the summary counts what came before
    if (isRight(a.verdict)) ctx.right++;
    ctx.answered++;
  }
  if (fromSavedState) {
    ctx.showNotice(t("live.restored"));
    restored = true;
  }
  const { problem, ok, migrated } = loadStore(course);
  if (problem) {
    // The store could not be read: it was copied aside, or left in place (no room for a
    // copy), never deleted; the student can download it for the instructor.
    const found = storeTrouble(course);
    const key = found?.kept === null ? "store.unreadLeft" : "store.unreadKept";
    ctx.showNotice(t(key, { why: found?.detail || problem }), " ",
      button(t("store.download"), () => downloadText(unreadName(course, Date.now()),
        found?.text ?? ""), { class: "td-btn td-download-unread" }));
  } else if (migrated) ctx.showNotice(t("review.migrated"));
  else if (!ok && kind === "review") ctx.showNotice(t("store.unavailable"));
  return ctx;
}

/** The file name a store this page could not read is downloaded under. */
export function unreadName(course, time) {
  const when = new Date(time).toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return `termdrills-progress-${course}-unread-${when}.json`;
}

/**
 * Keys pressed inside a drill stay inside it. In JupyterLab and Notebook 7 the focus is
 * on a drill's button after Check, the notebook is in command mode, and its one-key
 * shortcuts (r: Raw, a/b: insert, d d: delete, m, y …) would act on the notebook with the
 * next letters typed. Two guards, as the hosts read keys at different times:
 *  - JupyterLab reads them on the document after the drill (bubbling): a plain key goes
 *    no further than the drill (so does a key the drill used, e.g. Ctrl+Enter);
 *  - Notebook 7 reads them before the drill (capturing): Lumino, their shortcut engine,
 *    ignores a key whose target is marked `data-lm-suppress-shortcuts`, and every element
 *    of the drill that takes the focus is marked when it does (the drill too).
 * A key with Ctrl, ⌘ or Alt is the host's (Ctrl+S saves): where the host reads keys after
 * the drill, the mark is lifted for that one key.
 */
function keepKeys(root) {
  const MARK = "data-lm-suppress-shortcuts";
  root.setAttribute(MARK, "true");
  root.addEventListener("focusin", (event) => {
    if (event.target instanceof Element) event.target.setAttribute(MARK, "true");
  });
  root.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey || event.altKey) || event.defaultPrevented) {
      event.stopPropagation();
      return;
    }
    const marked = [root, event.target].filter((el) => el instanceof Element &&
      el.hasAttribute(MARK));
    for (const el of marked) el.removeAttribute(MARK);
    setTimeout(() => {
      for (const el of marked) el.setAttribute(MARK, "true");
    });
  });
}

/** A verdict or rating that counts as right in a drill's summary. */
const isRight = (verdict) => verdict === "right" || verdict === "good" || verdict === "easy";

/** The diff of a near miss as <del>/<ins> spans (for the eye; colour is not the only mark:
 * ins is underlined, del struck through), then the differences in words. */
export function diffView(ctx, ops) {
  // The marked-up answer is for the eye (screen readers skip it: the line in words
  // after it says the same once).
  const marked = h("p", { class: "td-diff", "aria-hidden": "true" }, ops.map(({ op, text }) => {
    if (op === "same") return h("span", {}, text);
    const tag = op === "ins" ? "ins" : "del";
    return h(tag, { title: ctx.t(op === "ins" ? "diff.missing" : "diff.extra") }, text);
  }));
  const words = diffWords(ops).map((d) => ctx.t(`diff.${d.op}Word`, d));
  return [marked, words.length ? h("p", { class: "td-diff-words" },
    ctx.t("diff.words", { list: words.join("; ") })) : null];
}

/** Feedback for a graded typed answer; returns the verdict. Every verdict but an exact
 * preferred rendering shows the preferred rendering. */
export function sayGrade(ctx, typed, result) {
  const { verdict, expected, preferred } = result;
  const shown = String(typed).trim();
  if (verdict === "right") {
    if (result.exact) ctx.say("right", ctx.t("right"));
    else if (result.matched === preferred) ctx.say("right", ctx.t("right.form", { preferred }));
    else ctx.say("right", ctx.t("right.alt", { typed: shown, preferred }));
  } else if (result.deprecated) {
    ctx.say("wrong", ctx.t(result.deprecated.near ? "deprecated.near" : "deprecated",
      { typed: shown, form: result.deprecated.form, preferred,
        note: result.deprecated.note || ctx.t("deprecated.noNote") }));
  } else if (verdict === "almost") {
    const lead = expected === preferred ? ctx.t("almost", { expected })
      : ctx.t("almost.alt", { expected, preferred });
    ctx.say("almost", lead, ...(result.diff.length ? diffView(ctx, result.diff)
      : [ctx.t("diff.long")]));
  } else if (verdict === "empty") {
    ctx.say("empty", ctx.t("empty"));
  } else {
    ctx.say("wrong", ctx.t("wrong", { expected: preferred }));
  }
  return verdict;
}

/**
 * A typed question: prompt nodes, a labelled input and a Check button. `deprecated`:
 * renderings official English avoids ([{form, note}]), answered with their reason.
 * `onDone(verdict, card)` runs after a graded (non-empty) answer, with the term's
 * review card as now scheduled.
 */
export function typedQuestion(ctx, { prompt, promptText, item, accepted, deprecated = [],
  answerLang, onDone }) {
  const inputId = nextId("answer");
  const input = h("input", {
    id: inputId, class: "td-input", type: "text", autocomplete: "off", autocapitalize: "off",
    spellcheck: "false", lang: answerLang === "zh" ? ZH : "en",
  });
  let finished = false;
  const submit = () => {
    if (finished) return;
    const result = grade(input.value, accepted, answerLang, deprecated);
    const verdict = sayGrade(ctx, input.value, result);
    if (verdict === "empty") {
      input.focus();
      return;
    }
    finished = true;
    input.readOnly = true;
    check.disabled = true;
    const card = ctx.record(item, promptText, input.value, verdict);
    onDone(verdict, card);
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

/** The end of a drill: the items of this attempt not answered right, each as `missed(item)`
 * says it ({prompt, official}) with the student's answer, or null when all were right. */
function missedList(ctx, items, missed) {
  const seen = new Set();
  const rows = [];
  for (const a of ctx.attemptAnswers()) {
    if (isRight(a.verdict) || seen.has(a.item) || !items[a.item]) continue;
    seen.add(a.item);
    rows.push([a.item, a]);
  }
  if (!rows.length) return null;
  rows.sort((x, y) => x[0] - y[0]);
  return h("div", { class: "td-missed" }, h("p", {}, ctx.t("done.missed")),
    h("ul", {}, rows.map(([k, a]) => {
      const { prompt, official } = missed(items[k]);
      return h("li", {}, withLang(ctx.t(a.answer ? "done.missedItem" : "done.missedBare",
        { prompt, official, answer: a.answer })));
    })));
}

/** Walk a list of items one at a time: `ask(item, index, next, byUser)`; then a summary,
 * with the items missed when `missed(item)` gives each one's {prompt, official} form.
 * `byUser` is false for the first item shown at page load (which must not take focus). */
export function sequence(ctx, items, ask, { doneKey = "done", onFinish, summary, missed } = {}) {
  // Resume where the student left (after a reload); an item already answered in this
  // attempt is not asked again.
  const answered = new Set(ctx.attemptAnswers().map((a) => a.item));
  let i = Math.min(ctx.place.item, items.length);
  while (i < items.length && answered.has(i)) i++;
  const show = (byUser = true) => {
    ctx.nav.replaceChildren();
    if (i >= items.length) {
      ctx.setProgress(0, 0);
      ctx.body.replaceChildren();
      ctx.say("done", summary ? summary() : ctx.t(doneKey, { right: ctx.right,
        total: ctx.answered }), missed ? missedList(ctx, items, missed) : null);
      ctx.hideStartAgain();
      const again = button(ctx.t("restart"), () => {
        i = 0;
        ctx.startAgain();
        ctx.say("", "");
        show();
      });
      guardRepeat(again);
      ctx.nav.append(again);
      if (onFinish) onFinish();
      if (byUser) again.focus();
      return;
    }
    ctx.setProgress(i + 1, items.length);
    ask(items[i], i, () => {
      const next = button(ctx.t("next"), () => {
        i++;
        ctx.setPlace(i);
        ctx.say("", "");
        show();
      }, { class: "td-btn td-next" });
      guardRepeat(next);
      ctx.nav.replaceChildren(next);
      focusSoon(next, ctx.feedback);
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
