"""The report's sections on hand-offs, conversions, closed-loop feedback, data quality and the method used."""

from __future__ import annotations

from sla_docgen.document.blocks import BarChartData, BarSeries, Cell, Chart, Column, Paragraph, Section, Table, Text
from sla_docgen.document.context import Children, Context
from sla_docgen.i18n import N_
from sla_docgen.report import wording as rw
from sla_docgen.report.figures import ReportFigures
from sla_docgen.report.handoff_figures import BUCKETS, HandoffFigures
from sla_docgen.report.leads import ISSUE_MESSAGES, SCOPES

ISSUES_SHOWN = 100


def grid(columns: list[tuple[Text, float]], rows: list[list[Cell]]) -> Table:
    return Table(tuple(Column(text, width) for text, width in columns), tuple(tuple(r) for r in rows))


def handoffs(c: Context, n: str, f: ReportFigures) -> Children:
    out: Children = []
    for figures in f.handoffs:
        children = _handoff(c, f, figures)
        out.append(
            Section(
                f"handoff-{figures.handoff}",
                f"{n}.{len(out) + 1}",
                rw.handoff_route(c, figures.handoff),
                tuple(children),
            )
        )
    return out


def _handoff(c: Context, f: ReportFigures, h: HandoffFigures) -> Children:
    w = c.w
    handoff = next(x for x in c.a.handoffs if x.id == h.handoff)
    limit = w.value(lambda fm: fm.duration(handoff.response_time.value, handoff.response_time.unit))
    intro = w.label(
        N_("Leads handed over at {stage}; first contact is due within {limit}, counted in {clock}."),
        stage=c.stage_names[h.stage],
        limit=limit,
        clock=w.label(N_("business time") if h.business else N_("clock time")),
    )
    out: Children = [Paragraph(intro)]
    if h.contact_column is None:
        out.append(
            Paragraph(
                w.label(
                    N_("The export has no first-contact column for this hand-off: response times are not measured.")
                ),
                kind="note",
            )
        )
    else:
        rows: list[list[Cell]] = []
        for (lo, _), counts in zip(f.window.months, h.by_month, strict=True):
            rows.append(_counts_row(c, rw.month(c, lo), counts))
        rows.append(_counts_row(c, w.label(N_("So far")), h.total))
        out.append(
            grid(
                [
                    (w.label(N_("Month")), 1.2),
                    (w.label(N_("Handed over")), 1.2),
                    (w.label(N_("Within the limit")), 1.2),
                    (w.label(N_("Late")), 1),
                    (w.label(N_("Not contacted, past the limit")), 1.6),
                    (w.label(N_("Not contacted yet")), 1.3),
                    (w.label(N_("Share within")), 1.2),
                ],
                rows,
            )
        )
        out.append(
            Paragraph(
                w.label(
                    N_("Response time of the leads contacted: median {median}, 90th percentile {p90}."),
                    median=rw.duration(c, h.median_minutes, h.business),
                    p90=rw.duration(c, h.p90_minutes, h.business),
                )
            )
        )
        if h.left_out:
            out.append(
                Paragraph(
                    w.label(
                        N_("{count} leads left out for bad data (see Data quality)."), count=rw.count(c, h.left_out)
                    ),
                    kind="note",
                )
            )
        out.append(_distribution_chart(c, h))
        if h.breaches:
            out.append(
                Paragraph(
                    w.label(
                        N_("{count} leads breached the limit; the longest waits:"), count=rw.count(c, h.breach_count)
                    )
                )
            )
            out.append(
                grid(
                    [
                        (w.label(N_("Lead")), 1.4),
                        (w.label(N_("Line")), 0.8),
                        (w.label(N_("Handed over")), 1.6),
                        (w.label(N_("First contact")), 1.6),
                        (w.label(N_("Response time")), 1.5),
                        (w.label(N_("Owner team")), 1.5),
                    ],
                    [
                        [
                            (w.plain(b.lead_id),),
                            (rw.count(c, b.line),),
                            (rw.moment(c, b.handed_at),),
                            (rw.moment(c, b.first_contact),) if b.first_contact else (w.label(N_("not yet")),),
                            (rw.duration(c, b.minutes, h.business),),
                            (c.party_names[b.team],) if b.team in c.party_names else (),
                        ]
                        for b in h.breaches
                    ],
                )
            )
    follow = h.follow_up
    if follow is not None:
        out.append(
            Paragraph(
                w.label(
                    N_(
                        "Follow-up rule: {attempts} attempts within {window}. Of the {eligible} leads whose "
                        "{window} have passed without reaching the next stage, {kept} ({share}) had them; "
                        "{average} attempts on average."
                    ),
                    attempts=rw.count(c, follow.attempts),
                    window=c.w.value(lambda f: f.duration(*follow.within)),
                    eligible=rw.count(c, follow.eligible),
                    kept=rw.count(c, follow.kept),
                    share=rw.percent(c, follow.kept / follow.eligible * 100 if follow.eligible else None),
                    average=rw.decimal(c, follow.average) if follow.average is not None else w.plain(rw.DASH),
                )
            )
        )
    return out


