"""Verification: every way of tampering with a signed agreement is caught and named; exit codes; JSON; language."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sla_docgen.cli import main
from sla_docgen.errors import UserError
from tests.conftest import ROOT
from tests.pdf_support import need
from tests.sign_support import (
    PASSPHRASE,
    Pki,
    annotate_first_page,
    append_page,
    incremental,
    remove_field,
    replace_questionnaire,
    rewrite_page_text,
)


def check(data: bytes, pki: Pki, **options: Any) -> Any:
    from sla_docgen.sign.verification import load_trust, verify_pdf_bytes

    return verify_pdf_bytes(data, name="tampered.pdf", trust=load_trust([pki.root_file]), **options)


def codes(findings: Any) -> set[str]:
    return {finding.code for finding in findings}


def messages(findings: Any, lang: str = "en") -> str:
    return " | ".join(finding.message(lang) for finding in findings)


@pytest.fixture(scope="module")
def signed(signed_in_turn: list[Path]) -> bytes:
    return signed_in_turn[-1].read_bytes()


# --- tampering ------------------------------------------------------------------------------------------------


def test_one_byte_flipped_inside_the_signed_range(signed: bytes, pki: Pki) -> None:
    """A byte of the sRGB profile stream (in revision 0, covered by every signature) is flipped."""
    start = signed.index(b"stream", signed.index(b"3 0 obj")) + 200
    data = bytearray(signed)
    data[start] ^= 0x01
    report = check(bytes(data), pki)
    assert not report.ok
    for signature in report.signatures:
        assert not signature.intact
        assert "altered" in codes(signature.problems)
        assert "the document digest no longer matches" in messages(signature.problems)


def test_a_page_appended_after_signing_is_tampering_although_every_signature_is_intact(signed: bytes, pki: Pki) -> None:
    report = check(incremental(signed, append_page), pki)
    assert not report.ok
    for signature in report.signatures:
        assert signature.intact and signature.valid and signature.trusted  # the signatures themselves are fine ...
        assert signature.changes_permitted is False  # ... but pyHanko's modification analysis is not
        assert signature.coverage == "entire_revision"
        assert {"not_permitted", "pages_added"} <= codes(signature.problems)
        assert "1 page(s) were added" in messages(signature.problems)


def test_a_signed_field_removed(signed: bytes, pki: Pki) -> None:
    report = check(incremental(signed, remove_field("marketing")), pki)
    assert not report.ok
    assert [s.field for s in report.signatures] == ["inside_sales", "sales"]  # pyHanko no longer sees it ...
    assert "signature_removed" in codes(report.problems)  # ... but the file's history does
    assert "the signature of 'marketing' was removed" in messages(report.problems)
    for signature in report.signatures:
        assert "field_removed" in codes(signature.problems)


def test_an_empty_field_removed_before_its_party_signed(signed_in_turn: list[Path], pki: Pki) -> None:
    report = check(incremental(signed_in_turn[0].read_bytes(), remove_field("sales")), pki)
    assert not report.ok
    assert "the signature field 'sales' was removed" in messages(report.problems)
    assert report.unsigned == ("インサイドセールス部",)
    (marketing,) = report.signatures
    assert {"not_permitted", "field_removed"} <= codes(marketing.problems)


def test_the_embedded_questionnaire_replaced(signed: bytes, pki: Pki) -> None:
    forged = (ROOT / "samples" / "acme-ja.yaml").read_bytes().replace(b"2000", b"1000", 1)
    report = check(incremental(signed, replace_questionnaire(forged)), pki)
    assert not report.ok
    assert "fingerprint_mismatch" in codes(report.problems)
    assert "does not match the fingerprint printed on the pages" in messages(report.problems)
    for signature in report.signatures:
        assert {"questionnaire_changed", "questionnaire_replaced", "not_permitted"} <= codes(signature.problems)


def test_the_content_of_a_page_rewritten(signed: bytes, pki: Pki) -> None:
    report = check(incremental(signed, rewrite_page_text(3)), pki)
    assert not report.ok
    for signature in report.signatures:
        assert signature.intact and signature.valid
        assert "the content of page 3 was changed" in messages(signature.problems)
        assert "not_permitted" in codes(signature.problems)


def test_a_visible_annotation_added_over_the_text(signed: bytes, pki: Pki) -> None:
    report = check(incremental(signed, annotate_first_page), pki)
    assert not report.ok
    for signature in report.signatures:
        assert signature.intact and signature.valid
        assert "an annotation (FreeText) was added on page 1" in messages(signature.problems)
        assert "not_permitted" in codes(signature.problems)


def test_a_signature_by_a_certificate_not_in_trust(signed_in_turn: list[Path], pki: Pki) -> None:
    from sla_docgen.sign.credentials import load_credentials
    from sla_docgen.sign.signing import sign_pdf_bytes

    stranger = load_credentials(key=pki.stranger.p12_file, passphrase=lambda: PASSPHRASE.encode())
    data = sign_pdf_bytes(signed_in_turn[1].read_bytes(), name="x.pdf", party="sales", credentials=stranger)
    report = check(data, pki)
    assert not report.ok
    *trusted, last = report.signatures
    assert all(s.ok for s in trusted)
    assert last.intact and last.valid and not last.trusted
    assert codes(last.problems) == {"untrusted"}
    assert check(data, pki, allow_untrusted=True).ok


def test_bytes_appended_after_the_last_revision(signed: bytes, pki: Pki) -> None:
    """Not an incremental update, so no signature's analysis sees them; readers ignore them, verify does not."""
    junk = b"1 0 obj << /Note (the targets are halved) >> endobj"
    report = check(signed + junk + b"\n", pki)
    assert not report.ok
    assert all(s.ok for s in report.signatures)
    assert len(junk) == 51
    assert "51 bytes after the end of the file's last revision are covered by no signature" in messages(report.problems)
    assert check(signed + b"\r\n", pki).ok  # line ends are not content


