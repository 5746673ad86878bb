"""The export's records as typed leads, and every piece of bad data found in them, by line.

Bad data is reported, never guessed: a record whose fields do not match the header, a lead
without an id or sharing its id, a stage date that cannot be read or comes before an earlier
stage's, leaves the funnel figures; a first contact that cannot be read or comes before its
hand-off leaves that hand-off's response figures; an unknown status leaves the closed-loop
figures; an unreadable number leaves the figure that counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sla_docgen.i18n import N_
from sla_docgen.report.export import FIELDS, LINE, Export
from sla_docgen.report.mapping import ResolvedMapping

if TYPE_CHECKING:
    import polars as pl

    from sla_docgen.model import Agreement

ISSUE_MESSAGES = {
    "missing-column": N_("column {column!r} is not in the export; the figures that need it are left out"),
    "field-count": N_("{found} fields where the header has {expected}; the lead is left out"),
    "missing-id": N_("no lead id in column {column!r}; the lead is left out"),
    "duplicate-id": N_("lead id {value!r} is also on line {detail}; every lead with this id is left out"),
    "bad-date": N_("{column!r}: {value!r} is not a date and time in a known format; the lead is left out of {scope}"),
    "dates-backwards": N_("{column!r}: {value} comes before {detail}; the lead is left out of {scope}"),
    "unknown-stage": N_("{column!r}: {value!r} is not a status the mapping knows; left out of {scope}"),
    "unknown-party": N_("{column!r}: {value!r} is not a team the mapping knows"),
    "bad-number": N_("{column!r}: {value!r} is not a whole number of zero or more; left out of {scope}"),
    "bad-amount": N_("{column!r}: {value!r} is not an amount; left out of {scope}"),
}
"""Issue kind (a stable code, as in the JSON) → message."""

SCOPES = {
    "funnel": N_("the funnel figures"),
    "response": N_("the response figures of its hand-off"),
    "follow-up": N_("the follow-up figures"),
    "feedback": N_("the closed-loop figures"),
    "amount": N_("the won amount"),
    "all": N_("every figure"),
}

ISSUE_COLUMNS = ("line", "kind", "column", "value", "detail", "scope")
OK = "@ok"
"""True where a lead counts in the funnel figures."""


def at(stage: str) -> str:
    """Name of the typed column with the moment a lead reached `stage`."""
    return f"@at:{stage}"


def moment(column: str) -> str:
    return f"@moment:{column}"


def number(column: str) -> str:
    return f"@number:{column}"


def moment_ok(column: str) -> str:
    return f"@moment-ok:{column}"


def number_ok(column: str) -> str:
    return f"@number-ok:{column}"


def route(handoff: str) -> str:
    return f"@route:{handoff}"


def contact_ok(handoff: str) -> str:
    """True where the hand-off's first contact can be used (read, and not before the hand-off)."""
    return f"@contact-ok:{handoff}"


@dataclass(frozen=True, slots=True)
class Leads:
    """Typed leads, one row per record, and the issues found (a frame: line, kind, column, value, detail, scope)."""

    frame: pl.DataFrame
    issues: pl.DataFrame
    export: Export
    mapping: ResolvedMapping
    funnel_order: tuple[str, ...]
    """Stage ids whose dates must not go backwards, in order."""


def funnel_order(agreement: Agreement, mapping: ResolvedMapping) -> tuple[str, ...]:
    """The stages a lead passes in order (sales-generated and unqualified stages stand apart), with a date column."""
    return tuple(
        s.id for s in agreement.lead_stages if s.kind not in ("sgl", "unqualified") and s.id in mapping.stage_dates
    )


