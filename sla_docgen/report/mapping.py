"""The mapping from a CRM export's columns and values to the agreement's stages, parties and hand-offs.

A mapping names stages by id or by kind (`mql`), parties by id or by role (`inside_sales`), so
that the ready-made mappings in templates/crm/ fit any agreement; an entry for a kind or role
the agreement does not have is left unused. Where two hand-offs start at the same stage,
`routes` says which leads take which.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import Field

from sla_docgen.errors import Issue, UsageError, ValidationFailed, format_path
from sla_docgen.i18n import N_
from sla_docgen.loader import FieldPath, Loaded, load_bytes, load_file
from sla_docgen.model import Agreement
from sla_docgen.model.leads import StageKind
from sla_docgen.model.sections import PartyRole
from sla_docgen.model.types import Str, Strict
from sla_docgen.validate import validate_model

BUILT_IN = ("salesforce", "salesforce-ja", "hubspot")
"""Ready-made mappings shipped in templates/crm/, by name."""

DEFAULT_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%:z",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)
"""Tried in order; `%z`/`%:z` formats read an offset (a trailing Z counts as +00:00), the rest are local time."""

ColumnName = Annotated[str, Field(min_length=1, max_length=200)]


class Route(Strict):
    """The leads that take a hand-off: those whose `column` holds one of `values`."""

    column: ColumnName
    values: Annotated[list[Str], Field(min_length=1, max_length=100)]


class Columns(Strict):
    lead_id: ColumnName
    """The lead's unique id in the CRM."""
    stage: ColumnName | None = None
    """The lead's current status; its values are mapped under `stage_values`."""
    owner_team: ColumnName | None = None
    """The team that owns the lead now; its values are mapped under `party_values`."""
    reason: ColumnName | None = None
    """Why a lead was sent back (recycled) or disqualified."""
    amount: ColumnName | None = None
    """The deal amount, in the agreement's currency."""


class Mapping(Strict):
    """A CRM export's columns and values, in the agreement's terms."""

    encoding: Literal["auto", "utf-8", "cp932"] = "auto"
    """`auto`: UTF-8 (with or without BOM), else Shift_JIS/CP932 as Japanese Excel writes it."""
    date_formats: Annotated[list[Str], Field(min_length=1, max_length=30)] = list(DEFAULT_DATE_FORMATS)
    columns: Columns
    stage_dates: dict[str, ColumnName]
    """Stage id or kind → the column with the date the lead reached it."""
    first_contact: dict[str, ColumnName] = {}
    """Hand-off id, receiving party id or role → the column with the receiving team's first contact."""
    attempts: dict[str, ColumnName] = {}
    """Hand-off id, receiving party id or role → the column with the number of follow-up attempts."""
    routes: dict[str, Route] = {}
    """Hand-off id → which leads take it, where several hand-offs start at the same stage."""
    stage_values: dict[str, str] = {}
    """Value of the status column → stage id or kind."""
    party_values: dict[str, str] = {}
    """Value of the owner team column → party id or role."""


@dataclass(frozen=True, slots=True)
class HandoffColumns:
    handoff: str
    stage: str
    first_contact: str | None
    attempts: str | None
    route: Route | None


@dataclass(frozen=True, slots=True)
class ResolvedMapping:
    """A mapping bound to one agreement: every key is a stage, party or hand-off id."""

    source: str
    """The mapping file, or the built-in mapping's name."""
    encoding: str
    date_formats: tuple[str, ...]
    columns: Columns
    stage_dates: dict[str, str]
    """Stage id → column, in lead_stages order."""
    handoffs: dict[str, HandoffColumns]
    """Hand-off id → its columns, in the agreement's order."""
    stage_values: dict[str, str]
    """CRM value → stage id; values whose stage the agreement lacks are absent (unknown values)."""
    party_values: dict[str, str]


MSG_UNKNOWN_MAPPING = N_("{name} is neither a mapping file nor a built-in mapping ({known})")
MSG_STAGE_KEY = N_("{key!r} is neither a stage id of the agreement nor a stage kind ({known})")
MSG_PARTY_KEY = N_("{key!r} is neither a party id of the agreement nor a party role ({known})")
MSG_HANDOFF_KEY = N_("{key!r} is neither a hand-off id, a party id nor a party role of the agreement")
MSG_ROUTE_KEY = N_("{key!r} is not a hand-off of the agreement; hand-offs are: {known}")
MSG_ROUTES_NEEDED = N_(
    "hand-offs {handoffs} all start at stage {stage!r}: give all but one of them a route under `routes` "
    "(the column and values that pick its leads)"
)
MSG_NO_STAGE_DATES = N_("no column for the date of any stage of the agreement")