def test_a_signature_container_wiped_is_reported_not_skipped(signed: bytes, pki: Pki) -> None:
    start = signed.index(b"/Contents <") + len(b"/Contents <")  # the first signature's CMS, as hexadecimal
    end = signed.index(b">", start)
    report = check(signed[:start] + b"0" * (end - start) + signed[end:], pki)
    assert not report.ok
    wiped = {s.field: s for s in report.signatures}["marketing"]
    assert "unreadable" in codes(wiped.problems)
    assert "the signature cannot be checked" in messages(wiped.problems)
    for later in ("inside_sales", "sales"):  # their signed ranges include the first signature
        assert "altered" in codes({s.field: s for s in report.signatures}[later].problems)


def test_a_tampered_file_also_fails_pdfsig_where_bytes_changed(signed: bytes, tmp_path: Path) -> None:
    """The third-party judge agrees on the flipped byte (it does not analyse incremental updates)."""
    need("pdfsig")
    start = signed.index(b"stream", signed.index(b"3 0 obj")) + 200
    data = bytearray(signed)
    data[start] ^= 0x01
    path = tmp_path / "flipped.pdf"
    path.write_bytes(bytes(data))
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, check=False).stdout.decode()
    assert out.count("Signature Validation: Digest Mismatch.") == 3, out


# --- the command: exit codes, formats, languages ----------------------------------------------------------


def test_verify_exit_codes(signed_in_turn: list[Path], pki: Pki, tmp_path: Path, runner: CliRunner) -> None:
    good = signed_in_turn[-1]
    assert runner.invoke(main, ["verify", str(good), "--trust", str(pki.root_file)]).exit_code == 0
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(incremental(good.read_bytes(), append_page))
    assert runner.invoke(main, ["verify", str(appended), "--trust", str(pki.root_file)]).exit_code == 1
    assert runner.invoke(main, ["verify", str(appended), "--allow-untrusted"]).exit_code == 1  # not a trust issue
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_bytes(b"hello")
    broken = runner.invoke(main, ["verify", str(not_pdf), "--lang", "en"])
    assert broken.exit_code == 2
    assert "Cannot read" in broken.output
    bad_trust = runner.invoke(main, ["verify", str(good), "--trust", str(not_pdf), "--lang", "en"])
    assert bad_trust.exit_code == 2
    assert "holds no certificate" in bad_trust.output
    assert runner.invoke(main, ["verify", str(good), "--trust", "/nonexistent.pem"]).exit_code == 2  # click


def test_a_pdf_not_made_by_sla_docgen_is_an_error(tmp_path: Path, runner: CliRunner) -> None:
    from pyhanko.pdf_utils.writer import PdfFileWriter

    foreign = tmp_path / "foreign.pdf"
    with foreign.open("wb") as stream:
        PdfFileWriter().write(stream)
    result = runner.invoke(main, ["verify", str(foreign), "--lang", "en"])
    assert result.exit_code == 2
    assert "was not made by sla-docgen" in result.output


