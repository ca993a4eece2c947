"""Writes the third round of the hostile corpus (issue 25) into tests/hostile/.

The files are committed; this script says how each was made (zip bombs, encodings an
editor would convert, characters it would hide) and rewrites them identically:
``python tests/hostile/make_round3.py``. `tests/test_hostile_round3.py` holds the exact
line expected of each. New folders: ``answers/`` (students' files for ``grade``),
``assignments/`` (for ``grade``), ``settings/`` (a course's ``_config.yml``, for
``check`` and every command that reads the settings), ``evidence/`` (an evidence.csv
beside a glossary, for ``check``); two more progress files.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile

from make_round2 import write  # the same folders, written the same way

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DEFAULTS = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
            0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658,
            0.1542]
#: py-fsrs 6.3.2's bounds (termdrills/schema/fsrs_bounds.json)
LOWER = [0.001] * 4 + [1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001, 0.001, 0.001, 0.001, 0.0,
                       0.0, 1.0, 0.0, 0.0, 0.0, 0.1]
UPPER = [100.0] * 4 + [10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0, 6.0,
                       2.0, 2.0, 0.8, 0.8]


# --------------------------------------------------------------------------- .docx

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
                 'formats.org/package/2006/content-types"><Default Extension="rels" ContentType'
                 '="application/vnd.openxmlformats-package.relationships+xml"/><Default '
                 'Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
                 'document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
        'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/'
        'document.xml"/></Relationships>')


def document(body: bytes | str, prolog: str = "") -> bytes:
    body = body.encode() if isinstance(body, str) else body
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W}"><w:body>').encode() + body + b"</w:body></w:document>"


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(doc: bytes, *, others: dict[str, bytes] | None = None, main: bool = True) -> bytes:
    """A minimal .docx (python-docx opens it): content types, relationships, the document."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in {"[Content_Types].xml": CONTENT_TYPES.encode(), "_rels/.rels":
                           RELS.encode(), **({"word/document.xml": doc} if main else {}),
                           **(others or {})}.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def lying_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The zip with `member`'s uncompressed size rewritten to `declared` bytes in its local
    and central headers (a zip bomb's trick: the sizes a reader adds up are not what
    inflates)."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    struct.pack_into("<I", out, info.header_offset + 22, declared)  # local header
    pos = data.index(b"PK\x01\x02")
    while True:  # the member's central directory entry
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + name_len].decode() == member:
            struct.pack_into("<I", out, pos + 24, declared)
            return bytes(out)
        pos = data.index(b"PK\x01\x02", pos + 4)


