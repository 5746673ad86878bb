"""The agreement's branding in Word: the accent colour on title and heading styles, the logo above the title.

Same rules and messages as the PDF: a hex accent colour, and the logo checked during validation.
The colour is written into the styles (not onto runs), so the document stays restylable.
"""

from __future__ import annotations

import re
from typing import Any

from docx.image.image import BaseImageHeader
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Emu
from lxml import etree

from sla_docgen.errors import RenderError
from sla_docgen.logo import Logo
from sla_docgen.render.docx.styles import StyleBook
from sla_docgen.render.docx.xml import paragraph, sub, w

_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
ACCENTED_STYLES = ("Title", "Heading 1", "Heading 2", "Caption", "Signature Party")
# Elements that follow w:color in a w:rPr (CT_RPr is a sequence: Word refuses a misplaced child).
AFTER_COLOR = frozenset(
    [
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
)
LOGO_HEIGHT_EMU = 457200  # 12.7 mm
LOGO_MAX_WIDTH_EMU = 2743200  # 76.2 mm


def word_color(value: str) -> str:
    """A CSS hex colour as Word writes it: six upper-case hex digits, no '#'."""
    if not _HEX_COLOR.fullmatch(value):
        raise RenderError("Accent colour {value!r} is not a hex colour such as #1f4e79", value=value)
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return digits.upper()


def apply_accent(styles: StyleBook, value: str | None) -> None:
    """Colour the title, headings, captions and signature parties (text and rules) with the accent."""
    if value is None:
        return
    color = word_color(value)
    for name in ACCENTED_STYLES:
        style = styles.element(name)
        rpr = style.find(w("rPr"))
        if rpr is None:
            rpr = sub(style, "rPr")
        node = rpr.find(w("color"))
        if node is None:
            node = etree.Element(w("color"))
            later = next((child for child in rpr if etree.QName(child).localname in AFTER_COLOR), None)
            if later is None:
                rpr.append(node)
            else:
                later.addprevious(node)
        node.set(w("val"), color)
        for attr in ("themeColor", "themeShade", "themeTint"):
            if w(attr) in node.attrib:
                del node.attrib[w(attr)]
        for edge in style.iterfind(f"{w('pPr')}/{w('pBdr')}/*"):
            edge.set(w("color"), color)
    top = styles.element("SLA Fields").find(f"{w('tblPr')}/{w('tblBorders')}/{w('top')}")
    if top is not None:  # the rule under the company name
        top.set(w("color"), color)


def logo_paragraph(doc: Any, styles: StyleBook, logo: Logo | None) -> etree._Element | None:
    """A paragraph holding the logo, 12.7 mm high (narrower if very wide), or None without a logo."""
    if logo is None:
        return None
    height = LOGO_HEIGHT_EMU
    width = int(height * logo.width / logo.height)
    if width > LOGO_MAX_WIDTH_EMU:
        width, height = LOGO_MAX_WIDTH_EMU, max(int(LOGO_MAX_WIDTH_EMU * logo.height / logo.width), 1)
    rid, filename = _image_part(doc, logo)
    inline = CT_Inline.new_pic_inline(doc.part.next_id, rid, filename, Emu(width), Emu(height))
    p = paragraph(styles.id("Logo"))
    sub(sub(p, "r"), "drawing").append(inline)
    return p


class _VerifiedHeader(BaseImageHeader):
    """What python-docx needs to know of an image, taken from the decoding done during validation.

    python-docx's own header parser refuses sound images (a JPEG with an Exif block or in CMYK),
    so the logo's part is made from the sizes already known rather than by `new_pic_inline`.
    """

    def __init__(self, logo: Logo) -> None:
        super().__init__(logo.width, logo.height, 72, 72)
        self._logo = logo

    @property
    def content_type(self) -> str:
        return self._logo.mime

    @property
    def default_ext(self) -> str:
        return self._logo.extension


def _image_part(doc: Any, logo: Logo) -> tuple[str, str]:
    """Add the logo's bytes as an image part of the document; its relationship id and file name."""
    parts = doc.part.package.image_parts
    number = 1 + max((part.partname.idx or 0 for part in parts), default=0)
    filename = f"image{number}.{logo.extension}"
    image = DocxImage(logo.data, filename, _VerifiedHeader(logo))
    part = ImagePart.from_image(image, PackURI(f"/word/media/{filename}"))
    parts.append(part)
    return doc.part.relate_to(part, RT.IMAGE), filename
