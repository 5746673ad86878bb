"""Cross-section rules: each broken rule is reported at the offending value."""

from __future__ import annotations

import pytest

from sla_docgen.errors import ValidationFailed
from sla_docgen.loader import load_bytes
from sla_docgen.validate import validate
from tests.conftest import MINIMAL, SAMPLES, replace_once

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
