"""The verification report as text for people (in their language) or as JSON for programs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sla_docgen.fingerprint import grouped
from sla_docgen.i18n import N_, translate
from sla_docgen.sign.changes import Finding
from sla_docgen.sign.verification import SignatureCheck, Verification

FINGERPRINT = N_("Fingerprint of the questionnaire (SHA-256)")
FINGERPRINT_MATCHES = N_("{digits} (matches the fingerprint printed on the pages)")
LINE = N_("{label}: {value}")
SIGNATURE = N_("Signature {number} of {count}: {party} (field {field})")
CERTIFYING = N_("certifies the document: afterwards only filling in and signing the remaining fields is permitted")
APPROVAL = N_("approval signature")
SIGNER = N_("Signer")
ISSUER = N_("Issued by")
SIGNED_AT = N_("Signing time (as the signer's computer states it)")
TIMESTAMP = N_("Timestamp")
NO_TIMESTAMP = N_("none")
INTACT = N_("Signed bytes unchanged")
VALID = N_("Signature value verifies")
TRUSTED = N_("Certificate trusted")
COVERS = N_("Covers")
COVERS_FILE = N_("the whole file")
COVERS_REVISION = N_("the whole file as it was when signed; later revisions: {changes} ({verdict})")
COVERS_PARTIAL = N_("only part of the file")
PERMITTED = N_("permitted changes only")
NOT_PERMITTED = N_("changes that are not permitted")
YES = N_("yes")
NO = N_("no")
HOLDS = N_("Holds")
FAILS = N_("FAILS")
UNSIGNED = N_("Not signed yet")
NOBODY = N_("nobody")
NO_SIGNATURES = N_("The document has no signatures yet.")
PROBLEMS = N_("Problems with the file")
VERDICT_OK = N_("Result: every signature holds.")
VERDICT_FAILED = N_("Result: verification FAILED.")
CHANGES = {
    "none": N_("none"),
    "lta_updates": N_("validation data only"),
    "form_filling": N_("form filling and signing"),
    "annotations": N_("annotations"),
    "other": N_("other changes"),
}


def _t(msgid: str, lang: str, **params: Any) -> str:
    return " / ".join(translate(msgid, one).format(**params) for one in lang.split("+"))


def _time(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if moment is not None else "-"


def _coverage(check: SignatureCheck, lang: str) -> str:
    if check.coverage == "entire_file":
        return _t(COVERS_FILE, lang)
    if check.coverage == "partial":
        return _t(COVERS_PARTIAL, lang)
    return " / ".join(
        translate(COVERS_REVISION, one).format(
            changes=translate(CHANGES.get(check.modifications or "other", CHANGES["other"]), one),
            verdict=translate(PERMITTED if check.changes_permitted else NOT_PERMITTED, one),
        )
        for one in lang.split("+")
    )


def _line(label: str, value: str, lang: str) -> str:
    """`label: value`, with the separator the language uses ("：" in Japanese)."""
    return " / ".join(translate(LINE, one).format(label=translate(label, one), value=value) for one in lang.split("+"))


def _signature_lines(check: SignatureCheck, number: int, count: int, lang: str) -> list[str]:
    def yes_no(value: bool) -> str:
        return _t(YES if value else NO, lang)

    timestamp = _time(check.timestamp) if check.timestamp else _t(NO_TIMESTAMP, lang)
    verdicts = ((INTACT, check.intact), (VALID, check.valid), (TRUSTED, check.trusted))
    checks = "; ".join(_line(label, yes_no(value), lang) for label, value in verdicts)
    lines = [
        _t(SIGNATURE, lang, number=number, count=count, party=check.party, field=check.field),
        f"  {_t(CERTIFYING if check.certifying else APPROVAL, lang)}",
        f"  {_line(SIGNER, check.signer, lang)}",
        f"  {_line(ISSUER, check.issuer, lang)}",
        f"  {_line(SIGNED_AT, _time(check.signed_at), lang)}",
        f"  {_line(TIMESTAMP, timestamp, lang)}",
        f"  {checks}",
        f"  {_line(COVERS, _coverage(check, lang), lang)}",
    ]
    lines.extend(f"  ! {problem.message(lang)}" for problem in check.problems)
    lines.append(f"  => {_t(HOLDS if check.ok else FAILS, lang)}")
    return lines


def as_text(report: Verification, lang: str) -> str:
    """The report for people, in `lang` ("ja", "en" or a pair such as "ja+en")."""
    lines = [report.file]
    if report.fingerprint is not None:
        digits = grouped(report.fingerprint)
        if report.fingerprint == report.printed_fingerprint:
            digits = _t(FINGERPRINT_MATCHES, lang, digits=digits)
        lines.append(_line(FINGERPRINT, digits, lang))
    lines.append("")
    count = len(report.signatures)
    if not count:
        lines.append(_t(NO_SIGNATURES, lang))
    for number, check in enumerate(report.signatures, 1):
        lines.extend([*_signature_lines(check, number, count, lang), ""])
    lines.append(_line(UNSIGNED, ", ".join(report.unsigned) or _t(NOBODY, lang), lang))
    if report.problems:
        lines.append(_line(PROBLEMS, "", lang).rstrip())
        lines.extend(f"  ! {problem.message(lang)}" for problem in report.problems)
    lines.append(_t(VERDICT_OK if report.ok else VERDICT_FAILED, lang))
    return "\n".join(lines) + "\n"


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
    return {"code": finding.code, "message": finding.message(lang), **finding.params}


def as_json(report: Verification, lang: str) -> str:
    """The report for programs: stable keys, messages in `lang`, times in ISO 8601 (UTC)."""

    def time(moment: datetime | None) -> str | None:
        return moment.astimezone(UTC).isoformat() if moment is not None else None

    data = {
        "file": report.file,
        "ok": report.ok,
        "fingerprint": report.fingerprint,
        "printed_fingerprint": report.printed_fingerprint,
        "signatures": [
            {
                "field": c.field,
                "party": c.party,
                "ok": c.ok,
                "certifying": c.certifying,
                "signer": c.signer,
                "issuer": c.issuer,
                "signed_at": time(c.signed_at),
                "timestamp": time(c.timestamp),
                "intact": c.intact,
                "valid": c.valid,
                "trusted": c.trusted,
                "coverage": c.coverage,
                "modifications": c.modifications,
                "changes_permitted": c.changes_permitted,
                "problems": [_finding(p, lang) for p in c.problems],
            }
            for c in report.signatures
        ],
        "unsigned": list(report.unsigned),
        "problems": [_finding(p, lang) for p in report.problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
