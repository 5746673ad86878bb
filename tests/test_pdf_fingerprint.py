"""The questionnaire's fingerprint on paper: short on every page, in full on the signature page, and recorded."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sla_docgen.fingerprint import fingerprint, grouped, short
from tests.conftest import ROOT
from tests.pdf_support import need, run

SAMPLE = ROOT / "samples" / "acme-ja.yaml"


def test_fingerprint_forms() -> None:
    digits = fingerprint(b"agreement: {}\n")
    assert digits == hashlib.sha256(b"agreement: {}\n").hexdigest()
    assert grouped(digits).replace(" ", "") == digits and len(grouped(digits).split()) == 16
    assert short(digits) == " ".join(digits[i : i + 4] for i in range(0, 16, 4))


def test_every_page_shows_the_short_fingerprint_and_the_signature_page_the_full_one(sample_pdf: Path) -> None:
    need("pdftotext", "pdfinfo")
    digits = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", sample_pdf)).group(1))  # type: ignore[union-attr]
    texts = [run("pdftotext", "-f", str(n), "-l", str(n), sample_pdf, "-") for n in range(1, pages + 1)]
    for number, text in enumerate(texts, 1):
        assert f"SHA-256 {short(digits)}" in text, number
    assert "中村 浩二" in texts[-1]  # the signature block ends on the last page, with the full fingerprint
    assert grouped(digits) in texts[-1]
    assert "質問票のフィンガープリント（SHA-256）" in texts[-1]
    assert sum(grouped(digits) in text for text in texts) == 1  # in full only once


def test_the_record_for_signing_is_in_the_catalog(sample_pdf: Path) -> None:
    need("qpdf")
    qdf = run("qpdf", "--qdf", "--object-streams=disable", sample_pdf, "-")
    assert "/PieceInfo" in qdf and "/SLADocgen" in qdf
    assert f"/Fingerprint ({hashlib.sha256(SAMPLE.read_bytes()).hexdigest()})" in qdf
    assert re.search(r"/Languages \[\s*\(ja\)\s*\]", qdf)
    signatories = qdf[qdf.index("/Signatories") :]
    for field in ("marketing", "inside_sales", "sales"):
        assert f"/{field}" in signatories


def test_no_fingerprint_without_a_questionnaire(handmade: object, tmp_path: Path) -> None:
    need("pdftotext")
    from sla_docgen.render import RenderOptions
    from sla_docgen.render.pdf.renderer import render

    path = tmp_path / "bare.pdf"
    path.write_bytes(render(handmade, RenderOptions()))  # type: ignore[arg-type]
    assert "SHA-256" not in run("pdftotext", path, "-")
