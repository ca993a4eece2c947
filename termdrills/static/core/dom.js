// termdrills DOM helpers shared by every drill kind. Glossary and student text is
// data: it only ever reaches the page through text nodes and setAttribute.
/* global CSS */
import { hasHan, PINYIN_LANG, ZH_LANG, zhRuns } from "./words.js";

/** The language tag of Chinese text (termdrills/i18n/chinese.json). */
export const ZH = ZH_LANG;

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

/** Pinyin, marked as such (`PINYIN_LANG`): inside Chinese it would be read and drawn as
 * characters are (a Chinese voice, CJK fonts); nothing when there is none. */
export const pinyinText = (text) => (text ? h("span", { class: "td-pinyin", lang: PINYIN_LANG },
  text) : null);

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
 * once (benchmarks/bench_drills.py measures the handler).
 *
 * `show` (the feedback) is what the student reads first: the focus does not scroll the
 * page past it (on a phone, a Next button below a long feedback would take the page down
 * to it); the page scrolls only to bring the start of `show` into view. */
export function focusSoon(el, show = null) {
  requestAnimationFrame(() => {
    if (!el.isConnected) return;
    if (!show?.isConnected) {
      el.focus();
      return;
    }
    el.focus({ preventScroll: true });
    const top = show.getBoundingClientRect().top;
    const view = el.ownerDocument.defaultView;
    if (top < 0 || top > (view?.innerHeight ?? 0) - 48) {
      show.scrollIntoView({ block: "start" });
    }
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

/** Each Chinese run of the text under `root` in a lang="zh-CN" span (text already inside
 * an element marked Chinese is left as it is). */
export function markChinese(root) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (hasHan(n.data) && !n.parentElement?.closest('[lang^="zh"]')) texts.push(n);
  }
  for (const node of texts) node.replaceWith(...withLang(node.data));
}

const MARKED_NOTEBOOKS = new WeakSet();

/**
 * In JupyterLab and Notebook 7: the Chinese of the notebook's Markdown cells (the lesson's
 * prose) marked lang="zh-CN", as the course site's build marks it (unmarked on an English
 * page, Chromium draws it with Japanese glyph forms and a screen reader reads it in
 * English). The notebook of the drill `el` is watched, once, and each Markdown cell is
 * marked when Jupyter renders it (again after an edit). No-op outside a notebook (the
 * site's pages are marked by the build). The drill may not be in the page yet when it
 * is drawn: tried again on the next frames.
 */
export function markNotebookChinese(el, tries = 4) {
  const notebook = el.closest?.(".jp-Notebook");
  if (!notebook) {
    if (tries > 0 && typeof requestAnimationFrame === "function") {
      requestAnimationFrame(() => setTimeout(() => markNotebookChinese(el, tries - 1), 250));
    }
    return;
  }
  if (MARKED_NOTEBOOKS.has(notebook)) return;
  MARKED_NOTEBOOKS.add(notebook);
  const pending = new Set();
  const flush = () => {
    for (const md of pending) if (md.isConnected) markChinese(md);
    pending.clear();
  };
  const queue = (md) => {
    if (!pending.size) requestAnimationFrame(flush);
    pending.add(md);
  };
  const MARKDOWN = ".jp-RenderedMarkdown";
  for (const md of notebook.querySelectorAll(MARKDOWN)) queue(md);
  new MutationObserver((records) => {
    for (const record of records) {
      const md = record.target.closest?.(MARKDOWN);
      if (md) {
        queue(md);
        continue;
      }
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches(MARKDOWN)) queue(node);
        else for (const found of node.querySelectorAll(MARKDOWN)) queue(found);
      }
    }
  }).observe(notebook, { childList: true, subtree: true });
}
