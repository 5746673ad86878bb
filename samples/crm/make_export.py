"""Make a synthetic CRM lead export for samples/acme-ja.yaml: same seed, same bytes.

    python samples/crm/make_export.py                       # the committed sample (about 4,000 leads)
    python samples/crm/make_export.py --rows 1000000 -o /tmp/acme-1m.csv

The leads follow the Acme agreement's funnel with a season (a slow August, an exhibition in June,
a busy autumn), web forms arriving at night and at weekends, an inside sales team that often answers
an MQL late and leaves some leads short of the six follow-up attempts, sales deciding most SALs within
a business day, recycled and disqualified leads with reasons, and a few bad rows (an impossible date,
an unknown status, dates going backwards, a duplicate lead id, a row missing its last fields) so that
the report's data-quality section has something to show. Headers and values are those of the Japanese
Salesforce export that `sla_docgen report` reads with samples/crm/acme-ja-export.mapping.yaml.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

HEADERS = (
    "リードID",
    "作成日",
    "リード状況",
    "所有チーム",
    "取引先区分",
    "MQL日時",
    "IS初回接触日時",
    "IS接触回数",
    "SAL日時",
    "営業初回対応日時",
    "営業接触回数",
    "SQL日時",
    "受注日",
    "差し戻し理由",
    "商談金額",
)
START = date(2026, 4, 1)
AS_OF = date(2026, 10, 15)
SAMPLE_ROWS = 4200
MONTH_WEIGHT = {4: 0.9, 5: 0.95, 6: 1.25, 7: 1.0, 8: 0.7, 9: 1.1, 10: 1.15, 11: 1.1, 12: 0.8, 1: 0.85, 2: 1.0, 3: 1.05}
"""Seasonality: an exhibition in June, a slow August, a busy autumn."""
RECYCLE_REASONS = ("時期尚早", "予算なし", "決裁者不明", "連絡不通", "他社製品を導入済み")
SALES_REJECT_REASONS = ("BANT不十分", "導入時期が未定", "予算規模が合わない")
DISQUALIFY_REASONS = ("学生・教育機関", "競合他社", "連絡先が虚偽")
TEAMS = ("マーケティング部", "インサイドセールス部", "営業本部")
MINUTE = np.timedelta64(1, "m")


def _days(start: date, end: date) -> tuple[np.ndarray, np.ndarray]:
    days = np.arange(np.datetime64(start), np.datetime64(end) + 1, dtype="datetime64[D]")
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
    months = days.astype("datetime64[M]").astype("int64") % 12 + 1
    weight = np.array([MONTH_WEIGHT[int(m)] for m in months]) * np.where(weekday < 5, 1.0, 0.25)
    return days, weight / weight.sum()


def _time_of_day(rng: np.random.Generator, n: int, night_share: float) -> np.ndarray:
    """Minutes after midnight: mostly 9:00-18:00, some at night (web forms, scoring runs)."""
    office = rng.integers(9 * 60, 18 * 60, n)
    night = rng.integers(0, 24 * 60, n)
    return np.where(rng.random(n) < night_share, night, office)


def _lognormal_minutes(rng: np.random.Generator, n: int, median_minutes: float, sigma: float) -> np.ndarray:
    return (rng.lognormal(np.log(median_minutes), sigma, n)).astype("int64") * MINUTE


def _office_hours(moments: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """People answer during the working day: a moment at night or at a weekend moves to a working morning."""
    minutes = moments.astype("datetime64[m]")
    day = minutes.astype("datetime64[D]")
    of_day = (minutes - day).astype("int64")
    early, late = of_day < 9 * 60, of_day >= 18 * 60
    day = np.where(late, day + 1, day)
    weekday = (day.astype("int64") + 3) % 7
    day = day + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))
    morning = day.astype("datetime64[m]") + (9 * 60 + rng.integers(0, 90, len(day))) * MINUTE
    return np.where(early | late | (weekday >= 5), morning, minutes)


def leads(rows: int, seed: int, as_of: date) -> pl.DataFrame:
    """The export as a frame of text columns (empty where a lead never reached a stage)."""
    rng = np.random.default_rng(seed)
    days, weights = _days(START, as_of)
    created = rng.choice(days, size=rows, p=weights).astype("datetime64[m]")
    created = created + _time_of_day(rng, rows, 0.3) * MINUTE
    created.sort()
    end = np.datetime64(as_of) + np.timedelta64(1, "D")

    mql = created + _lognormal_minutes(rng, rows, 12 * 24 * 60, 0.9)
    is_mql = (rng.random(rows) < 0.096) & (mql < end)
    direct = is_mql & (rng.random(rows) < 0.08)  # Tier 1 accounts go straight to sales
    via_is = is_mql & ~direct
    tier = np.where(direct, "Tier 1", np.where(rng.random(rows) < 0.3, "Tier 2", "その他"))

    # Inside sales is often late: a quarter of MQLs wait more than a working day.
    slow = rng.random(rows) < 0.25
    is_wait = np.where(slow, _lognormal_minutes(rng, rows, 26 * 60, 0.6), _lognormal_minutes(rng, rows, 90, 0.9))
    is_touch = _office_hours(mql + is_wait, rng)
    is_touched = via_is & (is_touch < end)
    is_attempts = np.clip(rng.poisson(5.2, rows) + (rng.random(rows) < 0.5), 1, 12)

    sal = is_touch + _lognormal_minutes(rng, rows, 7 * 24 * 60, 0.6)
    is_sal = is_touched & (rng.random(rows) < 0.39) & (sal < end)
    sales_touch_from = np.where(direct, mql, sal)
    sales_touch = _office_hours(
        sales_touch_from
        + np.where(
            rng.random(rows) < 0.9, _lognormal_minutes(rng, rows, 180, 0.8), _lognormal_minutes(rng, rows, 30 * 60, 0.5)
        ),
        rng,
    )
    sales_open = is_sal | direct
    sales_touched = sales_open & (sales_touch < end)
    sales_attempts = np.clip(rng.poisson(3.4, rows), 1, 8)

    sql = sales_touch + _lognormal_minutes(rng, rows, 8 * 24 * 60, 0.5)
    sql_rate = np.where(direct, 0.5, 0.74)
    is_sql = sales_touched & (rng.random(rows) < sql_rate) & (sql < end)
    won = (sql + _lognormal_minutes(rng, rows, 45 * 24 * 60, 0.5)).astype("datetime64[D]")
    is_won = is_sql & (rng.random(rows) < 0.26) & (won < end)
    lost = is_sql & ~is_won & (rng.random(rows) < 0.35)
    amount = (rng.lognormal(np.log(5_500_000), 0.35, rows) // 10_000 * 10_000).astype("int64")

    # Sent back: IS recycles most leads it does not pass on; sales returns some SALs; a few are disqualified.
    is_done = is_touched & ~is_sal & (is_touch + 10 * 24 * 60 * MINUTE < end)
    recycled = is_done & (rng.random(rows) < 0.75)
    sales_rejected = is_sal & ~is_sql & sales_touched & (rng.random(rows) < 0.6)
    disqualified = (~is_mql & (rng.random(rows) < 0.03)) | (is_done & ~recycled & (rng.random(rows) < 0.3))

    status = np.full(rows, "新規", dtype=object)
    status[is_mql] = "MQL"
    status[is_touched] = "IS対応中"
    status[recycled] = "ナーチャリング"
    status[disqualified] = "対象外"
    status[is_sal] = "SAL"
    status[sales_rejected] = "営業差し戻し"
    status[direct & sales_touched] = "営業対応中"
    status[is_sql] = "商談化"
    status[lost] = "失注"
    status[is_won] = "受注"
    reason = np.full(rows, "", dtype=object)
    reason[recycled] = rng.choice(RECYCLE_REASONS, rows, p=(0.35, 0.2, 0.15, 0.2, 0.1))[recycled]
    reason[sales_rejected] = rng.choice(SALES_REJECT_REASONS, rows)[sales_rejected]
    reason[disqualified] = rng.choice(DISQUALIFY_REASONS, rows)[disqualified]
    team = np.where(sales_open, TEAMS[2], np.where(is_mql & ~recycled & ~disqualified, TEAMS[1], TEAMS[0]))
    team = np.where(sales_rejected, TEAMS[1], team)

    def stamp(values: np.ndarray, reached: np.ndarray) -> pl.Series:
        text = pl.Series(values.astype("datetime64[m]").astype("datetime64[ms]")).dt.strftime("%Y/%m/%d %H:%M")
        return pl.select(pl.when(pl.Series(reached)).then(text).otherwise(pl.lit(""))).to_series()

    def number(values: np.ndarray, reached: np.ndarray) -> pl.Series:
        return pl.Series(np.where(reached, values.astype(str), ""))

    frame = pl.DataFrame(
        {
            HEADERS[0]: [f"00Q{n:07d}" for n in range(1, rows + 1)],
            HEADERS[1]: stamp(created, np.ones(rows, dtype=bool)),
            HEADERS[2]: status.astype(str),
            HEADERS[3]: team,
            HEADERS[4]: tier,
            HEADERS[5]: stamp(mql, is_mql),
            HEADERS[6]: stamp(is_touch, is_touched),
            HEADERS[7]: number(is_attempts, is_touched),
            HEADERS[8]: stamp(sal, is_sal),
            HEADERS[9]: stamp(sales_touch, sales_touched),
            HEADERS[10]: number(sales_attempts, sales_touched),
            HEADERS[11]: stamp(sql, is_sql),
            HEADERS[12]: pl.Series(won.astype("datetime64[D]"))
            .dt.strftime("%Y/%m/%d")
            .zip_with(pl.Series(is_won), pl.Series([""] * rows)),
            HEADERS[13]: reason.astype(str),
            HEADERS[14]: number(amount, is_sql),
        }
    )
    # Empty cells are written as nothing at all (not ""), as CRMs write them.
    return frame.select(pl.when(pl.col(name) != "").then(pl.col(name)).alias(name) for name in HEADERS)


def _bad_rows(lines: list[str], rng: np.random.Generator) -> list[str]:
    """Spoil a few rows the way real exports are spoilt; one of each per 1,000 rows, at least one of each."""
    out = list(lines)
    body = range(1, len(out))
    count = max(1, len(body) // 1000)
    picks = rng.choice(np.array(body), size=min(len(body), 6 * count), replace=False)
    kinds = ("date", "status", "backwards", "duplicate", "short", "attempts")
    for index, row in enumerate(picks):
        fields = out[row].split(",")
        kind = kinds[index % len(kinds)]
        if kind == "date":
            fields[1] = fields[1][:5] + "13" + fields[1][7:]  # a thirteenth month
        elif kind == "status":
            fields[2] = "保留"
        elif kind == "backwards":
            fields[5] = "2026/03/31 23:59"  # an MQL before the lead was created
        elif kind == "duplicate":
            fields[0] = out[row - 1].split(",")[0]
        elif kind == "short":
            fields = fields[:9]
        elif kind == "attempts":
            fields[7] = "三回"
        out[row] = ",".join(fields)
    return out


def export_bytes(rows: int = SAMPLE_ROWS, seed: int = 2026, as_of: date = AS_OF, encoding: str = "utf-8") -> bytes:
    frame = leads(rows, seed, as_of)
    lines = frame.write_csv(line_terminator="\n").rstrip("\n").split("\n")
    lines = _bad_rows(lines, np.random.default_rng(seed + 1))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=SAMPLE_ROWS)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    parser.add_argument("--encoding", default="utf-8", choices=("utf-8", "utf-8-sig", "cp932"))
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("acme-ja-export.csv"))
    args = parser.parse_args(argv)
    args.output.write_bytes(export_bytes(args.rows, args.seed, args.as_of, args.encoding))
    print(args.output, f"{args.rows:,} leads", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
