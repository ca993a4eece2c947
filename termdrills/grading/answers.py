"""Students' answers: .txt and .docx files (one per student, a folder of them) or a CSV.

* A folder: each .txt, .docx or .csv file in it (sorted by name; dot-files and
  Word's ``~$`` lock files are passed over). The student is the file's name
  without its extension. Every file of the folder is recorded as an input of the
  command (`termdrills._files.record_folder`): no output may replace one. A file
  that is a symlink leading outside the folder is not read.
* .txt and .csv: decoded by the students' policy of `termdrills.text.decode` (UTF-8
  with or without BOM, UTF-16 with BOM, else GB18030; which was assumed is
  reported; a file mixing encodings is refused, naming a line of each).
* .docx: the main document part inflated with a real byte budget (the sizes a zip
  declares are not trusted) and read as a stream: paragraphs and table cells in
  document order, at most `MAX_DOCX_PARAGRAPHS` paragraphs and `MAX_DOCX_ELEMENTS`
  XML elements; entities are never expanded.
* CSV (as an LMS or Excel exports it): a header row naming a student column
  (student, name, full name, 姓名, 学生) and an answer column (answer, translation,
  response, text, 答案, 译文); comma, semicolon or tab separated. A quote that opens a
  cell and is never properly closed (it would merge the rows after it into one
  student's answer) stops the file at that line, which is named.

Limits, each a located line when hit (`Budget`): a file's size and, for a class, the
number of answers (`MAX_ANSWERS`), the bytes read in all (`MAX_CLASS_BYTES`) and the
time spent reading (`READ_SECONDS`); an answer is graded on its first
`MAX_ANSWER_CHARS` characters. Anything that cannot be used becomes one located
`Problem` and the rest are read regardless. Invisible characters (zero-width,
bidirectional controls) are removed from names and answers; file names are shown
with line breaks and controls escaped (`termdrills._files.shown_name`).
"""

from __future__ import annotations

import csv
import io
import os
import stat
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termdrills._files import record_folder, record_input, shown_name
from termdrills.errors import Problem
from termdrills.text.decode import DecodeError, decode
from termdrills.text.safe import INVISIBLE, NOT_XML

__all__ = ["Answer", "Budget", "Problem", "read_answers"]

MAX_TEXT_BYTES = 5_000_000
MAX_DOCX_BYTES = 20_000_000
#: Bytes inflated from one .docx at most (counted as they come out, not as declared).
MAX_DOCX_UNPACKED = 20_000_000
#: Paragraphs (table cells' included) and XML elements of one .docx at most: an answer
#: to one passage has a few dozen paragraphs and a few thousand elements.
MAX_DOCX_PARAGRAPHS = 10_000
MAX_DOCX_ELEMENTS = 200_000
MAX_ANSWER_CHARS = 20_000
#: A class: answers graded in one run, bytes read from every file, seconds spent reading.
MAX_ANSWERS = 2_000
MAX_CLASS_BYTES = 256_000_000
READ_SECONDS = 300.0
#: Header cells named in a message at most.
SHOWN_COLUMNS = 8
STUDENT_COLUMNS = ("student", "name", "full name", "student name", "姓名", "学生")
ANSWER_COLUMNS = ("answer", "translation", "response", "text", "答案", "译文", "翻译")
_W = "}"  # WordprocessingML tags are compared by local name (transitional or strict)


@dataclass
class Answer:
    student: str
    text: str
    source: str  # file, or file:line for a CSV row
    encoding: str  # UTF-8, UTF-8 with BOM, UTF-16, GB18030, docx
    note: str = ""
    file: str = ""  # the file it came from
    decoded: str = ""  # what the decoding policy reports ("read as GB18030 …"), or ""

    def __post_init__(self) -> None:
        self.file = self.file or self.source


