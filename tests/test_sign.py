"""Signing: three parties in turn, judged by pyHanko, poppler's pdfsig and qpdf; the rules; the timestamp; the CLI."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.cli import main
from sla_docgen.errors import UsageError, UserError
from tests.conftest import ROOT
from tests.pdf_support import need, run
from tests.sign_support import (
    PASSPHRASE,
    SIGNERS,
    Pki,
    nss_database,
    pdfsig,
    secret,
    timestamp_server,
    verify,
    verify_bytes,
)

SAMPLE = ROOT / "samples" / "acme-ja.yaml"


# --- three parties in turn ---------------------------------------------------------------------------------


def test_each_party_signs_in_turn_and_every_signature_holds(signed_in_turn: list[Path], pki: Pki) -> None:
    report = verify(signed_in_turn[-1], pki)
    assert report.ok, report
    assert [c.field for c in report.signatures] == ["marketing", "inside_sales", "sales"]
    assert [c.party for c in report.signatures] == ["マーケティング部", "インサイドセールス部", "営業本部"]
    assert all(c.intact and c.valid and c.trusted for c in report.signatures)
    assert [c.certifying for c in report.signatures] == [True, False, False]
    assert [c.coverage for c in report.signatures] == ["entire_revision", "entire_revision", "entire_file"]
    assert [c.modifications for c in report.signatures] == ["form_filling", "form_filling", "none"]
    assert all(c.changes_permitted for c in report.signatures)
    assert "高橋 美咲 (ACME)" in report.signatures[0].signer
    assert "ACME Test Signing CA" in report.signatures[0].issuer
    assert report.unsigned == ()
    assert report.fingerprint == report.printed_fingerprint == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


def test_earlier_signatures_hold_after_every_later_one(signed_in_turn: list[Path], pki: Pki) -> None:
    unsigned = [("インサイドセールス部", "営業本部"), ("営業本部",), ()]
    for count, (stage, waiting) in enumerate(zip(signed_in_turn, unsigned, strict=True), 1):
        report = verify(stage, pki)
        assert report.ok
        assert len(report.signatures) == count
        assert report.unsigned == waiting


def test_pdfsig_finds_every_signature_valid_and_trusted(signed_in_turn: list[Path], pki: Pki, tmp_path: Path) -> None:
    found = pdfsig(signed_in_turn[-1], nss_database(pki, tmp_path))
    assert [f["Signature Field Name"] for f in found] == ["marketing", "inside_sales", "sales"]
    for finding in found:
        assert finding["Signature Validation"] == "Signature is Valid."
        assert finding["Certificate Validation"] == "Certificate is Trusted."
        assert finding["Signature Type"] == "ETSI.CAdES.detached"  # PAdES
    assert [f["Signer Certificate Common Name"] for f in found] == [c for _, c, _ in SIGNERS]
    assert "Total document signed" in run("pdfsig", signed_in_turn[-1])


def test_qpdf_check_stays_clean(signed_in_turn: list[Path]) -> None:
    need("qpdf")
    for stage in signed_in_turn:
        result = subprocess.run(["qpdf", "--check", str(stage)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_pdfa_metadata_stays_consistent_after_signing(signed_in_turn: list[Path]) -> None:
    """PDF/A wants the XMP packet and the Info dictionary to agree; pyHanko updates both (see signing.py)."""
    need("qpdf", "pdfinfo")
    qdf = run("qpdf", "--qdf", "--object-streams=disable", signed_in_turn[-1], "-")
    assert 'pdfaid:part="3"' in qdf and 'pdfaid:conformance="B"' in qdf
    xmp_producer = re.search(r'pdf:Producer="([^"]+)"', qdf)
    assert xmp_producer is not None
    info = run("pdfinfo", signed_in_turn[-1])
    assert re.search(rf"Producer:\s+{re.escape(xmp_producer.group(1))}\n", info), info
    assert re.search(r"Creator:\s+sla-docgen ", info)  # the document's creator is kept


def test_the_questionnaire_is_still_embedded_byte_for_byte(signed_in_turn: list[Path]) -> None:
    from sla_docgen.pdf_source import extract_source

    assert extract_source(signed_in_turn[-1].read_bytes()) == ("acme-ja.yaml", SAMPLE.read_bytes())


# --- rules ----------------------------------------------------------------------------------------------------


def test_a_field_cannot_be_signed_twice(signed_in_turn: list[Path], pki: Pki, tmp_path: Path) -> None:
    from sla_docgen.api import sign_pdf

    with pytest.raises(UserError, match="'marketing' has already signed"):
        sign_pdf(
            signed_in_turn[0],
            party="marketing",
            key=pki.signers["marketing"].p12_file,
            passphrase=secret,
            output=tmp_path / "again.pdf",
        )
    assert not (tmp_path / "again.pdf").exists()


def test_a_party_without_a_field_is_refused_with_the_parties_listed(sample_pdf: Path, pki: Pki) -> None:
    from sla_docgen.api import sign_pdf

    with pytest.raises(UserError, match=r"no signature field for party 'legal'.*marketing, inside_sales, sales"):
        sign_pdf(sample_pdf, party="legal", key=pki.signers["sales"].p12_file, passphrase=secret)


def test_a_pdf_not_made_by_sla_docgen_is_refused(pki: Pki, tmp_path: Path) -> None:
    from pyhanko.pdf_utils.writer import PdfFileWriter

    from sla_docgen.api import sign_pdf

    foreign = tmp_path / "foreign.pdf"
    writer = PdfFileWriter()
    with foreign.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(UserError, match="was not made by sla-docgen"):
        sign_pdf(foreign, party="sales", key=pki.signers["sales"].p12_file, passphrase=secret)
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(UserError, match=r"Cannot read .* as a PDF"):
        sign_pdf(garbage, party="sales", key=pki.signers["sales"].p12_file, passphrase=secret)


def test_output_never_replaces_the_input_unless_in_place(sample_pdf: Path, pki: Pki, tmp_path: Path) -> None:
    from sla_docgen.api import sign_pdf

    source = tmp_path / "agreement.pdf"
    source.write_bytes(sample_pdf.read_bytes())
    original = source.read_bytes()
    keys = {"key": pki.signers["marketing"].p12_file, "passphrase": secret}
    with pytest.raises(UsageError, match="would replace"):
        sign_pdf(source, party="marketing", output=tmp_path / "." / "agreement.pdf", **keys)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="cannot be used together"):
        sign_pdf(source, party="marketing", output=tmp_path / "x.pdf", in_place=True, **keys)  # type: ignore[arg-type]
    assert source.read_bytes() == original
    first = sign_pdf(source, party="marketing", **keys)  # type: ignore[arg-type]
    assert first == tmp_path / "agreement.signed.pdf"
    assert source.read_bytes() == original
    with pytest.raises(UsageError, match="would replace"):  # NAME.signed.pdf signs into itself only when asked
        sign_pdf(first, party="sales", key=pki.signers["sales"].p12_file, passphrase=secret)
    assert sign_pdf(first, party="sales", key=pki.signers["sales"].p12_file, passphrase=secret, in_place=True) == first
    assert len(verify(first, pki).signatures) == 2


def test_a_certificate_that_is_not_the_keys_is_refused(pki: Pki, sample_pdf: Path) -> None:
    from sla_docgen.api import sign_pdf

    with pytest.raises(UserError, match="does not belong to the key"):
        sign_pdf(
            sample_pdf,
            party="sales",
            key=pki.signers["sales"].key_file,
            cert=pki.signers["marketing"].cert_file,
            passphrase=secret,
        )


def test_an_unsupported_key_type_is_refused(pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from sla_docgen.api import sign_pdf

    key = tmp_path / "ed.key"
    key.write_bytes(
        ed25519.Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(UserError, match="Unsupported key type"):
        sign_pdf(sample_pdf, party="sales", key=key, cert=pki.signers["sales"].cert_file)


def test_rsa_and_ec_keys_reserve_enough_room_without_a_trial_signature(
    pki: Pki, sample_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyHanko signs twice (once to measure) unless told how much room the signature needs."""
    from pyhanko.sign.signers import pdf_signer

    from sla_docgen.sign.credentials import load_credentials
    from sla_docgen.sign.signing import sign_pdf_bytes

    def no_trial(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("pyHanko was left to estimate the signature size")

    monkeypatch.setattr(pdf_signer.PdfSigningSession, "estimate_signature_container_size", no_trial)
    data = sample_pdf.read_bytes()
    for party in ("marketing", "inside_sales"):  # ECDSA P-256, RSA 2048
        credentials = load_credentials(key=pki.signers[party].p12_file, passphrase=secret)
        data = sign_pdf_bytes(data, name="x.pdf", party=party, credentials=credentials)
    assert verify_bytes(data, pki).ok


# --- the timestamp (PAdES B-T) -------------------------------------------------------------------------------


def test_timestamp_from_a_local_server_is_embedded_and_verified(pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    from sla_docgen.api import sign_pdf

    with timestamp_server(pki) as (url, requests):
        signed = sign_pdf(
            sample_pdf,
            party="sales",
            key=pki.signers["sales"].p12_file,
            passphrase=secret,
            timestamp_url=url,
            output=tmp_path / "stamped.pdf",
        )
    assert requests  # the server was asked
    report = verify(signed, pki)
    assert report.ok, report
    (check,) = report.signatures
    assert check.timestamp is not None and check.signed_at is not None
    assert abs((check.timestamp - check.signed_at).total_seconds()) < 60
    found = pdfsig(signed, nss_database(pki, tmp_path))
    assert found[0]["Signature Validation"] == "Signature is Valid."


def test_an_unreachable_timestamp_server_fails_and_writes_nothing(pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    import socket

    from sla_docgen.api import sign_pdf

    with socket.socket() as probe:  # a port on this machine that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = tmp_path / "never.pdf"
    with pytest.raises(UserError, match="Signing failed"):
        sign_pdf(
            sample_pdf,
            party="sales",
            key=pki.signers["sales"].p12_file,
            passphrase=secret,
            timestamp_url=f"http://127.0.0.1:{port}/",
            output=target,
        )
    assert not target.exists()


# --- the command line ------------------------------------------------------------------------------------------


def test_sign_and_verify_commands_pass_their_options_through(
    pki: Pki, sample_pdf: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "cli.pdf"
    identity = pki.signers["inside_sales"]
    result = runner.invoke(
        main,
        [
            "sign",
            str(sample_pdf),
            "--party",
            "inside_sales",
            "--key",
            str(identity.key_file),
            "--cert",
            str(identity.cert_file),
            "--chain",
            str(pki.intermediate_file),
            "--passphrase-env",
            "SLA_TEST_PASSPHRASE",
            "--output",
            str(out),
            "--lang",
            "en",
        ],
        env={"SLA_TEST_PASSPHRASE": PASSPHRASE},
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"{out}\n"
    ok = runner.invoke(main, ["verify", str(out), "--trust", str(pki.root_file), "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert "Signature 1 of 1: インサイドセールス部 (field inside_sales)" in ok.output
    assert "Not signed yet: マーケティング部, 営業本部" in ok.output
    assert ok.output.rstrip().endswith("Result: every signature holds.")
    untrusted = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert untrusted.exit_code == 1
    assert "does not lead to a certificate given with --trust" in untrusted.output
    assert runner.invoke(main, ["verify", str(out), "--allow-untrusted"]).exit_code == 0


@pytest.mark.parametrize("command", ["sign", "verify"])
def test_sign_and_verify_have_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "--passphrase-env" in result.output if command == "sign" else "--trust" in result.output
    assert "--passphrase " not in result.output  # the passphrase is never an option


def test_sign_reports_in_japanese(pki: Pki, signed_in_turn: list[Path], runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main,
        [
            "sign",
            str(signed_in_turn[0]),
            "--party",
            "marketing",
            "--key",
            str(pki.signers["marketing"].p12_file),
            "--passphrase-env",
            "SLA_TEST_PASSPHRASE",
            "--output",
            str(tmp_path / "x.pdf"),
            "--lang",
            "ja",
        ],
        env={"SLA_TEST_PASSPHRASE": PASSPHRASE},
    )
    assert result.exit_code == 1
    assert "署名済み" in result.output


def test_the_loaded_key_signs_without_being_parsed_again(pki: Pki, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyHanko's SimpleSigner parses (and for RSA checks) the key on every signature; ours signs with the loaded one."""
    import pyhanko.sign.signers.pdf_cms as pdf_cms
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.hashes import SHA256

    from sla_docgen.sign.credentials import load_credentials

    def parsed(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the key was parsed again")

    credentials = load_credentials(key=pki.signers["inside_sales"].p12_file, passphrase=secret)
    monkeypatch.setattr(pdf_cms.serialization, "load_der_private_key", parsed)
    raw = credentials.signer().sign_raw(b"data", "sha256")
    credentials.key.public_key().verify(raw, b"data", padding.PKCS1v15(), SHA256())  # raises if wrong
