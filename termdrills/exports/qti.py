"""A QTI 1.2 package for Canvas: the LMS questions (`_questions`), one quiz per lesson.

The zip has the layout text2qti writes for Canvas (``imsmanifest.xml``; per assessment
a folder with ``<id>.xml``, the QTI ``questestinterop``, and ``assessment_meta.xml``,
Canvas's quiz settings), one assessment per lesson, so Canvas makes one quiz, and one
bank of questions, per lesson. Question types are Canvas's: ``multiple_choice_question``
(both directions), ``short_answer_question`` (every accepted rendering; Canvas ignores
case), ``matching_question`` and ``fill_in_multiple_blanks_question`` (the cloze: the
English sentence with one blank, the Chinese sentence above it).

Question texts and choices are HTML (``texttype="text/html"``), so glossary text is
HTML-escaped and then XML-escaped; accepted answers and matching texts are plain text.
Identifiers of assessments and items are derived from the course, lesson, seed and
question, so the package is the same bytes for the same glossary and seed. Choices (and
a matching question's rows) are plain numbers, as Canvas's own export writes them:
Canvas's importer takes a choice's id from the first run of digits in its identifier,
so two hex digests could give two choices of one question the same id (`choice_id`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.exports._package import esc, ident, sub, xml_bytes, zip_bytes
from termdrills.exports._questions import Bank, Cloze, Matching, MultipleChoice, ShortAnswer, draw
from termdrills.text.chinese import ZH_LANG

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
IMSCC_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


def _zh(text: str) -> str:
    return f'<span lang="{ZH_LANG}">{esc(text)}</span>'


def _prompt_zh(zh: str, pinyin: str) -> str:
    return f"<p>{_zh(zh)}" + (f" <em>{esc(pinyin)}</em>" if pinyin else "") + "</p>"


class _Item:
    """One QTI item under construction."""

    def __init__(self, section: ET.Element, qid: str, title: str, qtype: str,
                 html: str) -> None:
        self.qid = qid
        self.item = sub(section, "item", ident=qid, title=title)
        meta = sub(sub(self.item, "itemmetadata"), "qtimetadata")
        for label, entry in (("question_type", qtype), ("points_possible", "1.0"),
                             ("assessment_question_identifierref", ident(qid, "ref"))):
            field = sub(meta, "qtimetadatafield")
            sub(field, "fieldlabel", label)
            sub(field, "fieldentry", entry)
        self.presentation = sub(self.item, "presentation")
        sub(sub(self.presentation, "material"), "mattext", html, texttype="text/html")
        self.processing = sub(self.item, "resprocessing")
        sub(sub(self.processing, "outcomes"), "decvar", maxvalue="100", minvalue="0",
            varname="SCORE", vartype="Decimal")

    def choices(self, response: str, labels: list[tuple[str, str, str]],
                prompt: str | None = None, cardinality: str | None = None) -> None:
        """A response_lid; `labels` are (ident, text, texttype)."""
        attrs = {"ident": response, **({"rcardinality": cardinality} if cardinality else {})}
        lid = sub(self.presentation, "response_lid", **attrs)
        if prompt is not None:
            sub(sub(lid, "material"), "mattext", prompt, texttype="text/plain")
        render = sub(lid, "render_choice")
        for label, text, texttype in labels:
            sub(sub(sub(render, "response_label", ident=label), "material"), "mattext", text,
                texttype=texttype)

    def condition(self, response: str, values: list[str], action: str, score: str,
                  stop: bool | None = None) -> None:
        attrs = {} if stop is None else {"continue": "No" if stop else "Yes"}
        cond = sub(self.processing, "respcondition", **attrs)
        var = sub(cond, "conditionvar")
        for value in values:
            sub(var, "varequal", value, respident=response)
        sub(cond, "setvar", score, action=action, varname="SCORE")


#: The first choice's number; a matching question's rows are numbered from 1, apart.
CHOICE_BASE = 1001


def choice_id(i: int) -> str:
    """The identifier of a question's choice `i` (from 0): a plain number."""
    return str(CHOICE_BASE + i)


