"""The whole questionnaire (`Agreement`) and the rules that tie its sections together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field

from sla_docgen.i18n import N_
from sla_docgen.model.business_calendar import BusinessCalendar
from sla_docgen.model.funnel import AcceptedFinding, Funnel
from sla_docgen.model.sections import (
    Communication,
    Contact,
    Goal,
    Goals,
    Handoff,
    Icp,
    LeadScoring,
    LeadStage,
    Meta,
    Overview,
    Party,
    Reporting,
    Requirement,
    Review,
    Revision,
    Signatory,
    TextList,
)
from sla_docgen.model.types import Strict

Path = tuple[str | int, ...]


class Agreement(Strict):
    """A sales & marketing service level agreement between two or more teams."""

    model_config = Strict.model_config | {"title": "sla-docgen agreement"}

    agreement: Meta
    parties: Annotated[list[Party], Field(min_length=2)]
    overview: Overview
    goals: Goals
    funnel: Funnel | None = None
    """The numbers behind the agreement: what the revenue goal needs at each stage (optional)."""
    icp: Icp
    lead_stages: Annotated[list[LeadStage], Field(min_length=1)]
    lead_scoring: LeadScoring
    handoffs: Annotated[list[Handoff], Field(min_length=1)]
    business_calendar: BusinessCalendar = BusinessCalendar()
    """Working hours, time zone and holidays: what a business hour or business day counts (optional)."""
    requirements: list[Requirement] = []
    contacts: list[Contact] = []
    communication: Communication
    reporting: Reporting
    missed_goals: TextList
    """The improvement and escalation process when a goal is missed."""
    cancellation: TextList
    """Conditions under which the agreement ends early."""
    unexpected_events: TextList = []
    """How the parties adjust when something outside the plan happens."""
    review: Review
    revisions: Annotated[list[Revision], Field(min_length=1)]
    signatories: Annotated[list[Signatory], Field(min_length=2)]
    accepted_findings: list[AcceptedFinding] = []
    """Consistency findings the parties accept on purpose, each with the reason."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A broken cross-section rule at a field path."""

    path: Path
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)


MSG_UNKNOWN_PARTY = N_("unknown party {ref!r}; parties are: {known}")
MSG_UNKNOWN_STAGE = N_("unknown lead stage {ref!r}; stages are: {known}")
MSG_DUPLICATE_ID = N_("duplicate id {ref!r}; ids must be unique within the list")
MSG_PERIOD_ORDER = N_("the period must start before it ends ({start} is not before {end})")
MSG_REVISION_ORDER = N_("revision versions must ascend: {version} comes after {previous}")
MSG_REVISION_DATE = N_("revision dates must not go back in time: {date} comes after {previous}")
MSG_VERSION_LATEST = N_("the agreement version {version} must be the latest revision ({latest})")
MSG_UPDATED_LATEST = N_("the last update {date} must be the date of the latest revision ({latest})")
MSG_SCORE_UNREACHABLE = N_("the MQL threshold {threshold} cannot be reached: the best possible score is {best}")
MSG_PREVAILING = N_("the prevailing language {lang} must be one of the agreement's languages")
MSG_REQUIRED_STAGE = N_("the lead stages must define a {kind} stage")
MSG_DUPLICATE_KIND = N_("more than one {kind} stage")
MSG_SIGNATORY_MISSING = N_("party {ref!r} has no signatory")
MSG_LEVELS_UP = N_("where more is better, minimum <= target <= best_effort must hold")
MSG_LEVELS_DOWN = N_("where less is better, minimum >= target >= best_effort must hold")
MSG_CUSTOM_AXIS_NAME = N_("a custom axis needs a name")
MSG_EMPTY_AXIS = N_("give values for at least one of high, mid and low")
MSG_SAME_PARTY = N_("a hand-off needs two different parties")


def check(agreement: Agreement) -> list[Finding]:
    """Every broken rule that a single field cannot see, each at the path of the offending value."""
    from sla_docgen.model.business_calendar import check_business_calendar  # both import this module for Finding
    from sla_docgen.model.funnel_rules import check_funnel

    return [
        *_check_ids(agreement),
        *_check_references(agreement),
        *_check_meta(agreement),
        *_check_goals(agreement),
        *_check_stages_and_scoring(agreement),
        *_check_signatories(agreement),
        *check_funnel(agreement),
        *check_business_calendar(agreement),
    ]


