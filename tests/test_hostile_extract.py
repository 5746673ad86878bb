"""extract: only the questionnaire sla-docgen attached, bounded, and every damaged structure a clear error.

The PDFs here are written by hand (`pdf_with`), object by object, so that each case breaks exactly one thing.
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import pytest

from tests.hostile_support import BASE, assert_refused, invoke

YAML = BASE.encode("utf-8")


def pdf_with(objects: dict[int, bytes]) -> bytes:
    """A PDF whose catalog is object 1, with a correct cross-reference table."""
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)


def checked(content: bytes = YAML) -> bytes:
    """The /Params WeasyPrint writes for an attachment: the size and MD5 checksum of `content`."""
    return b"/Params << /Size %d /CheckSum <%s> >>" % (len(content), hashlib.md5(content).hexdigest().encode())


def stream(data: bytes, entries: bytes = b"/Filter /FlateDecode " + checked()) -> bytes:
    return b"<< /Type /EmbeddedFile /Length %d %s >>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def objects(
    *,
    af: bytes = b"[4 0 R]",
    spec: bytes | None = None,
    name: bytes = b"(q.yaml)",
    relation: bytes = b"/Source",
    ef: bytes = b"<< /F 5 0 R >>",
    data: bytes | None = None,
    **extra: bytes,
) -> dict[int, bytes]:
    """sla-docgen's attachment as WeasyPrint writes it; each keyword replaces one part of it."""
    found = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AF %s >>" % af,
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
        4: spec or b"<< /Type /Filespec /F %s /UF %s /AFRelationship %s /EF %s >>" % (name, name, relation, ef),
        5: data if data is not None else stream(zlib.compress(YAML)),
    }
    found.update({int(key.removeprefix("o")): value for key, value in extra.items()})
    return found


def test_a_hand_made_pdf_with_a_sound_attachment_gives_it_back(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_with(objects()))
    result = invoke(["extract", str(pdf), "-o", str(tmp_path / "back.yaml")], "en")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "back.yaml").read_bytes() == YAML


def test_without_output_the_embedded_name_is_used_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_with(objects(name=b"(agreement-2027.yaml)")))
    monkeypatch.chdir(tmp_path)
    assert invoke(["extract", str(pdf)], "en").exit_code == 0
    assert (tmp_path / "agreement-2027.yaml").read_bytes() == YAML


BOMB = zlib.compress(b"a: " + b"x" * (16 * 1024 * 1024))
FLATE = zlib.compress(YAML)
NO_REL = b"<< /Type /Filespec /F (q.yaml) /EF << /F 5 0 R >> >>"
SIZE_LIES = b"/Filter /FlateDecode " + checked().replace(b"/Size %d" % len(YAML), b"/Size 5")
SUM_LIES = b"/Filter /FlateDecode /Params << /CheckSum <00112233445566778899aabbccddeeff> >>"
MISMATCH = "does not match the size or checksum"
NO_SOURCE = "has no embedded questionnaire"
UNREADABLE = "this PDF's embedded questionnaire cannot be read: "

