"""Consistency findings: each code has a questionnaire that triggers it and one that does not; validate reports them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.api import findings
from sla_docgen.cli import main
from sla_docgen.errors import Issue
from sla_docgen.model.funnel import FINDING_CODES
from tests.conftest import ROOT, replace_once
from tests.funnel_support import load_text, write

ACME = (ROOT / "samples" / "acme-ja.yaml").read_text(encoding="utf-8")
EN = {"LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""}


def section(text: str, start: str, end: str) -> str:
    """Text from the line `start` up to (not including) the line `end`."""
    i = text.index(start)
    return text[i : text.index(end, i)]


def drop(text: str, start: str, end: str) -> str:
    return text.replace(section(text, start, end), "", 1)


def found(text: str, *, include_accepted: bool = False) -> list[Issue]:
    return findings(load_text(text, "acme.yaml"), include_accepted=include_accepted)


MQLS = "        target: 200\n        unit: count\n        period: quarter\n        minimum: 180\n"
WON_CRITERIA = "    criteria:\n      - 契約書または発注書を受領している\n"

TRIGGERS = {
    # code: (mutate the clean sample, the field path it names)
    "volume-short": (lambda t: replace_once(t, MQLS, MQLS.replace("200", "190")), "goals.parties.marketing[1].target"),
    "kpi-no-target": (
        lambda t: drop(t, "      target:\n        value: 90\n", "      frequency: quarterly\n"),
        "reporting.kpis[8].id",
    ),
    "mql-attributes-only": (
        lambda t: replace_once(t, "    high: 15\n", "    high: 20\n"),
        "lead_scoring.mql_threshold",
    ),
    "tier-order": (lambda t: replace_once(t, "    low: 5\n", "    low: 12\n"), "lead_scoring.tier_points.mid"),
    "stage-no-criteria": (
        lambda t: drop(t, WON_CRITERIA, "    owner: sales\n  - id: unqualified"),
        "lead_stages[6].id",
    ),
    "handoff-no-follow-up": (
        lambda t: drop(t, "    follow_up:\n      attempts: 3\n", "    conversion_target:\n      rate: 75"),
        "handoffs[1].response_time",
    ),
    "review-interval": (
        lambda t: replace_once(t, "next_review: 2027-01-15", "next_review: 2027-11-15"),
        "review.next_review",
    ),
    "no-cancellation": (
        lambda t: drop(t, "cancellation:\n", "unexpected_events:") + "cancellation: []\n",
        "cancellation",
    ),
    "no-missed-goal-plan": (
        lambda t: drop(t, "missed_goals:\n", "cancellation:") + "missed_goals: []\n",
        "missed_goals",
    ),
    "kpi-not-reviewed": (
        lambda t: replace_once(t, "reviews: [kpi-cycle, kpi-pipeline]", "reviews: [kpi-pipeline]"),
        "reporting.kpis[8].id",
    ),
    "kpi-owner-absent": (
        lambda t: replace_once(t, "reviews: [kpi-leads, kpi-mqls,", "reviews: [kpi-leads, kpi-win-rate, kpi-mqls,"),
        "communication.meetings[0].reviews[1]",
    ),
}


def test_the_clean_sample_has_no_findings() -> None:
    assert found(ACME) == []


def test_every_code_has_a_trigger_below() -> None:
    accepted = {"handoff-stage-owner", "rate-mismatch"}  # triggered by the sample itself, tested below
    assert set(TRIGGERS) | accepted == set(FINDING_CODES)


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_each_finding_is_triggered_where_it_says(code: str) -> None:
    mutate, path = TRIGGERS[code]
    issues = found(mutate(ACME))
    assert [(i.code, i.path) for i in issues if i.code == code] == [(code, path)], [i.format("en") for i in issues]


def test_accepted_findings_are_silent_until_asked_for() -> None:
    issues = found(ACME, include_accepted=True)
    assert {(i.code, i.path) for i in issues} == {
        ("handoff-stage-owner", "handoffs[2].stage"),
        ("rate-mismatch", "handoffs[2].conversion_target.rate"),
    }
    mismatch = next(i for i in issues if i.code == "rate-mismatch")
    assert mismatch.message("en") == "hand-off 'mkt-to-sales' expects 50% of mql to reach sql; the funnel counts on 30%"


def test_a_hand_off_agreeing_with_the_funnel_is_no_finding() -> None:
    text = replace_once(ACME, "      rate: 50\n      to_stage: sql\n", "      rate: 30\n      to_stage: sql\n")
    assert "rate-mismatch" not in {i.code for i in found(text, include_accepted=True)}


def test_a_hand_off_into_a_stage_its_receiver_owns_is_no_finding() -> None:
    text = replace_once(ACME, "    to: sales\n    stage: mql\n", "    to: inside_sales\n    stage: mql\n")
    assert "handoff-stage-owner" not in {i.code for i in found(text, include_accepted=True)}


def test_findings_name_line_and_column_and_speak_japanese() -> None:
    mutate, _ = TRIGGERS["volume-short"]
    (issue,) = found(mutate(ACME))
    line = next(n for n, text in enumerate(mutate(ACME).splitlines(), 1) if text == "        target: 190")
    assert issue.format("en") == (
        f"acme.yaml:{line}:17: goals.parties.marketing[1].target: marketing commits to 190 mql per quarter; "
        "the revenue goal needs 200 (short by 10) [volume-short]"
    )
    assert "四半期あたり190ですが、売上目標の達成には200必要です（10不足）" in issue.format("ja")


# --- validate on the command line ---------------------------------------------------------------


def test_validate_warns_by_default_and_fails_with_strict(tmp_path: Path) -> None:
    mutate, _ = TRIGGERS["volume-short"]
    path = write(tmp_path, mutate(ACME), "short.yaml")
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 0
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+:17: goals\.parties\.marketing\[1\]\.target: .*\[volume-short\]\n", result.output
    )
    strict = CliRunner().invoke(main, ["validate", "--strict", str(path), "--lang", "en"])
    assert strict.exit_code == 1 and strict.output == result.output


def test_strict_passes_a_sample_that_accepts_its_findings() -> None:
    result = CliRunner().invoke(main, ["validate", "--strict", *map(str, sorted((ROOT / "samples").glob("*.yaml")))])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_validate_lists_findings_in_the_users_language(tmp_path: Path) -> None:
    path = write(tmp_path, TRIGGERS["no-cancellation"][0](ACME), "nocancel.yaml")
    result = CliRunner().invoke(main, ["validate", str(path)], env={**EN, "LANG": "ja_JP.UTF-8"})
    assert "解約の条件がありません" in result.output and result.output.rstrip().endswith("[no-cancellation]")
