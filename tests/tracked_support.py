"""Reading Word tracked changes back, independently of the renderer: accept or reject them all, list the text.

Accepting keeps inserted runs, rows and paragraph marks and drops deleted ones; rejecting does the
reverse. A paragraph whose mark is dropped joins the paragraph after it, as in Word (or vanishes when
nothing of it is left and no paragraph follows); a tracked change of paragraph properties
(w:pPrChange) is kept when accepted, undone when rejected. The text is then read from the XML with
lxml: body paragraphs in order with their style, tables cell by cell, the table of contents apart.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from sla_docgen.render.docx.xml import W_NS

W = "{" + W_NS + "}"
NS = {"w": W_NS}
Choice = Literal["accept", "reject"]
Block = tuple[str, object]
"""("p", text), ("table", rows of cells of paragraph texts) or ("toc", paragraph texts)."""


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def settings_names(data: bytes) -> list[str]:
    """The element names in a DOCX's word/settings.xml, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/settings.xml"))
    return [etree.QName(child).localname for child in root]


def _unwrap(node: etree._Element) -> None:
    parent = node.getparent()
    assert parent is not None
    index = parent.index(node)
    for offset, child in enumerate(list(node)):
        parent.insert(index + offset, child)
    parent.remove(node)


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    assert parent is not None
    parent.remove(node)


def _mark(p: etree._Element, tag: str) -> etree._Element | None:
    return p.find(f"w:pPr/w:rPr/w:{tag}", NS)


def resolve(root: etree._Element, choice: Choice) -> etree._Element:
    """A copy of document.xml's root with every tracked change accepted or rejected."""
    root = copy.deepcopy(root)
    gone, kept = ("del", "ins") if choice == "accept" else ("ins", "del")
    for tr in root.iter(W + "tr"):  # rows first: what a dropped row holds goes with it
        if tr.find(f"w:trPr/w:{gone}", NS) is not None:
            tr.set("dropped", "1")
    for tr in [tr for tr in root.iter(W + "tr") if tr.get("dropped")]:
        _remove(tr)
    for tbl in [t for t in root.iter(W + "tbl") if t.find("w:tr", NS) is None]:
        _remove(tbl)
    for node in list(root.iter(W + gone)):
        if node.getparent() is not None and node.getparent().tag == W + "p":  # type: ignore[union-attr]
            _remove(node)
    for change in list(root.iter(W + "pPrChange")):
        ppr = change.getparent()
        assert ppr is not None
        if choice == "reject":
            for node in [n for n in ppr if n.tag not in (W + "rPr", W + "sectPr", W + "pPrChange")]:
                ppr.remove(node)
            before = change.find("w:pPr", NS)
            for index, node in enumerate(list(before) if before is not None else []):
                ppr.insert(index, node)
        ppr.remove(change)
    for node in list(root.iter(W + kept)):
        parent = node.getparent()
        if parent is not None and parent.tag == W + "p":
            if kept == "del":
                for text in node.iter(W + "delText"):
                    text.tag = W + "t"
            _unwrap(node)
        elif parent is not None:  # a paragraph mark's or a row's change, now part of the text
            _remove(node)
    for p in list(root.iter(W + "p")):
        mark = _mark(p, gone)
        if mark is None:
            continue
        _remove(mark)
        content = [c for c in p if c.tag != W + "pPr"]
        following = p.getnext()
        if following is not None and following.tag == W + "p":
            ppr = following.find("w:pPr", NS)
            position = 0 if ppr is None else 1
            for offset, child in enumerate(content):
                following.insert(position + offset, child)
        else:
            assert not text_of(p), (
                f"a paragraph whose mark is gone keeps text and has no paragraph to join: {text_of(p)!r}"
            )
        _remove(p)
    return root


def text_of(p: etree._Element) -> str:
    out = []
    for node in p.iter(W + "t", W + "delText", W + "tab", W + "br"):
        if node.tag == W + "tab":
            out.append("\t")
        elif node.tag == W + "br":
            out.append("\n")
        else:
            out.append(node.text or "")
    return "".join(out)


def styled(p: etree._Element) -> str:
    """A paragraph's text after its style's id, so that a paragraph in the wrong style differs too."""
    style = p.find("w:pPr/w:pStyle", NS)
    return f"[{style.get(W + 'val') if style is not None else ''}] {text_of(p)}"


def _cell(tc: etree._Element) -> list[str]:
    return [styled(p) for p in tc.iter(W + "p")]


def blocks(root: etree._Element) -> list[Block]:
    """The body as the reader sees it: every paragraph (empty ones too), every table cell by cell."""
    body = root.find("w:body", NS)
    assert body is not None
    out: list[Block] = []
    for child in body:
        if child.tag == W + "p":
            out.append(("p", styled(child)))
        elif child.tag == W + "tbl":
            out.append(("table", [[_cell(tc) for tc in tr.findall("w:tc", NS)] for tr in child.findall("w:tr", NS)]))
        elif child.tag == W + "sdt":
            out.append(("toc", [styled(p) for p in child.iter(W + "p")]))
    return out


@dataclass(frozen=True)
class Revision:
    kind: str
    """ins, del or pPrChange."""
    where: str
    """run, paragraph mark, row or paragraph properties."""
    id: str | None
    author: str | None
    date: str | None


def revisions(root: etree._Element) -> list[Revision]:
    out = []
    for node in root.iter(W + "ins", W + "del", W + "pPrChange"):
        parent = node.getparent()
        assert parent is not None
        where = {"p": "run", "rPr": "paragraph mark", "trPr": "row", "pPr": "paragraph properties"}.get(
            etree.QName(parent).localname, "?"
        )
        out.append(
            Revision(
                etree.QName(node).localname, where, node.get(W + "id"), node.get(W + "author"), node.get(W + "date")
            )
        )
    return out


def structure_problems(root: etree._Element) -> list[str]:
    """What a consumer of tracked changes would trip on; empty when the markup is sound."""
    problems = []
    for node in root.iter(W + "ins", W + "del"):
        parent = node.getparent()
        name = etree.QName(node).localname
        if parent is None or etree.QName(parent).localname not in ("p", "rPr", "trPr"):
            problems.append(f"w:{name} inside {parent.tag if parent is not None else None}")
        if parent is not None and parent.tag == W + "p":
            if any(child.tag != W + "r" for child in node) or len(node) == 0:
                problems.append(f"w:{name} holding something other than runs")
        elif len(node):
            problems.append(f"a paragraph mark's or row's w:{name} with content")
        if parent is not None and parent.tag == W + "rPr" and parent.getparent().tag != W + "pPr":  # type: ignore[union-attr]
            problems.append(f"w:{name} in a run's properties")
    for ppr in root.iter(W + "pPr"):  # a paragraph's properties, then its mark's, then the change of them
        names = [etree.QName(node).localname for node in ppr]
        tail = [n for n in names if n in ("rPr", "sectPr", "pPrChange")]
        if names[len(names) - len(tail) :] != tail or tail not in ([], ["rPr"], ["pPrChange"], ["rPr", "pPrChange"]):
            problems.append(f"w:pPr children out of order: {names}")
    for text in root.iter(W + "delText"):
        if not any(a.tag == W + "del" for a in text.iterancestors()):
            problems.append(f"w:delText outside w:del: {text.text!r}")
    for text in root.iter(W + "t"):
        if any(a.tag == W + "del" for a in text.iterancestors()):
            problems.append(f"w:t inside w:del: {text.text!r}")
    return problems
