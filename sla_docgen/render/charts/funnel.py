"""The funnel: one centred bar per stage, as wide as the leads it needs, with the conversion rate between stages.

Stage names stand right-aligned on the left, figures in bold on the right; each bar has its own
grey and hatch, so that stages stay apart in black and white.
"""

from __future__ import annotations

from sla_docgen.document import FunnelChartData
from sla_docgen.render.charts.axes import GAP, MARGIN, SIZE, SMALL
from sla_docgen.render.charts.canvas import HATCHES, HEIGHT, WIDTH, Canvas, pt
from sla_docgen.render.charts.text import label

GREYS = ("#ffffff", "#e6e6e6", "#cccccc", "#f2f2f2", "#d9d9d9", "#ffffff", "#bfbfbf")
FIGURE_SIZE = pt(9)
BAR_SHARE = 0.62
"""Of each stage's row, the share its bar's height takes; the rest holds the rate to the next stage."""
NARROWEST = 0.015
"""A stage with almost no leads still shows as a sliver of the widest bar."""


def draw(canvas: Canvas, data: FunnelChartData) -> None:
    bars = data.bars
    names = [label(b.label) for b in bars]
    figures = [label(b.value_label) for b in bars]
    name_width = max(canvas.measure(n, SIZE) for n in names)
    figure_width = max(canvas.measure(f, FIGURE_SIZE, bold=True) for f in figures)
    left = MARGIN + name_width + 3 * GAP
    right = WIDTH - MARGIN - figure_width - 3 * GAP
    centre = (left + right) / 2
    row = (HEIGHT - 2 * MARGIN) / len(bars)
    widest = max(max(b.value for b in bars), 1)
    for index, (bar, name, figure) in enumerate(zip(bars, names, figures, strict=True)):
        middle = MARGIN + row * (index + 0.5)
        width = (right - left) * max(bar.value / widest, NARROWEST)
        height = row * BAR_SHARE
        canvas.rect(
            centre - width / 2,
            middle - height / 2,
            width,
            height,
            fill=GREYS[index % len(GREYS)],
            hatch=HATCHES[index % len(HATCHES)],
        )
        canvas.text(left - 3 * GAP, middle, name, size=SIZE, anchor="end")
        canvas.text(right + 3 * GAP, middle, figure, size=FIGURE_SIZE, bold=True)
        if bar.rate_label is not None:
            canvas.text(centre, middle - row / 2, "▼ " + label(bar.rate_label), size=SMALL, anchor="middle")
