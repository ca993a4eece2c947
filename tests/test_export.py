"""`termdrills export anki|tbx|tsv|worksheet`: round trips from an imported article,
hostile glossary text, and the command's errors."""

from __future__ import annotations

import csv
import html
import json
import shutil
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from termdrills.cli import main
from termdrills.glossary import COLUMNS, load_glossary

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "optimize_government_services.txt"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORMULA = "=cmd|' /c calc'!A0"
LONG = "A very long note. " * 560  # over 10,000 characters
#: The cells of the rows below, in this order (written by column name).
ORDER = ("id", "zh", "en", "alt_en", "pinyin", "lesson", "example_zh", "example_en", "note",
         "source", "source_url", "date")


def write_rows(path: Path, rows: list[list[str]], mode: str = "a") -> None:
    header = list(COLUMNS)
    if mode == "a":
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
    with path.open(mode, encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        if mode == "w":
            writer.writeheader()
        for row in rows:
            cells = dict(zip(ORDER, row))
            # every alternative names a page that uses it (the checker requires one)
            cells["alt_source"] = "|".join(f"https://example.org/alt/{i}" for i, _ in
                                           enumerate(cells["alt_en"].split("|"))
                                           ) if cells["alt_en"] else ""
            writer.writerow({k: v for k, v in cells.items() if k in header})


@pytest.fixture()
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The founding article imported (import → check), plus a second lesson."""
    path = tmp_path / "glossary.csv"
    assert main(["import-article", str(ARTICLE), "--lesson", "government-services",
                 "-o", str(path)]) == 0
    write_rows(path, [
        ["state-council", "国务院", "the State Council", "State Council", "", "basics",
         "国务院日前印发指导意见。", "The State Council released a guideline.", "", "x", "",
         ""],
        ["guideline", "指导意见", "guideline", "guidelines", "", "basics",
         "国务院日前印发指导意见。", "The State Council released a guideline.", "", "x", "",
         ""],
    ])
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    """Terms whose text is quotes, markup, a formula, emoji and a 10,000-character cell."""
    path = tmp_path / "hostile.csv"
    rows = [
        ["quotes", "“引号”政策", 'the "quoted" policy', "it's quoted", "", "h",
         "这是“引号”政策。", 'This is the "quoted" policy.', 'note with "quotes"', "", "", ""],
        ["script", "脚本测试", "<script>alert('x')</script> test", "", "", "h",
         "脚本测试很重要。", "The <script>alert('x')</script> test matters.",
         "<b>bold</b> & <i>x</i>", "<src>", "", ""],
        ["formula", "公式注入", FORMULA, "+plus", "", "h", "", "", FORMULA, "", "", ""],
        ["emoji", "表情符号", "emoji 🎉 rendering", "", "", "h", "", "", "🇨🇳", "", "", ""],
        ["long", "长注释", "long note", "", "", "h", "", "", LONG.strip(), "", "", ""],
    ]
    write_rows(path, rows, "w")
    assert main(["check", "-q", str(path)]) == 0  # only warnings (the formula)
    return path


def export(capsys: pytest.CaptureFixture[str], fmt: str, glossary: Path, out: Path,
           *extra: str) -> tuple[int, str]:
    code = main(["export", fmt, "--glossary", str(glossary), "-o", str(out), *extra])
    return code, capsys.readouterr().err


# --------------------------------------------------------------------------- tsv


def test_tsv_round_trip(imported: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "glossary.txt"
    assert export(capsys, "tsv", imported, out, "--lesson", "government-services")[0] == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    cells = [line.split("\t") for line in lines]
    assert all(len(c) == 3 for c in cells)
    terms = load_glossary(imported).by_lesson("government-services")
    assert [(c[0], c[1]) for c in cells] == [(t.zh, t.en) for t in terms]
    assert "yōuhuà zhèngwù fúwù" in cells[0][2]


def test_tsv_neutralises_formulas_and_keeps_one_line_per_term(
        hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.txt"
    assert export(capsys, "tsv", hostile, out)[0] == 0
    lines = out.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(lines) == 5
    by_zh = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert by_zh["公式注入"][1] == "'" + FORMULA
    assert not any(cell.startswith(("=", "+", "-", "@")) for c in by_zh.values() for cell in c)
    assert by_zh["表情符号"][1] == "emoji 🎉 rendering"
    assert len(by_zh["长注释"][2]) > 10_000


# --------------------------------------------------------------------------- tbx


def tbx_entries(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    return root.findall("./text/body/termEntry")


def test_tbx_round_trip(imported: Path, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "glossary.tbx"
    assert export(capsys, "tbx", imported, out)[0] == 0
    g = load_glossary(imported)
    entries = tbx_entries(out)
    assert len(entries) == len(g)
    assert len({e.get("id") for e in entries}) == len(g)
    for entry, term in zip(entries, g):
        langs = {ls.get(XML_LANG): ls for ls in entry.findall("langSet")}
        assert set(langs) == {"zh", "en"}
        assert [t.text for t in langs["zh"].findall("tig/term")] == [term.zh]
        en_terms = [(t.findtext("term"), t.findtext("termNote[@type='administrativeStatus']"))
                    for t in langs["en"].findall("tig")]
        assert en_terms == [(term.en, "preferredTerm-admn-sts")] + [
            (a, "admittedTerm-admn-sts") for a in term.alt_en]
        # each alternative's tig names the page that uses it
        assert [t.find("xref[@type='externalCrossReference']").get("target")
                for t in langs["en"].findall("tig")[1:]] == list(term.alt_source)
        assert entry.findtext("descrip[@type='subjectField']") == term.lesson
        assert entry.findtext("admin[@type='source']") == (term.source or None)
        assert entry.findtext("transacGrp/date") == (term.date or None)
    related = entries[1]  # the article's quotes are no entries: its related terms follow
    assert related.findtext("langSet/tig/term") == "政务服务平台"
    head = entries[0].find("langSet/tig")
    assert head.findtext("descrip[@type='context']").endswith("作出工作部署。")


def test_tbx_keeps_hostile_text_as_text(hostile: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.tbx"
    assert export(capsys, "tbx", hostile, out)[0] == 0
    raw = out.read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    entries = {e.get("id"): e for e in tbx_entries(out)}
    script = entries["term-script"]
    assert script.findtext("langSet[@xml:lang='en']/tig/term".replace(
        "@xml:lang", "@{http://www.w3.org/XML/1998/namespace}lang")) == \
        "<script>alert('x')</script> test"
    assert script.findtext("note") == "<b>bold</b> & <i>x</i>"
    assert entries["term-long"].findtext("note") == LONG.strip()
    assert entries["term-quotes"].findtext("note") == 'note with "quotes"'
    assert entries["term-emoji"].findtext("note") == "🇨🇳"


# --------------------------------------------------------------------------- variants


COURSE = Path(__file__).resolve().parent.parent / "glossary.csv"
#: TBX's order inside a term section: the term, its termNotes, then the rest.
TIG_ORDER = ("term", "termNote", "descrip", "xref", "note")


def test_tbx_gives_each_rendering_its_status_source_and_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "course.tbx"
    assert export(capsys, "tbx", COURSE, out)[0] == 0
    g = load_glossary(COURSE)
    assert sum(len(t.deprecated_en) for t in g) >= 10  # the course has forms to avoid
    for entry, term in zip(tbx_entries(out), g, strict=True):
        tigs = entry.findall(f"langSet[@{XML_LANG}='en']/tig".replace(
            f"@{XML_LANG}", "@{http://www.w3.org/XML/1998/namespace}lang"))
        got = [(t.findtext("term"), t.findtext("termNote[@type='administrativeStatus']"),
                t.find("xref").get("target") if t.find("xref") is not None else None,
                t.findtext("note")) for t in tigs]
        assert got == [
            (term.en, "preferredTerm-admn-sts", None, None),
            *((a, "admittedTerm-admn-sts", s, None)
              for a, s in zip(term.alt_en, term.alt_source, strict=True)),
            *((d, "deprecatedTerm-admn-sts", None, why) for d, why in term.deprecated),
        ], term.id
        # the entry keeps the preferred rendering's source as a link
        assert entry.find("xref[@type='externalCrossReference']").get("target") == \
            term.source_url
        for tig in tigs:
            kinds = [TIG_ORDER.index(child.tag) for child in tig]
            assert kinds == sorted(kinds) and kinds[:2] == [0, 1], term.id


def test_tsv_comment_has_sources_and_forms_to_avoid(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "course.txt"
    assert export(capsys, "tsv", COURSE, out)[0] == 0
    comments = {line.split("\t")[0]: line.split("\t")[2]
                for line in out.read_text(encoding="utf-8").splitlines()}
    g = load_glossary(COURSE)
    plus = g.get("internet-plus-government-services")
    comment = comments[plus.zh]
    assert (f"also: Internet Plus government services ({plus.alt_source[0]}) | "
            f"Internet Plus administrative services ({plus.alt_source[1]})") in comment
    assert f"avoid: Internet+ government services ({plus.deprecated_note[0]})" in comment
    assert comment.endswith(plus.source_url)
    for term in g:
        for form, reason in term.deprecated:
            assert f"{form} ({reason})" in comments[term.zh]


def test_anki_back_has_sources_as_links_and_forms_to_avoid(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "course.apkg"
    assert export(capsys, "anki", COURSE, out)[0] == 0
    notes = read_apkg(out, tmp_path)["notes"]
    fields = {n[2].split("\x1f")[0]: n[2].split("\x1f") for n in notes}
    g = load_glossary(COURSE)
    plus = g.get("internet-plus-government-services")
    f = fields[plus.zh]
    assert f[3] == (f'Internet Plus government services (<a href="{plus.alt_source[0]}">'
                    'english.www.gov.cn</a>) | Internet Plus administrative services '
                    f'(<a href="{plus.alt_source[1]}">english.www.gov.cn</a>)')
    assert f[6].endswith("<br>Avoid: Internet+ government services (Official English spells "
                         "the sign out as &#x27;Internet Plus&#x27;; a bare &#x27;+&#x27; is "
                         "Chinese typography, not an English word.)")
    assert f[7] == (f"{html.escape(plus.source)}<br>"
                    f'<a href="{plus.source_url}">{plus.source_url}</a>')
    assert len(f) == 10  # the note type keeps its fields: updates still match the notes


# --------------------------------------------------------------------------- anki


def read_apkg(path: Path, tmp_path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        db = tmp_path / f"{path.stem}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        notes = con.execute("select guid, mid, flds, tags from notes order by id").fetchall()
        cards = con.execute("select nid, did, ord from cards").fetchall()
        models = json.loads(con.execute("select models from col").fetchone()[0])
        decks = json.loads(con.execute("select decks from col").fetchone()[0])
    finally:
        con.close()
    return {"notes": notes, "cards": cards, "models": models, "decks": decks}


def test_anki_deck_round_trip_with_stable_ids(imported: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert export(capsys, "anki", imported, first, "--lesson", "government-services")[0] == 0
    # the instructor corrects a rendering and exports again
    text = imported.read_text(encoding="utf-8").replace(",smart government services,",
                                                        ",smart government service,")
    imported.write_text(text, encoding="utf-8")
    assert export(capsys, "anki", imported, second, "--lesson", "government-services")[0] == 0
    a, b = read_apkg(first, tmp_path), read_apkg(second, tmp_path)
    terms = load_glossary(imported).by_lesson("government-services")
    assert len(a["notes"]) == len(terms)
    assert len(a["cards"]) == 2 * len(terms)  # zh→en and en→zh
    assert sorted({c[2] for c in a["cards"]}) == [0, 1]
    # same guids, note type and deck: Anki updates the notes instead of duplicating them
    assert [n[0] for n in a["notes"]] == [n[0] for n in b["notes"]]
    assert len({n[0] for n in a["notes"]}) == len(terms)
    assert set(a["models"]) == set(b["models"])
    assert {c[1] for c in a["cards"]} == {c[1] for c in b["cards"]}
    fields = [n[2].split("\x1f") for n in b["notes"]]
    assert fields[-1][:2] == ["智慧政务", "smart government service"]
    assert fields[0][2] == "yōuhuà zhèngwù fúwù"
    assert fields[0][4].startswith("国务院日前印发")  # the example
    assert all("government-services" in n[3].split() for n in a["notes"])
    model = next(iter(a["models"].values()))
    assert [t["name"] for t in model["tmpls"]] == ["zh → en", "en → zh"]
    deck_names = {d["name"] for d in a["decks"].values()}
    assert "termdrills course::Government services" in deck_names  # no _config.yml: defaults


def _course(tmp_path: Path, glossary: Path) -> Path:
    """`glossary` in a course folder whose _config.yml has a title and a course id."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "_config.yml").write_text(
        "title: Political translation 2025\nsphinx:\n  config:\n    termdrills:\n"
        "      course_id: pt-2025\n", encoding="utf-8")
    return Path(shutil.copy(glossary, course / "glossary.csv"))


