"""`termdrills export qti|moodle`: the LMS question files, parsed with lxml and every
question's right answers checked against the glossary itself (not against the module
that drew them); the Canvas package's multiple choice and short answer items compared
with what text2qti (the Canvas QTI writer on PyPI) makes of the same questions; hostile
glossary text, skipped items, deprecated renderings, determinism and refusals."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT
from lxml import etree

from termdrills.cli import main
from termdrills.course import lesson_title
from termdrills.glossary import COLUMNS, Term, load_glossary
from termdrills.text.normalize import en_key

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
SCRIPT = "<script>alert('x')</script>"
GAP = "{1:SA:=x} ~ # *"
HOSTILE = [  # lesson "hostile": markup, cloze syntax, a wildcard, quotes, Chinese
    ["script-test", "脚本测试", f"{SCRIPT} test", "", "", "hostile", "脚本测试很重要。",
     f"The {SCRIPT} test matters.", "", "", "", ""],
    ["gap-syntax", "语法测试", f"syntax {GAP} test", "syntax test", "", "hostile",
     "这是语法测试。", f"This is the syntax {GAP} test here.", "", "", "", ""],
    ["ampersand", "研发投入", "R&D <b>input</b>", "", "", "hostile", "", "", "", "", "", ""],
    ["quoted", "“引号”政策", 'the "quoted" policy', "it's quoted", "", "hostile",
     "这是“引号”政策。", 'This is the "quoted" policy.', "", "", "", ""],
]


OLD_COLUMNS = ("id", "zh", "en", "alt_en", "pinyin", "lesson", "example_zh", "example_en",
               "note", "source", "source_url", "date")  # the order of the rows above


def write_glossary(path: Path, rows: list[list[str]], *, course: bool = True,
                   deprecated: dict[str, str] | None = None) -> Path:
    """The course glossary (optionally) plus `rows`; `deprecated` sets deprecated_en (with
    a note) by term id."""
    with (ROOT / "glossary.csv").open(encoding="utf-8", newline="") as fh:
        base = list(csv.DictReader(fh)) if course else []
    added = [dict(zip(OLD_COLUMNS, row)) for row in rows]
    for row in added:  # one source per alternative rendering, as the checker asks
        row["alt_source"] = "|".join("https://example.com/source" for _ in row["alt_en"].split("|")) \
            if row["alt_en"] else ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n", restval="")
        writer.writeheader()
        for row in [*base, *added]:
            if deprecated and row["id"] in deprecated:
                row = {**row, "deprecated_en": deprecated[row["id"]],
                       "deprecated_note": "superseded"}
            writer.writerow({k: v for k, v in row.items() if k in COLUMNS})
    return path


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_glossary(tmp_path_factory.mktemp("lms") / "glossary.csv", HOSTILE)


def export(capsys: pytest.CaptureFixture[str], fmt: str, glossary: Path, out: Path,
           *extra: str) -> tuple[int, str]:
    code = main(["export", fmt, "--glossary", str(glossary), "-o", str(out), *extra])
    return code, capsys.readouterr().err


def shown(fragment: str) -> str:
    """An HTML field as a browser shows it; fails if the field holds a script element."""
    root = lxml.html.fragment_fromstring(fragment or "<span></span>", create_parent="div")
    assert root.findall(".//script") == [] and root.findall(".//b") == [], fragment
    return root.text_content()


def terms_by(glossary: Path) -> tuple[dict[str, Term], dict[str, Term]]:
    g = load_glossary(glossary)
    return {t.zh: t for t in g}, {t.en: t for t in g}


def typed_ok(term: Term, answers: list[str]) -> None:
    """A typed answer's accepted list: every rendering of the term, and nothing that is
    not a rendering of it (a leading article aside)."""
    assert set(term.accepted_en) <= set(answers), (term.id, answers)
    keys = {en_key(a) for a in term.accepted_en}
    assert all(en_key(a) in keys for a in answers), (term.id, answers)


# --------------------------------------------------------------------------- Moodle XML


def moodle_questions(path: Path) -> list[tuple[str, etree._Element]]:
    """(category, question) for every question of the file."""
    out, category = [], ""
    for q in etree.parse(str(path)).getroot().iter("question"):
        if q.get("type") == "category":
            category = q.findtext("category/text")
        else:
            out.append((category, q))
    return out


def cloze_gap(text: str) -> tuple[str, str, list[str]]:
    """(before, after, answers) of a Moodle cloze sentence with one SHORTANSWER gap."""
    gap = re.search(r"\{1:SHORTANSWER:(.*?)\}", text)
    assert gap is not None, text
    answers = [html.unescape(a.removeprefix("=")).replace("\\*", "*")
               for a in gap.group(1).split("~")]
    return text[:gap.start()], text[gap.end():], answers


def test_moodle_every_question_has_its_right_answers(
        glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "questions.xml"
    code, err = export(capsys, "moodle", glossary, out)
    assert code == 0, err
    raw = out.read_bytes()
    assert "优化政务服务".encode() in raw and b"&#20248;" not in raw  # Chinese as UTF-8
    by_zh, by_en = terms_by(glossary)
    kinds: Counter[str] = Counter()
    for category, q in moodle_questions(out):
        assert category.startswith("$course$/top/termdrills course/")
        kind = q.get("type")
        kinds[kind] += 1
        text = shown(q.findtext("questiontext/text"))
        answers = [(a.get("fraction"), a.findtext("text")) for a in q.findall("answer")]
        if kind == "multichoice":
            assert len(answers) == 4 and [f for f, _ in answers].count("100") == 1
            right = next(shown(t) for f, t in answers if f == "100")
            options = [shown(t) for _, t in answers]
            zh = q.find("questiontext/text").text
            if "Choose the Chinese term" in text:
                term = by_en[text.removesuffix("Choose the Chinese term.")]
                assert right == term.zh
            else:
                term = next(t for z, t in by_zh.items() if f">{html.escape(z)}<" in zh)
                assert right == term.en
                assert len({en_key(o) for o in options}) == 4
            assert category.endswith(f"/{term.lesson.replace('-', ' ').capitalize()}")
        elif kind == "shortanswer":
            term = by_zh[text.split(" ")[0].removesuffix("Type the official English rendering.")]
            assert {f for f, _ in answers} == {"100"}
            typed_ok(term, [t.replace("\\*", "*") for _, t in answers])
        elif kind == "matching":
            pairs = [(shown(s.findtext("text")), s.findtext("answer/text"))
                     for s in q.findall("subquestion")]
            assert 3 <= len(pairs) <= 6
            assert all(by_zh[zh].en == en for zh, en in pairs), pairs
        elif kind == "cloze":
            html_text = q.findtext("questiontext/text")
            context, sentence = re.findall(r"<p[^>]*>(.*?)</p>", html_text)
            before, after, accepted = cloze_gap(sentence)
            term = next(t for t in by_zh.values() if t.example_zh == html.unescape(context)
                        and en_key(accepted[0]) == en_key(t.en)
                        # Moodle's SHORTANSWER gap ignores case (SHORTANSWER_C would not)
                        and any(html.unescape(before + a + after).casefold()
                                == t.example_en.casefold() for a in accepted))
            typed_ok(term, accepted)
    assert kinds["multichoice"] == 2 * kinds["shortanswer"] == 2 * len(load_glossary(glossary))
    assert kinds["matching"] >= 4 and kinds["cloze"] >= 15 + 3
    assert SCRIPT in out.read_text(encoding="utf-8").replace("&lt;", "<").replace("&gt;", ">")


def test_moodle_hostile_text_is_escaped_where_html_and_kept_where_plain(
        glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "questions.xml"
    assert export(capsys, "moodle", glossary, out, "--lesson", "hostile")[0] == 0
    questions = [q for _, q in moodle_questions(out)]
    short = {q.findtext("questiontext/text"): [a.findtext("text") for a in q.findall("answer")]
             for q in questions if q.get("type") == "shortanswer"}
    script = next(v for k, v in short.items() if "脚本测试" in k)
    assert script == [f"{SCRIPT} test"]  # plain text: compared with what the student types
    gap = next(v for k, v in short.items() if "语法测试" in k)
    assert gap[0] == "syntax {1:SA:=x} ~ # \\* test"  # the wildcard escaped
    cloze = next(q.findtext("questiontext/text") for q in questions
                 if q.get("type") == "cloze" and "语法测试" in q.findtext("questiontext/text"))
    assert cloze.count("{1:") == 1  # the gap's own "{1:SA:…}" is not syntax
    assert cloze_gap(re.findall(r"<p>(.*?)</p>", cloze)[0])[2][0] == f"syntax {GAP} test"
    for q in questions:  # every HTML field shows the text and runs nothing
        for field in q.iterfind(".//*[@format='html']/text"):
            shown(field.text or "")


# --------------------------------------------------------------------------- QTI


def qti_items(path: Path) -> dict[str, list[etree._Element]]:
    """Assessment title → its items, checking the manifest names every assessment."""
    with zipfile.ZipFile(path) as zf:
        manifest = etree.fromstring(zf.read("imsmanifest.xml"))
        ns = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
        out = {}
        for res in manifest.iter(f"{ns}resource"):
            if res.get("type") != "imsqti_xmlv1p2":
                continue
            doc = etree.fromstring(zf.read(res.find(f"{ns}file").get("href")))
            test = doc.find(f"{QTI}assessment")
            out[test.get("title")] = list(test.iter(f"{QTI}item"))
            meta = etree.fromstring(zf.read(f"{res.get('identifier')}/assessment_meta.xml"))
            assert meta.findtext("{*}title") == test.get("title")
    return out


def qti_type(item: etree._Element) -> str:
    for field in item.iter(f"{QTI}qtimetadatafield"):
        if field.findtext(f"{QTI}fieldlabel") == "question_type":
            return field.findtext(f"{QTI}fieldentry")
    raise AssertionError("no question_type")


def qti_right(item: etree._Element) -> dict[str, list[str]]:
    """Response ident → the texts that score (labels resolved to their texts)."""
    labels = {lab.get("ident"): lab.findtext(f".//{QTI}mattext")
              for lab in item.iter(f"{QTI}response_label")}
    right: dict[str, list[str]] = {}
    for cond in item.iter(f"{QTI}respcondition"):
        if float(cond.findtext(f"{QTI}setvar") or 0) > 0:
            for var in cond.iter(f"{QTI}varequal"):
                right.setdefault(var.get("respident"), []).append(labels.get(var.text, var.text))
    return right


def test_qti_every_question_has_its_right_answers(
        glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "canvas.zip"
    code, err = export(capsys, "qti", glossary, out)
    assert code == 0, err
    by_zh, by_en = terms_by(glossary)
    banks = qti_items(out)
    assert list(banks) == [lesson_title(s) for s in load_glossary(glossary).lessons()]
    assert list(banks)[-1] == "Hostile"
    kinds: Counter[str] = Counter()
    for items in banks.values():
        for item in items:
            kind = qti_type(item)
            kinds[kind] += 1
            text = shown(item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text)
            right = qti_right(item)
            if kind == "multiple_choice_question":
                [answer] = right["response1"]
                if "Choose the Chinese term" in text:
                    assert shown(answer) == by_en[text.removesuffix("Choose the Chinese term.")].zh
                else:
                    assert shown(answer) == by_zh[text.split(" ")[0]].en
            elif kind == "short_answer_question":
                typed_ok(by_zh[text.split(" ")[0]], right["response1"])
            elif kind == "matching_question":
                for lid in item.iter(f"{QTI}response_lid"):
                    zh = lid.findtext(f"{QTI}material/{QTI}mattext")
                    assert right[lid.get("ident")] == [by_zh[zh].en]
            elif kind == "fill_in_multiple_blanks_question":
                [(response, accepted)] = right.items()
                html_text = item.find(f".//{QTI}mattext").text
                context, sentence = re.findall(r"<p[^>]*>(.*?)</p>", html_text)
                before, after = html.unescape(sentence).split(f"[{response[9:]}]")
                term = next(t for t in by_zh.values() if t.example_zh == html.unescape(context)
                            and en_key(accepted[0]) == en_key(t.en)
                            # Canvas's blanks ignore case
                            and any((before + a + after).casefold() == t.example_en.casefold()
                                    for a in accepted))
                typed_ok(term, accepted)
    assert kinds["multiple_choice_question"] == 2 * kinds["short_answer_question"] \
        == 2 * len(load_glossary(glossary))
    assert kinds["fill_in_multiple_blanks_question"] >= 18


def test_qti_and_moodle_carry_the_same_questions(
        glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert export(capsys, "qti", glossary, tmp_path / "c.zip", "--seed", "3")[0] == 0
    assert export(capsys, "moodle", glossary, tmp_path / "m.xml", "--seed", "3")[0] == 0
    qti = [sorted(shown(t) for t in (lab.findtext(f".//{QTI}mattext") for lab in
                                     item.iter(f"{QTI}response_label")) if t)
           for items in qti_items(tmp_path / "c.zip").values() for item in items
           if qti_type(item) == "multiple_choice_question"]
    moodle = [sorted(shown(a.findtext("text")) for a in q.findall("answer"))
              for _, q in moodle_questions(tmp_path / "m.xml") if q.get("type") == "multichoice"]
    assert qti == moodle and len(qti) == 2 * len(load_glossary(glossary))


def test_qti_matches_what_text2qti_writes_for_the_same_questions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """text2qti's own plain-text format, made from our items, round-trips through text2qti
    to the same question types, choices, right choice and accepted answers."""
    pytest.importorskip("text2qti")
    from text2qti.config import Config
    from text2qti.qti import QTI as Text2QTI
    from text2qti.quiz import Quiz

    out = tmp_path / "canvas.zip"
    assert export(capsys, "qti", ROOT / "glossary.csv", out, "--lesson",
                  "government-services")[0] == 0
    [items] = qti_items(out).values()
    ours, lines = [], ["Quiz title: Government services", ""]
    for n, item in enumerate(items, start=1):
        kind = qti_type(item)
        if kind not in ("multiple_choice_question", "short_answer_question"):
            continue
        prompt = shown(item.find(f".//{QTI}mattext").text)
        lines.append(f"{n}.  {prompt}")
        if kind == "multiple_choice_question":
            [right] = qti_right(item)["response1"]
            choices = [shown(lab.findtext(f".//{QTI}mattext"))
                       for lab in item.iter(f"{QTI}response_label")]
            for k, choice in enumerate(choices):
                lines.append(f"{'*' if choice == shown(right) else ''}{'abcd'[k]}) {choice}")
            ours.append((kind, prompt, choices, shown(right)))
        else:
            accepted = qti_right(item)["response1"]
            lines += [f"*   {a}" for a in accepted]
            ours.append((kind, prompt, accepted, None))
        lines.append("")
    theirs_zip = Text2QTI(Quiz("\n".join(lines), config=Config(), source_name="x")).zip_bytes()
    with zipfile.ZipFile(io.BytesIO(theirs_zip)) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".xml") and "/" in n
                    and not n.endswith("assessment_meta.xml"))
        theirs_items = list(etree.fromstring(zf.read(name)).iter(f"{QTI}item"))
    theirs = []
    for item in theirs_items:
        kind = qti_type(item)
        prompt = shown(item.find(f".//{QTI}mattext").text)
        if kind == "multiple_choice_question":
            choices = [shown(lab.findtext(f".//{QTI}mattext"))
                       for lab in item.iter(f"{QTI}response_label")]
            theirs.append((kind, prompt, choices, shown(qti_right(item)["response1"][0])))
        else:
            theirs.append((kind, prompt, qti_right(item)["response1"], None))
    assert len(ours) == 24 and theirs == ours


# --------------------------------------------------------------------------- bad input


def test_terms_that_cannot_make_a_question_are_skipped_with_located_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small = write_glossary(tmp_path / "glossary.csv", [
        ["a", "甲方", "party A", "", "", "tiny", "", "", "", "", "", ""],
        ["b", "乙方", "party B", "", "", "tiny", "甲方和乙方。", "Party A and party B.", "", "",
         "", ""],
        ["c", "丙方", "party a", "", "", "tiny", "", "", "", "", "", ""],
    ], course=False)
    for fmt, out in (("moodle", tmp_path / "q.xml"), ("qti", tmp_path / "q.zip")):
        code, err = export(capsys, fmt, small, out)
        assert code == 0 and "Traceback" not in err
        lines = err.splitlines()
        assert f"{small}:2: 'a': no multiple choice zh-en question: only 1 distinct " \
               "distractors (needs 3)" in lines
        assert f"{small}:4: 'c': left out of matching: shares 'party a' with 'a' (a pair " \
               "would be ambiguous)" in lines
        assert f"{small}:2: lesson 'tiny': no matching question (needs 3 terms whose " \
               "Chinese and English differ, has 2)" in lines
        assert f"{small}:2: 'a': no cloze question: no example_zh/example_en" in lines
        assert all(re.match(rf"{re.escape(str(small))}:\d+: ", line) for line in lines[:-1])
    questions = [q.get("type") for _, q in moodle_questions(tmp_path / "q.xml")]
    assert questions == ["shortanswer"] * 3 + ["cloze"]
    assert [qti_type(i) for i in qti_items(tmp_path / "q.zip")["Tiny"]] == [
        "short_answer_question"] * 3 + ["fill_in_multiple_blanks_question"]


def test_deprecated_renderings_are_never_accepted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_glossary(tmp_path / "glossary.csv", [], deprecated={
        "government-services": "government affairs services"})
    assert export(capsys, "moodle", path, tmp_path / "q.xml", "--lesson",
                  "government-services")[0] == 0
    answers = [a.findtext("text") for _, q in moodle_questions(tmp_path / "q.xml")
               for a in q.findall("answer") if a.get("fraction") == "100"]
    assert "government services" in answers
    assert "government affairs services" not in answers
    # The checker refuses a rendering both accepted and deprecated; terms built in Python
    # skip the checker, so the question set filters again.
    from termdrills.exports._questions import accepted, typed_forms

    term = Term(id="t", zh="政务", en="the services", lesson="l",
                alt_en=("government affairs", "services"), deprecated_en=("Government  Affairs",))
    assert accepted(term) == ("the services", "services")
    assert typed_forms(accepted(term)) == ("the services", "services")


@pytest.mark.parametrize("fmt", ["qti", "moodle"])
def test_same_seed_same_bytes(fmt: str, glossary: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, "5"), (b, "5"), (c, "6")):
        assert export(capsys, fmt, glossary, out, "--seed", seed)[0] == 0
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("fmt", ["qti", "moodle", "scorm"])
def test_refusals_write_nothing(fmt: str, glossary: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    before = glossary.read_bytes()
    code, err = export(capsys, fmt, glossary, glossary)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert glossary.read_bytes() == before
    code, err = export(capsys, fmt, glossary, tmp_path / "missing" / "out.x")
    assert code == 1 and err.count("\n") == 1
    assert not (tmp_path / "missing").exists()


# --------------------------------------------------------------------------- in a browser

PREVIEW = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,"><style>
body {{ font: 15px/1.45 "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 16px; width: 760px; }}
section {{ border: 1px solid #bbb; border-radius: 6px; padding: 0 14px; margin: 0 0 8px; }}
p {{ margin: 6px 0; }} ol, ul {{ margin: 6px 0; }}
h3 {{ font-size: 13px; color: #555; margin: 8px 0 0; }}
.right {{ font-weight: bold; }} .right::after {{ content: "  ✓"; color: #070; }}
input {{ width: 16em; }}
</style></head><body><h1 style="font-size:18px">{title}</h1>{body}</body></html>"""


