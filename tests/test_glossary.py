"""termdrills.glossary: one test per checker rule, the model's look-ups, and a
property test that no CSV makes the checker raise."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termdrills import COLUMNS, GlossaryError, check_file, load_glossary
from termdrills.glossary import check_text

ROOT = Path(__file__).resolve().parent.parent
HEADER = "id,zh,en,lesson"
GOOD = "optimize-government-services,优化政务服务,optimize government services,gov"


def write(tmp_path: Path, text: str | bytes, name: str = "g.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def messages(tmp_path: Path, text: str | bytes, severity: str | None = "error") -> list[str]:
    problems = check_file(write(tmp_path, text))
    return [str(p) for p in problems if severity is None or p.severity == severity]


# --------------------------------------------------------------------- the committed file


def test_committed_glossary_passes_with_no_problem() -> None:
    assert [str(p) for p in check_file(ROOT / "glossary.csv")] == []


def test_committed_glossary_content() -> None:
    g = load_glossary(ROOT / "glossary.csv")
    assert len(g) >= 25 and len(g.lessons()) >= 3
    head = g.find_zh("优化政务服务")
    assert head is not None and head.en == "optimize government services"
    # the article's three related-vocabulary pairs, exactly as it renders them
    assert g.find_zh("政务服务平台").en == "government service platforms"
    assert g.find_zh("互联网+政务服务").en == "the Internet Plus Government Services initiative"
    assert g.find_zh("智慧政务").en == "smart government services"
    for term in g:
        assert term.source, f"{term.id} has no source"
        assert term.pinyin, f"{term.id} has no pinyin"
        # a cloze can blank the term in its example; the headword's example is the
        # article's lead, where the rendering is split ("optimize its government services")
        if term.example_en and term.id != "optimize-government-services":
            example = term.example_en.lower().replace("\u2019", "'")
            assert any(r.lower() in example for r in term.accepted_en), term.id


# --------------------------------------------------------------------- encodings


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    data = ("\ufeff" + HEADER + "\r\n" + GOOD + "\r\n").encode("utf-8")
    path = write(tmp_path, data)
    assert check_file(path) == []
    assert load_glossary(path).terms[0].zh == "优化政务服务"


def test_gbk_is_an_error_naming_the_encoding_and_the_fix(tmp_path: Path) -> None:
    data = (HEADER + "\n" + GOOD + "\n").encode("gbk")
    [msg] = messages(tmp_path, data)
    assert msg.startswith(("g.csv:2:", f"{tmp_path}/g.csv:2:"))
    assert "GBK/GB18030" in msg and "iconv -f GB18030 -t UTF-8" in msg


def test_utf16_is_an_error_naming_the_encoding(tmp_path: Path) -> None:
    data = (HEADER + "\n" + GOOD + "\n").encode("utf-16")
    [msg] = messages(tmp_path, data)
    assert "UTF-16" in msg and "CSV UTF-8" in msg


# --------------------------------------------------------------------- structure


def test_missing_required_column(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, "id,zh,lesson\na,优化,gov\n")
    assert msg.endswith(":1: en: required column missing")


def test_unknown_column_is_a_warning_and_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ",level\n" + GOOD + ",B2\n")
    problems = check_file(path)
    assert [p.severity for p in problems] == ["warning"]
    assert "level: warning: unknown column (kept)" in str(problems[0])
    assert load_glossary(path).terms[0].extra == {"level": "B2"}
    assert load_glossary(path).frame()["level"].tolist() == ["B2"]


def test_ragged_row_names_its_line(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, HEADER + "\n" + GOOD + "\nx,政务,services,gov,extra\n")
    assert ":3:" in msg and "5 cells, header has 4" in msg


def test_unbalanced_quote_names_the_line_it_opens_on(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, HEADER + "\n" + GOOD + '\nx,"政务,services,gov\ny,服务,b,gov\n')
    assert ":3:" in msg and "unbalanced quote" in msg


def test_quoted_cells_with_commas_and_quotes_load(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ',note\n' + GOOD + ',"Say ""government services"", not ""affairs"""\n')
    assert check_file(path) == []
    assert load_glossary(path).terms[0].note == 'Say "government services", not "affairs"'


