"""The `termdrills` command: one subcommand per instructor task, from one table.

Every subcommand exits 0 on success, 1 on bad input (one located line per problem
on stderr) and 2 when a glossary cannot be read at all (`check`); never a
traceback. Everything that reaches the terminal (messages, argparse's own errors,
the rows `import-article` prints, `grade`'s lines) is shown with control characters
escaped (``\\x1b``): a glossary cell, a file name or a progress file cannot drive the
terminal; bytes of a file name that are not UTF-8 are shown as ``\\xd1``. No line of a
message is longer than `LINE_MAX` characters.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from termdrills._files import command_inputs, display
from termdrills.errors import GlossaryError, TermdrillsError
from termdrills.text.safe import escape_controls

Handler = Callable[[argparse.Namespace], int]

GLOSSARY_HELP = ("glossary CSV (default: $TERMDRILLS_GLOSSARY, else the course's glossary "
                 "setting, else glossary.csv in the current folder or a parent)")


def shown(text: object) -> str:
    """Text safe for a terminal: control characters (ANSI/OSC escapes, bidi overrides)
    become visible escapes (`termdrills.text.normalize.CONTROL`); line breaks and tabs stay; text
    that is not valid Unicode (a file name in GBK) is shown with its bytes escaped."""
    return escape_controls(display(str(text)))


class _Shown:
    """A text stream that writes `shown` text to the real one (for `grade`'s lines)."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        text = "\n".join(_cut(line) for line in shown(text).split("\n"))
        return self._stream.write(text)  # type: ignore[attr-defined,no-any-return]

    def flush(self) -> None:
        self._stream.flush()  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse's own messages (usage errors echo what was typed) shown safely."""

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            super()._print_message(shown(message), file)  # type: ignore[arg-type]


def out(text: object = "") -> None:
    print(shown(text))


#: The longest message line printed: past it a line is cut, saying how much was left out
#: (a hostile file can make a message of any length: a header of 100,000 columns).
LINE_MAX = 1000


def _cut(line: str) -> str:
    if len(line) <= LINE_MAX:
        return line
    return f"{line[:LINE_MAX]}… ({len(line) - LINE_MAX:,} more characters)"


def err(text: object) -> None:
    print("\n".join(_cut(line) for line in shown(text).split("\n")), file=sys.stderr)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Handler


# --------------------------------------------------------------------------- check


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, default=[Path("glossary.csv")],
                   metavar="PATH", help="glossary files (default: glossary.csv)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing for a valid file")


def _check_settings(path: Path, done: set[Path]) -> int:
    """The course settings around a glossary (its book's _config.yml, once each): 0, or 1
    after printing the located problem."""
    from termdrills.course import find_config, find_course

    config = find_config(path.resolve().parent if path.parent.is_dir() else None)
    if config is None or config in done:
        return 0
    done.add(config)
    try:
        find_course(config.parent)
    except TermdrillsError as exc:
        err(exc)
        return 1
    return 0


def _check(args: argparse.Namespace) -> int:
    from termdrills.glossary import check_file
    from termdrills.renderings.evidence import check_beside

    worst = 0
    configs: set[Path] = set()
    for path in args.paths:
        worst = max(worst, _check_settings(path, configs))
        try:
            # the glossary, then the evidence.csv beside it (when there is one)
            problems = check_file(path) + check_beside(path)
        except TermdrillsError as exc:
            err(exc)
            worst = 2
            continue
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        for p in problems:
            (err if p.severity == "error" else out)(p)
        if errors:
            out(f"{path}: {errors} error(s), {warnings} warning(s)")
            worst = max(worst, 1)
        elif not args.quiet:
            out(f"{path}: ok ({warnings} warning(s))")
    return worst


# --------------------------------------------------------------------------- import-article


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="the article as a .txt file")
    p.add_argument("--lesson", metavar="SLUG",
                   help="lesson slug for the rows (default: from the headline's English)")
    p.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="write a new CSV (refuses an existing file unless --append)")
    p.add_argument("--append", action="store_true",
                   help="append to OUT (default: the glossary) keeping every existing byte; "
                   "refuses terms already there")


def _quiet_glossary(path: Path | None) -> object:
    """The glossary (`path`, else the one around the working folder) when it loads, for
    hints only; None when there is none or it has errors (other commands say so)."""
    from termdrills.glossary import load_glossary

    try:
        return load_glossary(path)
    except TermdrillsError:
        return None


