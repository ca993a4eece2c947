"""The drill base class: an anywidget with a static text/html fallback.

Live, anywidget runs the drills' ES module against the kernel-synced model.
For the static site every drill output also carries `text/html`: a host
element with the drill's state as inline JSON, which the same module mounts
against an in-page model (docs/architecture.md, "Live and static").

The module code is sent once, both ways:

- static: the first drill displayed in a kernel carries the module (which holds
  the CSS and injects it once); it defines `globalThis.termdrills` and mounts
  every drill on the page. Each later output carries only its data and a
  one-line script asking that code (if already there) to mount it. Module
  scripts run in document order after parsing, so a page mounts all drills
  whichever output holds the code. After a kernel restart the next drill
  carries the code again (harmless: it is defined once); `new_page()` forces it.
- live: the module lives in one hidden code model per kernel (`_Code`); each
  drill's `_esm` is a small loader that imports the module from that model. So
  the widget state a notebook saves (and myst-nb copies into the page) holds
  the code once, not once per drill.
"""

from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import anywidget
import ipywidgets
import traitlets

from termdrills.contracts import validate_state
from termdrills.course import DEFAULT_COURSE_ID, LANGUAGES, find_course
from termdrills.drills import _assets
from termdrills.errors import DrillError
from termdrills.glossary import trace as _trace

RESULT_COLUMNS = ("term_id", "prompt", "answer", "verdict", "time", "attempt")
#: The one-line mount script after each drill output (a module script: deferred until the
#: page is parsed, after the inline code of the notebook's first drill).
MOUNT = _MOUNT = "<script type=\"module\">globalThis.termdrills?.mountAll();</script>"
_CODE_START = '<script type="module">const CSS = '
_CODE_END = f"\n{_assets.BOOT}</script>"
_page = {"code_sent": False}


class _Code(ipywidgets.Widget):  # type: ignore[misc]
    """The drills' ES module, once per kernel: a plain base WidgetModel, never displayed."""

    source = traitlets.Unicode("").tag(sync=True)


_code: list[_Code] = []


def _code_ref() -> str:
    """The code model's reference; a drill file edited since it was sent is sent again
    (the drills already on the page then draw themselves with the new code)."""
    source = _assets.module()
    if not _code or _code[0].comm is None:  # none yet, or closed (Widget.close_all())
        _code[:] = [_Code(source=source)]
    elif _code[0].source != source:
        _code[0].source = source
    return f"IPY_MODEL_{_code[0].model_id}"


def new_page() -> None:
    """Make the next drill displayed carry the module code again."""
    _page["code_sent"] = False


def choice(drill: str, name: str, value: object, allowed: Sequence[object]) -> Any:
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise DrillError(f"{drill}: {name}={value!r} is not one of {options}")
    return value


