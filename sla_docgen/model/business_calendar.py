"""The business calendar: working hours, time zone and holidays, against which response times are counted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from sla_docgen.i18n import N_
from sla_docgen.model.types import IsoDate, Strict

if TYPE_CHECKING:
    from sla_docgen.model.agreement import Agreement, Finding

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""In the order of `date.weekday()` (Monday is 0)."""

TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
ClockTime = Annotated[str, Field(pattern=TIME_PATTERN, examples=["09:00", "18:00"])]
"""A time of day written HH:MM (24-hour clock)."""

PublicHolidays = Literal["jp", "none"]
"""`jp`: Japan's public holidays (including substitute holidays), from the `holidays` library."""


class BusinessCalendar(Strict):
    """When the parties work: business hours and days count from here (response times, goal lines)."""

    time_zone: Annotated[str, Field(min_length=1, max_length=64, examples=["Asia/Tokyo"])] = "Asia/Tokyo"
    working_days: Annotated[list[Weekday], Field(min_length=1, max_length=7)] = ["mon", "tue", "wed", "thu", "fri"]
    start: ClockTime = "09:00"
    end: ClockTime = "18:00"
    public_holidays: PublicHolidays = "jp"
    closed_days: Annotated[list[IsoDate], Field(max_length=366)] = []


MSG_HOURS_ORDER = N_("the working day must end after it starts ({start} is not before {end})")
MSG_TIME_ZONE = N_("unknown time zone {given!r}; use an IANA name such as Asia/Tokyo")
MSG_DUPLICATE_DAY = N_("{given} is listed twice")


def check_business_calendar(a: Agreement) -> Iterator[Finding]:
    """The working day ends after it starts; the time zone exists; no day is listed twice."""
    from zoneinfo import ZoneInfo

    from sla_docgen.model.agreement import Finding

    calendar = a.business_calendar
    if calendar.end <= calendar.start:
        yield Finding(("business_calendar", "end"), MSG_HOURS_ORDER, {"start": calendar.start, "end": calendar.end})
    try:
        ZoneInfo(calendar.time_zone)
    except (ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError; a path-like name is a ValueError
        yield Finding(("business_calendar", "time_zone"), MSG_TIME_ZONE, {"given": calendar.time_zone})
    except KeyError:
        yield Finding(("business_calendar", "time_zone"), MSG_TIME_ZONE, {"given": calendar.time_zone})
    for name, values in (("working_days", calendar.working_days), ("closed_days", calendar.closed_days)):
        seen: set[object] = set()
        for index, value in enumerate(values):
            if value in seen:
                yield Finding(("business_calendar", name, index), MSG_DUPLICATE_DAY, {"given": str(value)})
            seen.add(value)
