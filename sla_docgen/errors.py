"""One family of errors: user errors carry a translatable message and, when located, FILE:LINE:COL and a field path."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from typing import Any

from sla_docgen.i18n import N_, translate


def format_path(path: tuple[str | int, ...]) -> str:
    """`("goals", "company", 0, "target")` → `goals.company[0].target`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Reason(str):
    """A message parameter that is itself an English msgid, translated together with its message.

    Its own `{named}` fields are filled from the message's other parameters.
    """


def _translated(params: dict[str, Any], lang: str) -> dict[str, Any]:
    words = {key: translate(value, lang) if isinstance(value, Reason) else value for key, value in params.items()}
    return {key: words[key].format(**words) if isinstance(params[key], Reason) else words[key] for key in params}


class SlaDocgenError(Exception):
    """Base of every error sla-docgen raises on purpose."""


class UserError(SlaDocgenError):
    """A problem the user can fix; `msgid` is an English gettext message with `{named}` fields."""

    exit_code = 1

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid.format(**params))
        self.msgid = msgid
        self.params = params

    def message(self, lang: str) -> str:
        """The message in `lang`; a pair such as "ja+en" gives both, the first language first."""
        return " / ".join(translate(self.msgid, one).format(**_translated(self.params, one)) for one in lang.split("+"))


class UsageError(UserError):
    """The command line asked for something that cannot be done (exit 2)."""

    exit_code = 2


class RenderError(UserError):
    """A format could not be produced from a valid agreement (a blocked resource, a missing font ...)."""


WORD_PARAMS = frozenset({"kind", "unit", "expected_unit", "period"})
"""Message parameters whose values are msgids (a kind, unit or period word), translated with the message."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One located problem in a questionnaire."""

    file: str
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    path: str
    """Dotted field path such as `goals.company[0].target`; empty for the document itself."""
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    code: str = ""
    """The stable code of a consistency finding (a warning); empty for an error."""

    def message(self, lang: str) -> str:
        """The message in `lang`; a pair such as "ja+en" gives both, the first language first."""
        out = []
        for one in lang.split("+"):
            params = _translated(self.params, one)
            for key in WORD_PARAMS.intersection(params):  # words such as "a number" are msgids themselves
                params[key] = translate(str(params[key]), one)
            out.append(translate(self.msgid, one).format(**params))
        return " / ".join(out)

    def format(self, lang: str) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path}: {self.message(lang)}" if self.path else f"{where}: {self.message(lang)}"
        return f"{text} [{self.code}]" if self.code else text


class ValidationFailed(UserError):
    """The questionnaire is invalid; `issues` lists every problem found, in file order."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (i.file, i.line, i.column, i.path))
        super().__init__("{count} problem(s) found", count=len(self.issues))

    def message(self, lang: str) -> str:
        return "\n".join(issue.format(lang) for issue in self.issues)


# --- files that cannot be read or written ---------------------------------------------------------

_ERRNO_REASONS = {
    errno.ENOENT: N_("it does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the file system is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file is too large for the file system"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("the path has a loop of symbolic links"),
    errno.EIO: N_("an input/output error occurred on the device"),
    errno.EMFILE: N_("too many files are open"),
    errno.ENFILE: N_("too many files are open"),
    errno.EXDEV: N_("it is on another file system"),
}

_KIND_REASONS = {
    stat.S_IFDIR: N_("it is a folder"),
    stat.S_IFIFO: N_("it is a named pipe (FIFO), not a regular file"),
    stat.S_IFCHR: N_("it is a device, not a regular file"),
    stat.S_IFBLK: N_("it is a device, not a regular file"),
    stat.S_IFSOCK: N_("it is a socket, not a regular file"),
}


def os_reason(error: OSError) -> str:
    """Why an operating-system call failed, as a translatable reason when the error is a common one."""
    known = _ERRNO_REASONS.get(error.errno or 0)
    if known is not None:
        return Reason(known)
    return error.strerror or type(error).__name__


def kind_reason(mode: int) -> Reason:
    """Why a file of this kind (folder, FIFO, device, socket) is refused where a regular file is needed."""
    return Reason(_KIND_REASONS.get(stat.S_IFMT(mode), N_("it is not a regular file")))


MSG_CANNOT_READ = N_("cannot read {path}: {reason}")
REASON_TOO_LARGE = N_("it is {size} bytes; the limit is {limit} bytes")
MSG_CANNOT_WRITE = N_("cannot write {path}: {reason}")


class InputError(UserError):
    """An input file cannot be read: missing, not a regular file, unreadable or too large."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(MSG_CANNOT_READ, path=str(path), reason=reason)
        self.path = str(path)
        self.reason = reason


class InputTooLarge(InputError):
    """An input file is larger than the limit for its kind."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        super().__init__(path, Reason(REASON_TOO_LARGE))
        self.params.update(size=size, limit=limit)
        self.size = size
        self.limit = limit


class OutputError(UserError):
    """An output cannot be written (read-only folder, full disk, a folder or a device in the way ...)."""

    def __init__(self, path: str | os.PathLike[str], reason: str, **details: Any) -> None:
        super().__init__(MSG_CANNOT_WRITE, path=str(path), reason=reason, **details)
        self.path = str(path)
        self.reason = reason
