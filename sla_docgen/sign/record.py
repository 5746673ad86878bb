"""Reading back what the renderer recorded in a PDF: the signing record, the questionnaire, the signature fields.

Every reader here takes a pyHanko PDF handler, so that it works on the current file as well as on
any earlier revision (`reader.get_historical_resolver(n)`).
"""

from __future__ import annotations

from typing import Any

from sla_docgen.render.pdf.record import PIECE, Signatory, SigningRecord


def _object(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in _object(value) or ())


def read_record(handler: Any) -> SigningRecord | None:
    """The signing record, or None when the PDF was not made by sla-docgen (or the record was removed)."""
    try:
        private = _object(_object(_object(handler.root["/PieceInfo"])[f"/{PIECE}"])["/Private"])
    except (KeyError, TypeError):
        return None
    signatories = _object(private.get("/Signatories")) or {}
    fingerprint = private.get("/Fingerprint")
    return SigningRecord(
        fingerprint=str(fingerprint) if fingerprint is not None else None,
        languages=_strings(private.get("/Languages")),
        signatories=tuple(
            Signatory(
                str(name)[1:],
                _strings(_object(entry).get("/Party")),
                _strings(_object(entry).get("/Name")),
                _strings(_object(entry).get("/Title")),
            )
            for name, entry in signatories.items()
        ),
    )


def questionnaire(handler: Any) -> bytes | None:
    """The embedded questionnaire's bytes, or None when there is none."""
    from pyhanko.pdf_utils.misc import PdfError

    from sla_docgen.pdf_source import NoSourceError, source_of

    try:
        return source_of(handler.root, check_integrity=False)[1]  # the fingerprint tells a forgery
    except (NoSourceError, PdfError, KeyError, TypeError, ValueError):  # none, or a damaged attachment
        return None


def signature_fields(handler: Any) -> dict[str, bool]:
    """Every signature field by name, True when it holds a signature."""
    from pyhanko.sign.fields import enumerate_sig_fields

    return {str(name): value is not None for name, value, _ in enumerate_sig_fields(handler)}


def field_height(handler: Any, name: str) -> float:
    """The height of a signature field's box in points (its widget's /Rect)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    for _name, _value, field in enumerate_sig_fields(handler, with_name=name):
        rect = [float(v) for v in field.get_object()["/Rect"]]
        return abs(rect[3] - rect[1])
    return 0.0
