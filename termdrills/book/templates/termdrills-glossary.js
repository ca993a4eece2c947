// Filter box of the generated glossary page (termdrills.book).
// Narrows the terms by Chinese, pinyin (tone marks and spaces optional) or English (the
// preferred rendering, the accepted ones and the ones to avoid).
// Offline and dependency-free; it only reads textContent and toggles `hidden`.
"use strict";

(function () {
  const root = document.querySelector(".tdg-glossary");
  if (!root) return;
  const form = root.querySelector(".tdg-filter");
  const input = form.querySelector("input");
  const count = form.querySelector(".tdg-filter-count");

  // "Zhèngwù fúwù" -> "zhengwufuwu"; "lü" and "lv" -> "lu"; tone numbers dropped.
  const foldPinyin = (s) =>
    s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/v/g, "u").replace(/[^a-z]/g, "");
  const foldEnglish = (s) => s.toLowerCase().replace(/\s+/g, " ").trim();
  const text = (el, sel) => Array.from(el.querySelectorAll(sel), (n) => n.textContent).join(" ");

  // The lessons are sections of the page after the filter box (not inside it).
  const sections = Array.from(document.querySelectorAll(".tdg-lesson"), (section) => ({
    el: section,
    shown: true,
    terms: Array.from(section.querySelectorAll(".tdg-term"), (el) => ({
      el,
      shown: true,
      zh: text(el, ".tdg-zh"),
      pinyin: foldPinyin(text(el, ".tdg-pinyin")),
      // the deprecated forms too: "wisdom" finds 智慧政务, whose entry says to avoid it
      en: foldEnglish([".tdg-en", ".tdg-alt-en", ".tdg-deprecated-en"]
        .map((sel) => text(el, sel)).join(" | ")),
    })),
  }));
  const total = sections.reduce((n, s) => n + s.terms.length, 0);

  function matcher(query) {
    const q = query.trim();
    if (!q) return () => true;
    const py = foldPinyin(q);
    const en = foldEnglish(q);
    return (t) => t.zh.includes(q) || (py !== "" && t.pinyin.includes(py)) || t.en.includes(en);
  }

  // A keystroke updates the entries from the top until the screen is full and the
  // count at once; the rest follows in small tasks, so that a glossary of thousands
  // of terms answers within a frame or two. A newer keystroke cancels the rest.
  const FIRST = 60;   // entries shown before the first paint (more than fill a screen)
  const CHUNK = 400;  // entries updated per later task
  let generation = 0;

  function apply() {
    const gen = ++generation;
    const match = matcher(input.value);
    const plan = [];
    let shown = 0;
    for (const s of sections) {
      const head = [s, false];  // a lesson stays visible while one of its terms is
      plan.push(head);
      for (const t of s.terms) {
        const ok = match(t);
        if (ok) {
          shown += 1;
          head[1] = true;
        }
        plan.push([t, ok]);
      }
    }
    count.textContent = input.value.trim()
      ? `${shown} of ${total} terms`
      : `${total} terms`;
    let i = 0;
    const run = (first) => {
      let visible = 0;
      const end = first ? plan.length : Math.min(plan.length, i + CHUNK);
      while (i < end) {
        const [rec, ok] = plan[i++];
        if (rec.shown !== ok) {
          rec.el.hidden = !ok;
          rec.shown = ok;
        }
        if (first && ok && ++visible >= FIRST) break;
      }
      if (i < plan.length) setTimeout(() => gen === generation && run(false), 0);
      else form.setAttribute("aria-busy", "false");
    };
    form.setAttribute("aria-busy", "true");
    run(true);
  }

  input.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();
