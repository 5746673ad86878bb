"""Sections about running the agreement: needs, contacts, communication, reporting, remedies, review, signing."""

from __future__ import annotations

from sla_docgen.document.blocks import (
    Cell,
    Paragraph,
    PartyColumns,
    PartyRef,
    PartyRow,
    Signature,
    SignatureBlock,
    Text,
)
from sla_docgen.document.context import Children, Context
from sla_docgen.document.handoff_sections import duration, handoff_title
from sla_docgen.document.targets import funnel_step, level, measure_target
from sla_docgen.i18n import N_
from sla_docgen.i18n.formatting import FREQUENCIES
from sla_docgen.model.refs import resolve_goal
from sla_docgen.model.sections import Contact, Kpi, Remedy

MEETING_FORMS = {
    "in_person": N_("In person"),
    "online": N_("Online"),
    "hybrid": N_("Hybrid"),
    "phone": N_("Phone"),
    "asynchronous": N_("Asynchronous, in writing"),
}
TOOL_CATEGORIES = {
    "ma": N_("Marketing automation"),
    "crm": N_("CRM"),
    "sfa": N_("Sales force automation"),
    "bi": N_("BI"),
    "analytics": N_("Web analytics"),
    "other": N_("Other"),
}
REQUIREMENT_KINDS = {
    "information": N_("Information"),
    "report": N_("Report"),
    "feedback": N_("Feedback"),
    "resource": N_("Resource"),
}
REVIEW_CADENCES = {
    "monthly": N_("Every month"),
    "quarterly": N_("Every quarter"),
    "half_yearly": N_("Every half-year"),
    "yearly": N_("Every year"),
}


def requirements(c: Context, n: str) -> Children:
    """One column per party that needs something: what it needs, from whom, how often."""
    w = c.w
    needing = [p for p in c.a.parties if any(r.needed_by == p.id for r in c.a.requirements)]
    if not needing:
        return []
    cells: list[Cell] = []
    for p in needing:
        lines = []
        for r in (r for r in c.a.requirements if r.needed_by == p.id):
            source = w.label(
                N_("{kind} from {party}"), kind=w.label(REQUIREMENT_KINDS[r.kind]), party=c.party_names[r.provided_by]
            )
            if r.frequency:
                frequency = w.label(FREQUENCIES[r.frequency])
                source = w.label(N_("{what}, {frequency}"), what=source, frequency=frequency)
            lines.append(w.label(N_("{item} ({source})"), item=w.local(r.item), source=source))
        cells.append(tuple(lines))
    columns = PartyColumns(tuple(PartyRef(p.id, c.party_names[p.id]) for p in needing), (PartyRow(None, tuple(cells)),))
    return [Paragraph(w.label(N_("Each party needs the following from the others."))), columns]


def _responsibility(c: Context, x: Contact) -> Cell:
    w = c.w
    lines = [w.local(x.responsibility)]
    if x.handoffs:
        by_id = {h.id: h for h in c.a.handoffs}
        routes = w.join([handoff_title(c, by_id[hid]) for hid in x.handoffs])
        lines.append(w.label(N_("Hand-offs: {list}"), list=routes))
    if x.stages:
        lines.append(w.label(N_("Lead stages: {list}"), list=w.join([c.stage_names[sid] for sid in x.stages])))
    return tuple(lines)


def contacts(c: Context, n: str) -> Children:
    w = c.w
    if not c.a.contacts:
        return []
    phones = any(x.phone for x in c.a.contacts)
    headers = [(N_("Responsibility"), 4), (N_("Party"), 2), (N_("Name"), 2), (N_("E-mail"), 3)]
    rows: list[list[Cell]] = []
    for x in c.a.contacts:
        row = [
            _responsibility(c, x),
            (c.party_names[x.party],),
            (w.local(x.name),),
            (w.plain(x.email),) if x.email else (),
        ]
        rows.append(row + ([(w.plain(x.phone),) if x.phone else ()] if phones else []))
    return [c.table(headers + ([(N_("Phone"), 2.2)] if phones else []), rows)]


def communication(c: Context, n: str) -> Children:
    w, com = c.w, c.a.communication
    tools = c.table(
        [(N_("Tool"), 2), (N_("Purpose"), 5)],
        [[(w.plain(t.name),), (w.local(t.purpose),)] for t in com.tools],
    )
    meetings = c.table(
        [(N_("Meeting"), 2.2), (N_("Form"), 1.3), (N_("Frequency"), 1.5), (N_("Participants"), 2.4), (N_("Agenda"), 4)],
        [
            [
                (w.local(m.name),),
                (w.label(MEETING_FORMS[m.form]),),
                (w.label(FREQUENCIES[m.frequency]),),
                (c.parties(m.participants), *((w.local(m.attendees),) if m.attendees else ())),
                (*c.lines(m.agenda), *_reviewed(c, m.reviews)),
            ]
            for m in com.meetings
        ],
    )
    return c.subsections(
        n,
        [
            ("tools", N_("Tools and channels"), [tools] if com.tools else []),
            ("meetings", N_("Meetings"), [meetings] if com.meetings else []),
        ],
    )


def _reviewed(c: Context, kpi_ids: list[str]) -> Cell:
    if not kpi_ids:
        return ()
    names = {k.id: c.w.local(k.name) for k in c.a.reporting.kpis}
    return (c.w.label(N_("KPIs reviewed: {kpis}"), kpis=c.w.join([names[i] for i in kpi_ids])),)


def _kpi_owners(c: Context, k: Kpi) -> Cell:
    if k.owner is None:
        return (c.w.label(N_("All parties jointly")),)
    return (c.parties([k.owner, *k.co_owners]),)