def _import_article(args: argparse.Namespace) -> int:
    from termdrills.authoring import article as importers

    art, rows = importers.import_article(args.file, lesson=args.lesson,
                                         glossary=_quiet_glossary(args.output if args.append
                                                                  else None))
    for line in art.warnings:
        err(line)
    quotes = (f"; {len(art.placed)} of {len(art.quotes)} quote(s) as example sentences"
              if art.quotes else "")
    counts = (f"{len(rows)} row(s): headline term, {len(rows) - 1} related term(s)"
              f"{quotes}")
    if args.append:
        path, n, dropped = importers.append_rows(rows, args.output,
                                                 article_name=str(args.file))
        if dropped:
            err(f"{path}: warning: no column for {', '.join(dropped)}: left out")
        err(f"{path}: appended {n} row(s) from {args.file}")
    elif args.output:
        if args.output.exists() or args.output.is_symlink():
            raise TermdrillsError(f"{args.output}: already exists; use --append to add the "
                                  "rows to it, or choose a new file name")
        importers.write_rows(rows, args.output, article_name=str(args.file))
        err(f"{args.output}: wrote {counts}")
    else:
        sys.stdout.write(shown(importers.rows_csv(rows)))
        err(f"{args.file}: {counts}")
    return 0


# --------------------------------------------------------------------------- new-lesson


def _new_lesson_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("slug", metavar="SLUG", help="lesson slug, as in the glossary's lesson column")
    p.add_argument("--title", help="page title (default: from the slug)")
    p.add_argument("--unit", metavar="UNIT",
                   help="the unit to put the lesson in: its number (3) or caption (\"Unit 3: "
                   "Common prosperity\"); a unit _toc.yml does not have yet is added before "
                   "Reference and the instructors' parts (default: a new unit after the last)")
    p.add_argument("--glossary", type=Path, metavar="PATH",
                   help=GLOSSARY_HELP + "; the book is the folder it is in")


def _new_lesson(args: argparse.Namespace) -> int:
    from termdrills.authoring import lesson as scaffold

    for path in scaffold.new_lesson(args.slug, title=args.title, glossary=args.glossary,
                                    unit=args.unit, report=err):
        out(f"{path}: written")
    return 0


# --------------------------------------------------------------------------- export


def _export_args(p: argparse.ArgumentParser) -> None:
    from termdrills.exports import EXPORTS

    formats = p.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name in EXPORTS:
        export = EXPORTS[name]
        sub = formats.add_parser(name, help=export.help, description=export.description)
        sub.add_argument("--lesson", action="append", metavar="SLUG",
                         help="only this lesson's terms (repeatable; default: all)")
        sub.add_argument("-o", "--output", type=Path, required=True, metavar="PATH",
                         help="file to write (replaced atomically; never one of the inputs)")
        sub.add_argument("--seed", type=int, default=1, metavar="N",
                         help="variant: the same N gives the same questions (default 1)")
        sub.add_argument("--glossary", type=Path, metavar="PATH", help=GLOSSARY_HELP)
        if export.add_arguments:
            export.add_arguments(sub)


def _export(args: argparse.Namespace) -> int:
    from termdrills.course import find_course
    from termdrills.exports import run
    from termdrills.glossary import load_glossary

    glossary = load_glossary(args.glossary)
    course = find_course(Path(glossary.path).parent)  # type: ignore[arg-type]
    common = {"format", "lesson", "output", "seed", "glossary", "command", "handler"}
    options = {k: v for k, v in vars(args).items() if k not in common}
    for path in run(args.format, glossary, args.output, lessons=args.lesson or (),
                    seed=args.seed, course=course, report=err, **options):
        out(f"{path}: written")
    return 0


# --------------------------------------------------------------------------- report


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="PROGRESS.json")
    p.add_argument("-o", "--output", type=Path, default=Path("report.html"), metavar="HTML",
                   help="report to write (default: report.html)")
    p.add_argument("--csv", type=Path, metavar="CSV",
                   help="per-term table as CSV (default: the report's name with .csv)")
    p.add_argument("--glossary", type=Path, metavar="PATH",
                   help=GLOSSARY_HELP + "; used for the Chinese and English of each id, "
                   "optional")
    p.add_argument("--course", metavar="ID",
                   help="course id the files must be for (default: the most common one)")


def _report(args: argparse.Namespace) -> int:
    from termdrills.review import report

    result = report.make_report(args.files, args.output, csv_out=args.csv,
                                glossary=args.glossary, course=args.course)
    for line in result.skipped_lines():
        err(line)
    for line in result.warnings:
        err(f"termdrills report: {line}")
    if not result.students:
        err(f"termdrills report: no usable progress file among {len(args.files)}: nothing "
            "written")
        return 1
    out(f"{args.output}: {result.summary()}")
    return 1 if result.skipped else 0


# --------------------------------------------------------------------------- fit


def _fit_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="PROGRESS.json")
    p.add_argument("--course", metavar="ID", help="only progress of this course")


def _fit(args: argparse.Namespace) -> int:
    from termdrills.errors import FitError
    from termdrills.review.fit import fit

    try:
        result = fit(args.files, course=args.course)
    except FitError as exc:  # every file that could not be used is named, then why
        for name, why in exc.skipped:
            err(f"{name}: skipped: {why}")
        raise
    for name, why in result.skipped:
        err(f"{name}: skipped: {why}")
    err(f"{result.reviews} review(s) of {result.students} student(s) fitted; put this line in "
        "_config.yml under sphinx: config: termdrills: and rebuild the site:")
    out(result.config_line())
    return 1 if result.skipped else 0


