"""The section "the numbers behind this agreement": the funnel worked backwards from the revenue goal, two charts."""

from __future__ import annotations

from fractions import Fraction

from sla_docgen.document.blocks import (
    Cell,
    Chart,
    FunnelBar,
    FunnelChartData,
    GoalLineChartData,
    GoalLineSeries,
    Paragraph,
    Table,
    Text,
)
from sla_docgen.document.context import Children, Context
from sla_docgen.funnel.goal_line import goal_line
from sla_docgen.funnel.numbers import SPANS, FunnelNumbers, GoalRefValue, StageNeed, funnel_numbers
from sla_docgen.funnel.periods import term_months
from sla_docgen.i18n import N_
from sla_docgen.model.refs import resolve_goal

TITLE = N_("The numbers behind this agreement")
FORMULA = N_(
    "{revenue} (revenue goal) × {share} (share from marketing-sourced leads) ÷ {deal} (average deal size) "
    "= {customers} new customers over the term. Each stage above needs the stage below divided by its "
    "conversion rate."
)
ROUNDING = N_(
    "Figures are worked out exactly and rounded up to whole leads: a figure is never below what the goal needs. "
    "Committed figures are the parties' goals; the difference is counted over the goal's own period."
)
SPAN_HEADERS = {"term": N_("Over the term"), "quarter": N_("Per quarter"), "month": N_("Per month")}


def numbers(c: Context, n: str) -> Children:
    """The funnel table and charts; nothing when the agreement has no funnel section."""
    figures = funnel_numbers(c.a)
    return [] if figures is None else numbers_section(c, figures)


def numbers_section(c: Context, figures: FunnelNumbers) -> Children:
    """The formula, the table with each party's commitment, the rounding note and both charts."""
    return [
        Paragraph(_formula(c, figures)),
        _table(c, figures),
        Paragraph(c.w.label(ROUNDING), kind="note"),
        _funnel_chart(c, figures),
        _goal_line_chart(c, figures),
    ]


def _formula(c: Context, f: FunnelNumbers) -> Text:
    w = c.w
    revenue = f.revenue.value
    return w.label(
        FORMULA,
        revenue=w.value(lambda fm: fm.per_period(fm.money(_float(revenue)), f.revenue_period)),
        share=_percent(c, f.share.value),
        deal=w.value(lambda fm: fm.money(_float(f.deal_size))),
        customers=_count(c, f.customers("term")),
    )


def _float(value: Fraction) -> float:
    return value.numerator if value.denominator == 1 else float(value)


def _count(c: Context, value: int) -> Text:
    return c.w.value(lambda fm: fm.number(value))


def _percent(c: Context, value: Fraction) -> Text:
    return c.w.value(lambda fm: fm.percent(_float(value)))


def _source(c: Context, rate: GoalRefValue) -> Cell:
    """Where a rate is written: the goal's title or the hand-off's parties."""
    if rate.goal_ref is not None:
        (_, _, goal), *_ = resolve_goal(c.a, rate.goal_ref)
        return (c.w.label(N_("goal: {goal}"), goal=c.w.local(goal.title)),)
    if rate.handoff is not None:
        h = next(h for h in c.a.handoffs if h.id == rate.handoff)
        route = c.w.label(N_("{source} → {target}"), source=c.party_names[h.from_], target=c.party_names[h.to])
        return (c.w.label(N_("hand-off: {route}"), route=route),)
    return ()


def _commitment(c: Context, need: StageNeed) -> tuple[Cell, Cell]:
    w, commitment = c.w, need.commitment
    if commitment is None:
        return (), ()
    period = commitment.period
    party = c.party_names.get(commitment.party) or w.label(N_("Company"))
    committed = w.value(lambda fm: fm.per_period(fm.number(_float(commitment.committed)), period))
    difference = commitment.difference
    sign = "+" if difference > 0 else ("±" if difference == 0 else "−")
    diff = w.value(lambda fm: fm.per_period(sign + fm.number(abs(_float(difference))), period))
    return (committed, party), (diff,)


def _table(c: Context, f: FunnelNumbers) -> Table:
    rows: list[list[Cell]] = []
    for need in f.stages:
        rate: Cell = ()
        if need.rate is not None:
            value = need.rate.value
            rate = (_percent(c, value), *_source(c, need.rate))
        spans: list[Cell] = [(_count(c, need.needed(f.months(span))),) for span in SPANS]
        committed, difference = _commitment(c, need)
        rows.append([(c.stage_names[need.stage],), rate, *spans, committed, difference])
    headers = [(N_("Stage"), 1.5), (N_("Conversion rate"), 2.4)]
    headers += [(SPAN_HEADERS[span], 1.3) for span in SPANS]
    headers += [(N_("Committed"), 2), (N_("Difference"), 1.8)]
    return c.table(headers, rows)


def _funnel_chart(c: Context, f: FunnelNumbers) -> Chart:
    w = c.w
    bars = tuple(
        FunnelBar(
            label=c.stage_names[need.stage],
            value=need.needed(f.months("term")),
            value_label=_count(c, need.needed(f.months("term"))),
            rate_label=_percent(c, need.rate.value) if need.rate else None,
        )
        for need in f.stages
    )
    top, bottom = f.stages[0], f.stages[-1]
    description = w.label(
        N_("From {top} {top_name} to {bottom} {bottom_name} over the term: {stages}."),
        top=_count(c, top.needed(f.months("term"))),
        top_name=c.stage_names[top.stage],
        bottom=_count(c, bottom.needed(f.months("term"))),
        bottom_name=c.stage_names[bottom.stage],
        stages=w.join([w.label(N_("{name} {value}"), name=b.label, value=b.value_label) for b in bars]),
    )
    return Chart("funnel", w.label(N_("The funnel over the term")), description, FunnelChartData(bars))


def _goal_line_chart(c: Context, f: FunnelNumbers) -> Chart:
    w, meta = c.w, c.a.agreement
    data = goal_line(f, meta.period.start, meta.period.end)
    stage = c.stage_names[data.stage]
    need = f.stage(data.stage)
    series = [
        GoalLineSeries(
            w.label(N_("Needed: {stage}"), stage=stage),
            data.needed,
            _count(c, need.needed(f.months("term"))),
            "needed",
        )
    ]
    if data.committed is not None:
        total = data.committed[-1]
        series.append(
            GoalLineSeries(
                w.label(N_("Committed: {stage}"), stage=stage),
                data.committed,
                _count(c, round(total)),
                "committed",
            )
        )
    months = term_months(meta.period.start, meta.period.end)
    ticks = tuple(
        (index, w.value(lambda fm, y=y, m=m: fm.month(y, m)))  # type: ignore[misc]
        for index, (y, m) in zip(data.month_starts, [ym for ym in months if _has_days(ym, data)], strict=False)
    )
    description = w.label(
        N_(
            "Cumulative {stage} target for each working day: the monthly goal divided by the month's working days "
            "(Monday to Friday), added up over the term to {total}."
        ),
        stage=stage,
        total=_count(c, need.needed(f.months("term"))),
    )
    return Chart(
        "goal-line",
        w.label(N_("Goal line: {stage}, cumulative"), stage=stage),
        description,
        GoalLineChartData(data.days, tuple(series), ticks, w.label(N_("{stage} (cumulative)"), stage=stage)),
    )


def _has_days(year_month: tuple[int, int], data: object) -> bool:
    days = getattr(data, "days", ())
    return any((d.year, d.month) == year_month for d in days)