def _multichoice(section: ET.Element, qid: str, title: str, mc: MultipleChoice) -> None:
    if mc.direction == "zh-en":
        html = _prompt_zh(mc.prompt, mc.pinyin) + "<p>Choose the official English rendering.</p>"
    else:
        html = f"<p>{esc(mc.prompt)}</p><p>Choose the Chinese term.</p>"
    item = _Item(section, qid, title, "multiple_choice_question", html)
    labels = [(choice_id(i), esc(o) if mc.direction == "zh-en" else _zh(o), "text/html")
              for i, o in enumerate(mc.options)]
    item.choices("response1", labels, cardinality="Single")
    item.condition("response1", [labels[mc.answer][0]], "Set", "100", stop=True)


def _shortanswer(section: ET.Element, qid: str, title: str, sa: ShortAnswer) -> None:
    html = _prompt_zh(sa.prompt, sa.pinyin) + "<p>Type the official English rendering.</p>"
    item = _Item(section, qid, title, "short_answer_question", html)
    fib = sub(sub(item.presentation, "response_str", ident="response1", rcardinality="Single"),
              "render_fib")
    sub(fib, "response_label", ident="answer1", rshuffle="No")
    item.condition("response1", list(sa.accepted), "Set", "100", stop=True)


def _matching(section: ET.Element, qid: str, title: str, m: Matching) -> None:
    html = "<p>Match each Chinese term with its official English rendering.</p>"
    item = _Item(section, qid, title, "matching_question", html)
    labels = [(choice_id(i), en, "text/plain") for i, en in enumerate(m.choices)]
    by_text = {en: label for label, en, _ in labels}
    share = f"{100 / len(m.pairs):.2f}"
    for n, (zh, en) in enumerate(m.pairs, start=1):
        response = f"response_{n}"
        item.choices(response, labels, prompt=zh)
        item.condition(response, [by_text[en]], "Add", share)


def _blank_name(text: str) -> str:
    name, n = "blank", 0
    while f"[{name}]" in text:
        n += 1
        name = f"blank{n}"
    return name


def _cloze(section: ET.Element, qid: str, title: str, c: Cloze) -> None:
    blank = _blank_name(c.before + c.after)
    html = (f'<p lang="{ZH_LANG}">{esc(c.context)}</p>'
            f"<p>{esc(c.before)}[{blank}]{esc(c.after)}</p>")
    item = _Item(section, qid, title, "fill_in_multiple_blanks_question", html)
    labels = [(choice_id(i), a, "text/plain") for i, a in enumerate(c.accepted)]
    item.choices(f"response_{blank}", labels, prompt=blank)
    for label, _, _ in labels:  # any accepted rendering fills the blank
        item.condition(f"response_{blank}", [label], "Add", "100.00")


def assessment(bank: Bank, aid: str) -> bytes:
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NS, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"})
    test = sub(root, "assessment", ident=aid, title=bank.title)
    field = sub(sub(test, "qtimetadata"), "qtimetadatafield")
    sub(field, "fieldlabel", "cc_maxattempts")
    sub(field, "fieldentry", "1")
    section = sub(test, "section", ident="root_section")
    matching = 0
    for q in bank.questions:
        qid = ident(aid, q.ident)
        if isinstance(q, MultipleChoice):
            arrow = "English" if q.direction == "zh-en" else "Chinese"
            _multichoice(section, qid, f"{q.prompt} → {arrow}", q)
        elif isinstance(q, ShortAnswer):
            _shortanswer(section, qid, f"Type {q.prompt} in English", q)
        elif isinstance(q, Matching):
            matching += 1
            _matching(section, qid, f"Matching {matching}", q)
        elif isinstance(q, Cloze):
            _cloze(section, qid, f"Cloze: {q.term.zh}", q)
    return xml_bytes(root)


