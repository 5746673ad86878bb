"""The hand-off section: one sub-section per hand-off, its rules as a two-column table."""

from __future__ import annotations

from sla_docgen.document.blocks import Cell, Field, Section, Text
from sla_docgen.document.context import Children, Context
from sla_docgen.i18n import N_
from sla_docgen.i18n.formatting import PER_PERIOD
from sla_docgen.model.sections import FollowUp, Handoff
from sla_docgen.model.types import Duration


def duration(c: Context, d: Duration) -> Text:
    return c.w.value(lambda f: f.duration(d.value, d.unit))


def _follow_up(c: Context, fu: FollowUp) -> Text:
    w = c.w
    if fu.within is not None:
        within = duration(c, fu.within)
    else:
        days = fu.within_days or 0
        within = w.value(lambda f: f.days(days))
    return w.label(
        N_("{attempts} attempts within {days} by {channels}"),
        attempts=fu.attempts,
        days=within,
        channels=w.join([w.local(ch) for ch in fu.channels]),
    )


def _handoff_fields(c: Context, h: Handoff) -> list[Field]:
    w = c.w
    fields = [
        Field(w.label(N_("Hand-off stage")), c.stage_names[h.stage]),
        Field(w.label(N_("Response time")), duration(c, h.response_time)),
    ]
    if h.decision_time:
        fields.append(Field(w.label(N_("Accept or return within")), duration(c, h.decision_time)))
    if h.follow_up:
        fields.append(Field(w.label(N_("Follow-up")), _follow_up(c, h.follow_up)))
    if h.conversion_target:
        ct = h.conversion_target
        rate = w.value(lambda f: f.percent(ct.rate))
        if ct.from_stage:
            target = w.label(
                N_("{rate} of {start} reach {stage}"),
                rate=rate,
                start=c.stage_names[ct.from_stage],
                stage=c.stage_names[ct.to_stage],
            )
        else:
            target = w.label(N_("{rate} reach {stage}"), rate=rate, stage=c.stage_names[ct.to_stage])
        fields.append(Field(w.label(N_("Conversion target")), target))
    if h.capacity:
        cap = h.capacity
        most = w.label(N_("at most {value}"), value=w.value(lambda f: f.leads(cap.leads)))
        fields.append(Field(w.label(N_("Capacity")), w.label(PER_PERIOD[cap.period], value=most)))
    if h.recycle:
        r = h.recycle
        fields.append(
            Field(
                w.label(N_("Back to nurturing")),
                w.label(N_("Returned to {party} as {stage}"), party=c.party_names[r.to], stage=c.stage_names[r.stage]),
            )
        )
    return fields


def handoff_title(c: Context, h: Handoff) -> Text:
    return c.w.label(N_("{source} → {target}"), source=c.party_names[h.from_], target=c.party_names[h.to])


def handoffs(c: Context, n: str) -> Children:
    w = c.w
    parts = []
    for h in c.a.handoffs:
        rows: list[list[Cell]] = [[(f.label,), (f.value,)] for f in _handoff_fields(c, h)]
        if h.actions:
            rows.append([(w.label(N_("Actions")),), c.lines(h.actions)])
        if h.recycle:
            rows.append([(w.label(N_("Feedback required")),), c.lines(h.recycle.feedback)])
        table = c.table([(N_("Item"), 1.4), (N_("Rule"), 4)], rows, role="fields")
        parts.append((h.id, handoff_title(c, h), table))
    return [Section(key, f"{n}.{i + 1}", title, (table,)) for i, (key, title, table) in enumerate(parts)]
