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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_styles import (
    EAST_ASIA_ALT,
    EAST_ASIA_FONT,
    LATIN_FONT,
    PAGE,
    R_NS,
    W_NS,
    XML_HEAD,
    styles_xml,
)


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
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    )
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
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>' for style, text in SAMPLES
    )
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId11"/>'
        '<w:footerReference w:type="default" r:id="rId12"/>'
        f'<w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}"/>'
        f'<w:pgMar w:top="{PAGE["top"]}" w:right="{PAGE["right"]}" w:bottom="{PAGE["bottom"]}"'
        f' w:left="{PAGE["left"]}" w:header="709" w:footer="567" w:gutter="0"/>'
        '<w:cols w:space="425"/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    return XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{sect}</w:body></w:document>'


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
        + "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items)
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
        XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
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
