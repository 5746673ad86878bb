"""Cross-section rules: each broken rule is reported at the offending value."""

from __future__ import annotations

import pytest

from sla_docgen.errors import ValidationFailed
from sla_docgen.loader import load_bytes
from sla_docgen.validate import validate
from tests.conftest import COMPLETE, MINIMAL, SAMPLES, replace_once

BASE = MINIMAL.read_text(encoding="utf-8")

CASES = [
    ("unknown party", ("owner: sales}", "owner: salse}"), "52:75", "lead_stages[2].owner", "unknown party 'salse'"),
    (
        "unknown stage",
        ("    stage: mql\n", "    stage: sal\n"),
        "62:12",
        "handoffs[0].stage",
        "unknown lead stage 'sal'",
    ),
    (
        "period order",
        ("end: 2028-03-31", "end: 2026-03-31"),
        "8:36",
        "agreement.period.end",
        "must start before it ends",
    ),
    (
        "unreachable threshold",
        ("mql_threshold: 100", "mql_threshold: 500"),
        "57:18",
        "lead_scoring.mql_threshold",
        "best possible score is 130",
    ),
    ("duplicate id", ("id: sales\n", "id: marketing\n"), "16:9", "parties[1].id", "duplicate id 'marketing'"),
    (
        "version not latest",
        ('  version: "1.0"\n', '  version: "1.1"\n'),
        "9:12",
        "agreement.version",
        "must be the latest revision (1.0)",
    ),
    (
        "levels out of order",
        ("minimum: 250", "minimum: 350"),
        "39:17",
        "goals.parties.marketing[0].target",
        "minimum <= target <= best_effort",
    ),
    (
        "prevailing language",
        ("prevailing_language: en", "prevailing_language: ja"),
        "7:24",
        "agreement.prevailing_language",
        "must be one of the agreement's languages",
    ),
    (
        "missing SQL stage",
        ("  - {id: sql, kind: sql, definition: Confirmed budget and timing., owner: sales}\n", ""),
        "50:3",
        "lead_stages",
        "must define a SQL stage",
    ),
    (
        "percent out of range",
        ("response_time: {value: 24", "response_time: {value: 0"),
        "63:28",
        "handoffs[0].response_time.value",
        "must be at least 1",
    ),
    ("bad id", ("id: mql-to-sql", "id: MQL to SQL"), "69:11", "reporting.kpis[0].id", "is not a valid id"),
    ("bad e-mail", ("email: ann@example.com", "email: ann"), "15:61", "parties[0].owner.email", "not an e-mail"),
    ("wrong choice", ("cadence: quarterly", "cadence: sometimes"), "77:12", "review.cadence", "expected one of"),
    (
        "boolean for number",
        ("target: 300", "target: true"),
        "39:17",
        "goals.parties.marketing[0].target",
        "expected a number, got a boolean true",
    ),
    (
        "missing signatory",
        ("{party: sales, name: Bo Kim", "{party: marketing, name: Bo Kim"),
        "16:9",
        "parties[1].id",
        "party 'sales' has no signatory",
    ),
    ("empty text", ("company: Minimal Corp", 'company: " "'), "4:12", "agreement.company", "must not be empty"),
    (
        "unsupported language",
        ("company: Minimal Corp", "company: {ja: 株式会社ミニマル, fr: Minimal}"),
        "4:12",
        "agreement.company",
        "unsupported language 'fr'",
    ),
]


@pytest.mark.parametrize("name,change,where,path,words", CASES, ids=[c[0] for c in CASES])
def test_rule_is_located(name: str, change: tuple[str, str], where: str, path: str, words: str) -> None:
    text = replace_once(BASE, *change)
    with pytest.raises(ValidationFailed) as caught:
        validate(load_bytes(text.encode("utf-8"), "q.yaml"))
    messages = caught.value.message("en").splitlines()
    matching = [m for m in messages if words in m]
    assert matching and matching[0].startswith(f"q.yaml:{where}: {path}: "), messages


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_samples_are_valid(sample) -> None:  # type: ignore[no-untyped-def]
    questionnaire = validate(load_bytes(sample.read_bytes(), sample.name))
    assert len(questionnaire.agreement.parties) >= 2


