"""Business time: working minutes between two local times, across nights, weekends and public holidays.

Vectorised with a per-day table: for each calendar day, whether it is a working day and how
many working minutes lie before it. A moment's position on the working clock is the minutes
before its day plus the working minutes of its day already gone; the business time between
two moments is the difference of their positions. No Python loop runs per lead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sla_docgen.model.business_calendar import WEEKDAYS, BusinessCalendar

MS_PER_MINUTE = 60_000
MS_PER_DAY = 86_400_000


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class WorkCalendar:
    """A business calendar over a span of days, with its holidays looked up once."""

    calendar: BusinessCalendar
    first: dt.date
    last: dt.date

    @property
    def day_start(self) -> int:
        """Minutes after midnight when work starts."""
        return _minutes(self.calendar.start)

    @property
    def day_minutes(self) -> int:
        """Working minutes in a working day: one business day."""
        return _minutes(self.calendar.end) - self.day_start

    @cached_property
    def days_off(self) -> dict[dt.date, str]:
        """Public holidays and closed days within the span, with their names (closed days have none)."""
        out = dict(self.holiday_names("ja"))
        for day in self.calendar.closed_days:
            out.setdefault(day, "")
        return {d: out[d] for d in sorted(out) if self.first <= d <= self.last}

    def holiday_names(self, language: str) -> dict[dt.date, str]:
        """The public holidays of the span named in `language` (ja or en); closed days are not among them."""
        if self.calendar.public_holidays != "jp":
            return {}
        import holidays

        years = range(self.first.year, self.last.year + 1)
        names = holidays.country_holidays("JP", years=years, language="en_US" if language == "en" else "ja")
        return {d: names[d] for d in sorted(names) if self.first <= d <= self.last}

    @cached_property
    def _working(self) -> np.ndarray:
        count = (self.last - self.first).days + 1
        weekdays = (np.arange(count) + self.first.weekday()) % 7
        allowed = np.array([day in self.calendar.working_days for day in WEEKDAYS])
        working = allowed[weekdays]
        for day in self.days_off:
            working[(day - self.first).days] = False
        return working

    @cached_property
    def _minutes_before(self) -> np.ndarray:
        """Working minutes from the span's start to the start of each day (one more entry: the span's end)."""
        per_day = self._working.astype(np.int64) * self.day_minutes
        return np.concatenate(([0], np.cumsum(per_day)))

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._working[(day - self.first).days])

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days from `start` to `end`, both included (clipped to the span)."""
        lo, hi = max(start, self.first), min(end, self.last)
        if lo > hi:
            return []
        offsets = np.flatnonzero(self._working[(lo - self.first).days : (hi - self.first).days + 1])
        return [lo + dt.timedelta(days=int(i)) for i in offsets]

    def position(self, moments: np.ndarray) -> np.ndarray:
        """Each local time (datetime64[ms], NaT allowed) as working minutes since the span's start; NaN for NaT."""
        ms = moments.astype("datetime64[ms]").astype(np.int64)
        missing = np.isnat(moments)
        origin = (np.datetime64(self.first, "D") - np.datetime64(0, "D")).astype(np.int64)
        day = np.floor_divide(ms, MS_PER_DAY) - origin
        inside = (day >= 0) & (day < len(self._working)) & ~missing
        day = np.clip(day, 0, len(self._working) - 1)
        of_day = (ms - (day + origin) * MS_PER_DAY) / MS_PER_MINUTE
        worked = np.clip(of_day - self.day_start, 0, self.day_minutes) * self._working[day]
        out = self._minutes_before[day] + worked
        result: np.ndarray = np.where(inside, out, np.nan)
        return result

    def between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Business minutes from each `start` to its `end` (negative when the end comes first; NaN if either is NaT)."""
        difference: np.ndarray = self.position(end) - self.position(start)
        return difference


def span_for(calendar: BusinessCalendar, first: dt.date, last: dt.date) -> WorkCalendar:
    """A work calendar covering `first` to `last` with a week's margin on both sides."""
    return WorkCalendar(calendar, first - dt.timedelta(days=7), last + dt.timedelta(days=7))
