"""The fixture class of tests/fixtures/grading/, made whole in a temporary folder.

The committed folder holds the .txt answers and the unreadable files; the answers
students sent as .docx are committed as text (docx/NAME.txt, one paragraph a line)
and turned into real .docx files here with python-docx, one of them with its
second paragraph in a table; a FIFO is added (it cannot be committed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "grading"
GUIDELINE = FIXTURES / "guideline.toml"
KNOWLEDGE = FIXTURES / "knowledge.toml"
CSV_UTF8 = FIXTURES / "lms-export.csv"
CSV_GB18030 = FIXTURES / "lms-export-gb18030.csv"


def make_docx(text: str, path: Path, *, table: bool = False) -> Path:
    import docx

    document = docx.Document()
    paragraphs = text.splitlines()
    for k, para in enumerate(paragraphs):
        if table and k == len(paragraphs) - 1 and k > 0:
            document.add_table(rows=1, cols=1).cell(0, 0).text = para
        else:
            document.add_paragraph(para)
    document.save(str(path))
    return path


def build_class(folder: Path, *, fifo: bool = True) -> Path:
    """The whole class in `folder`/class: .txt, .docx, unreadable files, a FIFO."""
    target = folder / "class"
    shutil.copytree(FIXTURES / "class", target)
    for source in sorted((FIXTURES / "docx").glob("*.txt")):
        make_docx(source.read_text(encoding="utf-8"), target / f"{source.stem}.docx",
                  table=source.stem == "bella")
    if fifo and hasattr(os, "mkfifo"):
        os.mkfifo(target / "pipe.txt")
    return target
