"""The report's figures as JSON for dashboards: the same numbers as the document, keyed by the agreement's ids."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from sla_docgen.model import Agreement
from sla_docgen.report.figures import ReportFigures
from sla_docgen.report.goal_status import GoalResult
from sla_docgen.report.handoff_figures import BUCKETS, HandoffFigures, ResponseCounts

FORMAT_VERSION = 1


def _number(value: float | None, places: int = 2) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    rounded = round(float(value), places)
    return int(rounded) if rounded.is_integer() else rounded


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def _counts(c: ResponseCounts) -> dict[str, Any]:
    return {
        "handed_over": c.handed,
        "within_limit": c.within,
        "late": c.late,
        "not_contacted_past_limit": c.overdue,
        "not_contacted_yet": c.pending,
        "share_within_percent": _number(c.share),
    }


def _handoff(f: ReportFigures, h: HandoffFigures) -> dict[str, Any]:
    return {
        "handoff": h.handoff,
        "stage": h.stage,
        "limit_minutes": _number(h.limit_minutes),
        "business_time": h.business,
        "first_contact_column": h.contact_column,
        "months": [
            {"month": lo.strftime("%Y-%m"), **_counts(c)}
            for (lo, _), c in zip(f.window.months, h.by_month, strict=True)
        ],
        "so_far": _counts(h.total),
        "median_minutes": _number(h.median_minutes),
        "p90_minutes": _number(h.p90_minutes),
        "distribution": {
            "upper_bounds_in_limits": list(BUCKETS),
            "leads": list(h.distribution[: len(BUCKETS) + 1]),
            "not_contacted_past_limit": h.distribution[-1],
        },
        "breaches": h.breach_count,
        "longest_waits": [
            {
                "lead_id": b.lead_id,
                "line": b.line,
                "handed_over": _moment(b.handed_at),
                "first_contact": _moment(b.first_contact),
                "minutes": _number(b.minutes),
                "owner_team": b.team,
            }
            for b in h.breaches
        ],
        "follow_up": None
        if h.follow_up is None
        else {
            "attempts_required": h.follow_up.attempts,
            "within": {"value": h.follow_up.within[0], "unit": h.follow_up.within[1]},
            "leads_due": h.follow_up.eligible,
            "leads_with_enough_attempts": h.follow_up.kept,
            "average_attempts": _number(h.follow_up.average),
            "left_out_bad_data": h.follow_up.left_out,
        },
        "left_out_bad_data": h.left_out,
    }


def _goal(g: GoalResult) -> dict[str, Any]:
    return {
        "goal": g.goal,
        "party": g.party,
        "measure": g.measure,
        "subject": g.subject,
        "unit": g.unit,
        "direction": g.direction,
        "period": g.period_kind,
        "target": _number(g.target),
        "minimum": _number(g.minimum),
        "status": g.status,
        "periods": [
            {
                "start": p.period.start.isoformat(),
                "end": p.period.end.isoformat(),
                "complete": p.complete,
                "actual": _number(p.actual),
                "goal_line_to_date": _number(p.expected),
                "projected": _number(p.projected),
                "status": p.status,
            }
            for p in g.periods
        ],
    }


def as_data(agreement: Agreement, f: ReportFigures, *, export_name: str, encoding: str) -> dict[str, Any]:
    meta = agreement.agreement
    issues = f.issues
    g = f.goal_line
    return {
        "format_version": FORMAT_VERSION,
        "agreement": {"id": meta.id, "version": meta.version},
        "period": {"start": meta.period.start.isoformat(), "end": meta.period.end.isoformat()},
        "as_of": f.window.as_of.isoformat(),
        "export": {"file": export_name, "encoding": encoding, "rows": f.rows, "rows_counted": f.counted},
        "months": [lo.strftime("%Y-%m") for lo, _ in f.window.months],
        "volumes": [
            {
                "stage": v.stage,
                "measured": v.measured,
                "months": list(v.by_month),
                "so_far": v.total,
                "needed_to_date": _number(f.plan_to_date.get(v.stage)),
            }
            for v in f.volumes
        ],
        "goal_line": None
        if g is None
        else {
            "stage": g.line.stage,
            "days": [d.isoformat() for d in g.line.days],
            "needed": [_number(x) for x in g.line.needed],
            "committed": None if g.line.committed is None else [_number(x) for x in g.line.committed],
            "actual": [_number(x) for x in g.actual],
            "projected_end_of_term": _number(g.projected_end),
        },
        "goals": [_goal(x) for x in f.goals],
        "goals_not_measured": list(f.unmeasured_goals),
        "handoffs": [_handoff(f, h) for h in f.handoffs],
        "conversions": [
            {
                "from": c.source,
                "to": c.target,
                "handoff": c.handoff,
                "reached_from": c.cohort,
                "reached_to": c.converted,
                "rate_percent": _number(c.rate),
                "planned_percent": _number(c.planned),
            }
            for c in f.conversions
        ],
        "sent_back": [
            {"handoff": r.handoff, "outcome": r.outcome, "reason": r.reason, "leads": r.count} for r in f.feedback
        ],
        "data_quality": {
            "problems": issues.height,
            "by_kind": dict(sorted(issues.group_by("kind").len().iter_rows())),
            "issues": issues.to_dicts(),
        },
    }


def as_json(agreement: Agreement, f: ReportFigures, *, export_name: str, encoding: str) -> bytes:
    data = as_data(agreement, f, export_name=export_name, encoding=encoding)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
