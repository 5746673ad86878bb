"""Who the parties are after and how a lead moves: ideal customer profile, lead stages, lead scoring."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sla_docgen.model.types import Days, Id, LocalText, Points, Strict, Tier

TextList = Annotated[list[LocalText], Field(max_length=200)]

Headcount = Annotated[int, Field(ge=1, le=10_000_000)]


class EmployeeBand(Strict):
    """An employee-count range that makes a HIGH, MID or LOW fit; an axis's bands leave no gap and do not overlap."""

    tier: Tier
    min: Headcount | None = None
    max: Headcount | None = None


AxisKind = Literal["industry", "employee_count", "job_title", "target_accounts", "custom"]


class IcpAxis(Strict):
    """One attribute axis with the values that make a HIGH, MID or LOW fit."""

    id: Id
    kind: AxisKind
    name: LocalText | None = None
    bands: Annotated[list[EmployeeBand], Field(max_length=20)] = []
    high: TextList = []
    mid: TextList = []
    low: TextList = []


class Persona(Strict):
    id: Id
    name: LocalText
    role: LocalText
    description: LocalText
    challenges: TextList = []


class Icp(Strict):
    """The ideal customer profile."""

    axes: Annotated[list[IcpAxis], Field(min_length=1)]
    personas: list[Persona] = []


StageKind = Literal["lead", "mql", "sal", "sql", "opportunity", "won", "sgl", "unqualified"]
FUNNEL_ORDER: tuple[StageKind, ...] = ("lead", "mql", "sal", "sql", "opportunity", "won")
"""The stage kinds that follow one another in the funnel; `sgl` and `unqualified` stand beside it."""

Framework = Literal["bant", "custom"]


class Qualification(Strict):
    """A checklist of which some or all items must hold, e.g. at least 3 of the 4 BANT items."""

    framework: Framework = "bant"
    name: LocalText | None = None
    items: TextList = []
    required: Annotated[int, Field(ge=1, le=200)] | None = None


class LeadStage(Strict):
    """A lead stage; the list's order is the order of the funnel."""

    id: Id
    kind: StageKind
    name: LocalText | None = None
    definition: LocalText
    criteria: TextList = []
    qualification: Qualification | None = None
    owner: Id


class TierPoints(Strict):
    high: Points
    mid: Points
    low: Points


class NegativeRule(Strict):
    """An attribute that lowers the score (competitor, student, free mail)."""

    id: Id
    description: LocalText
    points: Annotated[int, Field(ge=-1000, le=-1)]


class BehaviourRule(Strict):
    """An action that raises the score (a download, a webinar)."""

    id: Id
    description: LocalText
    points: Annotated[int, Field(ge=1, le=1000)]


class DecayRule(Strict):
    id: Id
    description: LocalText
    points: Annotated[int, Field(ge=-1000, le=-1)]
    after_days: Days | None = None


class MqlTrigger(Strict):
    """An action that makes a lead an MQL whatever its score (e.g. a demo request)."""

    id: Id
    description: LocalText


class LeadScoring(Strict):
    tier_points: TierPoints | None = None
    axis_points: dict[Id, TierPoints] = {}
    negative_attributes: list[NegativeRule] = []
    behaviours: list[BehaviourRule] = []
    decay: list[DecayRule] = []
    mql_threshold: Annotated[int, Field(ge=1, le=100_000)]
    mql_triggers: list[MqlTrigger] = []

    def points_for(self, axis_id: str) -> TierPoints | None:
        """The points scale of an ICP axis: its own, else the common one."""
        return self.axis_points.get(axis_id, self.tier_points)
