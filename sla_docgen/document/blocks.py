"""The format-neutral Document: numbered sections of blocks that every renderer walks.

A Document is built once from a validated Agreement for one language or a bilingual
pair. Every piece of visible text is a `Text`: one `Variant` per language in display
order (the prevailing language first), so a renderer never decides which language to
show, only how to show a primary and its secondary variants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from sla_docgen.logo import Logo


@dataclass(frozen=True, slots=True)
class Variant:
    """One language's wording of a text."""

    lang: str
    text: str
    fallback: bool = False
    """True when this wording stands in for a missing translation (`--allow-fallback`)."""


@dataclass(frozen=True, slots=True)
class Text:
    """A text in one or more languages, in display order."""

    variants: tuple[Variant, ...]

    @property
    def primary(self) -> Variant:
        return self.variants[0]

    @property
    def secondary(self) -> tuple[Variant, ...]:
        return self.variants[1:]

    def __str__(self) -> str:
        return self.variants[0].text

    def variant(self, lang: str) -> Variant:
        """The wording in `lang`; a text that reads the same in every language has only its primary."""
        return next((v for v in self.variants if v.lang == lang), self.variants[0])

    @classmethod
    def of(cls, variants: list[Variant] | tuple[Variant, ...]) -> Text:
        """A Text that drops secondary variants identical to the primary (names, versions, e-mail)."""
        first = variants[0]
        return cls((first, *(v for v in variants[1:] if v.text != first.text or v.fallback != first.fallback)))


Cell: TypeAlias = tuple[Text, ...]
"""The content of a table cell: zero or more lines, each a Text."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: Text
    kind: Literal["body", "note"] = "body"


@dataclass(frozen=True, slots=True)
class ItemList:
    """A bulleted or numbered list; numbered lists restart in every list."""

    items: tuple[Text, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    header: Text
    width: float
    """Relative width; a renderer scales the columns of a table to the text width."""


@dataclass(frozen=True, slots=True)
class Table:
    """A grid with one header row. `role` lets a style pick e.g. the version history."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    role: Literal["fields", "grid", "history"] = "grid"
    caption: Text | None = None


@dataclass(frozen=True, slots=True)
class PartyRef:
    id: str
    name: Text


@dataclass(frozen=True, slots=True)
class PartyRow:
    """One row of a party layout: an optional row label, then one cell per party."""

    label: Text | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class PartyColumns:
    """Side-by-side columns, one per party (marketing | sales in the common case)."""

    parties: tuple[PartyRef, ...]
    rows: tuple[PartyRow, ...]
    corner: Text | None = None
    """Header of the row-label column; None when no row has a label."""


@dataclass(frozen=True, slots=True)
class Signature:
    party: PartyRef
    name: Text
    title: Text
    field_name: str
    """Name of the empty PDF signature field reserved for this party (its party id)."""


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    signatures: tuple[Signature, ...]


@dataclass(frozen=True, slots=True)
class FunnelBar:
    """One stage of a funnel chart: its name, how many leads it needs and the rate from the stage above."""

    label: Text
    value: int
    value_label: Text
    rate_label: Text | None


@dataclass(frozen=True, slots=True)
class FunnelChartData:
    bars: tuple[FunnelBar, ...]
    """From leads (widest) down to won deals."""


@dataclass(frozen=True, slots=True)
class GoalLineSeries:
    """A cumulative line: `needed` (what the goal needs), `committed` (what a party committed to), `actual`
    (what happened so far) or `projected` (where the pace so far ends)."""

    label: Text
    values: tuple[float, ...]
    end_label: Text
    role: Literal["needed", "committed", "actual", "projected"]
    start: int = 0
    """Index into the chart's days of the first value (a projection starts at the last actual)."""


@dataclass(frozen=True, slots=True)
class GoalLineChartData:
    days: tuple[date, ...]
    series: tuple[GoalLineSeries, ...]
    ticks: tuple[tuple[int, Text], ...]
    """(index into `days`, month label) for each month."""
    y_label: Text


@dataclass(frozen=True, slots=True)
class BarSeries:
    label: Text
    values: tuple[float, ...]
    value_labels: tuple[Text, ...]
    """Written on each bar."""


@dataclass(frozen=True, slots=True)
class BarChartData:
    """Vertical bars grouped by category, one bar per series in each group (plan against actual, a distribution)."""

    categories: tuple[Text, ...]
    series: tuple[BarSeries, ...]
    y_label: Text
    x_label: Text | None = None
    divider: int | None = None
    """A dashed line drawn after this many categories (where a limit falls), with `divider_label`."""
    divider_label: Text | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart the renderers draw (sla_docgen.render.charts): vector in HTML and PDF, an image elsewhere."""

    key: str
    """Stable name: the anchor in HTML and part of the image file's name beside the Markdown."""
    title: Text
    description: Text
    """What the chart shows, in words: its caption and its alternative text."""
    data: FunnelChartData | GoalLineChartData | BarChartData


Block: TypeAlias = Paragraph | ItemList | Table | PartyColumns | SignatureBlock | Chart


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section ("3", "3.2"); its children are blocks and sub-sections."""

    key: str
    number: str
    title: Text
    children: tuple[Block | Section, ...]

    @property
    def level(self) -> int:
        return self.number.count(".") + 1


@dataclass(frozen=True, slots=True)
class Field:
    label: Text
    value: Text


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a title block, running header and document properties need."""

    agreement_id: str
    version: str
    company: Text
    title: Text
    fields: tuple[Field, ...]
    """Title-block lines in order: effective period, version, last updated, ..."""
    last_updated: date
    """Date of the last update; formats use it for their created/modified dates (never the clock)."""
    keywords: tuple[str, ...]
    accent_color: str | None = None
    logo: Logo | None = None
    """The logo, found in an allowed folder and decoded once during validation: renderers embed its bytes."""

    @property
    def updated_at(self) -> datetime:
        """The last update as midnight UTC, for formats that store a moment."""
        return datetime(self.last_updated.year, self.last_updated.month, self.last_updated.day, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Document:
    langs: tuple[str, ...]
    """Languages in display order; one for a monolingual document, two for a bilingual one."""
    metadata: Metadata
    sections: tuple[Section, ...]
    labels: dict[str, Text]
    """Fixed wording renderers need outside the sections (contents, page, signature, date ...)."""

    def walk(self) -> tuple[Section, ...]:
        """Every section and sub-section in reading order."""
        out: list[Section] = []

        def visit(section: Section) -> None:
            out.append(section)
            for child in section.children:
                if isinstance(child, Section):
                    visit(child)

        for section in self.sections:
            visit(section)
        return tuple(out)
