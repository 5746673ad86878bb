"""Per hand-off: how fast the receiving team made first contact (in business time) and how often it followed up."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sla_docgen.report.business_time import WorkCalendar
from sla_docgen.report.leads import OK, Leads, at, contact_ok, moment, number, number_ok, route

if TYPE_CHECKING:
    import polars as pl

    from sla_docgen.model.sections import Handoff

BUCKETS = (0.25, 0.5, 1.0, 1.5, 2.0, 4.0)
"""Upper bounds of the response-time distribution, in multiples of the response limit (a last bucket above)."""
BREACHES_SHOWN = 20
BUSINESS_UNITS = ("business_hours", "business_days")


@dataclass(frozen=True, slots=True)
class Breach:
    lead_id: str
    line: int
    handed_at: dt.datetime
    first_contact: dt.datetime | None
    minutes: float
    """Response time in the limit's kind of minutes (business or calendar); time waited so far when not contacted."""
    team: str | None


@dataclass(frozen=True, slots=True)
class ResponseCounts:
    handed: int
    within: int
    late: int
    overdue: int
    """Not contacted, and the limit has passed by the as-of date."""
    pending: int
    """Not contacted yet, still within the limit."""

    @property
    def judged(self) -> int:
        return self.within + self.late + self.overdue

    @property
    def share(self) -> float | None:
        """Percentage first contacted within the limit, of the leads that could be judged."""
        return self.within / self.judged * 100 if self.judged else None


@dataclass(frozen=True, slots=True)
class FollowUpFigures:
    attempts: int
    within: tuple[int, str]
    """The follow-up window as written: a number and a duration unit (days, business_days, hours ...)."""
    eligible: int
    """Leads whose follow-up window closed by the as-of date without reaching the next stage."""
    kept: int
    average: float | None
    left_out: int
    """Leads with an unreadable attempts value."""


@dataclass(frozen=True, slots=True)
class HandoffFigures:
    handoff: str
    stage: str
    limit_minutes: float
    business: bool
    contact_column: str | None
    """None when the mapping or the export has no first-contact column for this hand-off."""
    by_month: tuple[ResponseCounts, ...]
    total: ResponseCounts
    by_period: dict[tuple[dt.date, dt.date], ResponseCounts]
    median_minutes: float | None
    p90_minutes: float | None
    distribution: tuple[int, ...]
    """Leads per bucket (BUCKETS, then above the last), then not contacted past the limit."""
    breaches: tuple[Breach, ...]
    breach_count: int
    follow_up: FollowUpFigures | None
    left_out: int
    """Leads of this hand-off left out of the response figures for bad data."""


def limit_minutes(h: Handoff, calendar: WorkCalendar) -> tuple[float, bool]:
    """The response limit in minutes, and whether they are business minutes."""
    return _minutes(h.response_time.value, h.response_time.unit, calendar)


def _minutes(value: int, unit: str, calendar: WorkCalendar) -> tuple[float, bool]:
    per = {"minutes": 1, "hours": 60, "days": 1440, "business_hours": 60, "business_days": calendar.day_minutes}
    return float(value * per[unit]), unit in BUSINESS_UNITS


def follow_up_window(h: Handoff) -> tuple[int, str] | None:
    """A hand-off's follow-up window as (value, unit): `within`, or `within_days` in calendar days."""
    rule = h.follow_up
    if rule is None:
        return None
    if rule.within is not None:
        return rule.within.value, rule.within.unit
    return (rule.within_days or 0), "days"


