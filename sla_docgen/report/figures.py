"""The attainment figures: volume per stage against the goals, the goal line, conversions, closed-loop feedback.

Everything counts leads up to the end of the as-of date, from the start of the agreement's
period; per month and for the period so far. Leads left out for bad data (see `leads`) do not
count in the figures their bad data affects.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sla_docgen.funnel.goal_line import GoalLineData, goal_line
from sla_docgen.funnel.numbers import FunnelNumbers, funnel_numbers
from sla_docgen.funnel.periods import months_in_term, span_months, term_months
from sla_docgen.model.funnel import FUNNEL_SPANS
from sla_docgen.model.refs import resolve_goal
from sla_docgen.report.business_time import WorkCalendar, span_for
from sla_docgen.report.goal_status import (
    GoalResult,
    Period,
    PeriodResult,
    goal_periods,
    judge_finished,
    judge_running,
    overall,
)
from sla_docgen.report.handoff_figures import HandoffFigures, handoff_figures
from sla_docgen.report.leads import OK, Leads, at

if TYPE_CHECKING:
    import polars as pl

    from sla_docgen.model import Agreement
    from sla_docgen.model.goals import Goal


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.date
    as_of: dt.date
    term_end: dt.date
    months: tuple[tuple[dt.date, dt.date], ...]
    """First and last day of each month in the window (the last one ends at the as-of date)."""

    @property
    def end(self) -> dt.datetime:
        """The first moment after the as-of date."""
        return dt.datetime.combine(self.as_of + dt.timedelta(days=1), dt.time())


@dataclass(frozen=True, slots=True)
class StageVolume:
    stage: str
    by_month: tuple[int, ...]
    total: int
    measured: bool
    """False when the mapping or the export has no date column for the stage."""


@dataclass(frozen=True, slots=True)
class GoalLineFigures:
    line: GoalLineData
    """The funnel's need (and the committed goal) per working day over the term."""
    actual: tuple[float, ...]
    """Cumulative actuals per working day up to the as-of date."""
    projected_end: float
    """The term's end at the pace so far (per working day)."""


@dataclass(frozen=True, slots=True)
class Conversion:
    source: str
    target: str
    handoff: str | None
    cohort: int
    converted: int
    planned: float | None
    """The funnel's rate (or the hand-off's conversion target), in percent."""

    @property
    def rate(self) -> float | None:
        return self.converted / self.cohort * 100 if self.cohort else None


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    handoff: str | None
    """The last hand-off the lead went through; None when it was never handed over."""
    outcome: str
    """`recycled` (sent back to an earlier stage) or `rejected` (disqualified)."""
    reason: str | None
    count: int


@dataclass(frozen=True, slots=True)
class ReportFigures:
    window: Window
    calendar: WorkCalendar
    numbers: FunnelNumbers | None
    volumes: tuple[StageVolume, ...]
    goal_line: GoalLineFigures | None
    plan_to_date: dict[str, float]
    """The funnel's need from the term's start to the as-of date, per stage."""
    handoffs: tuple[HandoffFigures, ...]
    conversions: tuple[Conversion, ...]
    feedback: tuple[FeedbackRow, ...]
    goals: tuple[GoalResult, ...]
    unmeasured_goals: tuple[str, ...]
    rows: int
    counted: int
    """Rows that count in the funnel figures."""
    issues: pl.DataFrame


def default_as_of(leads: Leads, agreement: Agreement) -> dt.date:
    """The latest stage date in the export, within the agreement's period (its start when there is none)."""
    import polars as pl

    period = agreement.agreement.period
    columns = [at(s) for s in leads.mapping.stage_dates if at(s) in leads.frame.columns]
    latest = leads.frame.filter(pl.col(OK)).select(pl.max_horizontal(columns).max()).item() if columns else None
    day = latest.date() if isinstance(latest, dt.datetime) else period.start
    return min(max(day, period.start), period.end)


