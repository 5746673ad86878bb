"""PDF output: the HTML rendering typeset by WeasyPrint as PDF/A-3b, questionnaire attached, signature fields reserved.

The catalog also carries a signing record (`record`): the questionnaire's fingerprint, which
every page prints, and the signatories the signing step draws into each field.

Deterministic: dates come from the document (`last_updated`), the file identifier is derived
from the agreement id, version and questionnaire bytes, and WeasyPrint adds no clock value
of its own when `dcterms.created`/`modified` and the attachment dates are given.
"""

from __future__ import annotations

import gc
import hashlib
import io
import warnings
from pathlib import Path
from typing import Any

from sla_docgen.document import Document, Text
from sla_docgen.errors import InputError, RenderError
from sla_docgen.fingerprint import fingerprint
from sla_docgen.i18n import N_
from sla_docgen.logo import ImageRejected
from sla_docgen.render import RenderOptions
from sla_docgen.render.html import render_html, signatures
from sla_docgen.render.pdf.record import Signatory, SigningRecord
from sla_docgen.resources import template_dirs

PDF_VARIANT = "pdf/a-3b"
MSG_IMAGE = N_("the template's image {url} is refused: {reason}")


def identifier(document: Document, source: bytes | None) -> bytes:
    """The permanent half of the PDF /ID: stable for one agreement version and questionnaire."""
    digest = hashlib.sha256()
    for part in (document.metadata.agreement_id, document.metadata.version):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(source or b"")
    return digest.hexdigest()[:32].encode("ascii")


def _attachment(document: Document, options: RenderOptions, fetcher: Any) -> Any:
    from weasyprint import Attachment

    day = document.metadata.updated_at
    return Attachment(
        file_obj=io.BytesIO(options.source or b""),
        url_fetcher=fetcher,
        name=Path(options.source_name).name,
        description="Source questionnaire",
        created=day,
        modified=day,
        relationship="Source",
    )


def signing_record(document: Document, source: bytes | None) -> SigningRecord:
    """The fingerprint, languages and signatories the signing step reads back from the PDF."""

    def words(text: Text) -> tuple[str, ...]:
        return tuple(text.variant(lang).text for lang in document.langs)

    return SigningRecord(
        fingerprint=fingerprint(source) if source is not None else None,
        languages=document.langs,
        signatories=tuple(
            Signatory(s.field_name, words(s.party.name), words(s.name), words(s.title)) for s in signatures(document)
        ),
    )


def render(document: Document, options: RenderOptions) -> bytes:
    """The agreement as PDF/A-3b bytes."""
    from sla_docgen.render.pdf import engine as pdf_weasyprint

    pdf_weasyprint.load()
    from weasyprint import HTML

    from sla_docgen.render import fonts
    from sla_docgen.render.charts import ChartFont
    from sla_docgen.render.pdf import contents as pdf_contents
    from sla_docgen.render.pdf.fetch import BlockedFetch, SafeURLFetcher
    from sla_docgen.render.pdf.fields import add_signature_fields, check_field_name, find_boxes
    from sla_docgen.render.pdf.fontpack import compact_widths, pack_fonts
    from sla_docgen.render.pdf.record import add_signing_record
    from sla_docgen.render.pdf.resources import split_page_resources

    prefer_packages = bool(options.extra.get("prefer_package_fonts", False))
    font_config, choice = fonts.font_configuration(prefer_packages=prefer_packages)
    if choice is None and "ja" in document.langs:
        raise RenderError(
            "No Japanese font found: install one (e.g. Debian fonts-noto-cjk) or the Python package noto-cjk[sans-jp]"
        )
    dirs = template_dirs("html", options.template_dir)
    fetcher = SafeURLFetcher(dirs)
    tooltips = {check_field_name(s.field_name): s.party.name.primary.text for s in signatures(document)}
    chart_font = ChartFont(choice.family, choice.files) if choice and choice.files else None
    base_url = dirs[0].resolve().as_uri() + "/"
    settings: dict[str, Any] = {
        "pdf_variant": PDF_VARIANT,
        "pdf_identifier": identifier(document, options.source),
        "attachments": [_attachment(document, options, fetcher)] if options.source is not None else [],
    }

    def layout(contents_pages: dict[str, int] | None) -> Any:
        html = render_html(
            document,
            options,
            font_family=choice.family if choice else None,
            for_pdf=True,
            chart_font=chart_font,
            contents_pages=contents_pages,
        )
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=font_config, **settings)

    record = signing_record(document, options.source)

    def finisher(laid_out: Any, pdf: Any) -> None:
        pack_fonts(laid_out, pdf)
        compact_widths(pdf)
        split_page_resources(pdf)
        add_signature_fields(pdf, find_boxes(laid_out, tooltips))
        add_signing_record(pdf, record, document.metadata.updated_at)

    collecting = gc.isenabled()
    gc.disable()  # WeasyPrint allocates millions of objects: cyclic GC passes cost a quarter of the render
    try:
        with warnings.catch_warnings():
            # WeasyPrint 70 opens its sRGB output-intent profile without closing it.
            warnings.filterwarnings("ignore", category=ResourceWarning, message=r".*sRGB2014\.icc")
            laid_out = pdf_contents.lay_out(document, options, layout)
            pdf_bytes: bytes = laid_out.write_pdf(finisher=finisher, **settings)
            return pdf_bytes
    except BlockedFetch as blocked:
        if blocked.reason == "missing":
            raise RenderError("Cannot read {url}", url=blocked.url) from None
        if isinstance(blocked.cause, InputError):
            raise RenderError(blocked.cause.msgid, **blocked.cause.params) from None
        if isinstance(blocked.cause, ImageRejected):
            raise RenderError(
                MSG_IMAGE,
                url=blocked.url,
                reason=blocked.cause.reason,
                **blocked.cause.params,
            ) from None
        raise RenderError(
            "Blocked a fetch of {url}: a template may only use data: URLs and files inside the template folders",
            url=blocked.url,
        ) from None
    finally:
        if collecting:
            gc.enable()
        fonts.after_render()
