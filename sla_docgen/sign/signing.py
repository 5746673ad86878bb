"""One party signs its reserved field: a PAdES signature appended to the PDF as an incremental update.

The first signature certifies the document (DocMDP: afterwards only filling in and signing the
remaining fields is permitted); later ones are approval signatures, so each earlier signature
still covers exactly the bytes its signer saw.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from sla_docgen.errors import UserError
from sla_docgen.i18n import N_
from sla_docgen.sign.appearance import Seal, stamp_style, stamp_text
from sla_docgen.sign.credentials import Credentials
from sla_docgen.sign.record import field_height, read_record, signature_fields

MSG_NOT_OURS = N_("{path} was not made by sla-docgen (it has no signing record); only its own PDFs can be signed")
MSG_NOT_PDF = N_("Cannot read {path} as a PDF: {reason}")
MSG_NO_FIELD = N_("{path} has no signature field for party {party!r}; the parties are: {parties}")
MSG_SIGNED = N_("Party {party!r} has already signed {path}")
MSG_FAILED = N_("Signing failed: {reason}")

TIMESTAMP_TIMEOUT = 10
"""Seconds to wait for the timestamp server."""


def _reader(data: bytes, name: str) -> Any:
    from pyhanko.pdf_utils.misc import PdfError

    from sla_docgen.sign.reader import IndexingReader

    try:
        reader = IndexingReader(data)
        reader.root  # noqa: B018 - parse the catalog now, so that a broken file fails here
        return reader
    except (PdfError, KeyError, ValueError, TypeError) as error:
        raise UserError(MSG_NOT_PDF, path=name, reason=str(error)) from None


def _producer_as_in_xmp(writer: Any) -> None:
    """Make /Info /Producer what pyHanko will write into the XMP metadata.

    pyHanko appends itself to /Info /Producer ("WeasyPrint 70; pyHanko 0.x") but writes only
    "pyHanko 0.x" into the XMP packet; PDF/A requires the two to agree, so /Info says the same.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    try:
        info = writer.trailer["/Info"]
    except KeyError:
        return
    if str(info.get("/Producer", "")) != VENDOR:
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.update_container(info)


def sign_pdf_bytes(
    data: bytes,
    *,
    name: str,
    party: str,
    credentials: Credentials,
    seal: Seal | None = None,
    timestamp_url: str | None = None,
) -> bytes:
    """Sign `party`'s field of the PDF in `data` (called `name` in messages); the signed file's bytes."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner

    reader = _reader(data, name)
    record = read_record(reader)
    if record is None:
        raise UserError(MSG_NOT_OURS, path=name)
    fields = signature_fields(reader)
    if party not in fields:
        raise UserError(MSG_NO_FIELD, path=name, party=party, parties=", ".join(fields) or "-")
    if fields[party]:
        raise UserError(MSG_SIGNED, party=party, path=name)
    signatory = next((s for s in record.signatories if s.field == party), None)
    moment = datetime.now(UTC).astimezone()  # the signer's local time on the stamp; the CMS records UTC
    text = stamp_text(signatory, record.languages or ("ja",), credentials.common_name, moment)
    certify = not any(fields.values())
    metadata = PdfSignatureMetadata(
        field_name=party,
        certify=certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
        subfilter=SigSeedSubFilter.PADES,
        name=credentials.common_name,
    )
    timestamper = None
    if timestamp_url is not None:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url, timeout=TIMESTAMP_TIMEOUT)
    style = stamp_style(text, seal, box_height=field_height(reader, party))
    signer = PdfSigner(metadata, credentials.signer(), stamp_style=style, timestamper=timestamper)
    output = io.BytesIO()
    try:
        writer = IncrementalPdfFileWriter.from_reader(reader)
        _producer_as_in_xmp(writer)
        signer.sign_pdf(
            writer,
            existing_fields_only=True,
            # With a timestamp the token's size is unknown: pyHanko asks the server once to measure it.
            bytes_reserved=None if timestamper else credentials.reserved_bytes(),
            output=output,
        )
    except (SigningError, PdfError, OSError) as error:
        raise UserError(MSG_FAILED, reason=str(error)) from None
    return output.getvalue()
