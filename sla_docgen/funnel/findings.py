"""Consistency findings: judgement calls about an agreement that is valid but may not work as written.

Each finding has a stable code (see `FINDING_CODES`); `validate` reports them as warnings,
`validate --strict` as errors, and a questionnaire silences a code it accepts on purpose by
listing it under `accepted_findings`. Broken rules that can never be right stay validation
errors (sla_docgen.model.agreement).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from typing import Any

from sla_docgen.funnel.numbers import FunnelNumbers, exact, funnel_numbers
from sla_docgen.i18n import N_
from sla_docgen.model import Agreement
from sla_docgen.model.funnel import FINDING_CODES
from sla_docgen.model.leads import TierPoints

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ConsistencyFinding:
    """A judgement call at a field path, with its stable code."""

    code: str
    path: FieldPath
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


MSG_VOLUME_SHORT = N_(
    "{party} commits to {committed} {stage} per {period}; the revenue goal needs {needed} (short by {short})"
)
MSG_RATE_MISMATCH = N_(
    "hand-off {ref!r} expects {rate} of {source} to reach {stage}; the funnel counts on {funnel_rate}"
)
MSG_KPI_NO_TARGET = N_("KPI {ref!r} has no target, so nobody can tell whether it is met")
MSG_MQL_ATTRIBUTES_ONLY = N_(
    "attributes alone can reach the MQL threshold {threshold} (best attribute score {best}): a lead can become "
    "an MQL without doing anything"
)
MSG_TIER_ORDER = N_("{upper} ({upper_points}) scores below {lower} ({lower_points})")
MSG_STAGE_NO_CRITERIA = N_("stage {ref!r} has no criteria: nobody can check when a lead reaches it")
MSG_HANDOFF_NO_FOLLOW_UP = N_("hand-off {ref!r} has a response limit but no follow-up rule (attempts, days, channels)")
MSG_HANDOFF_STAGE_OWNER = N_("hand-off {ref!r} passes leads to {party} at stage {stage!r}, which {owner} owns")
MSG_REVIEW_INTERVAL = N_(
    "the next review ({next_review}) is more than a year after the last update ({last_updated}); review at least yearly"
)
MSG_NO_CANCELLATION = N_("no cancellation conditions: say when the agreement ends early")
MSG_NO_MISSED_GOAL_PLAN = N_("no plan for missed goals: say what happens when a goal is missed")
MSG_KPI_NOT_REVIEWED = N_("no meeting reviews KPI {ref!r}; list it under a meeting's reviews")
MSG_KPI_OWNER_ABSENT = N_("meeting {meeting!r} reviews KPI {ref!r}, but its owner {owner} does not take part")

PERIOD_WORDS = {
    "month": N_("month"),
    "quarter": N_("quarter"),
    "half_year": N_("half-year"),
    "year": N_("year"),
    "term": N_("term"),
}

Check = Callable[[Agreement, FunnelNumbers | None], Iterator[ConsistencyFinding]]


def _volume_short(a: Agreement, numbers: FunnelNumbers | None) -> Iterator[ConsistencyFinding]:
    if numbers is None:
        return
    for need in numbers.stages:
        c = need.commitment
        if c is not None and c.difference < 0:
            yield ConsistencyFinding(
                "volume-short",
                (*c.goal_path, "target"),
                MSG_VOLUME_SHORT,
                {
                    "party": c.party,
                    "committed": _number(c.committed),
                    "stage": need.stage,
                    "period": PERIOD_WORDS[c.period],
                    "needed": f"{c.needed:,}",
                    "short": _number(-c.difference),
                },
            )


def _rate_mismatch(a: Agreement, numbers: FunnelNumbers | None) -> Iterator[ConsistencyFinding]:
    """A hand-off's conversion target against the funnel's rate over the same stages (a product over several steps)."""
    if numbers is None:
        return
    position = {need.stage: i for i, need in enumerate(numbers.stages)}
    used = {need.rate.handoff for need in numbers.stages if need.rate is not None}
    for i, h in enumerate(a.handoffs):
        target = h.conversion_target
        start = target.from_stage or h.stage if target is not None else h.stage
        if target is None or h.id in used or start not in position or target.to_stage not in position:
            continue
        top, bottom = position[start], position[target.to_stage]
        if top >= bottom:
            continue
        funnel_rate = Fraction(100)
        for need in numbers.stages[top + 1 : bottom + 1]:
            funnel_rate = funnel_rate * need.rate.value / 100  # type: ignore[union-attr]
        if exact(target.rate) != funnel_rate:
            yield ConsistencyFinding(
                "rate-mismatch",
                ("handoffs", i, "conversion_target", "rate"),
                MSG_RATE_MISMATCH,
                {
                    "ref": h.id,
                    "rate": _number(exact(target.rate)) + "%",
                    "source": start,
                    "stage": target.to_stage,
                    "funnel_rate": _number(funnel_rate) + "%",
                },
            )


def _number(value: Fraction) -> str:
    """A figure for a message: whole numbers with thousands separators, fractions to two places."""
    return f"{value.numerator:,}" if value.denominator == 1 else f"{float(value):,.2f}".rstrip("0").rstrip(".")


def _kpis(a: Agreement, numbers: FunnelNumbers | None) -> Iterator[ConsistencyFinding]:
    for i, kpi in enumerate(a.reporting.kpis):
        if kpi.target is None:
            yield ConsistencyFinding(
                "kpi-no-target", ("reporting", "kpis", i, "id"), MSG_KPI_NO_TARGET, {"ref": kpi.id}
            )
    reviewed = {ref for m in a.communication.meetings for ref in m.reviews}
    for i, kpi in enumerate(a.reporting.kpis):
        if kpi.id not in reviewed:
            yield ConsistencyFinding(
                "kpi-not-reviewed", ("reporting", "kpis", i, "id"), MSG_KPI_NOT_REVIEWED, {"ref": kpi.id}
            )
    owners = {k.id: k.owner for k in a.reporting.kpis}
    for i, meeting in enumerate(a.communication.meetings):
        for j, ref in enumerate(meeting.reviews):
            owner = owners.get(ref)  # a KPI without an owner belongs to every party
            if owner is not None and owner not in meeting.participants:
                yield ConsistencyFinding(
                    "kpi-owner-absent",
                    ("communication", "meetings", i, "reviews", j),
                    MSG_KPI_OWNER_ABSENT,
                    {"meeting": meeting.id, "ref": ref, "owner": owner},
                )


def _scoring(a: Agreement, numbers: FunnelNumbers | None) -> Iterator[ConsistencyFinding]:
    s = a.lead_scoring
    scales = [(axis, s.points_for(axis.id)) for axis in a.icp.axes if axis.high or axis.mid or axis.low or axis.bands]
    best = sum(max(points.high, points.mid, points.low, 0) for _, points in scales if points is not None)
    if best >= s.mql_threshold:
        yield ConsistencyFinding(
            "mql-attributes-only",
            ("lead_scoring", "mql_threshold"),
            MSG_MQL_ATTRIBUTES_ONLY,
            {"threshold": s.mql_threshold, "best": best},
        )
    tables: list[tuple[tuple[str, ...], TierPoints]] = [(("tier_points",), s.tier_points)] if s.tier_points else []
    tables += [(("axis_points", axis_id), points) for axis_id, points in s.axis_points.items()]
    for path, tiers in tables:
        for upper, lower in (("high", "mid"), ("mid", "low")):
            if getattr(tiers, upper) < getattr(tiers, lower):
                yield ConsistencyFinding(
                    "tier-order",
                    ("lead_scoring", *path, upper),
                    MSG_TIER_ORDER,
                    {
                        "upper": upper.upper(),
                        "upper_points": getattr(tiers, upper),
                        "lower": lower.upper(),
                        "lower_points": getattr(tiers, lower),
                    },
                )


def _stages_and_handoffs(a: Agreement, numbers: FunnelNumbers | None) -> Iterator[ConsistencyFinding]:
    for i, stage in enumerate(a.lead_stages):
        if not stage.criteria and stage.qualification is None:
            yield ConsistencyFinding(
                "stage-no-criteria", ("lead_stages", i, "id"), MSG_STAGE_NO_CRITERIA, {"ref": stage.id}
            )
    owners = {s.id: s.owner for s in a.lead_stages}
    for i, h in enumerate(a.handoffs):
        if h.follow_up is None:
            yield ConsistencyFinding(
                "handoff-no-follow-up", ("handoffs", i, "response_time"), MSG_HANDOFF_NO_FOLLOW_UP, {"ref": h.id}
            )
        owner = owners.get(h.stage)
        if owner is not None and owner != h.to:
            yield ConsistencyFinding(
                "handoff-stage-owner",
                ("handoffs", i, "stage"),
                MSG_HANDOFF_STAGE_OWNER,
                {"ref": h.id, "party": h.to, "stage": h.stage, "owner": owner},
            )


def _governance(a: Agreement, numbers: FunnelNumbers | None) -> Iterator[ConsistencyFinding]:
    meta, review = a.agreement, a.review
    if review.next_review - meta.last_updated > timedelta(days=366):
        yield ConsistencyFinding(
            "review-interval",
            ("review", "next_review"),
            MSG_REVIEW_INTERVAL,
            {"next_review": review.next_review.isoformat(), "last_updated": meta.last_updated.isoformat()},
        )
    if not a.cancellation:
        yield ConsistencyFinding("no-cancellation", ("cancellation",), MSG_NO_CANCELLATION)
    if not a.missed_goals:
        yield ConsistencyFinding("no-missed-goal-plan", ("missed_goals",), MSG_NO_MISSED_GOAL_PLAN)


CHECKS: tuple[Check, ...] = (_volume_short, _rate_mismatch, _kpis, _scoring, _stages_and_handoffs, _governance)


def consistency_findings(a: Agreement, *, include_accepted: bool = False) -> list[ConsistencyFinding]:
    """Every finding about a validated agreement, less the codes it accepts (unless `include_accepted`)."""
    numbers = funnel_numbers(a)
    accepted = set() if include_accepted else {f.code for f in a.accepted_findings}
    found = [finding for check in CHECKS for finding in check(a, numbers)]
    assert all(f.code in FINDING_CODES for f in found)
    return [f for f in found if f.code not in accepted]
