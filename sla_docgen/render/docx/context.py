"""What every DOCX block writer shares: the styles, the numbering, the text width, and Text to paragraphs.

A `Text` becomes one paragraph for its primary variant and, in a bilingual document, one smaller grey
paragraph per secondary variant (its own style and language tag), so any cell can carry two languages.
In a redline, the same calls write the changes as tracked changes: a text's marks become inserted and
deleted runs, and whatever is written inside `whole("inserted")` or `whole("deleted")` is tracked whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from lxml import etree

from sla_docgen.document import Text
from sla_docgen.document.blocks import Edit
from sla_docgen.render.docx.numbering import Numbering
from sla_docgen.render.docx.styles import StyleBook
from sla_docgen.render.docx.tracked import Segment, Tracker, on_side, variant_lines, variant_segments
from sla_docgen.render.docx.xml import RunStyle, add_runs, paragraph

SECONDARY = {
    "Title": "Secondary Heading",
    "Subtitle": "Secondary Text",
    "Heading 1": "Secondary Heading",
    "Heading 2": "Secondary Heading",
    "Heading 3": "Secondary Heading",
    "Body Text": "Secondary Text",
    "Note": "Secondary Text",
    "Caption": "Secondary Text",
    "List Number": "List Secondary",
    "List Bullet": "List Secondary",
    "Table Text": "Table Secondary",
    "Table Heading": "Table Secondary",
    "Signature Line": "Table Secondary",
    "Signature Party": "Table Secondary",
    "Signature Label": "Table Secondary",
    "Table Secondary": "Table Secondary",
    "TOC Heading": "Secondary Heading",
    "Header": "Header",
    "Footer": "Footer",
}
KEEP_WITH_NEXT = {"Title", "Heading 1", "Heading 2", "Heading 3", "Caption", "TOC Heading"}


class Context:
    def __init__(
        self,
        styles: StyleBook,
        numbering: Numbering,
        text_width: int,
        fallback_label: Text | None = None,
        part: Any = None,
        tracker: Tracker | None = None,
    ) -> None:
        self.styles = styles
        self.tracker = tracker
        """Set when the document is a redline: its marks are written as tracked changes."""
        self.edit: Edit = None
        """The change of the block being written as a whole (see `whole`)."""
        self.old_numbers: dict[int, str] = {}
        """In a redline, the number each section had in the old version, by the section's id()."""
        self.part = part
        """python-docx's document part, which stores images (charts)."""
        self.fallback_label = fallback_label
        """Shown in parentheses after a text standing in for a missing translation ("untranslated")."""
        self.numbering = numbering
        self.text_width = text_width
        """Width between the margins, in twentieths of a point."""
        self._run_styles: dict[tuple[str, str], RunStyle] = {}

    def run_style(self, lang: str, style_id: str) -> RunStyle:
        key = (lang, style_id)
        found = self._run_styles.get(key)
        if found is None:
            found = self._run_styles[key] = RunStyle(lang, self.styles.east_asia_font(style_id))
        return found

    @contextmanager
    def whole(self, edit: Edit) -> Iterator[None]:
        """Within it, everything written is tracked as inserted or deleted (no-op for None or a plain document)."""
        if edit is None or self.tracker is None:
            yield
            return
        outer, self.edit = self.edit, edit
        try:
            yield
        finally:
            self.edit = outer

    def runs(
        self,
        p: etree._Element,
        segments: Sequence[Segment],
        style: RunStyle,
        *,
        bold: bool = False,
        italic: bool = False,
    ) -> None:
        """Append marked text to `p`: equal runs plain, inserted and deleted ones tracked (all of one kind
        inside `whole`)."""
        for op, text in on_side(segments, self.edit):
            if self.tracker is None or op == "equal":
                add_runs(p, text, style, bold=bold, italic=italic)
                continue
            start = len(p)
            add_runs(p, text, style, bold=bold, italic=italic)
            for run in list(p)[start:]:
                self.tracker.wrap(run, "inserted" if op == "insert" else "deleted")

    def append_run(self, p: etree._Element, run: etree._Element) -> None:
        """Append a run built by the caller (a picture), tracked inside `whole`."""
        p.append(run)
        if self.tracker is not None:
            self.tracker.wrap(run, self.edit)

    def para(
        self,
        style_name: str,
        text: str,
        lang: str,
        *,
        keep_next: bool = False,
        num: tuple[int, int] | None = None,
        bold: bool = False,
        fallback: bool = False,
        segments: Sequence[Segment] | None = None,
    ) -> etree._Element:
        """One paragraph of one language's text in a named style, marked when it is a fallback.

        `segments`, in a redline, is the text with its changes marked; inside `whole` the paragraph
        mark is tracked too, so that accepting or rejecting the change leaves no empty paragraph."""
        style_id = self.styles.id(style_name)
        p = paragraph(style_id, keep_next=keep_next, num=num)
        run_style = self.run_style(lang, style_id)
        self.runs(p, segments if segments is not None else (("equal", text),), run_style, bold=bold)
        if fallback and self.fallback_label is not None:
            label = self.fallback_label.primary
            self.runs(p, (("equal", f" ({label.text})"),), self.run_style(label.lang, style_id), italic=True)
        if self.tracker is not None:
            self.tracker.mark_paragraph(p, self.edit)
        return p

    def paragraphs(
        self,
        text: Text,
        style_name: str,
        *,
        prefix: str = "",
        old_prefix: str | None = None,
        num: tuple[int, int] | None = None,
        secondary_style: str | None = None,
    ) -> list[etree._Element]:
        """The paragraphs of a Text: the primary in `style_name`, secondaries smaller and grey below it.

        `old_prefix` is the prefix in the old version of a redline (a section renumbered)."""
        if self.tracker is not None:
            return self._tracked_paragraphs(text, style_name, prefix, old_prefix, num, secondary_style)
        secondary_name = secondary_style or SECONDARY.get(style_name, "Secondary Text")
        has_secondary = bool(text.secondary)
        keep = has_secondary and style_name not in KEEP_WITH_NEXT
        primary = text.primary
        out = [
            self.para(
                style_name,
                prefix + primary.text,
                primary.lang,
                keep_next=keep,
                num=num,
                fallback=primary.fallback,
            )
        ]
        for index, variant in enumerate(text.secondary):
            last = index == len(text.secondary) - 1
            out.append(
                self.para(
                    secondary_name,
                    variant.text,
                    variant.lang,
                    keep_next=style_name in KEEP_WITH_NEXT or not last,
                    fallback=variant.fallback,
                )
            )
        return out

    def _tracked_paragraphs(
        self,
        text: Text,
        style_name: str,
        prefix: str,
        old_prefix: str | None,
        num: tuple[int, int] | None,
        secondary_style: str | None,
    ) -> list[etree._Element]:
        """`paragraphs` in a redline: each language's line with its own marks, a secondary line that only
        one version shows tracked whole."""
        secondary_name = secondary_style or SECONDARY.get(style_name, "Secondary Text")
        lines = list(variant_lines(text, self.edit))
        out = []
        for position, (index, variant, edit) in enumerate(lines):
            last = position == len(lines) - 1
            if index == 0:
                name, keep = style_name, len(lines) > 1 and style_name not in KEEP_WITH_NEXT
                segments = variant_segments(variant, prefix, old_prefix)
            else:
                name, keep = secondary_name, style_name in KEEP_WITH_NEXT or not last
                segments = variant_segments(variant)
            with self.whole(edit):
                out.append(
                    self.para(
                        name,
                        "",
                        variant.lang,
                        keep_next=keep,
                        num=num if index == 0 else None,
                        fallback=variant.fallback,
                        segments=segments,
                    )
                )
        return out
