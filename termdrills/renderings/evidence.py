"""evidence.csv: the reviewer's record of where each rendering of the glossary was seen.

One line per (term id, form), beside the glossary it documents::

    id,form,status,url,date,excerpt
    government-services,administrative services,admitted,https://english.www.gov.cn/…,2020-11-10,Inter-provincial administrative services should be promoted …

``status`` is ``preferred`` (the row's `en`), ``admitted`` (an `alt_en`), ``example``
(the row's `example_en`) or ``deprecated`` (a `deprecated_en`); ``url`` is the page
the form was read on, ``date`` that page's date, ``excerpt`` a few words copied from
it that show the form. A deprecated form's page is either one that uses it (a local
government's, say), quoted, or the official page whose wording was compared with it,
with no excerpt.

`load_evidence` refuses a malformed file with one located line per problem
(`EvidenceError`); `check_against` compares a glossary with its evidence and returns
warnings located in the glossary (what `termdrills check` prints).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from termdrills.errors import EvidenceError, Problem, TermdrillsError
from termdrills.glossary.check import _records, read
from termdrills.glossary.rules import MAX_CELL
from termdrills.text.safe import web_url

if TYPE_CHECKING:
    from termdrills.glossary import Term

__all__ = ["COLUMNS", "FILENAME", "Evidence", "EvidenceError", "EvidenceLine", "Status",
           "beside", "check_against", "load_evidence", "parse_evidence"]

FILENAME = "evidence.csv"
COLUMNS = ("id", "form", "status", "url", "date", "excerpt")
Status = Literal["preferred", "admitted", "example", "deprecated"]
STATUSES: tuple[str, ...] = get_args(Status)
#: Limits: lines in the file, columns in its header (the glossary's cell limit applies).
MAX_LINES = 250_000
MAX_COLUMNS = 100


@dataclass(frozen=True)
class EvidenceLine:
    """One line of evidence.csv: a form of a term, seen on a page."""

    term_id: str
    form: str
    status: Status
    url: str
    date: str = ""
    excerpt: str = ""
    line: int = 0


class Evidence(Sequence[EvidenceLine]):
    """The lines of one evidence file, looked up by (term id, form)."""

    def __init__(self, lines: Sequence[EvidenceLine], path: Path | None = None) -> None:
        self.lines = tuple(lines)
        self.path = path
        self._by_key = {(e.term_id, e.form): e for e in self.lines}

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return self.lines[index]

    def __iter__(self) -> Iterator[EvidenceLine]:
        return iter(self.lines)

    def get(self, term_id: str, form: str) -> EvidenceLine | None:
        """The line for exactly this form of this term (None when there is none). Forms
        are compared as written: "the State Council" and "State Council" are two forms."""
        return self._by_key.get((term_id, form))

    def for_term(self, term_id: str) -> tuple[EvidenceLine, ...]:
        return tuple(e for e in self.lines if e.term_id == term_id)


def beside(glossary: str | os.PathLike[str]) -> Path:
    """Where a glossary's evidence file is: evidence.csv in the glossary's folder."""
    return Path(glossary).parent / FILENAME


# --------------------------------------------------------------------------- reading


def _cell_problems(cells: dict[str, str]) -> list[tuple[str, str]]:
    """(column, message) for each bad cell of one line."""
    out: list[tuple[str, str]] = []
    for col in ("id", "form", "status", "url"):
        if not cells[col].strip():
            out.append((col, "empty"))
    for col, value in cells.items():
        if len(value) > MAX_CELL:
            out.append((col, f"{len(value):,} characters, more than {MAX_CELL:,}"))
        elif value != value.strip():
            out.append((col, "leading or trailing whitespace"))
        elif "\n" in value or "\r" in value:
            out.append((col, "line break inside the cell"))
    flagged = {col for col, _ in out}
    status, url, date = ("" if c in flagged else cells[c] for c in ("status", "url", "date"))
    if status and status not in STATUSES:
        out.append(("status", f"'{status[:40]}' is not one of {', '.join(STATUSES)}"))
    if url and not web_url(url):
        out.append(("url", f"'{url[:60]}' is not an http(s) URL"))
    if date:
        try:
            ok = len(date) == 10 and _dt.date.fromisoformat(date) is not None
        except ValueError:
            ok = False
        if not ok:
            out.append(("date", f"'{date[:40]}' is not a real date in YYYY-MM-DD form"))
    if status in STATUSES and status != "deprecated" and not cells["excerpt"].strip():
        out.append(("excerpt", "empty: copy the words of the page that show the form"))
    return out


def parse_evidence(text: str, name: str = FILENAME) -> tuple[list[Problem], list[EvidenceLine]]:
    """Every problem of decoded evidence CSV text (errors, in file order) and its lines.
    Bounded before the CSV is parsed: at most `MAX_LINES` lines, `MAX_COLUMNS` columns,
    `MAX_CELL` characters a cell."""
    lines_in = text.count("\n") + (not text.endswith("\n"))
    if lines_in > MAX_LINES:
        return [Problem(name, MAX_LINES + 1, "", f"more than {MAX_LINES:,} lines, the most an "
                        "evidence file may have (five forms for each of 50,000 terms): not "
                        "read")], []
    records, problems = _records(text, name)
    if problems:
        return problems, []
    if not records:
        return [Problem(name, 1, "", f"file is empty: expected a header row "
                        f"({','.join(COLUMNS)})")], []
    header_line, header = records[0]
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(header) > MAX_COLUMNS:
        return [Problem(name, header_line, "", f"{len(header):,} columns, more than "
                        f"{MAX_COLUMNS}: not an evidence file")], []
    missing = [c for c in COLUMNS if c not in header]
    twice = [c for c in dict.fromkeys(header) if c and header.count(c) > 1]
    if missing or twice:
        return ([Problem(name, header_line, c, "required column missing") for c in missing]
                + [Problem(name, header_line, c[:40], "column appears twice") for c in twice]), []
    lines: list[EvidenceLine] = []
    first: dict[tuple[str, str], int] = {}
    for line, row in records[1:]:
        if not any(map(str.strip, row)):
            continue
        if len(row) != len(header):
            problems.append(Problem(name, line, "", f"{len(row)} cells, header has "
                                    f"{len(header)} (a cell with a comma not quoted?)"))
            continue
        cells = {c: v for c, v in zip(header, row) if c in COLUMNS}
        bad = _cell_problems(cells)
        problems.extend(Problem(name, line, col, msg) for col, msg in bad)
        key = (cells["id"], cells["form"])
        if key in first:
            problems.append(Problem(name, line, "form", f"'{cells['form'][:40]}' of "
                                    f"'{cells['id'][:40]}' already on line {first[key]}"))
        first.setdefault(key, line)
        if not bad:
            lines.append(EvidenceLine(cells["id"], cells["form"], cells["status"],  # type: ignore[arg-type]
                                      cells["url"], cells["date"], cells["excerpt"], line))
    return problems, lines


def load_evidence(path: str | os.PathLike[str], name: str | None = None) -> Evidence:
    """Read and check an evidence file; `EvidenceError` (one located line per problem) if
    it is malformed, `InputError` if it cannot be read."""
    path = Path(path)
    label = name or str(path)
    text, problems = read(path, label)
    if text is not None:
        problems, lines = parse_evidence(text, label)
    if text is None or problems:
        raise EvidenceError(problems)
    return Evidence(lines, path)


# --------------------------------------------------------------------------- the glossary


def _expected(term: Term) -> list[tuple[str, Status, str, str]]:
    """(form, status, column, URL the glossary names for it or "") for each form of a term."""
    forms: list[tuple[str, Status, str, str]] = [(term.en, "preferred", "en", term.source_url)]
    sources = term.alt_source if len(term.alt_source) == len(term.alt_en) else ()
    for i, alt in enumerate(term.alt_en):
        forms.append((alt, "admitted", "alt_en", sources[i] if sources else ""))
    if term.example_en:
        forms.append((term.example_en, "example", "example_en", ""))
    forms.extend((form, "deprecated", "deprecated_en", "") for form in term.deprecated_en)
    return forms


def check_against(terms: Sequence[Term], evidence: Evidence, glossary_name: str,
                  ) -> list[Problem]:
    """Warnings, located in the glossary, for each form the evidence does not back: no
    line, a line with another status, or a line at another page than the glossary names
    (source_url for `en`, the aligned alt_source for an alternative); and, located in the
    evidence file, each line whose term is not in the glossary."""
    name = str(evidence.path or FILENAME)
    out: list[Problem] = []
    for term in terms:
        for form, status, column, url in _expected(term):
            found = evidence.get(term.id, form)
            shown = form if len(form) <= 50 else form[:47] + "..."
            if found is None:
                out.append(Problem(glossary_name, term.line, column, f"no line in {name} for "
                                   f"'{shown}' ({status}): record the page it was seen on",
                                   "warning"))
            elif found.status != status:
                out.append(Problem(glossary_name, term.line, column, f"{name}:{found.line} "
                                   f"records '{shown}' as {found.status}, not {status}",
                                   "warning"))
            elif url and found.url != url:
                where = "source_url" if status == "preferred" else "alt_source"
                out.append(Problem(glossary_name, term.line, where, f"{name}:{found.line} "
                                   f"saw '{shown}' on {found.url}, not on the page {where} "
                                   "names", "warning"))
    known = {t.id for t in terms}
    out.extend(Problem(name, e.line, "id", f"no term '{e.term_id}' in {glossary_name}",
                       "warning") for e in evidence if e.term_id not in known)
    return out


def check_beside(glossary: str | os.PathLike[str]) -> list[Problem]:
    """What `termdrills check` adds for a glossary with an evidence.csv beside it: the
    evidence file's own errors, else `check_against`'s warnings (nothing when there is
    no evidence file, or when the glossary has errors of its own: those come first)."""
    from termdrills.glossary import load_glossary

    path = Path(glossary)
    ev_path = beside(path)
    if not ev_path.is_file():
        return []
    label = str(ev_path)
    try:
        evidence = load_evidence(ev_path, name=label)
    except EvidenceError as exc:
        return list(exc.problems)
    except TermdrillsError as exc:  # unreadable: read_bytes' message starts with the label
        message = str(exc).removeprefix(f"{label}: ")
        return [Problem(label, 0, "", message)]
    try:
        terms = load_glossary(path)
    except TermdrillsError:
        return []
    return check_against(list(terms), evidence, str(path))
