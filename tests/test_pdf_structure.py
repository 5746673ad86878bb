"""Two structural passes over WeasyPrint's PDF change no pixel: compact font widths and per-page resources."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.pdf_support import need, run

SAMPLE = ROOT / "samples" / "acme-ja.yaml"


def _render(folder: Path) -> Path:
    from sla_docgen.api import render_files

    (path,) = render_files(SAMPLE, formats=("pdf",), output_dir=folder)
    return path


@pytest.fixture(scope="module")
def without_passes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as WeasyPrint lays it out, without the two passes."""
    from sla_docgen.render.pdf import fontpack as pdf_fontpack
    from sla_docgen.render.pdf import resources as pdf_resources

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_fontpack, "compact_widths", lambda pdf: 0)
        patch.setattr(pdf_resources, "split_page_resources", lambda pdf: 0)
        return _render(tmp_path_factory.mktemp("plain"))


def _reader(path: Path) -> Any:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(path.read_bytes()))


def _pages(reader: Any) -> list[Any]:
    return [reader.find_page_for_modification(i)[0].get_object() for i in range(int(reader.root["/Pages"]["/Count"]))]


def test_pages_look_and_read_the_same(sample_pdf: Path, without_passes: Path, tmp_path: Path) -> None:
    need("pdftoppm", "pdftotext")
    from PIL import Image, ImageChops

    assert run("pdftotext", "-raw", sample_pdf, "-") == run("pdftotext", "-raw", without_passes, "-")
    run("pdftoppm", "-r", "40", "-png", sample_pdf, tmp_path / "a")
    run("pdftoppm", "-r", "40", "-png", without_passes, tmp_path / "b")
    pages = sorted(tmp_path.glob("a-*.png"))
    assert len(pages) >= 10
    for page in pages:
        with Image.open(page) as a, Image.open(tmp_path / ("b" + page.name[1:])) as b:
            assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None, page.name


def test_cid_fonts_leave_full_width_glyphs_to_the_default_width(sample_pdf: Path, without_passes: Path) -> None:
    def widths(path: Path) -> list[tuple[Any, list[float]]]:
        """Per CID font of the first page: its /DW and every width its /W array lists."""
        fonts = _pages(_reader(path))[0]["/Resources"]["/Font"]
        found = []
        for name in sorted(fonts):
            descendants = fonts[name].get("/DescendantFonts", [])
            for cid_font in (descendants[i] for i in range(len(descendants))):  # indexing resolves references
                array = cid_font["/W"]
                runs = [array[i] for i in range(1, len(array), 2)]
                found.append((cid_font.get("/DW"), [float(w) for run_ in runs for w in run_]))
        return found

    compact, plain = widths(sample_pdf), widths(without_passes)
    assert compact and len(compact) == len(plain)
    for (default, kept), (_, every) in zip(compact, plain, strict=True):
        assert default == 1000
        assert 1000.0 not in kept
        assert len(kept) == len([w for w in every if w != 1000.0]) < len(every) / 3


def test_each_page_lists_only_the_objects_its_content_uses(sample_pdf: Path) -> None:
    reader = _reader(sample_pdf)
    dictionaries = set()
    charts = 0
    for page in _pages(reader):
        resources = page["/Resources"]
        dictionaries.add(page.raw_get("/Resources").idnum)
        contents = page["/Contents"]
        data = b"".join(c.data for c in contents) if isinstance(contents, list) else contents.data
        named = set(re.findall(rb"/([^\s/\[\]()<>{}%]+)", data))
        for category in ("/XObject", "/Pattern"):
            for name in resources.get(category, {}):
                assert str(name)[1:].encode() in named, (category, name)
        charts += len(resources.get("/XObject", {}))
    assert len(dictionaries) == len(_pages(reader))  # no two pages share one
    assert charts > 0  # the sample's charts are there, each on its own page's list
