"""The drills' front-end files, read once and assembled into the one ES module.

The module is `static/logic.js`, then `const STRINGS = <i18n/strings.json>;
const CSS = <static/drills.css>;`, then `static/render.js` without its one import
line (which imports logic.js): a concatenation, not a bundler, so the files stay
hand-written ES modules (node tests import logic.js directly).

In a kernel the module travels once, in a hidden code model; each drill widget's
`_esm` is the small loader `static/live.js` (see `_base`).
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

_IMPORT = re.compile(r"^import\b[^;]*;\n", re.MULTILINE)


def _read(folder: str, name: str) -> str:
    return resources.files("termdrills").joinpath(folder, name).read_text(encoding="utf-8")


@functools.cache
def strings() -> dict[str, dict[str, str]]:
    """Interface strings by language ("en", "zh"): the one place they live."""
    return json.loads(_read("i18n", "strings.json"))


def script_json(data: object) -> str:
    """JSON that is safe inside an inline <script>: no `</`, no `<!--`, no `]]>`.

    `<`, `>` and `&` only occur inside JSON strings, where the \\uXXXX escapes
    mean the same characters to JSON.parse and to a JavaScript parser.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.cache
def module() -> str:
    """The drills' ES module (exports `render`, `mountAll`, default `{render}`)."""
    logic = _read("static", "logic.js")
    render = _import_free(_read("static", "render.js"))
    return (f"{logic}\nconst STRINGS = {script_json(strings())};\n"
            f"const CSS = {script_json(css())};\n{render}")


def _import_free(source: str) -> str:
    imports = _IMPORT.findall(source)
    if len(imports) != 1 or "./logic.js" not in imports[0]:
        raise RuntimeError("render.js: expected one import statement, of ./logic.js")
    return _IMPORT.sub("", source)


@functools.cache
def css() -> str:
    return _read("static", "drills.css")


@functools.cache
def live_loader() -> str:
    """The `_esm` of each drill widget: loads the module from the shared code model."""
    return _read("static", "live.js")
