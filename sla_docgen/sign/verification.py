"""Judging a signed agreement: every signature, the changes made after each one, the questionnaire and its fingerprint.

The verdict on a signature is pyHanko's: the digest (intact), the signature value (valid), the
chain to a certificate given with --trust (trusted) and its modification analysis of the later
revisions (permitted changes only). Being intact and valid is not enough: a page appended after
signing leaves both true, and is reported as tampering. Around it, sla-docgen checks what only it
knows: the questionnaire each signer saw is the one embedded now, its fingerprint matches the one
printed on the pages, every party's field is still there, and who has not signed yet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sla_docgen.errors import UserError
from sla_docgen.fingerprint import fingerprint
from sla_docgen.i18n import N_
from sla_docgen.reading import read_input
from sla_docgen.render.pdf.record import SigningRecord
from sla_docgen.sign.changes import FIELD_REMOVED, Finding, describe_changes
from sla_docgen.sign.credentials import MAX_CREDENTIAL_BYTES
from sla_docgen.sign.record import questionnaire, read_record, signature_fields

ALTERED = N_("the signed bytes were changed after signing: the document digest no longer matches")
INVALID = N_("the signature value does not verify with the signer's certificate")
UNTRUSTED = N_("the signer's certificate does not lead to a certificate given with --trust")
REVOKED = N_("the signer's certificate was revoked")
NOT_PERMITTED = N_("the file was changed after this signature in a way the certification does not permit")
COVERAGE = N_("the signature does not cover the whole revision it belongs to")
QUESTIONNAIRE_CHANGED = N_("the embedded questionnaire is not the one this party signed")
NOT_A_PARTY = N_("the signature is in the field {field!r}, which belongs to no party of the agreement")
TIMESTAMP_BAD = N_("the timestamp does not verify, or its authority is not trusted")
UNREADABLE = N_("the signature cannot be checked: {reason}")
NO_QUESTIONNAIRE = N_("the PDF has no embedded questionnaire")
FINGERPRINT_MISMATCH = N_(
    "the embedded questionnaire does not match the fingerprint printed on the pages (printed {printed}, embedded {now})"
)
SIGNATURE_REMOVED = N_("the signature of {field!r} was removed")
TRAILING = N_("{count} bytes after the end of the file's last revision are covered by no signature")
MSG_NOT_OURS = N_("{path} was not made by sla-docgen: it has no signing record")
MSG_NOT_PDF = N_("Cannot read {path} as a PDF: {reason}")
MSG_TRUST = N_("{path} holds no certificate in PEM or DER form")

KEY_USAGES = {"digital_signature", "non_repudiation"}
"""Either suffices: many signing certificates carry only one of the two."""


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """The judgement on one signature."""

    field: str
    party: str
    """The party's name as the agreement gives it, or the field name for a field of no party."""
    signer: str
    issuer: str
    signed_at: datetime | None
    timestamp: datetime | None
    certifying: bool
    intact: bool
    valid: bool
    trusted: bool
    coverage: str
    """entire_file, entire_revision, or partial."""
    modifications: str | None
    """What later revisions did, as pyHanko classifies it: none, form_filling, annotations, other."""
    changes_permitted: bool | None
    problems: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Verification:
    """The judgement on a whole file."""

    file: str
    fingerprint: str | None
    """The fingerprint of the questionnaire embedded now, recomputed."""
    printed_fingerprint: str | None
    signatures: tuple[SignatureCheck, ...]
    unsigned: tuple[str, ...]
    """Parties whose field is still empty, by name."""
    problems: tuple[Finding, ...]
    """Problems of the file as a whole (questionnaire, fingerprint, removed signatures)."""

    @property
    def ok(self) -> bool:
        return not self.problems and all(check.ok for check in self.signatures)


