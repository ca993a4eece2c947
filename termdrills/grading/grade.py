"""A class's translations graded: the assignment (`assignment.py`) and the answers
(`answers.py`) read, each answer analysed (`analysis.py`), the class summarised.
Problems with answer files are collected, never raised: every other student is still
graded. Reading has its limits (`answers.Budget`), the analysis its time
(`GRADE_SECONDS`). `command.py` writes the results (`report.py`).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termdrills._files import check_outputs
from termdrills.errors import InputError, Problem
from termdrills.glossary import Glossary
from termdrills.grading.analysis import Passage, analyse, bilingual, prepare_passage
from termdrills.grading.answers import Answer, Budget, read_answers
from termdrills.grading.assignment import VERDICTS, Assignment, load_assignment
from termdrills.grading.forms import prepare_terms

__all__ = ["GRADE_SECONDS", "ClassResult", "Graded", "grade", "summarise"]

#: The most a class's analysis may take: the answers left when it runs out are each
#: one located line, not graded (an answer is at most 20,000 characters, so a class
#: of hundreds takes seconds).
GRADE_SECONDS = 900.0


@dataclass
class Graded:
    answer: Answer
    analysis: dict
    anchor: str


@dataclass
class ClassResult:
    assignment: Assignment
    glossary: Glossary
    passage: Passage
    graded: list[Graded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def passage_view(self) -> dict:
        return bilingual(self.passage)


def prepare(assignment_path: Path, glossary: Path | None = None,
            ) -> tuple[Assignment, Glossary, Passage]:
    """The assignment, its glossary and the passage every answer is compared with."""
    assignment, g = load_assignment(assignment_path, glossary)
    terms = g.by_lesson(*assignment.lessons) if assignment.lessons else g.terms
    forms = prepare_terms(terms, accept=assignment.accept, deprecate=assignment.deprecate)
    passage = prepare_passage(assignment.passage, forms, references=assignment.references,
                              model=assignment.model, weights=assignment.weights,
                              credit=assignment.credit)
    if not passage.terms and not passage.references:
        lessons = ", ".join(assignment.lessons) or "any lesson"
        raise InputError(f"{assignment_path}: nothing to grade: no glossary term of "
                           f"{lessons} occurs in the passage, and there is no reference")
    return assignment, g, passage


def grade(assignment_path: Path, answers: Sequence[Path], *, glossary: Path | None = None,
          outputs: Sequence[Path] = ()) -> ClassResult:
    """Read and analyse every answer; problems are collected, never raised. `outputs`
    (the files the caller will write) are checked once everything is read, before the
    analysis: one that is a file read or located is refused (`_files.check_outputs`)."""
    assignment, g, passage = prepare(assignment_path, glossary)
    found, problems = read_answers(answers, budget=Budget())
    check_outputs(*outputs)
    deadline = time.monotonic() + GRADE_SECONDS
    result = ClassResult(assignment, g, passage, problems=problems)
    seen: Counter[str] = Counter()
    for answer in sorted(found, key=lambda a: (a.student.casefold(), a.source)):
        seen[answer.student] += 1
        if seen[answer.student] > 1:
            renamed = f"{answer.student} ({seen[answer.student]})"
            result.notes.append(f"{answer.source}: a second answer from '{answer.student}': "
                                f"graded as '{renamed}'")
            answer.student = renamed
        if answer.decoded:
            result.notes.append(f"{answer.file}: {answer.decoded}")
        if answer.note:
            result.notes.append(f"{answer.source}: {answer.note}")
        if time.monotonic() > deadline:
            result.problems.append(Problem(
                answer.source, 0, "", f"student '{answer.student}': not graded: the class's "
                f"{GRADE_SECONDS:g} seconds for grading ran out (grade the class in parts)",
                student=answer.student))
            continue
        result.graded.append(Graded(answer, analyse(passage, answer.text),
                                    f"s-{len(result.graded) + 1}"))
    result.notes = list(dict.fromkeys(result.notes))
    return result


def summarise(result: ClassResult) -> dict:
    """The class summary: scores, each term's verdict counts, the renderings students
    used, and the deprecated forms they used most."""
    scores = [g.analysis["score"]["total"] for g in result.graded]
    bins = [0] * 10
    for s in scores:
        bins[min(9, int(s // 10))] += 1
    terms = []
    deprecated: Counter[tuple[int, str]] = Counter()
    notes: dict[tuple[int, str], str] = {}
    for i, term in enumerate(result.passage.terms):
        counts = Counter[str]()
        inconsistent = 0
        renderings: Counter[tuple[str, str]] = Counter()
        shown: dict[tuple[str, str], str] = {}
        for g in result.graded:
            t = g.analysis["terms"][i]
            counts[t["verdict"]] += 1
            inconsistent += not t["consistent"]
            written = [(u["text"], u["tier"]) for u in t["used"]]
            if not written:
                written = [(t["rendering"], "guess") if t["rendering"] else ("", "nothing")]
            for text, tier in written:
                key = (" ".join(text.casefold().replace("\u2019", "'").split()), tier)
                renderings[key] += 1
                shown.setdefault(key, text)
            for u in t["used"]:
                if u["tier"] == "deprecated":
                    deprecated[(i, u["form"])] += 1
                    notes[(i, u["form"])] = next((d["note"] for d in t["deprecated"]
                                                  if d["form"] == u["form"]), "")
        terms.append({
            "n": i + 1, "id": term.id, "zh": term.zh, "en": term.en, "colour": i % 8,
            "counts": {v: counts[v] for v in VERDICTS}, "inconsistent": inconsistent,
            "renderings": [{"text": shown[k], "tier": k[1], "count": c}
                           for k, c in sorted(renderings.items(), key=lambda kc: (-kc[1], kc[0]))],
        })
    return {
        "students": len(scores), "problems": len(result.problems),
        "mean": statistics.fmean(scores) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "min": min(scores, default=None), "max": max(scores, default=None),
        "bins": bins, "terms": terms,
        "deprecated": [{"n": i + 1, "zh": result.passage.terms[i].zh, "form": form,
                        "count": c, "note": notes[(i, form)]}
                       for (i, form), c in sorted(deprecated.items(),
                                                  key=lambda kc: (-kc[1], kc[0]))],
    }
