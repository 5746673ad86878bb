"""Each field added for the template's and the guides' items reaches the document, in English and Japanese.

The parity test then checks that Markdown, DOCX and PDF show the Document's words whole and in order
(complete.yaml and the samples among its cases); here, that the Document has them, worded right.
"""

from __future__ import annotations

import re

import pytest

from sla_docgen.api import build, load
from tests.conftest import COMPLETE, ROOT
from tests.test_parity import section_words

ENGLISH = [
    "Marketing-sourced 60 : Sales-sourced 40 (each half-year)",  # a ratio goal
    "Due: September 30, 2027",  # a goal in words
    "9% over a rolling 12 weeks",  # a rolling window
    "€7,500 per day over a rolling 90 days",  # sales velocity
    "Funnel stage: Won",
    "Funnel step: Lead → Marketing-qualified lead",
    "up to 49 employees",  # employee bands
    "50 to 249 employees",
    "250 or more employees",
    "Fit checklist: at least 2 of these 3 must hold:",  # qualification, 2 of 3
    "BANT: all 4 of these must hold:",
    "Authority",
    "Sales region",  # per-axis points
    "+20 points",
    "Accept or return within",  # decision time
    "2 business days",
    "6 attempts within 8 business days by Phone, E-mail",  # any duration for follow-up
    "3 attempts within 10 days by Phone",
    "30% of SQL reach Won",  # conversion counted from another stage
    "at most 120 leads per week",  # capacity
    "In real time",
    "Every two months",
    "+49 30 1234 5678",  # contact phone
    "Hand-offs: Marketing → Inside Sales",
    "Lead stages: Marketing-qualified lead",
    "Asynchronous, in writing",
    "As needed",
    "Field Sales, Marketing",  # KPI co-owners
    "All parties jointly",  # KPI without an owner
    "Measures the hand-off Marketing → Inside Sales",
    "Funnel step: Marketing-qualified lead → SQL",
    "Minimum: 20%",  # KPI levels
    "Best effort: 28%",
    "at most 4 hours over a rolling 30 days",
    "A goal is below its minimum for two months",  # structured remedy
    "Goals: Deliver MQLs, Lead-to-MQL rate",
    "Within 10 business days",
    "Both heads meet within a week and agree a recovery plan.",
    "Mid-term review",
    "October 1, 2027",
    "End-of-term review",
    "March 15, 2028",
    "For at least 2 months after each change",
]

JAPANESE = [
    "Web・コンテンツ 50 : 展示会・ウェビナー 30 : ABM 20（年間）",
    "期限：2026年9月30日",
    "直近30日で4時間以下",
    "1日あたり￥1,000,000",
    "ファネルの段階：SQL → 受注",
    "99名以下",
    "100〜299名",
    "3,001名以上",
    "BANT：次の4項目のうち3項目以上を満たす",
    "予算（Budget）",
    "受け入れ・差し戻しの判定期限",
    "月あたり35件以下",
    "リアルタイム",
    "必要に応じて",
    "03-5555-0101",
    "担当する引き渡し：マーケティング部 → インサイドセールス部",
    "担当するリードの段階：リード、MQL",
    "電話",
    "インサイドセールス部、マーケティング部",
    "全チーム共同",
    "対象の引き渡し：マーケティング部 → インサイドセールス部",
    "最低水準：180",
    "対象の目標：新規リード獲得数、MQL創出数",
    "10営業日以内",
    "期中の見直し",
    "期末の全体見直し",
    "変更後、少なくとも3か月は変更しない",
]


def _words(path, langs=None):  # type: ignore[no-untyped-def]
    return "\n".join(section_words(build(load(path), langs=langs)))


@pytest.mark.parametrize("expected", ENGLISH)
def test_every_new_field_reaches_the_english_document(expected: str) -> None:
    assert expected in _COMPLETE, expected


@pytest.mark.parametrize("expected", JAPANESE)
def test_every_new_field_reaches_the_japanese_document(expected: str) -> None:
    assert expected in _ACME, expected


def test_the_japanese_wording_of_a_conversion_from_another_stage() -> None:
    """The Japanese of "30% of SQL reach Won": the stage it counts from, then the rate and the stage reached."""
    words = "\n".join(section_words(build(load(COMPLETE), langs=("ja",), allow_fallback=True)))
    assert re.search(r"SQLの30%を受注へ", words), words[:200]


_COMPLETE = _words(COMPLETE)
_ACME = _words(ROOT / "samples" / "acme-ja.yaml")
