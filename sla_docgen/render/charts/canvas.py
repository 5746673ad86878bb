"""An SVG drawing in chart units (hundredths of an inch): lines, boxes, markers and text, as deterministic markup.

Only what every reader of the charts draws alike is used: WeasyPrint (the PDF), browsers (HTML,
the Markdown's files) and resvg (the PNG in DOCX). Text is placed by its baseline, computed here,
rather than by `dominant-baseline`, which WeasyPrint ignores. Hatch patterns get ids made from the
chart's key, so that several charts inlined in one HTML page never share one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from sla_docgen.render.charts.text import ChartFont, text_width

WIDTH, HEIGHT = 640.0, 320.0
"""The drawing's size in units: 6.4 × 3.2 inches."""
UNITS_PER_PT = 100 / 72
BLACK, WHITE = "#000000", "#ffffff"
_HATCH_TILE = 9.0
_HATCH_LINES = {
    "/": ("M0 9L9 0M-1 1L1 -1M8 10L10 8",),
    "\\": ("M0 0L9 9M-1 8L1 10M8 -1L10 1",),
    "x": ("M0 9L9 0M-1 1L1 -1M8 10L10 8", "M0 0L9 9M-1 8L1 10M8 -1L10 1"),
    "-": ("M0 4.5H9",),
    "|": ("M4.5 0V9",),
    "+": ("M0 4.5H9", "M4.5 0V9"),
}
HATCHES = tuple(_HATCH_LINES)
"""Fill patterns told apart in black and white, in the order series and stages use them."""


def pt(points: float) -> float:
    """A length given in typographic points, in chart units."""
    return points * UNITS_PER_PT


def num(value: float) -> str:
    """A coordinate as short, stable text: two decimals at most, no trailing zeros, never "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Canvas:
    """Collects the elements of one chart, then writes them as a standalone SVG document."""

    def __init__(self, font: ChartFont, key: str) -> None:
        self.font = font
        self._id = re.sub(r"[^A-Za-z0-9-]", "-", f"sla-chart-{key}")
        self._patterns: dict[tuple[str, str], tuple[str, str]] = {}
        """(fill, hatch) -> (id, <pattern> element)"""
        self._items: list[str] = []

    def measure(self, text: str, size: float, *, bold: bool = False) -> float:
        return text_width(self.font, text, size, bold=bold)

    def line(
        self,
        points: Sequence[tuple[float, float]],
        *,
        width: float,
        color: str = BLACK,
        dash: tuple[float, ...] | None = None,
        round_caps: bool = False,
    ) -> None:
        coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        extra = f' stroke-dasharray="{" ".join(num(d) for d in dash)}"' if dash else ""
        if round_caps:
            extra += ' stroke-linecap="round"'
        self._items.append(
            f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="{num(width)}"'
            f' stroke-linejoin="round"{extra}/>'
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str = WHITE,
        hatch: str | None = None,
        stroke: str = BLACK,
        width: float = pt(0.8),
    ) -> None:
        paint = f"url(#{self._pattern(fill, hatch)})" if hatch else fill
        self._items.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{paint}"'
            f' stroke="{stroke}" stroke-width="{num(width)}"/>'
        )

    def circle(self, cx: float, cy: float, r: float, *, fill: str = BLACK) -> None:
        self._items.append(f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="{fill}"/>')

    def square(self, cx: float, cy: float, side: float, *, fill: str, stroke: str, width: float) -> None:
        half = side / 2
        self._items.append(
            f'<rect x="{num(cx - half)}" y="{num(cy - half)}" width="{num(side)}" height="{num(side)}"'
            f' fill="{fill}" stroke="{stroke}" stroke-width="{num(width)}"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        anchor: str = "start",
        bold: bool = False,
        rotate: bool = False,
    ) -> None:
        """`text` with its middle at height `y` (or, rotated a quarter turn to read upwards, at `x`)."""
        shift = size * 0.36  # from the middle of a line of Japanese or capitals down to its baseline
        attrs = f'font-size="{num(size)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if bold:
            attrs += ' font-weight="bold"'
        if rotate:
            attrs += f' transform="rotate(-90 {num(x)} {num(y)})"'  # turns the shift down into one to the right
        self._items.append(f'<text x="{num(x)}" y="{num(y + shift)}" {attrs}>{escape(text, quote=False)}</text>')

    def _pattern(self, fill: str, hatch: str) -> str:
        key = (fill, hatch)
        if key not in self._patterns:
            pattern_id = f"{self._id}-hatch{len(self._patterns) + 1}"
            paths = "".join(
                f'<path d="{d}" stroke="{BLACK}" stroke-width="{num(pt(0.6))}"/>' for d in _HATCH_LINES[hatch]
            )
            tile = num(_HATCH_TILE)
            self._patterns[key] = (
                pattern_id,
                f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{tile}" height="{tile}">'
                f'<rect width="{tile}" height="{tile}" fill="{fill}"/>{paths}</pattern>',
            )
        return self._patterns[key][0]

    def svg(self, title: str) -> str:
        """The standalone document: its title for screen readers, white ground, the elements in drawing order."""
        family = escape(f"'{self.font.family}', sans-serif", quote=False).replace('"', "&quot;")
        patterns = "".join(element for _, element in self._patterns.values())
        defs = f"<defs>{patterns}</defs>\n" if patterns else ""
        body = "\n".join(self._items)
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(WIDTH / UNITS_PER_PT)}pt"'
            f' height="{num(HEIGHT / UNITS_PER_PT)}pt" viewBox="0 0 {num(WIDTH)} {num(HEIGHT)}"'
            f' font-family="{family}" role="img">\n'
            f"<title>{escape(title, quote=False)}</title>\n{defs}"
            f'<rect width="{num(WIDTH)}" height="{num(HEIGHT)}" fill="{WHITE}"/>\n{body}\n</svg>\n'
        )
