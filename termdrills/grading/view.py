"""The aligned bilingual view as HTML: Chinese | reference | answer, clause by clause.

Renders the ``segments`` and ``terms`` of an analysis dict (`analysis.py`). Each
term is a ``<mark class="tK">`` (K = its colour, 0–7) in every column, with its
number as visible text, so a reader who cannot tell the colours apart still pairs
them; in English columns the verdict is also a glyph and an underline style
(✓ preferred solid, ≈ accepted dashed, ✗ deprecated wavy,
? a guess at the student's rendering, dotted) and words for screen readers.
Every text is escaped; Chinese cells carry ``lang="zh-CN"``. Colours keep a
contrast of at least 4.5:1 with their text in light and in dark mode
(``prefers-color-scheme``, tested in tests/test_grade.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from termdrills.text.chinese import ZH_LANG
from termdrills.text.page import escape as _e

__all__ = ["ALIGNED_CSS", "PALETTE_DARK", "PALETTE_LIGHT", "render_aligned", "render_legend"]

#: (background, text) per colour, light mode and dark mode.
PALETTE_LIGHT = (("#ffe58f", "#1a1a1a"), ("#b7eb8f", "#1a1a1a"), ("#91d5ff", "#1a1a1a"),
                 ("#ffadd2", "#1a1a1a"), ("#d3adf7", "#1a1a1a"), ("#ffc069", "#1a1a1a"),
                 ("#87e8de", "#1a1a1a"), ("#e4d5b7", "#1a1a1a"))
PALETTE_DARK = (("#5c4a00", "#f5f5f5"), ("#1f5c0a", "#f5f5f5"), ("#0a3d80", "#f5f5f5"),
                ("#7a0a4a", "#f5f5f5"), ("#45197a", "#f5f5f5"), ("#7a3600", "#f5f5f5"),
                ("#00545c", "#f5f5f5"), ("#4d3f26", "#f5f5f5"))
GLYPH = {"preferred": "✓", "accepted": "≈", "deprecated": "✗", "candidate": "?"}
SAY = {"preferred": "preferred rendering", "accepted": "accepted rendering",
       "deprecated": "deprecated rendering", "candidate": "no glossary form: the student's wording"}


def _css() -> str:
    light = "".join(f".td-aligned mark.t{i}, .td-legend mark.t{i} {{ background: {bg}; "
                    f"color: {fg}; }}\n" for i, (bg, fg) in enumerate(PALETTE_LIGHT))
    dark = "".join(f"  .td-aligned mark.t{i}, .td-legend mark.t{i} {{ background: {bg}; "
                   f"color: {fg}; }}\n" for i, (bg, fg) in enumerate(PALETTE_DARK))
    return f"""
.td-aligned {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: .5rem 0 1rem; }}
.td-aligned th, .td-aligned td {{ border: 1px solid #8886; padding: .35rem .5rem;
  vertical-align: top; text-align: left; line-height: 1.7; overflow-wrap: anywhere; }}
.td-aligned th.chrf, .td-aligned td.chrf {{ width: 4.5rem; text-align: right;
  font-variant-numeric: tabular-nums; }}
