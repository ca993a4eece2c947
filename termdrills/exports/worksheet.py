"""A printable worksheet (matching, cloze, sentence translation) and its answer key.

Plain HTML with print CSS (`termdrills.text.page`: no script, nothing fetched, every
glossary text escaped, Chinese marked). The items are drawn with a `random.Random`
seeded by ``--seed`` and the lessons, so the same seed gives the same sheet and other
seeds give variants for different students. The cloze's word box always holds more
expressions than there are blanks (other terms' renderings, from the lesson first,
then the glossary), so neither a single blank nor the last one is given away.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from termdrills.errors import InputError
from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.glossary import Term
from termdrills.text.chinese import ZH_LANG
from termdrills.text.normalize import en_key, find_phrase
from termdrills.text.page import escape as _e
from termdrills.text.page import page

MATCHING_MAX = 8
CLOZE_MAX = 6
TRANSLATION_MAX = 3
BLANK = "__________"
#: The word box holds at least this many expressions that fill no blank, and at least
#: `BANK_MIN` in all (when the glossary has that many renderings).
DISTRACTORS = 2
BANK_MIN = 4

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Noto Sans", "PingFang SC", "Microsoft YaHei",
       sans-serif; font-size: 11.5pt; line-height: 1.5; color: #000; background: #fff;
       max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem; }
header { border-bottom: 2px solid #000; margin-bottom: 1rem; }
h1 { font-size: 16pt; margin: 0 0 .25rem; }
h2 { font-size: 13pt; margin: 1.25rem 0 .5rem; }
.meta { display: flex; gap: 2rem; margin: .5rem 0; }
.meta span { flex: 1; border-bottom: 1px solid #000; min-height: 1.5em; }
.variant { font-size: 9pt; color: #444; }
.instructions { font-style: italic; margin: 0 0 .5rem; }
.matching { display: grid; grid-template-columns: 1fr 1fr; gap: 0 2rem; }
.matching ol { margin: 0; padding-left: 2rem; }
.matching li { padding: .2rem 0; }
ol.letters { list-style: upper-alpha; }
.answer-box { display: inline-block; width: 2.5rem; border-bottom: 1px solid #000; }
.bank { border: 1px solid #000; padding: .4rem .6rem; margin: .5rem 0; }
.bank span { display: inline-block; margin-right: 1.5rem; }
.items > li { margin: 0 0 .7rem; break-inside: avoid; page-break-inside: avoid; }
.zh { font-size: 12pt; }
.lines { border-bottom: 1px solid #000; height: 1.8em; }
.key { color: #000; font-weight: bold; }
section { break-inside: auto; }
h2 { break-after: avoid; page-break-after: avoid; }
@page { size: A4; margin: 16mm 15mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  .screen-only { display: none; }
}
"""


@dataclass(frozen=True)
class Sheet:
    """The drawn items; `render` turns them into the worksheet and its key."""

    title: str
    seed: int
    matching: tuple[Term, ...]
    matching_order: tuple[int, ...]  # position i of the English column shows matching[order[i]]
    cloze: tuple[tuple[Term, str, str], ...]  # term, example_zh, example_en with a blank
    cloze_answers: tuple[str, ...]
    distractors: tuple[str, ...]  # renderings in the word box that fill no blank
    translation: tuple[tuple[str, str, tuple[Term, ...]], ...]  # zh, en, terms in it


def blank(sentence: str, candidates: Sequence[str]) -> tuple[str, str] | None:
    """The sentence with the first accepted rendering found blanked out, and that rendering
    as the sentence spells it."""
    m = find_phrase(sentence, candidates)
    if m is None:
        return None
    return sentence[: m.start()] + BLANK + sentence[m.end():], sentence[m.start():m.end()]


def _distractors(answers: Sequence[str], terms: Sequence[Term], pool: Sequence[Term],
                 rng: random.Random) -> tuple[str, ...]:
    """Renderings of other terms for the word box: the sheet's terms first, then the rest
    of the glossary; never one that reads as an answer."""
    if not answers:
        return ()
    want = max(DISTRACTORS, BANK_MIN - len(answers))
    taken = {en_key(a) for a in answers}
    chosen: list[str] = []
    for group in (terms, [t for t in pool if t not in terms]):
        options = sorted({t.en for t in group if en_key(t.en) not in taken})
        rng.shuffle(options)
        for en in options[:want - len(chosen)]:
            chosen.append(en)
            taken.add(en_key(en))
    return tuple(chosen)


def draw(terms: Sequence[Term], seed: int, title: str, pool: Sequence[Term] = ()) -> Sheet:
    """Choose and order the items for one variant (`pool`: the whole glossary, for the
    word box's distractors)."""
    if len(terms) < 2:
        raise InputError("worksheet: needs at least 2 terms (matching pairs two columns)")
    rng = random.Random(f"termdrills-worksheet:{seed}:{title}")
    short = [t for t in terms if len(t.zh) <= 20] or list(terms)
    matching = rng.sample(short, min(MATCHING_MAX, len(short)))
    order = list(range(len(matching)))
    while len(order) > 1 and order == sorted(order):
        rng.shuffle(order)

    # Each example sentence is used once: translation first, then cloze.
    by_sentence: dict[str, list[Term]] = {}
    for t in terms:
        if t.example_zh and t.example_en:
            by_sentence.setdefault(t.example_zh, []).append(t)
    sentences = list(by_sentence)
    rng.shuffle(sentences)
    cloze: list[tuple[Term, str, str]] = []
    answers: list[str] = []
    used: set[str] = set()
    for zh in sentences:
        for t in rng.sample(by_sentence[zh], len(by_sentence[zh])):
            hit = blank(t.example_en, t.accepted_en)
            if hit and len(cloze) < CLOZE_MAX and len(sentences) - len(used) > 1:
                cloze.append((t, zh, hit[0]))
                answers.append(hit[1])
                used.add(zh)
                break
    translation = []
    for zh in sentences:
        if zh not in used and len(translation) < TRANSLATION_MAX:
            translation.append((zh, by_sentence[zh][0].example_en, tuple(by_sentence[zh])))
    return Sheet(title, seed, tuple(matching), tuple(order), tuple(cloze), tuple(answers),
                 _distractors(answers, terms, pool, rng), tuple(translation))


