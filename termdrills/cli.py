"""The `termdrills` command: one subcommand per instructor task.

Every subcommand exits 0 on success, 1 on bad input (one located line per
problem on stderr) and 2 when a file cannot be read; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from termdrills.glossary import check_file

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad input the user can fix: printed as one line, exit 1."""


def _check(args: argparse.Namespace) -> int:
    worst = 0
    for path in args.paths:
        try:
            problems = check_file(path)
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            worst = 2
            continue
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        for p in problems:
            print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
        if errors:
            print(f"{path}: {errors} error(s), {warnings} warning(s)")
            worst = max(worst, 1)
        elif not args.quiet:
            print(f"{path}: ok ({warnings} warning(s))")
    return worst


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="termdrills",
        description="Course kit for Chinese→English political translation.",
    )
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {importlib.metadata.version('termdrills')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    p = sub.add_parser(
        "check",
        help="check glossary files (one located line per problem)",
        description="Check glossary CSV files. Exit 0: valid (warnings allowed); "
        "1: errors; 2: a file cannot be read. The files are never modified.",
    )
    p.add_argument("paths", nargs="*", type=Path, default=[Path("glossary.csv")],
                   metavar="PATH", help="glossary files (default: glossary.csv)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing for a valid file")
    p.set_defaults(handler=_check)
    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


#: Functions that add further subcommands: each takes the subparsers object and
#: calls `set_defaults(handler=...)` on the parser it adds.
_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


# --------------------------------------------------------------------------- instructor toolkit
# import-article, new-lesson, export, report (issue 6). The modules are imported
# when a command runs, so `termdrills check` starts as fast as before.


def _toolkit(handler: Handler) -> Handler:
    """Run a toolkit command: its `ToolkitError`s and OS errors become one-line usage errors."""

    def run(args: argparse.Namespace) -> int:
        from termdrills.exports._common import ToolkitError

        try:
            return handler(args)
        except ToolkitError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            where = exc.filename or "file"
            raise UsageError(f"{where}: {exc.strerror or exc}") from None

    return run


def _warn(lines: Sequence[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _import_article(args: argparse.Namespace) -> int:
    from termdrills import importers

    art, rows = importers.import_article(args.file, lesson=args.lesson)
    _warn(art.warnings)
    counts = (f"{len(rows)} row(s): headline term, {len(art.quotes)} quote(s), "
              f"{len(art.related)} related term(s)")
    if args.append:
        path, n, dropped = importers.append_rows(rows, args.output,
                                                 article_name=str(args.file))
        if dropped:
            print(f"{path}: warning: no column for {', '.join(dropped)}: left out",
                  file=sys.stderr)
        print(f"{path}: appended {n} row(s) from {args.file}", file=sys.stderr)
    elif args.output:
        if args.output.exists():
            raise UsageError(f"{args.output}: already exists; use --append to add the rows "
                             "to it, or choose a new file name")
        importers.write_rows(rows, args.output)
        print(f"{args.output}: wrote {counts}", file=sys.stderr)
    else:
        sys.stdout.write(importers.rows_csv(rows))
        print(f"{args.file}: {counts}", file=sys.stderr)
    return 0


def _new_lesson(args: argparse.Namespace) -> int:
    from termdrills import scaffold

    made = scaffold.new_lesson(args.slug, title=args.title, glossary=args.glossary)
    for path in made:
        print(f"{path}: written")
    return 0


def _export(args: argparse.Namespace) -> int:
    from termdrills.exports import export
    from termdrills.exports._common import read_glossary

    glossary = read_glossary(args.glossary)
    course = "termdrills"
    if args.format == "anki":
        from termdrills.drills._config import course_settings

        course = course_settings(Path(glossary.path).parent).course_id  # type: ignore[arg-type]
    written = export(args.format, glossary, args.output, lessons=args.lesson or (),
                     seed=args.seed, course=course)
    for path in written:
        print(f"{path}: written")
    return 0


def _report(args: argparse.Namespace) -> int:
    from termdrills import report

    result = report.make_report(args.files, args.output, csv_out=args.csv,
                                glossary=args.glossary, course=args.course)
    _warn(result.skipped_lines())
    print(f"{args.output}: {result.summary()}")
    return 0


def _toolkit_commands(sub: argparse._SubParsersAction) -> None:
    glossary_help = "glossary CSV (default: $TERMDRILLS_GLOSSARY, else glossary.csv in the " \
                    "current folder or a parent)"
    p = sub.add_parser(
        "import-article",
        help="turn a saved 每日一词 article into glossary rows",
        description="Read a China Daily 每日一词 article saved as text and write glossary "
        "rows for review: the headline term (the lead as its example), each 【重要讲话】 "
        "quote, each 【相关词汇】 pair. Without -o or --append the rows go to stdout.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the article as a .txt file")
    p.add_argument("--lesson", metavar="SLUG",
                   help="lesson slug for the rows (default: from the headline's English)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="write a new CSV (refuses an existing file unless --append)")
    p.add_argument("--append", action="store_true",
                   help="append to OUT (default: the glossary) keeping every existing byte; "
                   "refuses terms already there")
    p.set_defaults(handler=_toolkit(_import_article))

    p = sub.add_parser(
        "new-lesson",
        help="create lessons/SLUG.ipynb from that lesson's glossary rows",
        description="Create lessons/<slug with - → _>.ipynb in the standard lesson outline "
        "with drills wired to the lesson's glossary rows, and add it to _toc.yml. "
        "Refuses to overwrite.",
    )
    p.add_argument("slug", metavar="SLUG", help="lesson slug, as in the glossary's lesson column")
    p.add_argument("--title", help="page title (default: from the slug)")
    p.add_argument("--glossary", type=Path, metavar="PATH", help=glossary_help +
                   "; the book is the folder it is in")
    p.set_defaults(handler=_toolkit(_new_lesson))

    from termdrills.exports import FORMATS

    p = sub.add_parser(
        "export",
        help="export the glossary: anki, tbx, tsv or a printable worksheet",
        description="anki: .apkg deck (zh→en and en→zh cards, stable ids); tbx: TBX-Basic "
        "for memoQ/Trados/Phrase; tsv: source, target, comment for OmegaT; worksheet: "
        "printable HTML (matching, cloze, translation) and PATH-key.html, its answer key.",
    )
    p.add_argument("format", choices=FORMATS, metavar="FORMAT",
                   help="one of: " + ", ".join(FORMATS))
    p.add_argument("--lesson", action="append", metavar="SLUG",
                   help="only this lesson's terms (repeatable; default: all)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PATH",
                   help="file to write (replaced atomically)")
    p.add_argument("--seed", type=int, default=1, metavar="N",
                   help="worksheet variant: the same N gives the same sheet (default 1)")
    p.add_argument("--glossary", type=Path, metavar="PATH", help=glossary_help)
    p.set_defaults(handler=_toolkit(_export))

    p = sub.add_parser(
        "report",
        help="class report from students' exported review progress",
        description="Read progress files exported by the Review drill and write an HTML "
        "report (table and chart per term and per lesson: students who met it, error "
        "rate) plus the same table as CSV. Unreadable or foreign files are listed and "
        "skipped.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="PROGRESS.json")
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"), metavar="HTML",
                   help="report to write (default: report.html)")
    p.add_argument("--csv", type=Path, metavar="CSV",
                   help="per-term table as CSV (default: the report's name with .csv)")
    p.add_argument("--glossary", type=Path, metavar="PATH",
                   help=glossary_help + "; used for the Chinese and English of each id, "
                   "optional")
    p.add_argument("--course", metavar="ID",
                   help="course id the files must be for (default: the most common one)")
    p.set_defaults(handler=_toolkit(_report))


_EXTRA_COMMANDS.append(_toolkit_commands)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"termdrills {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
