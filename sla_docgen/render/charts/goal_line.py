"""The goal line: what a goal needs day by day over the term, what a party committed to, and (in the report) actuals.

In black and white the lines differ by weight, dash and marker: the need thin and black with dots
at each month's end, the commitment wide, grey and dashed with hollow squares (drawn beneath the
need, so that both stay visible where they coincide), actuals thick, a projection dotted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sla_docgen.document import GoalLineChartData, GoalLineSeries
from sla_docgen.render.charts.axes import (
    GAP,
    MARGIN,
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
from sla_docgen.render.charts.canvas import BLACK, HEIGHT, WHITE, WIDTH, Canvas, pt
from sla_docgen.render.charts.text import label, label_lines


@dataclass(frozen=True, slots=True)
class Style:
    width: float
    color: str = BLACK
    dash: tuple[float, ...] | None = None
    marker: str | None = None
    layer: int = 0


STYLES = {
    "committed": Style(pt(2.6), "#777777", (pt(6), pt(2.6)), "square", 0),
    "needed": Style(pt(1.2), BLACK, None, "dot", 1),
    "actual": Style(pt(2.4), BLACK, None, None, 2),
    "projected": Style(pt(1.6), BLACK, (pt(1.6), pt(2.6)), None, 2),
}


def _marker(canvas: Canvas, style: Style, x: float, y: float) -> None:
    if style.marker == "dot":
        canvas.circle(x, y, pt(1.75))
    elif style.marker == "square":
        canvas.square(x, y, pt(6.5), fill=WHITE, stroke=style.color, width=pt(1.1))


def _sample(style: Style) -> Sample:
    def draw(canvas: Canvas, x: float, y: float, width: float) -> None:
        canvas.line([(x, y), (x + width, y)], width=style.width, color=style.color, dash=style.dash)
        _marker(canvas, style, x + width / 2, y)

    return draw


def _legend_text(series: GoalLineSeries) -> str:
    return f"{label(series.label)} ({label(series.end_label)})"


def draw(canvas: Canvas, data: GoalLineChartData) -> None:
    days = len(data.days)
    ticks = value_ticks(max((max(s.values) for s in data.series if s.values), default=1))
    axis_label = label(data.y_label)
    left = value_axis_width(canvas, ticks, axis_label)
    right = WIDTH - MARGIN - pt(6)
    texts = [_legend_text(s) for s in data.series]
    top = MARGIN + legend_height(canvas, texts, right - left) + GAP

    def x(day: int) -> float:
        return left + (day + 1) * (right - left) / (days + 1)

    positions = [x(day) for day, _ in data.ticks]
    months = fit_category_labels(
        canvas, positions, [label(t) for _, t in data.ticks], [label_lines(t) for _, t in data.ticks]
    )
    frame = Frame(left, top, right, HEIGHT - MARGIN - TICK - GAP / 2 - months.height, ticks[-1])
    value_axis(canvas, frame, ticks, axis_label)
    month_ends = {day - 1 for day, _ in data.ticks[1:]} | {days - 1}
    for series in sorted(data.series, key=lambda s: STYLES[s.role].layer):
        style = STYLES[series.role]
        points = [(x(series.start + i), frame.y(v)) for i, v in enumerate(series.values)]
        if not points:
            continue
        canvas.line(points, width=style.width, color=style.color, dash=style.dash, round_caps=style.dash is not None)
        for i, point in enumerate(points):
            if series.start + i in month_ends:
                _marker(canvas, style, *point)
    base_line(canvas, frame)
    category_labels(canvas, frame, positions, months)
    entries = [(_sample(STYLES[s.role]), text) for s, text in zip(data.series, texts, strict=True)]
    legend(canvas, entries, left + GAP, MARGIN, right - left)
