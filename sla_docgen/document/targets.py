"""Wording shared by goals and KPI targets: values over a period or a window, ratios, due dates, funnel steps."""

from __future__ import annotations

from sla_docgen.document.blocks import Text
from sla_docgen.document.context import Context
from sla_docgen.i18n import N_
from sla_docgen.i18n.formatting import PER_PERIOD
from sla_docgen.model.goals import Goal, Measure
from sla_docgen.model.types import Span

WITHIN_PERIOD = {
    "week": N_("Within the week"),
    "month": N_("Within the month"),
    "quarter": N_("Within the quarter"),
    "half_year": N_("Within the half-year"),
    "year": N_("Within the year"),
    "term": N_("Within the term"),
}


ROLLING = N_("{value} over a rolling {span}")
RATIO_OVER = {
    "week": N_("{ratio} (each week)"),
    "month": N_("{ratio} (each month)"),
    "quarter": N_("{ratio} (each quarter)"),
    "half_year": N_("{ratio} (each half-year)"),
    "year": N_("{ratio} (over the year)"),
    "term": N_("{ratio} (over the term)"),
}
RATIO_ROLLING = N_("{ratio} (over a rolling {span})")


def _over(c: Context, value: Text, period: str | None, rolling: Span | None) -> Text:
    """A value counted over a calendar period or a rolling window."""
    if rolling is not None:
        span = c.w.value(lambda f: f.duration(rolling.value, rolling.unit))
        return c.w.label(ROLLING, value=value, span=span)
    return c.w.label(PER_PERIOD[period], value=value) if period is not None else value


def goal_target(c: Context, g: Goal) -> Text | None:
    """The target as counted: "¥600,000,000 per year", "New 60 : Existing 40 per year"; None for a goal in words."""
    w = c.w
    if g.target is not None and g.unit is not None:
        target, unit = g.target, g.unit
        return _over(c, w.value(lambda f: f.measure(target, unit, g.direction)), g.period, g.rolling)
    if g.ratio:
        parts = [
            w.label(N_("{label} {value}"), label=w.local(p.label), value=w.value(lambda f, v=p.value: f.number(v)))  # type: ignore[misc]
            for p in g.ratio
        ]
        ratio = w.join(parts, sep=" : ")
        if g.rolling is not None:
            rolling = g.rolling
            span = w.value(lambda f: f.duration(rolling.value, rolling.unit))
            return w.label(RATIO_ROLLING, ratio=ratio, span=span)
        return w.label(RATIO_OVER[g.period], ratio=ratio) if g.period is not None else ratio
    return None


def goal_when(c: Context, g: Goal) -> Text | None:
    """When a goal is due: its date, or for a goal in words without one, the period it is to be reached in."""
    w = c.w
    if g.due is not None:
        due = g.due
        return w.label(N_("Due: {date}"), date=w.value(lambda f: f.date(due)))
    if g.target is None and not g.ratio and g.period is not None:
        return w.label(WITHIN_PERIOD[g.period])
    return None


def measure_target(c: Context, m: Measure) -> Text:
    return _over(c, c.w.value(lambda f: f.measure(m.value, m.unit, m.direction)), m.period, m.rolling)


def level(c: Context, value: float | None, unit: str | None) -> Text | None:
    """A minimum or best-effort level in the target's unit."""
    if value is None or unit is None:
        return None
    return c.w.value(lambda f: f.measure(value, unit))


def funnel_step(c: Context, stage: str | None, to_stage: str | None) -> Text | None:
    """The stage a goal or KPI counts, or the step between two stages it rates."""
    w = c.w
    if stage is not None and to_stage is not None:
        return w.label(N_("Funnel step: {start} → {end}"), start=c.stage_names[stage], end=c.stage_names[to_stage])
    if stage is not None:
        return w.label(N_("Funnel stage: {stage}"), stage=c.stage_names[stage])
    return None