def test_empty_file_and_header_only(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, "")
    assert "file is empty" in msg
    warnings = messages(tmp_path, HEADER + "\n", severity="warning")
    assert any("no terms" in w for w in warnings)


def test_line_numbers_count_multiline_cells(tmp_path: Path) -> None:
    text = HEADER + ",note\n" + GOOD + ',"two\nlines"\nx,政务,,gov,\n'
    [msg] = messages(tmp_path, text)
    assert ":4: en: empty" in msg


# --------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("x,政务,,gov", "en: empty"),
        ("x,,services,gov", "zh: empty"),
        ("x,政务,services,", "lesson: empty"),
        ("x, 政务,services,gov", "zh: leading or trailing whitespace"),
        ("x,政务,services ,gov", "en: leading or trailing whitespace"),
        ("x,政务\u200b服务,services,gov", "zh: invisible or control character U+200B"),
        ("x,政务,serv\u202eices,gov", "en: invisible or control character U+202E"),
        ("x,政务,serv\x07ices,gov", "en: invisible or control character U+0007"),
        ("x,government,services,gov", "zh: no Chinese characters"),
        ("x,政务,政务服务,gov", "en: no Latin letters"),
        ("X_1,政务,services,gov", "id: 'X_1' is not a slug"),
        ("x,政务,services,Gov Lesson", "lesson: 'Gov Lesson' is not a lesson slug"),
        ("x,政务,services,gov,a||b", "alt_en: empty alternative"),
        ("x,政务,services,gov,,,政务服务。,", "example_en: empty, but example_zh is given"),
        ("x,政务,services,gov,,,,Services.", "example_zh: empty, but example_en is given"),
        ("x,政务,services,gov,,,,,ftp://x.org", "source_url: 'ftp://x.org' is not an http(s) URL"),
        ("x,政务,services,gov,,,,,javascript:alert(1)", "source_url: 'javascript:alert(1)'"),
        ("x,政务,services,gov,,,,,,2022-02-30", "date: '2022-02-30' is not a real date"),
        ("x,政务,services,gov,,,,,,3/3/2022", "date: '3/3/2022' is not a real date"),
    ],
)
def test_cell_rules(tmp_path: Path, row: str, expected: str) -> None:
    header = "id,zh,en,lesson,alt_en,example_zh,example_zh2,example_en,source_url,date"
    # example_zh2 is an unknown column (a warning) that lets rows shift cells freely
    text = header.replace(",example_zh2", "") + "\n"
    cells = row.split(",")
    names = ["id", "zh", "en", "lesson", "alt_en", "x1", "example_zh", "example_en",
             "source_url", "date"]
    full = dict.fromkeys(names, "")
    full.update(zip(names, cells))
    del full["x1"]
    text += ",".join(full.values()) + "\n"
    errors = messages(tmp_path, text)
    assert any(expected in m for m in errors), errors
    assert all(m.split(":")[1] == "2" for m in errors)


def test_line_break_allowed_in_note_only(tmp_path: Path) -> None:
    ok = HEADER + ',note\n' + GOOD + ',"line one\nline two"\n'
    assert messages(tmp_path, ok) == []
    bad = HEADER + '\nx,政务,"services\nmore",gov\n'
    assert any("en: line break inside the cell" in m for m in messages(tmp_path, bad))


def test_duplicate_zh_names_the_first_line(tmp_path: Path) -> None:
    [msg] = messages(tmp_path, HEADER + "\n" + GOOD + "\nother,优化政务服务,other,gov\n")
    assert ":3: zh: '优化政务服务' already on line 2" in msg


def test_duplicate_ids_explicit_and_derived(tmp_path: Path) -> None:
    explicit = messages(tmp_path, HEADER + "\n" + GOOD + "\noptimize-government-services,政务,s,gov\n")
    assert any("id: 'optimize-government-services' already used on line 2" in m for m in explicit)
    derived = messages(tmp_path, "zh,en,lesson\n政务,services,gov\n服务,Services,gov\n")
    assert any("already used on line 2 (derived from en: set an id)" in m for m in derived)


