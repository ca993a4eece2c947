"""A SCORM 1.2 package of a lesson, or of a unit (several ``--lesson``), from the built site.

The package holds the lesson pages as the course site shows them (``make book`` builds
them into ``_build/html``; ``--site`` names another folder) and every local file they
load, and nothing else: no page loads anything from outside the package. Each lesson
page is one SCO (sharable content object): the LMS lists the pages in the order of
``_toc.yml``, launches each on its own and keeps a score per page. A lesson's page is
its notebook (``lessons/<slug with - → _>``), and any other page whose glossary reads
(as the build recorded them in ``_static/termdrills-lessons.json``) are only lessons
asked for, so the unit's review page comes along when every lesson of the unit is
asked for.

In each page the drills find the LMS's SCORM API and report every answer, the score and
the status (``termdrills/static/core/scorm.js``, which the site's pages do not load: the
package's pages load it before the drills' code, `termdrills.exports._site`); the manifest sets the mastery score
(``--mastery``, default 80): a student who has answered every item passes at 80 % right.
The zip is the same bytes for the same site and options.
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from termdrills._files import read_text
from termdrills.contracts import LESSONS_FILE
from termdrills.course import read_yaml
from termdrills.errors import InputError
from termdrills.exports._format import Export, ExportRequest, Files
from termdrills.exports._package import ident, sub, xml_bytes, zip_bytes
from termdrills.exports._site import bundle, page_scorm_code

CP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MASTERY = 80
#: What the drills' module holds when it can report to an LMS (core/scorm.js).
SCORM_MARK = "LMSInitialize"
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def _toc_files(node: object) -> list[str]:
    """Every ``file:`` of a parsed _toc.yml, in order."""
    found: list[str] = []
    if isinstance(node, dict):
        if isinstance(node.get("file"), str):
            found.append(node["file"])
        for key, value in node.items():
            if key != "file":
                found += _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            found += _toc_files(item)
    return found


def _lessons_read(site: Path) -> dict[str, list[str]]:
    """Each page's glossary lessons, as the build recorded them (termdrills.book.freshness)."""
    path = site / LESSONS_FILE
    try:
        data = json.loads(read_text(path))
    except (InputError, ValueError):
        raise InputError(f"{path}: missing or unreadable: build the site with this "
                         "termdrills (`make book`)") from None
    except RecursionError:  # json nests as deep as the file: a build writes two levels
        raise InputError(f"{path}: nested too deeply: not the file a build writes; build "
                         "the site again (`make book`)") from None
    if not isinstance(data, dict):
        return {}
    return {str(k): [s for s in v if isinstance(s, str)] for k, v in data.items()
            if isinstance(v, list)}


def lesson_pages(root: Path, lessons: list[str], site: Path) -> list[tuple[str, list[str]]]:
    """(page path in the site, its lessons) for the pages of `lessons`, in _toc.yml order."""
    toc = root / "_toc.yml"
    if not toc.is_file():
        raise InputError(f"{toc}: no table of contents (is {root} a course folder?)")
    read = _lessons_read(site)
    own = {f"lessons/{slug.replace('-', '_')}": slug for slug in lessons}
    pages = []
    for entry in _toc_files(read_yaml(toc)):
        stem = entry.removesuffix(".ipynb").removesuffix(".md")
        of = read.get(f"{stem}.html", [])
        if stem in own:  # the lesson's own notebook (it may also read other lessons' rows)
            pages.append((f"{stem}.html", [own[stem]]))
        elif of and set(of) <= set(lessons):  # e.g. the unit's review page
            pages.append((f"{stem}.html", of))
    missing = [s for s in lessons if not any(s in of for _, of in pages)]
    if missing:
        raise InputError(f"{toc}: no lesson page for '{missing[0]}' (no page of the built site "
                         f"read that lesson's rows: is it in _toc.yml, and the site rebuilt?)")
    return pages


def _title(page: bytes, fallback: str) -> str:
    found = _TITLE.search(page.decode("utf-8", "replace"))
    text = re.sub(r"\s+", " ", found.group(1)).strip() if found else ""
    return html.unescape(text).split(" — ")[0].strip() or fallback


