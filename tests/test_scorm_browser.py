"""`termdrills export scorm` against a real SCORM 1.2 runtime: scorm-again (npm), the LMS
side, in Debian chromium.

The package of lesson government-services (from the built site, `_build/html`) is
unzipped and served beside a harness page that does what an LMS player does: it puts
``window.API = new Scorm12API(...)`` on the parent page, gives it the manifest's mastery
score and launches the SCO (the lesson page) in an iframe. A student answers every
graded drill on the page (one answer wrong) and rates a flashcard; the test then reads
what the runtime recorded: score, status, every interaction, LMSFinish on leaving. The
same package opened as a plain page (no API) works with no error. No request leaves
the package's folder. The harness screenshots go to book/images/ for book/lms.md.

The harness also keeps what Moodle 4.2 would store (`window.moodle`), by two rules of its
SCORM 1.2 runtime (mod/scorm/datamodels/scorm_12.js and the attempt's storage; written
down here, not its code): every commit sends every element's value through
encodeURIComponent, which throws URIError on half of a surrogate pair, and then nothing
of that commit, or of any later one, reaches Moodle; and when the page finishes, a
score.raw with a mastery score makes the status passed or failed (the activity's
"mastery score overrides status", on by default), whatever the page set. What Moodle
stored is offered to the next launch, as Moodle resumes an attempt (suspend_data, status,
score).
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, serve

from termdrills.cli import main

pytestmark = pytest.mark.browser
lxml_etree = pytest.importorskip("lxml.etree")

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
IMAGES = ROOT / "book" / "images"
LESSON = "government-services"
PAGE = "lessons/government_services.html"
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"

HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LMS harness (scorm-again)</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; display: flex; font: 14px/1.4 "Noto Sans", sans-serif; }
  iframe { border: 0; width: 1000px; height: 900px; }
  #lms { width: 290px; padding: 12px; background: #eef2f6; border-left: 1px solid #99a; }
  #lms h2 { font-size: 15px; margin: 0 0 8px; }
  #lms dt { font-weight: bold; margin-top: 6px; }
  #lms ol { padding-left: 20px; margin: 4px 0; font-size: 12px; }
</style>
<script src="scorm12.min.js"></script>
<script>
  window.API = new Scorm12API({ logLevel: 5 });
  // Moodle resumes an attempt with what it stored (see window.moodle below).
  const kept = JSON.parse(localStorage.getItem("moodle:stored") || "null");
  window.API.loadFromJSON({ student_data: { mastery_score: "MASTERY" },
    ...(kept ? { core: { lesson_status: kept.core.lesson_status, entry: "resume",
      score: kept.core.score }, suspend_data: kept.suspend_data } : {}) }, "");
  // What the runtime holds, as plain data (its JSON form: write-only elements included).
  window.lmsRecord = () => ({ ...JSON.parse(JSON.stringify(window.API.cmi)),
    interactions: window.API.cmi.interactions.childArray
      .map((i) => JSON.parse(JSON.stringify(i))) });
  function show() {
    const cmi = window.lmsRecord();
    const rows = cmi.interactions;
    const list = document.createElement("ol");
    for (const i of rows.slice(-6)) {
      const li = document.createElement("li");
      li.textContent = `${i.id}: ${i.student_response} (${i.result})`;
      list.append(li);
    }
    const dl = document.getElementById("record");
    dl.replaceChildren();
    for (const [term, value] of [["score", `${cmi.core.score.raw} / ${cmi.core.score.max}`],
        ["lesson_status", cmi.core.lesson_status], ["interactions", String(rows.length)]]) {
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      dl.append(dt, dd);
    }
    document.getElementById("last").replaceChildren(list);
  }
  window.API.on("LMSCommit", () => setTimeout(show, 0));
  // What Moodle would store: a commit is lost when a value cannot be URI-encoded.
  window.moodle = { stored: null, lost: 0 };
  const moodleCommit = () => {
    const cmi = window.lmsRecord();
    try {
      JSON.stringify(cmi, (k, v) => (typeof v === "string" ? encodeURIComponent(v) : v));
    } catch {
      window.moodle.lost++;
      return;
    }
    window.moodle.stored = JSON.parse(JSON.stringify(cmi));
  };
  window.API.on("LMSCommit", moodleCommit);
  window.API.on("LMSFinish", () => {
    moodleCommit();
    const s = window.moodle.stored;
    if (s && s.student_data.mastery_score !== "" && s.core.score.raw !== "") {
      s.core.lesson_status = Number(s.core.score.raw) >= Number(s.student_data.mastery_score)
        ? "passed" : "failed";
    }
    localStorage.setItem("moodle:stored", JSON.stringify(s));
  });
</script></head>
<body><iframe id="sco" title="The lesson (SCO)" src="pkg/PAGE"></iframe>
<aside id="lms"><h2>What the LMS recorded</h2><dl id="record"></dl>
<p>Latest interactions:</p><div id="last"></div></aside></body></html>
"""


