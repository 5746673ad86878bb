"""The styles of the built-in reference document (word/styles.xml), written by make_reference.py.

Colours, fonts and spacing of every style the DOCX renderer uses by name: Title, Heading 1-3, Body Text,
lists, captions, table text, secondary-language text, signatures, contents, header and footer, and the
SLA Table / SLA Fields / SLA Signature table styles. Japanese text uses the East Asian font (w:eastAsia).
"""

from __future__ import annotations

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
    parts = [f'<w:style w:type="paragraph" w:styleId="{style_id}"' + (' w:customStyle="1">' if custom else ">")]
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
        f'<w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
    )
    label_col = (
        f'<w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/></w:tcPr>'
    )
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
            ppr=keep + '<w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
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
