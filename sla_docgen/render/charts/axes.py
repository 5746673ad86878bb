"""What the line and bar charts share: round value ticks, the plot frame, the value axis, category labels, a legend."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sla_docgen.render.charts.canvas import Canvas, pt

SIZE = pt(8.5)
"""The labels' size."""
SMALL = pt(7.5)
"""Values written on bars, a divider's label."""
MARGIN = pt(5)
GAP = pt(4)
TICK = pt(3.5)
LINE = 1.25
"""Line height, in sizes."""
GRID = "#888888"


def value_ticks(largest: float, *, count: int = 5) -> list[float]:
    """Ticks from 0 at a round step (1, 2, 2.5 or 5 times a power of ten, never below 1), the last above `largest`."""
    top = max(largest, 1.0)
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)
    steps = math.floor(top / step) + 1  # always one round step of headroom above the largest value
    return [i * step for i in range(steps + 1)]


def tick_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


@dataclass(frozen=True, slots=True)
class Frame:
    """The plot area in chart units, and the value range its height shows."""

    left: float
    top: float
    right: float
    bottom: float
    top_value: float

    @property
    def width(self) -> float:
        return self.right - self.left

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - self.top) * value / self.top_value


def value_axis_width(canvas: Canvas, ticks: Sequence[float], axis_label: str) -> float:
    """Room left of the frame for the rotated axis name, the tick labels and the ticks."""
    widest = max(canvas.measure(tick_text(t), SIZE) for t in ticks)
    return MARGIN + (SIZE * LINE if axis_label else 0) + GAP + widest + GAP + TICK


def value_axis(canvas: Canvas, frame: Frame, ticks: Sequence[float], axis_label: str) -> None:
    """Dotted grid lines at each tick, the ticks and their figures, the axis line and its rotated name."""
    for value in ticks:
        y = frame.y(value)
        if value:
            canvas.line([(frame.left, y), (frame.right, y)], width=pt(0.6), color=GRID, dash=(pt(0.6), pt(1.8)))
        canvas.line([(frame.left - TICK, y), (frame.left, y)], width=pt(0.8))
        canvas.text(frame.left - TICK - GAP, y, tick_text(value), size=SIZE, anchor="end")
    canvas.line([(frame.left, frame.top), (frame.left, frame.bottom)], width=pt(0.8))
    if axis_label:
        canvas.text(
            MARGIN + SIZE * LINE / 2,
            (frame.top + frame.bottom) / 2,
            axis_label,
            size=SIZE,
            anchor="middle",
            rotate=True,
        )


@dataclass(frozen=True, slots=True)
class CategoryLabels:
    """How labels under the frame fit: each on one line or one line per language, and every `every`-th shown."""

    lines: tuple[tuple[str, ...], ...]
    every: int

    @property
    def height(self) -> float:
        return max((len(lines) for lines in self.lines), default=1) * SIZE * LINE


def fit_category_labels(
    canvas: Canvas, positions: Sequence[float], joined: Sequence[str], stacked: Sequence[Sequence[str]]
) -> CategoryLabels:
    """The first arrangement in which no two neighbouring labels touch: joined, stacked, then thinned out."""

    def fits(options: Sequence[Sequence[str]], every: int) -> bool:
        shown = list(range(0, len(positions), every))
        widths = {i: max(canvas.measure(line, SIZE) for line in options[i]) for i in shown}
        return all(
            (widths[a] + widths[b]) / 2 + GAP <= positions[b] - positions[a] for a, b in itertools.pairwise(shown)
        )

    candidates = [tuple((text,) for text in joined), tuple(tuple(lines) for lines in stacked)]
    for every in range(1, max(len(positions), 2)):
        for candidate in candidates:
            if fits(candidate, every):
                return CategoryLabels(candidate, every)
    return CategoryLabels(candidates[-1], len(positions))  # the first label alone


def category_labels(canvas: Canvas, frame: Frame, positions: Sequence[float], labels: CategoryLabels) -> None:
    """Ticks under the frame at each position, and the labels that fit, centred beneath them."""
    for index, x in enumerate(positions):
        canvas.line([(x, frame.bottom), (x, frame.bottom + TICK)], width=pt(0.8))
        if index % labels.every:
            continue
        for row, text in enumerate(labels.lines[index]):
            y = frame.bottom + TICK + GAP / 2 + SIZE * LINE * (row + 0.5)
            canvas.text(x, y, text, size=SIZE, anchor="middle")


def base_line(canvas: Canvas, frame: Frame) -> None:
    canvas.line([(frame.left, frame.bottom), (frame.right, frame.bottom)], width=pt(0.8))


Sample = Callable[[Canvas, float, float, float], None]
"""Draws a legend entry's key in the box starting at (x, middle y) with the given width."""
SAMPLE_WIDTH = pt(32)


def legend_height(canvas: Canvas, texts: Sequence[str], width: float) -> float:
    """Height of a legend laid out in rows across `width` (0 when there is nothing to explain)."""
    return len(_legend_rows(canvas, texts, width)) * SIZE * LINE * 1.2 if texts else 0.0


def legend(canvas: Canvas, entries: Sequence[tuple[Sample, str]], left: float, top: float, width: float) -> None:
    """Each entry's key and text, flowing left to right in rows as wide as `width`."""
    rows = _legend_rows(canvas, [text for _, text in entries], width)
    index = 0
    for row_number, row in enumerate(rows):
        x = left
        y = top + SIZE * LINE * 1.2 * (row_number + 0.5)
        for text_width in row:
            sample, text = entries[index]
            sample(canvas, x, y, SAMPLE_WIDTH)
            canvas.text(x + SAMPLE_WIDTH + GAP, y, text, size=SIZE)
            x += SAMPLE_WIDTH + GAP + text_width + 3 * GAP
            index += 1


def _legend_rows(canvas: Canvas, texts: Sequence[str], width: float) -> list[list[float]]:
    rows: list[list[float]] = []
    used = width
    for text in texts:
        needed = SAMPLE_WIDTH + GAP + canvas.measure(text, SIZE)
        if rows and used + needed <= width:
            rows[-1].append(needed - SAMPLE_WIDTH - GAP)
            used += needed + 3 * GAP
        else:
            rows.append([needed - SAMPLE_WIDTH - GAP])
            used = needed + 3 * GAP
    return rows
