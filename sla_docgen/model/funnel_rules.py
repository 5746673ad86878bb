"""The cross-section rules of the funnel inputs and accepted findings: every reference resolves to the right thing."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sla_docgen.i18n import N_
from sla_docgen.model.funnel import FINDING_CODES, FUNNEL_SPANS, Funnel
from sla_docgen.model.refs import (
    MSG_AMBIGUOUS_GOAL,
    MSG_UNKNOWN_GOAL,
    MSG_UNKNOWN_HANDOFF,
    MSG_UNKNOWN_STAGE,
    all_goals,
    resolve_goal,
)
from sla_docgen.model.sections import Handoff

if TYPE_CHECKING:
    from sla_docgen.model.agreement import Agreement, Finding, Path

MSG_GOAL_UNIT = N_("goal {ref!r} counts {unit}; this needs a goal in {expected_unit}")
MSG_GOAL_NO_TARGET = N_("goal {ref!r} has no target number; this needs a goal in {expected_unit}")
MSG_GOAL_SPAN = N_(
    "goal {ref!r} is not counted per month, quarter, half-year, year or term, so the funnel cannot use it"
)
MSG_HANDOFF_NO_TARGET = N_("hand-off {ref!r} has no conversion target to take the rate from")
MSG_HANDOFF_STEP = N_("hand-off {ref!r} converts {source} to {target}, not {expected_source} to {expected_target}")
MSG_ONE_RATE = N_("give exactly one of rate, rate_goal and rate_handoff")
MSG_FIRST_RATE = N_("the first stage of the funnel takes no rate: the rates lead from one stage to the next")
MSG_ZERO_RATE = N_("a conversion rate of 0 leaves nobody to convert; give a rate above 0 percent")
MSG_ONE_SHARE = N_("give exactly one of marketing_share and marketing_share_goal")
MSG_FUNNEL_TOP = N_("the funnel starts at a lead stage, not at {kind}")
MSG_FUNNEL_BOTTOM = N_("the funnel ends at a won stage (kind: won), not at {kind}")
MSG_FUNNEL_ORDER = N_("stage {ref!r} comes before {previous!r} in lead_stages; list the funnel in the same order")
MSG_GOAL_LINE_STAGE = N_("stage {ref!r} is not in the funnel; funnel stages are: {known}")
MSG_UNKNOWN_CODE = N_("unknown finding code {ref!r}; did you mean {hint!r}?")
MSG_UNKNOWN_CODE_LIST = N_("unknown finding code {ref!r}; codes are: {known}")
MSG_UNKNOWN_KPI = N_("unknown KPI {ref!r}; KPIs are: {known}")

UNIT_WORDS = {
    "count": N_("a count"),
    "percent": N_("percent"),
    "currency": N_("money"),
    "currency_per_day": N_("money per day"),
    "hours": N_("hours"),
    "days": N_("days"),
    "points": N_("points"),
}


def handoff_by_id(a: Agreement, ref: str) -> Handoff | None:
    return next((h for h in a.handoffs if h.id == ref), None)


def check_funnel(a: Agreement) -> Iterator[Finding]:
    """Broken references and shapes of the funnel section, of meeting KPI lists and of accepted findings."""
    from sla_docgen.model.agreement import Finding

    for i, meeting in enumerate(a.communication.meetings):
        kpis = [k.id for k in a.reporting.kpis]
        for j, ref in enumerate(meeting.reviews):
            if ref not in kpis:
                yield Finding(
                    ("communication", "meetings", i, "reviews", j),
                    MSG_UNKNOWN_KPI,
                    {"ref": ref, "known": ", ".join(kpis)},
                )
    for i, accepted in enumerate(a.accepted_findings):
        if accepted.code not in FINDING_CODES:
            hint = difflib.get_close_matches(accepted.code, FINDING_CODES, n=1, cutoff=0.6)
            path: Path = ("accepted_findings", i, "code")
            if hint:
                yield Finding(path, MSG_UNKNOWN_CODE, {"ref": accepted.code, "hint": hint[0]})
            else:
                yield Finding(path, MSG_UNKNOWN_CODE_LIST, {"ref": accepted.code, "known": ", ".join(FINDING_CODES)})
    for i, handoff in enumerate(a.handoffs):
        if handoff.response_goal is not None:
            yield from _goal(a, ("handoffs", i, "response_goal"), handoff.response_goal, "percent")
    if a.funnel is not None:
        yield from _check_inputs(a, a.funnel)
        yield from _check_stages(a, a.funnel)


def _goal(a: Agreement, path: Path, ref: str, unit: str, counted: bool = False) -> Iterator[Finding]:
    """A goal the funnel takes a number from; `counted`: the number is over a calendar span the funnel knows."""
    from sla_docgen.model.agreement import Finding

    found = resolve_goal(a, ref)
    if not found:
        known = ", ".join(qualified for qualified, _, _ in all_goals(a))
        yield Finding(path, MSG_UNKNOWN_GOAL, {"ref": ref, "known": known})
    elif len(found) > 1:
        yield Finding(path, MSG_AMBIGUOUS_GOAL, {"ref": ref, "choices": ", ".join(q for q, _, _ in found)})
    elif found[0][2].target is None or found[0][2].unit is None:
        yield Finding(path, MSG_GOAL_NO_TARGET, {"ref": ref, "expected_unit": UNIT_WORDS[unit]})
    elif counted and found[0][2].period not in FUNNEL_SPANS:
        yield Finding(path, MSG_GOAL_SPAN, {"ref": ref})
    elif found[0][2].unit != unit:
        yield Finding(
            path, MSG_GOAL_UNIT, {"ref": ref, "unit": UNIT_WORDS[found[0][2].unit], "expected_unit": UNIT_WORDS[unit]}
        )
    elif unit == "percent" and found[0][2].target <= 0 and path[-1] == "rate_goal":
        yield Finding(path, MSG_ZERO_RATE)


def _check_inputs(a: Agreement, f: Funnel) -> Iterator[Finding]:
    from sla_docgen.model.agreement import Finding

    yield from _goal(a, ("funnel", "revenue_goal"), f.revenue_goal, "currency", counted=True)
    if (f.marketing_share is None) == (f.marketing_share_goal is None):
        yield Finding(("funnel", "marketing_share"), MSG_ONE_SHARE)
    elif f.marketing_share_goal is not None:
        yield from _goal(a, ("funnel", "marketing_share_goal"), f.marketing_share_goal, "percent")


def _check_stages(a: Agreement, f: Funnel) -> Iterator[Finding]:
    from sla_docgen.model.agreement import Finding

    order = {s.id: i for i, s in enumerate(a.lead_stages)}
    kinds = {s.id: s.kind for s in a.lead_stages}
    previous: str | None = None
    for i, step in enumerate(f.stages):
        path: Path = ("funnel", "stages", i)
        if step.stage not in order:
            yield Finding((*path, "stage"), MSG_UNKNOWN_STAGE, {"ref": step.stage, "known": ", ".join(order)})
        elif i == 0 and kinds[step.stage] != "lead":
            yield Finding((*path, "stage"), MSG_FUNNEL_TOP, {"kind": kinds[step.stage].upper()})
        elif i == len(f.stages) - 1 and kinds[step.stage] != "won":
            yield Finding((*path, "stage"), MSG_FUNNEL_BOTTOM, {"kind": kinds[step.stage].upper()})
        elif previous in order and order[step.stage] <= order[previous]:
            yield Finding((*path, "stage"), MSG_FUNNEL_ORDER, {"ref": step.stage, "previous": previous})
        rates = [r for r in (step.rate, step.rate_goal, step.rate_handoff) if r is not None]
        if i == 0 and rates:
            yield Finding((*path, "rate"), MSG_FIRST_RATE)
        elif i > 0 and len(rates) != 1:
            yield Finding((*path, "stage"), MSG_ONE_RATE)
        elif i > 0 and step.rate is not None and step.rate <= 0:
            yield Finding((*path, "rate"), MSG_ZERO_RATE)
        elif i > 0 and step.rate_goal is not None:
            yield from _goal(a, (*path, "rate_goal"), step.rate_goal, "percent")
        elif i > 0 and step.rate_handoff is not None and previous is not None:
            yield from _handoff(a, (*path, "rate_handoff"), step.rate_handoff, previous, step.stage)
        if step.volume_goal is not None:
            yield from _goal(a, (*path, "volume_goal"), step.volume_goal, "count", counted=True)
        previous = step.stage
    names = [s.stage for s in f.stages]
    if f.goal_line_stage is not None and f.goal_line_stage not in names:
        yield Finding(
            ("funnel", "goal_line_stage"), MSG_GOAL_LINE_STAGE, {"ref": f.goal_line_stage, "known": ", ".join(names)}
        )


def _handoff(a: Agreement, path: Path, ref: str, source: str, target: str) -> Iterator[Finding]:
    from sla_docgen.model.agreement import Finding

    handoff = handoff_by_id(a, ref)
    if handoff is None:
        yield Finding(path, MSG_UNKNOWN_HANDOFF, {"ref": ref, "known": ", ".join(h.id for h in a.handoffs)})
    elif handoff.conversion_target is None:
        yield Finding(path, MSG_HANDOFF_NO_TARGET, {"ref": ref})
    elif (_start(handoff), handoff.conversion_target.to_stage) != (source, target):
        yield Finding(
            path,
            MSG_HANDOFF_STEP,
            {
                "ref": ref,
                "source": _start(handoff),
                "target": handoff.conversion_target.to_stage,
                "expected_source": source,
                "expected_target": target,
            },
        )
    elif handoff.conversion_target.rate <= 0:
        yield Finding(path, MSG_ZERO_RATE)


def _start(handoff: Handoff) -> str:
    """The stage a hand-off's conversion target counts from: its own `from_stage`, else the hand-off's stage."""
    target = handoff.conversion_target
    return target.from_stage if target is not None and target.from_stage else handoff.stage
