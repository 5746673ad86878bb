"""What changed inside a text, in units a reader expects: English by word, Japanese by phrase.

A Japanese sentence has no spaces, so splitting on them would mark the whole sentence as
changed. BudouX (Google's phrase segmenter, the one Chrome uses for line breaking) cuts it into
phrases; diff-match-patch compares the phrase sequences and its semantic clean-up merges
fragments into edits a person would make. Both are small, dependency-free and maintained.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

Op = Literal["equal", "insert", "delete"]
Segment = tuple[Op, str]

_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
_WORDS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_NUMBER = re.compile(r"[0-9０-９][0-9０-９,.]*")
_PUNCTUATION = re.compile(r"([、。，．・：；！？「」『』（）［］【】〈〉《》])")
"""Japanese punctuation is its own unit: BudouX joins "、" to the phrase before it, and an item added
after a comma would show the phrase before it as removed and added again."""
"""A number is one unit: BudouX would cut 2026年 into 202 and 6年, and a changed year reads as one edit."""
_PRIVATE = 0xF0000
"""Tokens are stood in for by characters of a private-use plane, one per distinct token."""

_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}


def tokens(text: str) -> list[str]:
    """The units of a text: BudouX phrases where it is Japanese, words, spaces and marks otherwise."""
    if not _WIDE.search(text):
        return _WORDS.findall(text)
    out: list[str] = []
    position = 0
    for number in [*_NUMBER.finditer(text), None]:
        end = number.start() if number else len(text)
        if position < end:
            for phrase in _parser().parse(text[position:end]):
                for piece in _PUNCTUATION.split(phrase):
                    if piece:
                        out.extend(_WORDS.findall(piece) if not _WIDE.search(piece) else [piece])
        if number:
            out.append(number.group())
            position = number.end()
    return out


def diff_text(old: str, new: str) -> list[Segment]:
    """Segments that read as OLD when the inserted ones are left out, and as NEW without the deleted ones."""
    if old == new:
        return [("equal", new)] if new else []
    vocabulary: dict[str, str] = {}
    table: list[str] = []

    def encode(text: str) -> str:
        chars = []
        for token in tokens(text):
            if token not in vocabulary:
                vocabulary[token] = chr(_PRIVATE + len(table))
                table.append(token)
            chars.append(vocabulary[token])
        return "".join(chars)

    engine = _engine()
    diffs = engine.diff_main(encode(old), encode(new), False)
    engine.diff_cleanupSemantic(diffs)
    segments: list[Segment] = []
    for op, chars in diffs:
        text = "".join(table[ord(c) - _PRIVATE] for c in chars)
        if segments and segments[-1][0] == _OPS[op]:
            segments[-1] = (_OPS[op], segments[-1][1] + text)
        elif text:
            segments.append((_OPS[op], text))
    return segments


@lru_cache(maxsize=1)
def _parser() -> Any:
    import budoux

    return budoux.load_default_japanese_parser()


def _engine() -> Any:
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # exact: texts are short, and the same input must give the same marks
    return engine
