"""Drill widgets: payloads, trait state, construction errors, determinism, results,
the static fallback (escaping, code sent once) and course settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termdrills.drills import (
    Cloze,
    DrillError,
    Flashcards,
    Matching,
    MultipleChoice,
    Review,
    SentenceTranslation,
    TypedRecall,
    _assets,
    new_page,
)
from termdrills.glossary import Glossary, Term
from termdrills.text.normalize import en_key as rendering_key

STATIC = Path(__file__).resolve().parent.parent / "termdrills" / "static"


def term(id: str, zh: str, en: str, lesson: str = "l1", **kw: object) -> Term:
    return Term(id=id, zh=zh, en=en, lesson=lesson, **kw)  # type: ignore[arg-type]


TERMS = (
    term("state-council", "国务院", "the State Council", alt_en=("State Council",),
         pinyin="guówùyuàn", example_zh="国务院印发了指导意见。",
         example_en="The State Council issued a guideline."),
    term("guideline", "指导意见", "guideline", alt_en=("guidelines",),
         example_zh="国务院印发了指导意见。", example_en="The State Council issued a guideline."),
    term("government-services", "政务服务", "government services",
         example_zh="我们将持续优化政务服务。", example_en="We will keep improving government services."),
    term("people-centred", "以人民为中心", "people-centred", alt_en=("people-centered",)),
    term("modernization", "现代化", "modernization", lesson="l2",
         example_zh="推进现代化。", example_en="Advance modernisation."),
    term("reform", "改革", "reform", lesson="l2"),
)
GLOSSARY = Glossary(TERMS)
ALL_KINDS = [
    (Flashcards, {}),
    (MultipleChoice, {"glossary": GLOSSARY}),
    (TypedRecall, {}),
    (Cloze, {}),
    (Matching, {}),
    (SentenceTranslation, {"glossary": GLOSSARY}),
    (Review, {}),
]


@pytest.fixture(autouse=True)
def _no_course_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test where no _config.yml is found (unless a test writes one)."""
    monkeypatch.chdir(tmp_path)


# ---------------------------------------------------------------- payloads and state


@pytest.mark.parametrize(("cls", "kw"), ALL_KINDS, ids=lambda x: getattr(x, "__name__", ""))
def test_every_kind_builds_state_the_front_end_reads(cls: type, kw: dict) -> None:
    drill = cls(TERMS, seed=3, **kw)
    assert drill.kind == cls.KIND
    assert drill.lang == "en" and drill.course == "termdrills"
    assert drill.drill_id.startswith(cls.KIND + "-")
    assert drill.code.startswith("IPY_MODEL_")
    state = drill.get_state()
    for key in ("kind", "payload", "lang", "course", "drill_id", "answers", "code", "_esm"):
        assert key in state
    # The module (~45 KB) is not in each drill's widget state, only a small loader.
    assert "function grade(" not in json.dumps(state)
    assert len(json.dumps(state)) < 10_000
    assert re.fullmatch(r"<\w+ [\w-]+: 6 terms>", repr(drill))


def test_drills_share_one_code_model_holding_the_module() -> None:
    a, b = TypedRecall(TERMS), Flashcards(TERMS)
    assert a.code == b.code
    from termdrills.drills._base import _code

    assert _code[0].source == _assets.module()
    assert f"IPY_MODEL_{_code[0].model_id}" == a.code


def test_flashcards_payload_has_both_sides_and_pinyin() -> None:
    items = Flashcards(TERMS, seed=1, direction="en-zh").payload["items"]
    assert {i["id"] for i in items} == {t.id for t in TERMS}
    sc = next(i for i in items if i["id"] == "state-council")
    assert sc == {"id": "state-council", "lesson": "l1", "zh": "国务院", "en": "the State Council",
                  "pinyin": "guówùyuàn", "alt_en": ["State Council"]}