def _kpi_definition(c: Context, k: Kpi) -> Cell:
    w = c.w
    lines = [w.local(k.definition)]
    step = funnel_step(c, k.stage, k.to_stage)
    if step:
        lines.append(step)
    if k.handoff:
        handoff = next(h for h in c.a.handoffs if h.id == k.handoff)
        lines.append(w.label(N_("Measures the hand-off {route}"), route=handoff_title(c, handoff)))
    return tuple(lines)


def _kpi_target(c: Context, k: Kpi) -> Cell:
    t, w = k.target, c.w
    if t is None:
        return ()
    minimum, best = level(c, t.minimum, t.unit), level(c, t.best_effort, t.unit)
    lines = [measure_target(c, t)]
    lines += [w.label(N_("Minimum: {value}"), value=minimum)] if minimum else []
    lines += [w.label(N_("Best effort: {value}"), value=best)] if best else []
    return tuple(lines)


def reporting(c: Context, n: str) -> Children:
    w, rep = c.w, c.a.reporting
    tools = c.table(
        [(N_("Tool"), 2), (N_("Category"), 2), (N_("Used by"), 3)],
        [[(w.plain(t.name),), (w.label(TOOL_CATEGORIES[t.category]),), (c.parties(t.used_by),)] for t in rep.tools],
    )
    kpis = c.table(
        [(N_("KPI"), 2.4), (N_("Definition"), 4), (N_("Owner"), 1.8), (N_("Target"), 1.8), (N_("Frequency"), 1.4)],
        [
            [
                (w.local(k.name),),
                _kpi_definition(c, k),
                _kpi_owners(c, k),
                _kpi_target(c, k),
                (w.label(FREQUENCIES[k.frequency]),),
            ]
            for k in rep.kpis
        ],
    )
    return c.subsections(
        n,
        [
            ("tools", N_("Reporting tools"), [tools] if rep.tools else []),
            ("kpis", N_("KPIs"), [kpis]),
        ],
    )


def _remedy_row(c: Context, r: Remedy, goal_titles: dict[str, Text]) -> list[Cell]:
    w = c.w
    when = [w.local(r.when)] if r.when else []
    if r.goals:
        when.append(w.label(N_("Goals: {list}"), list=w.join([goal_titles[g] for g in r.goals])))
    return [
        tuple(when),
        (w.local(r.action),),
        (c.party_names[r.owner],) if r.owner else (),
        (w.label(N_("Within {duration}"), duration=duration(c, r.within)),) if r.within else (),
    ]


def missed_goals(c: Context, n: str) -> Children:
    """Steps given only in words stay a numbered list; once any step says when, who or by when, a table."""
    remedies = c.a.missed_goals
    if all(r.when is None and not r.goals and r.owner is None and r.within is None for r in remedies):
        return c.items([r.action for r in remedies], ordered=True)
    goal_titles = {ref: c.w.local(resolve_goal(c.a, ref)[0][2].title) for r in remedies for ref in r.goals}
    return [
        c.table(
            [(N_("When"), 3), (N_("What is done"), 4), (N_("Who"), 1.8), (N_("By when"), 1.8)],
            [_remedy_row(c, r, goal_titles) for r in remedies],
        )
    ]


def cancellation(c: Context, n: str) -> Children:
    return c.subsections(
        n,
        [
            ("conditions", N_("Cancellation conditions"), c.items(c.a.cancellation, ordered=True)),
            ("unexpected_events", N_("Unexpected events"), c.items(c.a.unexpected_events)),
        ],
    )


def review(c: Context, n: str) -> Children:
    w, r = c.w, c.a.review
    rows: list[list[Cell]] = [
        [(w.label(N_("Cadence")),), (w.label(REVIEW_CADENCES[r.cadence]),)],
        [(w.label(N_("Next review")),), (w.value(lambda f: f.date(r.next_review)),)],
    ]
    if r.mid_term_review:
        mid = r.mid_term_review
        rows.append([(w.label(N_("Mid-term review")),), (w.value(lambda f: f.date(mid)),)])
    if r.final_review:
        final = r.final_review
        rows.append([(w.label(N_("End-of-term review")),), (w.value(lambda f: f.date(final)),)])
    if r.freeze:
        freeze = r.freeze
        span = w.value(lambda f: f.duration(freeze.value, freeze.unit))
        rows.append(
            [(w.label(N_("Definitions fixed")),), (w.label(N_("For at least {span} after each change"), span=span),)]
        )
    if r.participants:
        rows.append([(w.label(N_("Participants")),), (c.parties(r.participants),)])
    children: Children = [c.table([(N_("Item"), 1.4), (N_("Rule"), 4)], rows, role="fields")]
    if r.triggers:
        children.append(Paragraph(w.label(N_("The parties also review the agreement early when:"))))
        children += c.items(r.triggers)
    return children


def revisions(c: Context, n: str) -> Children:
    w = c.w
    return [
        c.table(
            [(N_("Version"), 1), (N_("Date"), 2), (N_("Author"), 2), (N_("Summary"), 5)],
            [
                [
                    (w.plain(r.version),),
                    (w.value(lambda f, d=r.date: f.date(d)),),  # type: ignore[misc]
                    (w.local(r.author),),
                    (w.local(r.summary),),
                ]
                for r in c.a.revisions
            ],
            role="history",
        )
    ]


def signatures(c: Context, n: str) -> Children:
    w = c.w
    by_party = {s.party: s for s in c.a.signatories}
    block = SignatureBlock(
        tuple(
            Signature(
                PartyRef(p.id, c.party_names[p.id]), w.local(by_party[p.id].name), w.local(by_party[p.id].title), p.id
            )
            for p in c.a.parties
        )
    )
    return [Paragraph(w.label(N_("The parties agree to the terms above and sign below."))), block]