def test_same_english_for_two_chinese_terms_is_a_warning(tmp_path: Path) -> None:
    text = HEADER + "\n" + GOOD + "\nx,改善政务服务,Optimize government services,gov\n"
    assert messages(tmp_path, text) == []
    [w] = messages(tmp_path, text, severity="warning")
    assert ":3: en: warning: same rendering as '优化政务服务' on line 2" in w


@pytest.mark.parametrize("cell", ["=1+2", "+cmd", "-2", "@SUM(A1)", "=cmd|' /c calc'!A0"])
def test_formula_cells_are_warnings(tmp_path: Path, cell: str) -> None:
    text = HEADER + ",note\n" + GOOD + ',"' + cell + '"\n'
    assert messages(tmp_path, text) == []
    [w] = messages(tmp_path, text, severity="warning")
    assert "note: warning: starts with" in w and "formula" in w


def test_ascii_punctuation_in_chinese_example_is_a_warning(tmp_path: Path) -> None:
    text = HEADER + ",example_zh,example_en\n" + GOOD + ",国务院日前印发意见,对政务服务作出部署。,Text.\n"
    # the comma splits the cell: quote it
    text = HEADER + ",example_zh,example_en\n" + GOOD + ',"国务院日前印发意见,对政务服务作出部署。",Text.\n'
    [w] = messages(tmp_path, text, severity="warning")
    assert "example_zh: warning: ASCII ','" in w


def test_traditional_characters_are_a_warning_naming_them(tmp_path: Path) -> None:
    text = HEADER + ",example_zh,example_en\n" + "x,優化政務服務,optimize government services,gov,國務院印發意見。,It was issued.\n"
    assert messages(tmp_path, text) == []
    warnings = messages(tmp_path, text, severity="warning")
    assert warnings[0].endswith(":2: zh: warning: traditional characters (優→优, 務→务): "
                                "the course uses simplified Chinese")
    assert "example_zh: warning: traditional characters (國→国" in warnings[1]
    # simplified text that merely looks old-fashioned is not flagged
    assert messages(tmp_path, HEADER + "\nx,乾隆年间的干部,cadres,gov\n", severity="warning") == []


def test_markup_is_just_text(tmp_path: Path) -> None:
    text = HEADER + ",note\n" + GOOD + ',"<script>alert(1)</script> <img src=x onerror=alert(1)>"\n'
    path = write(tmp_path, text)
    assert check_file(path) == []
    assert load_glossary(path).terms[0].note.startswith("<script>")


def test_checker_never_modifies_the_file(tmp_path: Path) -> None:
    data = ("\ufeff" + HEADER + "\r\n" + GOOD + "\r\nx, bad ,,gov\r\n").encode()
    path = write(tmp_path, data)
    check_file(path)
    assert path.read_bytes() == data


# --------------------------------------------------------------------- the model


