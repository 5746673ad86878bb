"""Funnel arithmetic against worked examples, the funnel section's rules, and `sla-docgen calc`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from fractions import Fraction

import pytest
from click.testing import CliRunner

from sla_docgen.api import calc, load
from sla_docgen.cli import main
from sla_docgen.errors import ValidationFailed
from sla_docgen.funnel import funnel_numbers
from sla_docgen.funnel.periods import months_in_term, working_days
from tests.conftest import ROOT
from tests.funnel_support import SEED_004, load_text, with_funnel, write

ACME = ROOT / "samples" / "acme-ja.yaml"
GLOBEX = ROOT / "samples" / "globex-en.yaml"
BILINGUAL = ROOT / "samples" / "acme-bilingual.yaml"


def figures(path_or_text: object, span: str) -> dict[str, int]:
    questionnaire = load(path_or_text) if not isinstance(path_or_text, str) else load_text(path_or_text)
    numbers = funnel_numbers(questionnaire.agreement)
    assert numbers is not None
    return {need.stage: need.needed(numbers.months(span)) for need in numbers.stages}


def test_seed_004_monthly_goal_of_5000_with_deals_of_100_and_half_won_needs_100_leads() -> None:
    text = with_funnel(SEED_004, target=5000, period="month")
    assert figures(text, "month") == {"lead": 100, "won": 50}
    assert figures(text, "quarter") == {"lead": 300, "won": 150}
    assert figures(text, "term") == {"lead": 1200, "won": 600}  # the minimal agreement runs twelve months


@pytest.mark.parametrize("path", [ACME, BILINGUAL])
def test_acme_funnel_is_the_arithmetic_its_comments_did_by_hand(path: object) -> None:
    # ¥600M × 60% = ¥360M; ÷ ¥6M = 60 customers; ÷ 25% = 240 SQLs; ÷ 75% = 320 SALs; ÷ 40% = 800 MQLs; ÷ 10% = 8,000.
    assert figures(path, "term") == {"lead": 8000, "mql": 800, "sal": 320, "sql": 240, "won": 60}
    assert figures(path, "quarter") == {"lead": 2000, "mql": 200, "sal": 80, "sql": 60, "won": 15}


def test_globex_funnel_is_the_arithmetic_its_comments_did_by_hand() -> None:
    # $9.6M × 50% = $4.8M; ÷ $40,000 = 120 customers; ÷ 25% = 480; ÷ 30% = 1,600; ÷ 80% = 2,000; ÷ 8% = 25,000.
    assert figures(GLOBEX, "term") == {"lead": 25000, "mql": 2000, "sal": 1600, "sql": 480, "won": 120}
    assert figures(GLOBEX, "quarter") == {"lead": 6250, "mql": 500, "sal": 400, "sql": 120, "won": 30}


def test_every_figure_is_exact_until_it_is_rounded_up_once() -> None:
    # A month of acme: 5 customers, 20 SQLs, 26.67 SALs, 66.67 MQLs, 666.67 leads: each shown rounded up,
    # and never the rounded figure of the stage below divided again (that would give 68 MQLs and 680 leads).
    assert figures(ACME, "month") == {"lead": 667, "mql": 67, "sal": 27, "sql": 20, "won": 5}
    numbers = funnel_numbers(load(ACME).agreement)
    assert numbers is not None
    assert numbers.stage("sal").per_month == Fraction(80, 3)


def test_a_rate_of_one_tenth_percent_stays_exact() -> None:
    funnel = SEED_004.replace("rate: 50", "rate: 0.1")
    assert figures(with_funnel(funnel, target=3000, period="month"), "month") == {"lead": 30000, "won": 30}


def test_commitments_are_compared_over_their_own_period() -> None:
    numbers = funnel_numbers(load(ACME).agreement)
    assert numbers is not None
    commitment = numbers.stage("mql").commitment
    assert commitment is not None
    assert (commitment.party, commitment.goal_id, commitment.period) == ("marketing", "mqls", "quarter")
    assert (commitment.committed, commitment.needed, commitment.difference) == (200, 200, 0)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 4, 1), date(2027, 3, 31), Fraction(12)),
        (date(2026, 4, 15), date(2027, 4, 14), Fraction(12)),
        (date(2026, 1, 31), date(2026, 2, 27), Fraction(28, 28)),
        (date(2026, 4, 1), date(2026, 4, 15), Fraction(15, 30)),
        (date(2026, 4, 1), date(2026, 9, 30), Fraction(6)),
    ],
)
def test_months_in_term(start: date, end: date, months: Fraction) -> None:
    assert months_in_term(start, end) == months


def test_working_days_are_monday_to_friday() -> None:
    days = working_days(2026, 4)
    assert len(days) == 22 and all(d.weekday() < 5 for d in days)
    assert date(2026, 4, 4) not in days  # a Saturday


# --- the funnel section's rules: hard errors at the offending value ----------------------------------


def rejected(funnel: str) -> list[str]:
    with pytest.raises(ValidationFailed) as failed:
        load_text(with_funnel(funnel))
    return [issue.format("en") for issue in failed.value.issues]


BASE = """funnel:
  revenue_goal: revenue
  marketing_share: 50
  average_deal_size: 1000000
  stages:
    - {stage: lead}
    - {stage: mql, rate: 10, volume_goal: mql-volume}
    - {stage: won, rate: 20}
