"""Accessibility checks shared by the browser tests: axe-core on a page, and the
contrast ratio of an element's text against the background it is drawn on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: axe-core impacts that fail a test (WCAG 2.2 AA and axe's best practices).
FAILING = ("serious", "critical")
#: Rules that fail a test at any impact: the ones students' pages broke (issue 13: the
#: sidebar brand outside a landmark, empty table headers on the review page).
ALWAYS = ("region", "empty-table-header", "label-content-name-mismatch")

_RUN = """async (context) => {
  const result = await axe.run(context ? document.querySelectorAll(context) : document,
    { resultTypes: ["violations"] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${(n.failureSummary || "")
      .split("\\n").slice(1).join(" ").trim()}`) }));
}"""


def axe(page: Any, script: Path, context: str | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page (or within the elements `context` selects)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(script))
    return page.evaluate(_RUN, context)


def serious(violations: list[dict[str, Any]]) -> list[str]:
    """The serious and critical violations (and any of `ALWAYS`), one line per element."""
    return [f"{v['id']} ({v['impact']}): {node}" for v in violations
            if v["impact"] in FAILING or v["id"] in ALWAYS for node in v["nodes"]]


_CONTRAST = """(el) => {
  const rgba = (s) => { const m = s.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a]; };
  const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
  const background = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] === 1) break; }
    }
    let rgb = [255, 255, 255];
    for (const layer of layers.reverse()) rgb = over(layer, rgb);
    return rgb;
  };
  const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
  const bg = background(el);
  const fg = over(rgba(getComputedStyle(el).color), bg);
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}"""


def contrast(locator: Any) -> float:
    """The WCAG contrast ratio of the element's text colour against its background."""
    return float(locator.evaluate(_CONTRAST))
