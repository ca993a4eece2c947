"""chrF in the front end (static/core/chrf.js) against sacreBLEU 2.6.0's CHRF
(`pip install -r requirements-test.txt`): every score within 1e-9 of
`CHRF(...).sentence_score(hyp, refs).score`.

The pairs: hand-picked edge cases (1–5 character answers, empty strings, Chinese
references and hypotheses, punctuation, whitespace Python and JavaScript disagree on,
characters outside the BMP, several references) and seeded perturbations of the
glossary's renderings and example sentences (dropped, swapped and mistyped words,
truncations, case and punctuation changes, long sentences). Most are scored with
sacreBLEU's defaults; some with each option chrf.js maps to a CHRF argument.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
import sacrebleu  # test-only: requirements-test.txt (make installs it)

ROOT = Path(__file__).resolve().parent.parent
SCORER = Path(__file__).parent / "js" / "chrf_scores.mjs"
SEED = 11_5
TOLERANCE = 1e-9
# chrf.js option → sacreBLEU CHRF argument
ARGUMENT = {"charOrder": "char_order", "wordOrder": "word_order", "beta": "beta",
            "lowercase": "lowercase", "whitespace": "whitespace"}
OPTIONS: list[dict[str, Any]] = [
    {}, {"lowercase": True}, {"wordOrder": 2}, {"wordOrder": 2, "lowercase": True},
    {"whitespace": True}, {"beta": 1}, {"charOrder": 3}, {"beta": 3, "wordOrder": 1},
]

HAND: list[tuple[str, list[str]]] = [
    ("gov", ["government services"]),
    ("g", ["government services"]), ("go", ["go"]), ("gove", ["gov"]), ("abcde", ["edcba"]),
    ("", ["government services"]), ("government services", [""]), ("", [""]), ("", []),
    ("a", ["a"]), ("ab", ["ba"]), ("aaaaa", ["aa"]), ("  ", ["a b"]),
    ("政务", ["政务服务"]), ("政务服务", ["优化政务服务"]), ("服", ["政务服务"]),
    ("优化政务服务", ["优化政务服务"]), ("政府服务", ["政务服务"]),
    ("government services", ["政务服务"]), ("政务服务", ["government services"]),
    ("共建“一带一路”", ["共建\u201c一带一路\u201d"]), ("人类命运共同体。", ["人类命运共同体"]),
    ("optimize, government services!", ["optimize government services"]),
    ("(hi)", ["hi"]), ("optimize government services.", ["optimize government services ."]),
    ("'people-centred' approach", ["people-centered approach"]),
    ("Optimize Government Services", ["optimize government services"]),
    ("ÉCOLE ǅemal Σίσυφος", ["école ǆemal σίσυφος"]),
    ("gov\u3000services", ["gov services"]), ("gov\xa0services", ["govservices"]),
    ("gov\x1cservices", ["govservices"]), ("gov\u200bservices", ["govservices"]),
    ("gov\ufeffservices", ["govservices"]), ("gov\u2028services\u205f", ["gov services"]),
    ("𠀀𠀁𠀂", ["𠀀𠀁"]), ("😀 ok", ["ok 😀"]), ("a😀b", ["a😀"]),
    ("gov", ["government", "gov", "governance"]), ("servces", ["services", "service"]),
    ("government service", ["", "government services", "public services"]),
    ("x", ["y", "z"]), ("优化服务", ["优化政务服务", "政务服务优化", "optimize services"]),
]


def _glossary_texts() -> tuple[list[str], list[str]]:
    with (ROOT / "glossary.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    en = [r[k] for r in rows for k in ("en", "alt_en", "example_en") if r[k]]
    zh = [r[k] for r in rows for k in ("zh", "example_zh") if r[k]]
    return en, zh


def _perturb(rng: random.Random, text: str) -> str:
    """A student's attempt at `text`: one to three edits."""
    for _ in range(rng.randint(1, 3)):
        words = text.split() if " " in text else list(text)
        joiner = " " if " " in text else ""
        edit = rng.randrange(8)
        if edit == 0 and len(words) > 1:
            words.pop(rng.randrange(len(words)))
        elif edit == 1 and len(words) > 1:
            i, j = rng.randrange(len(words)), rng.randrange(len(words))
            words[i], words[j] = words[j], words[i]
        elif edit == 2 and text:
            i = rng.randrange(len(text))
            text = text[:i] + rng.choice("aeiourstn政务服务，。") + text[i + 1:]
            continue
        elif edit == 3:
            return text[: rng.randint(1, 5)]
        elif edit == 4:
            text = text.upper() if rng.random() < 0.5 else text.capitalize()
            continue
        elif edit == 5:
            text = rng.choice(["“", "(", "", "'"]) + text + rng.choice([".", "!", ",", "。", ")"])
            continue
        elif edit == 6:
            text = text[: rng.randrange(len(text) + 1)]
            continue
        text = joiner.join(words)
    return text


def _cases() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    en, zh = _glossary_texts()
    cases = [{"hyp": h, "refs": refs, "options": {}} for h, refs in HAND]
    cases += [{"hyp": h, "refs": refs, "options": o} for h, refs in HAND for o in OPTIONS[1:]
              if refs]
    for _ in range(400):
        pool = en if rng.random() < 0.6 else zh
        refs = rng.sample(pool, rng.choice([1, 1, 1, 2, 3]))
        if rng.random() < 0.1:
            refs = [" ".join(rng.sample(en, 4))]  # a long sentence
        source = rng.choice(refs) if rng.random() < 0.85 else rng.choice(en + zh)
        cases.append({"hyp": _perturb(rng, source), "refs": refs,
                      "options": rng.choice(OPTIONS) if rng.random() < 0.4 else {}})
    return cases


def _sacrebleu(case: dict[str, Any]) -> float:
    metric = sacrebleu.metrics.CHRF(**{ARGUMENT[k]: v for k, v in case["options"].items()})
    if not case["refs"]:
        return 0.0  # sacreBLEU refuses no references; chrf.js scores them 0
    return metric.sentence_score(case["hyp"], case["refs"]).score


def test_the_pairs_cover_what_they_claim() -> None:
    cases = _cases()
    assert len(cases) >= 200
    assert sum(len(c["hyp"]) <= 5 for c in cases) > 50
    assert sum(len(c["refs"]) > 1 for c in cases) > 40
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in c["hyp"]) for c in cases) > 50
    assert sum(len(c["hyp"]) > 150 for c in cases) > 10
    assert all(any(c["options"] == o for c in cases) for o in OPTIONS)
    assert len({_sacrebleu(c) for c in cases}) > 200  # not a handful of repeated scores


@pytest.mark.node
def test_chrf_js_equals_sacrebleu(node: str) -> None:
    cases = _cases()
    proc = subprocess.run([node, str(SCORER)], input=json.dumps(cases), capture_output=True,
                          text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout)
    wrong = [(c, g, _sacrebleu(c)) for c, g in zip(cases, got, strict=True)
             if abs(g - _sacrebleu(c)) > TOLERANCE]
    assert not wrong, f"{len(wrong)} of {len(cases)} differ, e.g. {wrong[:3]}"
