"""China Daily's 每日一词 column, saved as text, turned into glossary rows for review.

An article as copied from the page has: a headline ``每日一词∣优化政务服务optimize
government services``; the outlet and date (``中国日报网 2022-03-03 17:24``); a
bilingual lead (a Chinese paragraph, then its English); 【知识点】 background;
【重要讲话】 quotes, each a Chinese paragraph, its English and a ``——date, speaker,
occasion`` line; 【相关词汇】 pairs (on one line or two); a copyright footer.

`parse_article` reads that shape tolerantly (ASCII or full-width punctuation, ``∣``
or ``|``, blank lines holding spaces, a copy cut off part way: what is complete is
kept, the rest is reported in `Article.warnings`). `article_rows` turns it into
rows with the glossary's columns: the headline term and the related terms. A quote is
a sentence students translate, never a term to memorise: it becomes the example pair
(`example_zh`, `example_en`) of a row whose term it uses, for the sentence and paragraph
drills. `rows_csv` and `append_rows` write the rows.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from termdrills._files import atomic_write, locked, message_name, read_bytes
from termdrills.errors import GlossaryError, InputError
from termdrills.glossary import COLUMNS, Glossary, glossary_file
from termdrills.glossary.check import parse, read
from termdrills.text.chinese import HAN, HAN_RANGE, has_han
from termdrills.text.decode import decode as _decode
from termdrills.text.normalize import LESSON, has_latin, slugify
from termdrills.text.pinyin import to_pinyin
from termdrills.text.safe import INVISIBLE

__all__ = ["Article", "Quote", "append_rows", "article_rows", "import_article",
           "parse_article", "rows_csv"]

COLUMN_NAME = "每日一词"
#: Largest article file read (a 每日一词 article is a few KB of text).
ARTICLE_LIMIT = 4 * 1024 * 1024
DEFAULT_OUTLET = "中国日报网"

_HEADLINE = re.compile(r"^每日一词\s*[∣|｜丨│]\s*(?P<rest>\S.*)$")
_SECTION = re.compile(r"^[【\[［〖]\s*(?P<name>[^】\]］〗]{1,12}?)\s*[】\]］〗]\s*(?P<rest>.*)$")
_DATE_LINE = re.compile(r"(?P<date>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_ATTRIBUTION = re.compile(r"^(?:[—–―─-]{1,2}|——)\s*(?P<rest>\S.*)$")
_CN_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
#: Lines of page furniture: never part of the article's content.
_FURNITURE = ("分享到", "首页", "责任编辑", "编辑:", "编辑：", "人气排行", "英语点津微信",
              "双语小程序", "相关阅读", "(图片来源", "（图片来源")
#: The footer: the article proper ends here.
_FOOTER = ("中国日报网英语点津版权说明", "版权说明", "人气排行", "相关阅读")
#: Closing punctuation that still belongs to the Chinese half of a "中文English" line.
_ZH_CLOSERS = "》」』）)”’"
_OUTLETS = {"中国日报网": "China Daily 英语点津", "中国日报": "China Daily 英语点津"}
_SPACES = re.compile(r"[\s\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


@dataclass(frozen=True)
class Quote:
    zh: str
    en: str
    attribution: str  # "2020年11月19日，习近平在……上的主旨演讲"
    date: str  # ISO, "" when the attribution has none
    line: int


@dataclass
class Article:
    """What was read from one article; `warnings` are located lines about skipped parts."""

    name: str
    zh: str
    en: str
    line: int
    date: str = ""
    outlet: str = DEFAULT_OUTLET
    source_url: str = ""
    lead_zh: str = ""
    lead_en: str = ""
    quotes: list[Quote] = field(default_factory=list)
    #: The quotes `article_rows` made the example of a row (the others are warnings).
    placed: list[Quote] = field(default_factory=list)
    related: list[tuple[str, str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def source(self, part: str = "") -> str:
        """``China Daily 英语点津 每日一词, 2022-03-03 (相关词汇)``, as glossary.csv writes it."""
        outlet = _OUTLETS.get(self.outlet, self.outlet)
        when = f", {self.date}" if self.date else ""
        return f"{outlet} {COLUMN_NAME}{when}" + (f" ({part})" if part else "")


# --------------------------------------------------------------------------- text


def decode(raw: bytes, name: str) -> str:
    """A page saved from the web, as text: UTF-8 (with or without BOM), UTF-16 with a
    BOM, else GB18030 (a page saved on Chinese Windows): `termdrills.text.decode`."""
    if not raw.strip():
        raise InputError(f"{name}: empty file, not a {COLUMN_NAME} article")
    return _decode(raw, name, legacy=True).text  # a saved page: the legacy encodings too


#: A terminal escape sequence (ANSI CSI ``ESC [ … letter``, OSC ``ESC ] … BEL``): dropped
#: whole, not just its ESC. Linear: each part takes characters the next cannot.
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")


def clean(text: str) -> str:
    """One line: terminal escape sequences and invisible characters dropped, every run
    of spaces one space, trimmed."""
    text = INVISIBLE.sub("", _TERMINAL_ESCAPE.sub("", text))
    return _SPACES.sub(" ", text).strip()


def zh_text(text: str) -> str:
    """Chinese prose with Chinese punctuation: ASCII `,;:?!()` next to Chinese become
    full-width, `.` after Chinese becomes `。`, straight quotes become “ ”, and spaces
    between two Chinese characters go."""
    text = clean(text)
    text = re.sub(f"(?<=[{HAN_RANGE}，。；：！？》”）]) (?=[{HAN_RANGE}《“（])", "", text)
    text = re.sub(f'(?<=[{HAN_RANGE}"》）”])[,;:?!()]|[,;:?!()](?=[{HAN_RANGE}"《“（])',
                  lambda m: _TO_FULL[m.group()], text)
    text = re.sub(f"(?<=[{HAN_RANGE}》”）])\\.(?!\\d)", "。", text)
    if '"' in text:  # straight quotes pair up as “…”
        parts = text.split('"')
        text = parts[0] + "".join(("“" if i % 2 else "”") + p for i, p in
                                  enumerate(parts[1:], start=1))
    # Full-width forms of ASCII letters and digits (ｗｔｏ, ２０２２) read as ASCII.
    return "".join(chr(ord(c) - 0xFEE0) if "\uff10" <= c <= "\uff5a" and c.isalnum() else c
                   for c in text)


def en_text(text: str) -> str:
    """English prose: full-width ASCII forms (，：ＡＢ) back to ASCII, spaces tidied."""
    text = unicodedata.normalize("NFKC", clean(text))
    text = text.replace("。", ". ").replace("、", ", ")
    return clean(re.sub(r"\s+([,.;:?!])", r"\1", text))


def split_pair(text: str) -> tuple[str, str] | None:
    """``"世界多极化和经济全球化multipolarity and economic globalization"`` → the two
    halves; None when the line is not Chinese followed by English."""
    last = None
    for m in HAN.finditer(text):
        last = m
    if last is None:
        return None
    cut = last.end()
    while cut < len(text) and (text[cut] in _ZH_CLOSERS or text[cut] == " "):
        cut += 1
    zh, en = text[:cut].strip(), text[cut:].strip()
    if not en or not has_latin(en) or not has_han(zh):
        return None
    if not re.match(r"[\"“‘'(（A-Za-z0-9]", en):
        return None
    return zh, en


def _iso(y: str, m: str, d: str) -> str:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return ""


def _is_furniture(line: str) -> bool:
    return line.startswith(_FURNITURE) or line == COLUMN_NAME


def _is_footer(line: str) -> bool:
    return line.startswith(_FOOTER)


def _lang(line: str) -> str:
    """'zh', 'en' or 'pair' (a Chinese half then an English half on one line)."""
    if not has_han(line):
        return "en" if has_latin(line) else "other"
    if split_pair(line) and len(HAN.findall(line)) <= 40:
        return "pair"
    return "zh"


# --------------------------------------------------------------------------- parsing


def parse_article(text: str, name: str = "<article>") -> Article:
    """Read one article; `InputError` when the text is not a 每日一词 article."""
    lines = [(n, clean(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
    lines = [(n, s) for n, s in lines if s]
    if not lines:
        raise InputError(f"{name}: empty file, not a {COLUMN_NAME} article")

    source_url = lines[0][1] if _URL.match(lines[0][1]) else ""
    head_at = next((i for i, (_, s) in enumerate(lines) if _HEADLINE.match(s)), None)
    if head_at is None:
        raise InputError(f"{name}:{lines[0][0]}: not a {COLUMN_NAME} article: no headline "
                           f"line '{COLUMN_NAME}∣中文English' found")
    head_line, head = lines[head_at]
    rest = _HEADLINE.match(head).group("rest")  # type: ignore[union-attr]
    pair = split_pair(rest)
    body_at = head_at + 1
    if pair is None and has_han(rest) and not has_latin(rest) and body_at < len(lines) \
            and _lang(lines[body_at][1]) == "en":
        pair = (rest, lines[body_at][1])  # the English on the next line
        body_at += 1
    if pair is None:
        raise InputError(f"{name}:{head_line}: headline has no Chinese term followed by "
                           f"its English: '{rest[:60]}'")
    art = Article(name=name, zh=zh_text(pair[0]), en=en_text(pair[1]), line=head_line,
                  source_url=source_url)

    body = lines[body_at:]
    footer_seen = False
    sections: dict[str, list[tuple[int, str]]] = {"": []}
    current = ""
    for n, s in body:
        if _is_footer(s):
            footer_seen = True
            break
        m = _SECTION.match(s)
        if m:
            current = m.group("name")
            sections.setdefault(current, [])
            if m.group("rest"):
                sections[current].append((n, m.group("rest")))
            continue
        if _is_furniture(s):
            continue
        sections[current].append((n, s))

    _read_front(art, sections[""])
    quotes = next((v for k, v in sections.items() if "讲话" in k), None)
    related = next((v for k, v in sections.items() if "词汇" in k), None)
    if quotes:
        _read_quotes(art, quotes)
    if related:
        _read_related(art, related)
    if not footer_seen:
        last = lines[-1][0]
        missing = [s for s, v in (("【重要讲话】", quotes), ("【相关词汇】", related)) if v is None]
        gone = f"; no {' or '.join(missing)} section" if missing else ""
        art.warnings.append(f"{name}:{last}: warning: the article stops here without the "
                            f"column's copyright footer: it may be cut off{gone}")
    return art


def _read_front(art: Article, lines: list[tuple[int, str]]) -> None:
    """Outlet and date line, then the bilingual lead (the first Chinese paragraph
    and the first English paragraph after it); photo captions are skipped."""
    for i, (n, s) in enumerate(lines):
        m = _DATE_LINE.search(s)
        if m and not art.date and len(s) < 60 and not s.endswith(("。", ".")):
            art.date = _iso(m.group("date"), m.group("m"), m.group("d"))
            outlet = clean(s[: m.start()])
            if outlet and not re.search(r"\d", outlet):
                art.outlet = outlet
            lines = lines[i + 1:]
            break
    zh_at = None
    for n, s in lines:
        kind = _lang(s)
        if zh_at is None:
            if kind == "zh" and not s.endswith(("新华社)", "新华社）")):
                zh_at, art.lead_zh = n, zh_text(s)
        elif kind == "en":
            art.lead_en = en_text(s)
            return
        elif kind == "zh":
            break
    if zh_at is not None:
        art.lead_zh = ""
        art.warnings.append(f"{art.name}:{zh_at}: warning: the lead has no English paragraph "
                            "after it: the headline term is imported without an example")


def _read_quotes(art: Article, lines: list[tuple[int, str]]) -> None:
    zh: list[str] = []
    en: list[str] = []
    start = 0

    def flush(attribution: str, date: str, why: str) -> None:
        nonlocal zh, en
        if zh and en:
            if why:
                art.warnings.append(f"{art.name}:{start}: warning: quote {why}; imported "
                                    "without date and speaker")
            art.quotes.append(Quote(zh_text(" ".join(zh)), en_text(" ".join(en)),
                                    attribution, date, start))
        elif zh or en:
            have = "Chinese" if zh else "English"
            art.warnings.append(f"{art.name}:{start}: warning: quote skipped: only its "
                                f"{have} is there{why and ' (' + why + ')'}")
        zh, en = [], []

    for n, s in lines:
        m = _ATTRIBUTION.match(s)
        if m and (has_han(s) or re.search(r"\d{4}", s)):
            if not (zh and en):
                flush("", "", "has no text before its attribution line")
                continue
            attribution = zh_text(m.group("rest"))
            d = _CN_DATE.search(attribution) or _DATE_LINE.search(attribution)
            date = _iso(*d.groups()) if d else ""
            flush(attribution, date, "")
            continue
        kind = _lang(s)
        if kind in ("zh", "pair"):
            if en:  # a new quote begins: the previous one had no attribution line
                flush("", "", "has no '——date, speaker, occasion' line")
            if not zh:
                start = n
            zh.append(s)
        elif kind == "en":
            if not zh:
                start = start or n
            en.append(s)
    if zh or en:
        art.warnings.append(f"{art.name}:{start}: warning: last quote skipped: it has no "
                            "'——date, speaker, occasion' line (the article may be cut off)")


def _read_related(art: Article, lines: list[tuple[int, str]]) -> None:
    pending: tuple[int, str] | None = None
    for n, s in lines:
        kind = _lang(s)
        if kind == "pair":
            if pending:
                _orphan(art, pending)
            zh, en = split_pair(s)  # type: ignore[misc]
            art.related.append((zh_text(zh), en_text(en), n))
            pending = None
        elif kind == "zh":
            if pending:
                _orphan(art, pending)
            pending = (n, s)
        elif kind == "en":
            if pending:
                art.related.append((zh_text(pending[1]), en_text(s), pending[0]))
                pending = None
            else:
                art.warnings.append(f"{art.name}:{n}: warning: English without Chinese "
                                    f"skipped: '{s[:60]}'")
    if pending:
        art.warnings.append(f"{art.name}:{pending[0]}: warning: '{pending[1][:40]}' skipped: "
                            "its English is missing (the article may be cut off)")


def _orphan(art: Article, pending: tuple[int, str]) -> None:
    art.warnings.append(f"{art.name}:{pending[0]}: warning: '{pending[1][:40]}' skipped: "
                        "no English follows it")


# --------------------------------------------------------------------------- rows


def _place_quotes(art: Article, rows: list[dict[str, str]],
                  glossary: Glossary | None) -> None:
    """Each 【重要讲话】 quote as the example pair of a row whose term it uses (the row
    with the longest such term that has no example yet), its speaker and occasion in the
    row's `source`. A quote is a sentence to translate, never a term: one that uses none
    of the article's terms is a warning saying which glossary terms it uses, if any."""
    free = {r["zh"]: r for r in rows if r["zh"] and not r.get("example_zh")}
    for q in art.quotes:
        # the longest free term in the quote (a lookup per length and position: linear in
        # the quote, whatever the number of rows)
        row = next((free[q.zh[i:i + n]] for n in sorted({len(z) for z in free}, reverse=True)
                    if n <= len(q.zh) for i in range(len(q.zh) - n + 1)
                    if q.zh[i:i + n] in free), None)
        if row is not None:
            del free[row["zh"]]
            row["example_zh"], row["example_en"] = q.zh, q.en
            said = f", {q.attribution}" if q.attribution else ""
            row["source"] = f"{row['source']}; example: {art.source('重要讲话')}{said}"
            art.placed.append(q)
            continue
        found = list(glossary.in_sentence(q.zh)) if glossary is not None else []
        bare = [f"{t.zh} ({t.id})" for t in found if not t.has_example][:4]
        if bare:
            hint = (f"in {message_name(glossary.path)} {', '.join(bare)} "  # type: ignore[union-attr,arg-type]
                    "have no example yet: paste the pair into one of their "
                    "example_zh/example_en")
        elif found:
            hint = (f"the terms of {message_name(glossary.path)} in it "  # type: ignore[union-attr,arg-type]
                    f"({', '.join(t.zh for t in found[:4])}) have examples already: add a "
                    "term it uses, with the quote as its example")
        else:
            hint = "add a term it uses, with the quote as its example"
        art.warnings.append(f"{art.name}:{q.line}: warning: quote not imported: it uses no "
                            f"term of the article that lacks an example; {hint}")