def typed_leads(export: Export, mapping: ResolvedMapping, agreement: Agreement) -> Leads:
    """Parse every mapped column, check each record and collect the issues."""
    import polars as pl

    raw = export.frame
    tz = agreement.business_calendar.time_zone
    present = set(raw.columns)
    issues: list[pl.DataFrame] = [
        _issue_rows(pl.DataFrame({"line": [1]}), "missing-column", column=name, scope="all") for name in export.missing
    ]
    expected = len(export.header)
    shape_ok = pl.col(FIELDS) == expected
    issues.append(
        _issue_rows(
            raw.filter(~shape_ok).select(pl.col(LINE).alias("line"), pl.col(FIELDS).cast(pl.String).alias("value")),
            "field-count",
            detail=str(expected),
            scope="all",
        )
    )
    id_column = mapping.columns.lead_id
    ids = _clean(pl.col(id_column))
    columns: list[pl.Expr] = [pl.col(LINE).alias("line"), ids.alias("@id"), shape_ok.alias("@shape-ok")]
    frame = raw.select(columns)
    issues.append(
        _issue_rows(
            frame.filter(pl.col("@shape-ok") & pl.col("@id").is_null()).select("line"),
            "missing-id",
            column=id_column,
            scope="all",
        )
    )
    keyed = pl.col("@shape-ok") & pl.col("@id").is_not_null()
    frame = frame.with_columns((keyed & (pl.len().over(pl.when(keyed).then(pl.col("@id"))) > 1)).alias("@duplicate"))
    line = pl.col("line")
    duplicated = frame.filter(pl.col("@duplicate")).with_columns(
        first=line.min().over("@id"), second=line.filter(line != line.min()).min().over("@id")
    )
    issues.append(
        _issue_rows(
            duplicated.select(
                "line",
                pl.col("@id").alias("value"),
                pl.when(pl.col("line") == pl.col("first"))
                .then(pl.col("second"))
                .otherwise(pl.col("first"))
                .cast(pl.String)
                .alias("detail"),
            ),
            "duplicate-id",
            column=id_column,
            scope="all",
        )
    )
    frame = frame.with_columns(
        (pl.col("@shape-ok") & pl.col("@id").is_not_null() & ~pl.col("@duplicate")).alias("@usable")
    )

    # Moments: stage dates and first contacts, each column parsed once.
    moment_columns = [c for c in dict.fromkeys(_moment_columns(mapping)) if c in present]
    typed: dict[str, pl.Series] = {}
    for column in moment_columns:
        parsed, failed = parse_moments(raw[column], mapping.date_formats, tz)
        typed[moment(column)] = parsed
        typed[moment_ok(column)] = ~failed
    for column in [c for c in dict.fromkeys(_number_columns(mapping)) if c in present]:
        parsed, failed = parse_count(raw[column])
        typed[number(column)] = parsed
        typed[number_ok(column)] = ~failed
    frame = frame.with_columns(**typed)
    for column in moment_columns:
        scope = "funnel" if column in mapping.stage_dates.values() else "response"
        issues.append(_failed_issues(raw, frame, column, moment_ok(column), "bad-date", scope))
    for column in [c for c in dict.fromkeys(_number_columns(mapping)) if c in present]:
        issues.append(_failed_issues(raw, frame, column, number_ok(column), "bad-number", "follow-up"))

    order = funnel_order(agreement, mapping)
    stage_columns = {sid: col for sid, col in mapping.stage_dates.items() if col in present}
    frame = frame.with_columns(
        **{at(sid): pl.col(moment(col)) for sid, col in stage_columns.items()},
    )
    dates_ok = pl.all_horizontal([pl.col(moment_ok(c)) for c in stage_columns.values()] or [pl.lit(True)])
    backwards, checks = _backwards(order, stage_columns, frame)
    frame = frame.with_columns((pl.col("@usable") & dates_ok & ~backwards).alias(OK))
    issues += checks
    frame = _routes(raw, frame, mapping, agreement)
    frame, more = _contacts(frame, mapping)
    issues += more
    frame, more = _status_and_team(raw, frame, mapping)
    issues += more
    frame, more = _amount(raw, frame, mapping)
    issues += more
    table = pl.concat([i.select(ISSUE_COLUMNS) for i in issues if i.height], how="vertical")
    if table.height == 0:
        table = pl.DataFrame(schema={name: (pl.Int64 if name == "line" else pl.String) for name in ISSUE_COLUMNS})
    return Leads(frame, table.sort("line", "kind"), export, mapping, order)


def _clean(expr: pl.Expr) -> pl.Expr:
    import polars as pl

    stripped = expr.str.strip_chars()
    return pl.when(stripped != "").then(stripped)


def _moment_columns(mapping: ResolvedMapping) -> list[str]:
    out = list(mapping.stage_dates.values())
    out += [h.first_contact for h in mapping.handoffs.values() if h.first_contact]
    return out


def _number_columns(mapping: ResolvedMapping) -> list[str]:
    return [h.attempts for h in mapping.handoffs.values() if h.attempts]