def manifest(title: str, pages: list[tuple[str, str]], files: list[str], mid: str,
             mastery: int) -> bytes:
    """imsmanifest.xml: one organization, one item and one SCO per page, the shared files
    as one asset resource every SCO depends on."""
    root = ET.Element("manifest", {
        "identifier": mid, "version": "1.0", "xmlns": CP_NS, "xmlns:adlcp": ADLCP_NS,
        "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{CP_NS} imscp_rootv1p1p2.xsd {ADLCP_NS} adlcp_rootv1p2.xsd"})
    meta = sub(root, "metadata")
    sub(meta, "schema", "ADL SCORM")
    sub(meta, "schemaversion", "1.2")
    orgs = sub(root, "organizations", default=ident(mid, "org"))
    org = sub(orgs, "organization", identifier=ident(mid, "org"))
    sub(org, "title", title)
    resources = sub(root, "resources")
    shared = ident(mid, "shared")
    for path, page_title in pages:
        item = sub(org, "item", identifier=ident(mid, "item", path),
                   identifierref=ident(mid, "sco", path), isvisible="true")
        sub(item, "title", page_title)
        sub(item, "adlcp:masteryscore", str(mastery))
        res = sub(resources, "resource", identifier=ident(mid, "sco", path),
                  type="webcontent", href=path, **{"adlcp:scormtype": "sco"})
        sub(res, "file", href=path)
        sub(res, "dependency", identifierref=shared)
    assets = sub(resources, "resource", identifier=shared, type="webcontent",
                 **{"adlcp:scormtype": "asset"})
    own = {p for p, _ in pages}
    for path in files:
        if path not in own:
            sub(assets, "file", href=path)
    return xml_bytes(root)


def render(site: Path, root: Path, lessons: list[str], title: str, course_id: str,
           mastery: int) -> bytes:
    """The package's bytes."""
    if not (site / "index.html").is_file():
        raise InputError(f"{site}: no built course site here: run `make book` first "
                         "(or give --site)")
    pages = lesson_pages(root, lessons, site)
    for path, _ in pages:
        page = site / path
        if not page.is_file():
            raise InputError(f"{page}: missing from the built site: run `make book` first")
        text = page.read_text(encoding="utf-8", errors="replace")
        if "termdrills-static" not in text:
            raise InputError(f"{page}: no drills on this page, nothing to report to an LMS")
        if SCORM_MARK not in page_scorm_code(page, text):  # the runtime beside its code
            raise InputError(f"{page}: built by a termdrills without SCORM reporting: run "
                             "`make book` again")
    files = bundle(site, [p for p, _ in pages])
    titled = [(p, _title(files[p], posixpath.basename(p))) for p, _ in pages]
    mid = ident(course_id, "scorm", *lessons)
    files["imsmanifest.xml"] = manifest(title, titled, sorted(files), mid, mastery)
    return zip_bytes(files)


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, metavar="FOLDER",
                   help="the built course site (default: _build/html beside the course's "
                   "_config.yml, or beside the glossary)")
    p.add_argument("--mastery", type=int, default=MASTERY, metavar="PERCENT",
                   help=f"score a student needs to pass a page (default {MASTERY})")


def _files(request: ExportRequest) -> Files:
    root = request.course.root or (request.glossary.path.parent if request.glossary.path
                                   else Path.cwd())
    site = request.options.get("site") or root / "_build" / "html"
    mastery = request.options.get("mastery", MASTERY)
    if not isinstance(mastery, int) or not 0 <= mastery <= 100:
        raise InputError(f"--mastery: {mastery} is not a whole number from 0 to 100")
    lessons = list(request.lessons) or list(request.glossary.lessons())
    title = f"{request.course.title}: {request.title}"
    return [(request.out, render(Path(site), root, lessons, title, request.course.course_id,
                                 mastery))]


EXPORT = Export(
    name="scorm", help="a SCORM 1.2 package (.zip) of lesson pages with their drills",
    description="scorm: a SCORM 1.2 zip of a lesson (--lesson SLUG) or a unit (several "
    "--lesson) from the built site (`make book` first), one SCO per page; the drills report "
    "each answer, the score and passed/failed (--mastery, default 80) to the LMS, and work "
    "as a plain page without one.",
    files=_files, add_arguments=_add_arguments)
