"""What a signed agreement shows: the fingerprint on every page, each stamp's wording and font, the seal."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from sla_docgen.errors import UserError
from tests.conftest import ROOT
from tests.pdf_support import need, run, squash
from tests.sign_support import SIGNATORIES, SIGNERS, Pki, field_page, secret, verify

SAMPLE = ROOT / "samples" / "acme-ja.yaml"


# --- what the pages show ------------------------------------------------------------------------------------


def test_fingerprint_short_on_every_page_and_full_on_the_signature_page(signed_in_turn: list[Path]) -> None:
    need("pdftotext", "pdfinfo")
    digits = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    short = " ".join(digits[i : i + 4] for i in range(0, 16, 4))
    full = " ".join(digits[i : i + 4] for i in range(0, 64, 4))
    path = signed_in_turn[-1]
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", path)).group(1))  # type: ignore[union-attr]
    for number in range(1, pages + 1):
        assert f"SHA-256 {short}" in run("pdftotext", "-f", str(number), "-l", str(number), path, "-"), number
    last = run("pdftotext", "-f", str(pages), "-l", str(pages), path, "-")
    assert "質問票のフィンガープリント（SHA-256）" in last
    assert full in last


def test_each_stamp_names_the_signatory_title_certificate_and_time(signed_in_turn: list[Path]) -> None:
    """pdftotext reads the signature appearances: Japanese text set in an embedded font with a ToUnicode map."""
    need("pdftotext", "pdffonts")
    path = signed_in_turn[-1]
    text = squash(run("pdftotext", "-raw", path, "-"))
    for (field, (name, title)), (_, common_name, _) in zip(SIGNATORIES.items(), SIGNERS, strict=True):
        stamp = squash(f"{name} {title} 電子署名者：{common_name} 署名日時：")
        assert stamp in text, field
    fonts = run("pdffonts", path).splitlines()[2:]
    assert fonts and all(" yes " in row for row in fonts), fonts  # every font embedded, the stamps' included


def test_stamp_text_in_both_languages_of_a_bilingual_pdf(pki: Pki, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    from sla_docgen.api import render_files, sign_pdf

    (pdf,) = render_files(
        ROOT / "samples" / "acme-bilingual.yaml", formats=("pdf",), langs=("ja", "en"), output_dir=tmp_path
    )
    signed = sign_pdf(pdf, party="sales", key=pki.signers["sales"].p12_file, passphrase=secret)
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", signed)).group(1))  # type: ignore[union-attr]
    text = squash(run("pdftotext", "-raw", "-f", str(pages), "-l", str(pages), signed, "-"))
    assert squash("電子署名者 / Digitally signed by：中村 浩二 (ACME)") in text
    assert squash("署名日時 / Signed at：") in text


def test_stamp_text_lines() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from sla_docgen.render.pdf.record import Signatory
    from sla_docgen.sign.appearance import stamp_text

    signatory = Signatory("sales", ("営業本部", "Sales"), ("中村 浩二", "Koji Nakamura"), ("本部長", "Head"))
    jst = datetime(2026, 11, 5, 10, 23, tzinfo=timezone(timedelta(hours=9)))
    assert stamp_text(signatory, ("ja", "en"), "CN", jst).splitlines() == [
        "中村 浩二 / Koji Nakamura",
        "本部長 / Head",
        "電子署名者 / Digitally signed by：CN",
        "署名日時 / Signed at：2026-11-05 10:23 UTC+09:00",
    ]
    english_first = stamp_text(signatory, ("en", "ja"), "CN", jst).splitlines()
    assert english_first[2] == "Digitally signed by / 電子署名者: CN"
    japanese = Signatory("sales", ("営業本部",), ("中村 浩二",), ("本部長",))  # a record holds the document's languages
    only_ja = stamp_text(japanese, ("ja",), "CN", datetime(2026, 11, 5, 1, 23, tzinfo=UTC))
    assert only_ja.splitlines() == ["中村 浩二", "本部長", "電子署名者：CN", "署名日時：2026-11-05 01:23 UTC"]
    assert stamp_text(None, ("ja",), "CN", jst).splitlines()[0] == "電子署名者：CN"  # no signatory recorded


# --- the seal -----------------------------------------------------------------------------------------------


def _seal_png(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 114, 114), outline=(200, 30, 30, 255), width=8)
    draw.rectangle((40, 30, 80, 90), fill=(200, 30, 30, 255))
    image.save(path)
    return path


def test_seal_image_is_placed_in_the_box_with_its_transparency(pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    need("pdfimages", "pdftoppm")
    from sla_docgen.api import sign_pdf

    signed = sign_pdf(
        sample_pdf,
        party="marketing",
        key=pki.signers["marketing"].p12_file,
        passphrase=secret,
        seal=_seal_png(tmp_path / "seal.png"),
        output=tmp_path / "sealed.pdf",
    )
    images = run("pdfimages", "-list", signed).splitlines()[2:]
    assert any(" image " in row and " 120   120 " in row for row in images), images
    assert any(" smask " in row for row in images), images  # the seal's transparency as a soft mask
    assert verify(signed, pki).ok
    from PIL import Image

    page = str(field_page(signed, "marketing"))
    run("pdftoppm", "-r", "40", "-png", "-f", page, "-l", page, signed, tmp_path / "page")
    with Image.open(next(tmp_path.glob("page-*.png"))) as page:
        pixels = page.convert("RGB").tobytes()
    red = sum(1 for i in range(0, len(pixels), 3) if pixels[i] > 150 and pixels[i + 1] < 90 and pixels[i + 2] < 90)
    assert red > 20  # the red seal is drawn on the signature page


@pytest.mark.parametrize(
    "content",
    [b"not an image at all", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"],
    ids=["text", "gif"],
)
def test_a_seal_that_is_not_png_or_jpeg_is_refused(content: bytes, tmp_path: Path) -> None:
    from sla_docgen.sign.appearance import read_seal

    path = tmp_path / "seal.png"
    path.write_bytes(content)
    with pytest.raises(UserError, match="is not a PNG or JPEG image"):
        read_seal(path)


def test_a_seal_claiming_enormous_dimensions_is_refused_before_decoding(tmp_path: Path) -> None:
    import struct
    import zlib

    from sla_docgen.sign.appearance import read_seal

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 6, 0, 0, 0)  # 3.6 billion RGBA pixels, claimed
    path = tmp_path / "bomb.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )
    with pytest.raises(UserError, match="is not a PNG or JPEG image"):
        read_seal(path)
