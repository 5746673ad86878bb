"""The report's sections on goals and volume: the status of each goal, volume per stage, the goal line, the funnel."""

from __future__ import annotations

from sla_docgen.document.blocks import (
    BarChartData,
    BarSeries,
    Cell,
    Chart,
    GoalLineChartData,
    GoalLineSeries,
    ItemList,
    Paragraph,
)
from sla_docgen.document.context import Children, Context
from sla_docgen.funnel.periods import term_months
from sla_docgen.i18n import N_
from sla_docgen.report import wording as rw
from sla_docgen.report.figures import ReportFigures

STATUS_RULE = N_(
    "Each goal is judged over its own periods from the start of the agreement. A period that is over is met at "
    "or beyond its target, keeps its minimum between minimum and target, and is missed short of its minimum. A "
    "count in progress is projected to the period's end at its pace against the goal line (the monthly goal "
    "spread over the month's working days); a rate in progress is its value so far. It is on track when that "
    "reaches the target and at risk when not. A goal is missed when its latest finished period was missed."
)
MISSED_INTRO = N_("Missed: {goals}. The agreement's procedure when goals are missed:")


def summary(c: Context, n: str, f: ReportFigures) -> Children:
    """One row per measured goal with its status, the rule used, and the missed-goals procedure where needed."""
    w = c.w
    rows: list[list[Cell]] = []
    for result in f.goals:
        current = result.periods[-1] if result.periods else None
        target = rw.goal_value(c, result, result.target)
        if result.minimum is not None:
            target = w.label(
                N_("{target} (minimum {minimum})"), target=target, minimum=rw.goal_value(c, result, result.minimum)
            )
        rows.append(
            [
                (rw.goal_title(c, result), c.party_names.get(result.party) or w.label(N_("Company"))),
                (rw.measure(c, result),),
                (rw.span(c, current.period.start, current.period.end),) if current else (),
                (rw.goal_value(c, result, current.actual if current else None),),
                (rw.goal_value(c, result, current.projected),) if current and not current.complete else (),
                (target,),
                (rw.status(c, result.status),),
            ]
        )
    headers = [
        (N_("Goal"), 2.2),
        (N_("Measured as"), 2),
        (N_("Latest period"), 2.2),
        (N_("Actual"), 1.2),
        (N_("Projected"), 1.2),
        (N_("Target"), 1.8),
        (N_("Status"), 1.1),
    ]
    out: Children = [
        Paragraph(
            w.label(
                N_("From {start} to {as_of}: {counted} of {rows} leads in the export count in the funnel figures."),
                start=rw.day(c, f.window.start),
                as_of=rw.day(c, f.window.as_of),
                counted=rw.count(c, f.counted),
                rows=rw.count(c, f.rows),
            )
        ),
        c.table(headers, rows),
        Paragraph(w.label(STATUS_RULE), kind="note"),
    ]
    missed = [r for r in f.goals if r.status == "missed"]
    if missed:
        names = w.join([rw.goal_title(c, r) for r in missed])
        out.append(Paragraph(w.label(MISSED_INTRO, goals=names)))
        out.append(ItemList(c.lines([step.action for step in c.a.missed_goals]), ordered=True))
    if f.unmeasured_goals:
        titles = []
        for qualified in f.unmeasured_goals:
            result = next(g for q, _, g in _goals(c) if q == qualified)
            titles.append(w.local(result.title))
        out.append(
            Paragraph(
                w.label(N_("Not measured from the export: {goals}."), goals=w.join(titles)),
                kind="note",
            )
        )
    return out


def _goals(c: Context):  # type: ignore[no-untyped-def]
    from sla_docgen.model.refs import all_goals

    return all_goals(c.a)


def volume(c: Context, n: str, f: ReportFigures) -> Children:
    """Leads reaching each stage per month and so far, against the funnel's need to date; the two charts."""
    w = c.w
    months = [rw.month(c, lo) for lo, _ in f.window.months]
    rows: list[list[Cell]] = []
    for v in f.volumes:
        if not v.measured:
            continue
        plan = f.plan_to_date.get(v.stage)
        rows.append(
            [
                (c.stage_names[v.stage],),
                *[(rw.count(c, x),) for x in v.by_month],
                (rw.count(c, v.total),),
                (rw.count(c, plan),) if plan is not None else (),
            ]
        )
    headers = [(N_("Stage"), 1.6)]
    columns = c.table(headers + [("", 1.0)] * len(months) + [(N_("So far"), 1.2), (N_("Needed to date"), 1.4)], rows)
    from dataclasses import replace

    from sla_docgen.document.blocks import Column

    table = replace(
        columns,
        columns=(
            columns.columns[0],
            *(Column(m, 1.0) for m in months),
            *columns.columns[1 + len(months) :],
        ),
    )
    out: Children = [
        table,
        Paragraph(
            w.label(
                N_(
                    "Needed to date: what the revenue goal needs at each stage from the start of the term to the "
                    "as-of date (the funnel's monthly need times the months elapsed)."
                )
            ),
            kind="note",
        ),
    ]
    if f.goal_line is not None:
        out.append(_goal_line_chart(c, f))
    if f.numbers is not None and f.plan_to_date:
        out.append(_funnel_chart(c, f))
    return out


