"""Rules for leads: the stages and their funnel order, qualification checklists, ICP axes and bands, scoring."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from sla_docgen.i18n import N_
from sla_docgen.model.agreement import Agreement, Finding, Path
from sla_docgen.model.leads import FUNNEL_ORDER, IcpAxis, Qualification
from sla_docgen.model.refs import Refs

MSG_REQUIRED_STAGE = N_("the lead stages must define a {kind} stage")
MSG_DUPLICATE_KIND = N_("more than one {kind} stage")
MSG_FUNNEL_ORDER = N_("the lead stages follow the funnel: a {kind} stage cannot come after the {previous} stage")
MSG_QUALIFICATION_ITEMS = N_("a custom qualification needs its items")
MSG_QUALIFICATION_REQUIRED = N_("required is {required}, but there are only {count} items")
MSG_CUSTOM_AXIS_NAME = N_("a custom axis needs a name")
MSG_EMPTY_AXIS = N_("give values for at least one of high, mid and low")
MSG_BANDS_KIND = N_("bands are for employee_count axes")
MSG_BAND_RANGE = N_("min {min} is above max {max}")
MSG_BAND_OVERLAP = N_("this band overlaps another one from {start} employees")
MSG_BAND_GAP = N_("no band covers {start} to {end} employees")
MSG_BAND_LOW_OPEN = N_("no band covers fewer than {min} employees; leave out min on the lowest band")
MSG_BAND_HIGH_OPEN = N_("no band covers more than {max} employees; leave out max on the highest band")
MSG_AXIS_POINTS = N_("ICP axis {ref!r} has no points: give tier_points, or axis_points for {ref!r}")
MSG_SCORE_UNREACHABLE = N_("the MQL threshold {threshold} cannot be reached: the best possible score is {best}")

BANT_ITEMS = 4
"""Budget, Authority, Need, Timeline: the items a BANT qualification without its own items checks."""


def check_leads(a: Agreement, refs: Refs) -> Iterator[Finding]:
    yield from _stages(a)
    for i, axis in enumerate(a.icp.axes):
        yield from _axis(("icp", "axes", i), axis)
    yield from _scoring(a, refs)


def _stages(a: Agreement) -> Iterator[Finding]:
    kinds = Counter(s.kind for s in a.lead_stages)
    for kind in ("lead", "mql", "sql"):
        if kind not in kinds:
            yield Finding(("lead_stages",), MSG_REQUIRED_STAGE, {"kind": kind.upper()})
    latest = -1
    for i, s in enumerate(a.lead_stages):
        if kinds[s.kind] > 1 and s.id != next(t.id for t in a.lead_stages if t.kind == s.kind):
            yield Finding(("lead_stages", i, "kind"), MSG_DUPLICATE_KIND, {"kind": s.kind.upper()})
        if s.kind in FUNNEL_ORDER:
            rank = FUNNEL_ORDER.index(s.kind)
            if rank < latest:
                previous = FUNNEL_ORDER[latest]
                yield Finding(("lead_stages", i, "kind"), MSG_FUNNEL_ORDER, {"kind": s.kind, "previous": previous})
            latest = max(latest, rank)
        if s.qualification is not None:
            yield from _qualification(("lead_stages", i, "qualification"), s.qualification)


def _qualification(path: Path, q: Qualification) -> Iterator[Finding]:
    if q.framework == "custom" and not q.items:
        yield Finding((*path, "framework"), MSG_QUALIFICATION_ITEMS)
        return
    count = len(q.items) or BANT_ITEMS
    if q.required is not None and q.required > count:
        yield Finding((*path, "required"), MSG_QUALIFICATION_REQUIRED, {"required": q.required, "count": count})


def _axis(path: Path, axis: IcpAxis) -> Iterator[Finding]:
    if axis.kind == "custom" and axis.name is None:
        yield Finding((*path, "kind"), MSG_CUSTOM_AXIS_NAME)
    if not (axis.high or axis.mid or axis.low or axis.bands):
        yield Finding((*path, "id"), MSG_EMPTY_AXIS)
    if axis.bands and axis.kind != "employee_count":
        yield Finding((*path, "bands"), MSG_BANDS_KIND)
        return
    ranges: list[tuple[float, float, int]] = []
    for j, band in enumerate(axis.bands):
        low, high = band.min or 1, band.max if band.max is not None else math.inf
        if low > high:
            yield Finding((*path, "bands", j, "min"), MSG_BAND_RANGE, {"min": band.min, "max": band.max})
            return
        ranges.append((low, high, j))
    yield from _coverage((*path, "bands"), sorted(ranges))


def _coverage(path: Path, ranges: list[tuple[float, float, int]]) -> Iterator[Finding]:
    """Sorted bands must run from 1 employee to any number without gaps or overlaps."""
    if not ranges:
        return
    covered = 0.0  # every count up to here falls in a band
    for low, high, j in ranges:
        if low > covered + 1:
            if covered == 0:
                yield Finding((*path, j, "min"), MSG_BAND_LOW_OPEN, {"min": int(low)})
            else:
                yield Finding((*path, j, "min"), MSG_BAND_GAP, {"start": int(covered) + 1, "end": int(low) - 1})
        elif low <= covered:
            yield Finding((*path, j, "min"), MSG_BAND_OVERLAP, {"start": int(low)})
        covered = max(covered, high)
    if not math.isinf(covered):
        yield Finding((*path, ranges[-1][2], "max"), MSG_BAND_HIGH_OPEN, {"max": int(covered)})


def _scoring(a: Agreement, refs: Refs) -> Iterator[Finding]:
    scoring = a.lead_scoring
    for axis_id in scoring.axis_points:
        yield from refs.axis(("lead_scoring", "axis_points", axis_id), axis_id)
    best = 0
    for axis in a.icp.axes:
        if not (axis.high or axis.mid or axis.low or axis.bands):
            continue
        points = scoring.points_for(axis.id)
        if points is None:
            yield Finding(("lead_scoring",), MSG_AXIS_POINTS, {"ref": axis.id})
            continue
        best += max(points.high, points.mid, points.low, 0)
    best += sum(rule.points for rule in scoring.behaviours)
    if best < scoring.mql_threshold:
        yield Finding(
            ("lead_scoring", "mql_threshold"),
            MSG_SCORE_UNREACHABLE,
            {"threshold": scoring.mql_threshold, "best": best},
        )
