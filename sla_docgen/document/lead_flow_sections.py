"""Sections about who agrees on what and which leads count: overview, goals, ICP, lead stages, scoring."""

from __future__ import annotations

from sla_docgen.document.blocks import (
    Cell,
    ItemList,
    Paragraph,
    PartyColumns,
    PartyRef,
    PartyRow,
    Table,
    Text,
)
from sla_docgen.document.context import Children, Context
from sla_docgen.document.targets import funnel_step, goal_target, goal_when, level
from sla_docgen.document.wording import LocalValue
from sla_docgen.i18n import N_
from sla_docgen.model.goals import Goal
from sla_docgen.model.leads import EmployeeBand, IcpAxis, Qualification
from sla_docgen.model.types import TIERS, Tier

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
TIER_NAMES = {"high": N_("HIGH"), "mid": N_("MID"), "low": N_("LOW")}
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
    lines = [w.local(goal.title), w.label(N_("Metric: {metric}"), metric=w.local(goal.metric))]
    step = funnel_step(c, goal.stage, goal.to_stage)
    target, when = goal_target(c, goal), goal_when(c, goal)
    minimum, best = level(c, goal.minimum, goal.unit), level(c, goal.best_effort, goal.unit)
    lines += [step] if step else []
    lines += [w.label(N_("Target: {value}"), value=target)] if target else []
    lines += [when] if when else []
    lines += [w.label(N_("Minimum: {value}"), value=minimum)] if minimum else []
    lines += [w.label(N_("Best effort: {value}"), value=best)] if best else []
    lines += [w.local(goal.note)] if goal.note else []
    return tuple(lines)


def _company_goal_row(c: Context, g: Goal) -> list[Cell]:
    w = c.w
    step, target, when = funnel_step(c, g.stage, g.to_stage), goal_target(c, g), goal_when(c, g)
    minimum, best = level(c, g.minimum, g.unit), level(c, g.best_effort, g.unit)
    return [
        (w.local(g.title), *((w.local(g.note),) if g.note else ())),
        (w.local(g.metric), *((step,) if step else ())),
        tuple(t for t in (target, when) if t is not None),
        (minimum,) if minimum else (),
        (best,) if best else (),
    ]


def goals(c: Context, n: str) -> Children:
    company = c.table(
        [(N_("Goal"), 3), (N_("Metric"), 3), (N_("Target"), 2.4), (N_("Minimum"), 1.8), (N_("Best effort"), 1.8)],
        [_company_goal_row(c, g) for g in c.a.goals.company],
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


def _band(c: Context, band: EmployeeBand) -> Text:
    w, low, high = c.w, band.min, band.max
    if low is not None and high is not None:
        return w.label(
            N_("{min} to {max} employees"), min=w.value(lambda f: f.number(low)), max=w.value(lambda f: f.number(high))
        )
    if low is not None:
        return w.label(N_("{min} or more employees"), min=w.value(lambda f: f.number(low)))
    if high is not None:
        return w.label(N_("up to {max} employees"), max=w.value(lambda f: f.number(high)))
    return w.label(N_("any number of employees"))


def _tier_cell(c: Context, axis: IcpAxis, tier: Tier) -> Cell:
    values: list[LocalValue] = getattr(axis, tier)
    return (*(_band(c, b) for b in axis.bands if b.tier == tier), *c.lines(values))


def axis_name(c: Context, axis: IcpAxis) -> Text:
    return c.w.local(axis.name) if axis.name else c.w.label(AXIS_NAMES[axis.kind])


def icp(c: Context, n: str) -> Children:
    w = c.w
    axes = c.table(
        [(N_("Attribute"), 2), (N_("HIGH"), 3), (N_("MID"), 3), (N_("LOW"), 3)],
        [[(axis_name(c, axis),), *(_tier_cell(c, axis, tier) for tier in TIERS)] for axis in c.a.icp.axes],
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


BANT = (N_("Budget"), N_("Authority"), N_("Need"), N_("Timeline"))


def _qualification(c: Context, q: Qualification) -> Cell:
    """ "BANT: at least 3 of these 4 must hold:", then the items."""
    w = c.w
    items = [w.local(item) for item in q.items] or [w.label(item) for item in BANT]
    name = w.local(q.name) if q.name else w.label(N_("BANT") if q.framework == "bant" else N_("Qualification"))
    if q.required is None or q.required == len(items):
        head = w.label(N_("{name}: all {count} of these must hold:"), name=name, count=len(items))
    else:
        head = w.label(
            N_("{name}: at least {required} of these {count} must hold:"),
            name=name,
            required=q.required,
            count=len(items),
        )
    return (head, *items)


def lead_stages(c: Context, n: str) -> Children:
    w = c.w
    rows: list[list[Cell]] = []
    for s in c.a.lead_stages:
        criteria = c.lines(s.criteria) + (_qualification(c, s.qualification) if s.qualification else ())
        rows.append([(c.stage_names[s.id],), (w.local(s.definition),), criteria, (c.party_names[s.owner],)])
    table = c.table([(N_("Stage"), 1.6), (N_("Definition"), 4), (N_("Criteria"), 4), (N_("Owner"), 1.8)], rows)
    return [table]


def _attribute_points(c: Context) -> Table:
    """One scale for every ICP axis (a row per tier), or, when some axes have their own, a row per axis."""
    s, w = c.a.lead_scoring, c.w

    def points(value: int) -> Cell:
        return (w.value(lambda f: f.points(value)),)

    if not s.axis_points and s.tier_points is not None:
        tiers = s.tier_points
        return c.table(
            [(N_("Match on an ICP attribute"), 4), (N_("Points"), 2)],
            [[(w.label(TIER_NAMES[tier]),), points(getattr(tiers, tier))] for tier in TIERS],
        )
    rows = []
    for axis in c.a.icp.axes:
        scale = s.points_for(axis.id)
        if scale is not None:
            rows.append([(axis_name(c, axis),), *(points(getattr(scale, tier)) for tier in TIERS)])
    return c.table([(N_("Attribute"), 3), (N_("HIGH"), 1.5), (N_("MID"), 1.5), (N_("LOW"), 1.5)], rows)


def lead_scoring(c: Context, n: str) -> Children:
    s, w = c.a.lead_scoring, c.w

    def rules(items: list, header: str) -> Children:  # type: ignore[type-arg]
        if not items:
            return []
        return [
            c.table(
                [(header, 4), (N_("Points"), 2)],
                [[(w.local(r.description),), (w.value(lambda f, v=r.points: f.points(v)),)] for r in items],  # type: ignore[misc]
            )
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
            ("tiers", N_("Attribute points"), [_attribute_points(c)]),
            ("negative_attributes", N_("Negative attributes"), rules(s.negative_attributes, N_("Attribute"))),
            ("behaviours", N_("Behaviour points"), rules(s.behaviours, N_("Behaviour"))),
            ("decay", N_("Decay and negative behaviours"), rules(s.decay, N_("Rule"))),
            ("mql", N_("MQL definition"), mql),
        ],
    )