@dataclass
class Budget:
    """What reading a class may cost: answers, bytes and seconds (see the module doc)."""

    answers: int = field(default_factory=lambda: MAX_ANSWERS)
    bytes: int = field(default_factory=lambda: MAX_CLASS_BYTES)
    seconds: float = field(default_factory=lambda: READ_SECONDS)
    used_answers: int = 0
    used_bytes: int = 0
    started: float = field(default_factory=time.monotonic)

    def spend(self, size: int) -> None:
        """Count `size` bytes read; `_Unusable` when the class's bytes or time ran out."""
        self.used_bytes += size
        if self.used_bytes > self.bytes:
            raise _Unusable(f"not read: the class's files hold more than {self.bytes:,} "
                            "bytes in all (grade the class in parts)")
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise _Unusable(f"not read: reading the class took more than {self.seconds:g} "
                            "seconds (grade the class in parts)")

    def full(self) -> bool:
        return self.used_answers >= self.answers


class _Unusable(Exception):
    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def _clean(text: str) -> str:
    """Line breaks unified; invisible characters and non-characters (U+FFFE, U+FFFF,
    lone surrogates: not allowed in the HTML report) dropped."""
    text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return NOT_XML.sub("", text)


def _regular(path: Path, limit: int, folder: Path | None) -> os.stat_result:
    """The file's stat, after the refusals: missing, a folder, not a regular file, too
    large, or (in an answers folder) a symlink whose target is outside the folder."""
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
    if folder is not None and path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(os.path.realpath(folder)):
            raise _Unusable("a link to a file outside the answers folder: not read")
    if st.st_size > limit:
        raise _Unusable(f"{st.st_size / 1e6:.1f} MB: too large for an answer")
    return st


def _read_bytes(path: Path, info: os.stat_result, limit: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _Unusable(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _Unusable(f"more than {limit / 1e6:.1f} MB: too large for an answer")
    record_input(path, info)
    return data


# --------------------------------------------------------------------------- .docx


class _Inflated(io.RawIOBase):
    """A zip member as a stream, inflated chunk by chunk with a real byte budget."""

    def __init__(self, member: zipfile.ZipExtFile, budget: int, class_budget: Budget) -> None:
        self._member, self._left, self._class = member, budget, class_budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        data = self._member.read(min(len(buffer), 1 << 16))
        self._left -= len(data)
        if self._left < 0:
            raise _Unusable(f"a .docx that unpacks to more than {MAX_DOCX_UNPACKED // 10**6} "
                            "MB: not read (a zip bomb?)")
        self._class.spend(len(data))
        buffer[:len(data)] = data
        return len(data)


def _main_part(z: zipfile.ZipFile) -> str:
    """The name of the document's main part (``word/document.xml`` in every Word file)."""
    names = set(z.namelist())
    if "word/document.xml" in names:
        return "word/document.xml"
    if "_rels/.rels" in names and z.getinfo("_rels/.rels").file_size < 1 << 20:
        from lxml import etree

        try:
            with z.open("_rels/.rels") as fh:
                root = etree.fromstring(fh.read(1 << 20), _parser())
            for rel in root:
                if str(rel.get("Type", "")).endswith("/officeDocument"):
                    target = str(rel.get("Target", "")).lstrip("/")
                    if target in names:
                        return target
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError):
            pass
    raise _Unusable("not a .docx file (no document inside): save it as .docx or .txt")


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


def _run_text(run) -> str:  # type: ignore[no-untyped-def]
    """A run's text as Word shows it: text, tabs, breaks, non-breaking hyphens."""
    out = []
    for child in run:
        tag = child.tag.rpartition(_W)[2] if isinstance(child.tag, str) else ""
        if tag == "t":
            out.append(child.text or "")
        elif tag in ("tab", "ptab"):
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _paragraph_text(p) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for child in p:
        tag = child.tag.rpartition(_W)[2] if isinstance(child.tag, str) else ""
        if tag == "r":
            parts.append(_run_text(child))
        elif tag == "hyperlink":
            parts += [_run_text(r) for r in child if isinstance(r.tag, str)
                      and r.tag.rpartition(_W)[2] == "r"]
    return "".join(parts)


def _docx_paragraphs(stream: io.RawIOBase, budget: Budget) -> Iterator[str]:
    """Each paragraph's text, in document order (table cells' paragraphs included), with
    the element and paragraph limits; the parsed tree is dropped as it is read."""
    from lxml import etree

    elements = paragraphs = 0
    depth_in_p = 0
    for event, element in etree.iterparse(
            io.BufferedReader(stream), events=("start", "end"), resolve_entities=False,
            no_network=True, load_dtd=False, huge_tree=False, remove_comments=True,
            remove_pis=True):
        tag = element.tag.rpartition(_W)[2] if isinstance(element.tag, str) else ""
        if event == "start":
            if not elements and element.getroottree().docinfo.doctype:
                raise _Unusable(_NO_DTD)
            elements += 1
            if elements > MAX_DOCX_ELEMENTS:
                raise _Unusable(f"a .docx of more than {MAX_DOCX_ELEMENTS:,} XML elements: "
                                "not read (an answer has far fewer)")
            if tag == "p":
                depth_in_p += 1
            continue
        if tag != "p":
            continue
        depth_in_p -= 1
        if depth_in_p:  # a paragraph inside a paragraph (a text box): read with it
            continue
        paragraphs += 1
        if paragraphs > MAX_DOCX_PARAGRAPHS:
            raise _Unusable(f"a .docx of more than {MAX_DOCX_PARAGRAPHS:,} paragraphs: not "
                            "read (an answer has far fewer)")
        if paragraphs % 256 == 0:
            budget.check_time()
        yield _paragraph_text(element)
        element.clear()
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]


