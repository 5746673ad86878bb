"""Questionnaires with a funnel section, built from the minimal one, for the funnel, finding and chart tests."""

from __future__ import annotations

from pathlib import Path

from sla_docgen.loader import load_bytes
from sla_docgen.validate import Questionnaire, validate
from tests.conftest import MINIMAL, replace_once

WON_STAGE = "  - {id: won, kind: won, definition: Contract signed., owner: sales}\n"

# Seed 004: a monthly sales goal of 5,000 with deals of 100 and a 50 % win rate needs 100 qualified leads.
SEED_004 = """funnel:
  revenue_goal: revenue
  marketing_share: 100
  average_deal_size: 100
  stages:
    - {stage: lead}
    - {stage: won, rate: 50}
"""


def with_funnel(funnel: str, *, target: int = 100_000_000, period: str = "year") -> str:
    """The minimal questionnaire with a won stage, the revenue goal given and `funnel` (YAML) after the goals."""
    text = MINIMAL.read_text(encoding="utf-8")
    old = "      target: 100000000\n      unit: currency\n      period: year\n"
    text = replace_once(text, old, f"      target: {target}\n      unit: currency\n      period: {period}\n")
    text = replace_once(text, "lead_scoring:\n", WON_STAGE + "lead_scoring:\n")
    return replace_once(text, "icp:\n", funnel + "icp:\n")


def load_text(text: str, name: str = "funnel.yaml") -> Questionnaire:
    return validate(load_bytes(text.encode("utf-8"), name))


def write(tmp_path: Path, text: str, name: str = "funnel.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