# 8,300,000 empty paragraphs: 50 MB of XML the zip declares honestly, under the old
# 50 MB check; python-docx made an object of each (gigabytes, minutes).
PARAGRAPH_BOMB = docx(document(b"<w:p/>" * 8_300_000))
ANSWERS: dict[str, bytes | str] = {
    "paragraph_bomb.docx": PARAGRAPH_BOMB,
    # just over the paragraph limit, each with a word: read whole before, refused now
    "paragraphs_10001.docx": docx(document("".join(para("a") for _ in range(10_001)))),
    # one paragraph of 200,001 empty runs: the element limit
    "runs_200001.docx": docx(document("<w:p>" + "<w:r/>" * 200_001 + "</w:p>")),
    # 60 MB of XML comments (no paragraph, no element) declared as 60 MB: refused by
    # the real budget as it inflates
    "unpacks_to_60mb.docx": docx(document(b"<!---->" * 8_600_000)),
    # the same bomb declaring 1 KB: inflating stops at what it declares, the checksum fails
    "declares_1kb.docx": lying_sizes(docx(document(b"<!---->" * 8_600_000)),
                                     "word/document.xml", 1024),
    # one text of 12 MB: libxml2's own limit for a text node
    "text_of_12mb.docx": docx(document(b"<w:p><w:r><w:t>" + b"a" * 12_000_000
                                       + b"</w:t></w:r></w:p>")),
    # a 60 MB bomb beside the document: never inflated (only the document is read)
    "bomb_beside_document.docx": docx(document(para("Optimize government services.")),
                                      others={"word/media/bomb.bin": b"\0" * 60_000_000}),
    # entities: never expanded, never fetched
    "billion_laughs.docx": docx(document(
        para("Optimize &lol9; government services."),
        '<!DOCTYPE w:document [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                  for i in range(1, 10)) + "]>")),
    "external_entity.docx": docx(document(
        para("Optimize &xxe; government services."),
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')),
    "no_document_inside.docx": docx(b"", main=False),
    "web_page_saved_as.docx": "<html><body><p>Optimize government services.</p></body></html>",
    # CSV exports a spreadsheet or a careless edit makes
    "unbalanced_quote_merges.csv": ('student,answer\nalice,"Optimize government services\n'
                                    "bo,The State Council optimizes government services.\n"
                                    "chen,Government services are optimized.\n"
                                    'dana,"Optimize them."\n'),
    "unbalanced_quote_to_the_end.csv": ('student,answer\nalice,Optimize government services.\n'
                                        'bo,"Optimize government services.\n'
                                        "chen,Government services are optimized.\n"),
    "quote_in_header.csv": 'student,"answer\nalice,Optimize government services.\n',
    "header_only.csv": "student,answer\n",
    "wide_header.csv": ",".join(["column"] * 100_000) + "\nalice,x\n",
    "mixed_utf8_gbk.csv": ("student,answer\n李华,优化政务服务\n".encode()
                           + "张伟,优化政务服务\n".encode("gbk")),
    "mixed_gbk_utf8.txt": ("优化政务服务\n".encode("gbk") + b"Optimize government services.\n"
                           + "持续优化政务服务\n".encode()),
    "utf16_without_bom.txt": "Optimize government services.\n".encode("utf-16-le"),
    "utf8_bom_then_gbk.txt": b"\xef\xbb\xbf" + "优化政务服务 optimize government services\n"
                             .encode("gbk"),
}


# --------------------------------------------------------------------------- assignments

def assignment(*, passage: str = "持续优化政务服务是重要支撑。", extra: str = "",
               references: str = '["Continuously optimizing government services is an '
                                 'important support."]') -> str:
    return (f'title = "hostile"\nglossary = "../../fixtures/grading/glossary.csv"\n'
            f'passage = """{passage}"""\nreferences = {references}\n{extra}')


ASSIGNMENTS: dict[str, bytes | str] = {
    "weights_nan.toml": assignment(extra="[weights]\nchrf = nan\n"),
    "weights_inf.toml": assignment(extra="[weights]\nterms = inf\n"),
    "weights_minus_inf.toml": assignment(extra="[weights]\nconsistency = -inf\n"),
    "weights_1e308.toml": assignment(extra="[weights]\nchrf = 1e308\nterms = 1e308\n"
                                           "consistency = 1e308\n"),
    "credit_nan.toml": assignment(extra="[credit]\naccepted = nan\n"),
    "credit_inf.toml": assignment(extra="[credit]\npreferred = inf\n"),
    "passage_20001.toml": assignment(passage="优" * 20_001),
    "references_21.toml": assignment(references="[" + ", ".join(
        ['"Optimize government services."'] * 21) + "]"),
    "reference_20001.toml": assignment(references=f'["{"a" * 20_001}"]'),
    "model_20001.toml": assignment(extra=f'model = """{"b" * 20_001}"""\n'),
    "utf16.toml": assignment().encode("utf-16"),
    "gbk.toml": assignment().encode("gbk"),
}


# --------------------------------------------------------------------------- settings

def settings(value: str) -> str:
    return ("title: hostile settings\nsphinx:\n  config:\n    termdrills:\n"
            f"      course_id: hostile\n      fsrs_parameters: {value}\n")


def weights(i: int, value: float | str) -> str:
    ws: list[object] = list(DEFAULTS)
    ws[i] = value
    return "[" + ", ".join(str(w) for w in ws) + "]"


SETTINGS: dict[str, str] = {
    # one parameter out of py-fsrs's bounds at each place, below and above by turns
    **{f"w{i}_{'below' if i % 2 == 0 else 'above'}.yml":
       settings(weights(i, round(LOWER[i] - 0.5, 4) if i % 2 == 0 else UPPER[i] + 1))
       for i in range(21)},
    "w20_zero.yml": settings(weights(20, 0)),  # every interval divides by zero
    "w20_negative.yml": settings(weights(20, -0.5)),
    "nan.yml": settings(weights(7, ".nan")),
    "infinity.yml": settings(weights(3, ".inf")),
    "text.yml": settings(weights(5, "'fast'")),
    "boolean.yml": settings(weights(2, "true")),
    "twenty.yml": settings("[" + ", ".join(map(str, DEFAULTS[:20])) + "]"),
    "twenty_two.yml": settings("[" + ", ".join(map(str, [*DEFAULTS, 0.1])) + "]"),
    "mapping.yml": settings("{w0: 0.2}"),
}


# --------------------------------------------------------------------------- evidence

EV_HEADER = "id,form,status,url,date,excerpt\n"
EV_ROW = ("state-council,State Council,preferred,https://english.www.gov.cn/,2024-01-01,"
          "the State Council\n")
EVIDENCE: dict[str, bytes | str] = {
    "duplicate_column.csv": "id,form,status,url,date,excerpt,form\n" + EV_ROW.strip() + ",x\n",
    "long_excerpt.csv": EV_HEADER + EV_ROW.replace("the State Council", "the State Council "
                                                   + "长" * 30_000),
    "wide_header.csv": EV_HEADER.strip() + "".join(f",x{i}" for i in range(200)) + "\n",
    "gbk.csv": (EV_HEADER + EV_ROW.replace("the State Council", "国务院 State Council"))
    .encode("gbk"),
    "unbalanced_quote.csv": EV_HEADER + EV_ROW.replace(",the State", ',"the State'),
}


# --------------------------------------------------------------------------- glossary

GLOSSARIES: dict[str, str] = {
    # a header of 100,000 columns: one line, not 100,000 warnings (5 MB)
    "wide_header.csv": "id,zh,en,lesson" + ",x" * 99_996 + "\nstate-council,国务院,State Council,"
                       "gov\n",
}


# --------------------------------------------------------------------------- progress

def v2(card: dict[str, object]) -> str:
    base = {"state": 2, "step": None, "stability": 5.0, "difficulty": 5.0,
            "due": 1700000000000, "last_review": 1699990000000, "lesson": "gov", "seen": 3,
            "right": 2, "wrong": 1, "again": 0, "log": []}
    return json.dumps({"schema": "termdrills-review", "version": 2, "course": "termdrills",
                       "terms": {"state-council": {**base, **card}}})


PROGRESS: dict[str, str] = {
    # a review at JavaScript's last date: the schema's limit, beyond Python's dates
    "review_at_the_limit.json": v2({"log": [[1699990000000, 3], [8.64e15, 3]]}),
}


if __name__ == "__main__":
    write("answers", ANSWERS)
    write("assignments", ASSIGNMENTS)
    write("settings", SETTINGS)
    write("evidence", EVIDENCE)
    write("progress", PROGRESS)
    write("glossary", GLOSSARIES)