@pytest.mark.parametrize("direction", ["zh-en", "en-zh"])
def test_multiple_choice_four_distinct_options_same_lesson_first(direction: str) -> None:
    drill = MultipleChoice(TERMS[:4], glossary=GLOSSARY, direction=direction, seed=5)
    for q in drill.payload["questions"]:
        t = GLOSSARY.get(q["id"])
        assert len(q["options"]) == 4
        assert len({rendering_key(o) for o in q["options"]}) == 4
        assert q["options"][q["answer"]] == (t.en if direction == "zh-en" else t.zh)
        assert q["prompt"] == (t.zh if direction == "zh-en" else t.en)
        # lesson l1 has 4 terms: the 3 distractors are the other l1 terms.
        others = {o for k, o in enumerate(q["options"]) if k != q["answer"]}
        lesson = {(x.en if direction == "zh-en" else x.zh) for x in TERMS[:4] if x.id != t.id}
        assert others == lesson


def test_multiple_choice_never_offers_an_accepted_rendering_as_distractor() -> None:
    twin = term("state-council-2", "国务院2", "State Council")  # = an alt_en of state-council
    terms = (TERMS[0], twin, *TERMS[2:])
    drill = MultipleChoice(terms, seed=1)
    q = next(q for q in drill.payload["questions"] if q["id"] == "state-council")
    keys = [rendering_key(o) for o in q["options"]]
    assert keys.count("state council") == 1


def test_multiple_choice_without_enough_distractors_names_the_term() -> None:
    with pytest.raises(DrillError, match=r"MultipleChoice: term '[\w-]+' has only 2 distinct "
                       r"distractors \(needs 3\); pass glossary= for more"):
        MultipleChoice(TERMS[:3])
    MultipleChoice(TERMS[:3], glossary=GLOSSARY)  # the wider glossary supplies them


def test_typed_recall_accepts_every_alt_en_and_the_chinese_the_other_way() -> None:
    zh_en = {i["id"]: i for i in TypedRecall(TERMS).payload["items"]}
    assert zh_en["state-council"]["accepted"] == ["the State Council", "State Council"]
    assert zh_en["state-council"]["prompt"] == "国务院"
    en_zh = {i["id"]: i for i in TypedRecall(TERMS, direction="en-zh").payload["items"]}
    assert en_zh["state-council"] == {"id": "state-council", "lesson": "l1",
                                      "prompt": "the State Council", "pinyin": "",
                                      "accepted": ["国务院"], "deprecated": []}


def test_cloze_blanks_the_term_in_its_example() -> None:
    drill = Cloze(TERMS, seed=1)
    items = {i["id"]: i for i in drill.payload["items"]}
    gs = items["government-services"]
    assert gs["before"] + "____" + gs["after"] == "We will keep improving ____."
    assert gs["context"] == "我们将持续优化政务服务。"
    # "the State Council" is found case-insensitively as "The State Council".
    assert items["state-council"]["before"] == ""
    assert "The State Council" in items["state-council"]["accepted"]
    assert dict(drill.skipped) == {"people-centred": "no example_zh/example_en",
                                   "modernization": "its en/alt_en is not in example_en",
                                   "reform": "no example_zh/example_en"}
    zh = {i["id"]: i for i in Cloze(TERMS, side="zh").payload["items"]}
    assert (zh["guideline"]["before"], zh["guideline"]["after"]) == ("国务院印发了", "。")
    assert zh["guideline"]["accepted"] == ["指导意见"]


def test_matching_balanced_rounds_each_term_once() -> None:
    many = tuple(term(f"t{k}", f"词{k}", f"word {k}") for k in range(7))
    rounds = Matching(many, seed=2).payload["rounds"]
    assert [len(r["zh"]) for r in rounds] == [4, 3]
    for r in rounds:
        assert {e["id"] for e in r["zh"]} == {e["id"] for e in r["en"]}
    assert sorted(e["id"] for r in rounds for e in r["zh"]) == sorted(t.id for t in many)


def test_sentence_translation_lists_the_glossary_terms_in_each_sentence() -> None:
    items = SentenceTranslation(TERMS, glossary=GLOSSARY, seed=1).payload["items"]
    # state-council and guideline share one example: one question.
    assert len(items) == 3
    council = next(i for i in items if i["zh"] == "国务院印发了指导意见。")
    assert council["reference"] == "The State Council issued a guideline."
    assert [t["id"] for t in council["terms"]] == ["state-council", "guideline"]
    assert council["terms"][0]["accepted"] == ["the State Council", "State Council"]


