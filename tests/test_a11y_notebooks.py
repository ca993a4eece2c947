"""Lessons as JupyterLab and Notebook 7 show them, and drills in a notebook reopened
without running it.

Jupyter renders a markdown cell as CommonMark (MyST's roles and directives are not
read): the lessons must not depend on them. A notebook saved with its widget state
(make lab turns that on) must show its drills again with no kernel behind them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from termdrills import aligned, key_terms, load_glossary

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
GLOSSARY = load_glossary(ROOT / "glossary.csv")
#: What CommonMark shows as raw text when a lesson uses MyST-only syntax.
MYST_ONLY = re.compile(r"\{[a-z][\w-]*\}`|```\{|:::\{|^:(?:label|class):", re.MULTILINE)


def _markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


class _Folded(HTMLParser):
    """The text inside <details> elements of rendered HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "details"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "details"

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.inside.append(data)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_reads_well_as_jupyter_renders_it(path: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    text = _markdown(path)
    assert MYST_ONLY.findall(text) == []  # no {term}, {doc}, directive or option shows raw
    html = markdown_it.MarkdownIt("commonmark").render(text)
    folded = _Folded()
    folded.feed(html)
    solution = "".join(folded.inside)
    assert solution.strip().startswith("Solution"), "the exercise's solution is folded"
    assert len(solution) > 100
    # Links stay links: to a lesson, the glossary page or a term's entry on it.
    for target in re.findall(r'href="([^"]+)"', html):
        if target.startswith(("http://", "https://")):
            continue
        file, _, anchor = target.partition("#")
        assert (path.parent / file).is_file(), target
        if anchor and file.endswith("glossary.md"):
            assert GLOSSARY.get(anchor)  # a term id (KeyError if not)


def test_key_terms_render_in_any_notebook_and_as_the_linked_table_on_the_site() -> None:
    terms = GLOSSARY.by_lesson("government-services")
    table = key_terms(GLOSSARY, "government-services")
    html = table._repr_html_()
    assert html.count("<tr>") == len(terms) + 1
    assert html.count('<th scope="col">') == 4  # every column headed, none empty
    for t in terms:
        assert f'<td lang="zh-CN">{t.zh}</td>' in html
    assert table._repr_markdown_() == "```{termdrills-terms} government-services\n```\n"
    with pytest.raises(Exception, match=r"no rows with lesson 'services' \(lessons: "):
        key_terms(GLOSSARY, "services")


def test_aligned_view_renders_in_any_notebook_and_as_the_directive_on_the_site() -> None:
    view = aligned(GLOSSARY, "service-oriented-government")
    html = view._repr_html_()
    assert html.startswith("<style>") and 'class="td-aligned"' in html
    assert '<td lang="zh-CN">' in html and "服务型政府" in html
    assert view._repr_markdown_() == "```{termdrills-aligned} service-oriented-government\n```\n"
    with pytest.raises(KeyError, match="no-such-row"):
        aligned(GLOSSARY, "no-such-row")


def test_site_lessons_show_the_linked_key_terms(built_site: Path) -> None:
    for path in LESSONS:
        page = built_site / "lessons" / f"{path.stem}.html"
        html = page.read_text(encoding="utf-8")
        code = "".join("".join(c["source"]) for c in json.loads(
            path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
        slugs = re.findall(r'^LESSON = "([^"]+)"', code, re.MULTILINE) or re.findall(
            r'"([a-z0-9]+(?:-[a-z0-9]+)*)"', " ".join(re.findall(r"by_lesson\(([^)]*)\)", code)))
        for t in GLOSSARY.by_lesson(*slugs):
            assert f'href="../book/glossary.html#{t.id}"' in html, (page.name, t.id)
        assert 'class="termdrills-terms"' not in html  # the notebook table stays in Jupyter
        assert "<details>\n<summary>Solution</summary>" in html


# ---------------------------------------------------------------- a reopened notebook


RESTORED = """async ([loader, saved, drillId]) => {
  // A widget manager restored from the notebook's saved widget state, with no kernel:
  // as JupyterLab's, a model's save_changes() throws (no comm channel).
  const models = new Map();
  const manager = { get_model: async (id) => {
    if (!models.has(id)) throw new Error("widget model not found");
    return models.get(id);
  } };
  for (const [id, entry] of Object.entries(saved.state)) {
    const state = { ...entry.state };
    models.set(id, { get: (k) => state[k], set: (k, v) => { state[k] = v; },
      on() {}, off() {}, send() {}, widget_manager: manager,
      save_changes() { throw new Error("Syncing error: no comm channel defined"); } });
  }
  const live = await import(URL.createObjectURL(new Blob([loader], { type: "text/javascript" })));
  const el = document.createElement("div");
  document.body.append(el);
  await live.default.render({ model: models.get(drillId), el });
  const out = { title: el.querySelector(".td-title")?.textContent ?? el.textContent };
  el.querySelector("input").value = "no such rendering";
  el.querySelector(".td-check").click();
  out.feedback = el.querySelector(".td-feedback").textContent;
  out.notice = el.querySelector(".td-notice:not([hidden])")?.textContent ?? "";
  // A drill whose code model is missing from the saved state: one clear line.
  const lost = document.createElement("div");
  document.body.append(lost);
  const orphan = { ...models.get(drillId), get: (k) => (k === "code" ? "IPY_MODEL_gone"
    : models.get(drillId).get(k)) };
  await live.default.render({ model: orphan, el: lost });
  out.lost = lost.textContent;
  return out;
}"""


@pytest.mark.browser
def test_a_notebook_reopened_from_saved_state_shows_its_drills(offline_page) -> None:  # type: ignore[no-untyped-def]
    import ipywidgets

    from termdrills.drills import TypedRecall, _assets
    from termdrills.drills._base import _code

    drill = TypedRecall(GLOSSARY.by_lesson("government-services"), seed=1,
                        title="Type the English")
    # What JupyterLab writes into the notebook's metadata when it saves widget state.
    saved = ipywidgets.Widget.get_manager_state(drop_defaults=False, widgets=[drill, *_code])
    saved = json.loads(json.dumps(saved))
    page, log = offline_page
    out = page.evaluate(RESTORED, [_assets.live_loader(), saved, drill.model_id])
    assert out["title"] == "Type the English"  # drawn from the saved state alone
    assert out["feedback"].startswith("Not quite")  # and it still answers
    assert out["notice"].startswith("Restored from the saved notebook, not run: ")
    assert out["lost"] == ("This drill needs its notebook to run: choose Run → Run All Cells "
                           "(or run the cells from the top).")
    assert log.page_errors == []


def test_make_lab_saves_widget_state_with_the_notebook() -> None:
    overrides = json.loads((ROOT / "termdrills" / "jupyter" / "overrides.json").read_text())
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^lab:(.*)$", makefile, re.MULTILINE)
    assert lab and "$(LAB_SETTINGS)" in lab.group(1)
    assert "share/jupyter/lab/settings/overrides.json" in makefile


def test_student_guide_says_how_to_use_every_drill_by_keyboard_and_screen_reader() -> None:
    guide = (ROOT / "book" / "student_guide.md").read_text(encoding="utf-8")
    keyboard = guide.split("### By keyboard")[1].split("### ")[0]
    reader = guide.split("### With a screen reader")[1].split("## ")[0]
    for drill in ("Flashcards", "Multiple choice", "Typed recall", "fill in the blank",
                  "Matching", "Sentence", "paragraph translation", "Review"):
        assert drill.lower() in keyboard.lower(), drill
    for said in ("Flashcards", "Multiple choice", "Matching", "verdict", "Chinese"):
        assert said in reader, said
