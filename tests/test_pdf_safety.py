"""PDF safety and looks: hostile text, the URL fetcher, temporary folders, custom templates, fonts."""

from __future__ import annotations

import dataclasses
import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from sla_docgen.document import Document
from sla_docgen.errors import RenderError
from sla_docgen.logo import check_image
from tests.conftest import ROOT
from tests.pdf_support import (
    HOSTILE,
    _png,
    _tiny_font,
    handmade_document,
    map_texts,
    need,
    render_pdf,
    run,
    squash,
)

# --- security ---------------------------------------------------------------------------------


@pytest.fixture
def fetch_log(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from sla_docgen.render.pdf import fetch as pdf_fetch

    log: list[str] = []
    original = pdf_fetch.SafeURLFetcher.fetch

    def logged(self: Any, url: str, headers: Any = None) -> Any:
        log.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf_fetch.SafeURLFetcher, "fetch", logged)
    return log


def test_hostile_text_is_inert(document: Document, tmp_path: Path, fetch_log: list[str]) -> None:
    need("pdftotext")
    payloads = itertools.cycle(HOSTILE)
    hostile = map_texts(document, lambda _text: next(payloads))
    hostile = dataclasses.replace(hostile, labels=document.labels)  # keep the fixed wording
    path = tmp_path / "hostile.pdf"
    path.write_bytes(render_pdf(hostile))
    assert not [url for url in fetch_log if "hostname" in url or url.startswith("http")], fetch_log
    text = squash(run("pdftotext", "-raw", path, "-"))
    for payload in HOSTILE:
        assert squash(payload) in text
    assert squash("{{ 7*7 }}") in text  # shown, not evaluated


def _template_dir(tmp_path: Path, css: str) -> Path:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "style.css").write_text(css, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "css",
    [
        "body { background: url(file:///etc/hostname) }",
        '@import url("file:///etc/hostname");',
        "body { background: url(http://127.0.0.1:9/x.png) }",
        "body { background: url(../outside.png) }",
    ],
)
def test_a_blocked_fetch_stops_the_render(handmade: Document, tmp_path: Path, css: str) -> None:
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(RenderError, match="Blocked a fetch of"):
        render_pdf(handmade, template_dir=_template_dir(tmp_path, css))


def test_files_inside_the_template_dir_are_allowed(handmade: Document, tmp_path: Path, fetch_log: list[str]) -> None:
    from sla_docgen.resources import templates_root

    builtin = (templates_root() / "html" / "style.css").read_text(encoding="utf-8")
    folder = _template_dir(tmp_path, builtin + "\nbody { background: url(paper.png) }\n")
    _png(folder / "paper.png")
    render_pdf(handmade, template_dir=folder)
    assert any(url.endswith("/theme/paper.png") for url in fetch_log), fetch_log


def test_a_missing_file_stops_the_render(handmade: Document, tmp_path: Path) -> None:
    folder = _template_dir(tmp_path, "body { background: url(missing.png) }")
    with pytest.raises(RenderError, match="Cannot read"):
        render_pdf(handmade, template_dir=folder)


def test_no_weasyprint_temporary_folders_are_left(
    handmade: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    folder = _template_dir(tmp_path, "@font-face { font-family: Tiny; src: url(tiny.ttf) }\nh1 { font-family: Tiny }")
    _tiny_font(folder / "tiny.ttf")
    for _ in range(2):
        render_pdf(handmade, template_dir=folder)
        render_pdf(handmade)
    assert list(scratch.iterdir()) == []


# --- custom look ------------------------------------------------------------------------------


def test_template_dir_css_overrides_and_logo_is_embedded(handmade: Document, tmp_path: Path) -> None:
    need("pdfimages", "pdftotext")
    from sla_docgen.resources import templates_root

    builtin = (templates_root() / "html" / "style.css").read_text(encoding="utf-8")
    folder = _template_dir(tmp_path, builtin + '\nh2::after { content: " HOUSE-STYLE" }\n')
    logo = tmp_path / "logo.png"
    _png(logo)
    styled = dataclasses.replace(
        handmade,
        metadata=dataclasses.replace(handmade.metadata, logo=check_image(logo.read_bytes()), accent_color="#aa3300"),
    )
    path = tmp_path / "logo.pdf"
    path.write_bytes(render_pdf(styled, template_dir=folder))
    assert "HOUSE-STYLE" in run("pdftotext", "-raw", path, "-")
    images = run("pdfimages", "-list", path).splitlines()[2:]
    assert len(images) == 1 and images[0].split()[3:5] == ["8", "8"], images


# --- fonts ------------------------------------------------------------------------------------


def test_package_fonts_are_the_fallback() -> None:
    pytest.importorskip("noto_cjk_sans_jp_regular")
    from weasyprint.text.fonts import FontConfiguration

    from sla_docgen.render.fonts import choose_font

    choice = choose_font(FontConfiguration()._config, prefer_packages=True)
    assert choice is not None and choice.source == "noto-cjk" and choice.bold
    assert all(path.is_file() for path in choice.files)


def test_without_system_fonts_the_package_font_is_embedded(tmp_path: Path) -> None:
    """A machine with no Japanese font installed: fontconfig sees no font at all, the noto-cjk wheel is used."""
    need("pdffonts", "pdftotext")
    pytest.importorskip("noto_cjk_sans_jp_regular")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    out = tmp_path / "fallback.pdf"
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; from tests import test_pdf; "
        "from sla_docgen.render.fonts import FONTS; "
        "Path(sys.argv[2]).write_bytes(test_pdf.render_pdf(test_pdf.handmade_document())); "
        "print(FONTS.choice.source)"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT), str(out)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "noto-cjk"
    fonts = run("pdffonts", out)
    assert "Noto-Sans-CJK-JP-Bold" in fonts and "Noto-Sans-CJK-JP " in fonts
    assert "営業・マーケティング サービスレベル合意書" in run("pdftotext", "-raw", out, "-")


def test_weasyprint_has_nothing_to_warn_about(handmade: Document, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(dataclasses.replace(handmade_document(bilingual=True)))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_harfbuzz_subset_is_available_or_warned(caplog: pytest.LogCaptureFixture) -> None:
    from sla_docgen.render import fonts

    fonts.check_harfbuzz_subset.cache_clear()
    available = fonts.check_harfbuzz_subset()
    warned = any("libharfbuzz-subset0" in record.getMessage() for record in caplog.records)
    assert available != warned
