"""What the signing step needs to know about a rendered PDF, recorded in the catalog's /PieceInfo (ISO 32000 14.5).

The record holds the questionnaire's fingerprint (the digits printed on the pages), the document's
languages, and per signature field the party and the signatory's name and title in those languages.
`sla-docgen sign` draws the visible signature from it, and `verify` compares the fingerprint with
the embedded questionnaire, without reading the page text or depending on this version's schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pydyf

PIECE = "SLADocgen"
"""The /PieceInfo key: page-piece dictionaries are keyed by the name of the product that wrote them."""


@dataclass(frozen=True, slots=True)
class Signatory:
    field: str
    party: tuple[str, ...]
    """The party's name, one entry per document language."""
    name: tuple[str, ...]
    title: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SigningRecord:
    fingerprint: str | None
    """64 hexadecimal digits, or None when the PDF carries no questionnaire."""
    languages: tuple[str, ...]
    signatories: tuple[Signatory, ...]


def _strings(values: tuple[str, ...]) -> pydyf.Array:
    return pydyf.Array([pydyf.String(value) for value in values])


def pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def add_signing_record(pdf: pydyf.PDF, record: SigningRecord, modified: datetime) -> None:
    """Put the record into the pydyf PDF's catalog before it is written."""
    private = pydyf.Dictionary(
        {
            "Languages": _strings(record.languages),
            "Signatories": pydyf.Dictionary(
                {
                    s.field: pydyf.Dictionary(
                        {"Party": _strings(s.party), "Name": _strings(s.name), "Title": _strings(s.title)}
                    )
                    for s in record.signatories
                }
            ),
        }
    )
    if record.fingerprint is not None:
        private["Fingerprint"] = pydyf.String(record.fingerprint)
    pdf.add_object(private)
    pdf.catalog["PieceInfo"] = pydyf.Dictionary(
        {PIECE: pydyf.Dictionary({"LastModified": pydyf.String(pdf_date(modified)), "Private": private.reference})}
    )