class Drill(anywidget.AnyWidget):
    """Base class of the drill kinds; not used directly."""

    _esm = _assets.live_loader()

    kind = traitlets.Unicode("").tag(sync=True)
    payload = traitlets.Dict().tag(sync=True)
    lang = traitlets.Unicode("en").tag(sync=True)
    course = traitlets.Unicode(DEFAULT_COURSE_ID).tag(sync=True)
    drill_id = traitlets.Unicode("").tag(sync=True)
    #: Reference to the code model (`_Code`) the loader imports the module from.
    code = traitlets.Unicode("").tag(sync=True)
    #: Answers as the front end records them (one dict per answer); see `results`.
    answers = traitlets.List().tag(sync=True)
    #: Where the student is ({attempt, item}): a reload resumes the drill there.
    place = traitlets.Dict().tag(sync=True)
    #: The course's desired retention (FSRS review: the recall probability aimed at).
    retention = traitlets.Float(0.9).tag(sync=True)
    #: The course's FSRS parameters (`termdrills fit`); empty: FSRS-6's defaults.
    parameters = traitlets.List().tag(sync=True)

    KIND: ClassVar[str] = ""
    #: Term fields the drill needs (checked at construction).
    NEEDS: ClassVar[tuple[str, ...]] = ("id", "zh", "en")

    def __init__(self, terms: Iterable[Any], *, seed: int = 0, lang: str | None = None,
                 title: str | None = None, drill_id: str | None = None,
                 course: str | None = None) -> None:
        name = type(self).__name__
        if isinstance(terms, (str, bytes)) or not isinstance(terms, Iterable):
            raise DrillError(f"{name}: terms must be a list of glossary terms, "
                             f"not {type(terms).__name__}")
        terms = tuple(terms)
        if not terms:
            raise DrillError(f"{name}: no terms (an empty list: is the lesson slug right?)")
        for term in terms:
            for attr in self.NEEDS:
                if not str(getattr(term, attr, "") or "").strip():
                    ident = getattr(term, "id", "") or getattr(term, "zh", "") or repr(term)
                    raise DrillError(f"{name}: term '{ident}' has no {attr}")
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise DrillError(f"{name}: seed must be an int, not {type(seed).__name__}")
        _trace.note("drills")  # the page shows the drills' code and strings
        settings = find_course()
        lang = choice(name, "lang", lang or settings.ui_language, LANGUAGES)
        rng = random.Random(f"{self.KIND}:{seed}")
        self.terms = terms
        self.seed = seed
        self.course_settings = settings
        payload = self._payload(terms, rng)
        if title:
            payload["title"] = str(title)
        if drill_id is None:
            digest = hashlib.sha1(repr((self.KIND, seed, [t.id for t in terms],
                                        self._options())).encode()).hexdigest()
            drill_id = f"{self.KIND}-{digest[:10]}"
        super().__init__(kind=self.KIND, payload=payload, lang=lang, code=_code_ref(),
                         course=course or settings.course_id, drill_id=str(drill_id),
                         retention=settings.desired_retention,
                         parameters=list(settings.fsrs_parameters))
        validate_state(self.state())  # the contract with the front end (contracts.py)

    # ------------------------------------------------------------------ to override

    def _payload(self, terms: tuple[Any, ...], rng: random.Random) -> dict[str, Any]:
        raise NotImplementedError

    def _options(self) -> tuple[object, ...]:
        """Constructor options that change the questions (part of the default drill_id)."""
        return ()

    # ------------------------------------------------------------------ results

    @property
    def results(self) -> Any:
        """The student's answers so far: a pandas DataFrame with columns term_id,
        prompt, answer, verdict (right / almost / wrong, or a flashcard rating),
        time (UTC), attempt (1, then 2 after "Start again" ...), plus item (the
        question's place in the drill) and score (chrF: sentence and paragraph
        translation) and, for a paragraph, rendering (preferred / accepted / deprecated
        / missing) and consistent (False: the term was rendered two ways)."""
        import pandas as pd

        frame = pd.DataFrame(list(self.answers))
        for column in RESULT_COLUMNS:
            if column not in frame:
                frame[column] = pd.Series(dtype="object")
        frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
        frame["attempt"] = frame["attempt"].fillna(1).astype("int64")
        extra = [c for c in frame.columns if c not in RESULT_COLUMNS]
        return frame[[*RESULT_COLUMNS, *extra]]

    # ------------------------------------------------------------------ output

    def __repr__(self) -> str:
        # Stable (no memory address, no model id), so nbval can compare text/plain.
        return f"<{type(self).__name__} {self.drill_id}: {len(self.terms)} terms>"

    def state(self) -> dict[str, Any]:
        """The model state the front end reads (what the static page embeds)."""
        return {"kind": self.kind, "payload": self.payload, "lang": self.lang,
                "course": self.course, "drill_id": self.drill_id, "answers": [],
                "place": {}, "retention": self.retention, "parameters": list(self.parameters)}

    def static_html(self, *, with_code: bool) -> str:
        """The text/html fallback; `with_code` adds the module code (with its CSS)."""
        loading = _assets.strings()[self.lang]["loading"]
        host = (
            '<div class="termdrills-static tex2jax_ignore mathjax_ignore" '
            f'data-drill="{html.escape(self.drill_id)}">'
            f'<script type="application/json" class="termdrills-data">'
            f"{_assets.script_json(self.state())}</script>"
            f'<div class="termdrills-mount"><p>{html.escape(loading)}</p></div></div>'
        )
        if not with_code:
            return host + _MOUNT
        return f'{host}<script type="module">{_assets.module()}{_CODE_END}'

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict] | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle
        data["text/html"] = self.static_html(with_code=not _page["code_sent"])
        _page["code_sent"] = True
        return data, metadata


def without_code(html_text: str) -> str | None:
    """A drill output's text/html with the module code it carries (the first drill of a
    notebook) replaced by the one-line mount script; None if it carries no code. The
    course site serves the code once, as a file every drill page references."""
    at = html_text.find(_CODE_START)
    if at < 0 or not html_text.endswith(_CODE_END) or 'class="termdrills-static' not in html_text:
        return None
    return html_text[:at] + _MOUNT
