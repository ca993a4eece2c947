"""Pages of the built course site, made self-contained for a package (``export scorm``).

`bundle(site, pages)` returns every file the pages need, by their paths inside the site:
the pages themselves, rewritten, and each local file they load (stylesheets, scripts,
images, fonts), followed through the stylesheets' ``url(...)`` and ``@import``. Nothing
outside the site folder is ever read. In the pages:

- a link to another page of the site (the sidebar, previous/next, the glossary) loses
  its ``href``: each lesson is launched by the LMS on its own, and leaving the page
  would end its session (``data-td-unlinked`` marks it; the package's stylesheet shows it
  as plain text); a link to a place on the same page stays;
- a link to another site (``https://…``) opens in a new tab, so the LMS frame stays;
- ``<link rel="next|prev|index|search">`` hints are dropped, a search form is hidden;
- a local file a page loads but the site does not have is left out (the site itself
  would fail to load it too);
- nothing is loaded from outside the package: a remote file a page would load (a
  script, a stylesheet, an image, a frame, a font, ``<link rel="preconnect|icon|…">``,
  ``url(…)`` and ``@import`` in a stylesheet, a ``<style>`` element or a ``style``
  attribute), a ``<meta http-equiv="refresh">`` and a ``<base>`` are removed (an
  element that only loads goes whole, otherwise the attribute), and a link that runs
  code (``javascript:``, ``data:``) or pings a server loses its ``href``/``ping``;
- a page that loads the drills' code also loads the SCORM runtime
  (``termdrills-<digest>-scorm.js`` beside the code file, `scorm_runtime`), in a plain
  script before it: only a package carries it, and it is there before the drills start.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from termdrills._files import read_bytes, read_text
from termdrills.contracts import CODE_FILE

#: The package's own stylesheet, added to every page (see the module doc).
EXTRA_CSS = "_termdrills/scorm.css"
EXTRA_CSS_TEXT = """/* termdrills SCORM package: links to pages outside the package are plain text,
   and the site search (its pages are not in the package) is hidden. */
