"""`sla-docgen calc` output: the funnel table as aligned text, JSON or CSV, in one language."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from fractions import Fraction
from typing import Any

from sla_docgen.document import Paragraph, Table, Text
from sla_docgen.funnel.numbers import SPANS, FunnelNumbers

FORMATS = ("text", "json", "csv")


def _width(text: str) -> int:
    """Columns a text takes in a terminal: wide (Japanese) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _cell(lines: tuple[Text, ...]) -> str:
    return " ".join(line.primary.text for line in lines)


def as_text(title: Text, paragraphs: list[Paragraph], table: Table) -> str:
    """The section's title, its formula, the table with aligned columns, then its notes."""
    header = [column.header.primary.text for column in table.columns]
    rows = [[_cell(cell) for cell in row] for row in table.rows]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    numeric = [i for i in range(len(header)) if i >= 2]

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(c, widths[i], i in numeric and i <= 4) for i, c in enumerate(cells)).rstrip()

    out = [title.primary.text, "", paragraphs[0].text.primary.text, "", line(header)]
    out.append("  ".join("-" * w for w in widths))
    out += [line(r) for r in rows]
    out += ["", *(p.text.primary.text for p in paragraphs[1:])]
    return "\n".join(out) + "\n"


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def as_data(numbers: FunnelNumbers, stage_names: dict[str, str]) -> dict[str, Any]:
    """The funnel as plain data: inputs, the rounding rule and every stage's figures."""
    stages = []
    for need in numbers.stages:
        entry: dict[str, Any] = {
            "stage": need.stage,
            "kind": need.kind,
            "name": stage_names[need.stage],
            "rate_percent": _number(need.rate.value) if need.rate else None,
            "rate_from_goal": need.rate.goal_ref if need.rate else None,
            "rate_from_handoff": need.rate.handoff if need.rate else None,
            "needed": {span: need.needed(numbers.months(span)) for span in SPANS},
            "commitment": None,
        }
        c = need.commitment
        if c is not None:
            entry["commitment"] = {
                "party": c.party,
                "goal": c.goal_id,
                "period": c.period,
                "committed": _number(c.committed),
                "needed": c.needed,
                "difference": _number(c.difference),
            }
        stages.append(entry)
    return {
        "revenue_goal": numbers.revenue.goal_ref,
        "revenue_target": _number(numbers.revenue.value),
        "revenue_period": numbers.revenue_period,
        "marketing_share_percent": _number(numbers.share.value),
        "average_deal_size": _number(numbers.deal_size),
        "term_months": _number(numbers.term_months),
        "rounding": "each figure is computed exactly, then rounded up to a whole number",
        "stages": stages,
    }


def as_json(numbers: FunnelNumbers, stage_names: dict[str, str]) -> str:
    return json.dumps(as_data(numbers, stage_names), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "stage",
    "kind",
    "name",
    "rate_percent",
    "needed_term",
    "needed_quarter",
    "needed_month",
    "committed_party",
    "committed_goal",
    "committed_period",
    "committed",
    "needed_for_period",
    "difference",
)


def as_csv(numbers: FunnelNumbers, stage_names: dict[str, str]) -> str:
    """One row per stage; committed columns are empty where no party has committed to the stage."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in as_data(numbers, stage_names)["stages"]:
        c = entry["commitment"] or {}
        writer.writerow(
            [
                entry["stage"],
                entry["kind"],
                entry["name"],
                "" if entry["rate_percent"] is None else entry["rate_percent"],
                *(entry["needed"][span] for span in SPANS),
                c.get("party", ""),
                c.get("goal", ""),
                c.get("period", ""),
                c.get("committed", ""),
                c.get("needed", ""),
                c.get("difference", ""),
            ]
        )
    return out.getvalue()