.td-aligned tbody {{ border-top: 3px solid #8889; }}
.td-aligned td.empty {{ color: #767676; }}
.td-aligned mark, .td-legend mark {{ padding: 0 .15em; border-radius: .2em; }}
.td-aligned mark sup.tn, .td-legend mark sup.tn {{ font-size: .7em; font-weight: 700;
  margin-right: .15em; }}
.td-aligned mark.v-preferred {{ text-decoration: underline solid 2px; }}
.td-aligned mark.v-accepted {{ text-decoration: underline dashed 2px; }}
.td-aligned mark.v-deprecated {{ text-decoration: underline wavy 1.5px; }}
.td-aligned mark.v-candidate {{ background: none; color: inherit; outline: 2px dotted currentColor; }}
.td-aligned .vg {{ font-weight: 700; margin-left: .15em; }}
.td-sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }}
.td-legend {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem .9rem; }}
{light}@media (prefers-color-scheme: dark) {{
{dark}}}
"""


ALIGNED_CSS = _css()


def _cell(runs: Sequence[Mapping[str, object]] | None, *, chinese: bool = False) -> str:
    lang = f' lang="{ZH_LANG}"' if chinese else ""
    if not runs:
        return f'<td class="empty"{lang}>—</td>'
    parts = []
    for run in runs:
        if "term" not in run:
            parts.append(_e(run["text"]))
            continue
        n = int(run["term"])  # type: ignore[call-overload]
        kind = str(run.get("kind", "zh"))
        say = SAY.get(kind)
        glyph = f'<span class="vg" aria-hidden="true">{GLYPH[kind]}</span>' if kind in GLYPH else ""
        sr = f'<span class="td-sr"> ({_e(say)})</span>' if say else ""
        parts.append(f'<mark class="t{(n - 1) % 8} v-{_e(kind)}"><sup class="tn">{n}</sup>'
                     f"{_e(run['text'])}{glyph}{sr}</mark>")
    return f"<td{lang}>{''.join(parts)}</td>"


def render_legend(terms: Sequence[Mapping[str, object]]) -> str:
    """The terms of the view, each with its number and colour: Chinese and preferred English."""
    if not terms:
        return "<p>No glossary term of the lessons occurs in this passage.</p>"
    items = "".join(
        f'<li><mark class="t{int(t["colour"])}"><sup class="tn">{int(t["n"])}</sup>'  # type: ignore[call-overload]
        f'<span lang="{ZH_LANG}">{_e(t["zh"])}</span></mark> {_e(t["en"])}</li>' for t in terms)
    keys = " · ".join(f"{g} {_e(SAY[k].split(':')[0])}" for k, g in GLYPH.items())
    return f'<ul class="td-legend" aria-label="terms">{items}</ul><p class="td-keys">{keys}</p>'


def _chrf(value: object) -> str:
    return "–" if value is None else f"{float(value):.1f}"  # type: ignore[arg-type]


def render_aligned(analysis: Mapping[str, object], *, reference_label: str | None = None,
                   answer_label: str = "Answer", show_chrf: bool = True) -> str:
    """The aligned view (a table) of an analysis dict; the answer column only when the
    analysis has an answer, the chrF column only when a segment has a chrF."""
    segments: Sequence[Mapping] = analysis["segments"]  # type: ignore[assignment]
    ref_kind = (analysis.get("reference") or {}).get("kind", "none")  # type: ignore[union-attr]
    has_ref = any(row.get("reference") is not None for seg in segments for row in seg["rows"])
    has_answer = any(row.get("answer") is not None for seg in segments for row in seg["rows"])
    with_chrf = show_chrf and any(seg.get("chrf") is not None for seg in segments)
    if reference_label is None:
        reference_label = ("Official translation" if ref_kind == "official"
                           else "Course translation (not official)")
    head = [f'<th scope="col" lang="{ZH_LANG}">中文</th>']
    if has_ref:
        head.append(f'<th scope="col">{_e(reference_label)}</th>')
    if has_answer:
        head.append(f'<th scope="col">{_e(answer_label)}</th>')
    if with_chrf:
        head.append('<th scope="col" class="chrf">chrF</th>')
    bodies = []
    for seg in segments:
        rows = []
        for k, row in enumerate(seg["rows"]):
            cells = [_cell(row["zh"], chinese=True)]
            if has_ref:
                cells.append(_cell(row.get("reference")))
            if has_answer:
                cells.append(_cell(row.get("answer")))
            if with_chrf and k == 0:
                cells.append(f'<td class="chrf" rowspan="{len(seg["rows"])}">'
                             f'{_chrf(seg.get("chrf"))}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        bodies.append(f"<tbody>{''.join(rows)}</tbody>")
    return (f'<table class="td-aligned"><thead><tr>{"".join(head)}</tr></thead>'
            f"{''.join(bodies)}</table>")


def bilingual_html(chinese: str, english: str, terms: Sequence[object], *,
                   official: bool = True) -> str:
    """A self-contained aligned view (style, legend, table) of a Chinese passage and
    its translation, e.g. a leaders' speech quote, for a lesson or a page.
    `terms` are glossary `Term`s; `official` False labels the English as the course's."""
    from termdrills.grading.analysis import bilingual, prepare_passage
    from termdrills.grading.forms import prepare_terms

    prepared = prepare_terms(terms)  # type: ignore[arg-type]
    passage = prepare_passage(chinese, prepared, references=[english] if official else (),
                              model="" if official else english)
    data = bilingual(passage)
    return (f"<style>{ALIGNED_CSS}</style>{render_legend(data['terms'])}"  # type: ignore[arg-type]
            f"{render_aligned(data)}")