def test_review_covers_every_term_in_file_order() -> None:
    items = Review(TERMS, course="my-course").payload["items"]
    assert [i["id"] for i in items] == [t.id for t in TERMS]
    assert Review(TERMS, course="my-course").course == "my-course"


# ---------------------------------------------------------------- errors at construction


@pytest.mark.parametrize(("cls", "kw"), ALL_KINDS, ids=lambda x: getattr(x, "__name__", ""))
def test_no_terms_is_an_error_naming_the_drill(cls: type, kw: dict) -> None:
    with pytest.raises(DrillError, match=rf"^{cls.__name__}: no terms"):
        cls([], **kw)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Cloze([TERMS[3], TERMS[5]]),
         (r"^Cloze: no term has example_zh and example_en with its rendering in example_en "
          r"\(checked 2: 'people-centred', 'reform'\)$")),
        (lambda: SentenceTranslation([TERMS[3]]),
         r"^SentenceTranslation: no term has example_zh and example_en \(checked 1"),
        (lambda: Flashcards([term("x", "某", "")]), r"^Flashcards: term 'x' has no en$"),
        (lambda: TypedRecall([term("", "某", "some")]), r"^TypedRecall: term '某' has no id$"),
        (lambda: TypedRecall(TERMS, direction="zh-fr"),
         r"^TypedRecall: direction='zh-fr' is not one of 'zh-en', 'en-zh'$"),
        (lambda: Cloze(TERMS, side="fr"), r"^Cloze: side='fr' is not one of 'en', 'zh'$"),
        (lambda: Flashcards(TERMS, lang="fr"), r"^Flashcards: lang='fr' is not one of"),
        (lambda: Flashcards("government-services"),
         r"^Flashcards: terms must be a list of glossary terms, not str$"),
        (lambda: Flashcards(TERMS, seed="1"), r"^Flashcards: seed must be an int, not str$"),
        (lambda: Matching(TERMS[:1]), r"^Matching: needs at least 2 terms$"),
        (lambda: Matching([TERMS[0], term("sc2", "国务院办公厅", "The State  Council")]),
         r"^Matching: terms 'state-council' and 'sc2' share 'The State  Council'"),
    ],
)
def test_bad_input_is_one_clear_error(make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DrillError, match=message):
        make()


# ---------------------------------------------------------------- determinism


@pytest.mark.parametrize(("cls", "kw"), ALL_KINDS, ids=lambda x: getattr(x, "__name__", ""))
def test_same_seed_same_questions_and_order(cls: type, kw: dict) -> None:
    a, b = cls(TERMS, seed=11, **kw), cls(TERMS, seed=11, **kw)
    assert a.payload == b.payload
    assert a.drill_id == b.drill_id


def test_another_seed_another_order_and_id() -> None:
    payloads = {json.dumps(TypedRecall(TERMS, seed=s).payload) for s in range(5)}
    assert len(payloads) > 1
    assert TypedRecall(TERMS, seed=1).drill_id != TypedRecall(TERMS, seed=2).drill_id
    assert TypedRecall(TERMS, seed=1).drill_id != TypedRecall(TERMS, seed=1,
                                                              direction="en-zh").drill_id
    assert TypedRecall(TERMS, drill_id="mine").drill_id == "mine"


# ---------------------------------------------------------------- results


def test_results_is_an_empty_frame_before_any_answer() -> None:
    frame = TypedRecall(TERMS).results
    assert list(frame.columns) == ["term_id", "prompt", "answer", "verdict", "time",
                                   "attempt"]
    assert len(frame) == 0


