"""Shared by the hostile-input tests: run a command as a user would, then check that it was refused properly.

A refusal is right when, in English and in Japanese: the exit code is the documented one, the message
names the place (`FILE:LINE:COL field: ` where a line exists), no traceback is printed, nothing is
written, existing outputs are untouched (content and permissions) and the inputs are byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from click.testing import CliRunner, Result

from sla_docgen.cli import main
from tests.conftest import MINIMAL

JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
ENVIRONMENTS = {
    "en": {"LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""},
    "ja": {"LANG": "ja_JP.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""},
}
BASE = MINIMAL.read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under `folder`, links not followed: what it is (a file's content hash) and its mode."""
    out: dict[str, tuple[str, int]] = {}
    if not folder.exists():
        return out
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            kind = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISLNK(info.st_mode):
            kind = "link:" + os.readlink(path)
        else:
            kind = f"kind:{stat.S_IFMT(info.st_mode)}"
        out[str(path.relative_to(folder))] = (kind, stat.S_IMODE(info.st_mode))
    return out


def locate(text: str, needle: str) -> str:
    """'LINE:COL' (1-based) of the first occurrence of `needle` in `text`."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def previous_outputs(folder: Path, stem: str, suffixes: tuple[str, ...] = (".md", ".html", ".pdf", ".docx")) -> None:
    """Outputs of an earlier run, with unusual permissions, that a failed run must leave as they are."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in suffixes:
        path = folder / f"{stem}{suffix}"
        path.write_bytes(b"an earlier run's output " + suffix.encode())
        path.chmod(0o640)


def invoke(args: list[str], lang: str, runner: CliRunner | None = None) -> Result:
    return (runner or CliRunner()).invoke(main, args, env=ENVIRONMENTS[lang])


def assert_refused(
    args: list[str],
    *,
    watched: list[Path],
    words: str,
    where: str | None = None,
    code: int = 1,
    one_line: bool = False,
) -> None:
    """Run `args` in English and in Japanese; each run must be a proper refusal (see the module docstring).

    `where` is the start every located message must have (`FILE:LINE:COL field: `); `words` must be in the
    English message; `watched` folders (inputs and outputs) must be exactly as they were.
    """
    for lang in ("en", "ja"):
        before = [snapshot(folder) for folder in watched]
        result = invoke(args, lang)
        message = result.stderr
        assert result.exit_code == code, (lang, result.output)
        assert "Traceback" not in result.output, result.output
        lines = message.strip().splitlines()
        assert lines, "no message"
        if one_line:
            assert len(lines) == 1, lines
        if where is not None:
            assert any(line.startswith(where) for line in lines), (where, lines)
        if lang == "en":
            assert words in message, (words, message)
            assert not JAPANESE.search(message), message
        else:
            assert JAPANESE.search(message), message
        assert [snapshot(folder) for folder in watched] == before, f"{lang}: something was written or changed"