# Rules of the fields added for the template's and the guides' items, on the questionnaire that has them all.
FULL = COMPLETE.read_text(encoding="utf-8")


def validate_full(text: str) -> object:
    """A variant of the complete questionnaire, validated as if it stood in its folder (its logo is there)."""
    loaded = load_bytes(text.encode("utf-8"), "q.yaml")
    loaded.path = COMPLETE
    return validate(loaded)


FULL_CASES = [
    (
        "target and ratio",
        (
            "      ratio:\n        - {label: Marketing-sourced",
            "      target: 5\n      unit: count\n      ratio:\n        - {label: Marketing-sourced",
        ),
        "55:9",
        "goals.company[1].ratio",
        "give a target or a ratio, not both",
    ),
    (
        "target without unit",
        ("      target: 7500\n        unit: currency_per_day\n", "      target: 7500\n"),
        "83:17",
        "goals.parties.sales[0].target",
        "a target needs a unit",
    ),
    (
        "unit without target",
        ("      due: 2027-09-30\n", "      due: 2027-09-30\n      unit: count\n"),
        "60:13",
        "goals.company[2].unit",
        "a unit belongs to a target",
    ),
    (
        "levels without target",
        ("      due: 2027-09-30\n", "      due: 2027-09-30\n      minimum: 3\n"),
        "60:16",
        "goals.company[2].minimum",
        "minimum and best_effort belong to a target",
    ),
    (
        "period and rolling",
        (
            "        rolling: {value: 12, unit: weeks}\n",
            "        rolling: {value: 12, unit: weeks}\n        period: month\n",
        ),
        "76:18",
        "goals.parties.marketing[1].rolling",
        "give period or rolling, not both",
    ),
    ("no period", ("      period: half_year\n", ""), "53:9", "goals.company[1].ratio", "add period or rolling"),
    (
        "goal in words without a date",
        ("      due: 2027-09-30\n", ""),
        "58:15",
        "goals.company[2].metric",
        "needs a due date or a period",
    ),
    (
        "rolling without target",
        ("      due: 2027-09-30\n", "      due: 2027-09-30\n      rolling: {value: 3, unit: months}\n"),
        "60:16",
        "goals.company[2].rolling",
        "a rolling window belongs to a target or a ratio",
    ),
    (
        "rate over 100",
        ("        target: 9\n        unit: percent\n", "        target: 109\n        unit: percent\n"),
        "74:17",
        "goals.parties.marketing[1].target",
        "between 0 and 100 percent",
    ),
    (
        "rate not a percentage",
        ("        target: 9\n        unit: percent\n", "        target: 9\n        unit: count\n"),
        "78:19",
        "goals.parties.marketing[1].to_stage",
        "use unit percent",
    ),
    (
        "to_stage without stage",
        ("        stage: lead\n        to_stage: mql\n", "        to_stage: mql\n"),
        "77:19",
        "goals.parties.marketing[1].to_stage",
        "to_stage needs stage",
    ),
    (
        "stage order",
        ("        stage: lead\n        to_stage: mql\n", "        stage: won\n        to_stage: mql\n"),
        "78:19",
        "goals.parties.marketing[1].to_stage",
        "'mql' must come after 'won' in the lead stages",
    ),
    (
        "unknown goal stage",
        ("      stage: won\n", "      stage: closed\n"),
        "47:14",
        "goals.company[0].stage",
        "unknown lead stage 'closed'",
    ),
    (
        "co-owners without owner",
        ("      owner: sales\n      co_owners: [marketing]\n", "      co_owners: [marketing]\n"),
        "240:18",
        "reporting.kpis[0].co_owners",
        "co_owners need an owner",
    ),
    (
        "co-owner is owner",
        ("      co_owners: [marketing]\n", "      co_owners: [sales]\n"),
        "241:19",
        "reporting.kpis[0].co_owners[0]",
        "'sales' is already the owner",
    ),
    (
        "unknown KPI hand-off",
        ("      handoff: mkt-to-is\n", "      handoff: mkt-to-cs\n"),
        "255:16",
        "reporting.kpis[1].handoff",
        "unknown hand-off 'mkt-to-cs'",
    ),
    (
        "KPI levels",
        ("        minimum: 20\n        best_effort: 28\n", "        minimum: 30\n        best_effort: 28\n"),
        "243:16",
        "reporting.kpis[0].target.value",
        "minimum <= target <= best_effort",
    ),
    (
        "KPI rate over 100",
        ("        value: 24\n", "        value: 124\n"),
        "243:16",
        "reporting.kpis[0].target.value",
        "between 0 and 100 percent",
    ),
    (
        "unknown remedy goal",
        ("    goals: [mql-volume, lead-to-mql]\n", "    goals: [mql-volume, mqls]\n"),
        "264:25",
        "missed_goals[0].goals[1]",
        "unknown goal 'mqls'",
    ),
    (
        "unknown remedy owner",
        ("    owner: marketing\n    within: {value: 10", "    owner: finance\n    within: {value: 10"),
        "266:12",
        "missed_goals[0].owner",
        "unknown party 'finance'",
    ),
    (
        "unknown contact hand-off",
        ("    handoffs: [mkt-to-is]\n", "    handoffs: [mkt-to-xx]\n"),
        "214:16",
        "contacts[0].handoffs[0]",
        "unknown hand-off 'mkt-to-xx'",
    ),
    (
        "unknown contact stage",
        ("    stages: [mql]\n", "    stages: [mqls]\n"),
        "215:14",
        "contacts[0].stages[0]",
        "unknown lead stage 'mqls'",
    ),
    (
        "funnel order",
        ("  - {id: won, kind: won,", "  - {id: won, kind: sal,"),
        "142:21",
        "lead_stages[5].kind",
        "a sal stage cannot come after the opportunity stage",
    ),
    (
        "custom checklist without items",
        ("      items: [Budget approved, Signer identified, Pain confirmed]\n", ""),
        "132:18",
        "lead_stages[3].qualification.framework",
        "needs its items",
    ),
    (
        "checklist asks too much",
        ("      required: 2\n", "      required: 4\n"),
        "135:17",
        "lead_stages[3].qualification.required",
        "required is 4, but there are only 3 items",
    ),
    (
        "bands on another axis",
        ("      high: [Northern Europe]\n", "      high: [Northern Europe]\n      bands: [{tier: high, min: 5}]\n"),
        "113:14",
        "icp.axes[2].bands",
        "bands are for employee_count axes",
    ),
    (
        "band min above max",
        ("{tier: mid, min: 50, max: 249}", "{tier: mid, min: 250, max: 249}"),
        "107:28",
        "icp.axes[1].bands[1].min",
        "min 250 is above max 249",
    ),
    (
        "band gap",
        ("{tier: high, min: 250}", "{tier: high, min: 300}"),
        "108:29",
        "icp.axes[1].bands[2].min",
        "no band covers 250 to 299 employees",
    ),
    (
        "band overlap",
        ("{tier: high, min: 250}", "{tier: high, min: 200}"),
        "108:29",
        "icp.axes[1].bands[2].min",
        "overlaps another one from 200 employees",
    ),
    (
        "band open below",
        ("        - {tier: low, max: 49}\n", ""),
        "106:28",
        "icp.axes[1].bands[0].min",
        "no band covers fewer than 50 employees",
    ),
    (
        "band closed above",
        ("{tier: high, min: 250}", "{tier: high, min: 250, max: 5000}"),
        "108:39",
        "icp.axes[1].bands[2].max",
        "no band covers more than 5000 employees",
    ),
    (
        "axis points unknown axis",
        ("    regions: {high: 20", "    region: {high: 20"),
        "148:13",
        "lead_scoring.axis_points.region",
        "unknown ICP axis 'region'",
    ),
    (
        "axis without points",
        ("  tier_points: {high: 50, mid: 10, low: 5}\n", ""),
        "146:3",
        "lead_scoring",
        "ICP axis 'industry' has no points",
    ),
    (
        "follow-up window missing",
        ("      within_days: 10\n", ""),
        "183:17",
        "handoffs[1].follow_up.attempts",
        "give within or within_days",
    ),
    (
        "follow-up window twice",
        ("      within_days: 10\n", "      within_days: 10\n      within: {value: 2, unit: days}\n"),
        "184:20",
        "handoffs[1].follow_up.within_days",
        "not both",
    ),
    (
        "conversion from unknown stage",
        ("from_stage: sql, to_stage: won", "from_stage: sqls, to_stage: won"),
        "186:47",
        "handoffs[1].conversion_target.from_stage",
        "unknown lead stage 'sqls'",
    ),
    (
        "conversion backwards",
        ("from_stage: sql, to_stage: won", "from_stage: won, to_stage: sql"),
        "186:62",
        "handoffs[1].conversion_target.to_stage",
        "'sql' must come after 'won'",
    ),
    (
        "mid-term review outside the period",
        ("  mid_term_review: 2027-10-01\n", "  mid_term_review: 2028-10-01\n"),
        "274:20",
        "review.mid_term_review",
        "must fall within the period",
    ),
    (
        "final review before mid-term",
        ("  final_review: 2028-03-15\n", "  final_review: 2027-09-15\n"),
        "275:17",
        "review.final_review",
        "must come after the period's start and the mid-term review",
    ),
    (
        "bad phone",
        ("phone: +49 30 1234 5678", "phone: call me"),
        "213:12",
        "contacts[0].phone",
        "is not a phone number",
    ),
    (
        "negative attribute that adds",
        ("description: Competitor domain, points: -100}", "description: Competitor domain, points: 100}"),
        "150:64",
        "lead_scoring.negative_attributes[0].points",
        "must be at most -1",
    ),
    (
        "behaviour that subtracts",
        ("description: Demo request, points: 80}", "description: Demo request, points: -80}"),
        "152:53",
        "lead_scoring.behaviours[0].points",
        "must be at least 1",
    ),
]