_NO_DTD = ("a .docx whose document declares a DTD (Word never writes one; its entities "
           "could fetch files or multiply): not read")
#: What libxml2 says when a limit of its own is hit → the line the grader prints.
_TOO_LONG = "a .docx with a text of more than 10 MB in one piece: not read (a zip bomb?)"
_XML_LIMITS = (("amplification", _NO_DTD), ("Text node too long", _TOO_LONG),
               ("Excessive depth", "a .docx nested more than 256 levels deep: not read"))


def _docx_text(path: Path, info: os.stat_result, budget: Budget) -> str:
    try:
        import lxml  # noqa: F401
    except ImportError:  # termdrills installed without the docx extra
        raise _Unusable("reading .docx answers needs lxml: pip install 'termdrills[docx]' "
                        "(or save the answer as .txt)") from None
    try:
        with zipfile.ZipFile(path) as z:
            name = _main_part(z)
            with z.open(name) as member:
                stream = _Inflated(member, MAX_DOCX_UNPACKED, budget)
                parts: list[str] = []
                size = 0
                for text in _docx_paragraphs(stream, budget):
                    parts.append(text)
                    size += len(text) + 1
                    if size > MAX_ANSWER_CHARS + 1:  # the rest would not be graded
                        break
    except _Unusable:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        if "CRC" in str(exc):
            raise _Unusable("a .docx whose contents do not match their checksum (damaged, "
                            "or a zip bomb declaring false sizes): not read") from None
        raise _Unusable("not a .docx file (an old .doc, or damaged?): save it as .docx "
                        "or .txt") from None
    except Exception as exc:  # noqa: BLE001 - any failure of the zip or XML parser on a damaged file
        said = next((line for key, line in _XML_LIMITS if key in str(exc)), None)
        raise _Unusable(said or f"a damaged .docx ({type(exc).__name__}): save it again") \
            from None
    record_input(path, info)
    return "\n".join(parts)


# --------------------------------------------------------------------------- text and CSV


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


def _columns(header: Sequence[str]) -> str:
    """The header's cells for a message: the first few, each cut short, and how many more."""
    shown = ", ".join(h[:30] for h in header[:SHOWN_COLUMNS]) or "nothing"
    more = len(header) - SHOWN_COLUMNS
    return shown + (f" … and {more:,} more" if more > 0 else "")


