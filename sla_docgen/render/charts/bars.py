"""Grouped bars (the report): one bar per series in each category, its figure on top, and a dashed divider
where a limit falls between categories. Series differ by grey and hatch, explained in a legend when
there are several.
"""

from __future__ import annotations

from sla_docgen.document import BarChartData
from sla_docgen.render.charts.axes import (
    GAP,
    LINE,
    MARGIN,
    SIZE,
    SMALL,
    TICK,
    Frame,
    Sample,
    base_line,
    category_labels,
    fit_category_labels,
    legend,
    legend_height,
    value_axis,
    value_axis_width,
    value_ticks,
)
from sla_docgen.render.charts.canvas import HATCHES, HEIGHT, WIDTH, Canvas, pt
from sla_docgen.render.charts.text import label, label_lines

GREYS = ("#e6e6e6", "#f2f2f2", "#cccccc", "#ffffff")
GROUP_SHARE = 0.8
"""Of each category's slot, the share its bars take."""


def _sample(fill: str, hatch: str) -> Sample:
    def draw(canvas: Canvas, x: float, y: float, width: float) -> None:
        canvas.rect(x + width * 0.4, y - SIZE * 0.45, width * 0.6, SIZE * 0.9, fill=fill, hatch=hatch)

    return draw


def draw(canvas: Canvas, data: BarChartData) -> None:
    groups = len(data.categories)
    largest = max((v for s in data.series for v in s.values), default=0)
    ticks = value_ticks(largest * 1.08)  # room for the figures written on the bars
    axis_label = label(data.y_label)
    left = value_axis_width(canvas, ticks, axis_label)
    right = WIDTH - MARGIN
    styles = [(GREYS[i % len(GREYS)], HATCHES[i % len(HATCHES)]) for i in range(len(data.series))]
    texts = [label(s.label) for s in data.series] if len(data.series) > 1 else []
    top = MARGIN + legend_height(canvas, texts, right - left) + (GAP if texts else SIZE)
    slot = (right - left) / max(groups, 1)
    positions = [left + slot * (g + 0.5) for g in range(groups)]
    categories = fit_category_labels(
        canvas, positions, [label(c) for c in data.categories], [label_lines(c) for c in data.categories]
    )
    x_label = label(data.x_label) if data.x_label is not None else ""
    bottom = HEIGHT - MARGIN - TICK - GAP / 2 - categories.height - (SIZE * LINE if x_label else 0)
    frame = Frame(left, top, right, bottom, ticks[-1])
    value_axis(canvas, frame, ticks, axis_label)
    width = slot * GROUP_SHARE / max(len(data.series), 1)
    for index, series in enumerate(data.series):
        fill, hatch = styles[index]
        for group, (value, text) in enumerate(zip(series.values, series.value_labels, strict=True)):
            x = positions[group] - slot * GROUP_SHARE / 2 + width * index
            y = frame.y(value)
            canvas.rect(x + width * 0.04, y, width * 0.92, frame.bottom - y, fill=fill, hatch=hatch)
            canvas.text(x + width / 2, y - SMALL * 0.8, label(text), size=SMALL, anchor="middle")
    if data.divider is not None:
        x = left + slot * data.divider
        canvas.line([(x, frame.top - SIZE / 2), (x, frame.bottom)], width=pt(1), dash=(pt(3.7), pt(1.6)))
        if data.divider_label is not None:
            canvas.text(x + GAP / 2, frame.top, label(data.divider_label), size=SMALL)
    base_line(canvas, frame)
    category_labels(canvas, frame, positions, categories)
    if x_label:
        canvas.text((left + right) / 2, HEIGHT - MARGIN - SIZE * LINE / 2, x_label, size=SIZE, anchor="middle")
    if texts:
        entries = [(_sample(fill, hatch), text) for (fill, hatch), text in zip(styles, texts, strict=True)]
        legend(canvas, entries, left + GAP, MARGIN, right - left)