@pytest.fixture(scope="module")
def package(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lesson's SCORM package, unzipped beside the harness, scorm-again and all."""
    if not SCORM_AGAIN.is_file():
        if os.environ.get("TERMDRILLS_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(f"{SCORM_AGAIN} is missing: run `npm ci --no-audit --no-fund`")
        pytest.skip("scorm-again not installed (npm ci --no-audit --no-fund)")
    folder = tmp_path_factory.mktemp("lms")
    out = folder / "lesson.zip"
    assert main(["export", "scorm", "--lesson", LESSON, "--glossary",
                 str(ROOT / "glossary.csv"), "--site", str(built_site), "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder / "pkg")
    manifest = lxml_etree.parse(str(folder / "pkg" / "imsmanifest.xml"))
    mastery = manifest.findtext(f".//{CP}item/{ADLCP}masteryscore")
    assert mastery == "80"
    shutil.copy(SCORM_AGAIN, folder / "scorm12.min.js")
    (folder / "lms.html").write_text(
        HARNESS.replace("MASTERY", mastery).replace("PAGE", PAGE), encoding="utf-8")
    return folder


@pytest.fixture()
def lms(package: Path, offline_page) -> Iterator[tuple[object, object, list[str], str]]:
    """(page, its log, every URL the SCO frame requested, the base URL)."""
    page, log = offline_page
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if r.frame != page.main_frame
            else None)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    with serve(package) as url:
        yield page, log, requested, url
    assert failed == [], failed
    assert log.outside_requests == []


def _states(frame: object) -> list[dict]:
    return frame.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('.termdrills-static script.termdrills-data')]"
        ".map((s) => JSON.parse(s.textContent))")


def _answer_all(frame: object, kinds: tuple[str, ...] = ("multiple_choice", "typed_recall"),
                long_answer: str = "") -> tuple[int, int, dict]:
    """Answer every graded drill on the page (of `kinds`): the first question of the first
    multiple choice drill wrong, everything else right, but the first typed recall item,
    given `long_answer`. Returns (items, right, first wrong)."""
    states = _states(frame)
    items = right = 0
    wrong: dict = {}
    for state in states:
        drill = f"section.termdrills[data-drill='{state['drill_id']}']"
        kind = state["kind"]
        if kind not in kinds:
            continue
        if kind == "multiple_choice":
            for q in state["payload"]["questions"]:
                choice = q["answer"]
                if not wrong:
                    choice = (q["answer"] + 1) % len(q["options"])
                    wrong = {"drill": state["drill_id"], "term": q["id"],
                             "answer": q["options"][choice]}
                else:
                    right += 1
                frame.click(f"{drill} .td-option[data-index='{choice}']")  # type: ignore[attr-defined]
                frame.click(f"{drill} .td-next")  # type: ignore[attr-defined]
                items += 1
        elif kind == "typed_recall":
            for item in state["payload"]["items"]:
                answer, long_answer = long_answer or item["accepted"][0], ""
                frame.fill(f"{drill} input.td-input", answer)  # type: ignore[attr-defined]
                frame.press(f"{drill} input.td-input", "Enter")  # type: ignore[attr-defined]
                frame.click(f"{drill} .td-next")  # type: ignore[attr-defined]
                items += 1
                right += answer == item["accepted"][0]
    return items, right, wrong


def test_a_students_answers_reach_the_lms(lms) -> None:
    page, log, requested, url = lms
    page.set_viewport_size({"width": 1290, "height": 900})
    page.goto(url + "lms.html")
    frame = page.frame_locator("#sco")
    frame.locator(".termdrills-static[data-mounted]").first.wait_for()
    sco = next(f for f in page.frames if f.url.endswith(PAGE))
    sco.wait_for_function("[...document.querySelectorAll('.termdrills-static')]"
                          ".every((d) => d.hasAttribute('data-mounted'))")
    assert page.evaluate("window.API.isInitialized()")
    assert page.evaluate("window.lmsRecord().core.lesson_status") == "incomplete"

    items, right, wrong = _answer_all(sco)
    assert items == 24  # 8 terms: multiple choice both ways and typed recall
    cmi = page.evaluate("window.lmsRecord()")
    interactions = cmi["interactions"]
    assert len(interactions) == items
    assert cmi["core"]["score"]["raw"] == str(round(100 * right / items))  # 96
    assert cmi["core"]["score"]["min"] == "0" and cmi["core"]["score"]["max"] == "100"
    assert cmi["core"]["lesson_status"] == "passed"  # 96 ≥ the manifest's 80
    first = interactions[0]
    assert first["id"] == f"{wrong['drill']}.{wrong['term']}"
    assert first["type"] == "choice" and first["result"] == "wrong"
    assert first["student_response"] == wrong["answer"]
    assert all(i["result"] == "correct" for i in interactions[1:])
    typed = [i for i in interactions if i["type"] == "fill-in"]
    assert len(typed) == 8

    # A flashcard rating is recorded, not scored.
    cards = "section.td-flashcards"
    sco.click(f"{cards} .td-nav button:nth-child(2)")  # flip
    sco.click(f"{cards} .td-rate[data-rating='easy']")
    cmi = page.evaluate("window.lmsRecord()")
    assert cmi["interactions"][-1]["type"] == "likert"
    assert cmi["interactions"][-1]["result"] == "neutral"
    assert cmi["core"]["score"]["raw"] == str(round(100 * right / items))

    # Starting a drill again records the new answers; the first answers keep the score.
    typed = "section.td-typed_recall"
    sco.click(f"{typed} .td-nav button")  # Start again
    sco.fill(f"{typed} input.td-input", "government affairs services")
    sco.press(f"{typed} input.td-input", "Enter")
    cmi = page.evaluate("window.lmsRecord()")
    assert cmi["interactions"][-1]["result"] == "wrong"
    assert cmi["interactions"][-1]["student_response"] == "government affairs services"
    assert cmi["core"]["score"]["raw"] == str(round(100 * right / items))

    # The screenshot for book/lms.md: a drill and what the LMS holds, side by side.
    sco.evaluate(f"document.querySelector('{typed}').scrollIntoView({{block: 'center'}})")
    page.wait_for_timeout(300)
    IMAGES.mkdir(exist_ok=True)
    page.screenshot(path=str(IMAGES / "lms-scorm-harness.png"),
                    clip={"x": 250, "y": 0, "width": 1040, "height": 640})

    # Leaving the page ends the session: LMSFinish, with the session time.
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("window.API.isTerminated()")
    cmi = page.evaluate("window.lmsRecord()")
    assert cmi["core"]["exit"] == ""
    assert cmi["core"]["session_time"] not in ("", "00:00:00")

    package_url = url + "pkg/"
    assert requested and all(u.startswith((package_url, "data:")) or u == "about:blank"
                             for u in requested), requested
    assert log.console_errors == [] and log.page_errors == []


def _launch(page, url: str):  # type: ignore[no-untyped-def]
    """Open the harness and wait for the SCO's drills; returns the SCO's frame."""
    page.goto(url + "lms.html")
    page.frame_locator("#sco").locator(".termdrills-static[data-mounted]").first.wait_for()
    sco = next(f for f in page.frames if f.url.endswith(PAGE))
    sco.wait_for_function("[...document.querySelectorAll('.termdrills-static')]"
                          ".every((d) => d.hasAttribute('data-mounted'))")
    return sco


def _leave(page) -> dict:  # type: ignore[no-untyped-def]
    """Close the SCO (LMSFinish); what Moodle would store."""
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("window.API.isTerminated()")
    return page.evaluate("window.moodle")  # type: ignore[no-any-return]


def test_a_long_answer_cut_for_the_lms_never_breaks_a_later_commit(lms) -> None:
    """A typed answer longer than 255 UTF-16 code units with an emoji across the cut: the
    old cut kept half of it, Moodle's every later commit failed, and a student who passed
    with 92 was stored incomplete with the score of before."""
    page, log, _, url = lms
    sco = _launch(page, url)
    long_answer = "x" * 254 + "😀" * 30
    items, right, _ = _answer_all(sco, long_answer=long_answer)
    assert (items, right) == (24, 22)
    cmi = page.evaluate("window.lmsRecord()")
    response = next(i["student_response"] for i in cmi["interactions"]
                    if i["student_response"].startswith("xxx"))
    assert response == "x" * 254  # cut before the emoji, not inside it
    moodle = _leave(page)
    assert moodle["lost"] == 0
    stored = moodle["stored"]["core"]
    assert (stored["lesson_status"], stored["score"]["raw"]) == ("passed", "92")
    assert log.console_errors == [] and log.page_errors == []


def test_a_student_who_leaves_early_is_incomplete_and_finishes_on_the_next_visit(
        lms) -> None:
    """Only the multiple choice drills answered, then the page closed: Moodle keeps the
    attempt incomplete, with no score (the old page reported 100 of the 16 answered, so
    Moodle's override stored "failed"). The next launch resumes: the typed recall drill
    answered, the page is complete, passed with the score of all 24 first answers."""
    page, log, _, url = lms
    sco = _launch(page, url)
    items, right, _ = _answer_all(sco, kinds=("multiple_choice",))
    assert (items, right) == (16, 15)
    moodle = _leave(page)
    stored = moodle["stored"]
    assert stored["core"]["lesson_status"] == "incomplete"
    assert stored["core"]["score"]["raw"] == ""
    assert stored["core"]["exit"] == "suspend"
    assert stored["suspend_data"].startswith("td1:")
    sco = _launch(page, url)  # the next visit
    assert page.evaluate("window.API.cmi.core.entry") == "resume"
    more, more_right, _ = _answer_all(sco, kinds=("typed_recall",))
    assert (more, more_right) == (8, 8)
    moodle = _leave(page)
    core = moodle["stored"]["core"]
    assert (core["lesson_status"], core["score"]["raw"]) == ("passed", "96")  # 23 of 24
    assert log.console_errors == [] and log.page_errors == []


def test_the_package_works_as_a_plain_page(lms) -> None:
    page, log, _, url = lms
    page.goto(url + "pkg/" + PAGE)
    page.wait_for_function("[...document.querySelectorAll('.termdrills-static')]"
                           ".every((d) => d.hasAttribute('data-mounted'))")
    state = next(s for s in _states(page.main_frame) if s["kind"] == "multiple_choice")
    drill = f"section.termdrills[data-drill='{state['drill_id']}']"
    page.click(f"{drill} .td-option[data-index='{state['payload']['questions'][0]['answer']}']")
    assert "td-right" in page.get_attribute(f"{drill} .td-feedback", "class")
    assert page.evaluate("typeof window.API") == "undefined"
    # Links to pages that are not in the package are plain text; same-page links stay.
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map((a) => a.href)")
    assert all(h.startswith(url + "pkg/" + PAGE) or h.startswith(("http://", "https://"))
               and not h.startswith(url) for h in hrefs), hrefs
    assert page.locator("a[data-td-unlinked]").count() > 0
    assert log.console_errors == [] and log.page_errors == []


def test_manifest_lists_one_sco_per_page_and_every_file(package: Path) -> None:
    pkg = package / "pkg"
    manifest = lxml_etree.parse(str(pkg / "imsmanifest.xml"))
    scos = manifest.findall(f".//{CP}resource[@{ADLCP}scormtype='sco']")
    assert [r.get("href") for r in scos] == [PAGE]
    listed = {f.get("href") for f in manifest.iter(f"{CP}file")}
    on_disk = {p.relative_to(pkg).as_posix() for p in pkg.rglob("*") if p.is_file()}
    assert listed == on_disk - {"imsmanifest.xml"}
    assert json.dumps(sorted(on_disk)).count(".html") == 1
