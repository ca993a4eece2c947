"""Chinese runs: one rule, in termdrills/i18n/chinese.json, for Python and every script.

`tests/data/chinese_runs.json` is run here against `termdrills.text.chinese.runs` and by
node (`tests/js/words.test.mjs`) against the drills' `zhRuns`; the front end's files
(the drills, the site's script) take the language tag and the Han range from the JSON
file instead of spelling them out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from termdrills.text.chinese import ZH_LANG, runs

ROOT = Path(__file__).resolve().parent.parent
TABLE = json.loads((ROOT / "tests" / "data" / "chinese_runs.json").read_text("utf-8"))
DATA = json.loads((ROOT / "termdrills" / "i18n" / "chinese.json").read_text("utf-8"))


@pytest.mark.parametrize(("text", "what", "pieces"), TABLE["runs"],
                         ids=[c[1] for c in TABLE["runs"]])
def test_chinese_runs_table(text: str, what: str, pieces: list[list[object]]) -> None:
    assert [[p, z] for p, z in runs(text)] == pieces
    assert "".join(p for p, _ in runs(text)) == text


def test_the_table_and_the_tag_are_the_data_files() -> None:
    assert TABLE["lang"] == ZH_LANG == DATA["lang"]


#: The scripts that mark Chinese in the browser.
SCRIPTS = [ROOT / "termdrills" / "static" / "core" / "words.js",
           ROOT / "termdrills" / "static" / "core" / "dom.js",
           ROOT / "termdrills" / "book" / "templates" / "termdrills-site.js_t"]


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_no_script_spells_out_the_han_range_or_the_tag(script: Path) -> None:
    """The rule lives in chinese.json: a script with its own copy could drift from it."""
    source = re.sub(r"/\*.*?\*/|//[^\n]*", "", script.read_text(encoding="utf-8"),
                    flags=re.DOTALL)  # the code, not its comments
    assert not re.search(r"\\u4e00|\\u3400|一-鿿", source), f"{script.name}: its own Han range"
    assert '"zh-CN"' not in source and "'zh-CN'" not in source, f"{script.name}: its own tag"
