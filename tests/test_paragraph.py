"""The paragraph translation drill, Python side: the payload (what the front end reads),
its schema, construction errors, the drill id and the results frame."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from grading_helpers import FIXTURES, GUIDELINE, KNOWLEDGE

from termdrills.contracts import validate_state
from termdrills.drills import DrillError, ParagraphTranslation
from termdrills.glossary import Glossary, Term, load_glossary

PASSAGE = "持续优化政务服务是畅通国民经济循环的重要支撑。优化政务服务是建设服务型政府的内在要求。"
REFERENCE = ("Continuously optimizing government services is an important support for "
             "facilitating the circulation of the national economy. Optimizing government "
             "services is an inherent requirement for building a service-oriented government.")


@pytest.fixture(autouse=True)
def _no_course_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(FIXTURES / "glossary.csv")


def utf16(text: str, start: int, end: int) -> str:
    """text[start:end] counted in UTF-16 code units, as the front end counts."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def test_payload_holds_the_passage_its_terms_and_where_they_stand(glossary: Glossary) -> None:
    drill = ParagraphTranslation(PASSAGE, references=[REFERENCE], glossary=glossary,
                                 lessons=["government-services", "leaders-speeches"])
    p = drill.payload
    assert p["zh"] == PASSAGE
    assert [(t["n"], t["zh"], t["occurrences"], t["colour"]) for t in p["terms"]] == [
        (1, "优化政务服务", 2, 0), (2, "畅通国民经济循环", 1, 1), (3, "服务型政府", 1, 2)]
    assert [utf16(PASSAGE, s, e) for s, e, _ in p["zh_terms"]] == [
        "优化政务服务", "畅通国民经济循环", "优化政务服务", "服务型政府"]
    first = p["terms"][0]["forms"]
    assert first[0] == {"text": "optimize government services", "tier": "preferred", "note": "",
                        "group": "optimize government services"}
    deprecated = [f for f in first if f["tier"] == "deprecated"]
    assert deprecated and "'government services'" in deprecated[0]["note"]
    ref = p["references"][0]
    assert ref["text"] == REFERENCE
    found = [(utf16(REFERENCE, s, e), p["terms"][t]["forms"][f]["tier"])
             for s, e, t, f in ref["spans"]]
    assert found == [("optimizing government services", "preferred"),
                     ("facilitating the circulation of the national economy", "preferred"),
                     ("Optimizing government services", "preferred"),
                     ("service-oriented government", "preferred")]
    assert p["model"] is None
    assert p["weights"] == {"chrf": 0.5, "terms": 0.4, "consistency": 0.1}
    validate_state(drill.state())
    assert [t.id for t in drill.terms] == [t["id"] for t in p["terms"]]


def test_offsets_count_utf16_units_past_characters_outside_the_bmp(glossary: Glossary) -> None:
    passage = "𠀀𠀁" + PASSAGE
    reference = "𝐀 " + REFERENCE
    p = ParagraphTranslation(passage, references=[reference], glossary=glossary).payload
    assert utf16(passage, *p["zh_terms"][0][:2]) == "优化政务服务"
    s, e, *_ = p["references"][0]["spans"][0]
    assert utf16(reference, s, e) == "optimizing government services"


def test_from_an_assignment_without_reference_the_model_is_sent() -> None:
    drill = ParagraphTranslation.from_assignment(KNOWLEDGE)
    p = drill.payload
    assert p["references"] == [] and p["model"]["text"].startswith("Continuously optimizing")
    assert p["title"] == "【知识点】第一段：持续优化政务服务"
    assert p["source"].startswith("China Daily")
    assert p["weights"]["chrf"] == 0.5 and p["weights"]["terms"] == 0.8
    model_found = {p["terms"][t]["id"] for _, _, t, _ in p["model"]["spans"]}
    assert model_found == {t["id"] for t in p["terms"]}  # the model renders every term
    # The accepted forms of an assignment join the preferred form's consistency group.
    guideline = ParagraphTranslation.from_assignment(GUIDELINE).payload
    optimize = next(t for t in guideline["terms"] if t["id"] == "optimize-government-services")
    extra = next(f for f in optimize["forms"] if f["text"] == "optimize its government services")
    assert extra == {"text": "optimize its government services", "tier": "accepted", "note": "",
                     "group": "optimize government services"}