def load_trust(paths: list[Any]) -> list[Any]:
    """asn1crypto certificates from PEM or DER files."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots: list[Any] = []
    for path in paths:
        try:
            data = read_input(path, limit=MAX_CREDENTIAL_BYTES)
            blocks = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            found = [asn1_x509.Certificate.load(der) for der in blocks]
            for certificate in found:
                certificate.native  # noqa: B018 - parse now, so that a broken file fails here, not mid-check
        except (OSError, ValueError, TypeError):
            raise UserError(MSG_TRUST, path=str(path)) from None
        roots.extend(found)
    return roots


def _party_names(record: SigningRecord) -> dict[str, str]:
    return {s.field: (s.party[0] if s.party else s.field) for s in record.signatories}


def verify_pdf_bytes(data: bytes, *, name: str, trust: list[Any], allow_untrusted: bool = False) -> Verification:
    """Check every signature of the PDF in `data` (called `name` in messages)."""
    from pyhanko.pdf_utils.misc import PdfError

    from sla_docgen.sign.reader import IndexingReader

    try:
        reader = IndexingReader(data)
        # The record as rendered: every signature covers the first revision, so it cannot be swapped unnoticed.
        record = read_record(reader.get_historical_resolver(0))
        if record is None:
            raise UserError(MSG_NOT_OURS, path=name)
        report = _verify(reader, record, name, trust, allow_untrusted)
    except (PdfError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
        # A file damaged in its structure, not just in its signed bytes: nothing can be judged.
        raise UserError(MSG_NOT_PDF, path=name, reason=str(error) or type(error).__name__) from None
    trailing = _trailing_bytes(data)
    if trailing:
        report = replace(report, problems=(*report.problems, Finding("trailing_bytes", TRAILING, {"count": trailing})))
    return report


def _trailing_bytes(data: bytes) -> int:
    """Bytes after the last end-of-file marker, line ends aside: readers ignore them, no signer saw them."""
    end = data.rfind(b"%%EOF")
    return len(data[end + 5 :].strip(b"\r\n\t \0")) if end >= 0 else 0


def _verify(reader: Any, record: SigningRecord, name: str, trust: list[Any], allow_untrusted: bool) -> Verification:
    parties = _party_names(record)
    source = questionnaire(reader)
    now = fingerprint(source) if source is not None else None
    signatures, unreadable = _signatures(reader)
    checks = tuple(
        [_check(signature, reader, parties, source, trust, allow_untrusted) for signature in signatures]
        + [_unreadable(field, parties, reason) for field, reason in unreadable]
    )
    filled = signature_fields(reader)
    unsigned = tuple(parties.get(field, field) for field, signed in filled.items() if not signed)
    problems = _file_problems(reader, record, source, now, filled)
    return Verification(name, now, record.fingerprint, checks, unsigned, tuple(problems))


def _file_problems(
    reader: Any, record: SigningRecord, source: bytes | None, now: str | None, filled: dict[str, bool]
) -> list[Finding]:
    """The questionnaire against its printed fingerprint, and the fields the file was rendered with."""
    problems = []
    if source is None:
        problems.append(Finding("questionnaire_missing", NO_QUESTIONNAIRE))
    elif now != record.fingerprint:
        problems.append(
            Finding("fingerprint_mismatch", FINGERPRINT_MISMATCH, {"printed": record.fingerprint, "now": now})
        )
    ever_signed = _ever_signed(reader)
    for field in signature_fields(reader.get_historical_resolver(0)):
        if field in filled:
            continue
        if ever_signed.get(field):
            problems.append(Finding("signature_removed", SIGNATURE_REMOVED, {"field": field}))
        else:
            problems.append(Finding("field_removed", FIELD_REMOVED, {"field": field}))
    return problems


def _signatures(reader: Any) -> tuple[list[Any], list[tuple[str, str]]]:
    """The signatures in signing order, and the fields whose signature cannot even be parsed (with the reason).

    pyHanko's own `reader.embedded_signatures` stops at the first unparsable signature and skips
    those of an unknown type; here each one is reported.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    found, unreadable = [], []
    for name, _value, field in enumerate_sig_fields(reader, filled_status=True):
        try:
            found.append(EmbeddedPdfSignature(reader, field, name))
        except (PdfError, ValueError, KeyError, TypeError, AttributeError) as error:
            unreadable.append((str(name), str(error) or type(error).__name__))
    return sorted(found, key=lambda signature: signature.signed_revision), unreadable