def _moodle_preview(path: Path) -> str:
    """Each question as an LMS shows it: its HTML fields inserted as HTML, plain-text
    fields as text; the right answers marked (the harness, not Moodle itself)."""
    parts = []
    for _, q in moodle_questions(path):
        kind = q.get("type")
        text = q.findtext("questiontext/text") or ""
        if kind == "cloze":
            text = re.sub(r"\{1:SHORTANSWER:[^}]*\}", '<input aria-label="gap">', text)
        body = [f"<h3>{html.escape(q.findtext('name/text'))} ({kind})</h3>{text}"]
        if kind == "multichoice":
            body.append("<ol type='a'>" + "".join(
                f"<li{' class=right' if a.get('fraction') == '100' else ''}>"
                f"{a.findtext('text')}</li>" for a in q.findall("answer")) + "</ol>")
        elif kind == "shortanswer":
            body.append("<p>Accepted: " + html.escape(" · ".join(
                a.findtext("text") for a in q.findall("answer"))) + "</p>")
        elif kind == "matching":
            body.append("<ul>" + "".join(
                f"<li>{s.findtext('text')} → {html.escape(s.findtext('answer/text'))}</li>"
                for s in q.findall("subquestion")) + "</ul>")
        parts.append((kind, f"<section>{''.join(body)}</section>"))
    return _first_of_each_kind(parts)


