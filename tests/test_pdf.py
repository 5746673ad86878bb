"""PDF output judged by third-party readers: pdftotext, pdffonts, pdfdetach, qpdf, pyHanko; layout."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sla_docgen
from sla_docgen.document import Document, Paragraph
from sla_docgen.render import RenderOptions
from tests.conftest import ROOT, SAMPLES, build_sample
from tests.pdf_support import (
    SOURCE,
    assert_in_order,
    handmade_document,
    need,
    render_pdf,
    run,
    squash,
    strings,
)

# --- judged by third-party readers ------------------------------------------------------------


def test_every_value_is_extractable_in_order(document: Document, pdf_file: Path) -> None:
    need("pdftotext")
    assert_in_order(strings(document), run("pdftotext", "-raw", pdf_file, "-"))


def test_japanese_font_is_embedded_subset_with_a_real_bold(pdf_file: Path) -> None:
    need("pdffonts")
    rows = run("pdffonts", pdf_file).splitlines()[2:]
    assert rows, "no fonts"
    assert all(" yes yes yes " in row for row in rows), rows
    names = " ".join(row.split()[0] for row in rows)
    assert re.search(r"CJK|Gothic|JP", names), names
    assert "Bold" in names, names


def test_a4_pages_running_footer_and_metadata(document: Document, pdf_file: Path) -> None:
    need("pdfinfo", "pdftotext")
    info = run("pdfinfo", pdf_file)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    assert document.metadata.title.primary.text in info
    assert document.metadata.company.primary.text in info  # author
    assert "Form:            AcroForm" in info
    text = run("pdftotext", "-raw", pdf_file, "-")
    label = document.labels["page_n_of_m"].primary.text
    for n in (1, pages):
        assert squash(label.format(n=n, m=pages)) in squash(text)
    assert text.count(document.metadata.agreement_id) >= pages  # title block + every running header but page 1


def test_pdfa3_metadata_and_source_attachment(
    case: tuple[Document, bytes, str], pdf_file: Path, tmp_path: Path
) -> None:
    need("pdfdetach", "qpdf")
    document, source, name = case
    assert f"1: {name}" in run("pdfdetach", "-list", pdf_file)
    run("pdfdetach", "-saveall", "-o", tmp_path, pdf_file)
    assert (tmp_path / name).read_bytes() == source
    qdf = run("qpdf", "--qdf", "--object-streams=disable", pdf_file, "-")
    assert "/AFRelationship /Source" in qdf
    assert 'pdfaid:part="3"' in qdf and 'pdfaid:conformance="B"' in qdf
    assert f"/Lang ({document.langs[0]})" in qdf
    assert "/OutputIntents" in qdf


def test_creator_and_producer_name_the_versions_the_bytes_depend_on(pdf_file: Path) -> None:
    need("pdfinfo", "qpdf")
    info = run("pdfinfo", pdf_file)
    creator = f"sla-docgen {sla_docgen.__version__}"
    assert re.search(rf"Creator:\s+{re.escape(creator)}\n", info)
    assert re.search(rf"Producer:\s+WeasyPrint {re.escape(importlib.metadata.version('weasyprint'))}\n", info)
    assert f"<xmp:CreatorTool>{creator}</xmp:CreatorTool>" in run("qpdf", "--qdf", pdf_file, "-")  # PDF/A: XMP agrees


def test_qpdf_check(pdf_file: Path) -> None:
    need("qpdf")
    result = subprocess.run(["qpdf", "--check", str(pdf_file)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_extract_source_gives_the_questionnaire_back(case: tuple[Document, bytes, str], pdf_file: Path) -> None:
    from sla_docgen.pdf_source import extract_source

    _, source, name = case
    assert extract_source(pdf_file.read_bytes()) == (name, source)


def test_extract_source_without_attachment_is_a_user_error(handmade: Document) -> None:
    from sla_docgen.errors import UserError
    from sla_docgen.pdf_source import extract_source
    from sla_docgen.render.pdf import renderer as pdf

    bare = pdf.render(handmade, RenderOptions())
    with pytest.raises(UserError, match="no embedded questionnaire"):
        extract_source(bare)
    with pytest.raises(UserError):
        extract_source(b"%PDF-1.7 nonsense")


def test_extract_source_strips_folders_from_the_name(handmade: Document) -> None:
    from sla_docgen.pdf_source import extract_source

    name, data = extract_source(render_pdf(handmade, source_name="../../etc/evil.yaml"))
    assert (name, data) == ("evil.yaml", SOURCE)


def test_signature_fields_are_empty_named_after_parties(document: Document, pdf_file: Path) -> None:
    pyhanko = pytest.importorskip("pyhanko.sign.fields")
    from pyhanko.pdf_utils.reader import PdfFileReader

    from sla_docgen.render.html import signatures

    with pdf_file.open("rb") as handle:
        reader = PdfFileReader(handle)
        fields = list(pyhanko.enumerate_sig_fields(reader))
        expected = [s.field_name for s in signatures(document)]
        assert [name for name, _, _ in fields] == expected
        for _, value, ref in fields:
            assert value is None  # empty: nothing signed yet
            widget = ref.get_object()
            x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
            assert 0 < x1 < x2 <= 595.3 and 0 < y1 < y2 <= 841.9
            assert x2 - x1 > 100 and y2 - y1 > 40  # a box one can sign in
            assert int(widget["/F"]) & 4  # printable (PDF/A)
            assert "/N" in widget["/AP"]


def test_pyhanko_can_sign_a_reserved_field(handmade: Document) -> None:
    """The signing issue's path: fill one party's field, the others stay empty."""
    pytest.importorskip("pyhanko")
    import datetime
    import io

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.fields import enumerate_sig_fields

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sales")])
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=None,
    )
    signed = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(render_pdf(handmade))),
        signers.PdfSignatureMetadata(field_name="sales"),
        signer=signer,
        output=signed,
    )
    reader = PdfFileReader(io.BytesIO(signed.getvalue()))
    filled = {field: value is not None for field, value, _ in enumerate_sig_fields(reader)}
    assert filled == {"marketing": False, "sales": True, "inside_sales": False}
    from sla_docgen.pdf_source import extract_source

    assert extract_source(signed.getvalue()) == ("agreement.yaml", SOURCE)  # still there after signing


def test_two_renders_are_byte_identical_even_across_processes(
    case: tuple[Document, bytes, str], pdf_file: Path
) -> None:
    document, source, name = case
    assert render_pdf(document, source=source, source_name=name) == pdf_file.read_bytes()
    if name != "agreement.yaml":
        return  # the cross-process check below rebuilds the hand-made document only
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from tests import test_pdf; "
        "sys.stdout.buffer.write(test_pdf.render_pdf(test_pdf.handmade_document()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)], capture_output=True, check=True, env=env, cwd=ROOT
    ).stdout
    assert other == pdf_file.read_bytes()


def test_bilingual_secondary_text_is_shown(tmp_path: Path) -> None:
    need("pdftotext")
    document = handmade_document(bilingual=True)
    path = tmp_path / "bi.pdf"
    path.write_bytes(render_pdf(document))
    text = run("pdftotext", "-raw", path, "-")
    for english in ("Purpose", "Parties and responsibilities", "Marketing", "Sales & Marketing SLA"):
        assert english in text
    if importlib.util.find_spec("pyhanko") is not None:
        from pyhanko.pdf_utils.reader import PdfFileReader

        with path.open("rb") as handle:
            first = PdfFileReader(handle).root["/Outlines"]["/First"].get_object()
            assert str(first["/Title"]) == "1 目的 / Purpose"  # bookmarks: number and both languages


def test_packed_fonts_draw_the_same_pages_as_weasyprints_own(
    handmade: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need("pdftoppm", "pdffonts", "pdftotext")
    from PIL import Image, ImageChops

    from sla_docgen.render.pdf import fontpack as pdf_fontpack

    packed = tmp_path / "packed.pdf"
    packed.write_bytes(render_pdf(handmade))
    monkeypatch.setattr(pdf_fontpack, "pack_fonts", lambda document, pdf: 0)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_pdf(handmade))
    assert packed.stat().st_size < plain.stat().st_size * 0.75
    assert "CID Type 0C       Identity-H" in run("pdffonts", packed)  # bare CFF, looked up by CID
    assert run("pdftotext", "-raw", packed, "-") == run("pdftotext", "-raw", plain, "-")
    for name, path in (("p", packed), ("u", plain)):
        run("pdftoppm", "-r", "40", "-png", path, tmp_path / name)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert pages
    for page in pages:
        other = tmp_path / ("u" + page.name[1:])
        with Image.open(page) as a, Image.open(other) as b:
            assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None, page.name


# --- layout -------------------------------------------------------------------------------------------


def _boxes(box: Any) -> Any:
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "MarginBox":  # running header and footer live in the page margins
            continue
        yield child
        yield from _boxes(child)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_nothing_overflows_the_text_area(sample: Path) -> None:
    from weasyprint import HTML

    from sla_docgen.render import fonts
    from sla_docgen.render.html import render_html
    from sla_docgen.resources import template_dirs

    document = build_sample(sample)
    font_config, choice = fonts.font_configuration()
    html = render_html(document, RenderOptions(), font_family=choice.family if choice else None, for_pdf=True)
    laid_out = HTML(string=html, base_url=template_dirs("html")[0].as_uri() + "/").render(font_config=font_config)
    overflowing = []
    for number, page in enumerate(laid_out.pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in _boxes(page_box):
            if hasattr(box, "margin_width") and box.position_x + box.margin_width() > right + 0.5:
                overflowing.append((number, getattr(box, "element_tag", type(box).__name__)))
    assert not overflowing


def test_bilingual_paragraphs_keep_their_translation_on_the_same_page(tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    from sla_docgen.api import build, load

    sample = ROOT / "samples" / "acme-bilingual.yaml"
    document = build(load(sample), langs=("ja", "en"))
    path = tmp_path / "bi.pdf"
    path.write_bytes(render_pdf(document))
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", path)).group(1))
    text = [squash(run("pdftotext", "-raw", "-f", str(n), "-l", str(n), path, "-")) for n in range(1, pages + 1)]

    def page_of(wording: str) -> int:
        return next(n for n, page in enumerate(text) if squash(wording) in page)

    paragraphs = [
        child
        for section in document.walk()
        for child in section.children
        if isinstance(child, Paragraph) and child.text.secondary
    ]
    assert len(paragraphs) >= 5
    for paragraph in paragraphs:
        assert page_of(paragraph.text.primary.text) == page_of(paragraph.text.secondary[0].text), paragraph
