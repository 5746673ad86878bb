"""Escaping user text for Markdown so that it can never change the document's structure."""

from __future__ import annotations

import re

# Every ASCII punctuation mark that can open inline syntax or a table cell; CommonMark
# treats a backslash before any ASCII punctuation as a literal character.
_INLINE = re.compile(r"([\\`*_\[\]<>|#~&!])")
# Markers that only mean something at the start of a line: list items, headings, breaks.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape(text: str, *, line_start: bool = True) -> str:
    """One line of literal text: inline syntax escaped, newlines turned into `<br>` breaks.

    `line_start=False` for text that cannot open a block (inside a table cell), where list
    and heading markers are harmless and escaping them would only clutter the source.
    """
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _INLINE.sub(r"\\\1", line.strip())
        match = _LINE_START.match(line) if line_start else None
        if match:
            marker = match.group(2)
            line = (
                line[: match.start(2)]
                + (f"{marker}\\" if marker[0].isdigit() else f"\\{marker}")
                + line[match.end(2) :]
            )
        lines.append(line)
    return "<br>".join(lines)
