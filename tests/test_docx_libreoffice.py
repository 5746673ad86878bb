"""DOCX output opened by LibreOffice: the converted text has every section, and Japanese glyphs need no system font."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sla_docgen.render import RenderOptions
from sla_docgen.render.docx import render
from tests.conftest import SAMPLES, build_sample
from tests.docx_support import (
    docx_bytes,
    expected_texts,
    sample_document,
)


def package_font_dirs() -> list[str]:
    """Folders of the Japanese fonts shipped by PyPI packages (the PDF's dependencies), if installed."""
    from importlib.util import find_spec

    from sla_docgen.render.font_files import PACKAGE_FONTS

    dirs = []
    for module in [m for m, *_ in PACKAGE_FONTS]:
        spec = find_spec(module)
        if spec is not None and spec.submodule_search_locations:
            dirs.extend(str(Path(d)) for d in spec.submodule_search_locations)
    return dirs


def fontconfig_env(folder: Path, system: str = "/etc/fonts/fonts.conf") -> dict[str, str]:
    """The environment for LibreOffice: the system fonts plus the packaged Japanese fonts.

    A fresh machine has no Japanese system font unless one is installed; the Noto Sans CJK JP wheels the
    PDF depends on are enough for LibreOffice to show Japanese, through this fontconfig file.
    """
    dirs = "".join(f"<dir>{d}</dir>" for d in package_font_dirs())
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">{system}</include>{dirs}'
        f"<cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def convert_with_libreoffice(data: bytes, folder: Path, env: dict[str, str] | None = None) -> str:
    """Convert DOCX bytes to PDF with LibreOffice (own profile folder) and return pdftotext's text."""
    source = folder / "agreement.docx"
    source.write_bytes(data)
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env if env is not None else fontconfig_env(folder),
    )
    pdf = folder / "agreement.pdf"
    assert pdf.is_file(), "LibreOffice did not convert the DOCX"
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def needs_libreoffice(test: Any) -> Any:
    """The test fails, rather than passes unseen, where LibreOffice or pdftotext is missing."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
            pytest.fail("LibreOffice (libreoffice-writer-nogui) and pdftotext (poppler-utils) are needed")
        return test(*args, **kwargs)

    return wrapper


@needs_libreoffice
def test_libreoffice_converts_it_with_every_section(tmp_path: Path) -> None:
    document = sample_document(("ja", "en"))
    text = convert_with_libreoffice(render(document, RenderOptions()), tmp_path)
    flat = "".join(text.split())
    # Table cells wrap and interleave in extracted text: every character must be there ...
    wanted = Counter("".join("".join(expected_texts(document)).split()))
    assert wanted - Counter(flat) == Counter()
    # ... and headings, title block and page numbers in order.
    position = 0
    for expected in ["営業・マーケティングSLA", "株式会社サンプル商事"] + [
        f"{s.number}{'.' if s.level == 1 else ''}{''.join(s.title.primary.text.split())}" for s in document.walk()
    ]:
        found = flat.find(expected, position)
        assert found >= 0, expected
        position = found
    pages = flat.count("ページ")
    assert pages >= 3 and [f"{n}/{pages}ページ" in flat for n in range(1, pages + 1)] == [True] * pages


@needs_libreoffice
def test_libreoffice_opens_the_japanese_sample(tmp_path: Path) -> None:
    sample = next(p for p in SAMPLES if p.stem.endswith("-ja"))
    document = build_sample(sample)
    text = convert_with_libreoffice(render(document, RenderOptions()), tmp_path)
    flat = "".join(text.split())
    wanted = Counter("".join("".join(expected_texts(document)).split()))
    assert wanted - Counter(flat) == Counter()
    position = 0
    for section in document.walk():
        found = flat.find("".join(section.title.primary.text.split()), position)
        assert found >= 0, section.title.primary.text
        position = found
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "agreement.pdf")], capture_output=True, text=True, check=False
    ).stdout
    assert "CJK" in fonts or "Gothic" in fonts, fonts


@needs_libreoffice
def test_packaged_japanese_fonts_are_enough_for_libreoffice(tmp_path: Path) -> None:
    """What a fresh CI machine has: no Japanese system font, only the Noto wheels the PDF depends on."""
    assert package_font_dirs(), "the noto-cjk-sans-jp wheels (a dependency) are not installed"
    latin_only = tmp_path / "latin-only.conf"
    latin_only.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype</dir><dir>/usr/share/fonts/type1</dir></fontconfig>",
        encoding="utf-8",
    )
    text = convert_with_libreoffice(docx_bytes(), tmp_path, fontconfig_env(tmp_path, system=str(latin_only)))
    assert "営業・マーケティング SLA" in text
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "agreement.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSansCJKjp" in fonts, fonts


def _kept_whole(document: Any) -> set[str]:
    """Amounts, numbers with their signs and e-mail addresses written in the document's tables."""
    from sla_docgen.document import PartyColumns, Table

    pattern = re.compile(r"[￥$€£]?\d[\d,.]*\d%?|\S+@\S+\.\w+")
    found: set[str] = set()

    def texts(block: Any) -> list[str]:
        if isinstance(block, Table):
            return [v.text for row in block.rows for cell in row for t in cell for v in t.variants]
        if isinstance(block, PartyColumns):
            return [v.text for row in block.rows for cell in row.cells for t in cell for v in t.variants]
        return []

    for section in document.walk():
        for block in section.children:
            for text in texts(block):
                found.update(m for m in pattern.findall(text) if len(m) >= 4)
    return found


@needs_libreoffice
@pytest.mark.parametrize("stem", ["acme-ja", "acme-bilingual"])
def test_amounts_and_addresses_never_break_inside(tmp_path: Path, stem: str) -> None:
    """Seen through LibreOffice, an amount such as ￥540,000,000 stays on one line (it used to end '00' / '0')."""
    document = build_sample(next(p for p in SAMPLES if p.stem == stem))
    lines = convert_with_libreoffice(render(document, RenderOptions()), tmp_path).splitlines()
    wanted = _kept_whole(document)
    assert "￥540,000,000" in wanted and any("@" in w for w in wanted)
    broken = sorted(w for w in wanted if not any(w in line for line in lines))
    assert broken == []
