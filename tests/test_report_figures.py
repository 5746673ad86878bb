"""`report` figures against a small export computed by hand (tests/data/report/hand.csv, as of 2026-05-15).

The hand computation, for the Acme agreement (business hours Mon-Fri 09:00-18:00, Japanese holidays):
L2 MQL Fri 04-03 10:00, IS 12:00 -> 2 h; L3 MQL Tue 04-28 17:00, IS Thu 04-30 10:00 (04-29 is Showa Day) -> 1 + 1 = 2 h;
L4 MQL Fri 05-01 17:30, IS Thu 05-07 11:00 (weekend and 05-04..06 holidays) -> 0.5 + 2 = 2.5 h; L5 MQL Mon 04-06 20:00,
IS Tue 15:00 -> 6 h, late; L7 MQL Thu 05-14 10:00, no contact: 8 + 9 = 17 h waited, overdue; L8 MQL Fri 05-15 16:00,
2 h waited, pending. L6 (Tier 1) goes straight to sales: Wed 04-08 10:00 -> Thu 09:00+1 h = 9 h = one business day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sla_docgen.api import load
from sla_docgen.report.figures import ReportFigures, compute
from sla_docgen.report.run import read_leads
from tests.conftest import DATA, ROOT

HAND = DATA / "report" / "hand.csv"
AS_OF = dt.date(2026, 5, 15)


@pytest.fixture(scope="module")
def figures() -> ReportFigures:
    questionnaire = load(ROOT / "samples" / "acme-ja.yaml")
    leads = read_leads(questionnaire, HAND, None)
    return compute(leads, questionnaire.agreement, AS_OF)


def test_rows_counted_and_volumes_per_month(figures: ReportFigures) -> None:
    assert figures.rows == 15
    assert figures.counted == 10  # L9 bad date, D1 twice, L13 backwards, L14 short row are left out
    volumes = {v.stage: (v.by_month, v.total) for v in figures.volumes if v.measured}
    assert volumes == {
        "lead": ((7, 3), 10),
        "mql": ((4, 3), 7),
        "sal": ((1, 0), 1),
        "sql": ((2, 0), 2),
        "won": ((0, 1), 1),
    }


def test_handoff_response_in_business_time(figures: ReportFigures) -> None:
    by_id = {h.handoff: h for h in figures.handoffs}
    is_ = by_id["mkt-to-is"]
    assert (is_.total.handed, is_.total.within, is_.total.late, is_.total.overdue, is_.total.pending) == (6, 3, 1, 1, 1)
    assert is_.total.share == pytest.approx(60.0)
    assert [m.share for m in is_.by_month] == [pytest.approx(200 / 3), pytest.approx(50.0)]
    assert is_.median_minutes == pytest.approx(135)  # 120, 120, 150, 360
    assert is_.p90_minutes == pytest.approx(150 + 0.7 * 210)
    assert {b.lead_id: round(b.minutes) for b in is_.breaches} == {"L7": 17 * 60, "L5": 6 * 60}
    assert is_.distribution[-1] == 1  # L7, not contacted past the limit
    direct = by_id["mkt-to-sales"]
    assert (direct.total.handed, direct.total.within) == (1, 1)
    assert direct.limit_minutes == 9 * 60
    assert by_id["is-to-sales"].total.within == 1


def test_follow_up_rule(figures: ReportFigures) -> None:
    follow = {h.handoff: h.follow_up for h in figures.handoffs}
    is_ = follow["mkt-to-is"]
    assert is_ is not None
    # Due: L3, L4, L5 (14 days passed, no SAL); L2 reached SAL. Six attempts: only L5.
    assert (is_.eligible, is_.kept, is_.average) == (3, 1, pytest.approx(3.0))
    direct = follow["mkt-to-sales"]
    assert direct is not None and direct.eligible == 0


def test_conversions(figures: ReportFigures) -> None:
    found = {(c.source, c.target, c.handoff): (c.cohort, c.converted, c.planned) for c in figures.conversions}
    assert found == {
        ("lead", "mql", None): (10, 7, 10.0),
        ("mql", "sal", None): (7, 1, 40.0),
        ("sal", "sql", None): (1, 1, 75.0),
        ("sql", "won", None): (2, 1, 25.0),
        ("mql", "sal", "mkt-to-is"): (6, 1, 40.0),
        ("sal", "sql", "is-to-sales"): (1, 1, 75.0),
        ("mql", "sql", "mkt-to-sales"): (1, 1, 50.0),
    }


def test_sent_back_and_disqualified_by_reason(figures: ReportFigures) -> None:
    rows = {(r.handoff, r.outcome, r.reason): r.count for r in figures.feedback}
    assert rows == {("mkt-to-is", "recycled", "時期尚早"): 1, (None, "rejected", "競合他社"): 1}


def test_goal_statuses(figures: ReportFigures) -> None:
    status = {g.goal: (g.status, [p.status for p in g.periods]) for g in figures.goals}
    assert status["inside_sales.mql-response"] == ("missed", ["missed", "at_risk"])  # April 2/3, May 1/2
    assert status["sales.sal-decision"] == ("on_track", ["met", None])  # no SAL handed over in May yet
    assert status["marketing.leads"] == ("at_risk", ["at_risk"])
    assert status["marketing.lead-to-mql"] == ("on_track", ["on_track"])  # 7 of 10
    assert status["sales.sql-win-rate"] == ("on_track", ["on_track"])  # 1 of 2
    leads_goal = next(g for g in figures.goals if g.goal == "marketing.leads")
    assert leads_goal.periods[0].actual == 10
    assert "company.new-bookings" in figures.unmeasured_goals


def test_every_bad_row_by_line(figures: ReportFigures) -> None:
    found = [(line, kind) for line, kind, *_ in figures.issues.iter_rows()]
    assert found == [
        (10, "bad-date"),
        (11, "duplicate-id"),
        (12, "duplicate-id"),
        (13, "unknown-stage"),
        (14, "dates-backwards"),
        (15, "field-count"),
    ]


def test_missing_column_is_reported_and_its_figures_left_out(tmp_path: Path) -> None:
    text = HAND.read_text(encoding="utf-8").replace(",営業接触回数,", ",営業接触,", 1)
    export = tmp_path / "hand.csv"
    export.write_text(text, encoding="utf-8")
    (tmp_path / "hand.mapping.yaml").write_bytes((DATA / "report" / "hand.mapping.yaml").read_bytes())
    questionnaire = load(ROOT / "samples" / "acme-ja.yaml")
    figures = compute(read_leads(questionnaire, export, None), questionnaire.agreement, AS_OF)
    assert (1, "missing-column", "営業接触回数") in [(r[0], r[1], r[2]) for r in figures.issues.iter_rows()]
    by_id = {h.handoff: h for h in figures.handoffs}
    assert by_id["is-to-sales"].follow_up is None
    assert by_id["mkt-to-is"].follow_up is not None


def test_a_follow_up_window_in_business_days_closes_by_the_business_calendar() -> None:
    """10 business days = 90 business hours: L5 (MQL 04-06) is due; L3 (MQL Tue 04-28 17:00) has had only
    82 of them by the end of 05-15 (04-29 and 05-04..06 are holidays), so, unlike with 14 calendar days, it is not."""
    from sla_docgen.loader import load_bytes
    from sla_docgen.validate import validate
    from tests.conftest import replace_once

    text = (ROOT / "samples" / "acme-ja.yaml").read_text(encoding="utf-8")
    old = "      attempts: 6\n      within_days: 14\n"
    text = replace_once(text, old, "      attempts: 6\n      within:\n        value: 10\n        unit: business_days\n")
    questionnaire = validate(load_bytes(text.encode("utf-8"), "acme-ja.yaml"))
    figures = compute(read_leads(questionnaire, HAND, None), questionnaire.agreement, AS_OF)
    follow = {h.handoff: h.follow_up for h in figures.handoffs}["mkt-to-is"]
    assert follow is not None and follow.within == (10, "business_days")
    assert (follow.eligible, follow.kept, follow.average) == (1, 1, pytest.approx(6.0))
