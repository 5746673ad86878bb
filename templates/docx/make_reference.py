"""Write templates/docx/reference.docx, the styled Word document every DOCX agreement is built on.

Run `python templates/docx/make_reference.py` after changing a style here; a test checks that the
committed reference.docx is what this script writes. Only the standard library is used, and every
part is written by hand, so the file does not depend on python-docx's own template or on the clock.

A company restyles its agreements by editing a copy of reference.docx in Word (styles, page size,
margins, header and footer) and passing it with `--reference-docx`; content is added by style name.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

LATIN_FONT = "Arial"
EAST_ASIA_FONT = "Yu Gothic"
EAST_ASIA_ALT = "游ゴシック"
ACCENT = "1F3864"
GREY = "595959"
RULE = "A6A6A6"
HEADER_FILL = "DCE4F0"
LABEL_FILL = "F2F4F8"

# A4 in twentieths of a point, margins 25 mm top/bottom and 22 mm left/right.
PAGE = {"w": 11906, "h": 16838, "top": 1418, "bottom": 1418, "left": 1247, "right": 1247}


def fonts(latin: str = LATIN_FONT, east_asia: str = EAST_ASIA_FONT) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'


def para_style(
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_id: str | None = None,
    ppr: str = "",
    rpr: str = "",
    ui_priority: int | None = None,
    q_format: bool = True,
    custom: bool = False,
) -> str:
    parts = [
        f'<w:style w:type="paragraph" w:styleId="{style_id}"' + (' w:customStyle="1">' if custom else ">")
    ]
    parts.append(f'<w:name w:val="{name}"/>')
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    if q_format:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def border(side: str, *, val: str = "single", sz: int = 4, color: str = RULE, space: int = 0) -> str:
    return f'<w:{side} w:val="{val}" w:sz="{sz}" w:space="{space}" w:color="{color}"/>'


def table_style(style_id: str, name: str, *, borders: str, first_row: str = "", first_col: str = "") -> str:
    cell_margins = (
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    )
    parts = [
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{style_id}">',
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>',
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="264" w:lineRule="auto"/></w:pPr>',
        '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders>{cell_margins}</w:tblPr>",
    ]
    if first_row:
        parts.append(f'<w:tblStylePr w:type="firstRow">{first_row}</w:tblStylePr>')
    if first_col:
        parts.append(f'<w:tblStylePr w:type="firstCol">{first_col}</w:tblStylePr>')
    parts.append("</w:style>")
    return "".join(parts)


def styles_xml() -> str:
    keep = "<w:keepNext/><w:keepLines/>"
    heading_rpr = f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/>'
    grid_borders = "".join(border(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    fields_borders = border("top", sz=12, color=ACCENT) + border("bottom") + border("insideH")
    header_row = (
        "<w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>"
        f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
    )
    label_col = f'<w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/></w:tcPr>'
    styles = [
        (
            f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts()}<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
            '<w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="288" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
        (
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
            '<w:pPr><w:widowControl/><w:jc w:val="both"/></w:pPr></w:style>'
        ),
        (
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
            "</w:style>"
        ),
        (
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
            '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        ),
        (
            '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
            '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        ),
        para_style(
            "Logo",
            "Logo",
            custom=True,
            ppr='<w:spacing w:before="0" w:after="240" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
        ),
        para_style(
            "Title",
            "Title",
            next_id="Subtitle",
            ui_priority=10,
            ppr=keep
            + '<w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:kern w:val="28"/><w:sz w:val="40"/><w:szCs w:val="40"/>',
        ),
        para_style(
            "Subtitle",
            "Subtitle",
            next_id="BodyText",
            ui_priority=11,
            ppr='<w:spacing w:before="0" w:after="160"/><w:jc w:val="left"/>',
            rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="24"/><w:szCs w:val="24"/>',
        ),
        para_style(
            "Heading1",
            "heading 1",
            next_id="BodyText",
            ui_priority=9,
            ppr=f"{keep}<w:pBdr>{border('bottom', sz=6, color=ACCENT, space=2)}</w:pBdr>"
            '<w:spacing w:before="360" w:after="120"/><w:jc w:val="left"/><w:outlineLvl w:val="0"/>',
            rpr=heading_rpr + '<w:sz w:val="28"/><w:szCs w:val="28"/>',
        ),
        para_style(
            "Heading2",
            "heading 2",
            next_id="BodyText",
            ui_priority=9,
            ppr=f'{keep}<w:spacing w:before="240" w:after="80"/><w:jc w:val="left"/><w:outlineLvl w:val="1"/>',
            rpr=heading_rpr + '<w:sz w:val="24"/><w:szCs w:val="24"/>',
        ),
        para_style(
            "Heading3",
            "heading 3",
            next_id="BodyText",
            ui_priority=9,
            ppr=f'{keep}<w:spacing w:before="200" w:after="60"/><w:jc w:val="left"/><w:outlineLvl w:val="2"/>',
            rpr='<w:b/><w:bCs/><w:sz w:val="21"/><w:szCs w:val="21"/>',
        ),
        para_style("BodyText", "Body Text", ui_priority=99, ppr='<w:spacing w:after="120"/>'),
        para_style(
            "Note",
            "Note",
            based_on="BodyText",
            custom=True,
            ppr=f'<w:pBdr>{border("left", sz=18, color=RULE, space=6)}</w:pBdr><w:ind w:left="170"/>',
            rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        para_style(
            "SecondaryText",
            "Secondary Text",
            custom=True,
            ppr='<w:spacing w:before="0" w:after="120"/>',
            rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        ),
        para_style(
            "SecondaryHeading",
            "Secondary Heading",
            based_on="SecondaryText",
            custom=True,
            ppr=f'{keep}<w:spacing w:before="0" w:after="120"/><w:jc w:val="left"/>',
            rpr='<w:b/><w:bCs/><w:sz w:val="19"/><w:szCs w:val="19"/>',
        ),
        para_style(
            "ListSecondary",
            "List Secondary",
            based_on="SecondaryText",
            custom=True,
            ppr='<w:spacing w:before="0" w:after="60"/><w:ind w:left="420"/>',
        ),
        para_style(
            "ListNumber",
            "List Number",
            ui_priority=99,
            ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/>',
        ),
        para_style(
            "ListBullet",
            "List Bullet",
            ui_priority=99,
            ppr='<w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/>',
        ),
        para_style(
            "Caption",
            "caption",
            next_id="BodyText",
            ui_priority=35,
            ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="left"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        para_style(
            "TableText",
            "Table Text",
            custom=True,
            ppr='<w:spacing w:before="0" w:after="0" w:line="264" w:lineRule="auto"/><w:jc w:val="left"/>',
            rpr='<w:sz w:val="19"/><w:szCs w:val="19"/>',
        ),
        para_style(
            "TableHeading",
            "Table Heading",
            based_on="TableText",
            custom=True,
            rpr="<w:b/><w:bCs/>",
        ),
        para_style(
            "TableSecondary",
            "Table Secondary",
            based_on="TableText",
            custom=True,
            rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        ),
        para_style(
            "SignatureLine",
            "Signature Line",
            based_on="TableText",
            custom=True,
            ppr=f"<w:pBdr>{border('bottom', sz=6, color='000000', space=1)}</w:pBdr>"
            '<w:spacing w:before="0" w:after="160" w:line="960" w:lineRule="exact"/>',
        ),
        para_style(
            "DateLine",
            "Date Line",
            based_on="SignatureLine",
            custom=True,
            ppr='<w:spacing w:before="0" w:after="120" w:line="480" w:lineRule="exact"/>',
        ),
        para_style(
            "SignatureParty",
            "Signature Party",
            based_on="TableHeading",
            custom=True,
            ppr=f"<w:pBdr>{border('bottom', sz=8, color=ACCENT, space=2)}</w:pBdr>"
            '<w:spacing w:before="0" w:after="120"/>',
            rpr=f'<w:color w:val="{ACCENT}"/><w:sz w:val="21"/><w:szCs w:val="21"/>',
        ),
        para_style(
            "SignatureLabel",
            "Signature Label",
            based_on="TableText",
            custom=True,
            ppr='<w:keepNext/><w:spacing w:before="60" w:after="0"/>',
            rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        ),
        para_style(
            "TOCHeading",
            "TOC Heading",
            based_on="Heading1",
            next_id="Normal",
            ui_priority=39,
            ppr='<w:outlineLvl w:val="9"/>',
        ),
        para_style(
            "TOC1",
            "toc 1",
            next_id="Normal",
            ui_priority=39,
            q_format=False,
            ppr='<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9402"/></w:tabs>'
            '<w:spacing w:before="60" w:after="0"/><w:jc w:val="left"/>',
            rpr="<w:b/><w:bCs/>",
        ),
        para_style(
            "TOC2",
            "toc 2",
            next_id="Normal",
            ui_priority=39,
            q_format=False,
            ppr='<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9402"/></w:tabs>'
            '<w:spacing w:before="0" w:after="0"/><w:ind w:left="210"/><w:jc w:val="left"/>',
        ),
        para_style(
            "TOC3",
            "toc 3",
            next_id="Normal",
            ui_priority=39,
            q_format=False,
            ppr='<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9402"/></w:tabs>'
            '<w:spacing w:before="0" w:after="0"/><w:ind w:left="420"/><w:jc w:val="left"/>',
        ),
        para_style(
            "Header",
            "header",
            ui_priority=99,
            q_format=False,
            ppr='<w:tabs><w:tab w:val="center" w:pos="4706"/><w:tab w:val="right" w:pos="9412"/></w:tabs>'
            '<w:spacing w:after="0"/><w:jc w:val="right"/>',
            rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        ),
        para_style(
            "Footer",
            "footer",
            ui_priority=99,
            q_format=False,
            ppr='<w:tabs><w:tab w:val="center" w:pos="4706"/><w:tab w:val="right" w:pos="9412"/></w:tabs>'
            '<w:spacing w:after="0"/><w:jc w:val="center"/>',
            rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        ),
        table_style("SLATable", "SLA Table", borders=grid_borders, first_row=header_row, first_col=label_col),
        table_style("SLAFields", "SLA Fields", borders=fields_borders, first_col=label_col),
        table_style(
            "SLASignature",
            "SLA Signature",
            borders="",
        ),
    ]
    return XML_HEAD + f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">' + "".join(styles) + "</w:styles>"


def numbering_xml() -> str:
    decimal = (
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="ListNumber"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl></w:abstractNum>'
    )
    bullet = (
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/>'
        '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:hint="default"/></w:rPr>'
        "</w:lvl></w:abstractNum>"
    )
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    return XML_HEAD + f'<w:numbering xmlns:w="{W_NS}">{decimal}{bullet}{nums}</w:numbering>'


def settings_xml() -> str:
    return (
        XML_HEAD + f'<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
        ' w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def font_table_xml() -> str:
    return (
        XML_HEAD + f'<w:fonts xmlns:w="{W_NS}">'
        f'<w:font w:name="{LATIN_FONT}"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        f'<w:font w:name="{EAST_ASIA_FONT}"><w:altName w:val="{EAST_ASIA_ALT}"/>'
        '<w:panose1 w:val="020B0400000000000000"/><w:charset w:val="80"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        "</w:fonts>"
    )


def field_runs(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def footer_xml() -> str:
    page = field_runs("PAGE", "1")
    pages = field_runs("NUMPAGES", "1")
    return (
        XML_HEAD + f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        f'{page}<w:r><w:t xml:space="preserve"> / </w:t></w:r>{pages}</w:p></w:ftr>'
    )


def header_xml() -> str:
    return (
        XML_HEAD
        + f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'
    )


SAMPLES = (
    ("Title", "Title / 表題"),
    ("Subtitle", "Subtitle / 副題"),
    ("Heading1", "Heading 1 / 見出し 1"),
    ("SecondaryHeading", "Secondary Heading / 第二言語の見出し"),
    ("Heading2", "Heading 2 / 見出し 2"),
    ("Heading3", "Heading 3 / 見出し 3"),
    ("BodyText", "Body Text / 本文"),
    ("SecondaryText", "Secondary Text / 第二言語の本文"),
    ("Note", "Note / 注記"),
    ("ListNumber", "List Number / 番号付きリスト"),
    ("ListBullet", "List Bullet / 箇条書き"),
    ("ListSecondary", "List Secondary / 第二言語の項目"),
    ("Caption", "caption / 図表番号"),
)


def document_xml() -> str:
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
        for style, text in SAMPLES
    )
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId11"/>'
        '<w:footerReference w:type="default" r:id="rId12"/>'
        f'<w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}"/>'
        f'<w:pgMar w:top="{PAGE["top"]}" w:right="{PAGE["right"]}" w:bottom="{PAGE["bottom"]}"'
        f' w:left="{PAGE["left"]}" w:header="709" w:footer="567" w:gutter="0"/>'
        '<w:cols w:space="425"/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    return (
        XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{sect}</w:body></w:document>'
    )


def content_types_xml() -> str:
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = (
        ("/word/document.xml", f"{ct}.wordprocessingml.document.main+xml"),
        ("/word/styles.xml", f"{ct}.wordprocessingml.styles+xml"),
        ("/word/numbering.xml", f"{ct}.wordprocessingml.numbering+xml"),
        ("/word/settings.xml", f"{ct}.wordprocessingml.settings+xml"),
        ("/word/fontTable.xml", f"{ct}.wordprocessingml.fontTable+xml"),
        ("/word/header1.xml", f"{ct}.wordprocessingml.header+xml"),
        ("/word/footer1.xml", f"{ct}.wordprocessingml.footer+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{ct}.extended-properties+xml"),
    )
    return (
        XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>"
    )


def rels(items: tuple[tuple[str, str, str], ...]) -> str:
    return (
        XML_HEAD
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items
        )
        + "</Relationships>"
    )


def package_rels() -> str:
    base = "http://schemas.openxmlformats.org"
    return rels(
        (
            ("rId1", f"{base}/officeDocument/2006/relationships/officeDocument", "word/document.xml"),
            ("rId2", f"{base}/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{base}/officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
        )
    )


def document_rels() -> str:
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return rels(
        (
            ("rId1", f"{base}/styles", "styles.xml"),
            ("rId2", f"{base}/numbering", "numbering.xml"),
            ("rId3", f"{base}/settings", "settings.xml"),
            ("rId4", f"{base}/fontTable", "fontTable.xml"),
            ("rId11", f"{base}/header", "header1.xml"),
            ("rId12", f"{base}/footer", "footer1.xml"),
        )
    )


def core_xml() -> str:
    return (
        XML_HEAD
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>sla-docgen reference document</dc:title><dc:creator>sla-docgen</dc:creator>"
        "<cp:revision>1</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_xml() -> str:
    return (
        XML_HEAD
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>sla-docgen</Application></Properties>"
    )


def parts() -> list[tuple[str, str]]:
    """Every part of the package in the order it is written (content types first)."""
    return [
        ("[Content_Types].xml", content_types_xml()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core_xml()),
        ("docProps/app.xml", app_xml()),
        ("word/document.xml", document_xml()),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/styles.xml", styles_xml()),
        ("word/numbering.xml", numbering_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/header1.xml", header_xml()),
        ("word/footer1.xml", footer_xml()),
    ]


def build() -> bytes:
    """The reference document's bytes: fixed entry order and timestamps, so the same every run."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=6)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("reference.docx")
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
