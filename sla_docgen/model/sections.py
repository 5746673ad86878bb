"""The questionnaire's sections, in the order of the Japanese SLA template they mirror."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sla_docgen.model.funnel import GoalRef
from sla_docgen.model.types import (
    AGREEMENT_ID_PATTERN,
    COLOR_PATTERN,
    CURRENCY_PATTERN,
    Days,
    Direction,
    Duration,
    Email,
    Frequency,
    GoalPeriod,
    Id,
    IsoDate,
    Lang,
    LocalText,
    Number,
    Percent,
    Points,
    Str,
    Strict,
    Unit,
    Version,
)

TextList = Annotated[list[LocalText], Field(max_length=200)]


# --- agreement metadata and parties ------------------------------------------------------------------


class Period(Strict):
    """The effective period, both days included."""

    start: IsoDate
    end: IsoDate


class Branding(Strict):
    """Optional look of the PDF: a logo beside the questionnaire and an accent colour."""

    logo: Str | None = None
    """Image file (PNG, JPEG or GIF), relative to the questionnaire's folder."""
    accent_color: Annotated[str, Field(pattern=COLOR_PATTERN)] | None = None
    """Colour of headings and rules, as #RRGGBB."""


class Meta(Strict):
    """Who agrees on what, for how long, in which version."""

    id: Annotated[str, Field(pattern=AGREEMENT_ID_PATTERN)]
    """Agreement identifier printed in the running header, e.g. ACME-SLA-2027."""
    company: LocalText
    title: LocalText
    languages: Annotated[list[Lang], Field(min_length=1, max_length=2)]
    """Languages the agreement is written in."""
    prevailing_language: Lang
    """The language that prevails if the translations differ."""
    period: Period
    version: Version
    last_updated: IsoDate
    currency: Annotated[str, Field(pattern=CURRENCY_PATTERN)] = "JPY"
    """ISO 4217 code used for money targets."""
    branding: Branding | None = None


PartyRole = Literal["marketing", "inside_sales", "sales", "customer_success", "other"]


class Person(Strict):
    name: LocalText
    title: LocalText
    email: Email | None = None


class Party(Strict):
    """A team bound by the agreement."""

    id: Id
    role: PartyRole
    name: LocalText
    owner: Person


class Overview(Strict):
    """Why the agreement exists, what it covers and what each party is responsible for."""

    purpose: LocalText
    scope: LocalText
    responsibilities: dict[Id, TextList]
    """Per party id, the party's responsibilities."""


# --- goals -------------------------------------------------------------------------------------------


class Goal(Strict):
    """A measurable goal: a metric with a target over a period, optionally a minimum and a best effort."""

    id: Id
    title: LocalText
    metric: LocalText
    target: Number
    unit: Unit
    period: GoalPeriod
    direction: Direction = "at_least"
    minimum: Number | None = None
    """The level that must be met; missing it starts the missed-goal process."""
    best_effort: Number | None = None
    """The level the party strives for."""
    note: LocalText | None = None


class Goals(Strict):
    company: Annotated[list[Goal], Field(min_length=1)]
    parties: dict[Id, list[Goal]]
    """Per party id, that party's goals."""


# --- ideal customer profile --------------------------------------------------------------------------


AxisKind = Literal["industry", "employee_count", "job_title", "target_accounts", "custom"]


class IcpAxis(Strict):
    """One attribute axis with the values that make a HIGH, MID or LOW fit."""

    id: Id
    kind: AxisKind
    name: LocalText | None = None
    """Required for custom axes; the standard axes have a built-in name."""
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


# --- lead stages and scoring -------------------------------------------------------------------------


StageKind = Literal["lead", "mql", "sal", "sql", "opportunity", "won", "sgl", "unqualified"]


class LeadStage(Strict):
    """A lead stage; the list's order is the order of the funnel."""

    id: Id
    kind: StageKind
    name: LocalText | None = None
    """Defaults to the stage's usual name (MQL, SQL, ...)."""
    definition: LocalText
    criteria: TextList = []
    owner: Id
    """Party id of the team that owns leads in this stage."""


class TierPoints(Strict):
    high: Points
    mid: Points
    low: Points


class ScoreRule(Strict):
    id: Id
    description: LocalText
    points: Points