def _issue_rows(
    rows: pl.DataFrame, kind: str, *, column: str = "", detail: str = "", scope: str = "all"
) -> pl.DataFrame:
    """Issue rows from a frame with `line` and optionally `value`/`detail` columns."""
    import polars as pl

    return rows.select(
        pl.col("line").cast(pl.Int64),
        pl.lit(kind).alias("kind"),
        pl.lit(column).alias("column"),
        (pl.col("value") if "value" in rows.columns else pl.lit("")).cast(pl.String).alias("value"),
        (pl.col("detail") if "detail" in rows.columns else pl.lit(detail)).cast(pl.String).alias("detail"),
        pl.lit(scope).alias("scope"),
    )


def _failed_issues(raw: pl.DataFrame, frame: pl.DataFrame, column: str, ok: str, kind: str, scope: str) -> pl.DataFrame:
    import polars as pl

    mask = frame.select(~pl.col(ok) & pl.col("@usable")).to_series()
    bad = pl.DataFrame({"line": frame["line"].filter(mask), "value": raw[column].filter(mask)})
    return _issue_rows(bad, kind, column=column, scope=scope)


def parse_moments(raw: pl.Series, formats: tuple[str, ...], time_zone: str) -> tuple[pl.Series, pl.Series]:
    """Local times (Datetime ms, no zone) from text in any of `formats`, and where a value could not be read.

    Each format is tried only on the values the formats before it could not read, so a column in one
    format costs one pass. Times with an offset are converted to `time_zone`; the rest are taken as in it.
    """
    import polars as pl

    values = raw.str.strip_chars()
    values = pl.select(pl.when(values != "").then(values)).to_series()
    result = pl.Series(raw.name, [None] * len(raw), dtype=pl.Datetime("ms"))
    todo = values.is_not_null()
    # Most exports write one format throughout: try first the formats that read a sample of the values.
    sample = values.filter(todo).head(200)
    hits = {fmt: int(_parse(sample, fmt, time_zone).is_not_null().sum()) for fmt in formats}
    for fmt in sorted(formats, key=lambda f: -hits[f]):
        if not todo.any():
            break
        index = todo.arg_true()
        parsed = _parse(values.gather(index), fmt, time_zone)
        read = parsed.is_not_null()
        result = result.scatter(index.filter(read), parsed.filter(read))
        todo = todo.scatter(index.filter(read), False)
    return result, todo


def _parse(values: pl.Series, fmt: str, time_zone: str) -> pl.Series:
    import polars as pl

    if "%z" in fmt or "%:z" in fmt:
        aware = values.str.replace(r"[Zz]$", "+00:00").str.to_datetime(fmt, strict=False, time_unit="ms")
        return aware.dt.convert_time_zone(time_zone).dt.replace_time_zone(None)
    if "%H" not in fmt and "%I" not in fmt:
        return values.str.to_date(fmt, strict=False).cast(pl.Datetime("ms"))
    return values.str.to_datetime(fmt, strict=False, time_unit="ms")


