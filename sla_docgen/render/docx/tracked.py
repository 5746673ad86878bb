"""Word tracked changes for a redline: inserted and deleted runs, paragraph marks and table rows.

A redline Document marks what changed from the old version (`Variant.marks`, block `edit` flags).
Here those marks become WordprocessingML revisions (w:ins, w:del with w:delText, a paragraph mark's
w:rPr/w:ins|w:del, a row's w:trPr/w:ins|w:del, and w:pPrChange where a paragraph's text comes to end
at another paragraph's mark), each with a unique id in writing order, the new revision's author and
the last update as the date, so reviewers accept or reject them in Word or LibreOffice: accepting
every change gives the new agreement's paragraphs, rejecting every one the old's.
"""

from __future__ import annotations

import copy
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
        self._first_id = self._next_id = first_id
        self.marked: list[etree._Element] = []
        """The paragraphs whose mark is tracked, in writing order (`settle` looks at their containers)."""

    def revision(self, parent: etree._Element, edit: Edit) -> etree._Element:
        """Append a w:ins or w:del to `parent`, with its id, author and date."""
        assert edit is not None
        return self._annotation(parent, _TAG[edit])

    @property
    def revisions(self) -> int:
        """How many revision elements were made."""
        return self._next_id - self._first_id

    def _annotation(self, parent: etree._Element, tag: str) -> etree._Element:
        node = sub(parent, tag, id=str(self._next_id), author=self.author, date=self.date)
        self._next_id += 1
        return node

    def restyle(self, p: etree._Element, new: list[etree._Element], old: list[etree._Element]) -> None:
        """Give `p` the paragraph properties `new`, and `old` as they were (w:pPrChange) when they differ."""
        own = _properties(p)
        if _same(new, own) and _same(old, own):
            return
        ppr = p.find(w("pPr"))
        assert ppr is not None
        for node in own:
            ppr.remove(node)
        for index, node in enumerate(new):
            ppr.insert(index, copy.deepcopy(node))
        if not _same(old, new):
            sub(self._annotation(ppr, "pPrChange"), "pPr").extend(copy.deepcopy(node) for node in old)

    def mark_paragraph(self, p: etree._Element, edit: Edit) -> None:
        """Track the paragraph mark itself, so that accepting (or rejecting) leaves no empty paragraph."""
        if edit is None:
            return
        rpr = _mark_properties(p)
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


_BEFORE_TRACK_REVISIONS = frozenset(
    w(name)
    for name in (
        # What comes before w:trackRevisions in w:settings (ECMA-376 Part 1, CT_Settings), in order.
        "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
        "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
        "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
        "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
        "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
        "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
        "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
        "revisionView",
    )
)  # fmt: skip


def keep_tracking(settings: etree._Element) -> None:
    """Turn on Track Changes in the document's settings: a reviewer's own edits to the redline are tracked too."""
    if settings.find(w("trackRevisions")) is not None:
        return
    after = next((child for child in settings if child.tag not in _BEFORE_TRACK_REVISIONS), None)
    track = etree.Element(w("trackRevisions"))
    if after is None:
        settings.append(track)
    else:
        after.addprevious(track)


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
        _mark_properties(p).insert(0, mark)


def _mark_properties(p: etree._Element) -> etree._Element:
    """The run properties of a paragraph's mark (w:pPr/w:rPr), made if the paragraph has none."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    return rpr if rpr is not None else sub(ppr, "rPr")


def settle(tracker: Tracker) -> None:
    """Move tracked paragraph marks away from the last paragraph of every cell, body and contents
    holding one of the `marked` paragraphs, and from a paragraph right before a table.

    Word cannot delete the mark that ends a cell or the document, and LibreOffice cannot join a
    paragraph to the table after it, so a run of paragraphs inserted or deleted there gives each
    paragraph's mark the change of the paragraph after it, and the last mark none: the same text
    then splits into the same paragraphs in both versions (the paragraph where a kept one's text
    then ends takes its properties as a tracked change).
    """
    for container in dict.fromkeys(p.getparent() for p in tracker.marked):
        if container is None:
            continue
        segment: list[etree._Element] = []
        for child in [*container, None]:
            if child is not None and child.tag == w("p"):
                segment.append(child)
            elif child is None or child.tag in (w("tbl"), w("sdt")):
                _settle_end(segment, tracker)
                segment = []


def _settle_end(segment: list[etree._Element], tracker: Tracker) -> None:
    """The shift for the paragraphs before a table or the end of their container."""
    run: list[etree._Element] = []
    while segment and _edit(segment[-1]) is not None:
        run.insert(0, segment.pop())
    if not run:
        return
    before = segment[-1] if segment else None
    if before is None and {_edit(p) for p in run} == {"inserted", "deleted"}:
        before = _join_first(run)
    if not run:
        return
    contents = [None, *(_edit(p) for p in run)] if before is not None else [_edit(p) for p in run]
    marks = [_mark(p) for p in run]
    if before is not None:
        _set_mark(before, marks[0])
    for p, mark in zip(run, [*marks[1:], None], strict=True):
        _set_mark(p, mark)
    _restyle([before, *run] if before is not None else run, contents, tracker)


def _restyle(paragraphs: list[etree._Element], contents: list[Edit], tracker: Tracker) -> None:
    """After the shift a paragraph's text may end at another paragraph's mark: in each version, the
    paragraph whose mark ends a text gets the properties of the paragraph the text came from (the
    first whose text shows; the first of them when none does, an empty line)."""
    views: list[dict[int, list[etree._Element]]] = []
    for kept in ("inserted", "deleted"):  # accepting keeps insertions, rejecting deletions
        chosen: dict[int, list[etree._Element]] = {}
        start, owner = 0, None
        for index, (p, content) in enumerate(zip(paragraphs, contents, strict=True)):
            if owner is None and content in (None, kept):
                owner = index
            if _edit(p) in (None, kept):
                chosen[index] = _properties(paragraphs[owner if owner is not None else start])
                start, owner = index + 1, None
        views.append(chosen)
    accepted, rejected = views
    for index, p in enumerate(paragraphs):
        own = _properties(p)
        tracker.restyle(p, accepted.get(index, own), rejected.get(index, own))


def _same(a: list[etree._Element], b: list[etree._Element]) -> bool:
    return [etree.tostring(node) for node in a] == [etree.tostring(node) for node in b]


def _properties(p: etree._Element) -> list[etree._Element]:
    """A paragraph's own properties: what w:pPr holds before the mark's run properties."""
    ppr = p.find(w("pPr"))
    stop = (w("rPr"), w("sectPr"), w("pPrChange"))
    return [] if ppr is None else [node for node in ppr if node.tag not in stop]


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
