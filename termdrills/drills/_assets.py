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

`classic_script()` is the same module as a classic script. `site_scripts()` splits it
for the course site (`termdrills.book.drill_code`), so that a page loads only the code
of the drill kinds it has: the shared core (every file ``index.js`` reaches without
going through a kind or ``core/scorm.js``) is one classic script, each kind (its file
and what only it needs) another, and the SCORM runtime a third that only a SCORM
package loads (`termdrills.exports.scorm`). Each kind's script runs in its own function
scope, taking the core's names it imports from ``globalThis.termdrills.core``; it may
arrive before or after the core (both are ``async``): a kind that comes first waits in
``globalThis.termdrillsQueue``, and a drill whose kind has not arrived waits unmounted
(`core/page.js`, ``mountDrills``).

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
_NAMES = re.compile(r"^import\s*\{(?P<names>[^}]*)\}\s*from\s*\"(?P<path>[^\"]+)\";", re.MULTILINE)
_KIND_ENTRY = re.compile(r"^const KINDS = \{(?P<body>[^}]*)\};\n", re.MULTILINE)
_RENDER = re.compile(r"^export function render\(.*?^\}\n", re.MULTILINE | re.DOTALL)
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
    body, _ = _body(ordered_sources(), entry_exports=True, comments=True)
    return f"const CSS = {script_json(css())};\n\n{body}"


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


# ------------------------------------------------------------- the course site's files

SCORM = "core/scorm.js"
#: The global the SCORM script defines (read by the core's stand-ins for its functions).
SCORM_GLOBAL = "termdrillsScorm"


def _imports(path: Path) -> list[tuple[Path, list[str]]]:
    """(file, the names taken from it) for each relative import of `path`."""
    text = _JSON_IMPORT.sub("", path.read_text(encoding="utf-8"))
    out = []
    for m in _NAMES.finditer(text):
        names = [n.split(" as ")[-1].strip() for n in m["names"].split(",") if n.strip()]
        out.append(((path.parent / m["path"]).resolve(), names))
    return out


def _reach(start: list[Path], cut: set[Path]) -> set[Path]:
    seen: set[Path] = set()
    todo = [p for p in start if p not in cut]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [t for t, _ in _imports(path) if t not in cut and t not in seen]
    return seen


def _kinds() -> dict[str, tuple[str, Path]]:
    """kind → (the function that draws it, its file), as ``index.js`` names them."""
    entry = STATIC / ENTRY
    text = entry.read_text(encoding="utf-8")
    files = {name: target for target, names in _imports(entry) for name in names}
    m = _KIND_ENTRY.search(text)
    if m is None:
        raise RuntimeError(f"{ENTRY}: no `const KINDS = {{…}};` to split the site's code by")
    kinds = {}
    for item in m["body"].split(","):
        if item.strip():
            kind, _, fn = (x.strip() for x in item.partition(":"))
            kinds[kind] = (fn or kind, files[fn or kind])
    return kinds


#: Whole-line comments: a line of ``//`` comment, or a ``/* … */`` block that starts a line
#: and ends one (never crossing another ``*/``). The site's files go without them.
_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n", re.MULTILINE)
_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*(?:[^*]|\*(?!/))*\*/[ \t]*\n", re.MULTILINE)


def _body(paths: list[Path], *, entry_exports: bool = False,
          comments: bool = False) -> tuple[str, dict[str, Path]]:
    """The files joined in order into one scope: imports dropped, each JSON import a
    constant, exports dropped (but `index.js`'s with `entry_exports`), whole-line comments
    dropped (a quarter of the bytes) unless `comments`; a name two files define is an
    error naming both. Also the names defined, by file."""
    parts: list[str] = []
    defined: dict[str, Path] = {}
    for path in paths:
        source = _IMPORT.sub("", _inline_json(path, path.read_text(encoding="utf-8")))
        if not (entry_exports and path.name == ENTRY and path.parent == STATIC):
            source = _EXPORT.sub("", source)
        if not comments:
            source = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", source))
        for name in _DEFINES.findall(source):
            if name in defined:
                raise RuntimeError(
                    f"{path.relative_to(STATIC)}: defines '{name}', as "
                    f"{defined[name].relative_to(STATIC)} does (the files share one scope)")
            defined[name] = path
        parts.append(f"// ---- {path.relative_to(STATIC).as_posix()}\n{source}")
    return "\n".join(parts), defined