def _goal_line_chart(c: Context, f: ReportFigures) -> Chart:
    w, g = c.w, f.goal_line
    assert g is not None
    stage = c.stage_names[g.line.stage]
    line = g.line
    series = [
        GoalLineSeries(w.label(N_("Needed: {stage}"), stage=stage), line.needed, rw.count(c, line.needed[-1]), "needed")
    ]
    if line.committed is not None:
        series.append(
            GoalLineSeries(
                w.label(N_("Committed: {stage}"), stage=stage),
                line.committed,
                rw.count(c, line.committed[-1]),
                "committed",
            )
        )
    if g.actual:
        last = len(g.actual) - 1
        series.append(
            GoalLineSeries(w.label(N_("Actual: {stage}"), stage=stage), g.actual, rw.count(c, g.actual[-1]), "actual")
        )
        remaining = len(line.days) - last - 1
        step = (g.projected_end - g.actual[-1]) / remaining if remaining else 0.0
        projection = tuple(g.actual[-1] + step * i for i in range(remaining + 1))
        series.append(
            GoalLineSeries(
                w.label(N_("Projected: {stage}"), stage=stage),
                projection,
                rw.count(c, g.projected_end),
                "projected",
                start=last,
            )
        )
    months = [
        ym for ym in term_months(f.window.start, f.window.term_end) if any((d.year, d.month) == ym for d in line.days)
    ]
    ticks = tuple(
        (index, w.value(lambda fm, y=y, m=m: fm.month(y, m)))  # type: ignore[misc]
        for index, (y, m) in zip(line.month_starts, months, strict=False)
    )
    description = w.label(
        N_(
            "Cumulative {stage} per working day of the business calendar: the goal line against the actual count "
            "up to {as_of} ({actual}) and, at the pace so far, {projected} by the end of the term (needed: {needed})."
        ),
        stage=stage,
        as_of=rw.day(c, f.window.as_of),
        actual=rw.count(c, g.actual[-1] if g.actual else 0),
        projected=rw.count(c, g.projected_end),
        needed=rw.count(c, line.needed[-1]),
    )
    return Chart(
        "goal-line-actual",
        w.label(N_("Goal line and actual: {stage}, cumulative"), stage=stage),
        description,
        GoalLineChartData(line.days, tuple(series), ticks, w.label(N_("{stage} (cumulative)"), stage=stage)),
    )


def _funnel_chart(c: Context, f: ReportFigures) -> Chart:
    w = c.w
    assert f.numbers is not None
    stages = [need.stage for need in f.numbers.stages]
    actual = {v.stage: v.total for v in f.volumes}
    plan = [f.plan_to_date[s] for s in stages]
    done = [float(actual.get(s, 0)) for s in stages]
    description = w.label(
        N_(
            "Leads at each stage of the funnel from the start of the term to {as_of}, "
            "against what the goal needs: {pairs}."
        ),
        as_of=rw.day(c, f.window.as_of),
        pairs=w.join(
            [
                w.label(
                    N_("{stage} {actual} of {plan}"), stage=c.stage_names[s], actual=rw.count(c, a), plan=rw.count(c, p)
                )
                for s, a, p in zip(stages, done, plan, strict=True)
            ]
        ),
    )
    data = BarChartData(
        categories=tuple(c.stage_names[s] for s in stages),
        series=(
            BarSeries(w.label(N_("Needed to date")), tuple(plan), tuple(rw.count(c, p) for p in plan)),
            BarSeries(w.label(N_("Actual")), tuple(done), tuple(rw.count(c, a) for a in done)),
        ),
        y_label=w.label(N_("Leads")),
    )
    return Chart("funnel-actual", w.label(N_("The funnel: actual against plan")), description, data)