"""


def test_the_base_funnel_is_valid() -> None:
    # ¥100M × 50% ÷ ¥1M = 50 customers; ÷ 20% = 250 MQLs; ÷ 10% = 2,500 leads.
    assert figures(with_funnel(BASE), "term") == {"lead": 2500, "mql": 250, "won": 50}


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("revenue_goal: revenue", "revenue_goal: revenu", "funnel.revenue_goal", "unknown goal 'revenu'"),
        ("revenue_goal: revenue", "revenue_goal: mql-volume", "funnel.revenue_goal", "counts a count; this needs"),
        ("revenue_goal: revenue", "revenue_goal: Revenue!", "funnel.revenue_goal", "is not a goal id"),
        ("  marketing_share: 50\n", "", "funnel.marketing_share", "exactly one of marketing_share"),
        ("marketing_share: 50", "marketing_share: 150", "funnel.marketing_share", "must be at most 100"),
        ("average_deal_size: 1000000", "average_deal_size: 0", "funnel.average_deal_size", "must be at least 1"),
        ("{stage: lead}", "{stage: lead, rate: 5}", "funnel.stages[0].rate", "first stage of the funnel takes no rate"),
        ("{stage: lead}", "{stage: mql}", "funnel.stages[0].stage", "starts at a lead stage, not at MQL"),
        ("{stage: won, rate: 20}", "{stage: sql, rate: 20}", "funnel.stages[2].stage", "ends at a won stage"),
        ("mql, rate: 10,", "mql,", "funnel.stages[1].stage", "exactly one of rate, rate_goal and rate_handoff"),
        ("mql, rate: 10,", "mql, rate: 10, rate_handoff: mkt-to-sales,", "funnel.stages[1].stage", "exactly one"),
        ("mql, rate: 10,", "mql, rate: 0,", "funnel.stages[1].rate", "a conversion rate of 0 leaves nobody"),
        ("mql, rate: 10,", "mql, rate_goal: revenue,", "funnel.stages[1].rate_goal", "counts money"),
        ("mql, rate: 10,", "mql, rate_handoff: nope,", "funnel.stages[1].rate_handoff", "unknown hand-off 'nope'"),
        ("mql, rate: 10,", "mql, rate_handoff: mkt-to-sales,", "funnel.stages[1].rate_handoff", "no conversion"),
        ("volume_goal: mql-volume", "volume_goal: sales.mql-volume", "funnel.stages[1].volume_goal", "unknown goal"),
        ("{stage: lead}\n", "{stage: lead}\n    - {stage: sql, rate: 50}\n", "funnel.stages[2].stage", "comes before"),
        ("{stage: lead}", "{stage: leed}", "funnel.stages[0].stage", "unknown lead stage 'leed'"),
    ],
)
def test_a_broken_funnel_is_an_error_at_the_value(old: str, new: str, where: str, message: str) -> None:
    issues = rejected(BASE.replace(old, new, 1))
    assert any(f": {where}: " in line and message in line for line in issues), issues


def test_a_hand_off_gives_the_rate_only_for_its_own_stages() -> None:
    text = with_funnel(BASE.replace("mql, rate: 10,", "mql, rate_handoff: mkt-to-sales,"))
    text = text.replace(
        "    response_time: {value: 24, unit: business_hours}\n",
        "    response_time: {value: 24, unit: business_hours}\n    conversion_target: {rate: 30, to_stage: sql}\n",
    )
    with pytest.raises(ValidationFailed) as failed:
        load_text(text)
    assert "converts mql to sql, not lead to mql" in failed.value.issues[0].format("en")


def test_a_goal_id_used_twice_must_be_qualified() -> None:
    text = with_funnel(BASE).replace("      - id: mql-volume\n", "      - id: revenue\n")
    with pytest.raises(ValidationFailed) as failed:
        load_text(text.replace("volume_goal: mql-volume", "volume_goal: revenue"))
    assert "write one of: company.revenue, marketing.revenue" in failed.value.message("en")
    qualified = text.replace("volume_goal: mql-volume", "volume_goal: marketing.revenue")
    qualified = qualified.replace("revenue_goal: revenue", "revenue_goal: company.revenue")
    assert load_text(qualified).agreement.funnel is not None


def test_an_unknown_finding_code_suggests_the_right_one() -> None:
    text = with_funnel(BASE) + "accepted_findings:\n  - {code: tier-ordr, reason: On purpose.}\n"
    with pytest.raises(ValidationFailed) as failed:
        load_text(text)
    assert "accepted_findings[0].code: unknown finding code 'tier-ordr'; did you mean 'tier-order'?" in (
        failed.value.message("en")
    )


def test_a_meeting_reviews_only_known_kpis() -> None:
    text = with_funnel(BASE).replace(
        "    - {id: chat, name: Slack, purpose: Day-to-day questions}\n",
        "    - {id: chat, name: Slack, purpose: Day-to-day questions}\n  meetings:\n"
        "    - {id: weekly, name: Weekly, form: online, frequency: weekly, participants: [sales], reviews: [kpi-x]}\n",
    )
    with pytest.raises(ValidationFailed) as failed:
        load_text(text)
    assert "communication.meetings[0].reviews[0]: unknown KPI 'kpi-x'" in failed.value.message("en")


# --- sla-docgen calc -----------------------------------------------------------------------------------


def test_calc_prints_the_funnel_in_the_agreements_language() -> None:
    result = CliRunner().invoke(main, ["calc", str(ACME)], env={"LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "この合意の裏付けとなる数値"
    assert "60社" in result.output and "（売上目標）" in result.output
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in ("リード", "受注")}
    assert rows["リード"][1:4] == ["8,000", "2,000", "667"]
    assert rows["受注"][:2] == ["受注", "25%"] and rows["受注"][-3:] == ["60", "15", "5"]


def test_calc_in_english_json_and_csv() -> None:
    text = calc(load(ACME), lang="en")
    assert "Over the term" in text and "Lead" not in text.split("\n")[0]
    data = json.loads(calc(load(ACME), output_format="json"))
    assert data["marketing_share_percent"] == 60 and data["average_deal_size"] == 6000000
    assert [s["needed"]["term"] for s in data["stages"]] == [8000, 800, 320, 240, 60]
    assert data["stages"][2]["rate_from_handoff"] == "mkt-to-is"
    assert data["stages"][1]["commitment"]["difference"] == 0
    rows = list(csv.DictReader(io.StringIO(calc(load(GLOBEX), output_format="csv"))))
    assert [r["needed_quarter"] for r in rows] == ["6250", "500", "400", "120", "30"]
    assert rows[1]["committed_goal"] == "mqls" and rows[1]["difference"] == "0"


def test_calc_without_a_funnel_says_so(tmp_path: object) -> None:
    result = CliRunner().invoke(main, ["calc", str(ROOT / "tests" / "data" / "minimal.yaml"), "--lang", "en"])
    assert result.exit_code == 1
    assert "has no funnel section" in result.output


def test_calc_on_an_invalid_file_reports_the_location(tmp_path: object) -> None:
    path = write(tmp_path, with_funnel(BASE.replace("revenue_goal: revenue", "revenue_goal: nope")))  # type: ignore[arg-type]
    result = CliRunner().invoke(main, ["calc", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "funnel.revenue_goal: unknown goal 'nope'" in result.output
