"""WordprocessingML building blocks for the DOCX renderer: paragraphs, runs with language tags, fields.

Everything here makes plain lxml elements; which style a paragraph gets is decided by the caller,
which passes style ids already resolved from style names (see docx_styles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile(r"(\n|\t)")

LANG_TAGS = {"ja": "ja-JP", "en": "en-US"}


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: w("p") == "{...main}p"."""
    return _W + tag


def lang_tag(lang: str) -> str:
    """The Word language tag for a Document language code ("ja" -> "ja-JP")."""
    return LANG_TAGS.get(lang, lang)


def is_east_asian(lang: str) -> bool:
    return lang.split("-")[0] in {"ja", "zh", "ko"}


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Append a w:tag child with w:-qualified attributes."""
    child = etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        child.set(w(key), value)
    return child


def element(tag: str, **attrs: str) -> etree._Element:
    node = etree.Element(w(tag))
    for key, value in attrs.items():
        node.set(w(key), value)
    return node


class RunStyle:
    """How runs of one language are tagged: w:lang always, East Asian font and hint where it matters."""

    __slots__ = ("_east_asian", "east_asia_font", "lang")

    def __init__(self, lang: str, east_asia_font: str | None) -> None:
        self.lang = lang
        self.east_asia_font = east_asia_font
        self._east_asian = is_east_asian(lang)

    def properties(
        self, parent: etree._Element, char_style: str | None = None, bold: bool = False, italic: bool = False
    ) -> None:
        rpr = sub(parent, "rPr")
        if char_style:
            sub(rpr, "rStyle", val=char_style)
        fonts = {}
        if self.east_asia_font:
            fonts["eastAsia"] = self.east_asia_font
        if self._east_asian:
            fonts["hint"] = "eastAsia"
        if fonts:
            sub(rpr, "rFonts", **fonts)
        if bold:
            sub(rpr, "b")
            sub(rpr, "bCs")
        if italic:
            sub(rpr, "i")
            sub(rpr, "iCs")
        tag = lang_tag(self.lang)
        if self._east_asian:
            sub(rpr, "lang", val=tag, eastAsia=tag)
        else:
            sub(rpr, "lang", val=tag)


def add_runs(
    paragraph: etree._Element,
    text: str,
    style: RunStyle,
    *,
    char_style: str | None = None,
    bold: bool = False,
    italic: bool = False,
) -> None:
    """Append `text` as one run (line breaks and tabs become w:br and w:tab inside it)."""
    if not text:
        return
    run = sub(paragraph, "r")
    style.properties(run, char_style, bold, italic)
    for piece in _BREAKS.split(_CONTROL.sub("", text)):
        if piece == "\n":
            sub(run, "br")
        elif piece == "\t":
            sub(run, "tab")
        elif piece:
            t = sub(run, "t")
            t.text = piece
            if piece[0] == " " or piece[-1] == " ":
                t.set(XML_SPACE, "preserve")


def paragraph(
    style_id: str | None,
    *,
    keep_next: bool = False,
    num: tuple[int, int] | None = None,
) -> etree._Element:
    """An empty w:p with its style, optionally kept with the next one or numbered (numId, ilvl)."""
    p = element("p")
    if style_id or keep_next or num:
        ppr = sub(p, "pPr")
        if style_id:
            sub(ppr, "pStyle", val=style_id)
        if keep_next:
            sub(ppr, "keepNext")
        if num:
            numpr = sub(ppr, "numPr")
            sub(numpr, "ilvl", val=str(num[1]))
            sub(numpr, "numId", val=str(num[0]))
    return p


def field(paragraph_el: etree._Element, instruction: str, result: str, style: RunStyle) -> None:
    """Append a complex field (PAGE, NUMPAGES, TOC ...) with a cached result."""
    for kind in ("begin", None, "separate", "result", "end"):
        run = sub(paragraph_el, "r")
        style.properties(run)
        if kind == "result":
            sub(run, "t").text = result
        elif kind is None:
            instr = sub(run, "instrText")
            instr.text = f" {instruction} "
            instr.set(XML_SPACE, "preserve")
        else:
            sub(run, "fldChar", fldCharType=kind)


def field_begin(paragraph_el: etree._Element, instruction: str) -> None:
    """Open a field whose result spans several paragraphs (a table of contents)."""
    sub(sub(paragraph_el, "r"), "fldChar", fldCharType="begin")
    instr = sub(sub(paragraph_el, "r"), "instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    sub(sub(paragraph_el, "r"), "fldChar", fldCharType="separate")


def field_end(paragraph_el: etree._Element) -> None:
    sub(sub(paragraph_el, "r"), "fldChar", fldCharType="end")


def has_field(node: etree._Element, name: str) -> bool:
    """True when `node` holds a field whose instruction starts with `name` (simple or complex)."""
    for instr in node.iter(w("instrText")):
        if (instr.text or "").strip().upper().startswith(name):
            return True
    for simple in node.iter(w("fldSimple")):
        if simple.get(w("instr"), "").strip().upper().startswith(name):
            return True
    return False


def text_of(nodes: Iterable[etree._Element]) -> str:
    return "".join(t.text or "" for node in nodes for t in node.iter(w("t")))