def test_results_frame_from_the_answers_the_front_end_syncs() -> None:
    drill = SentenceTranslation(TERMS, glossary=GLOSSARY)
    drill.answers = [
        {"term_id": "guideline", "prompt": "国务院印发了指导意见。", "answer": "A guideline.",
         "verdict": "right", "time": "2026-11-27T10:00:00.000Z", "attempt": 1, "item": 0,
         "score": 41.5},
        {"term_id": "state-council", "prompt": "国务院印发了指导意见。", "answer": "A guideline.",
         "verdict": "wrong", "time": "2026-11-27T10:00:01.000Z", "attempt": 1, "item": 0,
         "score": 41.5},
        {"term_id": "guideline", "prompt": "国务院印发了指导意见。", "answer": "The guideline.",
         "verdict": "right", "time": "2026-11-27T10:05:00.000Z", "attempt": 2, "item": 0,
         "score": 38.0},
    ]
    frame = drill.results
    assert list(frame.columns) == ["term_id", "prompt", "answer", "verdict", "time", "attempt",
                                   "item", "score"]
    assert frame["attempt"].tolist() == [1, 1, 2]  # "Start again" is told apart
    frame = frame[frame["attempt"] == 1]
    assert frame["verdict"].tolist() == ["right", "wrong"]
    assert frame["time"].iloc[1] - frame["time"].iloc[0] == pd.Timedelta(seconds=1)
    assert str(frame["time"].dt.tz) == "UTC"
    assert frame.groupby("verdict").size().to_dict() == {"right": 1, "wrong": 1}


# ---------------------------------------------------------------- the static fallback


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" class="termdrills-data">(.*?)</script>',
                  html, re.DOTALL)
    assert m
    return json.loads(m.group(1))


def test_inline_json_escapes_script_ends_comments_and_keeps_dollars() -> None:
    nasty = term("nasty", "标记", "US$5 </script><!-- <b>x</b> $x$ & ]]>",
                 example_zh="花了5美元。", example_en="It cost US$5 </script>.")
    drill = Flashcards([nasty, TERMS[0]])
    html = drill.static_html(with_code=False)
    assert html.count("</script>") == 2  # the data's own end and the mount script's
    assert "<!--" not in html
    data = _data(html)
    assert data["payload"]["items"][0]["en"] == "US$5 </script><!-- <b>x</b> $x$ & ]]>" or \
        data["payload"]["items"][1]["en"] == "US$5 </script><!-- <b>x</b> $x$ & ]]>"
    assert 'class="termdrills-static tex2jax_ignore mathjax_ignore"' in html


def test_the_module_is_safe_inline() -> None:
    code = _assets.module()
    assert "</" not in code and "<!--" not in code
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code


def test_module_code_is_sent_once_per_page() -> None:
    new_page()
    first, second = TypedRecall(TERMS), Flashcards(TERMS)
    html1 = first._repr_mimebundle_()[0]["text/html"]
    html2 = second._repr_mimebundle_()[0]["text/html"]
    assert _assets.module() in html1
    assert "function grade(" not in html2
    assert html2.endswith('<script type="module">globalThis.termdrills?.mountAll();</script>')
    # What a further drill adds to a page beyond its own data: the goal is <= 10 KB.
    assert len(html2.encode()) - len(json.dumps(_data(html2)["payload"]).encode()) < 1_000
    new_page()
    assert "function grade(" in Review(TERMS)._repr_mimebundle_()[0]["text/html"]


def test_text_plain_is_stable_for_nbval() -> None:
    bundle = TypedRecall(TERMS, seed=4)._repr_mimebundle_()[0]
    assert "0x" not in bundle["text/plain"]
    assert bundle["text/plain"] == repr(TypedRecall(TERMS, seed=4))


# ---------------------------------------------------------------- course settings, strings


def test_course_settings_from_config_yml_found_upward(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "_config.yml").write_text(
        "sphinx:\n  config:\n    termdrills:\n      course_id: pol-trans\n      ui_language: zh\n",
        encoding="utf-8")
    (tmp_path / "lessons").mkdir()
    monkeypatch.chdir(tmp_path / "lessons")
    drill = TypedRecall(TERMS)
    assert (drill.course, drill.lang) == ("pol-trans", "zh")
    assert TypedRecall(TERMS, lang="en").lang == "en"  # the drill argument wins
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    assert (TypedRecall(TERMS).course, TypedRecall(TERMS).lang) == ("termdrills", "en")


