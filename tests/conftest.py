"""Shared fixtures: the bundled samples, the minimal questionnaire and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
MINIMAL = DATA / "minimal.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    """Mutate a questionnaire; the test fails loudly if the anchor text is not there exactly once."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)
