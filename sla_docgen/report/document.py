"""The attainment report as a Document, so that the same renderers write it as Markdown, HTML and PDF."""

from __future__ import annotations

from sla_docgen.document.blocks import Document, Field, Metadata, Section
from sla_docgen.document.build import CHROME
from sla_docgen.document.context import Children, Context
from sla_docgen.document.wording import Wording
from sla_docgen.i18n import N_
from sla_docgen.model import Agreement
from sla_docgen.report import handoff_sections, sections
from sla_docgen.report import wording as rw
from sla_docgen.report.figures import ReportFigures


def report_document(
    agreement: Agreement, figures: ReportFigures, *, langs: tuple[str, ...], export_name: str
) -> Document:
    """Sections: goals, volume, hand-offs, conversions, closed-loop feedback, data quality, method."""
    meta = agreement.agreement
    context = Context(agreement, Wording(langs, list(meta.languages), meta.currency))
    w = context.w
    f = figures
    parts: list[tuple[str, str, Children]] = [
        ("goals", N_("Goals and their status"), sections.summary(context, "1", f)),
        ("volume", N_("Volume per stage"), sections.volume(context, "2", f)),
        ("handoffs", N_("Hand-offs"), handoff_sections.handoffs(context, "3", f)),
        ("conversions", N_("Conversion between stages"), handoff_sections.conversions(context, "4", f)),
        ("feedback", N_("Leads sent back or disqualified"), handoff_sections.feedback(context, "5", f)),
        ("data-quality", N_("Data quality"), handoff_sections.data_quality(context, "6", f, export_name)),
        ("method", N_("How the figures are counted"), handoff_sections.method(context, "7", f)),
    ]
    built = tuple(
        Section(key, str(i + 1), w.label(title), tuple(children)) for i, (key, title, children) in enumerate(parts)
    )
    metadata = Metadata(
        agreement_id=meta.id,
        version=meta.version,
        company=w.local(meta.company),
        title=w.label(N_("{title}: attainment report"), title=w.local(meta.title)),
        fields=(
            Field(w.label(N_("Agreement")), w.label(N_("{id} version {version}"), id=meta.id, version=meta.version)),
            Field(w.label(N_("Effective period")), rw.span(context, meta.period.start, meta.period.end)),
            Field(w.label(N_("As of")), rw.day(context, f.window.as_of)),
            Field(w.label(N_("CRM export")), w.plain(export_name)),
        ),
        last_updated=f.window.as_of,
        keywords=("SLA", meta.id, "report"),
        accent_color=meta.branding.accent_color if meta.branding else None,
    )
    labels = {key: w.template(msgid) for key, msgid in CHROME.items()}
    return Document(langs, metadata, built, labels)
