"""`termdrills import-article`: the founding article and the shapes saved copies take."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from termdrills.cli import main
from termdrills.glossary import check_file, load_glossary

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "optimize_government_services.txt"
TEXT = ARTICLE.read_text(encoding="utf-8")
ROOT_GLOSSARY = Path(__file__).resolve().parent.parent / "glossary.csv"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def import_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | bytes,
                *extra: str) -> tuple[int, list[dict[str, str]], str]:
    src = tmp_path / "article.txt"
    if isinstance(text, str):
        src.write_text(text, encoding="utf-8", newline="")
    else:
        src.write_bytes(text)
    code, out, err = run(["import-article", str(src), "--lesson", "gs", *extra], capsys)
    return code, rows_of(out) if code == 0 and "-o" not in extra else [], err


def test_founding_article_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rows.csv"
    code, _, err = run(["import-article", str(ARTICLE), "--lesson", "government-services",
                        "-o", str(out)], capsys)
    assert code == 0, err
    assert "warning" not in err.replace("warning: quote not imported", "")
    rows = rows_of(out.read_text(encoding="utf-8"))
    assert list(rows[0]) == ["id", "zh", "en", "alt_en", "alt_source", "deprecated_en",
                             "deprecated_note", "pinyin", "lesson", "example_zh",
                             "example_en", "note", "source", "source_url", "date"]
    head = rows[0]
    assert (head["id"], head["zh"], head["en"]) == (
        "optimize-government-services", "优化政务服务", "optimize government services")
    assert head["example_zh"].startswith("国务院日前印发《关于加快推进政务服务")
    assert head["example_zh"].endswith("对进一步优化政务服务作出工作部署。")
    assert "，" in head["example_zh"] and "," not in head["example_zh"]  # ASCII comma fixed
    assert head["example_en"].startswith("China is looking to further optimize")
    assert head["pinyin"] == "yōuhuà zhèngwù fúwù"
    assert head["date"] == "2022-03-03"
    assert "每日一词" in head["source"] and "China Daily" in head["source"]

    # the quotes are no terms; neither uses a term of the article: each is one warning
    assert not any(r["zh"].startswith(("随着中国", "转变政府职能，")) for r in rows)
    assert [line.split(": warning: ")[1][:20] for line in err.splitlines()
            if "warning: quote" in line] == ["quote not imported: "] * 2

    related = [(r["zh"], r["en"]) for r in rows[1:]]
    assert related == [("政务服务平台", "government service platforms"),
                       ("互联网+政务服务", "the Internet Plus Government Services initiative"),
                       ("智慧政务", "smart government services")]
    assert {r["lesson"] for r in rows} == {"government-services"}
    # The rows pass the project's own checker with no error and no warning.
    assert check_file(out) == []
    assert main(["check", str(out)]) == 0


def test_rows_go_to_stdout_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["import-article", str(ARTICLE)], capsys)
    assert code == 0
    rows = rows_of(out)
    assert len(rows) == 4
    # without --lesson the lesson comes from the headline's English
    assert rows[0]["lesson"] == "optimize-government-services"
    assert "4 row(s)" in err


def test_source_url_when_the_text_starts_with_one(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://language.chinadaily.com.cn/a/202203/03/WS62208b2da310cdd39bc8a7a9.html"
    code, rows, _ = import_text(tmp_path, capsys, f"{url}\n\n{TEXT}")
    assert code == 0
    assert {r["source_url"] for r in rows} == {url}


VARIANTS = {
    "ascii bar with spaces": lambda t: t.replace("每日一词∣优化政务服务optimize",
                                                 "每日一词 | 优化政务服务 optimize"),
    "full-width bar": lambda t: t.replace("∣", "｜"),
    "CRLF line ends": lambda t: t.replace("\n", "\r\n"),
    "blank lines holding spaces": lambda t: t.replace("\n\n", "\n \u3000\t\n"),
    "no blank lines at all": lambda t: t.replace("\n\n", "\n").replace("\u00a0\n", ""),
    "ASCII brackets and full-width punctuation": lambda t: t.replace("【相关词汇】", "[相关词汇]")
    .replace("——2020", "--2020").replace("2022-03-03", "２０２２-０３-０３"),
    "related pairs on one line": lambda t: t.replace("政务服务平台\n\ngovernment", "政务服务平台"
                                                     "government")
    .replace("智慧政务\n\nsmart", "智慧政务smart"),
    "BOM": lambda t: "\ufeff" + t,
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_tolerates_saved_copy_variants(name: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, rows, err = import_text(tmp_path, capsys, VARIANTS[name](TEXT))
    assert code == 0, err
    # both quotes read (each uses no term of the article: one line each), nothing else said
    assert err.count("warning: quote not imported") == 2
    assert "warning" not in err.replace("warning: quote not imported", "")
    assert [r["zh"] for r in rows] == [
        "优化政务服务", "政务服务平台", "互联网+政务服务", "智慧政务"]
    assert rows[0]["en"] == "optimize government services"
    assert rows[-1]["en"] == "smart government services"


def test_one_line_pair_from_another_article(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    text = TEXT.replace("智慧政务\n\nsmart government services",
                        "智慧政务\n\nsmart government services\n\n"
                        "世界多极化和经济全球化multipolarity and economic globalization")
    code, rows, _ = import_text(tmp_path, capsys, text)
    assert code == 0
    assert (rows[-1]["zh"], rows[-1]["en"]) == ("世界多极化和经济全球化",
                                                "multipolarity and economic globalization")


def test_gb18030_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, rows, _ = import_text(tmp_path, capsys, TEXT.encode("gb18030"))
    assert code == 0
    assert rows[0]["zh"] == "优化政务服务"


def cut_after(marker: str) -> str:
    """The article cut off right after `marker` (its first occurrence)."""
    return TEXT[: TEXT.index(marker) + len(marker)]


@pytest.mark.parametrize(("marker", "kept_quotes", "kept_related", "warned"), [
    # cut inside the second quote: its English is half there, its attribution missing
    ("The government needs to transform its functions, further", 1, 0, "quote skipped"),
    # cut after a related term's Chinese: that term is dropped, the others kept
    ("智慧政务", 2, 2, "'智慧政务' skipped"),
    # cut at the end of the last pair: everything kept, but no footer to say it is whole
    ("smart government services", 2, 3, "may be cut off"),
])
def test_truncated_article_keeps_what_is_complete(
        marker: str, kept_quotes: int, kept_related: int, warned: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rows.csv"
    code, _, err = import_text(tmp_path, capsys, cut_after(marker), "-o", str(out))
    assert code == 0, err
    assert warned in err
    assert all(line.startswith(str(tmp_path)) for line in err.splitlines()[:-1])
    rows = rows_of(out.read_text(encoding="utf-8"))
    assert err.count("warning: quote not imported") == kept_quotes  # read, and no row
    assert len(rows) == 1 + kept_related
    assert check_file(out) == []


def test_cut_before_the_leads_english(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, rows, err = import_text(tmp_path, capsys, cut_after("作出工作部署。"))
    assert code == 0
    assert len(rows) == 1 and rows[0]["example_zh"] == "" and rows[0]["example_en"] == ""
    assert "without an example" in err


@pytest.mark.parametrize(("content", "says"), [
    ("", "empty file"),
    ("  \n\u3000\n", "empty file"),
    ("id,zh,en\nx,中国,China\n", "not a 每日一词 article"),
    ("Just some English notes about translation.\n", "not a 每日一词 article"),
    ("每日一词∣没有英文\n\n中国日报网 2022-03-03\n", "headline has no Chinese term"),
])
def test_not_an_article_is_refused(content: str, says: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rows.csv"
    code, _, err = import_text(tmp_path, capsys, content, "-o", str(out))
    assert code == 1
    assert says in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert str(tmp_path / "article.txt") in err
    assert not out.exists()


def test_missing_file_and_bad_lesson(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["import-article", str(tmp_path / "nope.txt")], capsys)
    assert code == 1 and "nope.txt" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(["import-article", str(ARTICLE), "--lesson", "Bad Slug"], capsys)
    assert code == 1 and "not a lesson slug" in err


def test_output_refuses_to_replace_an_existing_file(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "glossary.csv"
    out.write_bytes(b"precious")
    code, _, err = run(["import-article", str(ARTICLE), "-o", str(out)], capsys)
    assert code == 1 and "already exists" in err
    assert out.read_bytes() == b"precious"


# --------------------------------------------------------------------------- --append


def small_glossary(tmp_path: Path, newline: str = "\n", final_newline: bool = True) -> Path:
    path = tmp_path / "glossary.csv"
    lines = ["id,zh,en,alt_en,pinyin,lesson,example_zh,example_en,note,source,source_url,date",
             'state-council,国务院,the State Council,,Guówùyuàn,basics,,,"kept, as is",,,']
    path.write_bytes((newline.join(lines) + (newline if final_newline else "")).encode())
    return path


@pytest.mark.parametrize(("newline", "final_newline"), [("\n", True), ("\r\n", True),
                                                        ("\n", False)])
def test_append_keeps_every_existing_byte(newline: str, final_newline: bool, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = small_glossary(tmp_path, newline, final_newline)
    before = path.read_bytes()
    code, _, err = run(["import-article", str(ARTICLE), "--lesson", "government-services",
                        "-o", str(path), "--append"], capsys)
    assert code == 0, err
    after = path.read_bytes()
    assert after.startswith(before)
    added = after[len(before):].decode()
    assert added.count("optimize-government-services") == 1
    if newline == "\r\n":
        assert "\n" not in added.replace("\r\n", "")
    assert main(["check", str(path)]) == 0
    g = load_glossary(path)
    assert len(g) == 5 and g.by_lesson("government-services")[0].zh == "优化政务服务"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_append_refuses_duplicates_and_writes_nothing(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = small_glossary(tmp_path)
    assert main(["import-article", str(ARTICLE), "-o", str(path), "--append"]) == 0
    before = path.read_bytes()
    capsys.readouterr()
    code, _, err = run(["import-article", str(ARTICLE), "-o", str(path), "--append"], capsys)
    assert code == 1
    assert "'优化政务服务' is already in glossary.csv:3" in err
    errors = [line for line in err.splitlines() if ": warning: " not in line]
    assert "(and 3 more)" in err and len(errors) == 1
    assert path.read_bytes() == before


def test_append_to_the_glossary_found_from_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = small_glossary(tmp_path)
    sub = tmp_path / "lessons"
    sub.mkdir()
    monkeypatch.chdir(sub)
    monkeypatch.delenv("TERMDRILLS_GLOSSARY", raising=False)
    code, _, err = run(["import-article", str(ARTICLE), "--append"], capsys)
    assert code == 0, err
    assert len(load_glossary(path)) == 5


def test_append_renames_an_id_taken_by_another_term(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = small_glossary(tmp_path)
    text = path.read_text().replace("state-council,国务院", "smart-government-services,国务院")
    path.write_text(text)
    assert main(["import-article", str(ARTICLE), "-o", str(path), "--append"]) == 0
    assert load_glossary(path).find_zh("智慧政务").id == "smart-government-services-2"


def test_append_to_a_glossary_with_fewer_columns(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("zh,en,lesson\n国务院,the State Council,basics\n", encoding="utf-8")
    code, _, err = run(["import-article", str(ARTICLE), "-o", str(path), "--append"], capsys)
    assert code == 0
    assert "no column for id, pinyin, example_zh, example_en, source, date" in err
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2] == "优化政务服务,optimize government services,optimize-government-services"
    assert main(["check", str(path)]) == 0


def test_append_refuses_a_glossary_with_errors(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("id,zh,en,lesson\nx,,China,basics\n")
    before = path.read_bytes()
    code, _, err = run(["import-article", str(ARTICLE), "-o", str(path), "--append"], capsys)
    assert code == 1 and "zh: empty" in err
    assert path.read_bytes() == before


def test_the_projects_glossary_already_has_the_founding_terms(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not ROOT_GLOSSARY.exists():
        pytest.skip("no glossary.csv at the repository root")
    copy = tmp_path / "glossary.csv"
    copy.write_bytes(ROOT_GLOSSARY.read_bytes())
    code, _, err = run(["import-article", str(ARTICLE), "-o", str(copy), "--append"], capsys)
    assert code == 1 and "already in glossary.csv" in err
    assert copy.read_bytes() == ROOT_GLOSSARY.read_bytes()


# --------------------------------------------------------------------------- hostile text

HOSTILE_RELATED = (
    "【相关词汇】\n\n"
    "“引号”政策\n\n"
    'the "quoted" policy, with \'single\' quotes\n\n'
    "脚本测试\n\n"
    "<script>alert('x')</script> test\n\n"
    "公式注入\n\n"
    "=cmd|' /c calc'!A0\n\n"
    "表情符号\n\n"
    "emoji 🎉 rendering 🇨🇳\n\n"
    "中国日报网英语点津版权说明:略\n"
)


def hostile_article(long_en: str = "Long " + "x" * 9_995) -> str:
    head = TEXT[: TEXT.index("【相关词汇】")]
    head = head.replace("China is looking to further optimize", long_en + " optimize")
    return head + HOSTILE_RELATED


def test_hostile_text_is_imported_as_data(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rows.csv"
    code, _, err = import_text(tmp_path, capsys, hostile_article(), "-o", str(out))
    assert code == 0, err
    rows = {r["zh"]: r for r in rows_of(out.read_text(encoding="utf-8"))}
    assert rows["“引号”政策"]["en"] == 'the "quoted" policy, with \'single\' quotes'
    assert rows["脚本测试"]["en"] == "<script>alert('x')</script> test"
    assert rows["公式注入"]["en"] == "=cmd|' /c calc'!A0"
    assert rows["表情符号"]["en"] == "emoji 🎉 rendering 🇨🇳"
    assert len(rows["优化政务服务"]["example_en"]) > 10_000
    problems = check_file(out)
    assert [p.severity for p in problems] == ["warning"]  # the formula, flagged not fatal
    assert "formula" in problems[0].message


# --------------------------------------------------------------------------- quotes


#: The founding article with one more related pair: a term its first quote uses.
WITH_QUOTED_TERM = TEXT.replace(
    "智慧政务\n\nsmart government services\n",
    "智慧政务\n\nsmart government services\n\n国家治理体系和治理能力现代化\n"
    "modernization of China's system and capacity for governance\n")


def test_a_quote_is_the_example_of_a_term_it_uses_never_a_term(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A leader's 20-word sentence is never a "term" that flashcards, matching and typed
    recall ask students to type from memory: it is the example pair of a term it uses,
    which sentence and paragraph drills translate."""
    from termdrills.drills import Flashcards, Matching, SentenceTranslation, TypedRecall

    assert WITH_QUOTED_TERM != TEXT
    out = tmp_path / "glossary.csv"
    code, _, err = import_text(tmp_path, capsys, WITH_QUOTED_TERM, "-o", str(out))
    assert code == 0, err
    g = load_glossary(out)
    assert all(len(t.zh) <= 20 for t in g), [t.zh for t in g]
    assert f"{out}: wrote 5 row(s): headline term, 4 related term(s); 1 of 2 quote(s) as " \
        "example sentences" in err
    [warning] = [line for line in err.splitlines() if "warning: quote" in line]
    assert warning.startswith(f"{tmp_path / 'article.txt'}:35: warning: quote not imported: ")
    governance = g.find_zh("国家治理体系和治理能力现代化")
    assert governance.example_zh.startswith("随着中国进入新发展阶段，改革也面临新任务")
    assert governance.example_en.startswith("China has entered a new stage of development")
    assert governance.source.endswith("; example: China Daily 英语点津 每日一词, 2022-03-03 "
                                      "(重要讲话), 2020年11月19日，习近平在亚太经合组织工商领导人"
                                      "对话会上的主旨演讲")
    quote = governance.example_zh
    for drill in (Flashcards(g.terms, seed=1), Matching(g.terms, seed=1),
                  TypedRecall(g.terms, direction="en-zh", seed=1)):
        asked = repr(drill.payload)  # every prompt and answer the drill holds
        assert quote not in asked and governance.example_en not in asked
    sentences = SentenceTranslation([t for t in g if t.has_example], glossary=g, seed=1)
    assert quote in repr(sentences.payload)
