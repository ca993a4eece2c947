"""The drills' front-end files, assembled into the one module the browser runs.

The files in ``termdrills/static/`` are real ES modules (node's tests import them
one by one). `module()` joins them without a bundler: it follows the relative
imports from ``index.js``, puts every file after the files it imports, drops the
import lines and the ``export`` keywords of every file but ``index.js``, turns each
JSON import (``import X from "../../schema/store.schema.json" with { type: "json" }``,
from ``schema/`` or ``i18n/``) into ``const X = <the JSON>;`` and puts
``const CSS = <static/drills.css>;`` first.
All files then share one scope, so a top-level name defined in two files is an
error naming both (caught when the module is built, i.e. by every test).

`classic_script()` is the same module as a classic script for the course site, which
serves it as one file every drill page references (`termdrills.book.drill_code`).

Everything is read again when a file changes (the cache is keyed by the files'
modification times), so a kernel picks up an edited drill without a restart (see
`_base._code_ref`, which pushes the new code to the front end).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
STATIC = PACKAGE / "static"
I18N = PACKAGE / "i18n" / "strings.json"
#: Folders a module may import JSON from.
DATA = (PACKAGE / "schema", PACKAGE / "i18n")
CSS_FILE = STATIC / "drills.css"
ENTRY = "index.js"

_IMPORT = re.compile(r"^import\s*\{[^}]*\}\s*from\s*\"(?P<path>[^\"]+)\";[ \t]*\n?", re.MULTILINE)
_EXPORT = re.compile(r"^export (?=(?:async )?function|const |let |class )", re.MULTILINE)
_JSON_IMPORT = re.compile(r"^import\s+(?P<name>[A-Za-z_$][\w$]*)\s+from\s*\"(?P<path>[^\"]+\.json)\""
                          r"\s+with\s*\{\s*type:\s*\"json\"\s*\};[ \t]*\n?", re.MULTILINE)
_DEFINES = re.compile(r"^(?:export )?(?:async )?(?:function\*?|const|let|var|class)\s+"
                      r"([A-Za-z_$][\w$]*)", re.MULTILINE)


def _files() -> tuple[Path, ...]:
    """Every file the module is made of (for the cache key and for digests)."""
    return (*sorted(STATIC.rglob("*.js")), CSS_FILE, *sorted(p for d in DATA
                                                               for p in d.glob("*.json")))


def _stamp() -> tuple[tuple[str, int], ...]:
    return tuple((str(p), p.stat().st_mtime_ns) for p in _files())


def strings() -> dict[str, dict[str, str]]:
    """Interface strings by language ("en", "zh"): the one place they live."""
    return _strings(_stamp())


@functools.lru_cache(maxsize=2)
def _strings(stamp: tuple[tuple[str, int], ...]) -> dict[str, dict[str, str]]:
    return json.loads(I18N.read_text(encoding="utf-8"))


def css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def script_json(data: object) -> str:
    """JSON that is safe inside an inline <script>: no `</`, no `<!--`, no `]]>`.

    `<`, `>` and `&` only occur inside JSON strings, where the \\uXXXX escapes
    mean the same characters to JSON.parse and to a JavaScript parser.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def ordered_sources() -> list[Path]:
    """The module's files, each after the files it imports (depth first from index.js)."""
    order: list[Path] = []
    visiting: set[Path] = set()

    def visit(path: Path) -> None:
        if path in order:
            return
        if path in visiting:
            raise RuntimeError(f"{path.relative_to(STATIC)}: import cycle")
        visiting.add(path)
        for m in _IMPORT.finditer(_JSON_IMPORT.sub("", path.read_text(encoding="utf-8"))):
            target = (path.parent / m["path"]).resolve()
            if not m["path"].startswith((".", "/")) or not target.is_relative_to(STATIC):
                raise RuntimeError(f"{path.relative_to(STATIC)}: imports {m['path']}, "
                                   "outside termdrills/static")
            visit(target)
        visiting.discard(path)
        order.append(path)

    visit(STATIC / ENTRY)
    return order


def module() -> str:
    """The drills' ES module (exports `render`, `mountAll`, default `{render}`)."""
    return _module(_stamp())


def digest() -> str:
    """A short hash of the module: changes exactly when the module's text changes."""
    return hashlib.sha256(module().encode()).hexdigest()[:16]


def _inline_json(path: Path, source: str) -> str:
    """Each JSON import of `source` as a constant holding the file's data."""
    def const(m: re.Match[str]) -> str:
        target = (path.parent / m["path"]).resolve()
        if not any(target.is_relative_to(d) for d in DATA) or not target.is_file():
            raise RuntimeError(f"{path.relative_to(STATIC)}: imports {m['path']}, not a JSON "
                               "file of termdrills/schema or termdrills/i18n")
        data = json.loads(target.read_text(encoding="utf-8"))
        return f"const {m['name']} = {script_json(data)};\n"
    return _JSON_IMPORT.sub(const, source)


@functools.lru_cache(maxsize=2)
def _module(stamp: tuple[tuple[str, int], ...]) -> str:
    parts = [f"const CSS = {script_json(css())};\n"]
    defined: dict[str, Path] = {}
    for path in ordered_sources():
        source = _IMPORT.sub("", _inline_json(path, path.read_text(encoding="utf-8")))
        if path.name != ENTRY or path.parent != STATIC:
            source = _EXPORT.sub("", source)
        for name in _DEFINES.findall(source):
            if name in defined:
                raise RuntimeError(
                    f"{path.relative_to(STATIC)}: defines '{name}', as "
                    f"{defined[name].relative_to(STATIC)} does (the files share one scope)")
            defined[name] = path
        parts.append(f"// ---- {path.relative_to(STATIC).as_posix()}\n{source}")
    return "\n".join(parts)


#: What defines `globalThis.termdrills` once the module's code has run, and mounts the
#: page's static drills (the end of the inline module and of the classic script).
BOOT = "globalThis.termdrills ??= { render, mountAll };\nglobalThis.termdrills.mountAll();"
_ENTRY_EXPORTS = re.compile(r"^export default [^\n]*\n?|^export (?=(?:async )?function )",
                            re.MULTILINE)


def classic_script() -> str:
    """The module as a classic script: one function scope, no exports; it defines
    `globalThis.termdrills` and mounts the page's static drills. A classic
    ``<script src>`` also runs from a file:// URL, where a module script with ``src`` is
    blocked (origin null); the site loads it ``async`` (`termdrills.book.drill_code`)."""
    return _classic(_stamp())


@functools.lru_cache(maxsize=2)
def _classic(stamp: tuple[tuple[str, int], ...]) -> str:
    body = _ENTRY_EXPORTS.sub("", module())
    if re.search(r"^\s*(?:import|export)\b", body, re.MULTILINE):
        raise RuntimeError(f"{ENTRY}: an import or export the classic script cannot hold")
    return f'(() => {{\n"use strict";\n{body}\n{BOOT}\n}})();\n'


def live_loader() -> str:
    """The `_esm` of each drill widget: loads the module from the shared code model."""
    return (STATIC / "live.js").read_text(encoding="utf-8")
