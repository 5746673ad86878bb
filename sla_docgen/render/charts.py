"""Charts drawn with matplotlib's object-oriented API (Figure + canvas, never pyplot): SVG and PNG bytes.

matplotlib is imported only when a chart is drawn. Every drawing starts from matplotlib's
defaults (a user's matplotlibrc or style cannot change the output) with fixed hash salt and
no date or software stamp, so the same chart gives the same bytes. SVG keeps its labels as
text (`svg.fonttype: none`), named in the Japanese font the PDF uses; the font file is given
to matplotlib directly rather than looked up. Black and white print stays readable: the
funnel's bars are hatched, lines differ in style and marker, and values are written on them.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sla_docgen.document import BarChartData, Chart, FunnelChartData, GoalLineChartData, Text
from sla_docgen.errors import RenderError
from sla_docgen.i18n import N_
from sla_docgen.render.fonts import FONTJA, PACKAGE_FONTS, package_file

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_IN, HEIGHT_IN = 6.4, 3.2
PNG_DPI = 200
HATCHES = ("///", "\\\\\\", "xxx", "---", "|||", "+++")
GREYS = ("#ffffff", "#e6e6e6", "#cccccc", "#f2f2f2", "#d9d9d9", "#ffffff", "#bfbfbf")
MSG_NO_CHART_FONT = N_("No Japanese font for the charts: install the Python package noto-cjk-sans-jp-regular")


@dataclass(frozen=True, slots=True)
class ChartFont:
    family: str
    """The family name written into SVG text (the font the PDF or browser draws the labels with)."""
    files: tuple[Path, ...]
    """The font files (regular, and bold if there is one) matplotlib measures and, for PNG, draws with."""


def default_font() -> ChartFont:
    """Noto Sans CJK JP from its wheels (a dependency), else IPAexGothic from matplotlib-fontja."""
    noto = [package_file(module, name) for module, name, _ in PACKAGE_FONTS]
    if noto[0] is not None:
        return ChartFont(PACKAGE_FONTS[0][2], tuple(p for p in noto if p is not None))
    ipaex = package_file(FONTJA[0], FONTJA[1])
    if ipaex is None:
        raise RenderError(MSG_NO_CHART_FONT)
    return ChartFont(FONTJA[2], (ipaex,))


MAX_LABEL = 40
"""Characters of a label drawn in a chart; the table and the caption carry the full wording."""


def label(text: Text) -> str:
    """A chart label in the document's languages: the primary wording, then each other one after a slash."""
    joined = " / ".join(v.text for v in text.variants)
    return joined if len(joined) <= MAX_LABEL else joined[: MAX_LABEL - 1] + "…"


def _rc(font: ChartFont, salt: str) -> dict[str, Any]:
    return {
        "font.family": [font.family, "sans-serif"],
        "font.sans-serif": [font.family],
        "font.size": 8.5,
        "svg.fonttype": "none",
        "svg.hashsalt": f"sla-docgen-{salt}",
        "axes.unicode_minus": False,
        "hatch.linewidth": 0.6,
    }


def import_matplotlib() -> None:
    """Import what drawing a chart needs, for a process about to render many documents (batch, preview)."""
    import matplotlib.backends.backend_agg
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401


