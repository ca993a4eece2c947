"""Writes the second round of the hostile corpus (issue 12) into tests/hostile/.

The files are committed; this script says how each was made (several hold characters
an editor would hide or mangle) and rewrites them identically:
``python tests/hostile/make_round2.py``. `tests/test_hostile.py` holds the exact
message or verdict expected of each.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "id,zh,en,lesson,note,source_url,date\n"
URL = "https://english.www.gov.cn/"


def row(id_: str = "state-council", zh: str = "国务院", en: str = "State Council",
        lesson: str = "gov", note: str = "", source_url: str = URL, date: str = "") -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([id_, zh, en, lesson, note, source_url, date])
    return buf.getvalue()


GLOSSARIES: dict[str, str | bytes] = {
    # characters XML 1.0 does not allow (the TBX would not parse)
    "nonchar_fffe.csv": HEADER + row(en="State\ufffeCouncil"),
    "nonchar_ffff_note.csv": HEADER + row(note="a note\uffff"),
    "surrogate_bytes.csv": (HEADER + row(en="State Council")).encode().replace(
        b"State Council", b"State \xed\xa0\x80Council"),
    # invisible characters drills ignore: a warning each
    "arabic_letter_mark.csv": HEADER + row(en="State\u061c Council"),
    "soft_hyphen.csv": HEADER + row(en="State Coun\u00adcil"),
    "mongolian_vowel_separator.csv": HEADER + row(en="State\u180e Council"),
    "combining_grapheme_joiner.csv": HEADER + row(en="State Coun\u034fcil"),
    "hangul_filler.csv": HEADER + row(en="State \u3164Council"),
    "tag_characters.csv": HEADER + row(en="State Council\U000e0041\U000e0042"),
    "variation_selector_alone.csv": HEADER + row(en="State\ufe0f Council"),
    # invisible characters that reorder or hide text: refused
    "bidi_isolate.csv": HEADER + row(en="State \u2066Council\u2069"),
    "word_joiner.csv": HEADER + row(zh="国务\u2060院"),
    "lone_zero_width_joiner.csv": HEADER + row(en="State\u200dCouncil"),
    "ansi_escape.csv": HEADER + row(en="State \x1b[31mCouncil\x1b[0m"),
    "osc_title.csv": HEADER + row(note="\x1b]0;owned\x07 a note"),
    # emoji with their joiners are text
    "emoji_sequences.csv": HEADER + row(
        note="👩\u200d💻 👨\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 "
             "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f #\ufe0f\u20e3 "
             "❤\ufe0f 👍🏽"),
    # spreadsheet formulas however they are dressed
    "quoted_hyperlink.csv": HEADER + row(note='"=HYPERLINK(""http://evil.example"",""x"")"'),
    "curly_quoted_formula.csv": HEADER + row(note="\u201c+cmd|' /c calc'!A0\u201d"),
    "fullwidth_equals.csv": HEADER + row(note="\uff1d1+1"),
    # a cell longer than Python csv's 131,072-character field limit
    "cell_over_csv_limit.csv": HEADER + row(note="长" * 140_000),
    # a 60 KB source_url (the URL check is linear)
    "long_source_url.csv": HEADER + row(source_url="https://a." + "a." * 30_000 + "cn/"),
    # byte order marks where they should not be
    "bom_mid_header.csv": "id,zh\ufeff,en,lesson,note,source_url,date\n" + row(),
    "double_bom.csv": "\ufeff\ufeff" + HEADER + row(),
    # names the course site uses for its own pages and anchors
    "reserved_id.csv": HEADER + row(id_="glossary"),
    "reserved_id_prefix.csv": HEADER + row(id_="lesson-gov"),
    "reserved_lesson.csv": HEADER + row(lesson="search"),
    "reserved_lesson_genindex.csv": HEADER + row(lesson="genindex"),
    "lesson_dash.csv": HEADER + row(lesson="-"),
    # what spreadsheets and editors save
    "semicolons.csv": HEADER.replace(",", ";") + row().replace(",", ";"),
    "duplicate_header.csv": "id,zh,en,lesson,en\n" + "state-council,国务院,State Council,gov,x\n",
    "line_break_in_cell.csv": HEADER + row(en="State\r\nCouncil"),
    "old_mac_line_ends.csv": (HEADER + row()).replace("\n", "\r"),
}


def article(related: str = "政务服务平台\ngovernment service platforms\n",
            headline: str = "每日一词∣优化政务服务optimize government services") -> str:
    return (f"{headline}\n\n中国日报网 2022-03-03 17:24\n\n国务院日前印发指导意见。\n\n"
            "China is looking to further optimize its government services.\n\n"
            f"【相关词汇】\n\n{related}\n中国日报网英语点津版权说明:凡注明来源为……\n")


ARTICLES: dict[str, str | bytes] = {
    "related_same_english.txt": article("".join(f"相关词汇第{i}号\nsame term\n"
                                                for i in range(300))),
    "ansi_in_headline.txt": article(headline="每日一词∣优化\x1b[2J政务服务optimize \x1b]0;x\x07"
                                             "government services"),
    "utf16_notepad.txt": "\ufeff".encode("utf-16-le") + article().encode("utf-16-le"),
    "one_huge_line.txt": "中" * 200_000,
    "dots_and_spaces.txt": article("点" * 3 + "\n" + "a" + "." * 30_000 + "a\n"
                                   + "空格\n" + "x" + " " * 40_000 + "y\n"),
    "nonchar_in_related.txt": article("智慧政务\nsmart\uffff government services\n"),
    "crlf.txt": article().replace("\n", "\r\n"),
    "bidi_in_related.txt": article("智慧政务\nsmart \u202egovernment services\n"),
}

CARD = {"box": 2, "due": 1700000000000, "seen": 3, "right": 2, "wrong": 1,
        "lesson": "government-services", "last": 1699990000000}


def progress(terms: dict[str, object], **extra: object) -> str:
    return json.dumps({"schema": "termdrills-review", "version": 1, "course": "termdrills",
                       "terms": terms, **extra})


PROGRESS: dict[str, str | bytes] = {
    "deep_nesting.json": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "huge_integer.json": progress({"state-council": CARD}).replace(
        '"seen": 3', '"seen": 3' + "0" * 4_999),
    "overflowing_count.json": progress({"state-council": CARD}).replace(
        '"wrong": 1', '"wrong": 1' + "0" * 400),
    "lone_surrogate_id.json": progress({"@": CARD}).replace('"@"', '"\\ud800x"'),
    "lone_surrogate_lesson.json": progress({"state-council": CARD}).replace(
        '"government-services"', '"\\udc00"'),
    "contradictory_counts.json": progress({"state-council": {**CARD, "right": 0,
                                                             "wrong": 10}}),
    "negative_count.json": progress({"state-council": {**CARD, "seen": -1}}),
    "fractional_count.json": progress({"state-council": {**CARD, "seen": 2.5}}),
    "count_too_large.json": progress({"state-council": {**CARD, "seen": 2_000_000_000,
                                                        "wrong": 1_999_999_000}}),
    "box_zero.json": progress({"state-council": {**CARD, "box": 0}}),
    "nan.json": progress({"state-council": CARD}).replace('"due": 1700000000000',
                                                          '"due": NaN'),
    "utf16.json": progress({"state-council": CARD}).encode("utf-16"),
    "ansi_term_id.json": progress({"\x1b[2J\x1b]0;owned\x07term": CARD}, n=1),
    "bom.json": "\ufeff" + progress({"state-council": {**CARD, "seen": 5, "right": 4}}),
}

TOCS: dict[str, str | bytes] = {
    "alias_bomb.yml": "format: jb-book\nroot: intro\na: &a [x, x, x, x, x, x, x, x, x]\n"
                      + "".join(f"{chr(98 + i)}: &{chr(98 + i)} ["
                                + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                                for i in range(9)),
    "deep_nesting.yml": "format: jb-book\nroot: intro\nparts:\n"
                        + "".join("  " * (i + 1) + "- chapters:\n" for i in range(200)),
    "deep_flow.yml": "format: jb-book\nroot: intro\nparts: " + "[" * 1_000 + "]" * 1_000 + "\n",
    "not_yaml.yml": "format: jb-book\nroot: intro\nparts:\n  - caption: [unclosed\n",
    "no_chapters.yml": "format: jb-book\nroot: intro\n",
    "binary.yml": b"format: jb-book\n\x89PNG\r\n\x1a\n\xff\xfe",
    "hostile_caption.yml": "format: jb-book\nroot: intro\nparts:\n"
                           '  - caption: "<img src=x onerror=alert(1)> {{ }}"\n'
                           "    chapters:\n      - file: lessons/first\n",
    "crlf.yml": "format: jb-book\r\nroot: intro\r\nparts:\r\n  - caption: Lessons\r\n"
                "    chapters:\r\n      - file: lessons/first\r\n",
    "already_listed.yml": "format: jb-book\nroot: intro\nchapters:\n  - file: lessons/gov\n",
}


def write(folder: str, files: dict[str, str | bytes]) -> None:
    (HERE / folder).mkdir(exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (HERE / folder / name).write_bytes(data)


if __name__ == "__main__":
    write("glossary", GLOSSARIES)
    write("articles", ARTICLES)
    write("progress", PROGRESS)
    write("toc", TOCS)
