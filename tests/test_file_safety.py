"""Nothing lost, nothing overwritten: every writer against every file-safety rule.

The writers: ``export`` in every format (the worksheet writes its key too),
``report`` (page, per-term CSV, per-lesson CSV), ``grade`` (page, gradebook),
``new-lesson`` (notebook, _toc.yml) and ``import-article`` (``-o`` and ``--append``).
For each output of each: an output that is one of the inputs (the same file under
another name: a hard link), a folder, a device, a FIFO is refused before anything is
written; a symlink is written through (its target replaced, the link kept); several
outputs are replaced all together or not at all. Appends and new lessons run at
once lose nothing (`termdrills._files.locked`).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from termdrills import _files
from termdrills.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
GRADING = ROOT / "tests" / "fixtures" / "grading"
ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "optimize_government_services.txt"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")


@dataclass
class Job:
    """One run of a writer: its arguments, its outputs and its inputs."""

    argv: list[str]
    outputs: list[Path]
    inputs: list[Path]


def _export(fmt: str, outputs: Callable[[Path], list[Path]]) -> Callable[[Path], Job]:
    def make(tmp: Path) -> Job:
        glossary = tmp / "glossary.csv"
        shutil.copy(ROOT / "glossary.csv", glossary)
        outs = outputs(tmp / "out")
        return Job(["export", fmt, "--glossary", str(glossary), "--lesson",
                    "government-services", "-o", str(outs[0])], outs, [glossary])
    return make


def _report(tmp: Path) -> Job:
    files = []
    for name in ("good.json", "bom.json"):
        shutil.copy(HOSTILE / "progress" / name, tmp / name)
        files.append(tmp / name)
    out = tmp / "out"
    return Job(["report", *map(str, files), "-o", str(out / "r.html")],
               [out / "r.html", out / "r.csv", out / "r-lessons.csv"], files)


def _grade(tmp: Path) -> Job:
    for name in ("knowledge.toml", "glossary.csv"):
        shutil.copy(GRADING / name, tmp / name)
    answers = []
    for name in ("alice.txt", "bo.txt"):
        shutil.copy(GRADING / "class" / name, tmp / name)
        answers.append(tmp / name)
    out = tmp / "out"
    return Job(["grade", str(tmp / "knowledge.toml"), "--answers", *map(str, answers),
                "-o", str(out / "g.html")], [out / "g.html", out / "g.csv"],
               [tmp / "knowledge.toml", *answers])


WRITERS: dict[str, Callable[[Path], Job]] = {
    "export tsv": _export("tsv", lambda out: [out / "g.tsv"]),
    "export tbx": _export("tbx", lambda out: [out / "g.tbx"]),
    "export anki": _export("anki", lambda out: [out / "g.apkg"]),
    "export worksheet": _export("worksheet", lambda out: [out / "w.html", out / "w-key.html"]),
    "export moodle": _export("moodle", lambda out: [out / "g.xml"]),
    "export qti": _export("qti", lambda out: [out / "g.zip"]),
    "report": _report,
    "grade": _grade,
}
CASES = [(name, k) for name in WRITERS for k in range(3 if name == "report" else
                                                       2 if name in ("grade", "export worksheet")
                                                       else 1)]


def _setup(tmp: Path, name: str) -> Job:
    (tmp / "out").mkdir()
    return WRITERS[name](tmp)


def _snapshot(paths: list[Path]) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def _run(job: Job, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(job.argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def _others_untouched(job: Job, k: int) -> None:
    """No output but the k-th exists (nothing was written), every input as it was."""
    for i, out in enumerate(job.outputs):
        if i != k:
            assert not out.exists() and not out.is_symlink(), out


@pytest.mark.parametrize(("name", "k"), CASES)
def test_an_output_that_is_an_input_is_refused(name: str, k: int, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The k-th output is another name (a hard link) for the first input: refused,
    no output written, the input byte for byte as it was."""
    job = _setup(tmp_path, name)
    before = _snapshot(job.inputs)
    os.link(job.inputs[0], job.outputs[k])
    code, said = _run(job, capsys)
    assert code == 1
    assert f"{job.outputs[k]}: is the input {job.inputs[0]}; choose another output name" in said
    assert _snapshot(job.inputs) == before
    _others_untouched(job, k)


