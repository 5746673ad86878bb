"""The agreement's branding in Word: the accent colour on title and heading styles, the logo above the title.

Same rules and messages as the PDF: a hex accent colour, a PNG, JPEG or GIF logo. The colour is
written into the styles (not onto runs), so the document stays restylable.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from sla_docgen.document.branding import read_logo
from sla_docgen.errors import RenderError
from sla_docgen.render.docx_styles import StyleBook
from sla_docgen.render.docx_xml import paragraph, sub, w

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


def logo_paragraph(doc: Any, styles: StyleBook, path: str | None) -> etree._Element | None:
    """A paragraph holding the logo, 12.7 mm high (narrower if very wide), or None without a logo."""
    if path is None:
        return None
    _mime, data = read_logo(path)
    import io

    from docx.image.image import Image

    image = Image.from_blob(data)
    width_px, height_px = max(image.px_width, 1), max(image.px_height, 1)
    height = LOGO_HEIGHT_EMU
    width = int(height * width_px / height_px)
    if width > LOGO_MAX_WIDTH_EMU:
        width, height = LOGO_MAX_WIDTH_EMU, int(LOGO_MAX_WIDTH_EMU * height_px / width_px)
    inline = doc.part.new_pic_inline(io.BytesIO(data), width, height)
    p = paragraph(styles.id("Logo"))
    sub(sub(p, "r"), "drawing").append(inline)
    return p