a[data-td-unlinked] { color: inherit; text-decoration: none; cursor: default; }
form[data-td-unlinked], .search-button, .search-button-field, .search-button__wrapper,
button[aria-label="Search"] { display: none !important; }
"""
_LOADS = {("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
          ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
          ("embed", "src"), ("object", "data"), ("input", "src"), ("iframe", "src")}
_HINTS = {"next", "prev", "previous", "index", "search", "author", "help", "license"}
_CSS_REF = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
#: A stylesheet's load of another site: ``url(https://…)``, ``url(//…)``, ``@import "…"``
#: (quoted, or unquoted in url()), case as CSS allows it.
_CSS_REMOTE = re.compile(
    r"""@import\s+(?:url\(\s*)?(['"]?)\s*(?:[a-z][a-z0-9+.-]*:|//)[^'")\s;]*\1\s*\)?[^;]*;?"""
    r"""|url\(\s*(['"]?)\s*(?:[a-z][a-z0-9+.-]*:(?<!data:)|//)[^'")]*\2\s*\)""",
    re.IGNORECASE)
#: Elements without content that only load something: gone whole when it is remote
#: (others lose the attribute; a script's type becomes text/plain).
_ONLY_LOADS = {"link", "embed", "source", "track", "image", "use"}
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)


def _remote(ref: str | None) -> bool:
    """True for a reference that leaves the package: another site (``https://…``,
    ``//host/…``) or any scheme but ``data:`` (a ``data:`` load stays inside)."""
    parts = urlsplit((ref or "").strip())
    return bool(parts.netloc) or (bool(parts.scheme) and parts.scheme.lower() != "data")


def inert_css(text: str) -> str:
    """A stylesheet without its loads from other sites (``url(https://…)`` becomes
    ``none``, a remote ``@import`` goes)."""
    return _CSS_REMOTE.sub(lambda m: "" if m.group().lstrip()[:1] == "@" else "none", text)


def _local(ref: str) -> str | None:
    """The path part of a reference to a file of the site; None for another site, a
    data: URL, or a place on the same page."""
    parts = urlsplit(ref.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def _join(base: str, ref: str) -> str | None:
    """`ref` (relative to the file `base`) as a path inside the site, or None if outside."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), ref))
    return None if joined.startswith(("../", "/")) or joined == ".." else joined


class _Tags(HTMLParser):
    """Start tags with their positions in the text (offset, raw text, tag, attributes)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0, *(m.end() for m in re.finditer("\n", text))]  # as getpos counts
        self.tags: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        self.tags.append((self.lines[line - 1] + col, self.get_starttag_text() or "", tag,
                          attrs))

    handle_startendtag = handle_starttag


def _tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    inner = "".join(f" {k}" if v is None else f' {k}="{html.escape(v, quote=True)}"'
                    for k, v in attrs)
    return f"<{tag}{inner}>"


def _rewrite(path: str, text: str, pages: set[str], needed: set[str]) -> str:
    """The page with its links made package-safe; adds what it loads to `needed`."""
    out: list[str] = []
    last = 0
    for offset, raw, tag, attrs in _Tags(text).tags:
        new = list(attrs)
        values = dict(attrs)
        rel = set((values.get("rel") or "").lower().split())
        loads = [k for k in ("src", "href", "data", "poster", "xlink:href")
                 if (tag, k) in _LOADS or (tag in ("image", "use") and k in ("href",
                                                                              "xlink:href"))]
        remote = [k for k in loads if _remote(values.get(k))]
        remote += [k for k in ("srcset", "imagesrcset") if any(
            _remote(c.strip().split(" ")[0]) for c in (values.get(k) or "").split(","))]
        refresh = tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh"
        if (tag == "link" and rel & _HINTS) or tag == "base" or refresh \
                or (remote and tag in _ONLY_LOADS):
            new = []
        elif remote:
            new = [(k, v) for k, v in attrs if k not in remote and k != "type"]
            if tag == "script":  # its own text, if any, must not run in its place
                new.append(("type", "text/plain"))
        elif tag in ("a", "area") and _remote(values.get("href")) and urlsplit(
                (values.get("href") or "").strip()).scheme.lower() not in ("http", "https", ""):
            new = [(k, v) for k, v in attrs if k not in ("href", "ping", "target")]
            new.append(("data-td-unlinked", ""))
        elif tag in ("a", "area") and values.get("href"):
            ref = values["href"] or ""
            local = _local(ref)
            target = _join(path, local) if local else None
            if local is None and urlsplit(ref).scheme in ("http", "https"):
                new = [(k, v) for k, v in attrs if k not in ("target", "rel", "ping")]
                new += [("target", "_blank"), ("rel", "noopener noreferrer")]
            elif target == path:
                new = [(k, "#" + urlsplit(ref).fragment if k == "href" else v)
                       for k, v in attrs]
            elif local is not None:
                new = [(k, v) for k, v in attrs if k not in ("href", "target", "download")]
                new.append(("data-td-unlinked", ""))
        elif tag == "form" and values.get("action") is not None:
            new = [(k, v) for k, v in attrs if k != "action"]
            new += [("hidden", None), ("data-td-unlinked", "")]
        elif values.get("style") and _CSS_REMOTE.search(values.get("style") or ""):
            new = [(k, inert_css(v) if k == "style" and v else v) for k, v in attrs]
        elif tag == "script" and CODE_FILE.search(values.get("src") or ""):
            local = _local(values.get("src") or "")
            target = _join(path, local) if local else None
            if target:
                needed.add(target)
                runtime = scorm_runtime(target)
                needed.add(runtime)
                src = posixpath.relpath(runtime, posixpath.dirname(path) or ".")
                out += [text[last:offset], f'<script src="{html.escape(src)}"></script>', raw]
                last = offset + len(raw)
            continue
        else:
            for key in ("src", "href", "data", "poster"):
                local = _local(values.get(key) or "") if (tag, key) in _LOADS else None
                target = _join(path, local) if local else None
                if target and target not in pages:
                    needed.add(target)
            for key in ("srcset",):
                for candidate in (values.get(key) or "").split(","):
                    local = _local(candidate.strip().split(" ")[0])
                    target = _join(path, local) if local else None
                    if target:
                        needed.add(target)
            continue
        out += [text[last:offset], _tag(tag, new) if new else ""]
        last = offset + len(raw)
    out.append(text[last:])
    page = _STYLE_BLOCK.sub(lambda m: m[1] + inert_css(m[2]) + m[3], "".join(out))
    css = posixpath.relpath(EXTRA_CSS, posixpath.dirname(path) or ".")
    return page.replace("</head>", f'<link rel="stylesheet" href="{css}">\n</head>', 1)


def bundle(site: Path, pages: Sequence[str]) -> dict[str, bytes]:
    """Every file of the package under `site`: path inside the site → bytes."""
    files: dict[str, bytes] = {EXTRA_CSS: EXTRA_CSS_TEXT.encode()}
    needed: set[str] = set()
    for page in pages:
        text = read_text(site / page)  # UTF-8, by the one policy (text.decode)
        files[page] = _rewrite(page, text, set(pages), needed).encode("utf-8")
    todo = sorted(needed)
    while todo:
        path = todo.pop()
        real = (site / path).resolve()
        if path in files or not real.is_file() or not real.is_relative_to(site.resolve()):
            continue
        data = read_bytes(site / path)
        if path.endswith(".css"):
            text = data.decode("utf-8", "replace")
            if _CSS_REMOTE.search(text):
                data = inert_css(text).encode("utf-8")
        files[path] = data
        if path.endswith(".css"):
            for m in _CSS_REF.finditer(data.decode("utf-8", "replace")):
                local = _local(m.group(2) or m.group(4) or "")
                target = _join(path, local) if local else None
                if target and target not in files:
                    todo.append(target)
    return files


def scorm_runtime(code_file: str) -> str:
    """The SCORM runtime's file beside the drills' code file (`termdrills.book.drill_code`)."""
    return f"{code_file[:-len('.js')]}-scorm.js"


def page_code(page: Path, html: str) -> str:
    """The drills' code a built page runs: the code file it references (read from the
    site beside it), or, on a page built before the code had its own file, the page."""
    m = re.search(f'src="([^"?#]*{CODE_FILE.pattern})', html)
    if m is None:
        return html
    path = (page.parent / m[1]).resolve()
    return read_text(path) if path.is_file() else ""


def page_scorm_code(page: Path, html: str) -> str:
    """The SCORM runtime a package of a built page would carry ("" when the site has
    none); on a page built before the code was split, the code it runs."""
    m = re.search(f'src="([^"?#]*{CODE_FILE.pattern})', html)
    if m is None:
        return html
    path = (page.parent / scorm_runtime(m[1])).resolve()
    return read_text(path) if path.is_file() else page_code(page, html)
