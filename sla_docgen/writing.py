"""Writing outputs atomically: each file appears whole or not at all, and a failed batch leaves nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_all(outputs: dict[Path, bytes]) -> list[Path]:
    """Write every output, or on failure remove the ones this call already wrote."""
    written: list[Path] = []
    try:
        for path, data in outputs.items():
            existed = path.exists()
            write_atomic(path, data)
            if not existed:
                written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return list(outputs)


def replace_if_unchanged(path: Path, *, expected: bytes, data: bytes, changed_message: str) -> None:
    """Replace the file at `path` with `data`, keeping its permissions, unless it no longer holds `expected`.

    The new content is written and flushed to disk beside the file first; the file is compared with
    what was read just before the rename, so an edit made meanwhile (an editor's save) is never lost.
    """
    from sla_docgen.errors import UserError

    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, mode)
        with open(path, "rb") as current:
            if current.read(len(expected) + 1) != expected:
                raise UserError(changed_message, path=str(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable: flush the folder entry (not possible on every platform or file system)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
