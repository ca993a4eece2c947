"""Helpers shared by the benchmarks: timing, a generated glossary, writing results."""

from __future__ import annotations

import csv
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from termdrills._files import atomic_write
from termdrills.glossary import COLUMNS

RESULTS = Path(__file__).resolve().parent / "results"


def median_seconds(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of `fn()` over `repeat` runs after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


_SYLLABLES = "政务服务平台治理体系能力现代化改革发展格局开放合作创新协调绿色共享安全稳定"


def generated_glossary(path: Path, rows: int, lessons: int = 20) -> Path:
    """A valid glossary of `rows` distinct terms, shaped like the real one."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        n = len(_SYLLABLES)
        for i in range(rows):
            zh = "".join(_SYLLABLES[(i // n**k) % n] for k in range(4)) + f"第{i}号"
            en = f"generated term number {i}"
            w.writerow({"id": f"term-{i}", "zh": zh, "en": en, "alt_en": f"alt rendering {i}",
                        "alt_source": f"https://example.org/alt/{i}",
                        "lesson": f"lesson-{i % lessons}",
                        "example_zh": f"这是第{i}个例句，其中有{zh}。",
                        "example_en": f"This is example {i}, with {en}.",
                        "note": "A note on the rendering.", "source": "Generated for benchmarks",
                        "source_url": "https://example.org/x", "date": "2022-03-03"})
    return path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 1)
    except OSError:
        return None


def machine() -> dict[str, object]:
    """The machine a figure comes from: `nproc`, CPU model, RAM, and the load when the
    benchmark ended (the machine is shared)."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "processor": _cpu_model(),
        "ram_gib": _ram_gib(),
        "load_1min": _load(),
    }


def write_result(name: str, data: dict[str, object]) -> Path:
    """benchmarks/results/<name>.json, written atomically, with the machine it ran on."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M"), **data}
    return atomic_write(RESULTS / f"{name}.json",
                        json.dumps(data, indent=2, ensure_ascii=False) + "\n")