def site_scripts() -> dict[str, str]:
    """The course site's classic scripts: ``""`` the core, each kind by name, and
    ``"scorm"`` (see the module doc)."""
    return _site_scripts(_stamp())


@functools.lru_cache(maxsize=2)
def _site_scripts(stamp: tuple[tuple[str, int], ...]) -> dict[str, str]:
    order = ordered_sources()
    entry, scorm = STATIC / ENTRY, (STATIC / SCORM).resolve()
    kinds = _kinds()
    cut = {f for _, f in kinds.values()} | {scorm, entry}
    core_files = _reach([t for t, _ in _imports(entry)], cut)
    core = [p for p in order if p in core_files]
    body, defined = _body(core)
    # The core's calls into the SCORM runtime go through the global its script defines.
    stand_ins = "".join(
        f"const {n} = (...a) => globalThis.{SCORM_GLOBAL}?.{n}(...a);\n"
        for path in core for target, names in _imports(path) if target == scorm for n in names)
    chunks: dict[str, tuple[list[Path], set[str]]] = {}
    for kind, (_, file) in kinds.items():
        files = _reach([file], core_files | {scorm})
        wanted = {n for f in files for t, names in _imports(f) if t in core_files for n in names}
        chunks[kind] = ([p for p in order if p in files], wanted)
    shared = sorted({n for _, wanted in chunks.values() for n in wanted})
    missing = [n for n in shared if n not in defined]
    if missing:
        raise RuntimeError(f"the drills' core does not define {', '.join(missing)}")
    render = _RENDER.search(_IMPORT.sub("", (entry).read_text(encoding="utf-8")))
    if render is None:
        raise RuntimeError(f"{ENTRY}: no `export function render(…)` to split the site's code by")
    core_entry = (
        "const KINDS = {};\n" + render.group().removeprefix("export ") +
        "function mountAll(doc = document) {\n"
        "  mountDrills(render, doc, (kind) => Object.hasOwn(KINDS, kind));\n}\n"
        f"const td = (globalThis.termdrills ??= {{}});\n"
        f"Object.assign(td, {{ render, mountAll, core: {{ {', '.join(shared)} }},\n"
        "  define(kind, draw) { KINDS[kind] = draw; mountAll(); } });\n"
        "for (const load of globalThis.termdrillsQueue?.splice(0) ?? []) load(td);\n"
        "mountAll();\n"
        "if (document.readyState === \"loading\") {\n"
        "  document.addEventListener(\"DOMContentLoaded\", () => mountAll(), { once: true });\n"
        "}\n")
    out = {"": (f'(() => {{\n"use strict";\nconst CSS = {script_json(css())};\n{stand_ins}'
                f"{body}\n// ---- the site's entry (termdrills/drills/_assets.py)\n"
                f"{core_entry}}})();\n")}
    for kind, (files, wanted) in chunks.items():
        code, _ = _body(files)
        take = f"const {{ {', '.join(sorted(wanted))} }} = td.core;\n" if wanted else ""
        out[kind] = ('(() => {\n"use strict";\nconst load = (td) => {\n'
                     f"{take}{code}\ntd.define({json.dumps(kind)}, {kinds[kind][0]});\n}};\n"
                     "if (globalThis.termdrills?.define) load(globalThis.termdrills);\n"
                     "else (globalThis.termdrillsQueue ??= []).push(load);\n})();\n")
    scorm_files = _reach([scorm], core_files)
    code, _ = _body([p for p in order if p in scorm_files])
    exposed = sorted({n for path in core for t, names in _imports(path) if t == scorm
                      for n in names})
    out["scorm"] = (f'(() => {{\n"use strict";\n{code}\n'
                    f"globalThis.{SCORM_GLOBAL} = {{ {', '.join(exposed)} }};\n}})();\n")
    return out
