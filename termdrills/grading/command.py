"""`termdrills grade ASSIGNMENT --answers PATH... -o REPORT`: a class's translations graded.

Grades the class (`grade.py`) and writes one HTML report (class summary, then one
section per student with the same feedback as the drill) and a gradebook CSV
(`report.py`). Exit status 0 when every file was read, 1 when some could not be (each
is one located line on stderr and in the report; every other student is still
graded). An unusable assignment or glossary, or no readable answer at all, is an
`InputError` and nothing is written. Both outputs are written together: both
replaced, or neither.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from termdrills._files import check_folders, command_inputs, write_files
from termdrills.errors import InputError
from termdrills.grading.grade import ClassResult, grade, summarise
from termdrills.grading.report import to_csv, to_html

__all__ = ["grade_main"]


def grade_main(assignment: Path, answers: Sequence[Path], output: Path, *,
               csv: Path | None = None, glossary: Path | None = None,
               stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """The `termdrills grade` command: returns the exit status (0, or 1 when some
    answer could not be read); raises InputError (one line) when nothing can be graded."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    csv = csv or output.with_suffix(".csv")
    if output.resolve() == csv.resolve():
        raise InputError(f"{output}: the report and the gradebook CSV need different names")
    check_folders(output, csv)
    with command_inputs():  # every file read or located: never an output (_files)
        result = grade(assignment, answers, glossary=glossary, outputs=(output, csv))
        return _write(result, output, csv, assignment, answers, out, err)


def _write(result: ClassResult, output: Path, csv: Path, assignment: Path,
           answers: Sequence[Path], out: TextIO, err: TextIO) -> int:
    for problem in result.problems:
        print(problem, file=err)
    if not result.graded:
        raise InputError(f"no answer could be graded among {', '.join(map(str, answers))} "
                           f"({len(result.problems)} problem(s) above)")
    summary = summarise(result)
    write_files([(csv, to_csv(result)), (output, to_html(result, summary))],
                inputs=[assignment, *answers])
    for note in result.notes:
        print(note, file=out)
    print(f"{output}: {len(result.graded)} answer(s) graded, {len(result.problems)} could "
          f"not be read; gradebook {csv}", file=out)
    return 1 if result.problems else 0
