"""Line folding that suits Japanese: a line break YAML folds between two wide characters joins them without a space.

YAML turns each single line break inside a folded (`>`), plain or quoted scalar into a
space. That is right for English and wrong for Japanese, where a sentence wrapped over two
lines of the questionnaire would be printed with a stray space in the middle. The rule used
here is the one CSS Text 3 applies to segment breaks in HTML: a folded break is removed when
the characters on both sides are East Asian Wide, Fullwidth or Halfwidth (not Hangul), or
when either side is a zero-width space; otherwise it stays a space.

The parser has already folded the value. To know which spaces were line breaks, the folding
is redone from the scalar's source text with a marker at each fold; only when that
reproduces the parser's value exactly (no escapes, no more-indented lines, no explicit
indentation indicator) are the markers resolved. Anything else keeps the parser's value.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = "\ue000"
"""Marks a folded line break while the value is rebuilt (private use; input containing it is left alone)."""
_WIDE = frozenset("FWH")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]")
_BLOCK_HEADER = re.compile(r"^>[+-]?(?:\s+#.*)?\s*$")


def unfold(value: str, source: str, style: str | None) -> str:
    """The scalar's value with folds between wide characters joined; `source` is its text in the file."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in source or _FOLD in source:
        return value
    if style == ">":
        marked = _block_folded(source)
    elif not style:
        marked = _flow_folded(source.split("\n"))
    elif style == "'":
        marked = _flow_folded(source[1:-1].split("\n"), quote="'")
    elif style == '"' and "\\" not in source:
        marked = _flow_folded(source[1:-1].split("\n"))
    else:
        return value
    if marked is None:
        return value
    body = value.rstrip("\n")  # the final line breaks depend on chomping, not on folding
    marked = marked.rstrip("\n")
    if marked.replace(_FOLD, " ") != body:
        return value
    return _join(marked) + value[len(body) :]


def _join(marked: str) -> str:
    parts = marked.split(_FOLD)
    out = [parts[0]]
    for part in parts[1:]:
        before, after = out[-1][-1:], part[:1]
        out.append(part if _joins(before, after) else " " + part)
    return "".join(out)


def _joins(before: str, after: str) -> bool:
    if not before or not after:
        return False
    if "\u200b" in (before, after):
        return True
    wide = all(unicodedata.east_asian_width(c) in _WIDE for c in (before, after))
    return wide and not _HANGUL.match(before) and not _HANGUL.match(after)


def _fold(lines: list[str]) -> str:
    """Join content lines the YAML way: one break between text lines folds, each empty line is a newline."""
    out = ""
    pending_empty = 0
    seen_text = False
    for line in lines:
        if not line:
            pending_empty += 1
            continue
        if seen_text:
            out += "\n" * pending_empty if pending_empty else _FOLD
        else:
            out += "\n" * pending_empty
        out += line
        pending_empty = 0
        seen_text = True
    return out + "\n" * pending_empty


def _flow_folded(lines: list[str], quote: str | None = None) -> str:
    """A plain or quoted scalar: lines lose the white space around breaks (not at the ends of the value)."""
    stripped = []
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if index > 0:
            line = line.lstrip(" \t")
        if index < last:
            line = line.rstrip(" \t")
        stripped.append(line)
    folded = _fold(stripped)
    return folded.replace(quote * 2, quote) if quote else folded


def _block_folded(source: str) -> str | None:
    header, _, content = source.partition("\n")
    if not _BLOCK_HEADER.match(header):
        return None  # an indentation indicator, or something this module does not rebuild
    lines = content.split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip(" ")]
    if not indents:
        return None
    indent = indents[0]
    if any(i != indent for i in indents) or any(line[indent : indent + 1] == "\t" for line in lines):
        return None  # more-indented lines keep their breaks in YAML: not rebuilt here
    return _fold([line[indent:] if line.strip(" ") else "" for line in lines])