def test_anki_deck_is_named_by_the_course_title_as_the_guide_says(
        imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = _course(tmp_path, imported)
    out = tmp_path / "deck.apkg"
    assert export(capsys, "anki", glossary, out, "--lesson", "government-services")[0] == 0
    names = {d["name"] for d in read_apkg(out, tmp_path)["decks"].values()} - {"Default"}
    assert names == {"Political translation 2025::Government services"}
    whole = tmp_path / "whole.apkg"
    assert export(capsys, "anki", glossary, whole)[0] == 0
    names = {d["name"] for d in read_apkg(whole, tmp_path)["decks"].values()} - {"Default"}
    assert names == {"Political translation 2025"}
    guide = (Path(__file__).resolve().parent.parent / "book" / "instructor_guide.md")
    assert "title" in guide.read_text(encoding="utf-8").split("names the exports")[0][-200:]


def test_anki_output_without_apkg_gets_apkg_so_anki_opens_it(
        imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "unit.anki"
    code = main(["export", "anki", "--glossary", str(imported), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 0
    deck = tmp_path / "unit.anki.apkg"
    assert stdout == f"{deck}: written\n"
    assert err == f"{out}: Anki opens only .apkg files: the deck is unit.anki.apkg\n"
    assert not out.exists() and deck.is_file()
    assert read_apkg(deck, tmp_path)["notes"]
    upper = tmp_path / "UNIT.APKG"  # an .apkg ending in capitals is already right
    assert main(["export", "anki", "--glossary", str(imported), "-o", str(upper)]) == 0
    assert capsys.readouterr().out == f"{upper}: written\n"


def test_anki_fields_are_escaped(hostile: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.apkg"
    assert export(capsys, "anki", hostile, out)[0] == 0
    notes = read_apkg(out, tmp_path)["notes"]
    flds = {n[2].split("\x1f")[0]: n[2].split("\x1f") for n in notes}
    assert flds["脚本测试"][1] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; test"
    assert "<script" not in "".join(n[2] for n in notes)
    assert flds["表情符号"][1] == "emoji 🎉 rendering"


# --------------------------------------------------------------------------- worksheet


def test_worksheet_is_deterministic_per_seed(imported: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    pages = {}
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        out = tmp_path / f"{name}.html"
        assert export(capsys, "worksheet", imported, out, "--seed", seed)[0] == 0
        pages[name] = (out.read_text(encoding="utf-8"),
                       (tmp_path / f"{name}-key.html").read_text(encoding="utf-8"))
    assert pages["a"] == pages["b"]
    assert pages["a"][0] != pages["c"][0]
    sheet, key = pages["a"]
    assert "<script" not in sheet and "<script" not in key
    assert "@media print" in sheet and "@page" in sheet
    assert "Variant 7" in sheet and "Answer key" in key
    for section in ("Matching", "Fill in the official rendering", "Translate into English"):
        assert section in sheet and section in key
    # the answers are in the key, not on the sheet
    g = load_glossary(imported)
    translated = [t.example_en for t in g if t.example_en and t.example_en in key]
    assert translated and not any(en in sheet for en in translated)
    assert 'class="key"' in key and 'class="key"' not in sheet


def test_worksheet_escapes_hostile_text(hostile: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.html"
    assert export(capsys, "worksheet", hostile, out, "--seed", "3")[0] == 0
    for page in (out, tmp_path / "h-key.html"):
        html_text = page.read_text(encoding="utf-8")
        assert "<script" not in html_text and "<b>" not in html_text
        assert "&lt;script&gt;" in html_text


@pytest.mark.browser
def test_worksheet_prints_to_pdf(imported: Path, tmp_path: Path, browser: object,
                                 capsys: pytest.CaptureFixture[str], artifacts: Path) -> None:
    out = tmp_path / "sheet.html"
    assert export(capsys, "worksheet", imported, out, "--seed", "2")[0] == 0
    context = browser.new_context()  # type: ignore[attr-defined]
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        for name in ("sheet.html", "sheet-key.html"):
            page.goto((tmp_path / name).as_uri())
            page.emulate_media(media="print")
            text = page.inner_text("body")
            assert "优化政务服务" in text
            pdf = page.pdf(format="A4", print_background=False)
            assert pdf.startswith(b"%PDF")
            pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
            assert 1 <= pages <= 3
            (artifacts / f"worksheet-{name}.pdf").write_bytes(pdf)
            # nothing is wider than the printed page
            overflow = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth")
            assert not overflow
    finally:
        context.close()
    assert all(u.startswith("file://") for u in requests)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("args", [
    ["export", "--help"], ["import-article", "--help"], ["new-lesson", "--help"],
    ["report", "--help"],
])
def test_every_command_has_help(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 0
    assert "usage: termdrills" in capsys.readouterr().out


def test_unknown_lesson_is_one_line_and_writes_nothing(
        imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.tbx"
    out.write_text("old")
    code, err = export(capsys, "tbx", imported, out, "--lesson", "nope")
    assert code == 1
    assert err.count("\n") == 1 and "no rows with lesson 'nope'" in err
    assert "basics" in err  # lists the lessons there are
    assert out.read_text() == "old"


@pytest.mark.parametrize("fmt", ["anki", "tbx", "tsv", "worksheet"])
def test_bad_output_folder(fmt: str, imported: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code, err = export(capsys, fmt, imported, tmp_path / "missing" / "out.x")
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_glossary_with_errors_is_refused(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "glossary.csv"
    bad.write_text("id,zh,en,lesson\nx,中国,,l\n", encoding="utf-8")
    code, err = export(capsys, "tsv", bad, tmp_path / "out.txt")
    assert code == 1 and "en: empty" in err and err.count("\n") == 1
    assert not (tmp_path / "out.txt").exists()


def test_worksheet_needs_two_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "glossary.csv"
    one.write_text("id,zh,en,lesson\nx,中国,China,l\n", encoding="utf-8")
    code, err = export(capsys, "worksheet", one, tmp_path / "w.html")
    assert code == 1 and "at least 2 terms" in err
    assert list(tmp_path.iterdir()) == [one]


def test_replacing_an_export_leaves_no_temporary_files(
        imported: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.tbx"
    out.write_text("old")
    out.chmod(0o640)
    assert export(capsys, "tbx", imported, out)[0] == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert out.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.browser
def test_worksheet_word_box_never_gives_a_lone_blank_away(
        tmp_path: Path, browser: object, capsys: pytest.CaptureFixture[str],
        artifacts: Path) -> None:
    """A lesson whose only cloze sentence makes one blank: the box offers that answer among
    others, so the student still has to know it."""
    path = tmp_path / "glossary.csv"
    write_rows(path, [
        ["government-services", "政务服务", "government services", "", "", "services",
         "持续优化政务服务。", "We will keep improving government services.", "", "x", "",
         ""],
        ["business-environment", "营商环境", "business environment", "", "", "services",
         "营商环境持续改善。", "The climate for doing business keeps improving.", "", "x", "",
         ""],
        ["state-council", "国务院", "the State Council", "", "", "services", "", "", "", "x",
         "", ""],
        ["guideline", "指导意见", "guideline", "", "", "services", "", "", "", "x", "", ""],
        ["keynote-speech", "主旨演讲", "keynote speech", "", "", "other", "", "", "", "x", "",
         ""],
    ], "w")
    out = tmp_path / "sheet.html"
    assert export(capsys, "worksheet", path, out, "--lesson", "services", "--seed", "1")[0] == 0
    context = browser.new_context(viewport={"width": 900, "height": 1000})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(out.as_uri())
        cloze = page.locator("#cloze")
        assert cloze.locator("ol.items > li").count() == 1  # one blank
        box = cloze.locator(".bank span").all_inner_texts()
        assert "government services" in box
        assert len(box) >= 4 and len(set(box)) == len(box)  # more than one way to fill it
        cloze.screenshot(path=artifacts / "worksheet-cloze-one-blank.png")
        page.goto((tmp_path / "sheet-key.html").as_uri())
        assert page.locator("#cloze .key").all_inner_texts() == ["government services"]
        assert page.locator("#cloze .bank").count() == 0
    finally:
        context.close()
