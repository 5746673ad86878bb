"""Writing outputs all or nothing: every file goes to a temporary file first, and no target is replaced until all are.

The API, for every command that writes files:

    with Batch(protect=[questionnaire]) as batch:
        batch.add(out / "a.pdf", pdf_bytes)   # checked, written and synced to a temporary file now
        batch.add(out / "a.docx", docx_bytes)
    # leaving the block normally replaces every target; an exception removes every temporary file

    write_all({path: data, ...})              # the same for outputs already in memory
    write_atomic(path, data)                  # one file

Any failure is an OutputError naming the path and the reason (read-only folder, full disk, a file
where a folder should be, a folder or a device where the file should be, the input itself), and
leaves nothing behind: no temporary file, no folder the batch created, no target replaced.

On disk, a temporary file is `.NAME.sla-docgen-PID-TOKEN.tmp` beside its target, locked (flock) by
the process writing it. Once all are complete, a journal `.sla-docgen-PID-TOKEN.batch` in each folder
lists them; then the targets are replaced and the journal removed. Before a batch writes into a
folder it tidies up after runs that were killed there (their process has ended and holds no lock):
a journal means the run was killed while replacing, so its replacing is completed (every file of it
was complete); a temporary file without a journal is removed. A killed run therefore ends with all
of its outputs in place or none. A folder's replacements are atomic as a set only within one folder.

An existing target keeps its permission bits; a new file gets the usual ones (0666 less the umask).
A symbolic link as target is followed, as the shell's `>` does: the file it points to is replaced.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from sla_docgen.errors import OutputError, Reason, UserError, kind_reason, os_reason
from sla_docgen.i18n import N_

LEFTOVER = re.compile(r"^\..*\.sla-docgen-(\d+)-[0-9a-f]{8}\.(?:tmp|old)$")
JOURNAL = re.compile(r"^\.sla-docgen-(\d+)-[0-9a-f]{8}\.batch$")

MSG_NOT_A_FOLDER = N_("{blocker} is not a folder")
MSG_IS_INPUT = N_("it is the input file {input}, which is never overwritten")
MSG_TWICE = N_("it is written twice by the same command")

_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


@dataclass(slots=True)
class _Pending:
    """One output written to its temporary file and waiting to replace its target."""

    shown: str
    """The path as the caller gave it, for messages and the returned list."""
    target: Path
    temp: Path
    fd: int
    """Kept open to hold the flock that tells a cleaner this file is being written."""
    backup: Path | None = None


@dataclass(slots=True)
class _State:
    pending: list[_Pending] = field(default_factory=list)
    created_dirs: list[Path] = field(default_factory=list)
    tidied: set[Path] = field(default_factory=set)
    journals: list[tuple[Path, int]] = field(default_factory=list)


class Batch:
    """Outputs written all or nothing; see the module docstring. Not thread-safe: one batch per thread."""

    def __init__(self, *, protect: Iterable[Path] = ()) -> None:
        """`protect`: input files that must never be overwritten (the questionnaire, a PDF being read)."""
        self._protected: dict[tuple[int, int], str] = {}
        for path in protect:
            key = _identity(Path(path))
            if key is not None:
                self._protected[key] = str(path)
        self._token = os.urandom(4).hex()
        self._state = _State()
        self._done = False

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()

    def add(self, path: Path, data: bytes) -> None:
        """Check `path`, then write `data` to a synced temporary file beside it (the target is not touched yet)."""
        shown = str(path)
        try:
            target = self._check_target(Path(path), shown)
            self._write_temp(shown, target, data)
        except BaseException:
            self.abort()
            raise

    @property
    def written(self) -> list[Path]:
        """The outputs as the caller named them, in order (after a commit: the files now in place)."""
        return [Path(p.shown) for p in self._state.pending]

    def commit(self) -> list[Path]:
        """Replace every target by its temporary file; on failure put back what was replaced, then raise."""
        if self._done:
            return self.written
        state = self._state
        replaced: list[_Pending] = []
        current: _Pending | None = None
        try:
            for folder, items in _by_folder(state.pending).items():
                state.journals.append(self._write_journal(folder, items))
            for current in state.pending:
                if current.target.exists():
                    current.backup = current.temp.with_name(current.temp.name[: -len(".tmp")] + ".old")
                    try:
                        os.link(current.target, current.backup)
                    except OSError:  # a file system without hard links: no way back for this one
                        current.backup = None
                os.replace(current.temp, current.target)
                replaced.append(current)
            for folder in _by_folder(state.pending):
                _sync_folder(folder)
        except OSError as error:
            for item in reversed(replaced):
                with contextlib.suppress(OSError):
                    if item.backup is not None:
                        os.replace(item.backup, item.target)
                    else:
                        item.target.unlink()
            self.abort()
            raise OutputError(current.shown if current else "", os_reason(error)) from None
        except BaseException:
            self.abort()
            raise
        self._finish(remove_temps=False)
        return self.written

    def abort(self) -> None:
        """Remove every temporary file, backup and journal of this batch, and the folders it created."""
        self._finish(remove_temps=True)
        for folder in reversed(self._state.created_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._state.created_dirs.clear()

    # --- checks and temporary files ----------------------------------------------------------------

    def _check_target(self, path: Path, shown: str) -> Path:
        target = Path(os.path.realpath(path))  # follow a symbolic link to the file it names
        self._ensure_folder(target.parent, shown)
        if target.parent not in self._state.tidied:
            clean_leftovers(target.parent)
            self._state.tidied.add(target.parent)
        try:
            info = os.stat(target)
        except FileNotFoundError:
            info = None
        except OSError as error:
            raise OutputError(shown, os_reason(error)) from None
        if info is not None:
            if not stat.S_ISREG(info.st_mode):
                raise OutputError(shown, kind_reason(info.st_mode))
            protected = self._protected.get((info.st_dev, info.st_ino))
            if protected is not None:
                raise OutputError(shown, Reason(MSG_IS_INPUT), input=protected)
        if any(p.target == target for p in self._state.pending):
            raise OutputError(shown, Reason(MSG_TWICE))
        return target

    def _ensure_folder(self, folder: Path, shown: str) -> None:
        missing: list[Path] = []
        probe = folder
        while True:
            try:
                info = os.stat(probe)
            except (FileNotFoundError, NotADirectoryError):  # the latter: a file further up is in the way
                missing.append(probe)
                if probe.parent == probe:
                    break
                probe = probe.parent
                continue
            except OSError as error:
                raise OutputError(shown, os_reason(error)) from None
            if not stat.S_ISDIR(info.st_mode):
                raise OutputError(shown, Reason(MSG_NOT_A_FOLDER), blocker=_as_given(probe, shown))
            break
        for new in reversed(missing):
            try:
                os.mkdir(new)
            except FileExistsError:
                continue  # made by someone else meanwhile
            except OSError as error:
                raise OutputError(shown, os_reason(error)) from None
            self._state.created_dirs.append(new)

    def _write_temp(self, shown: str, target: Path, data: bytes) -> None:
        temp = target.with_name(f".{target.name[:100]}.sla-docgen-{os.getpid()}-{self._token}.tmp")
        try:
            fd = os.open(temp, _TMP_FLAGS, 0o666)  # the kernel applies the umask: the usual permissions
        except OSError as error:
            raise OutputError(shown, os_reason(error)) from None
        item = _Pending(shown, target, temp, fd)
        self._state.pending.append(item)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            with contextlib.suppress(FileNotFoundError):
                os.chmod(fd, stat.S_IMODE(os.stat(target).st_mode))  # overwriting keeps the permissions
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)  # a full disk may only show here, before anything is replaced
        except OSError as error:
            raise OutputError(shown, os_reason(error)) from None

    def _write_journal(self, folder: Path, items: list[_Pending]) -> tuple[Path, int]:
        """Record the replacements of one folder, so that a run killed while replacing is completed later."""
        journal = folder / f".sla-docgen-{os.getpid()}-{self._token}.batch"
        draft = folder / f".journal.sla-docgen-{os.getpid()}-{self._token}.tmp"
        body = json.dumps({"replace": [[i.temp.name, i.target.name] for i in items]}).encode("utf-8")
        fd = os.open(draft, _TMP_FLAGS, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, body)
            os.fsync(fd)
            os.replace(draft, journal)
            _sync_folder(folder)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                draft.unlink()
            raise
        return journal, fd

    def _finish(self, *, remove_temps: bool) -> None:
        state = self._state
        for item in state.pending:
            for leftover in ((item.temp,) if remove_temps else ()) + ((item.backup,) if item.backup else ()):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            with contextlib.suppress(OSError):
                os.close(item.fd)
            item.fd = -1
        for journal, fd in state.journals:
            with contextlib.suppress(OSError):
                journal.unlink()
            with contextlib.suppress(OSError):
                os.close(fd)
        state.journals.clear()
        if remove_temps:
            state.pending.clear()
        self._done = True


def write_all(outputs: Mapping[Path, bytes], *, protect: Iterable[Path] = ()) -> list[Path]:
    """Write every output or none (see `Batch`); returns the paths as given, in order."""
    with Batch(protect=protect) as batch:
        for path, data in outputs.items():
            batch.add(path, data)
    return list(outputs)


def write_atomic(path: Path, data: bytes, *, protect: Iterable[Path] = ()) -> None:
    """Write one file whole or not at all (see `Batch`)."""
    write_all({path: data}, protect=protect)


def replace_if_unchanged(path: Path, *, expected: bytes, data: bytes, changed_message: str) -> None:
    """Replace the file at `path` with `data` (whole or not at all, permissions kept: see `Batch`), unless it
    no longer holds `expected`: it is compared just before the rename, so an edit made meanwhile (an
    editor's save) is never lost; then `changed_message` (a msgid with `{path}`) is raised."""
    batch = Batch()
    batch.add(path, data)
    try:
        with open(path, "rb") as current:
            unchanged = current.read(len(expected) + 1) == expected
    except OSError as error:
        batch.abort()
        raise OutputError(str(path), os_reason(error)) from None
    if not unchanged:
        batch.abort()
        raise UserError(changed_message, path=str(path))
    batch.commit()


def clean_leftovers(folder: Path) -> list[Path]:
    """Tidy up after killed runs in `folder`: complete the replacing their journals record, remove their
    temporary files. Files of live processes are left alone. Returns the paths removed or completed."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    touched: list[Path] = []
    for name in sorted(names):  # journals ('.sla-docgen-...') sort before the files they name
        match = JOURNAL.match(name)
        if match and _abandoned(folder / name, int(match.group(1))):
            touched += _roll_forward(folder, folder / name)
    for name in names:
        match = LEFTOVER.match(name)
        path = folder / name
        if match and path.exists() and _abandoned(path, int(match.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()
                touched.append(path)
    return touched


def _roll_forward(folder: Path, journal: Path) -> list[Path]:
    try:
        pairs = json.loads(journal.read_bytes())["replace"]
    except (OSError, ValueError, KeyError, TypeError):
        pairs = []  # unreadable: its temporary files are removed as leftovers
    done: list[Path] = []
    for pair in pairs if isinstance(pairs, list) else []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(n, str) for n in pair)):
            continue
        temp, target = (folder / os.path.basename(n) for n in pair)
        if LEFTOVER.match(temp.name) and temp.exists():
            with contextlib.suppress(OSError):
                os.replace(temp, target)
                done.append(target)
    with contextlib.suppress(OSError):
        journal.unlink()
    return [*done, journal]


def _abandoned(path: Path, pid: int) -> bool:
    """True when the process that made `path` has ended and nobody holds the file locked."""
    if pid == os.getpid() or _alive(pid):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # ended, or a number no process can have
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _as_given(path: Path, shown: str) -> str:
    """`path` relative to the current folder when the caller gave a relative path, else absolute."""
    if os.path.isabs(shown):
        return str(path)
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _by_folder(items: list[_Pending]) -> dict[Path, list[_Pending]]:
    folders: dict[Path, list[_Pending]] = {}
    for item in items:
        folders.setdefault(item.target.parent, []).append(item)
    return folders


def _sync_folder(folder: Path) -> None:
    """Make renames in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
