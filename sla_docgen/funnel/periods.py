"""Spans in months and the working days of a month: the calendar arithmetic behind per-period figures."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from fractions import Fraction

SPAN_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
"""Months in each goal period; `term` is the agreement's own length (see `months_in_term`)."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_in_term(start: date, end: date) -> Fraction:
    """Months from `start` to `end`, both days included: whole months, then the rest as a share of the next month."""
    stop = end + timedelta(days=1)
    whole = (stop.year - start.year) * 12 + stop.month - start.month
    while whole > 0 and add_months(start, whole) > stop:
        whole -= 1
    anchor = add_months(start, whole)
    rest = (stop - anchor).days
    return whole + Fraction(rest, (add_months(start, whole + 1) - anchor).days) if rest else Fraction(whole)


def span_months(span: str, term: Fraction) -> Fraction:
    return term if span == "term" else Fraction(SPAN_MONTHS[span])


def term_months(start: date, end: date) -> list[tuple[int, int]]:
    """The calendar months (year, month) the term touches, in order."""
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def working_days(year: int, month: int) -> list[date]:
    """Monday to Friday of a calendar month (public holidays are not known to the tool)."""
    days = calendar.monthrange(year, month)[1]
    return [d for d in (date(year, month, n) for n in range(1, days + 1)) if d.weekday() < 5]
