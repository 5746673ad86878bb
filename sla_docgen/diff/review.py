"""The review report: a summary of the changes, the changes by section, then the whole new agreement marked.

Made for the review meeting (Markdown, HTML, PDF): both versions in the title block, counts per
section, each change in the agreement's words, and the redline. The signatures become a table of
signatories (a review report is read and discussed; the agreement itself is what is signed), and
the charts are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from sla_docgen.diff import Comparison
from sla_docgen.diff.compare import Kind
from sla_docgen.document.blocks import (
    Chart,
    Column,
    Document,
    Field,
    ItemList,
    Paragraph,
    Section,
    SignatureBlock,
    Table,
    Text,
)
from sla_docgen.document.wording import Wording
from sla_docgen.i18n import N_

TITLE = N_("Changes to the agreement: {title}")
OLD_VERSION = N_("Old version")
NEW_VERSION = N_("New version")
VERSION_ON = N_("{version} of {date}")
CHANGED_BY = N_("Changed by")
SUMMARY = N_("Summary of the changes")
BY_SECTION = N_("The changes, section by section")
LEGEND = N_(
    "After these lists comes the whole new version, with what was added underlined and what was removed struck "
    "through (in colour: green and red), and a bar in the margin beside every changed paragraph, row or item."
)
NO_CHANGES = N_("The two versions agree in every term.")
SECTION = N_("Section")
KIND_HEADERS: dict[Kind, str] = {
    "added": N_("Added"),
    "removed": N_("Removed"),
    "changed": N_("Changed"),
    "moved": N_("Moved"),
}
PARTY, NAME, TITLE_COLUMN = N_("Party"), N_("Name"), N_("Title")
SHOWN_ABOVE = (N_("Version"), N_("Last updated"))
"""Title-block fields of the agreement that the old and new version lines replace."""


def review_document(comparison: Comparison, *, allow_fallback: bool = False) -> Document:
    """The report: summary and list of changes (sections A and B), then the redline of the new version."""
    from sla_docgen.diff.listing import counts, sections

    redline = comparison.redline_document(allow_fallback=allow_fallback)
    new = comparison.new.agreement.agreement
    w = Wording(comparison.langs, list(new.languages), new.currency)
    old_meta = comparison.old.agreement.agreement
    fields = (
        Field(w.label(OLD_VERSION), _version(w, old_meta.version, old_meta.last_updated)),
        Field(w.label(NEW_VERSION), _version(w, new.version, new.last_updated)),
        Field(w.label(CHANGED_BY), w.local(comparison.new.agreement.revisions[-1].author)),
        *(f for f in redline.metadata.fields if f.label.primary.text not in _labels(w, SHOWN_ABOVE)),
    )
    metadata = replace(redline.metadata, title=w.label(TITLE, title=redline.metadata.title), fields=fields)
    titles = sections(comparison)
    summary: list[Paragraph | Table] = [
        Paragraph(w.value(lambda f: counts(comparison, f.lang)))
        if comparison.changes
        else Paragraph(w.label(NO_CHANGES))
    ]
    if comparison.changes:
        by_section = Counter((s.change.section, s.kind) for s in comparison.statements)
        columns = (Column(w.label(SECTION), 3), *(Column(w.label(h), 1) for h in KIND_HEADERS.values()))
        rows = tuple(
            (
                (title,),
                *((w.value(lambda f, n=by_section[(key, kind)]: f.number(n)),) for kind in KIND_HEADERS),  # type: ignore[misc]
            )
            for key, title in titles.items()
        )
        summary.append(Table(columns, rows))
        summary.append(Paragraph(w.label(LEGEND), kind="note"))
    parts = [
        Section("review-summary", "A", w.label(SUMMARY), tuple(summary)),
        Section(
            "review-changes",
            "B",
            w.label(BY_SECTION),
            tuple(
                Section(
                    f"review-{key}",
                    f"B.{index}",
                    title,
                    (ItemList(tuple(s.line for s in comparison.statements if s.change.section == key)),),
                )
                for index, (key, title) in enumerate(titles.items(), start=1)
            ),
        ),
    ]
    body = tuple(_for_review(section, w) for section in redline.sections)
    return replace(redline, metadata=metadata, sections=(*parts, *body))


def _labels(w: Wording, msgids: tuple[str, ...]) -> set[str]:
    return {w.label(m).primary.text for m in msgids}


def _version(w: Wording, version: str, day: object) -> Text:
    return w.label(VERSION_ON, version=version, date=w.value(lambda f: f.date(day)))  # type: ignore[arg-type]


def _for_review(section: Section, w: Wording) -> Section:
    """Signature boxes become a table of the signatories (with their changes marked), and charts are left
    out: a chart cannot show what changed, and the numbers table beside it does."""
    children: list[Any] = []
    for child in section.children:
        if isinstance(child, Section):
            children.append(_for_review(child, w))
        elif isinstance(child, Chart):
            continue
        elif isinstance(child, SignatureBlock):
            columns = (Column(w.label(PARTY), 2), Column(w.label(NAME), 2), Column(w.label(TITLE_COLUMN), 3))
            rows = tuple(((s.party.name,), (s.name,), (s.title,)) for s in child.signatures)
            edits = tuple(s.edit for s in child.signatures)
            children.append(Table(columns, rows, row_edits=edits if any(edits) else (), edit=child.edit))
        else:
            children.append(child)
    return replace(section, children=tuple(children))
