"""The logo: validate refuses what render would, images are decoded once, every format embeds the same bytes.

Every bad logo is the same located error (`agreement.branding.logo`) from `validate` and from `render`, in
English and Japanese, with nothing written; a good one validates and is embedded unchanged in HTML, PDF and
Word.
"""

from __future__ import annotations

import base64
import io
import os
import re
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import replace_once
from tests.hostile_support import BASE, assert_refused, invoke, locate, previous_outputs


def _image(mode: str, kind: str, **options: object) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image = Image.new(mode, (40, 20), "red" if mode in ("RGB", "RGBA") else 1)
    if kind == "JPEG" and options.pop("exif", False):
        exif = image.getexif()
        exif[0x010F] = "Camera"
        options["exif"] = exif.tobytes()
    image.save(out, kind, **options)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    """A small, well-formed PNG header that claims a huge picture (a decompression bomb's first bytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


GOOD = {
    "png": _image("RGBA", "PNG"),
    "jpeg-exif": _image("RGB", "JPEG", exif=True),
    "jpeg-cmyk": _image("CMYK", "JPEG"),
    "gif": _image("P", "GIF"),
}
JPEG = GOOD["jpeg-exif"]

# (name, file content, English words after "the logo 'logo.img' ")
BAD_CONTENT = [
    (
        "png signature, broken body",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
        "starts like a PNG image but cannot be decoded",
    ),
    ("gif header then html", b"GIF89a<html><script>alert(1)</script></html>", "starts like a GIF image"),
    ("truncated jpeg", JPEG[: len(JPEG) // 2], "starts like a JPEG image"),
    ("svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "is not a PNG, JPEG or GIF image"),
    ("empty", b"", "is not a PNG, JPEG or GIF image"),
    ("claims 100000 x 100000 px", _png_claiming(100_000, 100_000), "is 100000×100000 pixels; the limit is 4096×4096"),
    ("claims 5000 x 10 px", _png_claiming(5000, 10), "is 5000×10 pixels"),
    ("over 5 MiB", GOOD["png"] + b"\0" * (5 * 1024 * 1024), "the limit is 5242880 bytes"),
]


def questionnaire(folder: Path, logo: str) -> tuple[Path, str]:
    text = replace_once(
        BASE, "  last_updated: 2027-03-20\n", f"  last_updated: 2027-03-20\n  branding:\n    logo: '{logo}'\n"
    )
    path = folder / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _refused_everywhere(tmp_path: Path, folder: Path, logo: str, words: str) -> None:
    source, text = questionnaire(folder, logo)
    out = tmp_path / "out"
    previous_outputs(out, "q")
    where = f"{source}:{locate(text, repr(logo))}: agreement.branding.logo: "
    watched = [folder, out]
    assert_refused(["validate", str(source)], where=where, words=words, watched=watched)
    assert_refused(
        ["render", str(source), "-f", "md,html,docx", "-o", str(out)], where=where, words=words, watched=watched
    )


@pytest.mark.parametrize("name,content,words", BAD_CONTENT, ids=[c[0] for c in BAD_CONTENT])
def test_a_bad_image_is_the_same_located_error_in_validate_and_render(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "logo.img").write_bytes(content)
    _refused_everywhere(tmp_path, folder, "logo.img", words)


def _place(folder: Path, kind: str) -> str:
    """Put a logo of `kind` where the questionnaire names it; returns the name written in the questionnaire."""
    outside = folder.parent / "outside.png"
    outside.write_bytes(GOOD["png"])
    if kind == "parent folder":
        return "../outside.png"
    if kind == "absolute":
        return str(outside)
    if kind == "url":
        return "file:///etc/hostname"
    if kind == "link out":
        (folder / "link.png").symlink_to(outside)
        return "link.png"
    if kind == "folder":
        (folder / "dir.png").mkdir()
        return "dir.png"
    if kind == "fifo":
        os.mkfifo(folder / "pipe.png")
        return "pipe.png"
    if kind == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device file needs root (CI runs as root)")
        os.mknod(folder / "zero.png", 0o600 | 0o020000, os.makedev(1, 5))
        return "zero.png"
    return "missing.png"


PLACES = {
    "parent folder": "must be inside the questionnaire's folder or the template folder",
    "absolute": "must be inside",
    "url": "must be inside",
    "link out": "must be inside",
    "folder": "cannot be used: it is a folder",
    "fifo": "cannot be used: it is a named pipe (FIFO), not a regular file",
    "device": "cannot be used: it is a device, not a regular file",
    "missing": "does not exist",
}


@pytest.mark.parametrize("kind", list(PLACES))
def test_a_logo_render_would_refuse_fails_validate(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _refused_everywhere(tmp_path, folder, _place(folder, kind), PLACES[kind])


def test_validate_looks_in_the_template_folder_render_will_be_given(tmp_path: Path) -> None:
    folder, theme = tmp_path / "in", tmp_path / "theme"
    folder.mkdir()
    theme.mkdir()
    (theme / "brand.png").write_bytes(GOOD["png"])
    source, _text = questionnaire(folder, "brand.png")
    assert invoke(["validate", str(source), "--template-dir", str(theme)], "en").exit_code == 0
    assert invoke(["validate", str(source)], "en").exit_code == 1  # and render without it fails the same way


@pytest.mark.parametrize("name", list(GOOD))
def test_every_format_embeds_the_same_verified_bytes(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "logo.img").write_bytes(GOOD[name])
    source, _text = questionnaire(folder, "logo.img")
    out = tmp_path / "out"
    result = invoke(["render", str(source), "-f", "html,docx", "-o", str(out)], "en")
    assert result.exit_code == 0, result.output
    html = (out / "q.html").read_text(encoding="utf-8")
    inline = re.search(r'src="data:image/(?:png|jpeg|gif);base64,([^"]+)"', html)
    assert inline is not None and base64.b64decode(inline.group(1)) == GOOD[name]
    with zipfile.ZipFile(out / "q.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert [archive.read(n) for n in media] == [GOOD[name]]


@pytest.mark.parametrize("name", ["jpeg-exif", "gif"])
def test_the_pdf_embeds_the_verified_image(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "logo.img").write_bytes(GOOD[name])
    source, _text = questionnaire(folder, "logo.img")
    result = invoke(["render", str(source), "-f", "pdf", "-o", str(tmp_path / "out")], "en")
    assert result.exit_code == 0, result.output
    listing = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "out" / "q.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(listing) == 1 and listing[0].split()[3:5] == ["40", "20"], listing