def _elapsed(calendar: WorkCalendar, business: bool, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    if business:
        return calendar.between(start, end)
    minutes: np.ndarray = (end.astype("datetime64[ms]") - start.astype("datetime64[ms]")).astype("float64") / 60_000
    return minutes


def handoff_figures(
    leads: Leads,
    h: Handoff,
    calendar: WorkCalendar,
    months: list[tuple[dt.date, dt.date]],
    periods: list[tuple[dt.date, dt.date]],
    as_of_end: dt.datetime,
    next_stage: str | None,
) -> HandoffFigures:
    """Response and follow-up figures of one hand-off for leads handed over in the report's window."""
    import polars as pl

    frame, columns = leads.frame, leads.mapping.handoffs[h.id]
    limit, business = limit_minutes(h, calendar)
    handed = pl.col(at(h.stage))
    start = dt.datetime.combine(months[0][0], dt.time())
    cohort = frame.filter(pl.col(OK) & pl.col(route(h.id)) & (handed >= start) & (handed < as_of_end))
    column = columns.first_contact if columns.first_contact and moment(columns.first_contact) in frame.columns else None
    empty = ResponseCounts(cohort.height, 0, 0, 0, 0)
    if column is None:
        return HandoffFigures(
            h.id, h.stage, limit, business, None, tuple(empty for _ in months), empty, {}, None, None, (), (), 0,
            _follow_up(cohort, h, columns.attempts, as_of_end, next_stage, calendar), 0,
        )  # fmt: skip
    usable = cohort.filter(pl.col(contact_ok(h.id)))
    left_out = cohort.height - usable.height
    contact = pl.col(moment(column))
    contacted = contact.is_not_null() & (contact < as_of_end)
    handed_np = usable[at(h.stage)].to_numpy()
    contact_np = usable[moment(column)].to_numpy()
    end_np = np.full(len(handed_np), np.datetime64(as_of_end, "ms"))
    took = _elapsed(calendar, business, handed_np, contact_np)
    waited = _elapsed(calendar, business, handed_np, end_np)
    is_contacted = usable.select(contacted).to_series().to_numpy()
    table = usable.select("@id", "line", "@team", at(h.stage), moment(column)).with_columns(
        took=pl.Series(np.where(is_contacted, took, np.nan)),
        waited=pl.Series(waited),
        contacted=pl.Series(is_contacted),
    )
    outcome = (
        pl.when(pl.col("contacted") & (pl.col("took") <= limit))
        .then(pl.lit("within"))
        .when(pl.col("contacted"))
        .then(pl.lit("late"))
        .when(pl.col("waited") > limit)
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("pending"))
    )
    table = table.with_columns(outcome=outcome, day=pl.col(at(h.stage)).dt.date())

    def counts(part: pl.DataFrame) -> ResponseCounts:
        found = dict(part.group_by("outcome").len().iter_rows())
        return ResponseCounts(
            part.height + 0,
            found.get("within", 0),
            found.get("late", 0),
            found.get("overdue", 0),
            found.get("pending", 0),
        )

    def between(lo: dt.date, hi: dt.date) -> pl.DataFrame:
        return table.filter((pl.col("day") >= lo) & (pl.col("day") <= hi))

    times = table.filter(pl.col("contacted"))["took"]
    ratio = times.to_numpy() / limit
    distribution = [int(((ratio > lo) & (ratio <= hi)).sum()) for lo, hi in itertools.pairwise((-np.inf, *BUCKETS))]
    distribution += [int((ratio > BUCKETS[-1]).sum()), int((table["outcome"] == "overdue").sum())]
    late = table.filter(pl.col("outcome").is_in(["late", "overdue"])).with_columns(
        minutes=pl.when(pl.col("contacted")).then(pl.col("took")).otherwise(pl.col("waited"))
    )
    worst = late.sort(["minutes", "line"], descending=[True, False]).head(BREACHES_SHOWN)
    breaches = tuple(
        Breach(row["@id"], row["line"], row[at(h.stage)], row[moment(column)] if row["contacted"] else None,
               row["minutes"], row["@team"])
        for row in worst.iter_rows(named=True)
    )  # fmt: skip
    return HandoffFigures(
        handoff=h.id,
        stage=h.stage,
        limit_minutes=limit,
        business=business,
        contact_column=column,
        by_month=tuple(counts(between(lo, hi)) for lo, hi in months),
        total=counts(table) if table.height else ResponseCounts(0, 0, 0, 0, 0),
        by_period={(lo, hi): counts(between(lo, hi)) for lo, hi in periods},
        median_minutes=_quantile(times, 0.5),
        p90_minutes=_quantile(times, 0.9),
        distribution=tuple(distribution),
        breaches=breaches,
        breach_count=late.height,
        follow_up=_follow_up(cohort, h, columns.attempts, as_of_end, next_stage, calendar),
        left_out=left_out,
    )


def _quantile(values: pl.Series, q: float) -> float | None:
    if values.len() == 0:
        return None
    found = values.quantile(q, interpolation="linear")
    return None if found is None else float(found)


def _follow_up(
    cohort: pl.DataFrame,
    h: Handoff,
    attempts_column: str | None,
    as_of_end: dt.datetime,
    next_stage: str | None,
    calendar: WorkCalendar,
) -> FollowUpFigures | None:
    """Leads whose follow-up window has closed without reaching the next stage: did they get the attempts?"""
    import polars as pl

    rule, window = h.follow_up, follow_up_window(h)
    if rule is None or window is None or attempts_column is None or number(attempts_column) not in cohort.columns:
        return None
    length, business = _minutes(*window, calendar)
    handed = cohort[at(h.stage)].to_numpy()
    elapsed = _elapsed(calendar, business, handed, np.full(handed.shape, np.datetime64(as_of_end, "ms")))
    closed = pl.Series(np.nan_to_num(elapsed, nan=-1.0) >= length)
    moved_on = pl.lit(False)
    if next_stage is not None and at(next_stage) in cohort.columns:
        moved_on = (pl.col(at(next_stage)) < as_of_end).fill_null(False)
    eligible = cohort.filter(closed & ~moved_on)
    readable = eligible.filter(pl.col(number_ok(attempts_column)))
    attempts = readable[number(attempts_column)].fill_null(0)
    kept = int((attempts >= rule.attempts).sum())
    mean = attempts.mean()
    return FollowUpFigures(
        attempts=rule.attempts,
        within=window,
        eligible=readable.height,
        kept=kept,
        average=float(mean) if isinstance(mean, (int, float)) and readable.height else None,
        left_out=eligible.height - readable.height,
    )