def article_rows(art: Article, lesson: str | None = None,
                 glossary: Glossary | None = None) -> list[dict[str, str]]:
    """Glossary rows (dicts keyed by `COLUMNS`): the headline term with the lead as its
    example, each related pair; each quote as the example of a row whose term it uses
    (`_place_quotes`; `glossary` names the terms a quote left out uses); duplicates
    dropped."""
    lesson = lesson or slugify(art.en) or "imported"
    if not LESSON.fullmatch(lesson):
        raise InputError(f"--lesson: '{lesson}' is not a lesson slug "
                           "(lowercase a-z, 0-9, hyphens)")
    common = {"lesson": lesson, "source_url": art.source_url}
    rows: list[dict[str, str]] = []
    rows.append({"id": slugify(art.en), "zh": art.zh, "en": art.en, "source": art.source(),
                 "example_zh": art.lead_zh if art.lead_en else "",
                 "example_en": art.lead_en if art.lead_zh else "",
                 "date": art.date, "_line": str(art.line)})
    for zh, en, n in art.related:
        rows.append({"id": slugify(en), "zh": zh, "en": en, "date": art.date,
                     "source": art.source("相关词汇"), "_line": str(n)})

    out: list[dict[str, str]] = []
    seen_zh: set[str] = set()
    seen_id: set[str] = set()
    counters: dict[str, int] = {}
    for row in rows:
        if row["zh"] in seen_zh:
            art.warnings.append(f"{art.name}:{row['_line']}: warning: '{row['zh']}' appears "
                                "twice in the article; imported once")
            continue
        seen_zh.add(row["zh"])
        row["id"] = _unique(row["id"] or "term", seen_id, counters)
        seen_id.add(row["id"])
        full = {c: "" for c in COLUMNS}
        full.update(common)
        full.update({k: v for k, v in row.items() if k in full})
        full["pinyin"] = to_pinyin(full["zh"]) if len(full["zh"]) <= 30 else ""
        full["_line"] = row["_line"]
        out.append(full)
    _place_quotes(art, out, glossary)
    return out


