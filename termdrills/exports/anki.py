"""An Anki deck (.apkg, written with genanki): zh→en and en→zh cards per term.

Ids are stable: the note type and the deck get fixed ids derived from their names,
and each note's guid is derived from the term's id, so importing an updated deck
updates the notes already in a collection instead of adding duplicates (and keeps
their review history). Every field is HTML-escaped: Anki fields are HTML.
"""

from __future__ import annotations

import hashlib
import html
import io
import zipfile
from collections.abc import Sequence

from termdrills.course import DEFAULT_COURSE_ID
from termdrills.exports import Export, ExportRequest, Files
from termdrills.exports._package import zip_bytes
from termdrills.glossary import Term

FIELDS = ("Chinese", "English", "Pinyin", "Alternatives", "ExampleZh", "ExampleEn", "Note",
          "Source", "Lesson", "TermId")
MODEL_NAME = "termdrills term (zh↔en)"
CSS = """.card { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 22px; text-align: center; color: black; background: white; }
.night_mode .card { color: #eee; background: #222; }
.zh { font-size: 34px; }
.pinyin, .alt, .source { font-size: 16px; color: #666; }
.example { font-size: 17px; text-align: left; margin-top: 1em; }
.note { font-size: 15px; text-align: left; font-style: italic; }
"""
_BACK_EXTRA = """
{{#Alternatives}}<div class="alt">also accepted: {{Alternatives}}</div>{{/Alternatives}}
{{#ExampleZh}}<div class="example">{{ExampleZh}}<br>{{ExampleEn}}</div>{{/ExampleZh}}
{{#Note}}<div class="note">{{Note}}</div>{{/Note}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""
TEMPLATES = (
    {
        "name": "zh → en",
        "qfmt": '<div class="zh">{{Chinese}}</div>',
        "afmt": '{{FrontSide}}<div class="pinyin">{{Pinyin}}</div><hr id="answer">'
                "<div>{{English}}</div>" + _BACK_EXTRA,
    },
    {
        "name": "en → zh",
        "qfmt": "<div>{{English}}</div>",
        "afmt": '{{FrontSide}}<hr id="answer"><div class="zh">{{Chinese}}</div>'
                '<div class="pinyin">{{Pinyin}}</div>' + _BACK_EXTRA,
    },
)


def stable_id(*parts: str) -> int:
    """A positive id in Anki's range, the same for the same parts on every machine."""
    digest = hashlib.sha256("\x1f".join(("termdrills", *parts)).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(term: Term, course: str) -> str:
    import genanki

    return genanki.guid_for("termdrills", course, term.id)


def deck_name(course: str, lessons: Sequence[str]) -> str:
    return f"{course}::{'+'.join(lessons)}" if lessons else course


def _fields(term: Term) -> list[str]:
    raw = (term.zh, term.en, term.pinyin, " | ".join(term.alt_en), term.example_zh,
           term.example_en, term.note, term.source, term.lesson, term.id)
    return [html.escape(v).replace("\n", "<br>") for v in raw]


def render(terms: Sequence[Term], course: str = DEFAULT_COURSE_ID,
           lessons: Sequence[str] = (), timestamp: float | None = None) -> bytes:
    """The .apkg file's bytes."""
    import genanki

    model = genanki.Model(
        stable_id("model", MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=list(TEMPLATES),
        css=CSS,
    )
    name = deck_name(course, lessons)
    deck = genanki.Deck(stable_id("deck", name), name)
    for term in terms:
        tags = ["termdrills", term.lesson]
        deck.add_note(genanki.Note(model=model, fields=_fields(term), tags=tags,
                                   guid=note_guid(term, course)))
    buf = io.BytesIO()
    genanki.Package(deck).write_to_file(buf, timestamp=timestamp)
    # genanki dates the zip's entries now: re-zipped with fixed dates, the same deck is
    # the same bytes (a download on the site that does not change from build to build).
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        return zip_bytes({name: zf.read(name) for name in zf.namelist()})


def stable_timestamp(terms: Sequence[Term]) -> float:
    """The deck's modification time: the newest glossary date among the terms (midnight
    UTC), so the same glossary always gives the same bytes."""
    import datetime as dt

    dates = [t.date for t in terms if t.date]
    day = max(dates) if dates else "2000-01-01"
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()


def _files(request: ExportRequest) -> Files:
    return [(request.out, render(request.terms, course=request.course.course_id,
                                 lessons=request.lessons,
                                 timestamp=stable_timestamp(request.terms)))]


EXPORT = Export(
    name="anki", help="an Anki deck (.apkg), both directions",
    description="anki: an .apkg deck with zh→en and en→zh cards; ids are stable, so "
    "importing an updated deck updates the notes and keeps their review history.",
    files=_files)