@pytest.mark.parametrize("name,change,where,path,words", FULL_CASES, ids=[c[0] for c in FULL_CASES])
def test_new_rule_is_located(name: str, change: tuple[str, str], where: str, path: str, words: str) -> None:
    text = replace_once(FULL, *change)
    with pytest.raises(ValidationFailed) as caught:
        validate(load_bytes(text.encode("utf-8"), "q.yaml"))
    messages = caught.value.message("en").splitlines()
    matching = [m for m in messages if words in m]
    assert matching and matching[0].startswith(f"q.yaml:{where}: {path}: "), messages


def test_the_complete_questionnaire_is_valid() -> None:
    validate_full(FULL)


def test_a_goal_id_used_twice_is_named_with_its_party() -> None:
    """Two goal lists may use the same id; a step that names it must then say whose (PARTY.ID), as the funnel does."""
    text = replace_once(FULL, "      - id: velocity\n", "      - id: playbook\n")
    text = replace_once(text, "    goals: [mql-volume, lead-to-mql]\n", "    goals: [mql-volume, playbook]\n")
    with pytest.raises(ValidationFailed) as caught:
        validate(load_bytes(text.encode("utf-8"), "q.yaml"))
    assert [i.path for i in caught.value.issues] == ["missed_goals[0].goals[1]"]
    assert "write one of: company.playbook, sales.playbook" in caught.value.message("en")
    fixed = replace_once(text, "goals: [mql-volume, playbook]", "goals: [mql-volume, sales.playbook]")
    validate_full(fixed)
