"""Sections about who agrees and how leads move: overview, goals, ICP, stages, scoring, hand-offs."""

from __future__ import annotations

from sla_docgen.document.blocks import (
    Cell,
    Field,
    ItemList,
    Paragraph,
    PartyColumns,
    PartyRef,
    PartyRow,
    Section,
)
from sla_docgen.document.context import Children, Context
from sla_docgen.i18n import N_
from sla_docgen.model.sections import Goal, Handoff

ROLE_NAMES = {
    "marketing": N_("Marketing"),
    "inside_sales": N_("Inside sales"),
    "sales": N_("Sales"),
    "customer_success": N_("Customer success"),
    "other": N_("Other"),
}
AXIS_NAMES = {
    "industry": N_("Industry"),
    "employee_count": N_("Employee count"),
    "job_title": N_("Job title"),
    "target_accounts": N_("Target accounts"),
}
LANGUAGE_NAMES = {"ja": N_("Japanese"), "en": N_("English")}
PREVAILING = N_(
    "This agreement is made in {prevailing} and {other}; where the two differ, the {prevailing} text prevails."
)


def overview(c: Context, n: str) -> Children:
    o, w, meta = c.a.overview, c.w, c.a.agreement
    parties = c.table(
        [(N_("Party"), 2), (N_("Role"), 2), (N_("Owner"), 2), (N_("Title"), 2.5), (N_("E-mail"), 3)],
        [
            [
                (c.party_names[p.id],),
                (w.label(ROLE_NAMES[p.role]),),
                (w.local(p.owner.name),),
                (w.local(p.owner.title),),
                (w.plain(p.owner.email),) if p.owner.email else (),
            ]
            for p in c.a.parties
        ],
    )
    purpose: Children = [Paragraph(w.local(o.purpose))]
    others = [lang for lang in meta.languages if lang != meta.prevailing_language]
    if others:
        clause = w.label(
            PREVAILING,
            prevailing=w.label(LANGUAGE_NAMES[meta.prevailing_language]),
            other=w.label(LANGUAGE_NAMES[others[0]]),
        )
        purpose.append(Paragraph(clause, kind="note"))
    with_duties = [p for p in c.a.parties if p.id in o.responsibilities]
    duties = PartyColumns(
        tuple(PartyRef(p.id, c.party_names[p.id]) for p in with_duties),
        (PartyRow(None, tuple(c.lines(o.responsibilities[p.id]) for p in with_duties)),),
    )
    return c.subsections(
        n,
        [
            ("purpose", N_("Purpose"), purpose),
            ("scope", N_("Scope"), [Paragraph(w.local(o.scope))]),
            ("parties", N_("Parties"), [parties]),
            ("responsibilities", N_("Responsibilities"), [duties] if with_duties else []),
        ],
    )


def _goal_cell(c: Context, goal: Goal) -> Cell:
    w = c.w
    target = w.value(lambda f: f.per_period(f.measure(goal.target, goal.unit, goal.direction), goal.period))
    lines = [w.local(goal.title), w.label(N_("Metric: {metric}"), metric=w.local(goal.metric))]
    lines.append(w.label(N_("Target: {value}"), value=target))
    if goal.minimum is not None:
        minimum = w.value(lambda f: f.measure(goal.minimum, goal.unit))  # type: ignore[arg-type]
        lines.append(w.label(N_("Minimum: {value}"), value=minimum))
    if goal.best_effort is not None:
        best = w.value(lambda f: f.measure(goal.best_effort, goal.unit))  # type: ignore[arg-type]
        lines.append(w.label(N_("Best effort: {value}"), value=best))
    if goal.note:
        lines.append(w.local(goal.note))
    return tuple(lines)


def goals(c: Context, n: str) -> Children:
    w = c.w

    def level(goal: Goal, value: float | None) -> Cell:
        return (w.value(lambda f: f.measure(value, goal.unit)),) if value is not None else ()

    company = c.table(
        [(N_("Goal"), 3), (N_("Metric"), 3), (N_("Target"), 2.4), (N_("Minimum"), 1.8), (N_("Best effort"), 1.8)],
        [
            [
                (w.local(g.title), *((w.local(g.note),) if g.note else ())),
                (w.local(g.metric),),
                (w.value(lambda f, g=g: f.per_period(f.measure(g.target, g.unit, g.direction), g.period)),),  # type: ignore[misc]
                level(g, g.minimum),
                level(g, g.best_effort),
            ]
            for g in c.a.goals.company
        ],
    )
    with_goals = [p for p in c.a.parties if c.a.goals.parties.get(p.id)]
    depth = max((len(c.a.goals.parties[p.id]) for p in with_goals), default=0)
    rows = tuple(
        PartyRow(
            c.w.label(N_("Goal {n}"), n=i + 1),
            tuple(
                _goal_cell(c, c.a.goals.parties[p.id][i]) if i < len(c.a.goals.parties[p.id]) else ()
                for p in with_goals
            ),
        )
        for i in range(depth)
    )
    by_party = PartyColumns(
        tuple(PartyRef(p.id, c.party_names[p.id]) for p in with_goals), rows, corner=c.w.label(N_("#"))
    )
    return c.subsections(
        n,
        [
            ("company", N_("Company goals"), [company]),
            ("parties", N_("Goals of each party"), [by_party] if with_goals else []),
        ],
    )