def compute(leads: Leads, agreement: Agreement, as_of: dt.date) -> ReportFigures:
    import polars as pl

    period = agreement.agreement.period
    as_of = min(max(as_of, period.start), period.end)
    months = []
    for year, month in term_months(period.start, as_of):
        first = max(dt.date(year, month, 1), period.start)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        months.append((first, min(following - dt.timedelta(days=1), as_of)))
    window = Window(period.start, as_of, period.end, tuple(months))
    calendar = span_for(agreement.business_calendar, period.start, period.end)
    frame = leads.frame.filter(pl.col(OK))
    numbers = funnel_numbers(agreement)
    volumes = tuple(_volume(frame, s.id, window) for s in agreement.lead_stages if s.kind != "unqualified")
    order = list(leads.funnel_order)
    handoffs = []
    for h in agreement.handoffs:
        next_stage = h.conversion_target.to_stage if h.conversion_target else None
        if next_stage is None and h.stage in order:
            next_stage = next(iter(order[order.index(h.stage) + 1 :]), None)
        periods = _response_periods(agreement, h.response_goal, window)
        handoffs.append(handoff_figures(leads, h, calendar, months, periods, window.end, next_stage))
    elapsed = months_in_term(period.start, as_of)
    plan = {need.stage: float(need.per_month * elapsed) for need in numbers.stages} if numbers else {}
    goals, unmeasured = _goals(agreement, frame, numbers, window, calendar, tuple(handoffs))
    return ReportFigures(
        window=window,
        calendar=calendar,
        numbers=numbers,
        volumes=volumes,
        goal_line=_goal_line(frame, numbers, window, calendar) if numbers else None,
        plan_to_date=plan,
        handoffs=tuple(handoffs),
        conversions=_conversions(agreement, frame, numbers, order, window),
        feedback=_feedback(agreement, leads, window),
        goals=goals,
        unmeasured_goals=unmeasured,
        rows=leads.frame.height,
        counted=frame.height,
        issues=leads.issues,
    )


def _in_window(stage: str, lo: dt.date, hi: dt.date) -> pl.Expr:
    import polars as pl

    moment = pl.col(at(stage))
    return (moment >= dt.datetime.combine(lo, dt.time())) & (
        moment < dt.datetime.combine(hi + dt.timedelta(days=1), dt.time())
    )


def _count(frame: pl.DataFrame, stage: str, lo: dt.date, hi: dt.date) -> int:
    return frame.filter(_in_window(stage, lo, hi)).height


def _volume(frame: pl.DataFrame, stage: str, window: Window) -> StageVolume:
    if at(stage) not in frame.columns:
        return StageVolume(stage, tuple(0 for _ in window.months), 0, False)
    by_month = tuple(_count(frame, stage, lo, hi) for lo, hi in window.months)
    return StageVolume(stage, by_month, sum(by_month), True)


def _goal_line(
    frame: pl.DataFrame, numbers: FunnelNumbers, window: Window, calendar: WorkCalendar
) -> GoalLineFigures | None:
    stage = numbers.goal_line_stage
    if at(stage) not in frame.columns:
        return None
    line = goal_line(
        numbers,
        window.start,
        window.term_end,
        lambda y, m: calendar.working_days(dt.date(y, m, 1), dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(1)),
    )
    moments = frame.filter(_in_window(stage, window.start, window.as_of))[at(stage)].dt.date().to_numpy()
    days = np.array(line.days, dtype="datetime64[D]")
    elapsed = days[days <= np.datetime64(window.as_of)]
    actual = np.searchsorted(np.sort(moments.astype("datetime64[D]")), elapsed, side="right").astype(float)
    total = float(actual[-1]) if len(actual) else 0.0
    projected = total / len(elapsed) * len(days) if len(elapsed) else 0.0
    return GoalLineFigures(line, tuple(actual), projected)


def _conversions(
    agreement: Agreement, frame: pl.DataFrame, numbers: FunnelNumbers | None, order: list[str], window: Window
) -> tuple[Conversion, ...]:
    """Of the leads that reached a stage in the window, the share that reached the next one by the as-of date."""
    import polars as pl

    steps: list[tuple[str, str, str | None, float | None]] = []
    if numbers is not None:
        stages = [n.stage for n in numbers.stages]
        steps += [
            (a, b.stage, None, float(b.rate.value) if b.rate else None)
            for a, b in zip(stages, numbers.stages[1:], strict=False)
        ]
    else:
        steps += [(a, b, None, None) for a, b in itertools.pairwise(order)]
    for h in agreement.handoffs:
        if h.conversion_target is not None:
            steps.append((h.stage, h.conversion_target.to_stage, h.id, float(h.conversion_target.rate)))
    out = []
    for source, target, handoff, planned in steps:
        if at(source) not in frame.columns or at(target) not in frame.columns:
            continue
        cohort = frame.filter(_in_window(source, window.start, window.as_of))
        if handoff is not None:
            cohort = cohort.filter(pl.col(f"@route:{handoff}"))
        converted = cohort.filter(pl.col(at(target)) < window.end).height
        out.append(Conversion(source, target, handoff, cohort.height, converted, planned))
    return tuple(out)


