"""TBX-Basic (TBX 2008, the ``martif`` form memoQ, Trados MultiTerm and Phrase import).

One ``termEntry`` (concept entry) per glossary term, with a ``zh`` and an ``en``
``langSet``; each term is a ``tig`` (term section) whose ``administrativeStatus`` says
what the glossary says of it: the official rendering (`en`) is the preferred term, each
`alt_en` alternative an admitted term with the page that uses it (its `alt_source`) as an
``xref`` of type ``externalCrossReference``, each `deprecated_en` form a deprecated term
with its reason (`deprecated_note`) as a ``note``. The lesson is the subject field, the
entry's source and source_url are kept, examples are contexts, the date is an
origination transaction. ElementTree escapes every text and attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.glossary import Term
from termdrills.text.safe import INVISIBLE, NOT_XML

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'


def entry_id(term: Term) -> str:
    """An XML id (an NCName: a glossary id such as ``19th-cpc`` may start with a digit)."""
    return f"term-{term.id}"


def _sub(parent: ET.Element, tag: str, text: str = "", **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text:  # the checker refuses both; dropped here too so the XML is always well-formed
        el.text = NOT_XML.sub("", INVISIBLE.sub("", text))
    return el


def _tig(lang_set: ET.Element, text: str, status: str, context: str = "", *,
         source_url: str = "", note: str = "") -> None:
    """A term section: the term, its status, then (TBX's order) its context, the page
    that uses it and a note."""
    tig = _sub(lang_set, "tig")
    _sub(tig, "term", text)
    _sub(tig, "termNote", status, type="administrativeStatus")
    if context:
        _sub(tig, "descrip", context, type="context")
    if source_url:
        _sub(tig, "xref", source_url, type="externalCrossReference", target=source_url)
    if note:
        _sub(tig, "note", note)


def _entry(body: ET.Element, term: Term) -> None:
    entry = _sub(body, "termEntry", id=entry_id(term))
    _sub(entry, "descrip", term.lesson, type="subjectField")
    if term.source:
        _sub(entry, "admin", term.source, type="source")
    if term.note:
        _sub(entry, "note", term.note)
    if term.source_url:
        _sub(entry, "xref", term.source or term.source_url, type="externalCrossReference",
             target=term.source_url)
    if term.date:
        grp = _sub(entry, "transacGrp")
        _sub(grp, "transac", "origination", type="transactionType")
        _sub(grp, "date", term.date)
    zh = _sub(entry, "langSet", **{XML_LANG: "zh"})
    _tig(zh, term.zh, PREFERRED, term.example_zh)
    if term.pinyin:
        # pinyin is a pronunciation of the Chinese term: kept as a note on its section
        _sub(zh[-1], "note", f"pinyin: {term.pinyin}")
    en = _sub(entry, "langSet", **{XML_LANG: "en"})
    _tig(en, term.en, PREFERRED, term.example_en)
    sources = term.alt_source if len(term.alt_source) == len(term.alt_en) else ()
    for i, alt in enumerate(term.alt_en):
        _tig(en, alt, ADMITTED, source_url=sources[i] if sources else "")
    for form, reason in term.deprecated:
        _tig(en, form, DEPRECATED, note=reason)


def render(terms: Sequence[Term], title: str = "termdrills glossary") -> str:
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = _sub(root, "martifHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", title)
    _sub(_sub(file_desc, "sourceDesc"), "p", "Exported by termdrills from its glossary: "
         "official English renderings of Chinese political terms.")
    _sub(_sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for term in terms:
        _entry(body, term)
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + DOCTYPE + xml + "\n"


def _files(request: ExportRequest) -> Files:
    return [(request.out, render(request.terms,
                                 title=f"{request.course.title}: {request.title}"))]


EXPORT = Export(
    name="tbx", help="TBX-Basic for memoQ, Trados and Phrase",
    description="tbx: TBX-Basic (ISO 30042) for memoQ, Trados MultiTerm and Phrase: one "
    "concept entry per term, the official rendering preferred, alternatives admitted "
    "(each with its source), deprecated forms with their reasons.",
    files=_files)