# (name, PDF bytes, English words)
CASES = [
    ("not a pdf", b"hello, I am a questionnaire", "is not a PDF file"),
    ("no attachment", pdf_with(objects(af=b"[]")), NO_SOURCE),
    ("an executable", pdf_with(objects(name=b"(payload.exe)")), NO_SOURCE),
    ("a hidden file", pdf_with(objects(name=b"(.bashrc)")), NO_SOURCE),
    ("a hidden yaml", pdf_with(objects(name=b"(.profile.yaml)")), NO_SOURCE),
    ("a path", pdf_with(objects(name=b"(../../home/user/q.yaml)")), NO_SOURCE),
    ("a windows path", pdf_with(objects(name=b"(..\\\\q.yaml)")), NO_SOURCE),
    ("not the source", pdf_with(objects(relation=b"/Data")), NO_SOURCE),
    ("no relationship", pdf_with(objects(spec=NO_REL)), NO_SOURCE),
    ("AF is a dictionary", pdf_with(objects(af=b"<< /A 1 >>")), UNREADABLE + "/AF is Dictionary where an array"),
    ("AF holds a number", pdf_with(objects(af=b"[42]")), "/AF is Number where a dictionary belongs"),
    ("AF points nowhere", pdf_with(objects(af=b"[9 0 R]")), UNREADABLE),
    ("EF is text", pdf_with(objects(ef=b"(nothing)")), "/EF is TextString where a dictionary belongs"),
    ("EF F is no stream", pdf_with(objects(ef=b"<< /F << /A 1 >> >>")), "/EF /F is Dictionary where a stream belongs"),
    ("no EF", pdf_with(objects(spec=b"<< /F (q.yaml) /AFRelationship /Source >>")), "the attachment has no data"),
    ("reference loop", pdf_with(objects(ef=b"6 0 R", o6=b"7 0 R", o7=b"6 0 R")), "a chain of references does not end"),
    ("catalog as its own AF", pdf_with(objects(af=b"1 0 R")), "/AF is Dictionary where an array belongs"),
    ("corrupt stream", pdf_with(objects(data=stream(b"\x78\x9cnot deflate at all"))), "its compressed data is damaged"),
    ("LZW", pdf_with(objects(data=stream(YAML, b"/Filter /LZWDecode " + checked()))), "compressed with /LZWDecode"),
    ("no checksum", pdf_with(objects(data=stream(FLATE, b"/Filter /FlateDecode"))), "has no checksum"),
    ("filter lost", pdf_with(objects(data=stream(FLATE, checked()))), MISMATCH),
    ("two filters", pdf_with(objects(data=stream(YAML, b"/Filter [/ASCIIHexDecode /FlateDecode]"))), "/ASCIIHex"),
    ("predictor", pdf_with(objects(data=stream(FLATE, b"/Filter /FlateDecode /DecodeParms << >>"))), "/DecodeParms"),
    ("inflates to 16 MiB", pdf_with(objects(data=stream(BOMB))), "it is larger than 1048576 bytes"),
    ("plain but 2 MiB", pdf_with(objects(data=stream(b"x" * (2 * 1024 * 1024), checked()))), "larger than 1048576"),
    ("size lies", pdf_with(objects(data=stream(FLATE, SIZE_LIES))), MISMATCH),
    ("checksum lies", pdf_with(objects(data=stream(FLATE, SUM_LIES))), MISMATCH),
    ("garbage after the header", b"%PDF-1.7\n" + b"\x00\xff" * 500, "questionnaire"),
    ("no trailer", pdf_with(objects())[:-60], "questionnaire"),
]  # fmt: skip


@pytest.mark.parametrize("name,data,words", CASES, ids=[c[0] for c in CASES])
def test_a_damaged_or_foreign_pdf_is_a_clear_error(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    pdf = inputs / "a.pdf"
    pdf.write_bytes(data)
    (out / "q.yaml").write_text("an earlier extract\n")
    args = ["extract", str(pdf), "-o", str(out / "q.yaml"), "--force"]
    assert_refused(args, words=words, watched=[inputs, out], one_line=True)


def test_a_truncated_real_pdf_is_a_clear_error(tmp_path: Path) -> None:
    from tests.conftest import MINIMAL

    assert invoke(["render", str(MINIMAL), "-f", "pdf", "-o", str(tmp_path)], "en").exit_code == 0
    whole = (tmp_path / "minimal.pdf").read_bytes()
    for cut in (len(whole) // 3, len(whole) - 200):
        broken = tmp_path / "in" / f"cut-{cut}.pdf"
        broken.parent.mkdir(exist_ok=True)
        broken.write_bytes(whole[:cut])
        args = ["extract", str(broken), "-o", str(tmp_path / "out" / "q.yaml")]
        assert_refused(args, words="questionnaire", watched=[broken.parent, tmp_path / "out"], one_line=True)


def test_an_over_large_pdf_is_not_read(tmp_path: Path) -> None:
    huge = tmp_path / "in" / "huge.pdf"
    huge.parent.mkdir()
    with open(huge, "wb") as handle:  # sparse: 100 MiB and one byte, nothing on disk
        handle.truncate(100 * 1024 * 1024 + 1)
    args = ["extract", str(huge), "-o", str(tmp_path / "out" / "q.yaml")]
    words = f"cannot read {huge}: it is 104857601 bytes; the limit is 104857600 bytes"
    assert_refused(args, words=words, watched=[huge.parent, tmp_path / "out"], one_line=True)


def test_extract_never_writes_over_the_pdf_it_reads(tmp_path: Path) -> None:
    pdf = tmp_path / "in" / "a.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(pdf_with(objects()))
    args = ["extract", str(pdf), "-o", str(pdf), "--force"]
    assert_refused(args, words="it is the input file", watched=[pdf.parent], one_line=True)
