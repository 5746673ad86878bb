"""References between sections: the ids each kind of thing is known by, and the findings for a wrong one."""

from __future__ import annotations

from collections.abc import Iterator

from sla_docgen.i18n import N_
from sla_docgen.model.agreement import Agreement, Finding, Path
from sla_docgen.model.goals import Goal
from sla_docgen.model.leads import FUNNEL_ORDER

MSG_UNKNOWN_PARTY = N_("unknown party {ref!r}; parties are: {known}")
MSG_UNKNOWN_STAGE = N_("unknown lead stage {ref!r}; stages are: {known}")
MSG_UNKNOWN_GOAL = N_("unknown goal {ref!r}; goals are: {known}")
MSG_AMBIGUOUS_GOAL = N_("several goals have the id {ref!r}; write one of: {choices}")
MSG_UNKNOWN_HANDOFF = N_("unknown hand-off {ref!r}; hand-offs are: {known}")
MSG_UNKNOWN_AXIS = N_("unknown ICP axis {ref!r}; axes are: {known}")
MSG_STAGE_ORDER = N_("{to!r} must come after {start!r} in the lead stages")


def all_goals(a: Agreement) -> list[tuple[str, Path, Goal]]:
    """Every goal with its qualified id (`company.ID`, `PARTY.ID`) and its path."""
    found: list[tuple[str, Path, Goal]] = [
        (f"company.{g.id}", ("goals", "company", i), g) for i, g in enumerate(a.goals.company)
    ]
    for pid, goals in a.goals.parties.items():
        found += [(f"{pid}.{g.id}", ("goals", "parties", pid, i), g) for i, g in enumerate(goals)]
    return found


def resolve_goal(a: Agreement, ref: str) -> list[tuple[str, Path, Goal]]:
    """The goals a reference names: one when it resolves, none or several when it does not."""
    goals = all_goals(a)
    if "." in ref:
        return [entry for entry in goals if entry[0] == ref]
    return [entry for entry in goals if entry[0].split(".", 1)[1] == ref]


class Refs:
    """The ids of an agreement's parties, stages, goals, hand-offs and ICP axes."""

    def __init__(self, a: Agreement) -> None:
        self.parties = [p.id for p in a.parties]
        self.stages = [s.id for s in a.lead_stages]
        self.in_funnel = [s.id for s in a.lead_stages if s.kind in FUNNEL_ORDER]
        self.agreement = a
        self.handoffs = [h.id for h in a.handoffs]
        self.axes = [axis.id for axis in a.icp.axes]

    @staticmethod
    def _known(path: Path, ref: str, known: list[str], msgid: str) -> Iterator[Finding]:
        if ref not in known:
            yield Finding(path, msgid, {"ref": ref, "known": ", ".join(known)})

    def party(self, path: Path, ref: str) -> Iterator[Finding]:
        return self._known(path, ref, self.parties, MSG_UNKNOWN_PARTY)

    def stage(self, path: Path, ref: str) -> Iterator[Finding]:
        return self._known(path, ref, self.stages, MSG_UNKNOWN_STAGE)

    def goal(self, path: Path, ref: str) -> Iterator[Finding]:
        """A goal by id, or `PARTY.ID` where two goal lists use the same id."""
        found = resolve_goal(self.agreement, ref)
        if not found:
            known = ", ".join(qualified for qualified, _, _ in all_goals(self.agreement))
            yield Finding(path, MSG_UNKNOWN_GOAL, {"ref": ref, "known": known})
        elif len(found) > 1:
            yield Finding(path, MSG_AMBIGUOUS_GOAL, {"ref": ref, "choices": ", ".join(q for q, _, _ in found)})

    def handoff(self, path: Path, ref: str) -> Iterator[Finding]:
        return self._known(path, ref, self.handoffs, MSG_UNKNOWN_HANDOFF)

    def axis(self, path: Path, ref: str) -> Iterator[Finding]:
        return self._known(path, ref, self.axes, MSG_UNKNOWN_AXIS)

    def stage_after(self, path: Path, start: str, to: str) -> Iterator[Finding]:
        """`to` must come later in the funnel than `start`.

        Only stages in the funnel's line are compared: an SGL joins it from the side, and any stage
        can end as unqualified. Unknown ids are reported by `stage`.
        """
        funnel = self.in_funnel
        if start in funnel and to in funnel and funnel.index(to) <= funnel.index(start):
            yield Finding(path, MSG_STAGE_ORDER, {"to": to, "start": start})
