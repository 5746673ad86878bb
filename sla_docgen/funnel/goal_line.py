"""Chart data: the cumulative goal line (seed 004) and the funnel's bars, as plain numbers.

Goal line: on each working day of a month the target grows by the monthly goal ÷ the
month's working days (Monday to Friday), accumulated over the agreement's term. The
committed line does the same with what a party committed to at that stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sla_docgen.funnel.numbers import FunnelNumbers, StageNeed
from sla_docgen.funnel.periods import span_months, term_months, working_days


@dataclass(frozen=True, slots=True)
class GoalLineData:
    stage: str
    days: tuple[date, ...]
    """Every working day of the term, in order."""
    needed: tuple[float, ...]
    """What the revenue goal needs at the stage, cumulative at the end of each day."""
    committed: tuple[float, ...] | None
    """What a party committed to at the stage, cumulative likewise; None without a commitment."""
    month_starts: tuple[int, ...]
    """Index into `days` of each month's first working day."""


def _cumulative(per_month: Fraction, days_by_month: list[tuple[list[date], list[date]]]) -> tuple[float, ...]:
    total = Fraction(0)
    out: list[float] = []
    for month_days, in_term in days_by_month:
        daily = per_month / len(month_days)
        for _ in in_term:
            total += daily
            out.append(float(total))
    return tuple(out)


def goal_line(
    numbers: FunnelNumbers,
    start: date,
    end: date,
    days_of_month: Callable[[int, int], list[date]] = working_days,
) -> GoalLineData:
    """The goal line of `numbers.goal_line_stage` over the term from `start` to `end`.

    `days_of_month` gives a month's working days (default Monday to Friday; the report passes its business calendar).
    """
    need: StageNeed = numbers.stage(numbers.goal_line_stage)
    days_by_month = []
    for year, month in term_months(start, end):
        month_days = days_of_month(year, month)
        days_by_month.append((month_days, [d for d in month_days if start <= d <= end]))
    days = tuple(d for _, in_term in days_by_month for d in in_term)
    starts, position = [], 0
    for _, in_term in days_by_month:
        if in_term:
            starts.append(position)
        position += len(in_term)
    committed = None
    if need.commitment is not None:
        c = need.commitment
        committed = _cumulative(c.committed / span_months(c.period, numbers.term_months), days_by_month)
    return GoalLineData(need.stage, days, _cumulative(need.per_month, days_by_month), committed, tuple(starts))
