"""termdrills beside jupyterquiz and jupytercards, the same drills on the same site.

The peers are installed from PyPI into their own virtual environment,
``benchmarks/.peers`` (never into the course's requirements), whose site-packages the
book's kernels see through PYTHONPATH. One book, the course's own ``_config.yml`` and
glossary, four pages built in one ``jupyter-book build``:

- ``td_one``: 12 multiple-choice questions in one drill and 10 flashcards (termdrills);
- ``td_four``: the same questions as four drills of three, and the same cards;
- ``peer_one`` and ``peer_four``: the same questions (prompt, options, answer, from the
  termdrills drill's payload) with ``display_quiz`` (one call, or four calls of three)
  and the same cards with ``display_flashcards`` (one call).

Measured in Debian's chromium over HTTP (`benchmarks._serve`: the headers GitHub Pages
sends, precise timers): each page's HTML (raw and gzip; the goal: termdrills' at most
half of the peers'), what a first visit to the page transfers, how often the drills'
code file is fetched when a student opens both termdrills pages (goal: once), time to
interactive (navigation start to every drill drawn; the median of 5 first visits),
click to feedback (the median of
the synchronous work a click on an answer does, feedback in the page; goal for
termdrills: under 1 ms) and the JS heap after a garbage collection. One run; the
ratios are what to read.

Run: .venv/bin/python -m benchmarks.bench_peers  (writes benchmarks/results/peers.json)
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from benchmarks._serve import serve
from benchmarks._util import write_result
from termdrills.contracts import CODE_CHUNK, CODE_FILE

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(__file__).resolve().parent / ".peers"
VERSIONS = {"jupyterquiz": "2.9.6.4", "jupytercards": "3.2.1"}
QUESTIONS, CARDS, SAMPLES, LOADS = 12, 10, 40, 5
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS

# ------------------------------------------------------------------ the peers' venv


def peers_site_packages() -> Path:
    """benchmarks/.peers with the pinned peers installed (created on first use)."""
    python = PEERS / "bin" / "python"
    stamp = PEERS / "installed.json"
    if not (stamp.exists() and json.loads(stamp.read_text()) == VERSIONS):
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check",
                        *(f"{k}=={v}" for k, v in VERSIONS.items())], check=True)
        stamp.write_text(json.dumps(VERSIONS))
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([str(python), "-c", where],
                         check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


# ------------------------------------------------------------------ the book


SETUP = """\
import json
from termdrills import load_glossary
g = load_glossary()
spec = json.load(open("spec.json", encoding="utf-8"))
terms = [g.get(i) for i in spec["questions"]]
cards = [g.get(i) for i in spec["cards"]]"""
TD = {
    "one": ["from termdrills.drills import Flashcards, MultipleChoice",
            'MultipleChoice(terms, glossary=g, direction="zh-en", seed=1)',
            "Flashcards(cards, seed=1)"],
    "four": ["from termdrills.drills import Flashcards, MultipleChoice",
             *(f'MultipleChoice(terms[{k}:{k + 3}], glossary=g, direction="zh-en", seed=1)'
               for k in range(0, QUESTIONS, 3)),
             "Flashcards(cards, seed=1)"],
}
PEER_SETUP = """\
from jupytercards import display_flashcards
from jupyterquiz import display_quiz

def quiz(questions):
    return [{"question": q["prompt"], "type": "multiple_choice",
             "answers": [{"answer": o, "correct": k == q["answer"]}
                         for k, o in enumerate(q["options"])]} for q in questions]