# --------------------------------------------------------------------------- grade


def _grade_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("assignment", type=Path, metavar="ASSIGNMENT",
                   help="the assignment (TOML): passage, references, lessons, weights")
    p.add_argument("--answers", nargs="+", type=Path, required=True, metavar="PATH",
                   help="a folder of .txt/.docx files (one per student), files, or a CSV "
                   "(student, answer) as an LMS exports it")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="HTML",
                   help="the class report to write (every student's answers and your file "
                   "paths: for you only)")
    p.add_argument("--csv", type=Path, metavar="CSV",
                   help="the gradebook CSV (default: the report's name with .csv)")
    p.add_argument("--feedback", type=Path, metavar="DIR",
                   help="folder for one feedback page per student, to hand back (default: "
                   "the report's name with -feedback, beside it)")
    from termdrills.grading.assignment import GLOSSARY_ORDER

    p.add_argument("--glossary", type=Path, metavar="PATH",
                   help="glossary CSV. The glossary used is, in this order: "
                   + GLOSSARY_ORDER.replace("%", "%%"))


def _grade(args: argparse.Namespace) -> int:
    from termdrills.grading import grade_main

    return grade_main(args.assignment, args.answers, args.output, csv=args.csv,
                      glossary=args.glossary, feedback=args.feedback,
                      stdout=_Shown(sys.stdout),  # type: ignore[arg-type]
                      stderr=_Shown(sys.stderr))  # type: ignore[arg-type]


COMMANDS: tuple[Command, ...] = (
    Command("check", "check glossary files (one located line per problem)",
            "Check glossary CSV files and, when an evidence.csv is beside a glossary, that "
            "file too (errors) and that it has a line for every rendering, example and "
            "deprecated form, at the page the glossary names (warnings); and the course's "
            "settings in the _config.yml of the glossary's book (errors). Exit 0: valid "
            "(warnings allowed); 1: errors; 2: a file cannot be read. The files are never "
            "modified.", _check_args, _check),
    Command("import-article", "turn a saved 每日一词 article into glossary rows",
            "Read a China Daily 每日一词 article saved as text and write glossary rows for "
            "review: the headline term (the lead as its example) and each 【相关词汇】 pair. "
            "Each 【重要讲话】 quote becomes the example sentence pair of a row whose term it "
            "uses (never a term of its own); a quote that fits no row is a warning. Without "
            "-o or --append the rows go to stdout.",
            _import_args, _import_article),
    Command("new-lesson", "create lessons/SLUG.ipynb from that lesson's glossary rows",
            "Create lessons/<slug with - → _>.ipynb in the standard lesson outline with "
            "drills wired to the lesson's glossary rows, and add it to _toc.yml: in the unit "
            "--unit names (before the unit's review lesson), or a new unit after the last. "
            "Refuses to overwrite.", _new_lesson_args, _new_lesson),
    Command("export", "export the glossary (one subcommand per format)",
            "Export the glossary's terms (all, or --lesson SLUG ...) in one of the formats "
            "below; `termdrills export FORMAT --help` describes each.",
            _export_args, _export),
    Command("report", "class report from students' exported review progress",
            "Read progress files exported by the Review drill and write an HTML report "
            "(table and chart per term and per lesson) plus the same tables as CSV. "
            "Unreadable or foreign files are listed and skipped (exit 1).",
            _report_args, _report),
    Command("fit", "fit FSRS review parameters to the class's own review logs",
            "Fit the review scheduler's 21 FSRS-6 parameters to the reviews in students' "
            "progress files (at least 512 spaced reviews) with py-fsrs's optimizer, and "
            "print the _config.yml line that makes every drill use them. Needs "
            "`pip install 'fsrs[optimizer]==6.3.2' torch==2.13.0` where you run it.",
            _fit_args, _fit),
    Command("grade", "grade students' translations of one passage",
            "Grade each student's translation of the assignment's passage (chrF against the "
            "official reference, the glossary terms used, consistency) and write your class "
            "report (class summary, every student, aligned view), a gradebook CSV and one "
            "feedback page per student (that student's work only, no file paths) to hand "
            "back. A file that cannot be read is one line and exit 1; the others are still "
            "graded.",
            _grade_args, _grade),
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="termdrills", description="Course kit for Chinese→English political translation.")
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {importlib.metadata.version('termdrills')}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.description)
        command.arguments(p)
        p.set_defaults(handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with command_inputs():  # what it reads or locates: never overwritten (_files)
            return args.handler(args)
    except GlossaryError as exc:
        err(f"termdrills {args.command}: {exc.summary()}")
    except TermdrillsError as exc:
        err(f"termdrills {args.command}: {exc}")
    except OSError as exc:
        where = exc.filename or "file"
        err(f"termdrills {args.command}: {where}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return 130
    return 1


if __name__ == "__main__":
    sys.exit(main())
