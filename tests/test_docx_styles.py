"""DOCX styles: the reference document, schema order of children, a company's own reference, and branding."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from sla_docgen.document import Document
from sla_docgen.errors import RenderError
from sla_docgen.logo import check_image
from sla_docgen.render import RenderOptions
from sla_docgen.render.docx import render
from sla_docgen.render.docx.xml import W_NS
from tests.docx_support import NS, REFERENCE_DIR, W, docx_bytes, part, sample_document

# --- the reference document -------------------------------------------------------------------------------


def test_committed_reference_docx_is_what_the_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_reference", REFERENCE_DIR / "make_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with zipfile.ZipFile(REFERENCE_DIR / "reference.docx") as archive:
        committed = [(info.filename, archive.read(info).decode("utf-8")) for info in archive.infolist()]
    assert committed == module.parts(), "run: python templates/docx/make_reference.py"


def test_reference_docx_defines_the_styles_by_name() -> None:
    reference = docx.Document(str(REFERENCE_DIR / "reference.docx"))
    names = {style.name for style in reference.styles}
    for name in (
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Body Text",
        "List Number",
        "List Bullet",
        "Caption",
        "Table Text",
        "Secondary Text",
        "SLA Table",
        "SLA Fields",
        "Footer",
    ):
        assert name in names
    fonts = reference.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(W + "eastAsia") == "Yu Gothic"
    section = reference.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)


# --- schema order of children -----------------------------------------------------------------------------

# Child order of the WordprocessingML sequences the renderer and the reference write (ECMA-376 Part 1):
# Word, unlike LibreOffice, refuses to open a file whose children are out of order.
SEQUENCES = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
    "tblStylePr": "pPr rPr tblPr trPr tcPr",
    "lvl": "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr",
    "tbl": "bookmarkStart tblPr tblGrid tr",
    "tc": "tcPr p tbl",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid",
}


def out_of_order(root: etree._Element) -> list[str]:
    problems = []
    for name, sequence in SEQUENCES.items():
        rank = {tag: index for index, tag in enumerate(sequence.split())}
        for node in root.iter(W + name):
            tags = [etree.QName(c).localname for c in node if etree.QName(c).namespace == W_NS]
            ranks = [rank.get(t, -1) for t in tags]
            if -1 in ranks or ranks != sorted(ranks):
                problems.append(f"{name}: {tags}")
    return problems


def test_children_are_in_schema_order(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (30, 10)).save(logo)
    company = docx.Document()  # styles without colours or rules, so the accent has to be inserted
    reference = tmp_path / "company.docx"
    company.save(str(reference))
    for options in ({}, {"reference_docx": reference}):
        data = render(
            branded(tmp_path, accent_color="#123456", logo=check_image(logo.read_bytes())), RenderOptions(**options)
        )
        for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footer1.xml"):
            assert out_of_order(part(data, name)) == [], name


# --- a company's own reference document ---------------------------------------------------------------------


def test_company_reference_docx_supplies_styles_and_missing_ones_are_added(tmp_path: Path) -> None:
    company = docx.Document()  # python-docx's own template: Letter paper, no "Table Text" or "SLA Table"
    company.styles["Heading 1"].font.size = docx.shared.Pt(20)
    reference = tmp_path / "company.docx"
    company.save(str(reference))
    result = docx.Document(io.BytesIO(docx_bytes(reference_docx=reference)))
    assert result.styles["Heading 1"].font.size == docx.shared.Pt(20)
    assert result.tables[1].style.name == "SLA Table"
    assert result.sections[0].page_width.inches == pytest.approx(8.5)
    widths = [int(g.get(W + "w")) for g in result.tables[1]._tbl.findall("w:tblGrid/w:gridCol", NS)]
    section = result.sections[0]
    assert sum(widths) == round((section.page_width - section.left_margin - section.right_margin) / 635)
    assert next(p.text for p in result.paragraphs if p.style.name == "List Number").startswith("リード")


def test_styles_are_found_by_name_whatever_their_ids(tmp_path: Path) -> None:
    """Japanese Word saves "heading 1" under the id "1"; the renderer must look styles up by name."""
    reference = tmp_path / "japanese-word.docx"
    with (
        zipfile.ZipFile(REFERENCE_DIR / "reference.docx") as source,
        zipfile.ZipFile(reference, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="Heading1"', b'w:styleId="1"')
                data = data.replace(b'<w:basedOn w:val="Heading1"/>', b'<w:basedOn w:val="1"/>')
            target.writestr(info, data)
    body = part(docx_bytes(reference_docx=reference), "word/document.xml")
    styles = [s.get(W + "val") for s in body.iter(W + "pStyle")]
    assert "1" in styles and "Heading1" not in styles


def test_every_style_the_renderer_uses_is_in_the_reference() -> None:
    from sla_docgen.render.docx.styles import PARAGRAPH_STYLES, TABLE_STYLES

    names = {style.name.lower() for style in docx.Document(str(REFERENCE_DIR / "reference.docx")).styles}
    assert {n.lower() for n in PARAGRAPH_STYLES + TABLE_STYLES} <= names


def test_unreadable_reference_docx_is_a_render_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(RenderError) as caught:
        docx_bytes(reference_docx=broken)
    assert caught.value.msgid == "the reference document {path} is not a Word (.docx) file"
    assert caught.value.params["path"] == str(broken)
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a package")
    with pytest.raises(RenderError) as caught:
        docx_bytes(reference_docx=broken)
    assert caught.value.msgid == "cannot use {path} as a reference document: {reason}"
    with pytest.raises(RenderError) as caught:
        docx_bytes(reference_docx=tmp_path / "missing.docx")
    assert caught.value.msgid == "cannot read the reference document {path}: {reason}"


# --- branding ------------------------------------------------------------------------------------------------


def branded(tmp_path: Path, **changes: object) -> Document:
    import dataclasses

    document = sample_document()
    return dataclasses.replace(document, metadata=dataclasses.replace(document.metadata, **changes))


def test_accent_colour_goes_into_the_styles_and_the_logo_above_the_title(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    from PIL import Image

    Image.new("RGB", (300, 100), (139, 30, 63)).save(logo)
    document = branded(tmp_path, accent_color="#8b1e3f", logo=check_image(logo.read_bytes()))
    data = render(document, RenderOptions())
    assert data == render(document, RenderOptions())
    result = docx.Document(io.BytesIO(data))
    assert str(result.styles["Heading 1"].font.color.rgb) == "8B1E3F"
    assert str(result.styles["Title"].font.color.rgb) == "8B1E3F"
    first = result.element.body[0]
    assert first.find(".//w:drawing", NS) is not None
    assert result.inline_shapes[0].height == 457200 and result.inline_shapes[0].width == 3 * 457200
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("word/media/image1.png") == logo.read_bytes()


def test_bad_branding_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as caught:
        render(branded(tmp_path, accent_color="navy"), RenderOptions())
    assert caught.value.msgid == "Accent colour {value!r} is not a hex colour such as #1f4e79"
