"""evidence.csv: the course glossary's every rendering backed by a page and its words;
the reader's located errors; what `termdrills check` says about evidence."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from termdrills import load_glossary
from termdrills.cli import main
from termdrills.renderings.evidence import (
    EvidenceError,
    check_against,
    load_evidence,
    parse_evidence,
)

ROOT = Path(__file__).resolve().parent.parent
HEADER = "id,form,status,url,date,excerpt\n"
#: Forms whose page shows them in another shape; each row's note says so (checked below).
#: The Xinhua report writes "facilitating", the glossary teaches the verb; the 2017 report
#: has "its" for "the government's" (the government is its sentence's subject); and
#: english.www.gov.cn shares the head noun of "comprehensive and special windows".
INFLECTED = {
    ("facilitate-circulation-national-economy",
     "facilitate the circulation of the national economy"):
        ("facilitating the circulation of the national economy", "-ing form"),
    ("credibility-and-administrative-capacity",
     "the government's credibility and administrative capacity"):
        ("its credibility and administrative capacity", "'its' for 'the government's'"),
    ("comprehensive-window", "comprehensive windows"):
        ("comprehensive and special windows", "the head noun shared"),
}


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary(ROOT / "glossary.csv")


@pytest.fixture(scope="module")
def evidence():  # type: ignore[no-untyped-def]
    return load_evidence(ROOT / "evidence.csv")


def _plain(text: str) -> str:
    """Casefolded, white space collapsed, apostrophes straight, double quotes dropped (a
    page may quote part of a form: 2021 “Decentralization-Control-Service” Reform)."""
    text = re.sub("[\u2018\u2019]", "'", re.sub('["\u201c\u201d]', "", text))
    return " ".join(text.casefold().split())


def shows(excerpt: str, form: str) -> bool:
    """The excerpt has the form as whole words (a Chinese character next to it is a
    boundary), forgiving case, the amount of white space, curly vs straight apostrophes,
    double quotes and a leading article."""
    text, words = _plain(excerpt), _plain(form)
    for phrase in (words, re.sub(r"^(?:the|a|an) ", "", words)):
        if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text):
            return True
    return False


def test_shows_forgives_only_what_it_says() -> None:
    assert shows("to modernize China\u2019s governance system", "modernize China's governance")
    assert shows("每日一词∣优化政务服务optimize government services", "optimize government services")
    assert shows("according to a guideline released by the State Council.", "the State Council")
    assert shows("Premier Li explains Notification  Commitment system",
                 "notification commitment system")
    assert not shows("facilitating the circulation", "facilitate the circulation")
    assert not shows("the guidelines", "guideline")  # whole words only


# --------------------------------------------------------------------------- the course


def test_every_rendering_has_evidence_at_the_page_the_glossary_names(glossary, evidence) -> None:  # type: ignore[no-untyped-def]
    missing = []
    for t in glossary:
        assert len(t.alt_source) == len(t.alt_en), t.id
        named = [(t.en, "preferred", t.source_url), *((a, "admitted", s) for a, s in
                                                    zip(t.alt_en, t.alt_source))]
        for form, status, url in named:
            line = evidence.get(t.id, form)
            if line is None:
                missing.append(f"{t.id}: no line for {form!r}")
                continue
            assert line.status == status, (t.id, form)
            assert line.url == url, f"{t.id}: {form!r} seen on {line.url}, glossary names {url}"
            assert line.date, (t.id, form)
            if (t.id, form) in INFLECTED:
                seen, said = INFLECTED[(t.id, form)]
                assert shows(line.excerpt, seen), (t.id, form)
                assert said in t.note, f"{t.id}: the note must say the page has {seen!r}"
            else:
                assert shows(line.excerpt, form), f"{t.id}: {line.excerpt!r} lacks {form!r}"
        if t.source_url:  # the preferred rendering's date is the glossary's
            assert evidence.get(t.id, t.en).date == t.date, t.id
    assert missing == []


def test_every_example_sentence_has_evidence(glossary, evidence) -> None:  # type: ignore[no-untyped-def]
    named_pages = {u for t in glossary for u in (t.source_url, *t.alt_source) if u}
    for t in glossary:
        if not t.example_en:
            continue
        line = evidence.get(t.id, t.example_en)
        assert line is not None and line.status == "example", t.id
        # from the rendering's page, or from the page the source names for the example
        if line.url != t.source_url:
            assert "; example:" in t.source, f"{t.id}: example from {line.url} not cited"
            assert line.url in named_pages, t.id
        # the excerpt is a passage of the example as the glossary has it
        assert line.excerpt and _plain(line.excerpt) in _plain(t.example_en), t.id


def test_every_deprecated_form_has_evidence(glossary, evidence) -> None:  # type: ignore[no-untyped-def]
    forms = [(t, form, reason) for t in glossary for form, reason in t.deprecated]
    assert len(forms) >= 10
    for t, form, reason in forms:
        line = evidence.get(t.id, form)
        assert line is not None and line.status == "deprecated", (t.id, form)
        assert line.url and line.date and reason, (t.id, form)
        # a page that uses the form (a local government's, say) quotes it; a page whose
        # official wording was compared has no excerpt
        assert not line.excerpt or shows(line.excerpt, form), (t.id, form)


def test_nine_in_ten_rows_have_a_source_url(glossary) -> None:  # type: ignore[no-untyped-def]
    with_url = [t for t in glossary if t.source_url]
    https = [t for t in with_url if t.source_url.startswith("https://")]
    assert len(with_url) >= 0.9 * len(glossary), f"{len(with_url)}/{len(glossary)}"
    assert https, "no https source at all"


def test_every_evidence_line_belongs_to_a_rendering(glossary, evidence) -> None:  # type: ignore[no-untyped-def]
    assert check_against(list(glossary), evidence, "glossary.csv") == []
    forms = {(t.id, f) for t in glossary for f in (*t.accepted_en, t.example_en,
                                                   *t.deprecated_en) if f}
    assert [(e.term_id, e.form) for e in evidence if (e.term_id, e.form) not in forms] == []


# --------------------------------------------------------------------------- the reader


def test_lookup_by_id_and_exact_form(evidence) -> None:  # type: ignore[no-untyped-def]
    preferred = evidence.get("state-council", "the State Council")
    admitted = evidence.get("state-council", "State Council")
    assert preferred.status == "preferred" and admitted.status == "admitted"
    assert evidence.get("state-council", "state council") is None
    assert evidence.get("no-such-term", "the State Council") is None
    assert {e.status for e in evidence.for_term("state-council")} == {
        "preferred", "admitted", "example"}
    assert all(e.line > 1 for e in evidence)


@pytest.mark.parametrize(("body", "expected"), [
    ("a,x,preferd,https://a.org/,2020-01-01,x\n",
     "evidence.csv:2: status: 'preferd' is not one of preferred, admitted, example, deprecated"),
    ("a,x,preferred,javascript:alert(1),2020-01-01,x\n",
     "evidence.csv:2: url: 'javascript:alert(1)' is not an http(s) URL"),
    ("a,x,preferred,https://a.org/,2020-02-30,x\n",
     "evidence.csv:2: date: '2020-02-30' is not a real date in YYYY-MM-DD form"),
    ("a,x,admitted,https://a.org/,2020-01-01,\n",
     "evidence.csv:2: excerpt: empty: copy the words of the page that show the form"),
    (",x,preferred,https://a.org/,2020-01-01,x\n", "evidence.csv:2: id: empty"),
    ("a,x ,preferred,https://a.org/,2020-01-01,x\n",
     "evidence.csv:2: form: leading or trailing whitespace"),
    ("a,x,preferred,https://a.org/,2020-01-01\n",
     "evidence.csv:2: 5 cells, header has 6 (a cell with a comma not quoted?)"),
    ('a,x,preferred,https://a.org/,2020-01-01,"x\n',
     "evidence.csv:2: unbalanced quote: a quoted cell opened here is never closed"),
    ("a,x,preferred,https://a.org/,2020-01-01,x\n\na,x,admitted,https://b.org/,,y\n",
     "evidence.csv:4: form: 'x' of 'a' already on line 2"),
])
def test_malformed_lines_are_one_located_error_each(body: str, expected: str) -> None:
    problems, _ = parse_evidence(HEADER + body)
    assert [str(p) for p in problems] == [expected]
    assert all(p.severity == "error" for p in problems)


def test_missing_column_and_empty_file() -> None:
    problems, _ = parse_evidence("id,form,status,url,excerpt\n")
    assert [str(p) for p in problems] == ["evidence.csv:1: date: required column missing"]
    problems, _ = parse_evidence("")
    assert len(problems) == 1 and "file is empty" in str(problems[0])


def test_deprecated_form_needs_no_excerpt_and_date_may_be_blank() -> None:
    problems, lines = parse_evidence(HEADER + "a,x,deprecated,https://a.org/,,\n")
    assert problems == [] and lines[0].status == "deprecated" and lines[0].date == ""


def test_load_refuses_a_malformed_or_misencoded_file(tmp_path: Path) -> None:
    bad = tmp_path / "evidence.csv"
    bad.write_text(HEADER + "a,x,preferd,https://a.org/,2020-01-01,x\n"
                   "b,y,preferred,ftp://b,2020-01-01,y\n", encoding="utf-8")
    with pytest.raises(EvidenceError) as exc:
        load_evidence(bad)
    assert str(exc.value).splitlines() == [
        f"{bad}:2: status: 'preferd' is not one of preferred, admitted, example, deprecated",
        f"{bad}:3: url: 'ftp://b' is not an http(s) URL"]
    bad.write_bytes((HEADER + "a,政务服务,preferred,https://a.org/,2020-01-01,政务\n")
                    .encode("gb18030"))
    with pytest.raises(EvidenceError, match=r"evidence.csv:2: file is GBK"):
        load_evidence(bad)


# --------------------------------------------------------------------------- the checker


@pytest.fixture()
def course_copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    shutil.copy(ROOT / "evidence.csv", tmp_path / "evidence.csv")
    return tmp_path


def test_check_warns_for_a_rendering_without_evidence(
        course_copy: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    ev = course_copy / "evidence.csv"
    lines = ev.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith("guideline,guidelines,")]
    moved = [ln.replace("admitted,http://language", "admitted,https://language")
             if ln.startswith("state-council,State Council,") else ln for ln in kept]
    ev.write_text("".join(moved) + "gone-term,x,deprecated,https://a.org/,,\n",
                  encoding="utf-8")
    monkeypatch.chdir(course_copy)
    assert main(["check"]) == 0  # warnings only: evidence is the reviewer's record
    out = capsys.readouterr().out.splitlines()
    g = load_glossary(course_copy / "glossary.csv")
    guideline, council = g.get("guideline").line, g.get("state-council").line
    assert out[0].startswith(f"glossary.csv:{council}: alt_source: warning: evidence.csv:")
    assert "saw 'State Council' on https://language" in out[0]
    assert out[1] == (f"glossary.csv:{guideline}: alt_en: warning: no line in evidence.csv "
                      "for 'guidelines' (admitted): record the page it was seen on")
    assert out[2] == f"evidence.csv:{len(moved) + 1}: id: warning: no term 'gone-term' in glossary.csv"
    assert out[3] == "glossary.csv: ok (3 warning(s))"


def test_check_fails_on_a_malformed_evidence_file(
        course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ev = course_copy / "evidence.csv"
    ev.write_text(ev.read_text(encoding="utf-8") + "apec,APEC again,admitted,not a url,,x\n",
                  encoding="utf-8")
    glossary = course_copy / "glossary.csv"
    assert main(["check", str(glossary)]) == 1
    captured = capsys.readouterr()
    n = len(ev.read_text(encoding="utf-8").splitlines())
    assert captured.err.splitlines() == [f"{ev}:{n}: url: 'not a url' is not an http(s) URL"]
    assert captured.out.splitlines() == [f"{glossary}: 1 error(s), 0 warning(s)"]


def test_check_without_evidence_file_says_nothing_about_evidence(
        course_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (course_copy / "evidence.csv").unlink()
    assert main(["check", str(course_copy / "glossary.csv")]) == 0
    assert capsys.readouterr().out.strip().endswith("ok (0 warning(s))")