def _ever_signed(reader: Any) -> dict[str, bool]:
    """Every signature field that held a signature in some revision."""
    found: dict[str, bool] = {}
    for revision in range(reader.total_revisions):
        for field, signed in signature_fields(reader.get_historical_resolver(revision)).items():
            found[field] = found.get(field, False) or signed
    return found


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for finding in findings:
        key = (finding.code, repr(sorted(finding.params.items())))
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def _check(
    signature: Any, reader: Any, parties: dict[str, str], source: bytes | None, trust: list[Any], allow_untrusted: bool
) -> SignatureCheck:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    field = str(signature.field_name)
    problems: list[Finding] = []
    if field not in parties:
        problems.append(Finding("not_a_party", NOT_A_PARTY, {"field": field}))
    context = ValidationContext(trust_roots=list(trust), allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(
            signature, context, key_usage_settings=KeyUsageConstraints(key_usage=KEY_USAGES)
        )
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as error:
        return _unreadable(field, parties, str(error) or type(error).__name__)
    problems.extend(_status_problems(status, allow_untrusted))
    signed_source = questionnaire(reader.get_historical_resolver(signature.signed_revision))
    if signed_source != source:
        problems.append(Finding("questionnaire_changed", QUESTIONNAIRE_CHANGED))
    coverage = status.coverage.name if status.coverage is not None else "UNCLEAR"
    if status.docmdp_ok is False or coverage not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        problems.extend(describe_changes(reader, signature.signed_revision))
    level = status.modification_level
    timestamp = status.timestamp_validity
    return SignatureCheck(
        field=field,
        party=parties.get(field, field),
        signer=_name(status.signing_cert, "subject"),
        issuer=_name(status.signing_cert, "issuer"),
        signed_at=status.signer_reported_dt,
        timestamp=timestamp.timestamp if timestamp is not None else None,
        certifying=signature.docmdp_level is not None,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        coverage={"ENTIRE_FILE": "entire_file", "ENTIRE_REVISION": "entire_revision"}.get(coverage, "partial"),
        modifications=level.name.lower() if level is not None else None,
        changes_permitted=status.docmdp_ok,
        problems=tuple(_unique(problems)),
    )


def _name(certificate: Any, which: str) -> str:
    """A certificate's subject or issuer as RFC 4514 text (`CN=...,O=...`), as pdfsig and OpenSSL show it."""
    from cryptography import x509

    try:
        name: x509.Name = getattr(x509.load_der_x509_certificate(certificate.dump()), which)
        return name.rfc4514_string()
    except ValueError:
        return str(getattr(certificate, which).human_friendly)


def _status_problems(status: Any, allow_untrusted: bool) -> list[Finding]:
    problems = []
    if not status.intact:
        problems.append(Finding("altered", ALTERED))
    elif not status.valid:
        problems.append(Finding("invalid", INVALID))
    if status.revoked:
        problems.append(Finding("revoked", REVOKED))
    elif status.intact and status.valid and not status.trusted and not allow_untrusted:
        problems.append(Finding("untrusted", UNTRUSTED))
    if status.coverage is None or status.coverage.name not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
        problems.append(Finding("coverage", COVERAGE))
    elif status.docmdp_ok is False or (status.modification_level is not None and status.modification_level.value > 2):
        problems.append(Finding("not_permitted", NOT_PERMITTED))
    timestamp = status.timestamp_validity
    if timestamp is not None and not (timestamp.intact and timestamp.valid and (timestamp.trusted or allow_untrusted)):
        problems.append(Finding("timestamp", TIMESTAMP_BAD))
    return problems


def _unreadable(field: str, parties: dict[str, str], reason: str) -> SignatureCheck:
    """A signature that cannot be checked at all: it fails, with pyHanko's reason."""
    problems = [Finding("unreadable", UNREADABLE, {"reason": reason})]
    if field not in parties:
        problems.append(Finding("not_a_party", NOT_A_PARTY, {"field": field}))
    return SignatureCheck(
        field=field,
        party=parties.get(field, field),
        signer="?",
        issuer="?",
        signed_at=None,
        timestamp=None,
        certifying=False,
        intact=False,
        valid=False,
        trusted=False,
        coverage="partial",
        modifications=None,
        changes_permitted=None,
        problems=tuple(problems),
    )