def _counts_row(c: Context, label: Text, counts: object) -> list[Cell]:
    from sla_docgen.report.handoff_figures import ResponseCounts

    assert isinstance(counts, ResponseCounts)
    return [
        (label,),
        (rw.count(c, counts.handed),),
        (rw.count(c, counts.within),),
        (rw.count(c, counts.late),),
        (rw.count(c, counts.overdue),),
        (rw.count(c, counts.pending),),
        (rw.percent(c, counts.share),),
    ]


def _distribution_chart(c: Context, h: HandoffFigures) -> Chart:
    w = c.w
    hours = h.limit_minutes / 60
    bounds = [hours * b for b in BUCKETS]
    categories = [w.label(N_("≤{value}"), value=rw.decimal(c, b)) for b in bounds]
    categories.append(w.label(N_(">{value}"), value=rw.decimal(c, bounds[-1])))
    categories.append(w.label(N_("none")))
    values = tuple(float(x) for x in h.distribution)
    data = BarChartData(
        categories=tuple(categories),
        series=(BarSeries(w.label(N_("Leads")), values, tuple(rw.count(c, v) for v in values)),),
        y_label=w.label(N_("Leads")),
        x_label=w.label(N_("Business hours to first contact") if h.business else N_("Hours to first contact")),
        divider=BUCKETS.index(1.0) + 1,
        divider_label=w.label(N_("limit")),
    )
    route = rw.handoff_route(c, h.handoff)
    description = w.label(
        N_(
            "Leads of {route} by time to first contact; left of the dashed line within the limit: {within} of {judged}."
        ),
        route=route,
        within=rw.count(c, h.total.within),
        judged=rw.count(c, h.total.judged),
    )
    return Chart(f"response-{h.handoff}", w.label(N_("Response times: {route}"), route=route), description, data)


def conversions(c: Context, n: str, f: ReportFigures) -> Children:
    w = c.w
    rows: list[list[Cell]] = []
    for conv in f.conversions:
        step = w.label(N_("{source} → {target}"), source=c.stage_names[conv.source], target=c.stage_names[conv.target])
        via = rw.handoff_route(c, conv.handoff) if conv.handoff else w.label(N_("funnel"))
        diff = None if conv.rate is None or conv.planned is None else conv.rate - conv.planned
        rows.append(
            [
                (step,),
                (via,),
                (rw.count(c, conv.cohort),),
                (rw.count(c, conv.converted),),
                (rw.percent(c, conv.rate),),
                (rw.percent(c, conv.planned),),
                (w.plain(("+" if diff > 0 else "") + str(rw.decimal(c, diff)) + " pt"),) if diff is not None else (),
            ]
        )
    return [
        grid(
            [
                (w.label(N_("Step")), 1.8),
                (w.label(N_("Through")), 1.8),
                (w.label(N_("Reached the first stage")), 1.3),
                (w.label(N_("Reached the next")), 1.2),
                (w.label(N_("Rate")), 1),
                (w.label(N_("Planned")), 1),
                (w.label(N_("Difference")), 1.1),
            ],
            rows,
        ),
        Paragraph(
            w.label(
                N_(
                    "Of the leads that reached the first stage in the period so far, the share that reached the next "
                    "by the as-of date; recent leads have had less time to convert."
                )
            ),
            kind="note",
        ),
    ]


def feedback(c: Context, n: str, f: ReportFigures) -> Children:
    w = c.w
    rows: list[list[Cell]] = []
    for row in f.feedback:
        rows.append(
            [
                (rw.handoff_route(c, row.handoff) if row.handoff else w.label(rw.NOT_HANDED),),
                (w.label(rw.OUTCOMES[row.outcome]),),
                (w.plain(row.reason) if row.reason else w.label(rw.NO_REASON),),
                (rw.count(c, row.count),),
            ]
        )
    if not rows:
        return [Paragraph(w.label(N_("No lead was sent back or disqualified in the period.")))]
    return [
        grid(
            [
                (w.label(N_("Hand-off")), 2),
                (w.label(N_("Outcome")), 1.2),
                (w.label(N_("Reason")), 2.4),
                (w.label(N_("Leads")), 0.9),
            ],
            rows,
        )
    ]


