"""Exports of the glossary for the tools instructors and translators use.

`export(fmt, glossary, out, ...)` writes one format and returns the paths written:

- ``anki``: an .apkg deck, zh→en and en→zh cards with stable ids (`anki`);
- ``tbx``: TBX-Basic for memoQ, Trados and Phrase (`tbx`);
- ``tsv``: source, target, comment for OmegaT (`tsv`);
- ``worksheet``: a printable HTML worksheet and its answer key (`worksheet`).

Every file is written to a temporary file beside it and then renamed into place.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from termdrills.exports._common import ToolkitError, atomic_write, select_terms
from termdrills.glossary import Glossary

__all__ = ["FORMATS", "ToolkitError", "export", "key_path"]

FORMATS = ("anki", "tbx", "tsv", "worksheet")


def key_path(out: Path) -> Path:
    """Where the worksheet's answer key goes: ``sheet.html`` → ``sheet-key.html``."""
    return out.with_name(f"{out.stem}-key{out.suffix or '.html'}")


def _title(lessons: Sequence[str]) -> str:
    if not lessons:
        return "All lessons"
    return " + ".join(s.replace("-", " ").capitalize() for s in lessons)


def export(fmt: str, glossary: Glossary, out: str | os.PathLike[str],
           lessons: Sequence[str] = (), seed: int = 1, course: str = "termdrills",
           ) -> list[Path]:
    """Write `fmt` for the terms of `lessons` (all when empty) to `out`."""
    out = Path(out)
    terms = select_terms(glossary, lessons)
    if out.is_dir():
        raise ToolkitError(f"{out}: is a folder; give a file name (-o {out}/name)")
    if fmt == "tsv":
        from termdrills.exports import tsv

        return [atomic_write(out, tsv.render(terms))]
    if fmt == "tbx":
        from termdrills.exports import tbx

        return [atomic_write(out, tbx.render(terms, title=f"{course}: {_title(lessons)}"))]
    if fmt == "anki":
        from termdrills.exports import anki

        return [atomic_write(out, anki.render(terms, course=course, lessons=lessons))]
    if fmt == "worksheet":
        from termdrills.exports import worksheet

        sheet, key = worksheet.render(terms, seed=seed, title=_title(lessons))
        key_out = key_path(out)
        # The key first: a sheet never exists without its current key.
        return [atomic_write(key_out, key), atomic_write(out, sheet)][::-1]
    raise ToolkitError(f"unknown export format '{fmt}' (one of: {', '.join(FORMATS)})")