def load_mapping(name: str | Path) -> tuple[Mapping, Loaded]:
    """A mapping file, or a built-in mapping by name; errors are located in the file."""
    from sla_docgen.resources import templates_root

    path = Path(name)
    if not path.is_file():
        if str(name) not in BUILT_IN:
            raise UsageError(MSG_UNKNOWN_MAPPING, name=str(name), known=", ".join(BUILT_IN))
        path = templates_root() / "crm" / f"{name}.yaml"
        loaded = load_bytes(path.read_bytes(), f"{name} (built-in)")
    else:
        loaded = load_file(path)
    return validate_model(loaded, Mapping), loaded


def resolve(mapping: Mapping, loaded: Loaded, agreement: Agreement) -> ResolvedMapping:
    """Bind the mapping to the agreement's ids; unknown keys and ambiguous hand-offs are located errors."""
    issues: list[Issue] = []

    def fail(path: FieldPath, msgid: str, **params: object) -> None:
        mark = loaded.keys.get(path) or loaded.mark(path)
        issues.append(Issue(loaded.file, mark.line, mark.column, format_path(path), msgid, dict(params)))

    def stage_of(key: str) -> str | Unmatched | None:
        return _stage_key(agreement, key)

    def party_of(key: str) -> str | Unmatched | None:
        return _party_key(agreement, key)

    stage_kinds = ", ".join(get_args(StageKind))
    stage_dates: dict[str, str] = {}
    for key, column in mapping.stage_dates.items():
        found = stage_of(key)
        if found is False:
            fail(("stage_dates", key), MSG_STAGE_KEY, key=key, known=stage_kinds)
        elif found is not None:
            stage_dates[found] = column
    if not stage_dates and not issues:
        fail(("stage_dates",), MSG_NO_STAGE_DATES)
    order = [s.id for s in agreement.lead_stages]
    stage_dates = {sid: stage_dates[sid] for sid in order if sid in stage_dates}

    stage_values: dict[str, str] = {}
    for value, key in mapping.stage_values.items():
        found = stage_of(key)
        if found is False:
            fail(("stage_values", value), MSG_STAGE_KEY, key=key, known=stage_kinds)
        elif found is not None:
            stage_values[value] = found
    party_values: dict[str, str] = {}
    for value, key in mapping.party_values.items():
        found = party_of(key)
        if found is False:
            fail(("party_values", value), MSG_PARTY_KEY, key=key, known=", ".join(get_args(PartyRole)))
        elif found is not None:
            party_values[value] = found

    handoff_ids = [h.id for h in agreement.handoffs]
    for name in ("first_contact", "attempts"):
        for key in getattr(mapping, name):
            if key not in handoff_ids and party_of(key) is False:
                fail((name, key), MSG_HANDOFF_KEY, key=key)
    for key in mapping.routes:
        if key not in handoff_ids:
            fail(("routes", key), MSG_ROUTE_KEY, key=key, known=", ".join(handoff_ids))
    for stage in dict.fromkeys(h.stage for h in agreement.handoffs):
        sharing = [h.id for h in agreement.handoffs if h.stage == stage]
        if len(sharing) > 1 and sum(1 for hid in sharing if hid not in mapping.routes) != 1:
            fail(("routes",), MSG_ROUTES_NEEDED, handoffs=", ".join(sharing), stage=stage)
    if issues:
        raise ValidationFailed(issues)

    roles = {p.id: p.role for p in agreement.parties}
    handoffs = {}
    for h in agreement.handoffs:
        keys = (h.id, h.to, roles[h.to])
        handoffs[h.id] = HandoffColumns(
            handoff=h.id,
            stage=h.stage,
            first_contact=next((mapping.first_contact[k] for k in keys if k in mapping.first_contact), None),
            attempts=next((mapping.attempts[k] for k in keys if k in mapping.attempts), None),
            route=mapping.routes.get(h.id),
        )
    return ResolvedMapping(
        source=loaded.file,
        encoding=mapping.encoding,
        date_formats=tuple(mapping.date_formats),
        columns=mapping.columns,
        stage_dates=stage_dates,
        handoffs=handoffs,
        stage_values=stage_values,
        party_values=party_values,
    )


Unmatched = Literal[False]
"""A key that names nothing: neither an id of the agreement nor a kind or role."""


def _stage_key(agreement: Agreement, key: str) -> str | Unmatched | None:
    """key → stage id; None for a stage kind the agreement does not have."""
    if any(s.id == key for s in agreement.lead_stages):
        return key
    if key in get_args(StageKind):
        return next((s.id for s in agreement.lead_stages if s.kind == key), None)
    return False


def _party_key(agreement: Agreement, key: str) -> str | Unmatched | None:
    """key → party id; None for a role no party has (the first party with a role stands for it)."""
    if any(p.id == key for p in agreement.parties):
        return key
    if key in get_args(PartyRole):
        return next((p.id for p in agreement.parties if p.role == key), None)
    return False