def _feedback(agreement: Agreement, leads: Leads, window: Window) -> tuple[FeedbackRow, ...]:
    """Leads sent back or disqualified, by the hand-off they last went through and the reason recorded."""
    import polars as pl

    order = list(leads.funnel_order)
    frame = leads.frame.filter(pl.col(OK) & pl.col("@status-ok") & pl.col("@status").is_not_null())
    reached = [pl.when(pl.col(at(s)) < window.end).then(pl.lit(i)) for i, s in enumerate(order)]
    highest = pl.max_horizontal(reached) if reached else pl.lit(None)
    position = pl.col("@status").replace_strict(
        {s: i for i, s in enumerate(order)}, default=None, return_dtype=pl.Int64
    )
    kinds = {s.id: s.kind for s in agreement.lead_stages}
    rejected = pl.col("@status").is_in([sid for sid, kind in kinds.items() if kind == "unqualified"])
    last_handoff = pl.lit(None, dtype=pl.String)
    last_moment = pl.lit(None, dtype=pl.Datetime("ms"))
    for h in sorted(agreement.handoffs, key=lambda h: order.index(h.stage) if h.stage in order else -1):
        if at(h.stage) not in frame.columns:
            continue
        taken = pl.col(f"@route:{h.id}") & (pl.col(at(h.stage)) < window.end)
        last_handoff = pl.when(taken).then(pl.lit(h.id)).otherwise(last_handoff)
        last_moment = pl.when(taken).then(pl.col(at(h.stage))).otherwise(last_moment)
    first = order[0] if order else None
    since = pl.coalesce(last_moment, pl.col(at(first))) if first else last_moment
    outcome = pl.when(rejected).then(pl.lit("rejected")).when(position < highest).then(pl.lit("recycled"))
    table = (
        frame.with_columns(outcome=outcome, handoff=last_handoff, since=since)
        .filter(pl.col("outcome").is_not_null())
        .filter((pl.col("since") >= dt.datetime.combine(window.start, dt.time())) & (pl.col("since") < window.end))
        .group_by("handoff", "outcome", "@reason")
        .len()
        .sort(["handoff", "outcome", "len", "@reason"], descending=[False, False, True, False], nulls_last=True)
    )
    return tuple(FeedbackRow(h, o, r, n) for h, o, r, n in table.iter_rows())


def _response_periods(agreement: Agreement, ref: str | None, window: Window) -> list[tuple[dt.date, dt.date]]:
    if ref is None:
        return []
    (_, _, goal), *_ = resolve_goal(agreement, ref)
    judged = _judged(goal)
    if judged is None:
        return []
    return [(p.start, p.end) for p in goal_periods(window.start, window.term_end, judged[1], window.as_of)]


def _goals(
    agreement: Agreement,
    frame: pl.DataFrame,
    numbers: FunnelNumbers | None,
    window: Window,
    calendar: WorkCalendar,
    handoffs: tuple[HandoffFigures, ...],
) -> tuple[tuple[GoalResult, ...], tuple[str, ...]]:
    """Every goal the export can measure, judged period by period; the qualified ids of those it cannot."""
    import polars as pl

    results: list[GoalResult] = []
    if agreement.funnel is not None:
        stages = [s.stage for s in agreement.funnel.stages]
        for index, step in enumerate(agreement.funnel.stages):
            if step.volume_goal and at(step.stage) in frame.columns:
                results.append(_volume_goal(agreement, step.volume_goal, step.stage, frame, window, calendar))
            if step.rate_goal and index and at(step.stage) in frame.columns and at(stages[index - 1]) in frame.columns:
                source = stages[index - 1]
                qualified, _, goal = resolve_goal(agreement, step.rate_goal)[0]
                judged = _judged(goal)
                if judged is None:
                    continue
                target, kind = judged
                periods = []
                for p in goal_periods(window.start, window.term_end, kind, window.as_of):
                    cohort = frame.filter(_in_window(source, p.start, min(p.end, window.as_of)))
                    converted = cohort.filter(pl.col(at(step.stage)) < window.end).height
                    rate = converted / cohort.height * 100 if cohort.height else None
                    periods.append(_rate_period(p, rate, target, goal.minimum, goal.direction, window))
                results.append(_result(qualified, "rate", f"{source}>{step.stage}", goal, tuple(periods)))
    for h, figures in zip(agreement.handoffs, handoffs, strict=True):
        if h.response_goal is None or figures.contact_column is None:
            continue
        qualified, _, goal = resolve_goal(agreement, h.response_goal)[0]
        judged = _judged(goal)
        if judged is None:
            continue
        target, kind = judged
        periods = []
        for p in goal_periods(window.start, window.term_end, kind, window.as_of):
            counts = figures.by_period.get((p.start, p.end))
            share = counts.share if counts else None
            periods.append(_rate_period(p, share, target, goal.minimum, goal.direction, window))
        results.append(_result(qualified, "response", h.id, goal, tuple(periods)))
    measured = {r.goal for r in results}
    from sla_docgen.model.refs import all_goals

    unmeasured = tuple(q for q, _, _ in all_goals(agreement) if q not in measured)
    return tuple(results), unmeasured


