"""The charts' typeface and labels: which font files to name and measure with, and how long a label may be.

Labels stay text in the SVG, named in the family the document uses; their widths are measured
here with FreeType (through Pillow, already a dependency for images) so that the layout leaves
room for them. Measuring uses Pillow's basic layout, not Raqm, so that the layout does not
depend on whether the machine has libraqm.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sla_docgen.document import Text
from sla_docgen.errors import RenderError
from sla_docgen.i18n import N_
from sla_docgen.render.font_files import PACKAGE_FONTS, package_file

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

MSG_NO_CHART_FONT = N_("No Japanese font for the charts: install the Python package noto-cjk-sans-jp-regular")
MAX_LABEL = 40
"""Characters of a label drawn in a chart; the table and the caption carry the full wording."""
_MEASURE_SIZE = 100
"""Widths are measured at this size and scaled, so one font object serves every size."""


@dataclass(frozen=True, slots=True)
class ChartFont:
    family: str
    """The family name written into SVG text (the font the PDF or browser draws the labels with)."""
    files: tuple[Path, ...]
    """The font files, regular and bold if there is one: labels are measured with them, the PNG drawn with them."""


def default_font() -> ChartFont:
    """Noto Sans CJK JP from its wheels (dependencies of sla-docgen)."""
    files = tuple(p for p in (package_file(module, name) for module, name, _ in PACKAGE_FONTS) if p is not None)
    if not files:
        raise RenderError(MSG_NO_CHART_FONT)
    return ChartFont(PACKAGE_FONTS[0][2], files)


@lru_cache(maxsize=8)
def _face(path: Path) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), _MEASURE_SIZE, layout_engine=ImageFont.Layout.BASIC)


def text_width(font: ChartFont, text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of `text` set at `size`, in the same unit as `size`."""
    path = font.files[1] if bold and len(font.files) > 1 else font.files[0]
    return _face(path).getlength(text) * size / _MEASURE_SIZE


def _cut(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def label(text: Text) -> str:
    """A chart label in the document's languages: the primary wording, then each other one after a slash."""
    return _cut(" / ".join(v.text for v in text.variants))


def label_lines(text: Text) -> list[str]:
    """The label with each language on its own line, for a place too narrow for them side by side."""
    return [_cut(v.text) for v in text.variants]