class DecayRule(Strict):
    id: Id
    description: LocalText
    points: Annotated[int, Field(ge=-1000, le=-1)]
    after_days: Days | None = None
    """Applied after this many days without engagement, if time-based."""


class MqlTrigger(Strict):
    """An action that makes a lead an MQL whatever its score (e.g. a demo request)."""

    id: Id
    description: LocalText


class LeadScoring(Strict):
    tier_points: TierPoints
    """Points for a HIGH, MID or LOW match on each ICP axis."""
    negative_attributes: list[ScoreRule] = []
    behaviours: list[ScoreRule] = []
    decay: list[DecayRule] = []
    mql_threshold: Annotated[int, Field(ge=1, le=100_000)]
    mql_triggers: list[MqlTrigger] = []


# --- hand-offs and what each party needs -------------------------------------------------------------


class FollowUp(Strict):
    attempts: Annotated[int, Field(ge=1, le=100)]
    within_days: Days
    channels: Annotated[list[LocalText], Field(min_length=1)]


class ConversionTarget(Strict):
    rate: Percent
    """Percentage of handed-off leads expected to reach `to_stage`."""
    to_stage: Id


class Recycle(Strict):
    """The way back to nurturing when the receiving party cannot progress a lead."""

    to: Id
    stage: Id
    feedback: Annotated[list[LocalText], Field(min_length=1)]
    """What the returning party must record."""


class Handoff(Strict):
    id: Id
    from_: Id = Field(alias="from")
    to: Id
    stage: Id
    """Stage id at which the lead is handed over."""
    response_time: Duration
    response_goal: GoalRef | None = None
    """The goal (unit percent) for the share of leads first contacted within `response_time`."""
    follow_up: FollowUp | None = None
    conversion_target: ConversionTarget | None = None
    actions: TextList = []
    recycle: Recycle | None = None


RequirementKind = Literal["information", "report", "feedback", "resource"]


class Requirement(Strict):
    """Something one party needs from another."""

    id: Id
    needed_by: Id
    provided_by: Id
    kind: RequirementKind
    item: LocalText
    frequency: Frequency | None = None


class Contact(Strict):
    """Who is accountable for a step."""

    id: Id
    responsibility: LocalText
    party: Id
    name: LocalText
    email: Email | None = None


# --- communication, reporting, remedies, review ------------------------------------------------------


class Tool(Strict):
    id: Id
    name: Str
    purpose: LocalText


MeetingForm = Literal["in_person", "online", "hybrid"]


class Meeting(Strict):
    id: Id
    name: LocalText
    form: MeetingForm
    frequency: Frequency
    participants: Annotated[list[Id], Field(min_length=1)]
    """Party ids taking part."""
    reviews: list[Id] = []
    """KPI ids this meeting reviews."""
    attendees: LocalText | None = None
    """Who from those parties attends, e.g. managers only."""
    agenda: TextList = []


class Communication(Strict):
    tools: list[Tool] = []
    meetings: list[Meeting] = []


ToolCategory = Literal["ma", "crm", "sfa", "bi", "analytics", "other"]


class ReportingTool(Strict):
    id: Id
    name: Str
    category: ToolCategory
    used_by: Annotated[list[Id], Field(min_length=1)]


class Measure(Strict):
    """A KPI target: a value in a unit, optionally counted over a period (e.g. 2,000 leads per quarter)."""

    value: Number
    unit: Unit
    direction: Direction = "at_least"
    period: GoalPeriod | None = None
    """The span the value is counted over; leave out for rates and levels."""


class Kpi(Strict):
    id: Id
    name: LocalText
    definition: LocalText
    owner: Id
    target: Measure | None = None
    frequency: Frequency


class Reporting(Strict):
    tools: list[ReportingTool] = []
    kpis: Annotated[list[Kpi], Field(min_length=1)]


ReviewCadence = Literal["monthly", "quarterly", "half_yearly", "yearly"]


class Review(Strict):
    cadence: ReviewCadence
    next_review: IsoDate
    participants: list[Id] = []
    triggers: TextList = []
    """Events that call for a review before the next scheduled one."""


class Revision(Strict):
    version: Version
    date: IsoDate
    author: LocalText
    summary: LocalText


class Signatory(Strict):
    party: Id
    name: LocalText
    title: LocalText
