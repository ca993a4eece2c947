"""How a file's bytes become text: the one decoding policy, stated once.

Every reader of the kit decodes through `decode`; the policy depends on who writes the
file, never on the reader:

* **Instructor files** (the glossary, ``evidence.csv``, ``_config.yml``, ``_toc.yml``,
  an assignment, a progress file a command reads, the built site's files): UTF-8,
  with or without a byte order mark. Anything else is refused with one located line
  that names what the file is (UTF-16, GBK/GB18030, binary, mixed) and the command
  that converts it (``iconv -f GB18030 -t UTF-8 glossary.csv > glossary-utf8.csv``):
  nothing that feeds the course is ever guessed.
* **Students' files and pages saved from elsewhere** (``legacy=True``: answers in
  .txt and .csv, a saved 每日一词 article): also UTF-16 with a byte order mark
  (Notepad's and Excel's "Unicode") and GB18030 (GBK: what Chinese Windows and Excel
  save). Such a file is read, and `Decoded.note` says which encoding was assumed, so
  every command reports it.
* Either way a file that **mixes encodings** (some lines UTF-8, others not: two
  files pasted together, or a spreadsheet edited on two machines) is refused naming a
  line of each, instead of turning one half into mojibake; so is a **binary** file
  (NUL bytes), and UTF-16 without a byte order mark.

`DecodeError` (an `InputError`) carries the line and the reason; its message is
``name:line: reason``.
"""

from __future__ import annotations

import codecs
import shlex
from dataclasses import dataclass
from pathlib import PurePath

from termdrills.errors import InputError

__all__ = ["DecodeError", "Decoded", "decode"]


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read as, and what to report about it ("" for
    plain UTF-8)."""

    text: str
    encoding: str  # "UTF-8", "UTF-8 with BOM", "UTF-16", "GB18030"
    note: str = ""


class DecodeError(InputError):
    """Bytes the policy does not read: `line` (0: the whole file) and `reason`."""

    def __init__(self, name: str, line: int, reason: str) -> None:
        self.name, self.line, self.reason = name, line, reason
        super().__init__(f"{name}:{line}: {reason}" if line else f"{name}: {reason}")


def _looks_utf16(raw: bytes) -> bool:
    """A BOM, or NUL bytes in every other position as ASCII text in UTF-16 has."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = raw[:400]
    half = max(len(head) // 2, 1)
    return max(head[0::2].count(0), head[1::2].count(0)) > 0.6 * half > 4


def _convert(name: str, source: str) -> str:
    """The command that converts the file to UTF-8."""
    path = PurePath(name)
    out = path.with_name(f"{path.stem}-utf8{path.suffix}").name
    return f"iconv -f {source} -t UTF-8 {shlex.quote(path.name)} > {shlex.quote(out)}"


def _mixed(raw: bytes) -> tuple[int, int] | None:
    """(a line that is UTF-8, a line that is not) when the file's lines with bytes
    beyond ASCII disagree; None when none of them is UTF-8. A line counts as UTF-8
    when it decodes and holds a three-byte sequence (CJK text in UTF-8): GBK text is
    rarely both."""
    utf8 = other = 0
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            if any(0x800 <= ord(ch) for ch in text):
                utf8 = utf8 or number
        if utf8 and other:
            return utf8, other
    return None


def decode(raw: bytes, name: str, *, legacy: bool = False,
           save_as: str = "save it as UTF-8") -> Decoded:
    """`raw` as text by the policy above; `legacy` for students' files and saved pages.
    `name` locates the messages; `save_as` is the advice before the conversion command
    (a glossary says how Excel saves UTF-8 CSV). `DecodeError` when the policy refuses."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(raw[3:].decode("utf-8"), "UTF-8 with BOM")
        except UnicodeDecodeError:
            pass  # mixed or damaged: said below
    elif _looks_utf16(raw):
        if legacy and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return Decoded(raw.decode("utf-16"), "UTF-16", "read as UTF-16")
            except UnicodeDecodeError:
                raise DecodeError(name, 0, "damaged UTF-16 text; " + save_as) from None
        what = "UTF-16 (Excel 'Unicode Text', Notepad 'Unicode')" if raw.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "UTF-16 without a byte order mark"
        raise DecodeError(name, 0, f"file is {what}, not UTF-8; {save_as} or run: "
                          + _convert(name, "UTF-16"))
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    if b"\x00" in body:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise DecodeError(name, line, "file holds NUL bytes: it is binary, not a text file")
    try:
        return Decoded(body.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start + len(raw) - len(body)) + 1
    mixed = _mixed(body)
    if mixed:
        good, bad = mixed
        raise DecodeError(name, bad, f"file mixes encodings: line {good} is UTF-8, line {bad} "
                          "is not (GBK?); save the whole file as UTF-8 in one program")
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        raise DecodeError(name, line, "file is not UTF-8 (these bytes cannot be decoded); "
                          + save_as) from None
    if legacy:
        return Decoded(text, "GB18030", "read as GB18030 (not UTF-8: assumed)")
    raise DecodeError(name, line, "file is GBK/GB18030-encoded (what Excel and Notepad save on "
                      f"Chinese Windows), not UTF-8; {save_as} or run: "
                      + _convert(name, "GB18030"))
