"""`termdrills grade ASSIGNMENT --answers PATH... -o REPORT`: a class's translations graded.

Grades the class (`grade.py`) and writes (`report.py`) the instructor's class report
(class summary, then one section per student with the same feedback as the drill), a
gradebook CSV, and one feedback page per student, to hand back, in a folder beside the
report (``REPORT-feedback/``, or `feedback`). Exit status 0 when every file was read,
1 when some could not be (each is one located line on stderr and in the report; every
other student is still graded). An unusable assignment or glossary, or no readable
answer at all, is an `InputError` and nothing is written. The outputs are written
together: all replaced, or none.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from termdrills._files import check_folders, command_inputs, display, output_folder, write_files
from termdrills.errors import InputError
from termdrills.grading.grade import ClassResult, grade, summarise
from termdrills.grading.report import feedback_names, student_page, to_csv, to_html

__all__ = ["feedback_folder", "grade_main"]


def feedback_folder(output: Path) -> Path:
    """Where the students' feedback pages go by default: ``grades.html`` →
    ``grades-feedback/`` beside it."""
    return output.with_name(f"{output.stem}-feedback")


def grade_main(assignment: Path, answers: Sequence[Path], output: Path, *,
               csv: Path | None = None, glossary: Path | None = None,
               feedback: Path | None = None,
               stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """The `termdrills grade` command: returns the exit status (0, or 1 when some
    answer could not be read); raises InputError (one line) when nothing can be graded."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    csv = csv or output.with_suffix(".csv")
    feedback = feedback or feedback_folder(output)
    if output.resolve() == csv.resolve():
        raise InputError(f"{output}: the report and the gradebook CSV need different names")
    if feedback.resolve() in (output.resolve(), csv.resolve()):
        raise InputError(f"{feedback}: the feedback folder needs a name of its own")
    check_folders(output, csv, feedback)
    with command_inputs():  # every file read or located: never an output (_files)
        result = grade(assignment, answers, glossary=glossary, outputs=(output, csv))
        return _write(result, output, csv, feedback, assignment, answers, out, err)


def _write(result: ClassResult, output: Path, csv: Path, feedback: Path, assignment: Path,
           answers: Sequence[Path], out: TextIO, err: TextIO) -> int:
    for problem in result.problems:
        print(problem, file=err)
    if not result.graded:
        raise InputError(f"no answer could be graded among {', '.join(map(str, answers))} "
                           f"({len(result.problems)} problem(s) above)")
    summary = summarise(result)
    names = feedback_names(result.graded)
    shown = {g.anchor: f"{display(feedback)}/{names[g.anchor]}" for g in result.graded}
    with output_folder(feedback):  # removed again if nothing could be written
        pages = [(feedback / names[g.anchor], student_page(result, g)) for g in result.graded]
        write_files([(csv, to_csv(result)), (output, to_html(result, summary, shown)),
                     *pages], inputs=[assignment, *answers])
    for note in result.notes:
        print(note, file=out)
    written = set(names.values())
    older = sorted(p.name for p in feedback.glob("*.html") if p.name not in written)
    if older:
        print(f"{display(feedback)}: {len(older)} older page(s) not from this run: "
              f"{', '.join(older[:5])}{' …' if len(older) > 5 else ''} (remove them before "
              "handing the pages back)", file=out)
    print(f"{output}: {len(result.graded)} answer(s) graded, {len(result.problems)} could "
          f"not be read; gradebook {csv}; glossary {display(result.glossary.path or '')}",
          file=out)
    print(f"{display(feedback)}: {len(pages)} feedback page(s), one per student, to hand "
          "back", file=out)
    return 1 if result.problems else 0
