"""Agreement → Document: the sections of the agreement, in template order, for one language or a pair."""

from __future__ import annotations

from collections.abc import Callable

from sla_docgen.document import handoff_sections, numbers_section
from sla_docgen.document import lead_flow_sections as lead_flow
from sla_docgen.document import operation_sections as ops
from sla_docgen.document.blocks import Document, Field, Metadata, Section
from sla_docgen.document.context import Children, Context
from sla_docgen.document.wording import Wording
from sla_docgen.i18n import N_
from sla_docgen.model import Agreement
from sla_docgen.translations import default_langs, refuse_missing_translations
from sla_docgen.validate import Questionnaire

SECTIONS: list[tuple[str, str, Callable[[Context, str], Children]]] = [
    ("overview", N_("Overview"), lead_flow.overview),
    ("goals", N_("Goals"), lead_flow.goals),
    ("numbers", numbers_section.TITLE, numbers_section.numbers),
    ("icp", N_("Ideal customer profile"), lead_flow.icp),
    ("lead_stages", N_("Lead stages"), lead_flow.lead_stages),
    ("lead_scoring", N_("Lead scoring"), lead_flow.lead_scoring),
    ("handoffs", N_("Lead hand-offs"), handoff_sections.handoffs),
    ("requirements", N_("What each party needs"), ops.requirements),
    ("contacts", N_("Contacts"), ops.contacts),
    ("communication", N_("Communication"), ops.communication),
    ("reporting", N_("Reporting"), ops.reporting),
    ("missed_goals", N_("When goals are missed"), ops.missed_goals),
    ("cancellation", N_("Cancellation and unexpected events"), ops.cancellation),
    ("review", N_("Review"), ops.review),
    ("revisions", N_("Version history"), ops.revisions),
    ("signatures", N_("Signatures"), ops.signatures),
]
"""Section order follows the Japanese template, with the guide's overview, needs and remedies added."""

CHROME = {
    "contents": N_("Contents"),
    "page_n_of_m": N_("Page {n} of {m}"),
    "signature": N_("Signature"),
    "date": N_("Date"),
    "name": N_("Name"),
    "title": N_("Title"),
    "party": N_("Party"),
    "version_history": N_("Version history"),
    "agreement_id": N_("Agreement ID"),
    "version": N_("Version"),
    "fallback": N_("untranslated"),
    "fingerprint": N_("Fingerprint of the questionnaire (SHA-256)"),
}
"""Fixed wording that renderers need outside the sections (running header, contents, signature lines)."""


def build(
    questionnaire: Questionnaire | Agreement,
    *,
    langs: tuple[str, ...] | None = None,
    allow_fallback: bool = False,
) -> Document:
    """Build the Document of an agreement in `langs` (default: its prevailing language, then the others)."""
    agreement = questionnaire.agreement if isinstance(questionnaire, Questionnaire) else questionnaire
    meta = agreement.agreement
    langs = langs or default_langs(agreement)
    if not allow_fallback:
        refuse_missing_translations(questionnaire, langs)
    logo = questionnaire.logo if isinstance(questionnaire, Questionnaire) else None
    context = Context(agreement, Wording(langs, list(meta.languages), meta.currency))
    w = context.w
    sections: list[Section] = []
    for key, title, make in SECTIONS:
        number = str(len(sections) + 1)
        children = make(context, number)
        if children:
            sections.append(Section(key, number, w.label(title), tuple(children)))
    metadata = Metadata(
        agreement_id=meta.id,
        version=meta.version,
        company=w.local(meta.company),
        title=w.local(meta.title),
        fields=(
            Field(w.label(N_("Effective period")), w.value(lambda f: f.period(meta.period.start, meta.period.end))),
            Field(w.label(N_("Version")), w.plain(meta.version)),
            Field(w.label(N_("Last updated")), w.value(lambda f: f.date(meta.last_updated))),
            Field(w.label(N_("Agreement ID")), w.plain(meta.id)),
        ),
        last_updated=meta.last_updated,
        keywords=("SLA", meta.id, *(str(context.party_names[p.id]) for p in agreement.parties)),
        accent_color=meta.branding.accent_color if meta.branding else None,
        logo=logo,
    )
    labels = {key: w.template(msgid) for key, msgid in CHROME.items()}
    return Document(langs, metadata, tuple(sections), labels)
