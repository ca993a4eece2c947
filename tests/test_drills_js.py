"""Runs the drills' JavaScript tests (tests/js/*.test.mjs) with node's built-in runner,
so `make test` runs them; a failing node test fails here with node's report."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).parent / "js"


@pytest.mark.node
def test_node_tests_of_grading_and_scheduling_pass(node: str) -> None:
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, "no tests/js/*.test.mjs"
    proc = subprocess.run([node, "--test", *files], check=False, capture_output=True, text=True,
                          timeout=300)
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report[-6000:]
    passed = re.search(r"^# pass (\d+)", report, re.MULTILINE)
    assert passed and int(passed.group(1)) >= 40, report[-2000:]
