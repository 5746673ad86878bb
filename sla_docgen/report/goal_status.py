"""Each measured goal judged over its own periods: met or missed where a period is over, on track or at risk where not.

The rule, stated in the report: a period that is over is *met* at or beyond its target, keeps
its *minimum* between minimum and target, and is *missed* short of its minimum (of its target
where it has none). The period in progress is *on track* when its projection reaches the
target and *at risk* otherwise. A goal's status is *missed* when its latest finished period was
missed; otherwise that of the period in progress (or, when none is, of the latest finished one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sla_docgen.funnel.periods import SPAN_MONTHS, add_months

PeriodStatus = Literal["met", "minimum", "missed", "on_track", "at_risk"]
GoalStatusWord = Literal["on_track", "at_risk", "missed"]


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    """Last day, included."""


@dataclass(frozen=True, slots=True)
class PeriodResult:
    period: Period
    complete: bool
    actual: float | None
    """A count, or a percentage; None when nothing could be measured (no leads in the cohort)."""
    expected: float | None
    """Counts in progress: where the goal line stands at the as-of date."""
    projected: float | None
    """Counts in progress: the period's end at the pace so far; rates: the rate so far."""
    status: PeriodStatus | None


@dataclass(frozen=True, slots=True)
class GoalResult:
    goal: str
    """Qualified goal id (`PARTY.ID`)."""
    party: str
    measure: Literal["volume", "rate", "response"]
    subject: str
    """The stage counted, the stage pair of a rate (`lead>mql`) or the hand-off."""
    target: float
    minimum: float | None
    direction: str
    unit: str
    period_kind: str
    periods: tuple[PeriodResult, ...]
    status: GoalStatusWord | None


def goal_periods(term_start: dt.date, term_end: dt.date, kind: str, as_of: dt.date) -> list[Period]:
    """The goal's periods from the term's start, clipped to the term, that have begun by `as_of`."""
    if kind == "term":
        return [Period(term_start, term_end)]
    months = SPAN_MONTHS[kind]
    out: list[Period] = []
    start = term_start
    while start <= min(as_of, term_end):
        end = min(add_months(term_start, months * (len(out) + 1)) - dt.timedelta(days=1), term_end)
        out.append(Period(start, end))
        start = end + dt.timedelta(days=1)
    return out


def _reaches(value: float, level: float, direction: str) -> bool:
    return value >= level if direction == "at_least" else value <= level


def judge_finished(actual: float | None, target: float, minimum: float | None, direction: str) -> PeriodStatus | None:
    if actual is None:
        return None
    if _reaches(actual, target, direction):
        return "met"
    if minimum is not None and _reaches(actual, minimum, direction):
        return "minimum"
    return "missed"


def judge_running(projected: float | None, target: float, direction: str) -> PeriodStatus | None:
    if projected is None:
        return None
    return "on_track" if _reaches(projected, target, direction) else "at_risk"


def overall(periods: tuple[PeriodResult, ...]) -> GoalStatusWord | None:
    """The goal's status from its periods (the rule in the module docstring)."""
    finished = [p for p in periods if p.complete and p.status is not None]
    running = [p for p in periods if not p.complete and p.status is not None]
    if finished and finished[-1].status == "missed":
        return "missed"
    if running:
        return "on_track" if running[-1].status == "on_track" else "at_risk"
    if finished:
        return "on_track" if finished[-1].status == "met" else "at_risk"
    return None