def test_load_refuses_errors_with_located_lines(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\n" + GOOD + "\nx,政务,,gov\n")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    assert str(info.value).endswith(":3: en: empty")


def test_load_keeps_every_row_unaltered(tmp_path: Path) -> None:
    rows = [
        {"zh": "政务服务", "en": "government services", "lesson": "a",
         "alt_en": "gov services | public services",
         "alt_source": "https://example.org/1|https://example.org/2",
         "deprecated_en": "government affairs services",
         "deprecated_note": "word for word: English names the services"},
        {"zh": "国务院", "en": "the State Council", "lesson": "b", "pinyin": "Guówùyuàn"},
    ]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS)
    w.writeheader()
    w.writerows(rows)
    path = write(tmp_path, buf.getvalue())
    g = load_glossary(path)
    assert [t.zh for t in g] == ["政务服务", "国务院"]
    assert g.terms[0].id == "government-services"  # derived from en
    assert g.terms[1].id == "state-council"  # leading article dropped
    assert g.terms[0].alt_en == ("gov services", "public services")
    assert g.terms[0].accepted_en == ("government services", "gov services", "public services")
    assert g.terms[0].alt_source == ("https://example.org/1", "https://example.org/2")
    assert g.terms[0].deprecated == (("government affairs services",
                                      "word for word: English names the services"),)
    assert g.terms[0].pinyin == "zhèngwù fúwù"  # filled by pypinyin when blank
    assert g.terms[1].pinyin == "Guówùyuàn"  # kept when given
    assert g.terms[1].line == 3
    frame = g.frame()
    assert list(frame.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert frame["alt_en"].tolist() == ["gov services|public services", ""]


def test_lookups() -> None:
    g = load_glossary(ROOT / "glossary.csv")
    assert {t.lesson for t in g.by_lesson("government-services")} == {"government-services"}
    assert g.by_lesson("no-such-lesson") == ()
    assert g.get("state-council").zh == "国务院"
    with pytest.raises(KeyError, match="no term with id 'nope'"):
        g.get("nope")
    assert g.find_en("The State Council").zh == "国务院"
    assert g.find_en("  optimise   government services ").zh == "优化政务服务"
    assert g.find_en("nothing like it") is None
    assert g.find_zh("不存在") is None


def test_in_sentence_prefers_longest_and_keeps_order() -> None:
    g = load_glossary(ROOT / "glossary.csv")
    found = g.in_sentence("加强全国一体化政务服务平台建设，推进国家治理体系和治理能力现代化，建设服务型政府。")
    assert [t.zh for t in found] == ["全国一体化政务服务平台", "国家治理体系和治理能力现代化", "服务型政府"]
    assert [t.zh for t in g.in_sentence("政务服务平台和政务服务")] == ["政务服务平台", "政务服务"]
    assert g.in_sentence("今天天气很好。") == []


def test_find_glossary_uses_env_then_parents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, HEADER + "\n" + GOOD + "\n", name="glossary.csv")
    sub = tmp_path / "lessons"
    sub.mkdir()
    monkeypatch.chdir(sub)
    monkeypatch.delenv("TERMDRILLS_GLOSSARY", raising=False)
    assert load_glossary().path == tmp_path / "glossary.csv"
    other = write(tmp_path, HEADER + "\nx,政务,services,gov\n", name="other.csv")
    monkeypatch.setenv("TERMDRILLS_GLOSSARY", str(other))
    assert [t.zh for t in load_glossary()] == ["政务"]


# --------------------------------------------------------------------- property

_cell = st.text(alphabet=st.sampled_from(list('ab 政务,"\n\r\t=\u200b<>|-é1')), max_size=8)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(rows=st.lists(st.lists(_cell, min_size=0, max_size=6), max_size=6),
       header=st.lists(st.sampled_from([*COLUMNS, "x", ""]), min_size=0, max_size=6))
def test_any_csv_loads_or_gives_located_errors(rows: list[list[str]], header: list[str]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    for text in (buf.getvalue(), buf.getvalue()[:-3]):  # also a cut-off file
        problems, terms = check_text(text, "g.csv")
        errors = [p for p in problems if p.severity == "error"]
        for p in problems:
            assert str(p).startswith("g.csv:") and p.message
            assert p.line >= 1
        assert not errors or terms == []


def test_a_rendering_that_starts_with_a_pronoun_is_a_warning(tmp_path: Path) -> None:
    """"its credibility and administrative capacity" was a headword once: it only works
    inside the sentence it was cut from."""
    text = (HEADER + ",alt_en,alt_source\n"
            + "x,政府公信力和执行力,its credibility and administrative capacity,gov,"
            + "the government's credibility|their credibility,https://a.example|https://b.example\n")
    assert messages(tmp_path, text) == []
    warnings = messages(tmp_path, text, severity="warning")
    assert any(":2: en: warning: 'its credibility and administrative capacity' starts with "
               "'its'" in w for w in warnings), warnings
    assert any(":2: alt_en: warning: 'their credibility' starts with 'their'" in w
               for w in warnings), warnings
    # a pronoun inside a rendering, or an article first, is not flagged
    fine = HEADER + "\nx,转变政府职能,transform its functions,gov\ny,服务,the services,gov\n"
    assert messages(tmp_path, fine, severity="warning") == []