def _first_of_each_kind(parts: list[tuple[str, str]]) -> str:
    """The first question of each kind, then the rest (so the picture shows every kind)."""
    firsts = {kind: n for n, (kind, _) in reversed(list(enumerate(parts)))}
    order = sorted(range(len(parts)), key=lambda n: (n not in firsts.values(), n))
    return "".join(parts[n][1] for n in order)


def _qti_preview(path: Path) -> str:
    parts = []
    for items in qti_items(path).values():
        for item in items:
            kind = qti_type(item)
            text = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
            right = {t for texts in qti_right(item).values() for t in texts}
            labels = [lab.findtext(f".//{QTI}mattext") for lab in item.iter(f"{QTI}response_label")]
            shown_labels = "".join(
                f"<li{' class=right' if t in right else ''}>"
                f"{t if kind == 'multiple_choice_question' else html.escape(t)}</li>"
                for t in dict.fromkeys(labels) if t is not None)
            title = html.escape(item.get("title"))
            section = f"<section><h3>{title} ({kind})</h3>{text}<ul>{shown_labels}</ul></section>"
            parts.append((kind, section))
    return _first_of_each_kind(parts)


@pytest.mark.browser
def test_questions_show_hostile_text_inert_in_a_browser(
        glossary: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], offline_page) -> None:
    """Every HTML field of both files, inserted into a page as an LMS inserts it: the
    hostile glossary text shows as text and runs nothing. The first questions of each
    file are saved as the pictures in book/lms.md."""
    from conftest import serve

    page, log = offline_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert export(capsys, "moodle", glossary, tmp_path / "q.xml")[0] == 0
    assert export(capsys, "qti", glossary, tmp_path / "q.zip")[0] == 0
    (tmp_path / "moodle.html").write_text(PREVIEW.format(
        title="Moodle XML: the questions as the harness shows them",
        body=_moodle_preview(tmp_path / "q.xml")), encoding="utf-8")
    (tmp_path / "canvas.html").write_text(PREVIEW.format(
        title="Canvas QTI: the questions as the harness shows them",
        body=_qti_preview(tmp_path / "q.zip")), encoding="utf-8")
    images = ROOT / "book" / "images"
    images.mkdir(exist_ok=True)
    with serve(tmp_path) as url:
        for name in ("moodle", "canvas"):
            page.set_viewport_size({"width": 800, "height": 1000})
            page.goto(f"{url}{name}.html")
            page.wait_for_timeout(100)
            text = page.inner_text("body")
            assert f"{SCRIPT} test" in text and "R&D <b>input</b>" in text
            assert "优化政务服务" in text
            assert page.evaluate("document.querySelectorAll('body script, b').length") == 0
            page.screenshot(path=str(images / f"lms-{name}-preview.png"),
                            clip={"x": 0, "y": 0, "width": 800, "height": 720})
    assert dialogs == [] and log.page_errors == [] and log.console_errors == []
    assert log.outside_requests == []
