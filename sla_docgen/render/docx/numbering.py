"""List numbering for the DOCX renderer: every numbered list gets its own w:num restarting at 1.

The list's look (number format, indent) comes from the abstract numbering that the reference
document's "List Number" / "List Bullet" style uses; when the style has none, a plain decimal or
bullet definition is added, so lists are numbered whatever reference document is used.
"""

from __future__ import annotations

from lxml import etree

from sla_docgen.render.docx.styles import StyleBook
from sla_docgen.render.docx.xml import sub, w


def _abstract(abstract_id: int, ordered: bool) -> etree._Element:
    node = etree.Element(w("abstractNum"))
    node.set(w("abstractNumId"), str(abstract_id))
    sub(node, "multiLevelType", val="singleLevel")
    lvl = sub(node, "lvl", ilvl="0")
    sub(lvl, "start", val="1")
    sub(lvl, "numFmt", val="decimal" if ordered else "bullet")
    sub(lvl, "lvlText", val="%1." if ordered else "\u2022")
    sub(lvl, "lvlJc", val="left")
    sub(sub(lvl, "pPr"), "ind", left="420", hanging="420")
    return node


class Numbering:
    """Hands out numIds for lists, adding w:num (and if needed w:abstractNum) to the numbering part."""

    def __init__(self, numbering: etree._Element, styles: StyleBook) -> None:
        self.root = numbering
        self.styles = styles
        self._abstract: dict[bool, int] = {}
        self._bullet_num: int | None = None

    def _nums(self) -> dict[int, etree._Element]:
        return {int(n.get(w("numId"), "0")): n for n in self.root.findall(w("num"))}

    def _abstract_id(self, ordered: bool) -> int:
        if ordered in self._abstract:
            return self._abstract[ordered]
        style_num = self.styles.num_id("List Number" if ordered else "List Bullet")
        num = self._nums().get(style_num) if style_num else None
        ref = num.find(w("abstractNumId")) if num is not None else None
        if ref is not None:
            abstract_id = int(ref.get(w("val"), "0"))
        else:
            existing = [int(a.get(w("abstractNumId"), "0")) for a in self.root.findall(w("abstractNum"))]
            abstract_id = max(existing, default=-1) + 1
            first_num = self.root.find(w("num"))
            node = _abstract(abstract_id, ordered)
            if first_num is not None:
                first_num.addprevious(node)
            else:
                self.root.append(node)
        self._abstract[ordered] = abstract_id
        return abstract_id

    def _new_num(self, abstract_id: int, restart: bool) -> int:
        num_id = max(self._nums(), default=0) + 1
        num = sub(self.root, "num", numId=str(num_id))
        sub(num, "abstractNumId", val=str(abstract_id))
        if restart:
            sub(sub(num, "lvlOverride", ilvl="0"), "startOverride", val="1")
        return num_id

    def list_num_id(self, ordered: bool) -> int:
        """A numId for one list: a fresh one restarting at 1 for numbered lists, a shared one for bullets."""
        abstract_id = self._abstract_id(ordered)
        if ordered:
            return self._new_num(abstract_id, restart=True)
        if self._bullet_num is None:
            self._bullet_num = self._new_num(abstract_id, restart=False)
        return self._bullet_num
