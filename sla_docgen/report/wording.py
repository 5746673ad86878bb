"""Fixed wording and value formats shared by the report's sections: statuses, rates, durations, moments."""

from __future__ import annotations

import datetime as dt

from sla_docgen.document.blocks import Text
from sla_docgen.document.context import Context
from sla_docgen.i18n import N_
from sla_docgen.model.refs import resolve_goal
from sla_docgen.report.goal_status import GoalResult

STATUS_WORDS = {
    "on_track": N_("On track"),
    "at_risk": N_("At risk"),
    "missed": N_("Missed"),
    "met": N_("Met"),
    "minimum": N_("Minimum kept"),
}
MEASURES = {
    "volume": N_("count of {stage}"),
    "rate": N_("{source} → {target} conversion"),
    "response": N_("first contact within the limit ({handoff})"),
}
PERIOD_KINDS = {
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "half_year": N_("Half-year"),
    "year": N_("Year"),
    "term": N_("Term"),
}
OUTCOMES = {"recycled": N_("Sent back"), "rejected": N_("Disqualified")}
NO_REASON = N_("(no reason recorded)")
NOT_HANDED = N_("Before any hand-off")
DASH = "—"


def count(c: Context, value: float) -> Text:
    return c.w.value(lambda fm: fm.number(round(value)))


def decimal(c: Context, value: float) -> Text:
    return c.w.value(lambda fm: fm.number(round(value, 1)))


def percent(c: Context, value: float | None) -> Text:
    if value is None:
        return c.w.plain(DASH)
    return c.w.value(lambda fm: fm.percent(round(value, 1)))


def status(c: Context, word: str | None) -> Text:
    return c.w.label(STATUS_WORDS[word]) if word else c.w.plain(DASH)


def duration(c: Context, minutes: float | None, business: bool) -> Text:
    """Minutes as hours with one decimal: business hours or clock hours."""
    if minutes is None:
        return c.w.plain(DASH)
    msgid = N_("{value} business hours") if business else N_("{value} hours")
    return c.w.label(msgid, value=decimal(c, minutes / 60))


def moment(c: Context, value: dt.datetime | None) -> Text:
    return c.w.plain(value.strftime("%Y-%m-%d %H:%M") if value else DASH)


def day(c: Context, value: dt.date) -> Text:
    return c.w.value(lambda fm: fm.date(value))


def month(c: Context, value: dt.date) -> Text:
    return c.w.value(lambda fm: fm.month(value.year, value.month))


def span(c: Context, start: dt.date, end: dt.date) -> Text:
    return c.w.value(lambda fm: fm.period(start, end))


def handoff_route(c: Context, handoff_id: str) -> Text:
    h = next(h for h in c.a.handoffs if h.id == handoff_id)
    return c.w.label(N_("{source} → {target}"), source=c.party_names[h.from_], target=c.party_names[h.to])


def goal_title(c: Context, result: GoalResult) -> Text:
    (_, _, goal), *_ = resolve_goal(c.a, result.goal)
    return c.w.local(goal.title)


def measure(c: Context, result: GoalResult) -> Text:
    if result.measure == "volume":
        return c.w.label(MEASURES["volume"], stage=c.stage_names[result.subject])
    if result.measure == "rate":
        source, target = result.subject.split(">")
        return c.w.label(MEASURES["rate"], source=c.stage_names[source], target=c.stage_names[target])
    return c.w.label(MEASURES["response"], handoff=handoff_route(c, result.subject))


def goal_value(c: Context, result: GoalResult, value: float | None) -> Text:
    if value is None:
        return c.w.plain(DASH)
    return percent(c, value) if result.unit == "percent" else count(c, value)