@pytest.mark.parametrize(("name", "k"), CASES)
@pytest.mark.parametrize("kind", ["a folder", "a character device", "a FIFO (named pipe)"])
def test_an_output_that_is_not_a_file_is_refused(name: str, k: int, kind: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A folder, a device (a link to /dev/null) or a FIFO where an output goes: refused
    at once (no open, so a FIFO cannot block), nothing written, the device untouched."""
    job = _setup(tmp_path, name)
    target = job.outputs[k]
    if kind == "a folder":
        target.mkdir()
    elif kind == "a character device":
        target.symlink_to("/dev/null")
    else:
        os.mkfifo(target)
    code, said = _run(job, capsys)
    assert code == 1
    assert f"{target}: is {kind}; give a file name" in said
    _others_untouched(job, k)
    if kind == "a character device":
        assert target.is_symlink() and os.readlink(target) == "/dev/null"


@pytest.mark.parametrize(("name", "k"), CASES)
def test_a_symlinked_output_is_written_through(name: str, k: int, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An output that is a symlink: its target gets the new content, the link stays."""
    job = _setup(tmp_path, name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "target"
    target.write_bytes(b"old content")
    job.outputs[k].symlink_to(target)
    code, said = _run(job, capsys)
    assert code == 0, said
    assert job.outputs[k].is_symlink() and job.outputs[k].resolve() == target.resolve()
    assert target.read_bytes() not in (b"old content", b"")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["target"]  # no temporary left


@pytest.mark.parametrize(("name", "failing"), [("export worksheet", 2), ("report", 2),
                                               ("report", 3), ("grade", 2)])
def test_several_outputs_are_replaced_together_or_not_at_all(
        name: str, failing: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The worksheet and its key, the report and its CSVs, the gradebook and its page:
    when the n-th rename fails (a disk error), the ones already renamed are put back,
    so every output is as it was before the run."""
    job = _setup(tmp_path, name)
    for i, out in enumerate(job.outputs):
        out.write_text(f"old output {i}", encoding="utf-8")
    before = _snapshot(job.outputs)
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == failing:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(_files.os, "replace", replace)
    code, said = _run(job, capsys)
    assert code == 1 and "Input/output error (nothing written)" in said
    assert _snapshot(job.outputs) == before
    assert sorted(p.name for p in job.outputs[0].parent.iterdir()) == \
        sorted(p.name for p in job.outputs)  # no temporary or backup file left


# --------------------------------------------------------------------------- new-lesson


def _book(tmp: Path, lessons: int = 1) -> Path:
    book = tmp / "book"
    book.mkdir()
    with (book / "glossary.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "zh", "en", "lesson", "source_url"])
        for i in range(lessons):
            w.writerow([f"term-{i}", f"术语{i}号", f"term number {i}", f"lesson-{i}",
                        "https://english.www.gov.cn/"])
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                   "  - file: intro\n", encoding="utf-8")
    return book


def test_new_lesson_writes_through_a_symlinked_toc(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path)
    real = tmp_path / "shared_toc.yml"
    (book / "_toc.yml").rename(real)
    (book / "_toc.yml").symlink_to(real)
    assert main(["new-lesson", "lesson-0", "--glossary", str(book / "glossary.csv")]) == 0
    capsys.readouterr()
    assert (book / "_toc.yml").is_symlink()
    assert "- file: lessons/lesson_0" in real.read_text(encoding="utf-8")


def test_new_lesson_writes_both_files_or_neither(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The _toc.yml cannot be replaced: the notebook is taken back, the toc is as it was."""
    book = _book(tmp_path)
    toc = (book / "_toc.yml").read_bytes()
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith("_toc.yml"):
            raise OSError(30, "Read-only file system")
        real_replace(src, dst)

    monkeypatch.setattr(_files.os, "replace", replace)
    assert main(["new-lesson", "lesson-0", "--glossary", str(book / "glossary.csv")]) == 1
    assert "Read-only file system (nothing written)" in capsys.readouterr().err
    assert (book / "_toc.yml").read_bytes() == toc
    assert list((book / "lessons").iterdir()) == []


def test_new_lessons_made_at_once_are_all_listed(tmp_path: Path) -> None:
    """Two new-lesson runs at once: the _toc.yml lists both (it is locked while it is
    read, extended and replaced)."""
    book = _book(tmp_path, lessons=2)
    procs = [subprocess.Popen([sys.executable, "-m", "termdrills", "new-lesson", f"lesson-{i}",
                               "--glossary", str(book / "glossary.csv")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    toc = (book / "_toc.yml").read_text(encoding="utf-8")
    assert all(f"- file: lessons/lesson_{i}\n" in toc for i in range(2)), toc
    assert sorted(p.name for p in (book / "lessons").iterdir()) == \
        ["lesson_0.ipynb", "lesson_1.ipynb"]


# --------------------------------------------------------------------------- import-article


def test_import_output_never_replaces_a_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """-o onto the article itself, a symlink or a folder: refused, nothing changed."""
    article = tmp_path / "article.txt"
    shutil.copy(ARTICLE, article)
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    folder = tmp_path / "folder"
    folder.mkdir()
    for out in (article, link, folder):
        assert main(["import-article", str(article), "-o", str(out)]) == 1
        assert f"{out}: already exists" in capsys.readouterr().err
    assert article.read_bytes() == ARTICLE.read_bytes()
    assert not (tmp_path / "nowhere.csv").exists()


def test_import_appends_through_a_symlinked_glossary(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.csv"
    real.write_text("id,zh,en,lesson,source_url\nstate-council,国务院,State Council,gov,"
                    "https://english.www.gov.cn/\n", encoding="utf-8")
    before = real.read_bytes()
    link = tmp_path / "glossary.csv"
    link.symlink_to(real)
    assert main(["import-article", str(ARTICLE), "-o", str(link), "--append"]) == 0
    capsys.readouterr()
    assert link.is_symlink() and real.read_bytes().startswith(before)
    assert "优化政务服务" in real.read_text(encoding="utf-8")


def _article(k: int) -> str:
    """A small article of its own: a headline term and two related terms."""
    return (f"每日一词∣测试第{k}号test term {k}\n\n中国日报网 2022-03-03 17:24\n\n"
            f"这是第{k}号导语。\n\nThis is lead number {k}.\n\n【相关词汇】\n\n"
            f"测试词{k}号甲\nrelated term {k} a\n\n测试词{k}号乙\nrelated term {k} b\n\n"
            "中国日报网英语点津版权说明:……\n")


def test_eight_appends_at_once_lose_nothing(tmp_path: Path) -> None:
    """Eight `import-article --append` runs at once on a 20,000-row glossary: each says
    it appended its 3 rows, and all 24 are there after every original byte."""
    from benchmarks._util import generated_glossary

    glossary = generated_glossary(tmp_path / "glossary.csv", 20_000)
    before = glossary.read_bytes()
    articles = []
    for k in range(8):
        articles.append(tmp_path / f"article{k}.txt")
        articles[-1].write_text(_article(k), encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "termdrills", "import-article", str(a),
                               "-o", str(glossary), "--append"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for a in articles]
    said = []
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        said.append(err)
    assert all("appended 3 row(s)" in s for s in said), said
    after = glossary.read_bytes()
    assert after.startswith(before)
    with glossary.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 20_000 + 24
    zh = {r["zh"] for r in rows[20_000:]}
    assert zh == {f"测试第{k}号" for k in range(8)} | {f"测试词{k}号{x}" for k in range(8)
                                                    for x in "甲乙"}
    assert main(["check", str(glossary), "-q"]) == 0