def _header(sheet: Sheet, key: bool) -> str:
    what = "Answer key" if key else "Worksheet"
    meta = "" if key else ('<div class="meta"><span>Name:</span><span>Class:</span>'
                           "<span>Date:</span></div>")
    return (f"<header><h1>{_e(sheet.title)}: {what}</h1>"
            f'<p class="variant">Variant {sheet.seed}</p>{meta}</header>')


def _matching(sheet: Sheet, key: bool) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pos = {orig: i for i, orig in enumerate(sheet.matching_order)}
    left = "".join(
        f'<li><span class="zh" lang="{ZH_LANG}">{_e(t.zh)}</span> '
        + (f'<span class="key">→ {letters[pos[i]]}</span>' if key
           else '<span class="answer-box"></span>') + "</li>"
        for i, t in enumerate(sheet.matching))
    right = "".join(f"<li>{_e(sheet.matching[i].en)}</li>" for i in sheet.matching_order)
    return ['<section id="matching"><h2>§. Matching</h2>',
            ('<p class="instructions">Write the letter of the official English rendering '
            "next to each Chinese term.</p>"),
            f'<div class="matching"><ol>{left}</ol><ol class="letters">{right}</ol></div>',
            "</section>"]


def _cloze(sheet: Sheet, key: bool, rng: random.Random) -> list[str]:
    if not sheet.cloze:
        return []
    bank = [*sheet.cloze_answers, *sheet.distractors]
    rng.shuffle(bank)
    items = []
    for (_, zh, blanked), answer in zip(sheet.cloze, sheet.cloze_answers):
        before, _, after = blanked.partition(BLANK)
        gap = f'<span class="key">{_e(answer)}</span>' if key else BLANK
        items.append(f'<li><div class="zh" lang="{ZH_LANG}">{_e(zh)}</div>'
                     f"<div>{_e(before)}{gap}{_e(after)}</div></li>")
    bank_html = "" if key else ('<div class="bank">'
                                + "".join(f"<span>{_e(b)}</span>" for b in bank) + "</div>")
    return ['<section id="cloze"><h2>§. Fill in the official rendering</h2>',
            ('<p class="instructions">Complete each English sentence with an expression '
            "from the box (the box has more expressions than you need).</p>"), bank_html, f'<ol class="items">{"".join(items)}</ol>',
            "</section>"]


def _translation(sheet: Sheet, key: bool) -> list[str]:
    if not sheet.translation:
        return []
    items = []
    for zh, en, terms in sheet.translation:
        hints = "; ".join(f"{t.zh}" for t in terms)
        answer = (f'<div class="key">{_e(en)}</div>' if key
                  else '<div class="lines"></div><div class="lines"></div>'
                  '<div class="lines"></div>')
        items.append(f'<li><div class="zh" lang="{ZH_LANG}">{_e(zh)}</div>'
                     f'<div class="instructions">Key terms: <span lang="{ZH_LANG}">{_e(hints)}'
                     f"</span></div>{answer}</li>")
    return ['<section id="translation"><h2>§. Translate into English</h2>',
            '<p class="instructions">Use the official renderings of the key terms.</p>',
            f'<ol class="items">{"".join(items)}</ol>', "</section>"]


def _number_sections(page: str) -> str:
    """Number the sections present (a lesson without example sentences has no cloze)."""
    parts = page.split("<h2>§.")
    return parts[0] + "".join(f"<h2>{n}.{rest}" for n, rest in enumerate(parts[1:], start=1))


def render(terms: Sequence[Term], seed: int, title: str,
           pool: Sequence[Term] = ()) -> tuple[str, str]:
    """(worksheet HTML, answer key HTML) for one variant."""
    sheet = draw(terms, seed, title, pool)
    pages = []
    for key in (False, True):
        rng = random.Random(f"termdrills-bank:{seed}:{title}")
        body = [_header(sheet, key), *_matching(sheet, key), *_cloze(sheet, key, rng),
                *_translation(sheet, key)]
        label = f"{sheet.title}: {'answer key' if key else 'worksheet'} (variant {seed})"
        pages.append(_number_sections(page(label, "\n".join(body), css=CSS)))
    return pages[0], pages[1]


def key_path(out: Path) -> Path:
    """Where the worksheet's answer key goes: ``sheet.html`` → ``sheet-key.html``."""
    return out.with_name(f"{out.stem}-key{out.suffix or '.html'}")


def _files(request: ExportRequest) -> Files:
    sheet, key = render(request.terms, seed=request.seed, title=request.title,
                        pool=request.glossary.terms)
    return [(request.out, sheet), (key_path(request.out), key)]


EXPORT = Export(
    name="worksheet", help="a printable worksheet and its answer key",
    description="worksheet: printable HTML (matching, cloze, translation) and PATH-key.html, "
    "its answer key; --seed N draws variant N (the same N, the same sheet).",
    files=_files)