def test_an_unsigned_agreement_lists_every_party_as_unsigned(sample_pdf: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["verify", str(sample_pdf), "--lang", "en"])
    assert result.exit_code == 0, result.output  # nothing present fails
    assert "The document has no signatures yet." in result.output
    assert "Not signed yet: マーケティング部, インサイドセールス部, 営業本部" in result.output


def test_json_report(signed_in_turn: list[Path], pki: Pki, tmp_path: Path, runner: CliRunner) -> None:
    tampered = tmp_path / "t.pdf"
    tampered.write_bytes(incremental(signed_in_turn[-1].read_bytes(), append_page))
    result = runner.invoke(main, ["verify", str(tampered), "--trust", str(pki.root_file), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert re.fullmatch(r"[0-9a-f]{64}", data["fingerprint"]) and data["fingerprint"] == data["printed_fingerprint"]
    assert [s["field"] for s in data["signatures"]] == ["marketing", "inside_sales", "sales"]
    first = data["signatures"][0]
    assert first["certifying"] is True and first["intact"] is True and first["changes_permitted"] is False
    assert {p["code"] for p in first["problems"]} >= {"not_permitted", "pages_added"}
    assert any(p.get("count") == 1 for p in first["problems"])
    assert first["signed_at"].endswith("+00:00")
    assert data["unsigned"] == []


def test_report_in_japanese(signed_in_turn: list[Path], pki: Pki, tmp_path: Path, runner: CliRunner) -> None:
    tampered = tmp_path / "t.pdf"
    tampered.write_bytes(incremental(signed_in_turn[-1].read_bytes(), annotate_first_page))
    result = runner.invoke(main, ["verify", str(tampered), "--trust", str(pki.root_file), "--lang", "ja"])
    assert result.exit_code == 1
    assert "署名 1/3：マーケティング部（署名欄 marketing）" in result.output
    assert "1 ページに注釈（FreeText）が追加されました" in result.output
    assert "結果：検証に失敗しました。" in result.output
    good = runner.invoke(
        main, ["verify", str(signed_in_turn[-1]), "--trust", str(pki.root_file)], env={"LANG": "ja_JP.UTF-8"}
    )
    assert "各ページに印刷されたフィンガープリントと一致" in good.output  # the user's language from the environment
    assert good.output.rstrip().endswith("結果：すべての署名が有効です。")


def test_the_printed_fingerprint_is_the_one_verify_prints(
    signed_in_turn: list[Path], pki: Pki, runner: CliRunner
) -> None:
    need("pdftotext")
    path = signed_in_turn[-1]
    result = runner.invoke(main, ["verify", str(path), "--trust", str(pki.root_file), "--lang", "en"])
    line = next(l for l in result.output.splitlines() if l.startswith("Fingerprint of the questionnaire"))  # noqa: E741
    digits = line.split(": ", 1)[1].split(" (", 1)[0]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert digits in text  # in full on the signature page
    assert text.count(f"SHA-256 {digits[:19]}") >= 13  # and its first 16 digits on every page


def test_verify_refuses_unreadable_trust_files(tmp_path: Path) -> None:
    from sla_docgen.sign.verification import load_trust

    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    with pytest.raises(UserError, match="holds no certificate"):
        load_trust([bad])


@pytest.mark.parametrize(
    "damage,code",
    [
        (lambda d: d[: len(d) * 2 // 3], 2),  # truncated: no longer a readable PDF
        (lambda d: d[:1000] + b"\0" * 5000 + d[6000:], 1),  # a zeroed block: readable, the signatures fail
        (lambda d: d.replace(b"/Type /Catalog", b"/Type /Catalox", 1), 1),
        (lambda d: b"%PDF-1.7\n" + bytes(range(256)) * 64, 2),
    ],
    ids=["truncated", "zeroed", "catalog-renamed", "noise"],
)
def test_hostile_files_end_in_a_message_not_a_traceback(
    signed: bytes, pki: Pki, tmp_path: Path, runner: CliRunner, damage: Any, code: int
) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(signed))
    result = runner.invoke(main, ["verify", str(path), "--trust", str(pki.root_file), "--lang", "en"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
