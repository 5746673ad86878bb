"""The visible signature in a party's box: signatory, title, certificate name and time, optionally the seal (印影).

The text is set in the Japanese font the PDF itself uses. pyHanko embeds an OpenType font by
loading and subsetting it with fontTools, which takes about a second for a 16 MB CJK font; so the
font is first cut down with HarfBuzz's subsetter (milliseconds) to the characters of this stamp,
and pyHanko works on that small font.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sla_docgen.errors import RenderError, UserError
from sla_docgen.i18n import N_, translate
from sla_docgen.logo import MAX_LOGO_BYTES
from sla_docgen.reading import read_input
from sla_docgen.render.pdf.record import Signatory

LABEL_SIGNED_BY = N_("Digitally signed by")
LABEL_SIGNED_AT = N_("Signed at")
LINE = N_("{label}: {value}")
"""The prevailing (first) language decides the punctuation: "：" in Japanese."""
MSG_NO_FONT = N_(
    "No Japanese font found for the signature: install one (e.g. Debian fonts-noto-cjk) "
    "or the Python package noto-cjk-sans-jp-regular"
)
MSG_SEAL = N_("{path} is not a PNG or JPEG image of at most {limit} pixels")

FONT_SIZE = 9
MARGIN = 5
SEAL_FORMATS = ("PNG", "JPEG")
SEAL_MAX_PIXELS = 4096 * 4096
SEAL_SIDE = 512
"""A seal is drawn about 2 cm wide: 512 pixels is print quality, and keeps each signature small."""
ALWAYS_IN_FONT = "".join(chr(c) for c in range(0x20, 0x7F))


@dataclass(frozen=True, slots=True)
class Seal:
    image: Any
    """A Pillow image in RGB or RGBA mode."""


def read_seal(path: Path) -> Seal:
    """Open and check a seal image; a hostile or oversized file is refused before it is decoded."""
    from PIL import Image

    refused = UserError(MSG_SEAL, path=str(path), limit=SEAL_MAX_PIXELS)
    data = read_input(path, limit=MAX_LOGO_BYTES)  # a regular file only: Image.open would wait on a FIFO
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in SEAL_FORMATS or image.width * image.height > SEAL_MAX_PIXELS:
                    raise refused
                image.load()
                converted = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refused from None
    converted.thumbnail((SEAL_SIDE, SEAL_SIDE))
    return Seal(converted)


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset()
    if not delta:
        return "UTC"
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def stamp_text(signatory: Signatory | None, languages: tuple[str, ...], signer: str, moment: datetime) -> str:
    """The lines of the stamp: the agreement's signatory and title (when recorded), the certificate's name, the time."""

    def both(values: tuple[str, ...]) -> str:
        return " / ".join(dict.fromkeys(v for v in values if v))

    def line(label: str, value: str) -> str:
        labels = both(tuple(translate(label, lang) for lang in languages))
        return translate(LINE, languages[0]).format(label=labels, value=value)

    when = f"{moment:%Y-%m-%d %H:%M} {_offset(moment)}"
    lines = [both(signatory.name), both(signatory.title)] if signatory is not None else []
    lines.append(line(LABEL_SIGNED_BY, signer))
    lines.append(line(LABEL_SIGNED_AT, when))
    return "\n".join(line for line in lines if line)


@cache
def _font_blob() -> tuple[Any, int]:
    """The Japanese font as a HarfBuzz blob (read once per process) and the index of its face."""
    import uharfbuzz as hb

    from sla_docgen.render.fonts import regular_font_file

    found = regular_font_file()
    if found is None:
        raise RenderError(MSG_NO_FONT)
    path, family = found
    blob = hb.Blob.from_file_path(str(path))
    for index in range(hb.Face(blob).count):
        face = hb.Face(blob, index)
        names = {face.get_name(hb.OTNameIdPredefined.FONT_FAMILY), face.get_name(16)}  # 16: typographic family
        if family in names:
            return blob, index
    return blob, 0


def subset_font(text: str) -> bytes:
    """The Japanese font cut down to the characters of `text` (and printable ASCII), as an OpenType file."""
    import uharfbuzz as hb

    blob, index = _font_blob()
    plan = hb.SubsetInput()
    for char in set(text) | set(ALWAYS_IN_FONT):
        plan.unicode_set.add(ord(char))
    plan.flags = hb.SubsetFlags.NO_HINTING
    return bytes(hb.subset(hb.Face(blob, index), plan).blob.data)


def _font_factory(font: bytes) -> Any:
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class SubsetFontFactory(FontEngineFactory):
        """Like pyHanko's GlyphAccumulatorFactory, from font bytes in memory instead of an open file."""

        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            return GlyphAccumulator(writer, io.BytesIO(font), FONT_SIZE, obj_stream=obj_stream)

    return SubsetFontFactory()


def stamp_style(text: str, seal: Seal | None, box_height: float) -> Any:
    """The pyHanko stamp style: the text on the left, the seal (if any) on the right, no frame (the page has one).

    With a seal, the text keeps out of the seal's square (`box_height` tall) and shrinks if it must.
    """
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    margins = Margins(left=MARGIN, right=MARGIN, top=MARGIN, bottom=MARGIN)
    text_margins = margins
    if seal is not None:
        seal_width = (box_height - 2 * MARGIN) * seal.image.width / seal.image.height
        text_margins = Margins(left=MARGIN, right=int(seal_width + 2 * MARGIN), top=MARGIN, bottom=MARGIN)
    return TextStampStyle(
        stamp_text=text.replace("%", "%%"),
        text_box_style=TextBoxStyle(font=_font_factory(subset_font(text)), font_size=FONT_SIZE, leading=FONT_SIZE + 3),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=text_margins,
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=0,
        background=PdfImage(seal.image) if seal is not None else None,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MAX,
            y_align=AxisAlignment.ALIGN_MID,
            margins=margins,
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
        background_opacity=1.0,
    )
