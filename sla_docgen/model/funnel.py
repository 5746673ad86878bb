"""The funnel inputs: which goals hold the revenue target and marketing's share, the deal size, each stage's rate."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sla_docgen.model.types import Amount, Id, Percent, Str, Strict

GOAL_REF_PATTERN = r"^(?:[a-z][a-z0-9_-]{0,62}\.)?[a-z][a-z0-9_-]{0,62}$"
FINDING_CODE_PATTERN = r"^[a-z][a-z0-9-]{0,62}$"

GoalRef = Annotated[str, Field(pattern=GOAL_REF_PATTERN, examples=["new-bookings", "marketing.leads"])]
"""A goal's id; write `PARTY.ID` (or `company.ID`) where two goal lists use the same id."""


class FunnelStage(Strict):
    """One stage of the funnel, top to bottom; each stage after the first says how many of the previous reach it."""

    stage: Id
    rate: Percent | None = None
    rate_goal: GoalRef | None = None
    rate_handoff: Id | None = None
    volume_goal: GoalRef | None = None


class Funnel(Strict):
    """The numbers behind the agreement: what the revenue goal needs at each stage of the funnel."""

    revenue_goal: GoalRef
    marketing_share: Percent | None = None
    marketing_share_goal: GoalRef | None = None
    average_deal_size: Amount
    stages: Annotated[list[FunnelStage], Field(min_length=2, max_length=20)]
    goal_line_stage: Id | None = None


FUNNEL_SPANS = ("month", "quarter", "half_year", "year", "term")
"""The goal periods the funnel can turn into months (a week or a rolling window is not a fixed share of a month)."""

FINDING_CODES = (
    "volume-short",
    "rate-mismatch",
    "kpi-no-target",
    "mql-attributes-only",
    "tier-order",
    "stage-no-criteria",
    "handoff-no-follow-up",
    "handoff-stage-owner",
    "review-interval",
    "no-cancellation",
    "no-missed-goal-plan",
    "kpi-not-reviewed",
    "kpi-owner-absent",
)
"""The codes of the consistency findings `validate` reports (sla_docgen.funnel.findings); stable across versions."""


class AcceptedFinding(Strict):
    """A consistency finding the parties accept on purpose: `validate` no longer reports it."""

    code: Annotated[str, Field(pattern=FINDING_CODE_PATTERN, examples=["handoff-stage-owner"])]
    reason: Str
