"""Funnel arithmetic: revenue × marketing share ÷ deal size = customers; ÷ each rate back up the funnel.

Every figure is worked out exactly (fractions, no floating point) from the goals for the
span asked for, and rounded up to a whole number only when it is shown: a team cannot hand
over 0.4 of a lead, and a figure rounded up never falls below what the goal needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sla_docgen.funnel.periods import months_in_term, span_months
from sla_docgen.model import Agreement
from sla_docgen.model.funnel_rules import handoff_by_id
from sla_docgen.model.goals import Goal
from sla_docgen.model.refs import resolve_goal

SPANS = ("term", "quarter", "month")
"""The spans every table shows: the agreement's whole period, a quarter and a month."""

ROUNDING_RULE = "ceil"


def exact(value: float) -> Fraction:
    """A questionnaire number as an exact fraction (0.1 stays one tenth)."""
    return Fraction(Decimal(str(value)))


def whole(value: Fraction) -> int:
    """The rounding rule: up to the next whole number."""
    return math.ceil(value)


@dataclass(frozen=True, slots=True)
class GoalRefValue:
    """A number taken from a goal (where it is written) or written in the funnel section itself."""

    value: Fraction
    goal_ref: str | None = None
    """Qualified id (`company.ID`, `PARTY.ID`) of the goal the number comes from."""
    handoff: str | None = None
    """Id of the hand-off whose conversion target the number comes from."""


@dataclass(frozen=True, slots=True)
class Commitment:
    """What a party has committed to at a stage (a count goal), against what the revenue goal needs."""

    party: str
    """Party id, or "company"."""
    goal_id: str
    goal_path: tuple[str | int, ...]
    period: str
    committed: Fraction
    needed: int
    """What the revenue goal needs over the goal's own period, rounded up."""

    @property
    def difference(self) -> Fraction:
        """Committed minus needed: below zero, the commitment cannot carry the revenue goal."""
        return self.committed - self.needed


@dataclass(frozen=True, slots=True)
class StageNeed:
    """One funnel stage: how many leads the revenue goal needs there, per month (exact)."""

    stage: str
    kind: str
    rate: GoalRefValue | None
    """Percentage of the previous stage that reaches this one; None for the first stage."""
    per_month: Fraction
    commitment: Commitment | None

    def needed(self, months: Fraction) -> int:
        """Leads needed over `months` months, rounded up."""
        return whole(self.per_month * months)


@dataclass(frozen=True, slots=True)
class FunnelNumbers:
    revenue: GoalRefValue
    """The revenue target as its goal writes it, for `revenue_period`."""
    revenue_period: str
    share: GoalRefValue
    deal_size: Fraction
    term_months: Fraction
    stages: tuple[StageNeed, ...]
    """From leads down to won deals."""
    goal_line_stage: str

    @property
    def marketing_revenue_per_month(self) -> Fraction:
        return self.revenue.value / self.months(self.revenue_period) * self.share.value / 100

    def months(self, span: str) -> Fraction:
        return span_months(span, self.term_months)

    def marketing_revenue(self, span: str) -> Fraction:
        return self.marketing_revenue_per_month * self.months(span)

    def customers(self, span: str) -> int:
        return self.stages[-1].needed(self.months(span))

    def stage(self, stage_id: str) -> StageNeed:
        return next(s for s in self.stages if s.stage == stage_id)


def _goal(a: Agreement, ref: str) -> tuple[str, tuple[str | int, ...], Goal]:
    (found,) = resolve_goal(a, ref)  # the cross-section rules guarantee exactly one
    return found


def _target(goal: Goal) -> float:
    """A referenced goal's number: the funnel's rules refuse goals without one (a ratio, a goal in words)."""
    assert goal.target is not None
    return goal.target


def _span(goal: Goal) -> str:
    """A counted goal's period: the funnel's rules refuse weekly and rolling goals."""
    assert goal.period is not None and goal.period != "week"
    return goal.period


def _rate(a: Agreement, rate: float | None, goal: str | None, handoff: str | None) -> GoalRefValue:
    if goal is not None:
        qualified, _, g = _goal(a, goal)
        return GoalRefValue(exact(_target(g)), goal_ref=qualified)
    if handoff is not None:
        target = handoff_by_id(a, handoff).conversion_target  # type: ignore[union-attr]
        return GoalRefValue(exact(target.rate), handoff=handoff)  # type: ignore[union-attr]
    return GoalRefValue(exact(rate))  # type: ignore[arg-type]


def funnel_numbers(a: Agreement) -> FunnelNumbers | None:
    """The funnel of a validated agreement, or None when it has no funnel section."""
    f = a.funnel
    if f is None:
        return None
    term = months_in_term(a.agreement.period.start, a.agreement.period.end)
    revenue_ref, _, revenue_goal = _goal(a, f.revenue_goal)
    revenue = GoalRefValue(exact(_target(revenue_goal)), goal_ref=revenue_ref)
    share = _rate(a, f.marketing_share, f.marketing_share_goal, None)
    deal = exact(f.average_deal_size)
    kinds = {s.id: s.kind for s in a.lead_stages}
    per_month = revenue.value / span_months(_span(revenue_goal), term) * share.value / 100 / deal
    needs: list[StageNeed] = []
    for position in range(len(f.stages) - 1, -1, -1):
        step = f.stages[position]
        rate = None if position == 0 else _rate(a, step.rate, step.rate_goal, step.rate_handoff)
        commitment = None
        if step.volume_goal is not None:
            qualified, path, goal = _goal(a, step.volume_goal)
            commitment = Commitment(
                party=qualified.split(".", 1)[0],
                goal_id=goal.id,
                goal_path=path,
                period=_span(goal),
                committed=exact(_target(goal)),
                needed=whole(per_month * span_months(_span(goal), term)),
            )
        needs.append(StageNeed(step.stage, kinds[step.stage], rate, per_month, commitment))
        if rate is not None:
            per_month = per_month / (rate.value / 100)
    stages = tuple(reversed(needs))
    names = [s.stage for s in stages]
    mql = next((s.stage for s in stages if s.kind == "mql"), names[0])
    return FunnelNumbers(
        revenue=revenue,
        revenue_period=_span(revenue_goal),
        share=share,
        deal_size=deal,
        term_months=term,
        stages=stages,
        goal_line_stage=f.goal_line_stage or mql,
    )
