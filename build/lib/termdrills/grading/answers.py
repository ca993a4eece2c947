"""Students' answers: .txt and .docx files (one per student, a folder of them) or a CSV.

* A folder: each .txt, .docx or .csv file in it (sorted by name; dot-files and
  Word's ``~$`` lock files are passed over). The student is the file's name
  without its extension.
* .txt and .csv: UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's
  "Unicode"), else GB18030 (what Chinese Windows and Excel save); which encoding
  was assumed is reported whenever it was not plain UTF-8.
* .docx: read with python-docx, paragraphs and table cells in document order.
* CSV (as an LMS or Excel exports it): a header row naming a student column
  (student, name, full name, 姓名, 学生) and an answer column (answer, translation,
  response, text, 答案, 译文); comma, semicolon or tab separated.

Anything that cannot be used (missing, a folder inside the folder, a FIFO or other
non-regular file — checked with stat before opening —, too large, binary, not
decodable, a damaged .docx, an empty answer, a CSV without those columns) becomes
one located `Problem` and the rest are read regardless. Invisible characters
(zero-width, bidirectional controls) are removed from names and answers.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from termdrills._files import display
from termdrills.errors import Problem
from termdrills.text.safe import INVISIBLE, NOT_XML

__all__ = ["Answer", "Problem", "decode", "read_answers"]

MAX_TEXT_BYTES = 5_000_000
MAX_DOCX_BYTES = 20_000_000
MAX_DOCX_UNPACKED = 50_000_000
MAX_ANSWER_CHARS = 20_000
STUDENT_COLUMNS = ("student", "name", "full name", "student name", "姓名", "学生")
ANSWER_COLUMNS = ("answer", "translation", "response", "text", "答案", "译文", "翻译")


@dataclass
class Answer:
    student: str
    text: str
    source: str  # file, or file:line for a CSV row
    encoding: str  # UTF-8, UTF-8 with BOM, UTF-16, GB18030, docx
    note: str = ""
    file: str = ""  # the file it came from

    def __post_init__(self) -> None:
        self.file = self.file or self.source


class _Unusable(Exception):
    pass


def _clean(text: str) -> str:
    """Line breaks unified; invisible characters and non-characters (U+FFFE, U+FFFF,
    lone surrogates: not allowed in the HTML report) dropped."""
    text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return NOT_XML.sub("", text)


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file's bytes; _Unusable saying why it is not text."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw.decode("utf-8-sig"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise _Unusable(f"line {line}: starts as UTF-8 but is not (save it as UTF-8)") \
                from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise _Unusable("damaged UTF-16 text (save it as UTF-8)") from None
    if b"\x00" in raw:
        raise _Unusable("a binary file, not text")
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
    try:
        return raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise _Unusable(f"line {line}: neither UTF-8 nor GB18030 text "
                        "(save it as UTF-8)") from None


def _regular(path: Path, limit: int) -> None:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _Unusable("no such file or folder") from None
    except OSError as exc:
        raise _Unusable(f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise _Unusable("a folder inside the answers folder: not read")
    if not stat.S_ISREG(st.st_mode):
        raise _Unusable("not a regular file (a pipe, device or socket): not read")
    if st.st_size > limit:
        raise _Unusable(f"{st.st_size / 1e6:.1f} MB: too large for an answer")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _Unusable(f"cannot read: {exc.strerror or exc}") from None


def _docx_text(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_DOCX_UNPACKED:
                raise _Unusable("a .docx that unpacks to more than 50 MB: not read")
    except zipfile.BadZipFile:
        raise _Unusable("not a .docx file (an old .doc, or damaged?): save it as .docx "
                        "or .txt") from None
    import docx  # python-docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        parts: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                parts += [p.text for row in block.rows for cell in row.cells
                          for p in cell.paragraphs]
            else:
                parts.append(block.text)
    except Exception as exc:  # noqa: BLE001 - any failure of a third-party parser on a damaged file
        raise _Unusable(f"a damaged .docx ({type(exc).__name__}): save it again") from None
    return "\n".join(parts)


def _answer(student: str, text: str, source: str, encoding: str) -> Answer:
    text = _clean(text).strip()
    if not text:
        raise _Unusable("empty: no answer")
    note = ""
    if len(text) > MAX_ANSWER_CHARS:
        text, note = text[:MAX_ANSWER_CHARS], f"only the first {MAX_ANSWER_CHARS} characters graded"
    return Answer(student, text, source, encoding, note)


def _name(text: str) -> str:
    return " ".join(_clean(text).split())[:100]


def _csv(path: Path, text: str, encoding: str) -> tuple[list[Answer], list[Problem]]:
    header_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise _Unusable("an empty CSV") from None
    except csv.Error as exc:
        raise _Unusable(f"line 1: not CSV ({exc})") from None
    s_col = next((header.index(c) for c in STUDENT_COLUMNS if c in header), None)
    a_col = next((header.index(c) for c in ANSWER_COLUMNS if c in header), None)
    if s_col is None or a_col is None:
        raise _Unusable(f"line 1: no student and answer columns in the header (found: "
                        f"{', '.join(h[:30] for h in header) or 'nothing'})")
    answers, problems = [], []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(display(path), line, "", f"not CSV ({exc})"))
            break
        at, where, line = line, f"{display(path)}:{line}", reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(s_col, a_col):
            problems.append(Problem(display(path), at, "", f"{len(row)} cells, the header has {len(header)}"))
            continue
        student = _name(row[s_col])
        if not student:
            problems.append(Problem(display(path), at, "", "no student name"))
            continue
        try:
            answer = _answer(student, row[a_col], where, encoding)
            answer.file = display(path)
            answers.append(answer)
        except _Unusable as exc:
            problems.append(Problem(display(path), at, "", f"student '{student}': {exc}", student=student))
    return answers, problems


def _read_file(path: Path) -> tuple[list[Answer], list[Problem]]:
    suffix = path.suffix.lower()
    _regular(path, MAX_DOCX_BYTES if suffix == ".docx" else MAX_TEXT_BYTES)
    if suffix not in (".txt", ".docx", ".csv"):
        raise _Unusable("not a .txt, .docx or .csv file: not read")
    if suffix == ".docx":
        return [_answer(_name(display(path.stem)), _docx_text(path), display(path), "docx")], []
    text, encoding = decode(_read_bytes(path))
    if suffix == ".csv":
        return _csv(path, _clean(text), encoding)
    return [_answer(_name(display(path.stem)), text, display(path), encoding)], []


def read_answers(paths: Sequence[Path], *, skip: Collection[Path] = (),
                 ) -> tuple[list[Answer], list[Problem]]:
    """Every answer in the files and folders, and a located problem for each that
    cannot be used. `skip`: files to pass over (the report's own outputs)."""
    skipped = {os.path.realpath(p) for p in skip}
    answers: list[Answer] = []
    problems: list[Problem] = []
    for path in paths:
        files = [path]
        if path.is_dir():
            files = sorted((p for p in path.iterdir()
                            if not p.name.startswith((".", "~$"))), key=lambda p: p.name)
        for file in files:
            if os.path.realpath(file) in skipped:
                continue
            try:
                found, trouble = _read_file(file)
            except _Unusable as exc:
                student = _name(display(file.stem)) if file.suffix.lower() in (".txt", ".docx") else None
                problems.append(Problem(display(file), 0, "", str(exc), student=student))
                continue
            answers += found
            problems += trouble
    return answers, problems
