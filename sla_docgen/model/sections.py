"""The questionnaire's other sections: the agreement itself, parties, hand-offs, and how the parties run it."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator

from sla_docgen.i18n import LANGS
from sla_docgen.model.funnel import GoalRef
from sla_docgen.model.goals import Measure
from sla_docgen.model.leads import TextList
from sla_docgen.model.types import (
    AGREEMENT_ID_PATTERN,
    COLOR_PATTERN,
    CURRENCY_PATTERN,
    Days,
    Duration,
    Email,
    Frequency,
    GoalPeriod,
    Id,
    IsoDate,
    Lang,
    LocalText,
    Percent,
    Phone,
    Span,
    Str,
    Strict,
    Version,
)

# --- agreement metadata and parties ------------------------------------------------------------------


class Period(Strict):
    """The effective period, both days included."""

    start: IsoDate
    end: IsoDate


class Branding(Strict):
    """Optional look of the PDF: a logo beside the questionnaire and an accent colour."""

    logo: Str | None = None
    accent_color: Annotated[str, Field(pattern=COLOR_PATTERN)] | None = None


class Meta(Strict):
    """Who agrees on what, for how long, in which version."""

    id: Annotated[str, Field(pattern=AGREEMENT_ID_PATTERN)]
    company: LocalText
    title: LocalText
    languages: Annotated[list[Lang], Field(min_length=1, max_length=2)]
    prevailing_language: Lang
    period: Period
    version: Version
    last_updated: IsoDate
    currency: Annotated[str, Field(pattern=CURRENCY_PATTERN)] = "JPY"
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


# --- hand-offs and what each party needs -------------------------------------------------------------


class FollowUp(Strict):
    """How often and how long the receiving party keeps trying to reach a lead it could not reach at first."""

    attempts: Annotated[int, Field(ge=1, le=100)]
    within: Duration | None = None
    within_days: Days | None = None
    channels: Annotated[list[LocalText], Field(min_length=1)]


class ConversionTarget(Strict):
    rate: Percent
    from_stage: Id | None = None
    to_stage: Id


class Capacity(Strict):
    """The most leads a hand-off may pass to the receiving party in a period."""

    leads: Annotated[int, Field(ge=1, le=1_000_000)]
    period: GoalPeriod


class Recycle(Strict):
    """The way back to nurturing when the receiving party cannot progress a lead."""

    to: Id
    stage: Id
    feedback: Annotated[list[LocalText], Field(min_length=1)]


class Handoff(Strict):
    id: Id
    from_: Id = Field(alias="from")
    to: Id
    stage: Id
    response_time: Duration
    response_goal: GoalRef | None = None
    decision_time: Duration | None = None
    follow_up: FollowUp | None = None
    conversion_target: ConversionTarget | None = None
    capacity: Capacity | None = None
    actions: TextList = []
    recycle: Recycle | None = None


RequirementKind = Literal["information", "report", "feedback", "resource"]
RequirementFrequency = Literal["real_time", Frequency, "as_needed"]


class Requirement(Strict):
    """Something one party needs from another."""

    id: Id
    needed_by: Id
    provided_by: Id
    kind: RequirementKind
    item: LocalText
    frequency: RequirementFrequency | None = None


class Contact(Strict):
    """Who is accountable for a step."""

    id: Id
    responsibility: LocalText
    party: Id
    name: LocalText
    email: Email | None = None
    phone: Phone | None = None
    handoffs: list[Id] = []
    stages: list[Id] = []


# --- communication, reporting, remedies, review ------------------------------------------------------


class Tool(Strict):
    id: Id
    name: Str
    purpose: LocalText


MeetingForm = Literal["in_person", "online", "hybrid", "phone", "asynchronous"]
MeetingFrequency = Literal[Frequency, "as_needed"]


class Meeting(Strict):
    id: Id
    name: LocalText
    form: MeetingForm
    frequency: MeetingFrequency
    participants: Annotated[list[Id], Field(min_length=1)]
    reviews: list[Id] = []
    attendees: LocalText | None = None
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


class Kpi(Strict):
    id: Id
    name: LocalText
    definition: LocalText
    owner: Id | None = None
    co_owners: list[Id] = []
    target: Measure | None = None
    frequency: Frequency
    handoff: Id | None = None
    stage: Id | None = None
    to_stage: Id | None = None


class Reporting(Strict):
    tools: list[ReportingTool] = []
    kpis: Annotated[list[Kpi], Field(min_length=1)]


class Remedy(Strict):
    """A step taken when goals are missed: when, for which goals, what, by whom and by when; or just the words."""

    ALSO_TEXT: ClassVar[bool] = True
    """Written as a text alone, it is an action in words (the JSON Schema allows both forms)."""

    when: LocalText | None = None
    goals: list[GoalRef] = []
    action: LocalText
    owner: Id | None = None
    within: Duration | None = None

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, data: Any) -> Any:
        """Anything but a mapping of a step's fields is a step in words (so a number is "expected text")."""
        if not isinstance(data, dict) or (data and all(key in LANGS for key in data)):
            return {"action": data}
        return data


ReviewCadence = Literal["monthly", "quarterly", "half_yearly", "yearly"]


class Review(Strict):
    cadence: ReviewCadence
    next_review: IsoDate
    mid_term_review: IsoDate | None = None
    final_review: IsoDate | None = None
    freeze: Span | None = None
    participants: list[Id] = []
    triggers: TextList = []


class Revision(Strict):
    version: Version
    date: IsoDate
    author: LocalText
    summary: LocalText


class Signatory(Strict):
    party: Id
    name: LocalText
    title: LocalText
