"""What every section builder shares: the agreement, its wording, party and stage names, block helpers."""

from __future__ import annotations

from sla_docgen.document.blocks import Block, Cell, Column, ItemList, Section, Table, Text
from sla_docgen.document.wording import LocalValue, Wording
from sla_docgen.i18n import N_
from sla_docgen.model import Agreement

STAGE_NAMES = {
    "lead": N_("Lead"),
    "mql": N_("MQL"),
    "sal": N_("SAL"),
    "sql": N_("SQL"),
    "opportunity": N_("Opportunity"),
    "won": N_("Won"),
    "sgl": N_("SGL"),
    "unqualified": N_("Unqualified lead"),
}

Children = list[Block | Section]


class Context:
    def __init__(self, agreement: Agreement, wording: Wording) -> None:
        self.a = agreement
        self.w = wording
        self.party_names = {p.id: wording.local(p.name) for p in agreement.parties}
        self.stage_names = {
            s.id: wording.local(s.name) if s.name else wording.label(STAGE_NAMES[s.kind]) for s in agreement.lead_stages
        }

    def parties(self, ids: list[str]) -> Text:
        return self.w.join([self.party_names[i] for i in ids])

    def table(self, headers: list[tuple[str, float]], rows: list[list[Cell]], role: str = "grid") -> Table:
        """A table whose header labels are msgids with relative widths."""
        columns = tuple(Column(self.w.label(h), width) for h, width in headers)
        return Table(columns, tuple(tuple(r) for r in rows), role=role)  # type: ignore[arg-type]

    def lines(self, values: list[LocalValue]) -> Cell:
        return tuple(self.w.local(v) for v in values)

    def items(self, values: list[LocalValue], ordered: bool = False) -> Children:
        return [ItemList(self.lines(values), ordered)] if values else []

    def subsections(self, number: str, parts: list[tuple[str, str, Children]]) -> Children:
        """Sub-sections numbered under `number`, leaving out empty ones."""
        out: Children = []
        for key, title, children in parts:
            if children:
                out.append(Section(key, f"{number}.{len(out) + 1}", self.w.label(title), tuple(children)))
        return out
