"""The funnel inputs: which goals hold the revenue target and marketing's share, the deal size, each stage's rate."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sla_docgen.model.types import Id, Number, Percent, Str, Strict

GOAL_REF_PATTERN = r"^(?:[a-z][a-z0-9_-]{0,62}\.)?[a-z][a-z0-9_-]{0,62}$"
FINDING_CODE_PATTERN = r"^[a-z][a-z0-9-]{0,62}$"

GoalRef = Annotated[str, Field(pattern=GOAL_REF_PATTERN, examples=["new-bookings", "marketing.leads"])]
"""A goal's id; write `PARTY.ID` (or `company.ID`) where two goal lists use the same id."""


class FunnelStage(Strict):
    """One stage of the funnel, top to bottom; each stage after the first says how many of the previous reach it."""

    stage: Id
    """Lead stage id."""
    rate: Percent | None = None
    """Percentage of the previous stage's leads that reach this stage."""
    rate_goal: GoalRef | None = None
    """Instead of `rate`: the goal (unit percent) that holds the rate."""
    rate_handoff: Id | None = None
    """Instead of `rate`: the hand-off whose conversion target holds the rate."""
    volume_goal: GoalRef | None = None
    """The goal (unit count) in which a party commits to a number of leads at this stage."""


class Funnel(Strict):
    """The numbers behind the agreement: what the revenue goal needs at each stage of the funnel."""

    revenue_goal: GoalRef
    """The goal (unit currency) that holds the revenue target and its period."""
    marketing_share: Percent | None = None
    """Percentage of that revenue expected from marketing-sourced leads."""
    marketing_share_goal: GoalRef | None = None
    """Instead of `marketing_share`: the goal (unit percent) that holds the share."""
    average_deal_size: Annotated[Number, Field(ge=1)]
    """Average first-year amount of a won deal, in the agreement's currency."""
    stages: Annotated[list[FunnelStage], Field(min_length=2, max_length=20)]
    """From the lead stage down to the won stage, in funnel order; two stages for a single lead-to-customer rate."""
    goal_line_stage: Id | None = None
    """The stage whose cumulative goal line is drawn; default: the MQL stage, else the first stage."""


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
    """The finding's code, as `validate` prints it in brackets."""
    reason: Str
    """Why the parties accept it."""
