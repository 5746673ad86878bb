"""Word tracked changes for a redline: inserted and deleted runs, paragraph marks and table rows.

A redline Document marks what changed from the old version (`Variant.marks`, block `edit` flags).
Here those marks become WordprocessingML revisions (w:ins, w:del with w:delText, a paragraph mark's
w:rPr/w:ins|w:del, a row's w:trPr/w:ins|w:del), each with a unique id in writing order, the new
revision's author and the last update as the date, so reviewers accept or reject them in Word or
LibreOffice: accepting every change gives the new agreement's text, rejecting every one the old's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from lxml import etree

from sla_docgen.document import Document, Section, Text, Variant
from sla_docgen.document.blocks import Edit, Op
from sla_docgen.render.docx.xml import sub, w

Segment = tuple[Op, str]

_TAG = {"inserted": "ins", "deleted": "del"}
_EDIT = {"ins": "inserted", "del": "deleted"}


class Tracker:
    """Makes the revision elements of one document: ids counted from `first_id`, one author, one date."""

    def __init__(self, author: str, date: str, first_id: int = 1) -> None:
        self.author = author
        self.date = date
        """An ISO 8601 moment (w:date), the last update at midnight UTC: never the clock."""
        self._next_id = first_id
        self.marked: list[etree._Element] = []
        """The paragraphs whose mark is tracked, in writing order (`settle` looks at their containers)."""

    def revision(self, parent: etree._Element, edit: Edit) -> etree._Element:
        """Append a w:ins or w:del to `parent`, with its id, author and date."""
        assert edit is not None
        node = sub(parent, _TAG[edit], id=str(self._next_id), author=self.author, date=self.date)
        self._next_id += 1
        return node

    def mark_paragraph(self, p: etree._Element, edit: Edit) -> None:
        """Track the paragraph mark itself, so that accepting (or rejecting) leaves no empty paragraph."""
        if edit is None:
            return
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = sub(ppr, "rPr")
        rpr.insert(0, self.revision(rpr, edit))
        self.marked.append(p)

    def mark_row(self, tr: etree._Element, edit: Edit) -> None:
        """Track a table row as inserted or deleted (its cells' text is tracked as well)."""
        if edit is not None:
            trpr = tr.find(w("trPr"))
            self.revision(trpr if trpr is not None else sub(tr, "trPr"), edit)

    def wrap(self, run: etree._Element, edit: Edit) -> etree._Element:
        """Put `run` (already in its paragraph) inside a w:ins or w:del; deleted text becomes w:delText."""
        if edit is None:
            return run
        parent = run.getparent()
        assert parent is not None
        wrapper = self.revision(parent, edit)
        run.addprevious(wrapper)
        wrapper.append(run)
        if edit == "deleted":
            for t in run.iter(w("t")):
                t.tag = w("delText")
        return wrapper


def on_side(segments: Iterable[Segment], edit: Edit) -> list[Segment]:
    """The segments of a text wholly inserted (its new words) or wholly deleted (its old words)."""
    if edit is None:
        return [s for s in segments if s[1]]
    op: Op = "insert" if edit == "inserted" else "delete"
    text = "".join(t for o, t in segments if o != ("delete" if op == "insert" else "insert"))
    return [(op, text)] if text else []


def joined(segments: Iterable[Segment]) -> list[Segment]:
    """Adjacent segments of the same kind as one, empty ones dropped (an unchanged text is one run)."""
    out: list[Segment] = []
    for op, text in segments:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def variant_segments(variant: Variant, prefix: str = "", old_prefix: str | None = None) -> list[Segment]:
    """A variant's wording as marked segments, after its prefix (a section number that may have changed)."""
    old_prefix = prefix if old_prefix is None else old_prefix
    head: list[Segment] = [("equal", prefix)] if old_prefix == prefix else [("delete", old_prefix), ("insert", prefix)]
    return joined([*head, *(variant.marks or (("equal", variant.text),))])


def line_edit(text: Text) -> Edit:
    """How a line of a table cell changed as a whole: inserted or deleted when every language of it was."""
    worded = [v for v in text.variants if v.marks or v.text]
    ops = {op for v in worded for op, _ in v.marks} if all(len(v.marks) == 1 for v in worded) else set()
    if ops == {"insert"}:
        return "inserted"
    if ops == {"delete"} and not any(v.text for v in text.variants):
        return "deleted"
    return None


def variant_lines(text: Text, edit: Edit) -> Iterator[tuple[int, Variant, Edit]]:
    """The variants of `text` that get a paragraph, with each one's index and change.

    A Document drops a secondary wording that reads the same as the primary, so a secondary
    wording may show in one version and not the other: it is then a paragraph inserted or deleted.
    """
    primary = text.primary
    for index, variant in enumerate(text.variants):
        if index == 0:
            yield index, variant, edit
            continue
        in_new = (variant.text, variant.fallback) != (primary.text, primary.fallback)
        in_old = (variant.old_text, variant.fallback) != (primary.old_text, primary.fallback)
        if edit == "inserted":
            in_old = False
        elif edit == "deleted":
            in_new = False
        if in_new or in_old:
            yield index, variant, edit if in_new == in_old else ("inserted" if in_new else "deleted")


def old_numbers(document: Document) -> dict[int, str]:
    """The number each section had in the old version (by the section's id()), counted without insertions."""
    out: dict[int, str] = {}

    def number(children: Sequence[object], parent: str) -> None:
        count = 0
        for child in children:
            if isinstance(child, Section):
                if child.edit != "inserted":
                    count += 1
                out[id(child)] = f"{parent}.{count}" if parent else str(count)
                number(child.children, out[id(child)])

    number(document.sections, "")
    return out


# --- paragraph marks at the end of a cell, the body or the contents ---------------------------------


def _mark(p: etree._Element) -> etree._Element | None:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    return next((c for c in rpr if c.tag in (w("ins"), w("del"))), None)


def _edit(p: etree._Element) -> Edit:
    mark = _mark(p)
    return None if mark is None else _EDIT[etree.QName(mark).localname]  # type: ignore[return-value]


def _set_mark(p: etree._Element, mark: etree._Element | None) -> None:
    old = _mark(p)
    if old is not None:
        rpr = old.getparent()
        assert rpr is not None
        rpr.remove(old)
        if len(rpr) == 0:
            ppr = rpr.getparent()
            assert ppr is not None
            ppr.remove(rpr)
    if mark is not None:
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = sub(ppr, "rPr")
        rpr.insert(0, mark)


def settle(marked: Iterable[etree._Element]) -> None:
    """Move tracked paragraph marks away from the last paragraph of every cell, body and contents
    holding one of the `marked` paragraphs.

    Word cannot delete the mark that ends a cell or the document, so a run of paragraphs inserted
    or deleted at the end of one gives each paragraph's mark the change of the paragraph after it,
    and the last mark none: the same text then splits into the same paragraphs in both versions.
    """
    for container in dict.fromkeys(p.getparent() for p in marked):
        if container is None:
            continue
        content = [c for c in container if c.tag in (w("p"), w("tbl"), w("sdt"))]
        run: list[etree._Element] = []
        while content and content[-1].tag == w("p") and _edit(content[-1]) is not None:
            run.insert(0, content.pop())
        if not run:
            continue
        before = content[-1] if content and content[-1].tag == w("p") else None
        if before is None and {_edit(p) for p in run} == {"inserted", "deleted"}:
            before = _join_first(run)
        if not run:
            continue
        marks = [_mark(p) for p in run]
        if before is not None:
            _set_mark(before, marks[0])
        for p, mark in zip(run, [*marks[1:], None], strict=True):
            _set_mark(p, mark)


def _join_first(run: list[etree._Element]) -> etree._Element:
    """A cell whose lines were all replaced: the first new line joins the first old one, which stays in
    both versions (a cell holds at least one paragraph in each), and leaves the run."""
    first = run[0]
    other_edit = "inserted" if _edit(first) == "deleted" else "deleted"
    other = next(p for p in run if _edit(p) == other_edit)
    for child in list(other):
        if child.tag != w("pPr"):
            first.append(child)
    parent = other.getparent()
    assert parent is not None
    parent.remove(other)
    run.remove(other)
    run.remove(first)
    _set_mark(first, None)
    return first