def test_analysis_in_python_is_the_graders(glossary: Glossary) -> None:
    drill = ParagraphTranslation(PASSAGE, references=[REFERENCE], glossary=glossary)
    result = drill.analyse(REFERENCE.replace("service-oriented", "service-type"))
    verdicts = {t["id"]: t["verdict"] for t in result["terms"]}
    assert verdicts["service-oriented-government"] == "deprecated"
    assert result["chrf"] is not None and 90 < result["chrf"] < 100


def test_the_id_is_stable_and_follows_the_passage(glossary: Glossary) -> None:
    a = ParagraphTranslation(PASSAGE, glossary=glossary)
    b = ParagraphTranslation(PASSAGE, glossary=glossary)
    c = ParagraphTranslation(PASSAGE[:23], glossary=glossary)
    d = ParagraphTranslation(PASSAGE, model=REFERENCE, glossary=glossary)
    assert a.drill_id == b.drill_id and re.fullmatch(r"paragraph-[0-9a-f]{10}", a.drill_id)
    assert len({a.drill_id, c.drill_id, d.drill_id}) == 3
    assert repr(a) == f"<ParagraphTranslation {a.drill_id}: {len(PASSAGE)} characters, 3 terms>"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"passage": "No Chinese here."}, "ParagraphTranslation: passage: no Chinese characters"),
    ({"passage": 42}, "ParagraphTranslation: passage must be a text, not int"),
    ({"passage": "今天天气很好。"}, "ParagraphTranslation: no term of the glossary occurs"),
    ({"lessons": ["no-such-lesson"]}, "no rows with lesson 'no-such-lesson'"),
    ({"references": ["  "]}, "ParagraphTranslation: references: an empty text in the list"),
    ({"weights": {"chrF": 1}}, "ParagraphTranslation: weights: unknown key 'chrF'"),
    ({"credit": {"missing": -1}}, "ParagraphTranslation: credit.missing must be a number ≥ 0"),
    ({"accept": {"no-such-term": ["x"]}}, "ParagraphTranslation: accept: no term 'no-such-term'"),
    ({"glossary": "glossary.csv"}, "glossary must be a Glossary or a list of terms, not str"),
])
def test_bad_input_is_one_clear_error(glossary: Glossary, kwargs: dict, message: str) -> None:
    args = {"passage": PASSAGE, "glossary": glossary, **kwargs}
    with pytest.raises(DrillError) as err:
        ParagraphTranslation(args.pop("passage"), **args)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_list_of_terms_does_as_a_glossary_and_a_string_as_one_reference() -> None:
    terms = [Term(id="svc", zh="服务型政府", en="service-oriented government", lesson="x")]
    drill = ParagraphTranslation(PASSAGE, references=REFERENCE, glossary=terms)
    assert [t["id"] for t in drill.payload["terms"]] == ["svc"]
    assert len(drill.payload["references"]) == 1


def test_results_have_a_row_per_term_with_score_and_rendering(glossary: Glossary) -> None:
    drill = ParagraphTranslation(PASSAGE, references=[REFERENCE], glossary=glossary)
    row = {"prompt": PASSAGE, "answer": "…", "time": "2026-11-27T10:00:00.000Z", "score": 61.2}
    drill.answers = [
        {**row, "term_id": "optimize-government-services", "verdict": "right",
         "rendering": "preferred", "consistent": True},
        {**row, "term_id": "service-oriented-government", "verdict": "almost",
         "rendering": "deprecated", "consistent": True},
    ]
    validate_state({**drill.state(), "answers": drill.answers})
    frame = drill.results
    assert list(frame.columns)[:5] == ["term_id", "prompt", "answer", "verdict", "time"]
    assert {"score", "rendering", "consistent"} <= set(frame.columns)
    assert frame["rendering"].tolist() == ["preferred", "deprecated"]
    assert frame["verdict"].tolist() == ["right", "almost"]


def test_static_page_data_keeps_markup_in_the_passage_as_text(glossary: Glossary) -> None:
    model = "Optimizing government services </script><!-- <b>x</b> $x$."
    drill = ParagraphTranslation(PASSAGE + "<b>粗体</b>", model=model, glossary=glossary)
    html = drill.static_html(with_code=False)
    assert html.count("</script>") == 2 and "<!--" not in html
    data = json.loads(re.search(r'class="termdrills-data">(.*?)</script>', html, re.DOTALL).group(1))
    assert data["payload"]["model"]["text"] == model
    assert data["payload"]["zh"].endswith("<b>粗体</b>")