def parse_count(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Whole numbers of zero or more; empty is null, anything else is a failure."""
    import polars as pl

    values = raw.str.strip_chars()
    present = values.is_not_null() & (values != "")
    parsed = values.cast(pl.Int64, strict=False)
    parsed = pl.select(pl.when(parsed >= 0).then(parsed)).to_series()
    return parsed, present & parsed.is_null()


def _backwards(
    order: tuple[str, ...], stage_columns: dict[str, str], frame: pl.DataFrame
) -> tuple[pl.Expr, list[pl.DataFrame]]:
    """Where a stage date comes before the date of the nearest earlier stage the lead has."""
    import polars as pl

    flags: list[pl.Expr] = []
    issues: list[pl.DataFrame] = []
    chain = [sid for sid in order if sid in stage_columns]
    for position in range(1, len(chain)):
        current = chain[position]
        earlier = list(reversed(chain[:position]))
        previous = pl.coalesce([pl.col(at(s)) for s in earlier])
        previous_column = pl.coalesce(
            [pl.when(pl.col(at(s)).is_not_null()).then(pl.lit(stage_columns[s])) for s in earlier]
        )
        flag = (pl.col(at(current)) < previous).fill_null(False)
        flags.append(flag)
        rows = frame.filter(flag & pl.col("@usable")).select(
            "line",
            pl.col(at(current)).dt.strftime("%Y-%m-%d %H:%M").alias("value"),
            pl.format("{} ({})", previous_column, previous.dt.strftime("%Y-%m-%d %H:%M")).alias("detail"),
        )
        issues.append(_issue_rows(rows, "dates-backwards", column=stage_columns[current], scope="funnel"))
    return (pl.any_horizontal(flags) if flags else pl.lit(False)), issues


def _contacts(frame: pl.DataFrame, mapping: ResolvedMapping) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """A first contact before its hand-off is a date going backwards; it leaves that hand-off's response figures."""
    import polars as pl

    issues = []
    flags = {}
    for h in mapping.handoffs.values():
        column, stage_column = h.first_contact, mapping.stage_dates.get(h.stage)
        if column is None or moment(column) not in frame.columns or at(h.stage) not in frame.columns:
            continue
        contact, handed = pl.col(moment(column)), pl.col(at(h.stage))
        backwards = (pl.col(route(h.handoff)) & (contact < handed)).fill_null(False)
        flags[contact_ok(h.handoff)] = pl.col(moment_ok(column)) & ~backwards
        rows = frame.filter(backwards & pl.col(OK)).select(
            "line",
            contact.dt.strftime("%Y-%m-%d %H:%M").alias("value"),
            pl.format("{} ({})", pl.lit(stage_column), handed.dt.strftime("%Y-%m-%d %H:%M")).alias("detail"),
        )
        issues.append(_issue_rows(rows, "dates-backwards", column=column, scope="response"))
    return frame.with_columns(**flags), issues


def _status_and_team(
    raw: pl.DataFrame, frame: pl.DataFrame, mapping: ResolvedMapping
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    import polars as pl

    issues = []
    out: dict[str, pl.Series | pl.Expr] = {}
    for name, column, values, kind, scope in (
        ("@status", mapping.columns.stage, mapping.stage_values, "unknown-stage", "feedback"),
        ("@team", mapping.columns.owner_team, mapping.party_values, "unknown-party", "all"),
    ):
        if column is None or column not in raw.columns:
            out[name] = pl.lit(None, dtype=pl.String)
            out[f"{name}-ok"] = pl.lit(column is None)
            continue
        value = raw[column].str.strip_chars()
        mapped = value.replace_strict(values, default=None, return_dtype=pl.String)
        unknown = value.is_not_null() & (value != "") & mapped.is_null()
        out[name] = mapped
        out[f"{name}-ok"] = ~unknown
        bad = frame.select("line", pl.col("@usable"), value.alias("value"), unknown.alias("bad"))
        bad = bad.filter(pl.col("bad") & pl.col("@usable"))
        issues.append(_issue_rows(bad, kind, column=column, scope=scope if kind == "unknown-stage" else "all"))
    reason = mapping.columns.reason
    if reason is not None and reason in raw.columns:
        out["@reason"] = raw.select(_clean(pl.col(reason))).to_series()
    else:
        out["@reason"] = pl.lit(None, dtype=pl.String)
    return frame.with_columns(**out), issues


def _routes(raw: pl.DataFrame, frame: pl.DataFrame, mapping: ResolvedMapping, agreement: Agreement) -> pl.DataFrame:
    """Which hand-off each lead takes at each hand-off stage: a route's values, else the stage's other hand-off."""
    import polars as pl

    columns: dict[str, pl.Series] = {}
    for stage in dict.fromkeys(h.stage for h in agreement.handoffs):
        sharing = [h.id for h in agreement.handoffs if h.stage == stage]
        taken = pl.Series([False] * raw.height)
        for hid in sharing:
            route_of = mapping.handoffs[hid].route
            if route_of is None:
                continue
            if route_of.column in raw.columns:
                matches = raw[route_of.column].str.strip_chars().is_in(route_of.values).fill_null(False)
            else:
                matches = pl.Series([False] * raw.height)
            matches = matches & ~taken
            columns[route(hid)] = matches
            taken = taken | matches
        for hid in sharing:
            if mapping.handoffs[hid].route is None:
                columns[route(hid)] = ~taken
    return frame.with_columns(**columns)


def _amount(
    raw: pl.DataFrame, frame: pl.DataFrame, mapping: ResolvedMapping
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    import polars as pl

    column = mapping.columns.amount
    if column is None or column not in raw.columns:
        return frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("@amount")), []
    value = raw[column].str.strip_chars()
    cleaned = value.str.replace_all(r"[,¥￥円\s]|JPY", "")
    parsed = cleaned.cast(pl.Float64, strict=False)
    bad = value.is_not_null() & (value != "") & parsed.is_null()
    rows = frame.select("line", pl.col("@usable"), value.alias("value"), bad.alias("bad"))
    issues = [_issue_rows(rows.filter(pl.col("bad") & pl.col("@usable")), "bad-amount", column=column, scope="amount")]
    return frame.with_columns(parsed.alias("@amount")), issues
