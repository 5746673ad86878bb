"""The rules that tie the questionnaire's sections together: ids, references, dates, versions, signatories.

Rules about targets (goals, KPIs) live in `target_rules`, rules about leads (stages, ICP, scoring)
in `lead_rules`; `check` runs them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sla_docgen.i18n import N_
from sla_docgen.model.agreement import Agreement, Finding, Path
from sla_docgen.model.business_calendar import check_business_calendar
from sla_docgen.model.funnel_rules import check_funnel
from sla_docgen.model.lead_rules import check_leads
from sla_docgen.model.refs import Refs
from sla_docgen.model.target_rules import check_targets

MSG_DUPLICATE_ID = N_("duplicate id {ref!r}; ids must be unique within the list")
MSG_PERIOD_ORDER = N_("the period must start before it ends ({start} is not before {end})")
MSG_REVISION_ORDER = N_("revision versions must ascend: {version} comes after {previous}")
MSG_REVISION_DATE = N_("revision dates must not go back in time: {date} comes after {previous}")
MSG_VERSION_LATEST = N_("the agreement version {version} must be the latest revision ({latest})")
MSG_UPDATED_LATEST = N_("the last update {date} must be the date of the latest revision ({latest})")
MSG_PREVAILING = N_("the prevailing language {lang} must be one of the agreement's languages")
MSG_SIGNATORY_MISSING = N_("party {ref!r} has no signatory")
MSG_SAME_PARTY = N_("a hand-off needs two different parties")
MSG_FOLLOW_UP_WITHIN = N_("say within what time: give within or within_days")
MSG_FOLLOW_UP_BOTH = N_("give within or within_days, not both")
MSG_MID_TERM = N_("the mid-term review {date} must fall within the period ({start} to {end})")
MSG_FINAL_REVIEW = N_("the final review {date} must come after the period's start and the mid-term review")


def check(agreement: Agreement) -> list[Finding]:
    """Every broken rule that a single field cannot see, each at the path of the offending value."""
    refs = Refs(agreement)
    return [
        *_check_ids(agreement),
        *_check_references(agreement, refs),
        *_check_handoffs(agreement, refs),
        *_check_meta(agreement),
        *_check_review(agreement),
        *check_targets(agreement, refs),
        *check_leads(agreement, refs),
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


def _check_references(a: Agreement, refs: Refs) -> Iterator[Finding]:
    for pid in a.overview.responsibilities:
        yield from refs.party(("overview", "responsibilities", pid), pid)
    for pid in a.goals.parties:
        yield from refs.party(("goals", "parties", pid), pid)
    for i, s in enumerate(a.lead_stages):
        yield from refs.party(("lead_stages", i, "owner"), s.owner)
    for i, r in enumerate(a.requirements):
        yield from refs.party(("requirements", i, "needed_by"), r.needed_by)
        yield from refs.party(("requirements", i, "provided_by"), r.provided_by)
    for i, c in enumerate(a.contacts):
        yield from refs.party(("contacts", i, "party"), c.party)
        for j, hid in enumerate(c.handoffs):
            yield from refs.handoff(("contacts", i, "handoffs", j), hid)
        for j, sid in enumerate(c.stages):
            yield from refs.stage(("contacts", i, "stages", j), sid)
    for i, m in enumerate(a.communication.meetings):
        for j, pid in enumerate(m.participants):
            yield from refs.party(("communication", "meetings", i, "participants", j), pid)
    for i, t in enumerate(a.reporting.tools):
        for j, pid in enumerate(t.used_by):
            yield from refs.party(("reporting", "tools", i, "used_by", j), pid)
    for i, remedy in enumerate(a.missed_goals):
        for j, gid in enumerate(remedy.goals):
            yield from refs.goal(("missed_goals", i, "goals", j), gid)
        if remedy.owner is not None:
            yield from refs.party(("missed_goals", i, "owner"), remedy.owner)
    for j, pid in enumerate(a.review.participants):
        yield from refs.party(("review", "participants", j), pid)
    for i, signatory in enumerate(a.signatories):
        yield from refs.party(("signatories", i, "party"), signatory.party)


def _check_handoffs(a: Agreement, refs: Refs) -> Iterator[Finding]:
    for i, h in enumerate(a.handoffs):
        path: Path = ("handoffs", i)
        yield from refs.party((*path, "from"), h.from_)
        yield from refs.party((*path, "to"), h.to)
        if h.from_ == h.to:
            yield Finding((*path, "to"), MSG_SAME_PARTY)
        yield from refs.stage((*path, "stage"), h.stage)
        if h.follow_up:
            if h.follow_up.within is None and h.follow_up.within_days is None:
                yield Finding((*path, "follow_up", "attempts"), MSG_FOLLOW_UP_WITHIN)
            elif h.follow_up.within is not None and h.follow_up.within_days is not None:
                yield Finding((*path, "follow_up", "within_days"), MSG_FOLLOW_UP_BOTH)
        if h.conversion_target:
            ct = h.conversion_target
            start = ct.from_stage or h.stage
            if ct.from_stage is not None:
                yield from refs.stage((*path, "conversion_target", "from_stage"), ct.from_stage)
            yield from refs.stage((*path, "conversion_target", "to_stage"), ct.to_stage)
            yield from refs.stage_after((*path, "conversion_target", "to_stage"), start, ct.to_stage)
        if h.recycle:
            yield from refs.party((*path, "recycle", "to"), h.recycle.to)
            yield from refs.stage((*path, "recycle", "stage"), h.recycle.stage)


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


def _check_review(a: Agreement) -> Iterator[Finding]:
    r, period = a.review, a.agreement.period
    if r.mid_term_review is not None and not period.start <= r.mid_term_review <= period.end:
        yield Finding(
            ("review", "mid_term_review"),
            MSG_MID_TERM,
            {"date": r.mid_term_review.isoformat(), "start": period.start.isoformat(), "end": period.end.isoformat()},
        )
    if r.final_review is not None:
        earliest = max(period.start, r.mid_term_review or period.start)
        if r.final_review <= earliest:
            yield Finding(("review", "final_review"), MSG_FINAL_REVIEW, {"date": r.final_review.isoformat()})


def _check_signatories(a: Agreement) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, s in enumerate(a.signatories):
        if s.party in seen:
            yield Finding(("signatories", i, "party"), MSG_DUPLICATE_ID, {"ref": s.party})
        seen.add(s.party)
    for i, p in enumerate(a.parties):
        if p.id not in seen:
            yield Finding(("parties", i, "id"), MSG_SIGNATORY_MISSING, {"ref": p.id})
