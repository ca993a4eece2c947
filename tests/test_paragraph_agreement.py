"""The paragraph drill's analysis in JavaScript (static/core/analysis.js) gives every
answer the dict the grader gives it in Python (grading/analysis.py): the same verdicts,
consistency flags, candidate renderings, alignment rows, notes and scores.

Tolerance: none. Both compare equal after a JSON round trip, chrF included (both
follow sacreBLEU's order of operations, so the floats agree exactly).

Answers: every readable answer of the fixture class (tests/fixtures/grading/: .txt in
every encoding, the .docx texts, both LMS exports), the hostile corpus's sentences,
and the edge cases below, each against both fixture assignments (an official
reference; only a model translation) and against the passages the lessons use.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from grading_helpers import CSV_GB18030, CSV_UTF8, FIXTURES, GUIDELINE, KNOWLEDGE

from termdrills import load_glossary
from termdrills.drills import ParagraphTranslation
from termdrills.grading.analysis import analyse
from termdrills.grading.answers import read_answers
from termdrills.grading.grade import prepare

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).parent / "js" / "paragraph_analyse.mjs"
HOSTILE = Path(__file__).parent / "hostile" / "answers.json"

#: Where Python's and JavaScript's text handling differ: white space (U+0085, U+001C,
#: U+FEFF), Unicode digits after a comma, case folding (ı, İ, ſ, K), astral
#: characters (UTF-16 offsets), abbreviations, curly apostrophes, line separators.
EDGE = [
    "",
    "   \n\t ",
    ("Continuously optimızing government servİces is significant to facilitating the "
     "circulation of the national economy."),
    ("Optimiſing government services\u0085and optimizing government services.\x1c "
     "The State Council\ufeff issued a guideline."),
    ("Mr. Li and Dr. Wang, e.g. the State Council, said 3,000 times: optimize government "
     "services! No. 5 is the new pattern of development\u2028of China."),
    ("𠀀𠀁 government services, 𝐠𝐨𝐯𝐞𝐫𝐧𝐦𝐞𝐧𝐭 services and government affairs services; "
     "the circulation of the national economy 😀 was smoothed."),
    ("China’s governance system and capacity; modernize China’s governance system and "
     "capacity — a service‑oriented government, a service-type government."),
    "optimize government services " * 40,
    ("<b>government services</b> &amp; the State Council’s guideline\n\n\nNew paragraph. "
     "Another sentence? Yes! “Quoted.” (Bracketed.)"),
    "持续优化政务服务是重要支撑。",
]


def _class_answers() -> list[str]:
    found, _ = read_answers([FIXTURES / "class", CSV_UTF8, CSV_GB18030])
    texts = [a.text for a in found]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "docx").glob("*.txt"))]
    texts += [s["hypothesis"] for s in json.loads(HOSTILE.read_text(encoding="utf-8"))["sentences"]]
    return texts + EDGE


def _lesson_drills() -> list[ParagraphTranslation]:
    """The passages the lessons use, with the course glossary."""
    g = load_glossary(ROOT / "glossary.csv")
    drills = []
    for term_id in ("modernization-of-governance", "service-oriented-government"):
        t = g.get(term_id)
        drills.append(ParagraphTranslation(t.example_zh, references=[t.example_en], glossary=g))
    return drills


def _run_node(node: str, cases: list[dict], tmp_path: Path) -> list[list[dict]]:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([node, str(SCRIPT), str(path)], capture_output=True, text=True,
                          check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def _first_difference(py: object, js: object, where: str = "") -> str:
    if isinstance(py, dict) and isinstance(js, dict):
        for key in dict.fromkeys([*py, *js]):
            if py.get(key) != js.get(key):
                return _first_difference(py.get(key), js.get(key), f"{where}.{key}")
    if isinstance(py, list) and isinstance(js, list) and len(py) == len(js):
        for i, (a, b) in enumerate(zip(py, js)):
            if a != b:
                return _first_difference(a, b, f"{where}[{i}]")
    return f"{where}: Python {py!r} ≠ JavaScript {js!r}"[:2000]


@pytest.mark.node
def test_javascript_analysis_equals_python_on_every_answer(node: str, tmp_path: Path) -> None:
    answers = _class_answers()
    assert len(answers) >= 40
    cases, expected = [], []
    for path in (GUIDELINE, KNOWLEDGE):
        drill = ParagraphTranslation.from_assignment(path)
        grader_passage = prepare(path)[2]  # what `termdrills grade` compares with
        cases.append({"payload": drill.payload, "answers": answers})
        expected.append([analyse(grader_passage, a) for a in answers])
    for drill in _lesson_drills():
        cases.append({"payload": drill.payload, "answers": answers})
        expected.append([drill.analyse(a) for a in answers])
    got = _run_node(node, cases, tmp_path)
    want = json.loads(json.dumps(expected))  # tuples → lists, as JSON has them
    compared = 0
    for c, (js_case, py_case) in enumerate(zip(got, want, strict=True)):
        for k, (js, py) in enumerate(zip(js_case, py_case, strict=True)):
            assert js == py, f"case {c}, answer {k} ({answers[k][:40]!r}): " \
                             f"{_first_difference(py, js)}"
            compared += 1
    assert compared == len(cases) * len(answers)
    # The comparison covered what it is for: every verdict, both consistency flags,
    # candidates, merged segments, and both kinds of reference.
    verdicts = {t["verdict"] for case in want for a in case for t in a["terms"]}
    assert verdicts == {"preferred", "accepted", "deprecated", "missing"}
    assert {t["consistent"] for case in want for a in case for t in a["terms"]} == {True, False}
    assert any(t["rendering_kind"] == "candidate" for a in want[0] for t in a["terms"])
    assert any(s["how"] == "merged" for a in want[0] for s in a["segments"])
    assert {a["reference"]["kind"] for case in want for a in case} == {"official", "model"}
    assert all(a["chrf"] is None for a in want[1]) and all(a["chrf"] is not None for a in want[0])
