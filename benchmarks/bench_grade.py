"""`termdrills grade` on a class of 200 answers of about 300 words each.

Goal (issue 16): under 10 s on 2 cores. The passage is the seven official sentence
pairs of glossary.csv's examples (the first two twice) and the 【知识点】 paragraph of
the grading fixture with its model translation (about 350 words); each answer is
the reference with, sentence by sentence and seeded, its terms swapped for
accepted, deprecated or wrong renderings, words dropped and clauses reordered, so
alignment, candidates and chrF all do real work. Timed end to end through
`grade_main` (reading 200 .txt files, analysing, writing the HTML and the CSV),
best of 3 runs after one warm-up; one process.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
import tomllib
from pathlib import Path

from benchmarks._util import write_result
from termdrills.glossary import load_glossary
from termdrills.grading.command import grade_main

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "tests" / "fixtures" / "grading" / "glossary.csv"
STUDENTS = 200
PAIRS = ("optimize-government-services", "facilitate-circulation-national-economy",
         "modernization-of-governance", "service-oriented-government",
         "national-integrated-platform-for-government-services",
         "intelligent-targeted-and-customized-services", "government-service-items")
SWAPS = {
    "optimize its government services": ["optimize government affairs services",
                                         "improve government services", "optimise government services"],
    "facilitating the circulation of the national economy": ["smoothing the national economic cycle",
                                                             "unblocking the economy"],
    "new pattern of development": ["new development paradigm", "new development landscape"],
    "new stage of development": ["new development stage", "new phase of growth"],
    "service-oriented government": ["service-type government", "serving government"],
    "deep-seated systemic and institutional barriers": ["deep-rooted institutional obstacles"],
    "the State Council": ["State Council", "the state cabinet"],
}


def passage() -> tuple[str, str]:
    g = load_glossary(GLOSSARY)
    knowledge = tomllib.loads((GLOSSARY.parent / "knowledge.toml").read_text(encoding="utf-8"))
    pairs = [*PAIRS, *PAIRS[:2]]  # the first two again: answers of 300 words or more
    zh = "".join(g.get(i).example_zh for i in pairs) + knowledge["passage"].strip()
    en = " ".join([*(g.get(i).example_en for i in pairs), knowledge["model"].strip()])
    return zh, en


def answer(reference: str, rng: random.Random) -> str:
    text = reference
    for official, others in SWAPS.items():
        if official in text and rng.random() < 0.6:
            text = text.replace(official, rng.choice(others), 1)
    sentences = text.split(". ")
    out = []
    for sentence in sentences:
        words = sentence.split()
        words = [w for w in words if rng.random() > 0.08]
        if rng.random() < 0.3 and "," in sentence:
            head, _, tail = " ".join(words).partition(", ")
            out.append(f"{tail}, {head}" if tail else head)
        else:
            out.append(" ".join(words))
    return ". ".join(out)


def main() -> dict[str, object]:
    zh, en = passage()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assignment = folder / "hw.toml"
        assignment.write_text(
            f'title = "bench"\nglossary = "{GLOSSARY.as_posix()}"\n'
            f'passage = """{zh}"""\nreferences = ["""{en}"""]\n', encoding="utf-8")
        answers = folder / "answers"
        answers.mkdir()
        words = []
        for n in range(STUDENTS):
            text = answer(en, rng)
            words.append(len(text.split()))
            (answers / f"student{n:03d}.txt").write_text(text, encoding="utf-8")
        out = folder / "report.html"

        def once() -> float:
            start = time.perf_counter()
            code = grade_main(assignment, [answers], out, stdout=io.StringIO(),
                              stderr=io.StringIO())
            assert code == 0
            return time.perf_counter() - start

        once()
        runs = [once() for _ in range(3)]
        report_kb = out.stat().st_size / 1000
    result = {"goal": "grade 200 answers of ~300 words in < 10 s on 2 cores",
              "students": STUDENTS, "mean_words": round(sum(words) / len(words)),
              "reference_words": len(en.split()), "seconds": round(min(runs), 2),
              "runs": [round(r, 2) for r in runs], "report_kb": round(report_kb)}
    write_result("grade", result)
    print(f"grade: {STUDENTS} answers of ~{result['mean_words']} words: {min(runs):.2f} s "
          f"(runs {', '.join(f'{r:.2f}' for r in runs)}), report {report_kb:.0f} KB")
    return result


if __name__ == "__main__":
    main()