def _csv(path: Path, text: str, encoding: str, budget: Budget,
         ) -> tuple[list[Answer], list[Problem]]:
    name = shown_name(path)
    header_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    # strict: a quote that closes a cell must be followed by a separator or a line end,
    # and a file must not end inside quotes; otherwise one open quote would silently
    # merge every row up to the next quote into one student's answer
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise _Unusable("an empty CSV") from None
    except csv.Error:
        raise _Unusable("line 1: not CSV: a quote in the header is not closed") from None
    s_col = next((header.index(c) for c in STUDENT_COLUMNS if c in header), None)
    a_col = next((header.index(c) for c in ANSWER_COLUMNS if c in header), None)
    if s_col is None or a_col is None:
        raise _Unusable(f"line 1: no student and answer columns in the header (found: "
                        f"{_columns(header)})")
    answers, problems = [], []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            end = reader.line_num
            span = f"; it runs to line {end}" if end > line else ""
            problems.append(Problem(name, line, "", "unbalanced quote: the quoted cell opened "
                                    f"on this line is not closed where a cell ends{span}; "
                                    "this row and the rows after it are not read (fix the "
                                    "quote and grade again)"))
            break
        at, where, line = line, f"{name}:{line}", reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if budget.full():
            problems.append(Problem(name, at, "", f"more than {budget.answers:,} answers in "
                                    "one run: this row and the rows after it are not read "
                                    "(grade the class in parts)"))
            break
        if at % 256 == 0:
            try:
                budget.check_time()
            except _Unusable as exc:
                problems.append(Problem(name, at, "", f"{exc}: this row and the rows after it"))
                break
        if len(row) <= max(s_col, a_col):
            problems.append(Problem(name, at, "", f"{len(row)} cells, the header has {len(header)}"))
            continue
        student = _name(row[s_col])
        if not student:
            problems.append(Problem(name, at, "", "no student name"))
            continue
        try:
            answer = _answer(student, row[a_col], where, encoding)
            answer.file = name
            answers.append(answer)
            budget.used_answers += 1
        except _Unusable as exc:
            problems.append(Problem(name, at, "", f"student '{student}': {exc}", student=student))
    if not answers and not problems:
        raise _Unusable("no answers: the CSV has only its header")
    return answers, problems


def _read_file(path: Path, budget: Budget, folder: Path | None,
               ) -> tuple[list[Answer], list[Problem]]:
    suffix = path.suffix.lower()
    limit = MAX_DOCX_BYTES if suffix == ".docx" else MAX_TEXT_BYTES
    info = _regular(path, limit, folder)
    if suffix not in (".txt", ".docx", ".csv"):
        raise _Unusable("not a .txt, .docx or .csv file: not read")
    if budget.full():
        raise _Unusable(f"not read: more than {budget.answers:,} answers in one run (grade "
                        "the class in parts)")
    student = _name(shown_name(path.stem))
    if suffix == ".docx":
        budget.spend(info.st_size)
        found = [_answer(student, _docx_text(path, info, budget), shown_name(path), "docx")]
        budget.used_answers += 1
        return found, []
    raw = _read_bytes(path, info, limit)
    budget.spend(len(raw))
    try:
        decoded = decode(raw, shown_name(path), legacy=True)
    except DecodeError as exc:
        raise _Unusable(exc.reason, exc.line) from None
    if suffix == ".csv":
        found, problems = _csv(path, _clean(decoded.text), decoded.encoding, budget)
    else:
        found, problems = [_answer(student, decoded.text, shown_name(path),
                                   decoded.encoding)], []
        budget.used_answers += 1
    for answer in found:
        answer.decoded = decoded.note
    return found, problems


def read_answers(paths: Sequence[Path], *, budget: Budget | None = None,
                 ) -> tuple[list[Answer], list[Problem]]:
    """Every answer in the files and folders, and a located problem for each that
    cannot be used (`budget`: the class's limits, `Budget()` by default)."""
    budget = budget or Budget()
    answers: list[Answer] = []
    problems: list[Problem] = []
    for path in paths:
        files, folder = [path], None
        if path.is_dir():
            folder = path
            record_folder(path)  # every file in it is a student's: never an output
            try:
                files = sorted((p for p in path.iterdir()
                                if not p.name.startswith((".", "~$"))), key=lambda p: p.name)
            except OSError as exc:
                problems.append(Problem(shown_name(path), 0, "",
                                        f"cannot read the folder: {exc.strerror or exc}"))
                continue
        for file in files:
            try:
                found, trouble = _read_file(file, budget, folder)
            except _Unusable as exc:
                student = _name(shown_name(file.stem)) \
                    if file.suffix.lower() in (".txt", ".docx") else None
                problems.append(Problem(shown_name(file), exc.line, "", str(exc),
                                        student=student))
                continue
            answers += found
            problems += trouble
    return answers, problems
