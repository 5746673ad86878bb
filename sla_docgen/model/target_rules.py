"""Rules for goals and KPI targets: a goal's shape, the order of its levels, percentages, funnel steps, owners."""

from __future__ import annotations

from collections.abc import Iterator

from sla_docgen.i18n import N_
from sla_docgen.model.agreement import Agreement, Finding, Path
from sla_docgen.model.goals import Goal, Measure
from sla_docgen.model.refs import Refs, all_goals
from sla_docgen.model.sections import Kpi

MSG_LEVELS_UP = N_("where more is better, minimum <= target <= best_effort must hold")
MSG_LEVELS_DOWN = N_("where less is better, minimum >= target >= best_effort must hold")
MSG_TARGET_AND_RATIO = N_("give a target or a ratio, not both")
MSG_TARGET_UNIT = N_("a target needs a unit")
MSG_UNIT_ALONE = N_("a unit belongs to a target: add the target or remove the unit")
MSG_LEVELS_ALONE = N_("minimum and best_effort belong to a target: add the target or remove them")
MSG_WHEN_COUNTED = N_("say what time the target is counted over: add period or rolling")
MSG_QUALITATIVE_WHEN = N_("a goal without a target or a ratio needs a due date or a period")
MSG_PERIOD_AND_ROLLING = N_("give period or rolling, not both")
MSG_ROLLING_ALONE = N_("a rolling window belongs to a target or a ratio")
MSG_RATE_RANGE = N_("a rate from one stage to another lies between 0 and 100 percent")
MSG_TO_STAGE_ALONE = N_("to_stage needs stage, the stage the rate starts from")
MSG_CONVERSION_PERCENT = N_("a rate from one stage to another is a percentage: use unit percent")
MSG_CO_OWNERS_ALONE = N_("co_owners need an owner")
MSG_CO_OWNER_IS_OWNER = N_("{ref!r} is already the owner")


def check_targets(a: Agreement, refs: Refs) -> Iterator[Finding]:
    for _, path, goal in all_goals(a):
        yield from _goal(path, goal)
        yield from _funnel_step(path, goal.stage, goal.to_stage, refs)
        if goal.to_stage is not None:
            levels = {"target": goal.target, "minimum": goal.minimum, "best_effort": goal.best_effort}
            yield from _rate(path, path, goal.unit, levels)
    for i, kpi in enumerate(a.reporting.kpis):
        at: Path = ("reporting", "kpis", i)
        yield from _kpi(at, kpi, refs)
        yield from _funnel_step(at, kpi.stage, kpi.to_stage, refs)
        if kpi.to_stage is not None and kpi.target is not None:
            t = kpi.target
            levels = {"value": t.value, "minimum": t.minimum, "best_effort": t.best_effort}
            yield from _rate(at, (*at, "target"), t.unit, levels)


def _levels(path: Path, direction: str, minimum: float | None, target: float, best: float | None) -> Iterator[Finding]:
    levels = [v for v in (minimum, target, best) if v is not None]
    ascending = direction == "at_least"
    if levels != sorted(levels, reverse=not ascending):
        yield Finding(path, MSG_LEVELS_UP if ascending else MSG_LEVELS_DOWN)


def _rate(path: Path, levels_path: Path, unit: str | None, levels: dict[str, float | None]) -> Iterator[Finding]:
    """A conversion from one stage to another is a share of the leads: a percentage from 0 to 100.

    Other percentages may exceed 100 (net revenue retention of 110 %, growth of 150 %).
    """
    if unit is not None and unit != "percent":
        yield Finding((*path, "to_stage"), MSG_CONVERSION_PERCENT)
        return
    for name, value in levels.items():
        if value is not None and not 0 <= value <= 100:
            yield Finding((*levels_path, name), MSG_RATE_RANGE)


def _goal(path: Path, g: Goal) -> Iterator[Finding]:
    if g.target is not None and g.ratio is not None:
        yield Finding((*path, "ratio"), MSG_TARGET_AND_RATIO)
    if g.target is not None and g.unit is None:
        yield Finding((*path, "target"), MSG_TARGET_UNIT)
    if g.target is None and g.unit is not None:
        yield Finding((*path, "unit"), MSG_UNIT_ALONE)
    if g.target is None and (g.minimum is not None or g.best_effort is not None):
        yield Finding((*path, "minimum" if g.minimum is not None else "best_effort"), MSG_LEVELS_ALONE)
    if g.period is not None and g.rolling is not None:
        yield Finding((*path, "rolling"), MSG_PERIOD_AND_ROLLING)
    measured = g.target is not None or g.ratio is not None
    if measured and g.period is None and g.rolling is None:
        yield Finding((*path, "target" if g.target is not None else "ratio"), MSG_WHEN_COUNTED)
    if not measured and g.rolling is not None:
        yield Finding((*path, "rolling"), MSG_ROLLING_ALONE)
    elif not measured and g.due is None and g.period is None:
        yield Finding((*path, "metric"), MSG_QUALITATIVE_WHEN)
    if g.target is not None:
        yield from _levels((*path, "target"), g.direction, g.minimum, g.target, g.best_effort)


def _measure(path: Path, m: Measure) -> Iterator[Finding]:
    if m.period is not None and m.rolling is not None:
        yield Finding((*path, "rolling"), MSG_PERIOD_AND_ROLLING)
    yield from _levels((*path, "value"), m.direction, m.minimum, m.value, m.best_effort)


def _kpi(path: Path, k: Kpi, refs: Refs) -> Iterator[Finding]:
    if k.owner is not None:
        yield from refs.party((*path, "owner"), k.owner)
    elif k.co_owners:
        yield Finding((*path, "co_owners"), MSG_CO_OWNERS_ALONE)
    for j, pid in enumerate(k.co_owners):
        yield from refs.party((*path, "co_owners", j), pid)
        if pid == k.owner:
            yield Finding((*path, "co_owners", j), MSG_CO_OWNER_IS_OWNER, {"ref": pid})
    if k.handoff is not None:
        yield from refs.handoff((*path, "handoff"), k.handoff)
    if k.target is not None:
        yield from _measure((*path, "target"), k.target)


def _funnel_step(path: Path, stage: str | None, to_stage: str | None, refs: Refs) -> Iterator[Finding]:
    """A goal or KPI tied to the funnel: the stage it counts, or the step from `stage` to `to_stage` it rates."""
    if stage is not None:
        yield from refs.stage((*path, "stage"), stage)
    if to_stage is None:
        return
    yield from refs.stage((*path, "to_stage"), to_stage)
    if stage is None:
        yield Finding((*path, "to_stage"), MSG_TO_STAGE_ALONE)
        return
    yield from refs.stage_after((*path, "to_stage"), stage, to_stage)