def assessment_meta(bank: Bank, aid: str, description: str) -> bytes:
    """Canvas's quiz settings: unpublished, unlimited attempts, highest score kept."""
    root = ET.Element("quiz", {
        "identifier": aid, "xmlns": CANVAS_NS, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd"})
    points = f"{len(bank.questions):.1f}"
    for tag, value in (("title", bank.title), ("description", description),
                       ("shuffle_answers", "true"), ("scoring_policy", "keep_highest"),
                       ("hide_results", ""), ("quiz_type", "assignment"),
                       ("points_possible", points), ("show_correct_answers", "true"),
                       ("anonymous_submissions", "false"), ("allowed_attempts", "-1"),
                       ("one_question_at_a_time", "false"), ("cant_go_back", "false"),
                       ("available", "false")):
        sub(root, tag, value)
    assignment = sub(root, "assignment", identifier=ident(aid, "assignment"))
    for tag, value in (("title", bank.title), ("workflow_state", "unpublished"),
                       ("quiz_identifierref", aid), ("points_possible", points),
                       ("grading_type", "points"), ("submission_types", "online_quiz")):
        sub(assignment, tag, value)
    return xml_bytes(root)


def manifest(banks: list[Bank], aids: list[str], mid: str, title: str) -> bytes:
    root = ET.Element("manifest", {
        "identifier": mid, "xmlns": IMSCC_NS,
        "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_v1p2"})
    meta = sub(root, "metadata")
    sub(meta, "schema", "IMS Content")
    sub(meta, "schemaversion", "1.1.3")
    sub(sub(sub(sub(meta, "imsmd:lom"), "imsmd:general"), "imsmd:title"), "imsmd:string", title)
    sub(root, "organizations")
    resources = sub(root, "resources")
    for aid in aids:
        res = sub(resources, "resource", identifier=aid, type="imsqti_xmlv1p2")
        sub(res, "file", href=f"{aid}/{aid}.xml")
        sub(res, "dependency", identifierref=ident(aid, "meta"))
        meta_res = sub(resources, "resource", identifier=ident(aid, "meta"),
                       type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                       href=f"{aid}/assessment_meta.xml")
        sub(meta_res, "file", href=f"{aid}/assessment_meta.xml")
    return xml_bytes(root)


def render(banks: list[Bank], course_id: str, course_title: str, seed: int) -> bytes:
    """The QTI zip's bytes."""
    files: dict[str, bytes] = {}
    aids = [ident(course_id, "qti", str(seed), bank.lesson) for bank in banks]
    for bank, aid in zip(banks, aids):
        description = (f"<p>{esc(course_title)}: {esc(bank.title)}. Drills from the course "
                       f"glossary (termdrills, variant {seed}).</p>")
        files[f"{aid}/{aid}.xml"] = assessment(bank, aid)
        files[f"{aid}/assessment_meta.xml"] = assessment_meta(bank, aid, description)
    files["imsmanifest.xml"] = manifest(banks, aids, ident(course_id, "qti", str(seed)),
                                        course_title)
    return zip_bytes(files)


def _files(request: ExportRequest) -> Files:
    banks, skipped = draw(request.terms, request.glossary.terms, request.seed,
                          request.glossary.path)
    request.notes.extend(skipped)
    return [(request.out, render(banks, request.course.course_id, request.course.title,
                                 request.seed))]


EXPORT = Export(
    name="qti", help="a QTI 1.2 package (.zip) for Canvas, one quiz per lesson",
    description="qti: a QTI 1.2 zip for Canvas (Settings → Import Course Content → QTI .zip "
    "file): per lesson a quiz and its questions, multiple choice both ways, short answer "
    "(every accepted rendering), matching and fill in the blank; --seed N draws variant N. "
    "Terms that cannot make a question of a kind are listed on stderr.",
    files=_files)
