"""Reading input files safely: regular files only, never blocking on a FIFO or device, never past a size limit."""

from __future__ import annotations

import os
import stat

from sla_docgen.errors import InputError, InputTooLarge, kind_reason, os_reason

# O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat could refuse it.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_input(path: str | os.PathLike[str], *, limit: int, display: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises InputError naming `display` (default: the path) when the file is missing, unreadable, or
    a folder, FIFO, device or socket; InputTooLarge when it holds more than `limit` bytes (checked
    before reading, and again while reading, in case the file grows).
    """
    name = display or str(path)
    try:
        kind = os.stat(path).st_mode  # first: a socket cannot even be opened, and should say why
        if not stat.S_ISREG(kind):
            raise InputError(name, kind_reason(kind))
        fd = os.open(path, _FLAGS)
    except OSError as error:
        raise InputError(name, os_reason(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, kind_reason(info.st_mode))
        if info.st_size > limit:
            raise InputTooLarge(name, info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise InputTooLarge(name, max(size, info.st_size), limit)
        return b"".join(chunks)
    except OSError as error:
        raise InputError(name, os_reason(error)) from None
    finally:
        os.close(fd)


def read_head(path: str | os.PathLike[str], size: int, *, display: str | None = None) -> bytes:
    """The first `size` bytes of a regular file (InputError as for read_input otherwise), without reading on."""
    name = display or str(path)
    try:
        kind = os.stat(path).st_mode
        if not stat.S_ISREG(kind):
            raise InputError(name, kind_reason(kind))
        fd = os.open(path, _FLAGS)
    except OSError as error:
        raise InputError(name, os_reason(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, kind_reason(info.st_mode))
        return os.read(fd, size)
    except OSError as error:
        raise InputError(name, os_reason(error)) from None
    finally:
        os.close(fd)