deck = [{"front": t.zh + (f" ({t.pinyin})" if t.pinyin else ""), "back": t.en} for t in cards]"""
PEER = {
    "one": ['display_quiz(quiz(spec["one"]))', "display_flashcards(deck)"],
    "four": [*(f'display_quiz(quiz(spec["four"][{k}]))' for k in range(4)),
             "display_flashcards(deck)"],
}


def _notebook(path: Path, title: str, cells: list[str]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                  "language": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    for k, code in enumerate(cells):
        cell = nbformat.v4.new_code_cell(code)
        cell.metadata["tags"] = ["remove-cell"] if k < 2 else ["remove-input"]
        nb.cells.append(cell)
    for k, cell in enumerate(nb.cells):
        cell.id = f"c{k}"
    nbformat.write(nb, path)


def _spec(book: Path) -> dict[str, object]:
    """The 12 terms (the course's first rows with four distinct options) and 10 cards, and
    the termdrills questions' prompts and options, for the peers' pages."""
    from termdrills import load_glossary
    from termdrills.drills import MultipleChoice

    g = load_glossary(book / "glossary.csv")
    terms = list(g.untraced())[:QUESTIONS]
    one = MultipleChoice(terms, glossary=g, direction="zh-en", seed=1).payload["questions"]
    four = [MultipleChoice(terms[k:k + 3], glossary=g, direction="zh-en", seed=1)
            .payload["questions"] for k in range(0, QUESTIONS, 3)]
    return {"questions": [t.id for t in terms], "cards": [t.id for t in terms[:CARDS]],
            "one": one, "four": four}


def make_book(folder: Path) -> Path:
    book = folder / "book"
    (book / "pages").mkdir(parents=True)
    for name in ("_config.yml", "glossary.csv", "evidence.csv"):
        shutil.copy2(ROOT / name, book / name)
    (book / "book").mkdir()
    shutil.copy2(ROOT / "book" / "favicon.svg", book / "book" / "favicon.svg")
    (book / "intro.md").write_text("# Peers\n\nThe same drills, four ways.\n", encoding="utf-8")
    pages = ("td_one", "td_four", "peer_one", "peer_four")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n" + "".join(
        f"  - file: pages/{p}\n" for p in pages), encoding="utf-8")
    (book / "pages" / "spec.json").write_text(json.dumps(_spec(book), ensure_ascii=False),
                                              encoding="utf-8")
    for calls in ("one", "four"):
        _notebook(book / "pages" / f"td_{calls}.ipynb", f"termdrills, {calls}",
                  [SETUP, TD[calls][0], *TD[calls][1:]])
        _notebook(book / "pages" / f"peer_{calls}.ipynb", f"jupyterquiz and jupytercards, {calls}",
                  [SETUP, PEER_SETUP, *PEER[calls]])
    return book


def build(book: Path, site_packages: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "TERMDRILLS_GLOSSARY"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site_packages),
                                                      env.get("PYTHONPATH", "")]))
    jb = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(jb), "build", str(book)], capture_output=True, text=True,
                          env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"peer book failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return book / "_build" / "html"


# ------------------------------------------------------------------ in the browser

#: Records when every drill of the page is drawn (performance.now(), from navigation start).
READY = """
(() => {
  const ready = () => {
    const td = document.querySelectorAll(".termdrills-static").length;
    if (td) return document.querySelectorAll("section.termdrills").length === td;
    const quizzes = [...document.querySelectorAll(".MultipleChoiceQn")].length;
    const decks = [...document.querySelectorAll(".flip-container")];
    return quizzes === QUESTIONS && decks.length > 0 && decks.every((d) => d.children.length > 0);
  };
  const check = () => {
    if (window.__ready === undefined && document.body && ready()) {
      window.__ready = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", check);
})();
""".replace("QUESTIONS", str(QUESTIONS))

#: The median milliseconds of the synchronous work of `n` clicks on an answer, each on a
#: clean frame (feedback in the page; microtasks included; no layout forced here).
CLICK = """async ([n]) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  const times = [];
  const td = document.querySelector("section.td-multiple_choice");
  for (let k = 0; k < n; k++) {
    let target;
    if (td) {
      for (let i = 0; i < 3 && !td.querySelector(".td-option:not(:disabled)"); i++) {
        td.querySelector(".td-nav button:not(:disabled)").click();
      }
      target = td.querySelector(".td-option:not(:disabled)");
    } else {
      const buttons = document.querySelectorAll(".MCButton");  // 4 per question
      target = buttons[(k * 5) % buttons.length];  // each question, a different option
    }
    target.focus();  // as a mouse press does before the click
    await frame();
    const t0 = performance.now();
    target.click();
    await null;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}"""


def _gzip(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure(html: Path) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    pages = ("td_one", "td_four", "peer_one", "peer_four")
    # the drills' code the termdrills page loads: the core and its kinds' files
    page_html = (html / "pages" / "td_one.html").read_text(encoding="utf-8")
    code = [html / "_static" / name for name in dict.fromkeys(
        m[1] for m in re.finditer(r'src="[^"]*?((termdrills-[0-9a-f]{16}(?:-[a-z_]+)?)\.js)',
                                  page_html))]
    code = [p for p in code if _is_code(p.name)]
    result: dict[str, dict[str, object]] = {}
    loads: dict[str, list[tuple[float, float, int]]] = {name: [] for name in pages}
    with serve(html) as (url, requests), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(LOADS):  # first visits, the pages in turn (the machine is shared)
            for name in pages:
                context = browser.new_context()  # an empty cache
                page = context.new_page()
                page.add_init_script(READY)
                sizes: list[int] = []
                page.on("requestfinished",
                        lambda r, s=sizes: s.append(r.sizes()["responseBodySize"]))
                page.goto(url + f"pages/{name}.html", wait_until="load")
                page.wait_for_function("window.__ready !== undefined", timeout=30_000)
                cdp = context.new_cdp_session(page)
                cdp.send("HeapProfiler.collectGarbage")
                cdp.send("Performance.enable")
                heap = next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                            if m["name"] == "JSHeapUsedSize")
                loads[name].append((page.evaluate("window.__ready"), heap, len(sizes)))
                context.close()
        for name in pages:
            raw = (html / "pages" / f"{name}.html").read_bytes()
            context = browser.new_context()
            page = context.new_page()
            page.add_init_script(READY)
            page.goto(url + f"pages/{name}.html", wait_until="load")
            page.wait_for_function("window.__ready !== undefined", timeout=30_000)
            page.evaluate(CLICK, [5])
            click = page.evaluate(CLICK, [SAMPLES])
            context.close()
            tti = statistics.median(r[0] for r in loads[name])
            heap = statistics.median(r[1] for r in loads[name])
            result[name] = {"html_bytes": len(raw), "html_gzip": _gzip(raw),
                            "first_visit_requests": loads[name][0][2],
                            "tti_ms": round(tti, 1), "click_ms": round(click, 3),
                            "js_heap_kb": round(heap / 1024)}
        # one visit, both termdrills pages: how often is the code file fetched?
        requests.clear()
        context = browser.new_context()
        page = context.new_page()
        for name in ("td_one", "td_four", "td_one"):
            page.goto(url + f"pages/{name}.html", wait_until="load")
            page.wait_for_selector("section.termdrills")
        # the drills' code file is named by its digest (termdrills/book/drill_code.py); the
        # site's other scripts (termdrills-site.js, termdrills-glossary.js) are not it
        fetched = [r.split("?")[0].rsplit("/", 1)[-1] for r in requests]
        fetched = [f for f in fetched if _is_code(f)]
        code_fetches = max((fetched.count(f) for f in fetched), default=0)
        context.close()
        browser.close()
    return {"pages": result, "code_file": {
        "name": code[0].name if code else "", "files": [p.name for p in code],
        "bytes": sum(len(p.read_bytes()) for p in code),
        "gzip": sum(_gzip(p.read_bytes()) for p in code)},
        "code_fetches_per_visit": code_fetches}


def _is_code(name: str) -> bool:
    """A file of the drills' code: the core or a kind's (termdrills/book/drill_code.py);
    the site's other scripts (termdrills-site.js, termdrills-glossary.js) are not."""
    return bool(CODE_FILE.fullmatch(name) or CODE_CHUNK.fullmatch(name))


def main() -> dict[str, object]:
    site_packages = peers_site_packages()
    with tempfile.TemporaryDirectory() as tmp:
        html = build(make_book(Path(tmp)), site_packages)
        m = measure(html)
    p = m["pages"]
    ratios = {calls: round(p[f"td_{calls}"]["html_gzip"] / p[f"peer_{calls}"]["html_gzip"], 3)
              for calls in ("one", "four")}
    result = {"goal": "termdrills page HTML (gzip) <= 0.5x the peers'; code fetched once per "
                      "visit; termdrills click to feedback < 1 ms",
              "versions": VERSIONS, "questions": QUESTIONS, "cards": CARDS, **m,
              "gzip_ratio": ratios}
    write_result("peers", result)
    print(f"termdrills vs jupyterquiz {VERSIONS['jupyterquiz']} + jupytercards "
          f"{VERSIONS['jupytercards']}: {QUESTIONS} questions, {CARDS} cards")
    print(f"{'page':<10} {'HTML':>9} {'gzip':>8} {'requests':>9} {'TTI ms':>7} "
          f"{'click ms':>9} {'heap KB':>8}")
    for name, r in p.items():
        print(f"{name:<10} {r['html_bytes']:>9,} {r['html_gzip']:>8,} "
              f"{r['first_visit_requests']:>9} {r['tti_ms']:>7.1f} {r['click_ms']:>9.3f} "
              f"{r['js_heap_kb']:>8,}")
    print(f"gzip ratio termdrills/peers: one call {ratios['one']:.2f}, four calls "
          f"{ratios['four']:.2f}; the page's code ({len(m['code_file']['files'])} files) "
          f"{m['code_file']['gzip']:,} bytes gzip (goal ≤ 30 KB: met: "
          f"{'yes' if m['code_file']['gzip'] <= 30_000 else 'no'}), each fetched at most "
          f"{m['code_fetches_per_visit']}× in a visit of 3 pages")
    tti = p["td_one"]["tti_ms"] / p["peer_one"]["tti_ms"]
    print(f"time to interactive, first visit: {tti:.2f}× jupyterquiz's (goal ≤ 1.0×: met: "
          f"{'yes' if tti <= 1.0 else 'no'})")
    return result


if __name__ == "__main__":
    main()