def data_quality(c: Context, n: str, f: ReportFigures, file: str) -> Children:
    w = c.w
    issues = f.issues
    if issues.height == 0:
        return [Paragraph(w.label(N_("No bad data found in {file}."), file=file))]
    counts = issues.group_by("kind").len().sort("kind")
    out: Children = [
        Paragraph(
            w.label(
                N_("{count} problems found in {file}; the leads concerned are left out of the figures named."),
                count=rw.count(c, issues.height),
                file=file,
            )
        ),
        grid(
            [(w.label(N_("Problem")), 2.2), (w.label(N_("Code")), 1.4), (w.label(N_("Count")), 0.8)],
            [[(w.label(_KIND_NAMES[k]),), (w.plain(k),), (rw.count(c, v),)] for k, v in counts.iter_rows()],
        ),
    ]
    shown = issues.head(ISSUES_SHOWN)
    rows: list[list[Cell]] = [
        [(w.plain(f"{file}:{line}"),), (issue_text(c, kind, column, value, detail, scope),)]
        for line, kind, column, value, detail, scope in shown.iter_rows()
    ]
    out.append(grid([(w.label(N_("Where")), 1.6), (w.label(N_("Problem")), 5)], rows))
    if issues.height > ISSUES_SHOWN:
        out.append(
            Paragraph(
                w.label(
                    N_("The first {shown} of {count} are listed; `--format json` lists them all."),
                    shown=rw.count(c, ISSUES_SHOWN),
                    count=rw.count(c, issues.height),
                ),
                kind="note",
            )
        )
    return out


_KIND_NAMES = {
    "missing-column": N_("Missing column"),
    "field-count": N_("Wrong number of fields"),
    "missing-id": N_("No lead id"),
    "duplicate-id": N_("Duplicate lead id"),
    "bad-date": N_("Unreadable date"),
    "dates-backwards": N_("Dates going backwards"),
    "unknown-stage": N_("Unknown status"),
    "unknown-party": N_("Unknown team"),
    "bad-number": N_("Unreadable number"),
    "bad-amount": N_("Unreadable amount"),
}


def issue_text(c: Context, kind: str, column: str, value: str, detail: str, scope: str) -> Text:
    """One issue's message in the document's languages."""
    params: dict[str, Text | str | int] = {
        "column": column,
        "value": value or "",
        "detail": detail or "",
        "scope": c.w.label(SCOPES[scope]),
    }
    if kind == "field-count":
        params = {"found": value, "expected": detail}
    return c.w.label(ISSUE_MESSAGES[kind], **params)


def method(c: Context, n: str, f: ReportFigures) -> Children:
    w, cal = c.w, c.a.business_calendar
    days = w.join([w.label(_WEEKDAY_NAMES[d]) for d in cal.working_days])
    out: Children = [
        Paragraph(
            w.label(
                N_(
                    "Business time counts the working hours {start}–{end} ({zone}) on {days}, except public holidays "
                    "and closed days; one business day is one working day's hours. Times in the export without an "
                    "offset are read in this time zone."
                ),
                start=cal.start,
                end=cal.end,
                zone=cal.time_zone,
                days=days,
            )
        )
    ]
    holidays = [
        (d, name) for d, name in f.calendar.holiday_names(c.w.langs[0]).items() if f.window.start <= d <= f.window.as_of
    ]
    closed = [d for d in cal.closed_days if f.window.start <= d <= f.window.as_of]
    if holidays or closed:
        items = [w.label(N_("{day} {name}"), day=rw.day(c, d), name=name) for d, name in holidays]
        items += [w.label(N_("{day} closed"), day=rw.day(c, d)) for d in closed]
        out.append(Paragraph(w.label(N_("Days off in the period so far:"))))
        from sla_docgen.document.blocks import ItemList

        out.append(ItemList(tuple(items)))
    return out


_WEEKDAY_NAMES = {
    "mon": N_("Monday"),
    "tue": N_("Tuesday"),
    "wed": N_("Wednesday"),
    "thu": N_("Thursday"),
    "fri": N_("Friday"),
    "sat": N_("Saturday"),
    "sun": N_("Sunday"),
}
