"""An Anki deck (.apkg, written with genanki): zh→en and en→zh cards per term.

The deck is named by the course's title (``title`` in ``_config.yml``) and the lessons'
titles; the file always ends in ``.apkg`` (Anki opens nothing else).

Ids are stable: the note type and the deck get fixed ids derived from their names,
and each note's guid is derived from the term's id, so importing an updated deck
updates the notes already in a collection instead of adding duplicates (and keeps
their review history). The note type's fields never change for the same reason: each
alternative's source is a link in the Alternatives field, the forms to avoid ("Avoid:
form (reason)") follow the note in the Note field, and the source URL is a link in the
Source field. Every text is HTML-escaped (Anki fields are HTML); the only markup is
those links and line breaks. Anki's own markup in a cell stays text (`field_html`):
media, TTS and LaTeX tags, MathJax.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from termdrills.course import DEFAULT_COURSE_ID
from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.exports._package import zip_bytes
from termdrills.glossary import Term
from termdrills.renderings.registers import host_of

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


def deck_name(title: str, lessons: Sequence[str] = ()) -> str:
    """The deck's name as Anki shows it: the course's title, and the lessons' titles as a
    subdeck (``Political translation::Government services + Administrative reform``)."""
    return f"{title}::{' + '.join(lessons)}" if lessons else title


def deck_id(course: str, lessons: Sequence[str] = ()) -> int:
    """The deck's id, from the course id and the lesson slugs: renaming the course or a
    lesson renames the deck in Anki, and importing it again still finds the same deck."""
    return stable_id("deck", f"{course}::{'+'.join(lessons)}" if lessons else course)


#: A backslash that would open MathJax maths in Anki's reviewer (``\\(`` or ``\\[``).
_MATHJAX_OPEN = re.compile(r"\\(?=[(\[])")


def field_html(text: str) -> str:
    """Glossary text as (part of) an Anki field: HTML-escaped, line breaks as <br>, and
    inert for Anki itself: every ``[`` is ``&#91;``, so no ``[sound:…]``,
    ``[anki:tts]``, ``[latex]…[/latex]``, ``[$]…[/$]`` tag is ever seen (Anki looks for
    them in the field's HTML), and an empty element splits ``\\(`` and ``\\[``, so
    MathJax (which reads the page's text, where ``&#92;`` would be a backslash again)
    finds no maths. The text a reader sees is the cell, character for character."""
    escaped = html.escape(text).replace("\n", "<br>")
    escaped = _MATHJAX_OPEN.sub(r"\\<span></span>", escaped)
    return escaped.replace("[", "&#91;")


_e = field_html


def _link(url: str, label: str) -> str:
    """A link; its address escaped for the attribute and without a raw ``[`` either."""
    href = html.escape(url, quote=True).replace("[", "&#91;")
    return f'<a href="{href}">{field_html(label)}</a>'


def _alternatives(term: Term) -> str:
    """``X (<a href=…>host</a>) | Y (…)``: each alternative with the page that uses it."""
    sources = term.alt_source if len(term.alt_source) == len(term.alt_en) else ()
    return " | ".join(f"{_e(alt)} ({_link(sources[i], host_of(sources[i]))})" if sources
                      else _e(alt) for i, alt in enumerate(term.alt_en))


def _note(term: Term) -> str:
    """The translator's note, then one line "Avoid: form (reason)" per deprecated form."""
    avoid = [f"Avoid: {_e(form)}" + (f" ({_e(reason)})" if reason else "")
             for form, reason in term.deprecated]
    return "<br>".join(p for p in (_e(term.note), *avoid) if p)


def _source(term: Term) -> str:
    """The source as cited, then its URL as a link."""
    link = _link(term.source_url, term.source_url) if term.source_url else ""
    return "<br>".join(p for p in (_e(term.source), link) if p)


def _fields(term: Term) -> list[str]:
    return [_e(term.zh), _e(term.en), _e(term.pinyin), _alternatives(term),
            _e(term.example_zh), _e(term.example_en), _note(term), _source(term),
            _e(term.lesson), _e(term.id)]


def render(terms: Sequence[Term], course: str = DEFAULT_COURSE_ID,
           lessons: Sequence[str] = (), timestamp: float | None = None, *,
           title: str | None = None, lesson_titles: Sequence[str] = ()) -> bytes:
    """The .apkg file's bytes: a deck named by `title` (and `lesson_titles`), with ids
    from `course` (the course id) and the `lessons` slugs."""
    import genanki

    model = genanki.Model(
        stable_id("model", MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=list(TEMPLATES),
        css=CSS,
    )
    name = deck_name(title or course, lesson_titles or lessons)
    deck = genanki.Deck(deck_id(course, lessons), name)
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


def apkg_path(out: Path) -> Path:
    """`out`, with ``.apkg`` added when it has another ending: Anki opens a deck only
    from a file named ``….apkg`` (``unit.anki`` → ``unit.anki.apkg``)."""
    return out if out.suffix.lower() == ".apkg" else out.with_name(f"{out.name}.apkg")


def _files(request: ExportRequest) -> Files:
    course = request.course
    out = apkg_path(request.out)
    if out != request.out:
        request.notes.append(f"{request.out}: Anki opens only .apkg files: the deck is "
                             f"{out.name}")
    return [(out, render(request.terms, course=course.course_id, lessons=request.lessons,
                         timestamp=stable_timestamp(request.terms), title=course.title,
                         lesson_titles=[course.lesson_title(s) for s in request.lessons]))]


EXPORT = Export(
    name="anki", help="an Anki deck (.apkg), both directions",
    description="anki: an .apkg deck with zh→en and en→zh cards, named by the course's "
    "title (and the lessons'); PATH gets .apkg added if it has another ending. Ids are "
    "stable, so importing an updated deck updates the notes and keeps their review "
    "history.",
    files=_files)
