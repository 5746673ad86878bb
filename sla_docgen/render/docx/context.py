"""What every DOCX block writer shares: the styles, the numbering, the text width, and Text to paragraphs.

A `Text` becomes one paragraph for its primary variant and, in a bilingual document, one smaller grey
paragraph per secondary variant (its own style and language tag), so any cell can carry two languages.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from sla_docgen.document import Text
from sla_docgen.render.docx.numbering import Numbering
from sla_docgen.render.docx.styles import StyleBook
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
    ) -> None:
        self.styles = styles
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
    ) -> etree._Element:
        """One paragraph of one language's text in a named style, marked when it is a fallback."""
        style_id = self.styles.id(style_name)
        p = paragraph(style_id, keep_next=keep_next, num=num)
        add_runs(p, text, self.run_style(lang, style_id), bold=bold)
        if fallback and self.fallback_label is not None:
            label = self.fallback_label.primary
            add_runs(p, f" ({label.text})", self.run_style(label.lang, style_id), italic=True)
        return p

    def paragraphs(
        self,
        text: Text,
        style_name: str,
        *,
        prefix: str = "",
        num: tuple[int, int] | None = None,
        secondary_style: str | None = None,
    ) -> list[etree._Element]:
        """The paragraphs of a Text: the primary in `style_name`, secondaries smaller and grey below it."""
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