def _check_ids(a: Agreement) -> Iterator[Finding]:
    lists: list[tuple[Path, Iterable[Any]]] = [
        (("parties",), a.parties),
        (("goals", "company"), a.goals.company),
        (("icp", "axes"), a.icp.axes),
        (("icp", "personas"), a.icp.personas),
        (("lead_stages",), a.lead_stages),
        (("lead_scoring", "negative_attributes"), a.lead_scoring.negative_attributes),
        (("lead_scoring", "behaviours"), a.lead_scoring.behaviours),
        (("lead_scoring", "decay"), a.lead_scoring.decay),
        (("lead_scoring", "mql_triggers"), a.lead_scoring.mql_triggers),
        (("handoffs",), a.handoffs),
        (("requirements",), a.requirements),
        (("contacts",), a.contacts),
        (("communication", "tools"), a.communication.tools),
        (("communication", "meetings"), a.communication.meetings),
        (("reporting", "tools"), a.reporting.tools),
        (("reporting", "kpis"), a.reporting.kpis),
    ]
    lists += [(("goals", "parties", pid), goals) for pid, goals in a.goals.parties.items()]
    for path, items in lists:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                yield Finding((*path, index, "id"), MSG_DUPLICATE_ID, {"ref": item.id})
            seen.add(item.id)


def _check_references(a: Agreement) -> Iterator[Finding]:
    parties = [p.id for p in a.parties]
    stages = [s.id for s in a.lead_stages]

    def party(path: Path, ref: str) -> Iterator[Finding]:
        if ref not in parties:
            yield Finding(path, MSG_UNKNOWN_PARTY, {"ref": ref, "known": ", ".join(parties)})

    def stage(path: Path, ref: str) -> Iterator[Finding]:
        if ref not in stages:
            yield Finding(path, MSG_UNKNOWN_STAGE, {"ref": ref, "known": ", ".join(stages)})

    for pid in a.overview.responsibilities:
        yield from party(("overview", "responsibilities", pid), pid)
    for pid in a.goals.parties:
        yield from party(("goals", "parties", pid), pid)
    for i, s in enumerate(a.lead_stages):
        yield from party(("lead_stages", i, "owner"), s.owner)
    for i, h in enumerate(a.handoffs):
        yield from party(("handoffs", i, "from"), h.from_)
        yield from party(("handoffs", i, "to"), h.to)
        if h.from_ == h.to:
            yield Finding(("handoffs", i, "to"), MSG_SAME_PARTY)
        yield from stage(("handoffs", i, "stage"), h.stage)
        if h.conversion_target:
            yield from stage(("handoffs", i, "conversion_target", "to_stage"), h.conversion_target.to_stage)
        if h.recycle:
            yield from party(("handoffs", i, "recycle", "to"), h.recycle.to)
            yield from stage(("handoffs", i, "recycle", "stage"), h.recycle.stage)
    for i, r in enumerate(a.requirements):
        yield from party(("requirements", i, "needed_by"), r.needed_by)
        yield from party(("requirements", i, "provided_by"), r.provided_by)
    for i, c in enumerate(a.contacts):
        yield from party(("contacts", i, "party"), c.party)
    for i, m in enumerate(a.communication.meetings):
        for j, pid in enumerate(m.participants):
            yield from party(("communication", "meetings", i, "participants", j), pid)
    for i, t in enumerate(a.reporting.tools):
        for j, pid in enumerate(t.used_by):
            yield from party(("reporting", "tools", i, "used_by", j), pid)
    for i, k in enumerate(a.reporting.kpis):
        yield from party(("reporting", "kpis", i, "owner"), k.owner)
    for j, pid in enumerate(a.review.participants):
        yield from party(("review", "participants", j), pid)
    for i, signatory in enumerate(a.signatories):
        yield from party(("signatories", i, "party"), signatory.party)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _check_meta(a: Agreement) -> Iterator[Finding]:
    meta = a.agreement
    if meta.period.start >= meta.period.end:
        yield Finding(
            ("agreement", "period", "end"),
            MSG_PERIOD_ORDER,
            {"start": meta.period.start.isoformat(), "end": meta.period.end.isoformat()},
        )
    if meta.prevailing_language not in meta.languages:
        yield Finding(("agreement", "prevailing_language"), MSG_PREVAILING, {"lang": meta.prevailing_language})
    for i in range(1, len(a.revisions)):
        previous, current = a.revisions[i - 1], a.revisions[i]
        if _version_key(current.version) <= _version_key(previous.version):
            yield Finding(
                ("revisions", i, "version"),
                MSG_REVISION_ORDER,
                {"version": current.version, "previous": previous.version},
            )
        if current.date < previous.date:
            yield Finding(
                ("revisions", i, "date"),
                MSG_REVISION_DATE,
                {"date": current.date.isoformat(), "previous": previous.date.isoformat()},
            )
    latest = a.revisions[-1]
    if _version_key(meta.version) != _version_key(latest.version):
        yield Finding(("agreement", "version"), MSG_VERSION_LATEST, {"version": meta.version, "latest": latest.version})
    if meta.last_updated != latest.date:
        yield Finding(
            ("agreement", "last_updated"),
            MSG_UPDATED_LATEST,
            {"date": meta.last_updated.isoformat(), "latest": latest.date.isoformat()},
        )


