"""Column widths of Word tables that follow their content: numbers and short values never break inside.

A table's columns have relative weights from the Document. Word and LibreOffice break a value that
is wider than its column anywhere, even inside an amount (￥540,000,00 / 0), so each column first
gets the width of the widest piece it must keep whole: an amount, a number with its unit, an e-mail
address, a Latin word, or a whole value when it is short ("年間 60%", "最低水準"). What is left is
shared by the weights. Widths are estimated from character classes (a full-width character is one
em, a Latin one about half), which is close enough for the fonts a reference document may use.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence

SHORT_EM = 7.0
"""A value at most this wide (in ems) is kept on one line whole, even where it could break."""
NUMBER_RUN_EM = 12.0
"""A space-free run holding a number, up to this wide (in ems), is kept whole."""
CELL_PADDING = 2 * 108
"""Twips: the left and right cell margins Word uses by default (the built-in table styles use less)."""
SAFETY = 1.12
"""Estimates of proportional fonts are rough: leave room rather than break."""

# Full-width signs that belong to the number next to them (no line break between ￥ and 540,000).
_STICKY = frozenset("￥＄￡€％‰＋－，．：／＃＠")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F") and char not in _STICKY


def char_em(char: str) -> float:
    """The rough width of one character in ems."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char.isdigit():
        return 0.56
    if char.isupper():
        return 0.66
    if char.isalpha():
        return 0.52
    if char in " .,:;'!|il":
        return 0.3
    return 0.6


def text_em(text: str) -> float:
    return sum(char_em(c) for c in text)


def unbreakable_pieces(text: str) -> list[str]:
    """The pieces a line must not break inside. Lines break at spaces and between two full-width
    characters (ideographs, kana); a number keeps its signs and the characters touching it
    (￥600,000,000, 60%, 600万), and a short space-free run holding a number stays whole (年間￥600,000,000:
    word processors do not break between 間 and ￥ either)."""
    pieces: list[str] = []
    for chunk in text.split():
        if any(c.isdigit() for c in chunk) and text_em(chunk) <= NUMBER_RUN_EM:
            pieces.append(chunk)
            continue
        current = chunk[0]
        for before, char in itertools.pairwise(chunk):
            if _wide(before) and _wide(char):
                pieces.append(current)
                current = char
            else:
                current += char
        pieces.append(current)
    return pieces


def min_em(texts: Iterable[str]) -> float:
    """The width (ems) a column needs so that none of `texts` breaks inside a piece it must keep whole."""
    need = 0.0
    for text in texts:
        for line in text.splitlines() or [""]:
            whole = text_em(line)
            if whole <= SHORT_EM:
                need = max(need, whole)
            else:
                need = max(need, *(text_em(piece) for piece in unbreakable_pieces(line)), 0.0)
    return need


def max_em(texts: Iterable[str]) -> float:
    """The width (ems) of the longest line among `texts`, unbroken."""
    return max((text_em(line) for text in texts for line in text.splitlines() or [""]), default=0.0)


def fit_widths(weights: Sequence[float], minimums: Sequence[int], maximums: Sequence[int], total: int) -> list[int]:
    """Integer widths adding up to `total`, as a browser lays out an automatic table:

    - when every column fits unbroken, each gets its widest line and the room left is shared by
      `weights`;
    - else, when every column gets at least its minimum (its widest piece that must stay whole),
      the room above the minimums goes to the columns in proportion to how much more they could use;
    - else the minimums are scaled down (then some value has to break).
    """
    count = len(weights)
    if count == 0:
        return []
    maximums = [max(hi, lo) for lo, hi in zip(minimums, maximums, strict=True)]
    if sum(maximums) <= total:
        shares = [max(float(x), 0.0) for x in weights]
        if not any(shares):
            shares = [1.0] * count
        room = total - sum(maximums)
        return _whole([hi + room * share / sum(shares) for hi, share in zip(maximums, shares, strict=True)], total)
    if sum(minimums) <= total:
        room = total - sum(minimums)
        wants = [hi - lo for lo, hi in zip(minimums, maximums, strict=True)]
        return _whole([lo + room * want / sum(wants) for lo, want in zip(minimums, wants, strict=True)], total)
    return _whole([float(lo) for lo in minimums], total)


def _whole(widths: list[float], total: int) -> list[int]:
    """Round to integers that add up to exactly `total`, in proportion."""
    whole = sum(widths) or float(len(widths))
    if not sum(widths):
        widths = [1.0] * len(widths)
    out = [int(total * x / whole) for x in widths]
    out[-1] += total - sum(out)
    return out


def twips(em: float, font_half_points: int) -> int:
    """Ems of a font size given in half-points (w:sz), as twips, with the cell margins and a safety margin."""
    return int(em * font_half_points * 10 * SAFETY) + CELL_PADDING
