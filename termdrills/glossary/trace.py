"""What a running lesson reads from the glossary: the record that keeps the site fresh.

While the course book builds, each lesson notebook runs in a kernel whose environment
has ``TERMDRILLS_TRACE`` set to a file (``termdrills.book`` sets it). The
glossary model and the drills note there every look-up whose answer would change if
the glossary changed, at the grain of what a page shows:

* which rows a look-up found, by id and in order (membership): ``ids:lesson:<slug>``,
  ``ids:row:<id>``, ``ids:zh:<Chinese>``, ``ids:en:<English key>``,
  ``ids:sentence:<Chinese>`` (the terms found in a sentence), ``ids:all``, and
  ``lessons`` (the lesson slugs in order);
* each field of a row that was read: ``field:<id>:<name>`` (a traced `Term` notes its
  own attribute reads, `termdrills.glossary.model`);
* a decision over a pool of rows, noted as the decision itself, so that a row the
  decision compared and rejected, or a row added that would not enter it, changes
  nothing: ``mc:<direction>:<seed>:<id>`` (a multiple-choice question's distractors,
  `termdrills.drills.items.question_distractors`, recomputed over the current glossary);
* ``drills`` (the drills' code and interface strings).

A glossary that is not traced notes whole rows instead (``lesson:<slug>``,
``row:<id>``, ``zh:``, ``en:``, ``sentence:``, ``all``). The next build recomputes each
noted answer from the current glossary (`resolve`), and a lesson runs again exactly when
one of them changed: no notebook declares what it reads.

Outside a build (no ``TERMDRILLS_TRACE``) noting costs one dictionary look-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator

ENV = "TERMDRILLS_TRACE"
_noted: dict[str, set[str]] = {}  # trace file → keys already written to it
_paused = 0  # > 0: inside `paused()`


def active() -> bool:
    """Whether look-ups are being recorded (a lesson running in a course build)."""
    return bool(os.environ.get(ENV)) and not _paused


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Note nothing inside: for code that notes its decision as one key instead of the
    rows it compared (a multiple-choice question's distractors)."""
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


def note(*keys: str) -> None:
    """Record look-ups (appended to the trace file at once: a kernel may be killed)."""
    path = os.environ.get(ENV)
    if not path or _paused:
        return
    seen = _noted.setdefault(path, set())
    new = [k for k in keys if k not in seen]
    if not new:
        return
    seen.update(new)
    from termdrills._files import append_text

    append_text(path, "".join(json.dumps(k, ensure_ascii=False) + "\n" for k in new))


def forget(path: str | os.PathLike[str]) -> None:
    """Start a trace file afresh (before a lesson runs again)."""
    _noted.pop(str(path), None)
    try:
        os.unlink(path)
    except OSError:
        pass


def read(path: str | os.PathLike[str]) -> set[str]:
    """The keys a lesson noted ("" lines and a torn last line are skipped)."""
    keys: set[str] = set()
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    key = json.loads(line)
                except ValueError:
                    continue
                if isinstance(key, str):
                    keys.add(key)
    except OSError:
        pass
    return keys


def resolve(keys: Iterable[str], answer: Callable[[str], object], drills_digest: str) -> str:
    """A digest of the current answers to the noted look-ups (`answer`: the current
    glossary's `Glossary.answer`): it changes exactly when a lesson that made them could
    show something else."""
    answers = [(key, drills_digest if key == "drills" else answer(key))
               for key in sorted(set(keys))]
    blob = json.dumps(answers, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()