def _judged(goal: Goal) -> tuple[float, str] | None:
    """Target and period of a goal the report can judge period by period, else None (it is listed as unmeasured).

    A goal in words or a ratio has no target; a weekly or rolling goal does not split the term into the
    calendar periods the report counts in.
    """
    if goal.target is None or goal.period not in FUNNEL_SPANS or goal.period is None:
        return None
    return float(goal.target), goal.period


def _rate_period(
    p: Period, value: float | None, target: float, minimum: float | None, direction: str, window: Window
) -> PeriodResult:
    """A rate (or a share) for one period: its value so far is its projection while the period runs."""
    complete = p.end <= window.as_of
    status = judge_finished(value, target, minimum, direction) if complete else judge_running(value, target, direction)
    return PeriodResult(p, complete, value, None, None if complete else value, status)


def _result(qualified: str, measure: str, subject: str, goal: object, periods: tuple[PeriodResult, ...]) -> GoalResult:
    from sla_docgen.model.goals import Goal

    assert isinstance(goal, Goal)
    judged = _judged(goal)
    assert judged is not None and goal.unit is not None  # only judged goals get a result
    return GoalResult(
        goal=qualified,
        party=qualified.split(".", 1)[0],
        measure=measure,  # type: ignore[arg-type]
        subject=subject,
        target=judged[0],
        minimum=None if goal.minimum is None else float(goal.minimum),
        direction=goal.direction,
        unit=goal.unit,
        period_kind=judged[1],
        periods=periods,
        status=overall(periods),
    )


def _volume_goal(
    agreement: Agreement, ref: str, stage: str, frame: pl.DataFrame, window: Window, calendar: WorkCalendar
) -> GoalResult:
    """A count goal: each period's actual against the goal line (monthly goal ÷ the month's working days, per day)."""
    qualified, _, goal = resolve_goal(agreement, ref)[0]
    judged = _judged(goal)
    assert judged is not None  # the funnel's rules accept only volume goals counted over a calendar period
    target, kind = judged
    term = months_in_term(window.start, window.term_end)
    monthly = target / float(span_months(kind, term))
    periods = []
    for p in goal_periods(window.start, window.term_end, kind, window.as_of):
        complete = p.end <= window.as_of
        last = min(p.end, window.as_of)
        actual = float(_count(frame, stage, p.start, last))
        if complete:
            status = judge_finished(actual, target, goal.minimum, goal.direction)
            periods.append(PeriodResult(p, True, actual, None, None, status))
            continue
        expected = full = 0.0
        for year, month in term_months(p.start, p.end):
            first, end_of_month = dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)
            days = calendar.working_days(first, end_of_month - dt.timedelta(days=1))
            in_period = [d for d in days if p.start <= d <= p.end]
            share = monthly / len(days) if days else 0.0
            full += share * len(in_period)
            expected += share * sum(1 for d in in_period if d <= last)
        projected = actual / expected * full if expected else None
        status = judge_running(projected, target, goal.direction)
        periods.append(PeriodResult(p, False, actual, expected, projected, status))
    return _result(qualified, "volume", stage, goal, tuple(periods))
