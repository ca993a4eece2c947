"""Homework grading, the analysis: terms and their forms, alignment, verdicts, the view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from grading_helpers import FIXTURES, GUIDELINE, KNOWLEDGE

from termdrills.glossary import Term, load_glossary
from termdrills.grading.align import align_units
from termdrills.grading.analysis import analyse
from termdrills.grading.forms import find_en, prepare_terms
from termdrills.grading.grade import prepare
from termdrills.grading.segment import split
from termdrills.grading.view import (
    PALETTE_DARK,
    PALETTE_LIGHT,
    bilingual_html,
    render_aligned,
)
from termdrills.text.normalize import find_phrase

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def guideline():  # type: ignore[no-untyped-def]
    return prepare(GUIDELINE)[2]


@pytest.fixture(scope="module")
def knowledge():  # type: ignore[no-untyped-def]
    return prepare(KNOWLEDGE)[2]


def answer(name: str) -> str:
    return (FIXTURES / "class" / f"{name}.txt").read_text(encoding="utf-8")


def by_id(result: dict, term_id: str) -> dict:
    return next(t for t in result["terms"] if t["id"] == term_id)


# --------------------------------------------------------------------------- forms

def test_forms_forgive_inflection_spelling_hyphens_and_articles() -> None:
    g = load_glossary(FIXTURES / "glossary.csv")
    terms = prepare_terms([g.get("optimize-government-services"), g.get("service-oriented-government"),
                           g.get("state-council")])
    text = ("Optimising government services in a service oriented government, says State "
            "Council; optimized  government\nservices.")
    found = [(text[s.start:s.end], s.form.tier) for s in find_en(text, terms)]  # type: ignore[union-attr]
    assert found == [("Optimising government services", "preferred"),
                     ("service oriented government", "preferred"),
                     ("State Council", "preferred"),
                     ("optimized  government\nservices", "preferred")]
    # never part of a word
    assert find_en("reoptimize government servicesX", terms) == []


def test_longest_match_wins_across_terms_and_deprecated_forms_carry_their_reason() -> None:
    g = load_glossary(FIXTURES / "glossary.csv")
    terms = prepare_terms([g.get("government-services"), g.get("optimize-government-services")])
    text = "We optimize government affairs services and government services."
    spans = find_en(text, terms)
    assert [(text[s.start:s.end], terms[s.term].id, s.form.tier) for s in spans] == [  # type: ignore[union-attr]
        ("optimize government affairs services", "optimize-government-services", "deprecated"),
        ("government services", "government-services", "preferred")]
    assert "'government services'" in spans[0].form.note  # type: ignore[union-attr]


def test_deprecated_forms_carry_their_reasons() -> None:
    term = Term(id="x", zh="政务服务", en="government services", lesson="l",
                deprecated_en=("government affairs services", "gov affairs"),
                deprecated_note=("says 政务 twice", "slang"))
    forms = prepare_terms([term])[0].tier_forms("deprecated")
    assert [(f.text, f.note) for f in forms] == [("government affairs services",
                                                  "says 政务 twice"), ("gov affairs", "slang")]


@pytest.mark.parametrize("sentence", [
    "We will remove barriers to modernize China’s governance  system and capacity.",
    "The State Council issued a guideline on government services.",
    "A new development paradigm, and new development patterns.",
])
def test_whatever_find_phrase_finds_the_grader_finds(sentence: str) -> None:
    g = load_glossary(ROOT / "glossary.csv")
    for term in g.terms:
        if find_phrase(sentence, term.accepted_en):
            assert any(s.term == 0 for s in find_en(sentence, prepare_terms([term]))), term.id


# --------------------------------------------------------------------------- segmenting, aligning

def test_sentences_and_clauses_by_punctuation_never_inside_a_term() -> None:
    en = "Mr. Li met Dr. Wang. It calls for intelligent, targeted and customized services, too."
    sentences = split(en, 0, len(en), "sentence", chinese=False)
    assert [en[a:b].strip() for a, b in sentences] == ["Mr. Li met Dr. Wang.",
                                                       en.split("Wang. ")[1]]
    start = en.index("intelligent")
    protected = [(start, start + len("intelligent, targeted and customized services"))]
    clauses = split(en, 0, len(en), "clause", chinese=False, protected=protected)
    assert [en[a:b].strip() for a, b in clauses][-2:] == [
        "It calls for intelligent, targeted and customized services,", "too."]
    zh = "转变政府职能，深化简政放权、创新监管方式。建设服务型政府！"
    assert [zh[a:b] for a, b in split(zh, 0, len(zh), "clause", chinese=True)] == [
        "转变政府职能，", "深化简政放权、创新监管方式。", "建设服务型政府！"]


def test_align_units_pairs_anchors_and_merges() -> None:
    assert align_units(3, 3, []) == [(0, 1, 0, 1, "pair"), (1, 2, 1, 2, "pair"),
                                     (2, 3, 2, 3, "pair")]
    assert align_units(2, 3, []) == [(0, 2, 0, 3, "merged")]
    # an anchor in the middle: the gaps around it are 1:1
    assert align_units(3, 3, [(1, 1)]) == [(0, 1, 0, 1, "pair"), (1, 2, 1, 2, "anchor"),
                                           (2, 3, 2, 3, "pair")]
    # crossing anchors (a reordered translation): one chain of one anchor, the rest merged
    assert align_units(2, 2, [(0, 1), (1, 0)]) == [(0, 2, 0, 2, "merged")]
    # chain (0,0) (1,2): English unit 1 joins the group before, Chinese unit 2 too
    assert align_units(3, 3, [(0, 0), (1, 2), (2, 1)]) == [(0, 1, 0, 2, "merged"),
                                                           (1, 3, 2, 3, "merged")]
    # English left over at the end joins the last group; at the start, the first
    assert align_units(1, 3, [(0, 1)]) == [(0, 1, 0, 3, "merged")]
    assert align_units(2, 0, []) == [(0, 2, 0, 0, "merged")]


def test_same_sentence_count_aligns_sentence_by_sentence(guideline) -> None:  # type: ignore[no-untyped-def]
    result = analyse(guideline, answer("alice"))
    assert result["alignment"] == {"level": "sentence", "notes": []}
    assert len(result["segments"]) == 2
    first = "".join(r["text"] for row in result["segments"][0]["rows"] for r in row["answer"])
    assert first.startswith("The State Council") and first.endswith("optimize government services.")


def test_merged_sentences_degrade_to_one_segment_and_say_so(guideline) -> None:  # type: ignore[no-untyped-def]
    result = analyse(guideline, answer("quinn"))
    assert len(result["segments"]) == 1
    assert result["alignment"]["level"] == "paragraph"
    assert any("Chinese sentence(s) 1–2 and the answer's sentence(s) 1" in n
               for n in result["alignment"]["notes"])
    split_answer = analyse(guideline, answer("rosa"))
    assert len(split_answer["segments"]) == 2
    assert split_answer["segments"][1]["how"] == "merged"
    assert any("answer's sentence(s) 2–3" in n for n in split_answer["alignment"]["notes"])


def test_clauses_align_on_term_anchors(knowledge) -> None:  # type: ignore[no-untyped-def]
    text = ("Continuously optimizing government services gives important support to enterprises, "
            "to facilitating the circulation of the national economy and to a new development "
            "paradigm, and it is an inherent requirement for building a service-oriented "
            "government and for the modernization of China's system and capacity for governance.")
    result = analyse(knowledge, text)
    rows = result["segments"][0]["rows"]
    assert len(rows) == 2
    zh_second = "".join(r["text"] for r in rows[1]["zh"])
    en_second = "".join(r["text"] for r in rows[1]["answer"])
    assert zh_second.startswith("是建设人民满意的服务型政府")
    assert en_second.startswith("and it is an inherent requirement")


# --------------------------------------------------------------------------- verdicts and score

def test_verdicts_preferred_accepted_deprecated_missing(guideline) -> None:  # type: ignore[no-untyped-def]
    hana = analyse(guideline, answer("hana"))
    assert by_id(hana, "state-council")["verdict"] == "preferred"
    assert by_id(hana, "new-development-paradigm")["verdict"] == "accepted"
    cycle = by_id(hana, "facilitate-circulation-national-economy")
    assert cycle["verdict"] == "deprecated" and "'circulation'" in cycle["note"]
    assert cycle["rendering"] == "national economic cycle"
    kofi = analyse(guideline, answer("kofi"))
    optimize = by_id(kofi, "optimize-government-services")
    assert optimize["verdict"] == "missing" and optimize["rendering_kind"] == "candidate"
    assert optimize["rendering"] == "improving government affairs service"
    assert by_id(kofi, "new-development-paradigm")["rendering"] == "new development landscape"


def test_consistency_flags_two_renderings_of_one_term(guideline) -> None:  # type: ignore[no-untyped-def]
    noor = by_id(analyse(guideline, answer("noor")), "optimize-government-services")
    assert not noor["consistent"] and noor["verdict"] == "deprecated"
    assert [u["text"] for u in noor["used"]] == ["optimize government services",
                                                 "optimizing government affairs services"]
    pia = by_id(analyse(guideline, answer("pia")), "new-development-paradigm")
    assert not pia["consistent"] and pia["verdict"] == "preferred"
    # the assignment's own wording of the preferred form is the same choice
    fatima = by_id(analyse(guideline, answer("fatima")), "optimize-government-services")
    assert fatima["consistent"] and len(fatima["used"]) == 2


def test_score_is_the_weighted_mean_of_the_parts(guideline) -> None:  # type: ignore[no-untyped-def]
    result = analyse(guideline, answer("hana"))
    parts = result["score"]["parts"]
    counted = [t for t in result["terms"] if t["counts"]]
    assert parts["terms"] == sum(t["credit"] for t in counted) / len(counted)
    assert parts["chrf"] == result["chrf"] / 100
    expected = 100 * (0.5 * parts["chrf"] + 0.4 * parts["terms"] + 0.1 * parts["consistency"])
    assert result["score"]["total"] == pytest.approx(expected)
    # the term the official reference leaves out does not count against a student
    kofi = analyse(guideline, answer("kofi"))
    assert by_id(kofi, "government-services")["counts"] is False
    assert by_id(analyse(guideline, answer("alice")), "government-services")["counts"] is True


def test_without_a_reference_the_model_is_shown_and_there_is_no_chrf(knowledge) -> None:  # type: ignore[no-untyped-def]
    text = ("Continuously optimizing government services supports enterprises, smoothing the "
            "national economic cycle and building a new development pattern; it is needed for "
            "a service-type government and for the modernization of China's system and "
            "capacity for governance.")
    result = analyse(knowledge, text)
    assert result["reference"]["kind"] == "model" and result["chrf"] is None
    assert result["score"]["parts"]["chrf"] is None
    assert [t["verdict"] for t in result["terms"]] == [
        "preferred", "deprecated", "accepted", "deprecated", "preferred"]
    assert result["score"]["total"] == pytest.approx(100 * (0.8 * 0.6 + 0.2 * 1.0))
    assert "Course translation (not official)" in render_aligned(result)
    assert "chrF" not in render_aligned(result)


def test_analysis_is_plain_json_and_an_empty_answer_scores_zero(guideline) -> None:  # type: ignore[no-untyped-def]
    result = analyse(guideline, "")
    assert json.loads(json.dumps(result)) == result
    assert result["score"]["total"] == 0.0
    assert all(t["verdict"] == "missing" for t in result["terms"])


# --------------------------------------------------------------------------- the view

def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("palette", [PALETTE_LIGHT, PALETTE_DARK], ids=["light", "dark"])
def test_term_colours_keep_a_contrast_of_4_5(palette) -> None:  # type: ignore[no-untyped-def]
    for background, text in palette:
        hi, lo = sorted((_luminance(background), _luminance(text)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, background


def test_view_escapes_text_marks_terms_by_number_and_colour(guideline) -> None:  # type: ignore[no-untyped-def]
    result = analyse(guideline, answer("tom"))
    page = render_aligned(result, answer_label="<i>tom</i>")
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;graded&#x27;)&lt;/script&gt;" in page
    assert "&lt;i&gt;tom&lt;/i&gt;" in page
    assert '<td lang="zh-CN">' in page
    mark = re.search(r'<mark class="t(\d) v-preferred"><sup class="tn">(\d+)</sup>', page)
    assert mark and int(mark.group(1)) == (int(mark.group(2)) - 1) % 8


def test_bilingual_view_of_a_leaders_speech_quote() -> None:
    g = load_glossary(ROOT / "glossary.csv")
    quote = g.get("modernization-of-governance")
    page = bilingual_html(quote.example_zh, quote.example_en, g.terms)
    assert page.count("<tr>") == 3  # the head and two aligned rows: 1 Chinese sentence, 2 English
    assert "Official translation" in page and "new stage of development" in page
