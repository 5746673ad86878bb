"""Word table column widths follow their content: what must stay whole gets room first."""

from __future__ import annotations

import pytest

from sla_docgen.render.docx.widths import fit_widths, min_em, unbreakable_pieces


@pytest.mark.parametrize(
    "text,whole",
    [
        ("年間￥600,000,000", "年間￥600,000,000"),
        ("目標値：四半期あたり 2,000", "2,000"),
        ("misaki.takahashi@example.co.jp", "misaki.takahashi@example.co.jp"),
        ("$10,560,000", "$10,560,000"),
        ("New-logo bookings", "New-logo"),
    ],
)
def test_pieces_that_must_stay_whole(text: str, whole: str) -> None:
    assert whole in unbreakable_pieces(text)


def test_japanese_text_may_break_between_characters() -> None:
    assert unbreakable_pieces("当年度に契約締結した新規顧客") == list("当年度に契約締結した新規顧客")


def test_a_short_value_is_kept_whole() -> None:
    assert min_em(["最低水準"]) == pytest.approx(4.0)
    assert min_em(["当年度に契約締結した新規顧客の初年度契約金額の合計"]) == pytest.approx(1.0)


def test_widths_fill_the_room_and_respect_minimums() -> None:
    # Everything fits unbroken: the widest lines, then the room left by weight.
    assert fit_widths([1, 1], [100, 100], [300, 500], 1000) == [400, 600]
    # Not everything fits: minimums first, the rest by how much more each column could use.
    widths = fit_widths([3, 1, 1], [100, 900, 100], [5000, 900, 100], 2000)
    assert sum(widths) == 2000 and widths[1] >= 900 and widths[2] >= 100
    # Not even the minimums fit: scaled down, still adding up.
    assert sum(fit_widths([1, 1], [1500, 1500], [2000, 2000], 2000)) == 2000