def icp(c: Context, n: str) -> Children:
    w = c.w
    axes = c.table(
        [(N_("Attribute"), 2), (N_("HIGH"), 3), (N_("MID"), 3), (N_("LOW"), 3)],
        [
            [
                (w.local(axis.name) if axis.name else w.label(AXIS_NAMES[axis.kind]),),
                c.lines(axis.high),
                c.lines(axis.mid),
                c.lines(axis.low),
            ]
            for axis in c.a.icp.axes
        ],
    )
    personas = c.table(
        [(N_("Persona"), 2), (N_("Role"), 2), (N_("Description"), 4), (N_("Challenges"), 4)],
        [
            [(w.local(p.name),), (w.local(p.role),), (w.local(p.description),), c.lines(p.challenges)]
            for p in c.a.icp.personas
        ],
    )
    return c.subsections(
        n,
        [
            ("axes", N_("Attributes by priority"), [axes]),
            ("personas", N_("Personas"), [personas] if c.a.icp.personas else []),
        ],
    )


def lead_stages(c: Context, n: str) -> Children:
    w = c.w
    table = c.table(
        [(N_("Stage"), 1.6), (N_("Definition"), 4), (N_("Criteria"), 4), (N_("Owner"), 1.8)],
        [
            [(c.stage_names[s.id],), (w.local(s.definition),), c.lines(s.criteria), (c.party_names[s.owner],)]
            for s in c.a.lead_stages
        ],
    )
    return [table]


def lead_scoring(c: Context, n: str) -> Children:
    s, w = c.a.lead_scoring, c.w

    def points(value: int) -> Cell:
        return (w.value(lambda f: f.points(value)),)

    tiers = c.table(
        [(N_("Match on an ICP attribute"), 4), (N_("Points"), 2)],
        [
            [(w.label(label),), points(value)]
            for label, value in (
                (N_("HIGH"), s.tier_points.high),
                (N_("MID"), s.tier_points.mid),
                (N_("LOW"), s.tier_points.low),
            )
        ],
    )

    def rules(items: list, header: str) -> Children:  # type: ignore[type-arg]
        if not items:
            return []
        return [
            c.table([(header, 4), (N_("Points"), 2)], [[(w.local(r.description),), points(r.points)] for r in items])
        ]

    mql: Children = [
        Paragraph(
            w.label(
                N_("A lead becomes an MQL when its score reaches {threshold}."),
                threshold=w.value(lambda f: f.points(s.mql_threshold).lstrip("+")),
            )
        )
    ]
    if s.mql_triggers:
        mql.append(
            Paragraph(w.label(N_("It also becomes an MQL, whatever its score, when it does any of the following:")))
        )
        mql.append(ItemList(tuple(w.local(t.description) for t in s.mql_triggers)))
    return c.subsections(
        n,
        [
            ("tiers", N_("Attribute points"), [tiers]),
            ("negative_attributes", N_("Negative attributes"), rules(s.negative_attributes, N_("Attribute"))),
            ("behaviours", N_("Behaviour points"), rules(s.behaviours, N_("Behaviour"))),
            ("decay", N_("Decay and negative behaviours"), rules(s.decay, N_("Rule"))),
            ("mql", N_("MQL definition"), mql),
        ],
    )


def _handoff_fields(c: Context, h: Handoff) -> list[Field]:
    w = c.w
    fields = [
        Field(w.label(N_("Hand-off stage")), c.stage_names[h.stage]),
        Field(w.label(N_("Response time")), w.value(lambda f: f.duration(h.response_time.value, h.response_time.unit))),
    ]
    if h.follow_up:
        fu = h.follow_up
        fields.append(
            Field(
                w.label(N_("Follow-up")),
                w.label(
                    N_("{attempts} attempts within {days} by {channels}"),
                    attempts=fu.attempts,
                    days=w.value(lambda f: f.days(fu.within_days)),
                    channels=w.join([w.local(ch) for ch in fu.channels]),
                ),
            )
        )
    if h.conversion_target:
        ct = h.conversion_target
        fields.append(
            Field(
                w.label(N_("Conversion target")),
                w.label(
                    N_("{rate} reach {stage}"),
                    rate=w.value(lambda f: f.percent(ct.rate)),
                    stage=c.stage_names[ct.to_stage],
                ),
            )
        )
    if h.recycle:
        r = h.recycle
        fields.append(
            Field(
                w.label(N_("Back to nurturing")),
                w.label(N_("Returned to {party} as {stage}"), party=c.party_names[r.to], stage=c.stage_names[r.stage]),
            )
        )
    return fields


def handoffs(c: Context, n: str) -> Children:
    w = c.w
    parts = []
    for h in c.a.handoffs:
        rows: list[list[Cell]] = [[(f.label,), (f.value,)] for f in _handoff_fields(c, h)]
        if h.actions:
            rows.append([(w.label(N_("Actions")),), c.lines(h.actions)])
        if h.recycle:
            rows.append([(w.label(N_("Feedback required")),), c.lines(h.recycle.feedback)])
        title = w.label(N_("{source} → {target}"), source=c.party_names[h.from_], target=c.party_names[h.to])
        table = c.table([(N_("Item"), 1.4), (N_("Rule"), 4)], rows, role="fields")
        parts.append((h.id, title, table))
    return [Section(key, f"{n}.{i + 1}", title, (table,)) for i, (key, title, table) in enumerate(parts)]
