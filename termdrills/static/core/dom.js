// termdrills DOM helpers shared by every drill kind. Glossary and student text is
// data: it only ever reaches the page through text nodes and setAttribute.
/* global CSS */
import { zhRuns } from "./words.js";

export const ZH = "zh-CN";

/** Create an element; attrs are set as attributes (on* keys as listeners); children are
 * nodes or strings (text nodes). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const button = (label, onclick, attrs = {}) =>
  h("button", { type: "button", class: "td-btn", onclick, ...attrs }, label);

export const zhText = (text, cls = "td-zh") => h("span", { class: cls, lang: ZH }, text);

/** A sentence as nodes, its Chinese runs in lang="zh-CN" spans ("“政务服务” and …"):
 * a screen reader then reads each part in its own language. */
export const withLang = (text) => zhRuns(text).map((p) => (p.zh ? h("span", { lang: ZH },
  p.text) : p.text));

/** A button's state shown by a sign and said in words, never by colour alone. */
export function markButton(btn, cls, sign, words) {
  btn.classList.add(cls);
  btn.append(h("span", { class: "td-mark", "aria-hidden": "true" }, sign),
    h("span", { class: "td-sr" }, ` (${words})`));
}

/** Offer `text` as a file download named `name` (JSON). */
export function downloadText(name, text) {
  const link = h("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })),
    download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

let uid = 0;
export const nextId = (prefix) => `td-${prefix}-${++uid}`;

/** A key pressed while an input method is composing (its Enter picks a candidate). */
export const isComposing = (event) => event.isComposing || event.keyCode === 229;

/** Move the focus to `el` when the next frame starts (after an answer: the control the
 * student goes on with). A focus() inside the click's handler forces the browser to lay
 * out everything the answer changed before the handler ends; deferred, the handler
 * returns at once and the frame that shows the feedback lays it out, and focuses `el`,
 * once (benchmarks/bench_drills.py measures the handler). */
export function focusSoon(el) {
  requestAnimationFrame(() => {
    if (el.isConnected) el.focus();
  });
}

/** Put the drills' CSS into the element's document or shadow root, once. */
export function ensureStyle(el) {
  const root = el.getRootNode();
  const parent = root.head ?? (root instanceof ShadowRoot ? root : document.head);
  if (parent.querySelector(":scope > style[data-termdrills]")) return;
  parent.append(h("style", { "data-termdrills": "" }, CSS));
}


/** True while the student types in a text field (keys then belong to the field). */
export const isTyping = (event) =>
  event.target instanceof HTMLElement &&
  (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA");
