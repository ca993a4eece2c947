"""A lesson's invariant cells, collapsed in Jupyter: ``python -m termdrills.authoring.invariants``.

A lesson asserts what it relies on (its glossary rows exist, a drill has items, the
official English uses the glossary's forms) in code cells tagged ``remove-cell``: the
course site leaves them out, nbval runs them. In JupyterLab and Notebook 7 they stood in
the middle of the lesson as pages of ``assert`` lines. Their source is collapsed
(cell metadata ``jupyter.source_hidden``: Jupyter shows a one-line placeholder that a
click opens); they stay where they are, as later cells may use what they define.

Run it over the lessons after adding or merging one (``termdrills new-lesson`` writes
its notebook this way already)::

    python -m termdrills.authoring.invariants lessons/*.ipynb          # collapse them
    python -m termdrills.authoring.invariants --check lessons/*.ipynb  # exit 1 if any is not

Only the metadata changes: the notebooks are written back as nbformat writes them, all
or none (`termdrills._files.write_files`), and a notebook already collapsed is not
written at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from termdrills._files import display, read_text, write_files
from termdrills.errors import InputError, TermdrillsError

__all__ = ["hide_invariants", "is_invariant", "main", "tidy"]

TAG = "remove-cell"


def is_invariant(cell: Any) -> bool:
    """A code cell the site leaves out (tagged ``remove-cell``): the lesson's checks."""
    return cell.get("cell_type") == "code" and TAG in (cell.get("metadata", {}).get("tags") or ())


def hide_invariants(nb: Any) -> int:
    """Collapse the source of every invariant cell of `nb` (an nbformat notebook, changed
    in place); returns how many were not collapsed before."""
    changed = 0
    for cell in nb.cells:
        if not is_invariant(cell):
            continue
        jupyter = cell.metadata.setdefault("jupyter", {})
        if jupyter.get("source_hidden") is not True:
            jupyter["source_hidden"] = True
            changed += 1
    return changed


def tidy(text: str, name: str) -> tuple[str, int]:
    """The notebook text with its invariant cells collapsed, and how many changed; a file
    that is not a notebook is an InputError naming it."""
    import nbformat

    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    # nbformat raises several kinds for one cause: not a notebook (not JSON, no cells …)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as exc:
        said = str(exc).strip()
        first = said.splitlines()[0][:120] if said else type(exc).__name__
        raise InputError(f"{name}: not a Jupyter notebook ({first})") from None
    changed = hide_invariants(nb)
    return (nbformat.writes(nb) + "\n" if changed else text), changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m termdrills.authoring.invariants",
        description="Collapse the source of each lesson's invariant cells (code cells "
                    "tagged remove-cell) in Jupyter.")
    parser.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if an invariant cell is not collapsed")
    args = parser.parse_args(argv)
    outputs: dict[Path, str] = {}
    try:
        for path in args.notebooks:
            text, changed = tidy(read_text(path), display(path))
            if changed:
                outputs[path] = text
                verb = "not collapsed" if args.check else "collapsed"
                print(f"{display(path)}: {changed} invariant cell(s) {verb}")
        if outputs and not args.check:
            write_files(list(outputs.items()))
    except TermdrillsError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 1 if args.check and outputs else 0


if __name__ == "__main__":
    raise SystemExit(main())
