"""Goals and KPI targets: what the parties commit to, measured, as a ratio or in words, and over what time."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sla_docgen.model.types import (
    Direction,
    GoalPeriod,
    Id,
    IsoDate,
    LocalText,
    Quantity,
    Span,
    Strict,
    Unit,
)


class RatioPart(Strict):
    """One side of a ratio goal: new customers 60 in new : existing = 60 : 40."""

    label: LocalText
    value: Quantity


class Goal(Strict):
    """A goal: a target number, a ratio, or an outcome in words; with the period, window or date it is due by."""

    id: Id
    title: LocalText
    metric: LocalText
    target: Quantity | None = None
    unit: Unit | None = None
    ratio: Annotated[list[RatioPart], Field(min_length=2, max_length=10)] | None = None
    period: GoalPeriod | None = None
    rolling: Span | None = None
    due: IsoDate | None = None
    direction: Direction = "at_least"
    minimum: Quantity | None = None
    best_effort: Quantity | None = None
    stage: Id | None = None
    to_stage: Id | None = None
    note: LocalText | None = None


class Goals(Strict):
    company: Annotated[list[Goal], Field(min_length=1)]
    parties: dict[Id, list[Goal]]


class Measure(Strict):
    """A KPI target: a value in a unit, optionally counted over a period, with a minimum and a best effort."""

    value: Quantity
    unit: Unit
    direction: Direction = "at_least"
    period: GoalPeriod | None = None
    rolling: Span | None = None
    minimum: Quantity | None = None
    best_effort: Quantity | None = None
