// The course site's own script (termdrills.book adds it to every page).
// Sphinx's search writes its results in the browser; their Chinese gets
// lang="zh-CN" here, as the build gives it to every other Chinese run
// (termdrills/text/chinese.py: the same runs). Text only: nothing becomes markup.
"use strict";

(function () {
  const results = document.getElementById("search-results");
  if (!results) return;
  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
  const ZH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uffef" +
    "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7";
  const RUN = new RegExp(`[0-9]*[${ZH}](?:[${ZH}0-9+]*[${ZH}])?`, "gu");

  function mark(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (HAN.test(n.data) && !n.parentElement.closest("[lang]:not(html)")) texts.push(n);
    }
    for (const node of texts) {
      const parts = document.createDocumentFragment();
      let pos = 0;
      for (const m of node.data.matchAll(RUN)) {
        if (!HAN.test(m[0])) continue;
        parts.append(node.data.slice(pos, m.index));
        const span = document.createElement("span");
        span.lang = "zh-CN";
        span.textContent = m[0];
        parts.append(span);
        pos = m.index + m[0].length;
      }
      parts.append(node.data.slice(pos));
      node.replaceWith(parts);
    }
  }

  new MutationObserver(() => mark(results)).observe(results, { childList: true, subtree: true });
})();