def _unique(base: str, taken: set[str] | dict[str, object],
            counters: dict[str, int] | None = None) -> str:
    """`base`, or `base-2`, `base-3` … the first not in `taken`. `counters` remembers
    where each base's search stopped, so giving the same base n times costs O(n), not
    O(n²) (an article with 20,000 pairs whose English all slugify alike)."""
    if base not in taken:
        return base
    n = counters.get(base, 2) if counters is not None else 2
    while f"{base}-{n}" in taken:
        n += 1
    if counters is not None:
        counters[base] = n + 1
    return f"{base}-{n}"


def rows_csv(rows: Sequence[dict[str, str]], columns: Sequence[str] = COLUMNS,
             header: bool = True, newline: str = "\n") -> str:
    """Rows as CSV text in the given column order (quoted only where needed)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buf.getvalue()


def _verify(text: str, name: str, rows: Sequence[dict[str, str]] = (),
            columns: Sequence[str] = COLUMNS, first: int = 2, article_name: str = "") -> None:
    """Refuse (InputError, nothing written) text the checker finds errors in; an error
    in one of `rows` (written in `columns` from CSV line `first` on) is located in the
    article.
    Only the checker runs: no `Term` is built (that would look up pinyin for every row)."""
    problems, _ = parse(text, name)
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return
    error = errors[0]
    where = str(error)
    at = bisect.bisect_right(_row_lines(rows, columns, first), error.line) - 1
    if article_name and error.line and at >= 0:
        col = f" {error.column}:" if error.column else ""
        where = (f"{article_name}:{rows[at]['_line']}:{col} {error.message} (as a row of "
                 f"{name})")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise InputError(f"{where}{more}; nothing written")


def _row_lines(rows: Sequence[dict[str, str]], columns: Sequence[str], first: int) -> list[int]:
    """The CSV line each row starts on when written from line `first` on."""
    starts = []
    line = first
    for row in rows:
        starts.append(line)
        line += rows_csv([row], columns, header=False).count("\n")
    return starts


def append_rows(rows: Sequence[dict[str, str]], glossary: str | os.PathLike[str] | None,
                article_name: str = "<article>") -> tuple[Path, int, list[str]]:
    """Append rows to a glossary, leaving every existing byte as it was.

    Refuses (InputError, nothing written) when a row's Chinese is already there;
    renumbers an id that is taken by another term. The rows are written in the
    file's own columns. Returns (path, rows appended, columns with data the file
    has no column for). The whole read-check-write runs under the glossary's lock,
    so imports run at once all land, one after the other, none lost.
    """
    path = glossary_file(glossary)
    with locked(path):
        return _append_locked(rows, path, article_name)


def _append_locked(rows: Sequence[dict[str, str]], path: Path,
                   article_name: str) -> tuple[Path, int, list[str]]:
    """Read, check, extend and replace the glossary (the caller holds its lock)."""
    name = message_name(path)
    text, problems = read(path, name)
    if text is not None:
        problems, checked = parse(text, name)
    errors = [p for p in problems if p.severity == "error"]
    if text is None or errors:
        raise GlossaryError(errors)
    raw = read_bytes(path)
    header = [h.strip() for h in next(csv.reader(io.StringIO(text)))]
    lines = {cells["zh"].strip(): (line, term_id) for line, cells, term_id in checked}
    dups = []
    for row in rows:
        old = lines.get(row["zh"].strip())
        if old is not None:
            dups.append(f"{article_name}:{row['_line']}: '{row['zh']}' is already in "
                        f"{path.name}:{old[0]} (id {old[1]})")
    if dups:
        more = f" (and {len(dups) - 1} more)" if len(dups) > 1 else ""
        raise InputError(f"{dups[0]}{more}; nothing appended (import with -o FILE to "
                           "review the rows first)")
    taken = {term_id for _, _, term_id in checked}
    counters: dict[str, int] = {}
    fixed = []
    for row in rows:
        row = dict(row)
        row["id"] = _unique(row["id"], taken, counters)
        taken.add(row["id"])
        fixed.append(row)
    newline = "\r\n" if b"\r\n" in raw else "\n"
    lead = b"" if raw.endswith((b"\n", b"\r")) or not raw else newline.encode()
    added = rows_csv(fixed, header, header=False, newline=newline).encode("utf-8")
    # The file passed the checker and the rows bring no Chinese or id it has: the rows
    # under the file's header are all that is left to check (not all 20,000 again).
    _verify(rows_csv(fixed, header), path.name, fixed, header, 2, article_name)
    atomic_write(path, raw + lead + added, updating=[path])
    dropped = [c for c in COLUMNS if c not in header and any(r.get(c) for r in fixed)]
    return path, len(fixed), dropped


def import_article(path: str | os.PathLike[str], lesson: str | None = None,
                   glossary: Glossary | None = None) -> tuple[Article, list[dict[str, str]]]:
    """Read and parse an article file; its rows (not yet written anywhere). `glossary`,
    when given, names the terms a quote that fits no row uses."""
    path = Path(path)
    raw = read_bytes(path, limit=ARTICLE_LIMIT)
    art = parse_article(decode(raw, str(path)), str(path))
    rows = article_rows(art, lesson, glossary)
    if not rows:
        raise InputError(f"{path}: nothing complete to import")
    return art, rows


def write_rows(rows: Sequence[dict[str, str]], out: str | os.PathLike[str],
               article_name: str = "") -> Path:
    """A new glossary-format CSV with just these rows (checked before it is written)."""
    text = rows_csv(rows)
    _verify(text, Path(out).name, rows, COLUMNS, 2, article_name)
    return atomic_write(out, text)
