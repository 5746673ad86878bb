"""The whole questionnaire: the `Agreement` model, its sections in the order of the Japanese SLA template."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field

from sla_docgen.model.business_calendar import BusinessCalendar
from sla_docgen.model.funnel import AcceptedFinding, Funnel
from sla_docgen.model.goals import Goals
from sla_docgen.model.leads import Icp, LeadScoring, LeadStage, TextList
from sla_docgen.model.sections import (
    Communication,
    Contact,
    Handoff,
    Meta,
    Overview,
    Party,
    Remedy,
    Reporting,
    Requirement,
    Review,
    Revision,
    Signatory,
)
from sla_docgen.model.types import Strict

Path = tuple[str | int, ...]


class Agreement(Strict):
    """A sales & marketing service level agreement between two or more teams."""

    model_config = Strict.model_config | {"title": "sla-docgen agreement"}

    agreement: Meta
    parties: Annotated[list[Party], Field(min_length=2)]
    overview: Overview
    goals: Goals
    funnel: Funnel | None = None
    icp: Icp
    lead_stages: Annotated[list[LeadStage], Field(min_length=1)]
    lead_scoring: LeadScoring
    handoffs: Annotated[list[Handoff], Field(min_length=1)]
    business_calendar: BusinessCalendar = BusinessCalendar()
    requirements: list[Requirement] = []
    contacts: list[Contact] = []
    communication: Communication
    reporting: Reporting
    missed_goals: Annotated[list[Remedy], Field(max_length=200)]
    cancellation: TextList
    unexpected_events: TextList = []
    review: Review
    revisions: Annotated[list[Revision], Field(min_length=1)]
    signatories: Annotated[list[Signatory], Field(min_length=2)]
    accepted_findings: list[AcceptedFinding] = []


@dataclass(frozen=True, slots=True)
class Finding:
    """A broken cross-section rule at a field path."""

    path: Path
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
