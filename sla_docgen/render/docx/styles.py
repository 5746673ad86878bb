"""Styles of the reference document: style names to ids, missing styles copied in, East Asian fonts.

Content is added by style name so that a company's reference.docx restyles the output. A Japanese
Word saves built-in styles under other ids (heading 1 may be "1"), so names are resolved here; a
style the company's document lacks is copied from the built-in reference, with what it is based on.
"""

from __future__ import annotations

import copy
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

from sla_docgen.render.docx.xml import w

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

# Names the renderer asks for; Word's own built-ins use lowercase names in styles.xml.
PARAGRAPH_STYLES = (
    "Logo",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Body Text",
    "Note",
    "Secondary Text",
    "Secondary Heading",
    "List Number",
    "List Bullet",
    "List Secondary",
    "Caption",
    "Table Text",
    "Table Heading",
    "Table Secondary",
    "Signature Line",
    "Date Line",
    "Signature Party",
    "Signature Label",
    "TOC Heading",
    "toc 1",
    "toc 2",
    "toc 3",
    "Header",
    "Footer",
)
TABLE_STYLES = ("SLA Table", "SLA Fields", "SLA Signature")
DEFAULT_FONT_SIZE = 20
"""Half-points: Word's 10 pt when neither the style nor the document defaults give a size."""


def _key(name: str) -> str:
    return name.strip().lower()


@cache
def builtin_styles(reference: Path) -> etree._Element:
    """The w:styles element of the built-in reference document (parsed once per process)."""
    with zipfile.ZipFile(reference) as archive:
        return etree.fromstring(archive.read("word/styles.xml"))


class StyleBook:
    """The styles part of the document being written, looked up by name."""

    def __init__(self, styles: etree._Element, builtin: etree._Element, theme: bytes | None = None) -> None:
        self.styles = styles
        self.builtin = builtin
        self.theme = theme
        self._by_name = self._index(styles)
        self._by_id = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
        self._builtin_by_name = self._index(builtin)
        self._builtin_by_id = {s.get(w("styleId")): s for s in builtin.iter(w("style"))}
        self._fonts: dict[str, str | None] = {}
        self.copied: list[str] = []

    @staticmethod
    def _index(styles: etree._Element) -> dict[str, etree._Element]:
        out: dict[str, etree._Element] = {}
        for style in styles.iter(w("style")):
            name = style.find(w("name"))
            if name is not None:
                out.setdefault(_key(name.get(w("val"), "")), style)
        return out

    def id(self, name: str) -> str:
        """The style id of `name` in this document, copying the built-in style in when it is missing."""
        style = self._by_name.get(_key(name))
        if style is None:
            style = self._copy(name)
        return str(style.get(w("styleId")))

    def has(self, name: str) -> bool:
        return _key(name) in self._by_name

    def element(self, name: str) -> etree._Element:
        self.id(name)
        return self._by_name[_key(name)]

    def _copy(self, name: str) -> etree._Element:
        source = self._builtin_by_name.get(_key(name))
        if source is None:  # pragma: no cover - every name the renderer uses is in the built-in reference
            raise KeyError(name)
        style = copy.deepcopy(source)
        style_id = str(style.get(w("styleId")))
        while style_id in self._by_id:
            style_id += "0"
        style.set(w("styleId"), style_id)
        for tag in ("link", "next"):
            ref = style.find(w(tag))
            if ref is not None:
                style.remove(ref)
        based_on = style.find(w("basedOn"))
        if based_on is not None:
            parent = self._builtin_by_id.get(based_on.get(w("val")))
            name_el = parent.find(w("name")) if parent is not None else None
            parent_name = name_el.get(w("val")) if name_el is not None else None
            if parent_name:
                based_on.set(w("val"), self.id(parent_name))
            else:
                style.remove(based_on)
        ppr = style.find(w("pPr"))
        if ppr is not None:  # the renderer numbers list paragraphs itself
            for numpr in ppr.findall(w("numPr")):
                ppr.remove(numpr)
        self.styles.append(style)
        self._by_name[_key(name)] = style
        self._by_id[style_id] = style
        self.copied.append(name)
        return style

    def num_id(self, name: str) -> int | None:
        """The numbering (w:numId) a paragraph style brings, following basedOn; None when it has none."""
        style: etree._Element | None = self._by_name.get(_key(name))
        seen: set[str] = set()
        while style is not None and style.get(w("styleId")) not in seen:
            seen.add(str(style.get(w("styleId"))))
            num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
            if num is not None:
                value = int(num.get(w("val"), "0"))
                return value or None
            style = self._parent(style)
        return None

    def _parent(self, style: etree._Element) -> etree._Element | None:
        based_on = style.find(w("basedOn"))
        return None if based_on is None else self._by_id.get(based_on.get(w("val")))

    def font_size(self, name: str) -> int:
        """The font size (half-points, as w:sz) a paragraph style resolves to: its chain, then the defaults."""
        style: etree._Element | None = self.element(name)
        seen: set[str] = set()
        while style is not None and style.get(w("styleId")) not in seen:
            seen.add(str(style.get(w("styleId"))))
            size = style.find(f"{w('rPr')}/{w('sz')}")
            if size is not None and (size.get(w("val")) or "").isdigit():
                return int(size.get(w("val"), "0")) or DEFAULT_FONT_SIZE
            style = self._parent(style)
        default = self.styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('sz')}")
        value = default.get(w("val"), "") if default is not None else ""
        return int(value) if value.isdigit() and int(value) else DEFAULT_FONT_SIZE

    def east_asia_font(self, style_id: str) -> str | None:
        """The East Asian font a paragraph style resolves to (style chain, defaults, then theme)."""
        if style_id not in self._fonts:
            self._fonts[style_id] = self._resolve_font(style_id)
        return self._fonts[style_id]

    def _resolve_font(self, style_id: str) -> str | None:
        style = self._by_id.get(style_id)
        seen: set[str] = set()
        chain: list[etree._Element] = []
        while style is not None and style.get(w("styleId")) not in seen:
            seen.add(str(style.get(w("styleId"))))
            chain.append(style)
            style = self._parent(style)
        defaults = self.styles.find(f"{w('docDefaults')}/{w('rPrDefault')}")
        if defaults is not None:
            chain.append(defaults)
        for node in chain:
            fonts = node.find(f"{w('rPr')}/{w('rFonts')}")
            if fonts is None:
                continue
            if fonts.get(w("eastAsia")):
                return str(fonts.get(w("eastAsia")))
            theme_font = fonts.get(w("eastAsiaTheme"))
            if theme_font:
                return self._theme_font(theme_font)
        return None

    def _theme_font(self, theme_font: str) -> str | None:
        if not self.theme:
            return None
        root = etree.fromstring(self.theme)
        kind = "majorFont" if theme_font.startswith("major") else "minorFont"
        scheme = root.find(f".//{{{A_NS}}}{kind}")
        if scheme is None:
            return None
        for font in scheme.findall(f"{{{A_NS}}}font"):
            if font.get("script") == "Jpan" and font.get("typeface"):
                return str(font.get("typeface"))
        ea = scheme.find(f"{{{A_NS}}}ea")
        return str(ea.get("typeface")) if ea is not None and ea.get("typeface") else None
