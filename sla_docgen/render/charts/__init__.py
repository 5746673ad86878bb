"""Charts drawn as SVG by sla-docgen itself, and as PNG through resvg: the funnel, the goal line, grouped bars.

One drawing serves every format: HTML and PDF inline the SVG (labels stay text, in the document's
Japanese font), the Markdown links SVG files, and DOCX gets the same SVG rasterised at 200 dpi by
resvg with the same font files and no system fonts. Drawing is plain Python and cheap to import;
resvg (a compiled library with no dependencies) loads only when a PNG is asked for.
The same chart always gives the same bytes, and each is drawn once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sla_docgen.document import BarChartData, Chart, FunnelChartData
from sla_docgen.render.charts import bars, funnel, goal_line
from sla_docgen.render.charts.canvas import HEIGHT, UNITS_PER_PT, WIDTH, Canvas
from sla_docgen.render.charts.text import ChartFont, default_font, label

PNG_DPI = 200
__all__ = ["PNG_DPI", "ChartFont", "default_font", "inline_svg", "label", "png", "png_size", "preload", "svg"]


@lru_cache(maxsize=32)
def svg(chart: Chart, font: ChartFont | None = None) -> str:
    """The chart as a standalone SVG document, labels kept as text.

    Kept per process (the same chart always gives the same bytes): the preview renders the
    questionnaire again on every save, and most saves leave the charts as they were.
    """
    canvas = Canvas(font or default_font(), chart.key)
    if isinstance(chart.data, FunnelChartData):
        funnel.draw(canvas, chart.data)
    elif isinstance(chart.data, BarChartData):
        bars.draw(canvas, chart.data)
    else:
        goal_line.draw(canvas, chart.data)
    return canvas.svg(label(chart.title))


_PROLOG = re.compile(r"^<\?xml[^>]*\?>\s*")
_SIZE = re.compile(r' width="[^"]*" height="[^"]*"')


def inline_svg(chart: Chart, font: ChartFont | None = None) -> str:
    """The chart's <svg> element for an HTML page: no XML prolog, sized by the page."""
    return _SIZE.sub("", _PROLOG.sub("", svg(chart, font)), count=1)


@lru_cache(maxsize=32)
def png(chart: Chart, font: ChartFont | None = None) -> bytes:
    """The chart as a PNG image at 200 dpi, drawn by resvg from the SVG with the chart's own font files only."""
    import resvg_py

    chosen = font or default_font()
    width, _ = png_size()
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=inline_svg(chart, chosen),  # sized by its viewBox: resvg reads no "pt" without a dpi
            width=width,
            skip_system_fonts=True,
            font_files=[str(path) for path in chosen.files],
        )
    )


def png_size(dpi: int = PNG_DPI) -> tuple[int, int]:
    """Width and height of a chart's PNG, in pixels."""
    return round(WIDTH / UNITS_PER_PT / 72 * dpi), round(HEIGHT / UNITS_PER_PT / 72 * dpi)


def preload() -> None:
    """Load what drawing a chart needs, for a process about to render many documents (batch, preview)."""
    import resvg_py  # noqa: F401

    from sla_docgen.render.charts.text import text_width

    text_width(default_font(), "", 1)
