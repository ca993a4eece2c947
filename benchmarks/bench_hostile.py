"""What a hostile file costs (issue 25): each command run once, in its own process, on
an input built to take time or memory, with the wall-clock seconds and the peak memory
(the child's maximum resident set size) it took.

Goal: every one under 5 s and 200 MB on 2 cores, ending with its one located line.
Before issue 25, the paragraph bomb (tests/hostile/answers/paragraph_bomb.docx, 73 KB)
took 10 min 13 s and 1.87 GB (measured once with /usr/bin/time -v), a million-row CSV
graded every row (about 35 min) and a million-line evidence.csv took 54 s to check.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._util import write_result

ROOT = Path(__file__).resolve().parent.parent
GRADING = ROOT / "tests" / "fixtures" / "grading"
HOSTILE = ROOT / "tests" / "hostile"


def _cases(tmp: Path) -> dict[str, list[str]]:
    rows = tmp / "million.csv"
    rows.write_text("student,answer\n" + "a,b\n" * 1_000_000,  # 4 MB: under the 5 MB limit
                    encoding="utf-8")
    book = tmp / "book"
    book.mkdir()
    (book / "glossary.csv").write_bytes((HOSTILE / "glossary" / "excel_bom_crlf.csv")
                                        .read_bytes())
    (book / "evidence.csv").write_text("id,form,status,url,date,excerpt\n"
                                       + "s,State Council,preferred,https://a.cn/,,x\n"
                                       * 1_000_000, encoding="utf-8")
    grade = ["grade", str(GRADING / "knowledge.toml"), "--answers"]
    return {
        "a 73 KB .docx of 8.3 million paragraphs": [
            *grade, str(HOSTILE / "answers" / "paragraph_bomb.docx"), "-o", str(tmp / "a.html")],
        "a .docx inflating to 60 MB of XML": [
            *grade, str(HOSTILE / "answers" / "unpacks_to_60mb.docx"), "-o",
            str(tmp / "b.html")],
        "a 4 MB CSV of 1,000,000 answers (2,000 graded)": [*grade, str(rows), "-o",
                                                      str(tmp / "c.html")],
        "an evidence.csv of 1,000,000 lines": ["check", str(book / "glossary.csv")],
        "a CSV of answers with a 100,000-column header": [
            *grade, str(HOSTILE / "answers" / "wide_header.csv"), "-o", str(tmp / "d.html")],
    }


#: Runs the command in a child and prints that child's peak memory (KB) alone: each
#: case is measured in a process of its own (RUSAGE_CHILDREN only grows).
_WRAP = ("import resource, subprocess, sys; "
         "p = subprocess.run([sys.executable, '-m', 'termdrills', *sys.argv[1:]], "
         "stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True); "
         "sys.stderr.write(p.stderr); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)")


def _run(args: list[str]) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit status, first line of stderr) of one run."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAP, *args], capture_output=True,
                          text=True, timeout=1800, check=False)
    seconds = time.perf_counter() - start
    peak_kb, code = proc.stdout.split()
    lines = proc.stderr.strip().splitlines()
    return seconds, int(peak_kb) / 1024, int(code), lines[0] if lines else ""


def main() -> dict[str, object]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for what, args in _cases(Path(tmp)).items():
            seconds, mb, code, line = _run(args)
            results.append({"what": what, "seconds": round(seconds, 2), "peak_mb": round(mb),
                            "exit": code, "line": line.replace(tmp, "…")[:200]})
            print(f"   {what}: {seconds:.1f} s, {mb:.0f} MB, exit {code}")
    data: dict[str, object] = {"cases": results}
    write_result("hostile", data)
    return data