def _draw(chart: Chart, font: ChartFont, write: Any) -> None:
    """Build the figure under matplotlib's defaults plus ours, then hand it to `write` inside the same settings."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font.files:
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        cast(Any, matplotlib.rcParams).update(_rc(font, chart.key))  # its stubs list the keys as literals
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
        if isinstance(chart.data, FunnelChartData):
            _funnel(figure, chart.data)
        elif isinstance(chart.data, GoalLineChartData):
            _goal_line(figure, chart.data)
        elif isinstance(chart.data, BarChartData):
            _bars(figure, chart.data)
        figure.set_layout_engine("constrained")
        with warnings.catch_warnings():
            # Very long labels can leave the layout no room; the chart is then drawn without it, still whole.
            warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
            write(figure)


def _funnel(figure: Figure, data: FunnelChartData) -> None:
    ax = figure.add_subplot()
    bars = data.bars
    widest = max(max(b.value for b in bars), 1)
    ys = list(range(len(bars)))
    widths = [max(b.value / widest, 0.015) for b in bars]
    for y, bar, width in zip(ys, bars, widths, strict=True):
        ax.barh(
            y,
            width,
            left=-width / 2,
            height=0.62,
            color=GREYS[y % len(GREYS)],
            edgecolor="black",
            linewidth=0.8,
            hatch=HATCHES[y % len(HATCHES)],
        )
        ax.text(0.56, y, label(bar.value_label), va="center", ha="left", fontsize=9, fontweight="bold")
        if bar.rate_label is not None:
            ax.text(0, y - 0.5, "▼ " + label(bar.rate_label), va="center", ha="center", fontsize=7.5)
    ax.set_yticks(ys, [label(b.label) for b in bars])
    ax.set_ylim(len(bars) - 0.5, -0.6)
    ax.set_xlim(-0.55, 0.8)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _goal_line(figure: Figure, data: GoalLineChartData) -> None:
    ax = figure.add_subplot()
    xs = list(range(1, len(data.days) + 1))
    month_ends = [i - 1 for i, _ in data.ticks[1:]] + [len(xs) - 1]
    # Committed under needed: a wide grey dashed line with hollow squares, the need thin, black, with dots on top,
    # so that both stay visible where they coincide.
    styles: dict[str, dict[str, Any]] = {
        "needed": {"linestyle": "-", "marker": "o", "color": "black", "linewidth": 1.2, "markersize": 3.5, "zorder": 3},
        "committed": {
            "linestyle": "--",
            "marker": "s",
            "color": "#777777",
            "linewidth": 2.6,
            "markersize": 6.5,
            "markerfacecolor": "white",
            "zorder": 2,
        },
        "actual": {"linestyle": "-", "color": "black", "linewidth": 2.4, "zorder": 4},
        "projected": {"linestyle": ":", "color": "black", "linewidth": 1.6, "zorder": 4},
    }
    for series in data.series:
        span = xs[series.start : series.start + len(series.values)]
        ends = [i - series.start for i in month_ends if series.start <= i < series.start + len(series.values)]
        ax.plot(
            span,
            series.values,
            markevery=ends if series.role in ("needed", "committed") else None,
            label=f"{label(series.label)} ({label(series.end_label)})",
            **styles[series.role],
        )
    ax.legend(loc="upper left", frameon=False, handlelength=3.2)
    ax.set_xticks([i + 1 for i, _ in data.ticks], [label(t) for _, t in data.ticks])
    ax.set_xlim(0, len(xs) + 1)
    ax.set_ylim(0, max((max(s.values) for s in data.series if s.values), default=1) * 1.15 or 1)
    ax.set_ylabel(label(data.y_label))
    ax.grid(axis="y", linestyle=":", linewidth=0.6, color="#888888")
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.yaxis.set_major_formatter("{x:,.0f}")


def _bars(figure: Figure, data: BarChartData) -> None:
    ax = figure.add_subplot()
    groups = len(data.categories)
    width = 0.8 / max(len(data.series), 1)
    top = max((v for s in data.series for v in s.values), default=0) or 1
    for index, series in enumerate(data.series):
        xs = [g - 0.4 + width * (index + 0.5) for g in range(groups)]
        ax.bar(
            xs,
            series.values,
            width=width * 0.92,
            color=GREYS[(index * 2 + 1) % len(GREYS)],
            edgecolor="black",
            linewidth=0.8,
            hatch=HATCHES[index % len(HATCHES)],
            label=label(series.label),
        )
        for x, value, text in zip(xs, series.values, series.value_labels, strict=True):
            ax.text(x, value + top * 0.02, label(text), ha="center", va="bottom", fontsize=7)
    if data.divider is not None:
        ax.axvline(data.divider - 0.5, color="black", linestyle="--", linewidth=1)
        if data.divider_label is not None:
            ax.text(data.divider - 0.45, top * 1.12, label(data.divider_label), ha="left", va="top", fontsize=7.5)
    ax.set_xticks(range(groups), [label(c) for c in data.categories], fontsize=7.5)
    ax.set_ylim(0, top * 1.18)
    ax.set_ylabel(label(data.y_label))
    if data.x_label is not None:
        ax.set_xlabel(label(data.x_label))
    ax.grid(axis="y", linestyle=":", linewidth=0.6, color="#888888")
    ax.set_axisbelow(True)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.yaxis.set_major_formatter("{x:,.0f}")
    if len(data.series) > 1:
        ax.legend(loc="upper right", frameon=False)


@lru_cache(maxsize=32)
def svg(chart: Chart, font: ChartFont | None = None) -> str:
    """The chart as a standalone SVG document, labels kept as text.

    Kept per process (the same chart always gives the same bytes): the preview renders the
    questionnaire again on every save, and most saves leave the charts as they were.
    """
    out = io.StringIO()

    def write(figure: Figure) -> None:
        from matplotlib.backends.backend_svg import FigureCanvasSVG

        FigureCanvasSVG(figure)
        figure.savefig(out, format="svg", metadata={"Date": None})

    _draw(chart, font or default_font(), write)
    return out.getvalue()


_SVG_START = re.compile(r"<svg\b")
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def inline_svg(chart: Chart, font: ChartFont | None = None) -> str:
    """The chart's <svg> element for an HTML page: no XML prolog, no metadata, sized by the page."""
    text = svg(chart, font)
    start = _SVG_START.search(text)
    element = text[start.start() :] if start else text
    element = _METADATA.sub("", element, count=1)
    return re.sub(r'\s(width|height)="[^"]*"', "", element.split(">", 1)[0], count=2) + ">" + element.split(">", 1)[1]


@lru_cache(maxsize=32)
def png(chart: Chart, font: ChartFont | None = None) -> bytes:
    """The chart as a PNG image at 200 dpi, with no software stamp (kept per process, as `svg`)."""
    out = io.BytesIO()

    def write(figure: Figure) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(figure)
        figure.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})

    _draw(chart, font or default_font(), write)
    return out.getvalue()


def png_size(dpi: int = PNG_DPI) -> tuple[int, int]:
    """Width and height of a chart's PNG, in pixels."""
    return round(WIDTH_IN * dpi), round(HEIGHT_IN * dpi)
