"""Reading and writing files safely: the one place every command goes through.

Reading: a path is `stat`-ed before it is opened, so a FIFO, a device such as
``/dev/zero``, a socket or a folder is refused at once (it would hang or never
end); what is read is bounded (`MAX_BYTES` unless the caller says otherwise).

Writing (`write_files`, `atomic_write`):

* each file goes to a temporary file in the target's folder, then is renamed into
  place: a reader or a crash never sees half a file;
* several files are all-or-nothing: every temporary file is written first, and if
  a rename fails the ones already renamed are put back as they were;
* an output that is a file the command read or located (same device and inode) is
  refused before anything is written: every reader here records what it reads
  (`read_bytes`), and what a command only locates is recorded by `record_input`
  (the evidence.csv beside a glossary, the course's ``_config.yml``, every file of an
  answers folder, and the folder itself: an output inside it would be read as an
  answer next time). The record is the command's (`command_inputs`, which the CLI
  opens around each command), so ``export tsv -o _config.yml``, ``grade -o
  glossary.html`` (whose gradebook would be ``glossary.csv``) and ``grade --answers
  class/ -o class/x.txt`` are refused whatever name the output is given. A command
  that rewrites a file it read on purpose (``import-article --append``, ``new-lesson``'s
  ``_toc.yml``) names it in ``updating``;
* a symlink is written through (its target is replaced, the link stays); an
  output that exists and is not a regular file (a device, a FIFO, a folder) is
  refused;
* an existing file keeps its permission bits.

`shown_name` is a file name for one line of a message or a report: line breaks,
controls, escape sequences and direction marks shown as escapes (students name files).

`append_text` appends to a file (the build's trace of what a lesson read) with the
same refusals: only a regular file, never an input.

`locked(path)` serialises read-modify-write cycles on one file across processes
(``import-article --append`` run twice at once must not lose rows).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from termdrills.errors import InputError

__all__ = ["MAX_BYTES", "Inputs", "append_text", "atomic_write", "check_folders",
           "check_outputs", "command_inputs", "display", "locked", "output_folder", "read_bytes",
           "read_text", "record_folder", "record_input", "same_file", "shown_name", "write_files"]

#: Largest file a command reads unless it says otherwise (a glossary of 50,000 rows is
#: about 15 MB).
MAX_BYTES = 64 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def display(text: str | os.PathLike[str]) -> str:
    """A file name (or any text) that can be printed and written as UTF-8: bytes of a
    name that are not UTF-8 (a zip made on Chinese Windows unpacks to GBK names, which
    Python holds as lone surrogates) become ``\\xd1``, any other lone surrogate
    ``\\ud800``. Valid text is returned unchanged."""
    text = os.fspath(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an undecodable byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def shown_name(path: str | os.PathLike[str]) -> str:
    """A file name for one line of a message, a report or a gradebook: `display`, then
    every character that could break the line or drive a terminal (line breaks, tabs,
    controls, escape sequences, direction marks and overrides, zero-width characters)
    shown as an escape (``\\n``, ``\\x1b``, ``\\u202e``). A student names the file."""
    from termdrills.text.safe import escape_controls

    text = display(path)
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return escape_controls(text)


def message_name(path: str | os.PathLike[str]) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --------------------------------------------------------------------------- inputs


class Inputs:
    """The files one command read or located, by (device, inode): no output may be one."""

    def __init__(self) -> None:
        self._files: dict[tuple[int, int], str] = {}
        self._folders: dict[tuple[int, int], str] = {}  # every file in them is an input

    def add_folder(self, folder: str | os.PathLike[str]) -> None:
        """Record a folder whose every file is an input, now and later (an answers folder:
        an output written into it would be read as a student's answer next time)."""
        try:
            info = os.stat(folder)
        except OSError:
            return
        self._folders.setdefault((info.st_dev, info.st_ino), display(folder))
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            self.add(entry.path)

    def folder(self, path: str | os.PathLike[str]) -> str | None:
        """The recorded folder `path` is in (as the command named it), or None."""
        parent = Path(os.path.realpath(path)).parent
        try:
            info = os.stat(parent)
        except OSError:
            return None
        return self._folders.get((info.st_dev, info.st_ino))

    def add(self, path: str | os.PathLike[str], info: os.stat_result | None = None) -> None:
        """Record `path` (symlinks followed); nothing for a path that does not exist."""
        if info is None:
            try:
                info = os.stat(path)
            except OSError:
                return
        if stat.S_ISREG(info.st_mode):
            self._files.setdefault((info.st_dev, info.st_ino), display(path))

    def find(self, info: os.stat_result) -> str | None:
        """The input (as the command named it) that is this file, or None."""
        return self._files.get((info.st_dev, info.st_ino))

    def __len__(self) -> int:
        return len(self._files)


_INPUTS: contextvars.ContextVar[Inputs | None] = contextvars.ContextVar(
    "termdrills_inputs", default=None)


@contextlib.contextmanager
def command_inputs() -> Iterator[Inputs]:
    """The record of one command's inputs: everything read through this module or
    recorded with `record_input` while it is open. Nested, the outer record is used."""
    current = _INPUTS.get()
    if current is not None:
        yield current
        return
    token = _INPUTS.set(Inputs())
    try:
        yield _INPUTS.get()  # type: ignore[misc]
    finally:
        _INPUTS.reset(token)


def record_input(path: str | os.PathLike[str], info: os.stat_result | None = None) -> None:
    """Note a file the running command reads or locates (outputs that are it are refused)."""
    inputs = _INPUTS.get()
    if inputs is not None:
        inputs.add(path, info)


def record_folder(folder: str | os.PathLike[str]) -> None:
    """Note a folder whose every file is an input (an answers folder: each file may be a
    student's work, and an output written there would be read as one next time)."""
    inputs = _INPUTS.get()
    if inputs is not None:
        inputs.add_folder(folder)


def read_bytes(path: str | os.PathLike[str], *, limit: int = MAX_BYTES,
               name: str | None = None) -> bytes:
    """The file's bytes; `InputError` (one located line) for a missing, special or
    over-large file. The file is stat-ed before it is opened, so nothing blocks."""
    path = Path(path)
    label = name or display(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read: {_why(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{label}: {_kind(info.st_mode)}, not a file")
    record_input(path, info)
    if info.st_size > limit:
        raise InputError(f"{label}: {info.st_size:,} bytes, more than the {limit:,} "
                         "this command reads")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{label}: cannot read: {_why(exc)}") from None
    if len(data) > limit:  # grew since the stat
        raise InputError(f"{label}: more than the {limit:,} bytes this command reads")
    return data


def read_text(path: str | os.PathLike[str], *, limit: int = MAX_BYTES,
              name: str | None = None) -> str:
    """The file as UTF-8 text (a BOM is dropped): an instructor's file, decoded by the one
    policy (`termdrills.text.decode`); `InputError` naming the line and what the file is
    when it is not UTF-8."""
    from termdrills.text.decode import decode

    raw = read_bytes(path, limit=limit, name=name)
    return decode(raw, name or display(path)).text


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when both paths exist and are one file (same device and inode)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_folders(*paths: str | os.PathLike[str]) -> None:
    """Refuse, before anything is written, an output whose folder is missing."""
    for path in map(Path, paths):
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise InputError(f"{path}: folder {folder} does not exist")


def _target(path: Path, inputs: Inputs, updating: set[tuple[int, int]]) -> Path:
    """Where writing `path` really lands (symlinks followed), after the refusals."""
    real = Path(os.path.realpath(path))
    inside = inputs.folder(real)
    if inside is not None:
        raise InputError(f"{path}: is in {inside}, whose every file is read as an input; "
                         "write it elsewhere")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        check_folders(real)
        return real
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {_why(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: is {_kind(info.st_mode)}; give a file name")
    if (info.st_dev, info.st_ino) not in updating:
        source = inputs.find(info)
        if source is not None:
            raise InputError(f"{path}: is the input {source}; choose another output name")
    return real


def _inputs(extra: Iterable[str | os.PathLike[str]]) -> Inputs:
    """The command's record (when one is open) and the inputs a caller names."""
    inputs = Inputs()
    for source in extra:
        inputs.add(source)
    current = _INPUTS.get()
    if current is not None:
        inputs._files = {**current._files, **inputs._files}
        inputs._folders = dict(current._folders)
    return inputs


def _inodes(paths: Iterable[str | os.PathLike[str]]) -> set[tuple[int, int]]:
    found = set()
    for path in paths:
        with contextlib.suppress(OSError):
            info = os.stat(path)
            found.add((info.st_dev, info.st_ino))
    return found


def check_outputs(*paths: str | os.PathLike[str],
                  updating: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse now, before the work, an output that `write_files` would refuse."""
    inputs, allowed = _inputs(()), _inodes(updating)
    for path in paths:
        _target(Path(path), inputs, allowed)


def _mode(real: Path) -> int:
    try:
        return os.stat(real).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_files(outputs: Sequence[tuple[str | os.PathLike[str], bytes | str]], *,
                inputs: Iterable[str | os.PathLike[str]] = (),
                updating: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Write every (path, data) all-or-nothing; returns the paths as given.

    An output that is a file the command read or located (`command_inputs`) or one of
    `inputs` is refused, unless it is one of `updating` (a file read to be rewritten).
    Text is written as UTF-8 exactly as given (no newline translation).
    """
    sources, allowed = _inputs(inputs), _inodes(updating)
    plan = [(Path(p), _target(Path(p), sources, allowed),
             d.encode("utf-8") if isinstance(d, str) else d) for p, d in outputs]
    reals = [real for _, real, _ in plan]
    if len(set(reals)) != len(reals):
        raise InputError(f"{plan[0][0]}: two outputs are the same file")
    temps: list[str] = []
    backups: list[str] = []  # hard links to the old files, to put back on a failure
    done: list[tuple[Path, str | None]] = []  # (real, backup of the old file or None)
    try:
        for path, real, raw in plan:
            fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
            temps.append(tmp)
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            os.chmod(tmp, _mode(real))
        for (path, real, _), tmp in zip(plan, temps):
            backup = None
            if len(plan) > 1 and real.exists():
                backup = f"{tmp}.old"
                os.link(real, backup)
                backups.append(backup)
            os.replace(tmp, real)
            done.append((real, backup))
    except OSError as exc:
        for real, backup in reversed(done):  # put back what was already replaced
            with contextlib.suppress(OSError):
                if backup:
                    os.replace(backup, real)
                else:
                    os.unlink(real)
        failed = plan[len(done)][0] if len(done) < len(plan) else plan[-1][0]
        raise InputError(f"{failed}: cannot write: {_why(exc)}"
                         + (" (nothing written)" if len(plan) > 1 else "")) from None
    finally:
        for leftover in (*temps, *backups):  # a backup put back is gone already
            with contextlib.suppress(OSError):
                os.unlink(leftover)
    return [path for path, _, _ in plan]


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *,
                 inputs: Iterable[str | os.PathLike[str]] = (),
                 updating: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """Write one file through a temporary file and a rename (see the module doc)."""
    return write_files([(path, data)], inputs=inputs, updating=updating)[0]


def append_text(path: str | os.PathLike[str], text: str) -> None:
    """Append UTF-8 `text` to `path` (created when missing) in one write: a regular file
    only (a FIFO, device or folder is refused without being opened), never a file the
    command read or located."""
    path = Path(path)
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {_why(exc)}") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: is {_kind(info.st_mode)}; give a file name")
        source = _inputs(()).find(info)
        if source is not None:
            raise InputError(f"{path}: is the input {source}; choose another output name")
    else:
        check_folders(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    try:
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o666)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the stat
                raise InputError(f"{path}: not a regular file; not written")
            data = memoryview(text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {_why(exc)}") from None


@contextlib.contextmanager
def locked(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of `path`: other termdrills
    processes writing in the same folder wait. On POSIX the lock is on the folder
    itself (nothing is left behind; the file is replaced by a rename, so a lock on it
    would not outlive the first write); on Windows on a hidden ``.<name>.lock`` file."""
    real = Path(os.path.realpath(path))
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        fd = os.open(real.with_name(f".{real.name}.lock"), os.O_RDWR | os.O_CREAT, 0o666)
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
            yield
        finally:
            os.close(fd)
        return
    import fcntl

    try:
        fd = os.open(real.parent, os.O_RDONLY)
    except OSError:
        yield  # an unreadable folder: the write will fail with its own message
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def output_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A folder to write outputs into (`grade`'s feedback pages): made when missing (its
    parent must exist), refused when something else has the name; if the writing in the
    ``with`` block fails, a folder made here is removed again when it is still empty,
    so a failed command leaves the disk as it was."""
    folder = Path(path)
    check_folders(folder)
    inside = _inputs(()).folder(folder)
    if inside is not None:  # a folder among a command's answers is read as one next time
        raise InputError(f"{folder}: is in {inside}, whose every file is read as an input; "
                         "write it elsewhere")
    try:
        os.mkdir(folder)
        made = True
    except FileExistsError:
        made = False
    except OSError as exc:
        raise InputError(f"{folder}: cannot make the folder: {_why(exc)}") from None
    if not made:
        try:
            info = os.stat(folder)
        except OSError as exc:  # a symlink to nowhere
            raise InputError(f"{folder}: cannot use the folder: {_why(exc)}") from None
        if not stat.S_ISDIR(info.st_mode):
            raise InputError(f"{folder}: is {_kind(info.st_mode)}; give a folder name")
    try:
        yield folder
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        raise
