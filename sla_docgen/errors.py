"""One family of errors: user errors carry a translatable message and, when located, FILE:LINE:COL and a field path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sla_docgen.i18n import translate


def format_path(path: tuple[str | int, ...]) -> str:
    """`("goals", "company", 0, "target")` → `goals.company[0].target`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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
        return " / ".join(translate(self.msgid, one).format(**self.params) for one in lang.split("+"))


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
            params = dict(self.params)
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