def _check_goals(a: Agreement) -> Iterator[Finding]:
    groups: list[tuple[Path, list[Goal]]] = [(("goals", "company"), a.goals.company)]
    groups += [(("goals", "parties", pid), goals) for pid, goals in a.goals.parties.items()]
    for path, goals in groups:
        for i, goal in enumerate(goals):
            levels = [v for v in (goal.minimum, goal.target, goal.best_effort) if v is not None]
            ascending = goal.direction == "at_least"
            if levels != sorted(levels, reverse=not ascending):
                yield Finding((*path, i, "target"), MSG_LEVELS_UP if ascending else MSG_LEVELS_DOWN)


def _check_stages_and_scoring(a: Agreement) -> Iterator[Finding]:
    kinds = Counter(s.kind for s in a.lead_stages)
    for kind in ("lead", "mql", "sql"):
        if kind not in kinds:
            yield Finding(("lead_stages",), MSG_REQUIRED_STAGE, {"kind": kind.upper()})
    for i, s in enumerate(a.lead_stages):
        if kinds[s.kind] > 1 and s.id != next(t.id for t in a.lead_stages if t.kind == s.kind):
            yield Finding(("lead_stages", i, "kind"), MSG_DUPLICATE_KIND, {"kind": s.kind.upper()})
    for i, axis in enumerate(a.icp.axes):
        if axis.kind == "custom" and axis.name is None:
            yield Finding(("icp", "axes", i, "kind"), MSG_CUSTOM_AXIS_NAME)
        if not (axis.high or axis.mid or axis.low):
            yield Finding(("icp", "axes", i, "id"), MSG_EMPTY_AXIS)
    scoring = a.lead_scoring
    tier_best = max(scoring.tier_points.high, scoring.tier_points.mid, scoring.tier_points.low, 0)
    best = sum(tier_best for axis in a.icp.axes if axis.high or axis.mid or axis.low)
    best += sum(rule.points for rule in scoring.behaviours if rule.points > 0)
    if best < scoring.mql_threshold:
        yield Finding(
            ("lead_scoring", "mql_threshold"),
            MSG_SCORE_UNREACHABLE,
            {"threshold": scoring.mql_threshold, "best": best},
        )


def _check_signatories(a: Agreement) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, s in enumerate(a.signatories):
        if s.party in seen:
            yield Finding(("signatories", i, "party"), MSG_DUPLICATE_ID, {"ref": s.party})
        seen.add(s.party)
    for i, p in enumerate(a.parties):
        if p.id not in seen:
            yield Finding(("parties", i, "id"), MSG_SIGNATORY_MISSING, {"ref": p.id})