def test_interface_strings_complete_in_both_languages() -> None:
    strings = _assets.strings()
    assert set(strings) == {"en", "zh"}
    assert set(strings["en"]) == set(strings["zh"])
    used = {key for path in STATIC.rglob("*.js")
            for key in re.findall(r'\bt\("([\w.]+)"', path.read_text())}
    assert used and used <= set(strings["en"]), used - set(strings["en"])
    for en_text, zh_text in zip(strings["en"].values(), strings["zh"].values(), strict=True):
        assert set(re.findall(r"\{\w+\}", en_text)) == set(re.findall(r"\{\w+\}", zh_text))
    # Chinese interface text uses Chinese punctuation.
    assert not any(re.search(r"[\u4e00-\u9fff][,.;:?!]", s) for s in strings["zh"].values())


# ---------------------------------------------------------------- random glossaries


_words = st.text(alphabet="abcAB -–’'ｘ的政务", min_size=1, max_size=8).filter(str.strip)


@st.composite
def _term_lists(draw: st.DrawFn) -> list[Term]:
    n = draw(st.integers(1, 9))
    return [term(f"t{k}", draw(_words), draw(_words), lesson=draw(st.sampled_from("ab")),
                 alt_en=tuple(draw(st.lists(_words, max_size=2)))) for k in range(n)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(terms=_term_lists(), seed=st.integers(0, 10**6))
def test_random_terms_build_or_fail_with_drill_error(terms: list[Term], seed: int) -> None:
    for cls in (MultipleChoice, Matching, TypedRecall, Flashcards):
        try:
            drill = cls(terms, seed=seed)
        except DrillError as exc:
            assert str(exc).startswith(cls.__name__ + ": ")
            continue
        if cls is MultipleChoice:
            for q in drill.payload["questions"]:
                assert len({rendering_key(o) for o in q["options"]}) == 4
                own = next(t for t in terms if t.id == q["id"])
                others = [o for k, o in enumerate(q["options"]) if k != q["answer"]]
                accepted = {rendering_key(a) for a in own.accepted_en}
                assert not accepted & {rendering_key(o) for o in others}
        if cls is Matching:
            ids = [e["id"] for r in drill.payload["rounds"] for e in r["zh"]]
            assert sorted(ids) == sorted(t.id for t in terms)


def test_sentence_feedback_only_for_terms_the_reference_renders() -> None:
    """An official translation that renders a term freely (here 转变政府职能 as "reform
    itself") does not make a student who follows it "miss" that term, while the terms
    the reference does render are checked."""
    zh = "转变政府职能，深化简政放权，建设服务型政府。"
    en = ("The government needs to reform itself, further streamline administration and "
          "delegate powers, and build a service-oriented government.")
    terms = [term("transform", "转变政府职能", "transform government functions",
                  example_zh=zh, example_en=en),
             term("streamline", "简政放权", "streamline administration and delegate powers"),
             term("service", "服务型政府", "service-oriented government")]
    drill = SentenceTranslation(terms[:1], glossary=Glossary(terms), seed=1)
    [item] = drill.payload["items"]
    assert [t["zh"] for t in item["terms"]] == ["简政放权", "服务型政府"]


def test_the_same_seed_is_the_same_quiz_after_rows_are_added_elsewhere() -> None:
    """A question's order, options and distractors depend on the seed and its own terms:
    rows appended for another lesson change nothing (worksheets and nbval stay
    reproducible while the glossary grows)."""
    from pathlib import Path

    from termdrills import load_glossary

    g = load_glossary(Path(__file__).resolve().parent.parent / "glossary.csv")
    lesson = g.by_lesson("government-services")
    extra = tuple(term(f"extra-{i}", f"新增术语{i}", f"added term {i}", lesson="another-lesson")
                  for i in range(3))
    bigger = Glossary((*g.untraced(), *extra))
    for direction in ("zh-en", "en-zh"):
        before = MultipleChoice(lesson, glossary=g, seed=1, direction=direction).payload
        after = MultipleChoice(lesson, glossary=bigger, seed=1, direction=direction).payload
        assert before == after
    for kind in (Flashcards, TypedRecall, Matching):
        assert kind(lesson, seed=1).payload == kind(bigger.by_lesson("government-services"),
                                                    seed=1).payload
    # a different seed is a different quiz
    assert MultipleChoice(lesson, glossary=g, seed=2).payload != \
        MultipleChoice(lesson, glossary=g, seed=1).payload
