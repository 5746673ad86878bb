"""DOCX output: structure, styles, Japanese tagging, properties, determinism, and LibreOffice round trip."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from lxml import etree

from sla_docgen.document import (
    Column,
    Document,
    Field,
    ItemList,
    Metadata,
    Paragraph,
    PartyColumns,
    PartyRef,
    PartyRow,
    Section,
    Signature,
    SignatureBlock,
    Table,
    Text,
    Variant,
)
from sla_docgen.errors import RenderError
from sla_docgen.render import RenderOptions
from sla_docgen.render.docx import render
from sla_docgen.render.docx_xml import W_NS

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "templates" / "docx"
NS = {"w": W_NS}
W = "{" + W_NS + "}"


# --- a hand-built Document, independent of the builder ----------------------------------------------------


def make_text(ja: str, en: str | None = None, langs: tuple[str, ...] = ("ja",)) -> Text:
    words = {"ja": ja, "en": en if en is not None else ja}
    return Text(tuple(Variant(lang, words[lang]) for lang in langs))


def sample_document(langs: tuple[str, ...] = ("ja",)) -> Document:
    def t(ja: str, en: str | None = None) -> Text:
        return make_text(ja, en, langs)

    marketing = PartyRef("marketing", t("マーケティング部", "Marketing"))
    inside = PartyRef("inside_sales", t("インサイドセールス部", "Inside Sales"))
    sales = PartyRef("field_sales", t("フィールドセールス部", "Field Sales"))
    labels = {
        "contents": t("目次", "Contents"),
        "page_n_of_m": t("{n} / {m} ページ", "Page {n} of {m}"),
        "signature": t("署名", "Signature"),
        "date": t("日付", "Date"),
        "name": t("氏名", "Name"),
        "title": t("役職", "Title"),
        "party": t("当事者", "Party"),
        "version_history": t("改訂履歴", "Version history"),
    }
    metadata = Metadata(
        agreement_id="SLA-2026-001",
        version="1.2",
        company=t("株式会社サンプル商事", "Sample Trading Co., Ltd."),
        title=t("営業・マーケティング SLA", "Sales & Marketing SLA"),
        fields=(
            Field(
                t("有効期間", "Effective period"),
                t("2026年4月1日〜2027年3月31日", "1 Apr 2026 - 31 Mar 2027"),
            ),
            Field(t("版", "Version"), t("1.2")),
            Field(t("最終更新日", "Last updated"), t("2026年11月20日", "20 Nov 2026")),
        ),
        last_updated=date(2026, 11, 20),
        keywords=("SLA", "MQL", "営業"),
    )
    purpose = Section(
        "purpose",
        "1",
        t("目的", "Purpose"),
        (
            Paragraph(
                t(
                    "本合意書は、マーケティング部とセールス部門の間で、リードの定義・引き渡し・対応期限を定めるものである。",
                    "This agreement sets out how marketing and sales define, hand off and follow up leads.",
                )
            ),
            Paragraph(t("見直しは少なくとも四半期に一度行う。", "It is reviewed at least quarterly."), kind="note"),
        ),
    )
    stages = Section(
        "stages",
        "2",
        t("リードステージの定義", "Lead stage definitions"),
        (
            ItemList(
                (
                    t("リード：連絡先が判明している見込み客", "Lead: a prospect whose contact is known"),
                    t(
                        "MQL：スコアが閾値以上、またはデモ依頼",
                        "MQL: score above threshold or a demo request",
                    ),
                    t("SAL：セールスが受け入れたリード", "SAL: accepted by sales"),
                ),
                ordered=True,
            ),
            Section(
                "stages.unqualified",
                "2.1",
                t("対象外のリード", "Unqualified leads"),
                (
                    ItemList((t("競合企業", "Competitors"), t("学生", "Students"), t("フリーメール", "Free mail"))),
                    ItemList(
                        (
                            t("除外理由を記録する", "Record the reason"),
                            t("ナーチャリングに戻す", "Return to nurture"),
                        ),
                        ordered=True,
                    ),
                ),
            ),
        ),
    )
    responsibilities = Section(
        "parties",
        "3",
        t("各部門の責任", "Responsibilities"),
        (
            PartyColumns(
                parties=(marketing, inside, sales),
                rows=(
                    PartyRow(
                        t("責任", "Commitment"),
                        (
                            (t("月間MQL 120件を創出する", "Create 120 MQLs a month"),),
                            (t("MQLに24時間以内に対応する", "Respond to MQLs within 24 hours"),),
                            (t("SALを5営業日以内に商談化する", "Qualify SALs within 5 business days"),),
                        ),
                    ),
                    PartyRow(
                        t("報告", "Reporting"),
                        (
                            (
                                t("週次でMQL数を共有", "Share MQL counts weekly"),
                                t("月次レポート", "Monthly report"),
                            ),
                            (t("対応状況を記録", "Log follow-ups"),),
                            (),
                        ),
                    ),
                ),
                corner=t("項目", "Item"),
            ),
            Table(
                columns=(
                    Column(t("引き渡し", "Hand-off"), 2.0),
                    Column(t("対応期限", "Response time"), 1.0),
                    Column(t("フォロー", "Follow-up"), 2.0),
                ),
                rows=tuple(
                    (
                        (t(f"MQL → インサイドセールス {i}", f"MQL to inside sales {i}"),),
                        (t("24時間", "24 hours"),),
                        (t("電話3回・メール2通", "3 calls, 2 emails"),),
                    )
                    for i in range(1, 4)
                ),
                caption=t("表1 引き渡しルール", "Table 1 Hand-off rules"),
            ),
        ),
    )
    history = Section(
        "history",
        "4",
        t("改訂履歴", "Version history"),
        (
            Table(
                columns=(
                    Column(t("版", "Version"), 1.0),
                    Column(t("日付", "Date"), 1.5),
                    Column(t("変更内容", "Changes"), 4.0),
                ),
                rows=(
                    ((t("1.0"),), (t("2026-04-01"),), (t("初版", "First version"),)),
                    ((t("1.2"),), (t("2026-11-20"),), (t("MQL閾値を変更", "Changed the MQL threshold"),)),
                ),
                role="history",
            ),
        ),
    )
    signatures = Section(
        "signatures",
        "5",
        t("署名", "Signatures"),
        (
            SignatureBlock(
                (
                    Signature(
                        marketing,
                        t("山田 太郎", "Taro Yamada"),
                        t("マーケティング部長", "Head of Marketing"),
                        "marketing",
                    ),
                    Signature(
                        inside,
                        t("佐藤 花子", "Hanako Sato"),
                        t("IS部長", "Head of Inside Sales"),
                        "inside_sales",
                    ),
                    Signature(
                        sales,
                        t("鈴木 一郎", "Ichiro Suzuki"),
                        t("営業本部長", "Head of Sales"),
                        "field_sales",
                    ),
                )
            ),
        ),
    )
    return Document(
        langs=langs,
        metadata=metadata,
        sections=(purpose, stages, responsibilities, history, signatures),
        labels=labels,
    )


# --- helpers ----------------------------------------------------------------------------------------------


def docx_bytes(langs: tuple[str, ...] = ("ja",), **options: object) -> bytes:
    return render(sample_document(langs), RenderOptions(**options))  # type: ignore[arg-type]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def body_texts(data: bytes) -> list[str]:
    """Non-empty paragraph texts of the body in reading order (tables row by row), the TOC skipped."""
    body = part(data, "word/document.xml").find("w:body", NS)
    out: list[str] = []
    for child in body:
        if child.tag == W + "sdt":
            continue
        for p in child.iter(W + "p"):
            text = "".join(t.text or "" for t in p.iter(W + "t"))
            if text:
                out.append(text)
    return out


def expected_texts(document: Document) -> list[str]:
    """The words of a Document in its own order, as the DOCX should show them."""
    out: list[str] = []

    marker = f" ({document.labels['fallback'].primary.text})" if "fallback" in document.labels else ""

    def text(value: Text | None, prefix: str = "") -> None:
        if value is not None:
            out.extend(
                (prefix if index == 0 else "") + v.text + (marker if v.fallback else "")
                for index, v in enumerate(value.variants)
            )

    def cell(lines: tuple[Text, ...]) -> None:
        for line in lines:
            text(line)

    def visit(section: Section) -> None:
        text(section.title, f"{section.number}. " if section.level == 1 else f"{section.number} ")
        for child in section.children:
            if isinstance(child, Section):
                visit(child)
            elif isinstance(child, Paragraph):
                text(child.text)
            elif isinstance(child, ItemList):
                for item in child.items:
                    text(item)
            elif isinstance(child, Table):
                text(child.caption)
                for column in child.columns:
                    text(column.header)
                for row in child.rows:
                    for c in row:
                        cell(c)
            elif isinstance(child, PartyColumns):
                text(child.corner)
                for party in child.parties:
                    text(party.name)
                for prow in child.rows:
                    text(prow.label)
                    for c in prow.cells:
                        cell(c)
            elif isinstance(child, SignatureBlock):
                for sig in child.signatures:
                    text(sig.party.name)
                    text(document.labels["name"])
                    text(sig.name)
                    text(document.labels["title"])
                    text(sig.title)
                    text(document.labels["date"])
                    text(document.labels["signature"])

    meta = document.metadata
    text(meta.title)
    text(meta.company)
    for item in meta.fields:
        text(item.label)
        text(item.value)
    for section in document.sections:
        visit(section)
    return [t for t in out if t]


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


# --- content and structure --------------------------------------------------------------------------------


def test_text_follows_the_document_order() -> None:
    for langs in (("ja",), ("ja", "en")):
        assert body_texts(docx_bytes(langs)) == expected_texts(sample_document(langs))


def test_python_docx_reads_it_back_with_styles_by_name() -> None:
    result = docx.Document(io.BytesIO(docx_bytes()))
    styled = [(p.style.name, p.text) for p in result.paragraphs if p.text]
    assert styled[0] == ("Title", "営業・マーケティング SLA")
    assert styled[1] == ("Subtitle", "株式会社サンプル商事")
    assert ("Heading 1", "1. 目的") in styled
    assert ("Heading 2", "2.1 対象外のリード") in styled
    assert ("Note", "見直しは少なくとも四半期に一度行う。") in styled
    assert ("List Number", "MQL：スコアが閾値以上、またはデモ依頼") in styled
    assert ("List Bullet", "学生") in styled
    assert ("Caption", "表1 引き渡しルール") in styled
    assert len(result.tables) == 5  # title block, party columns, hand-offs, history, signatures


def test_party_columns_are_a_fixed_table_with_a_repeated_header() -> None:
    result = docx.Document(io.BytesIO(docx_bytes()))
    table = result.tables[1]
    assert table.style.name == "SLA Table"
    assert [c.text for c in table.rows[0].cells] == [
        "項目",
        "マーケティング部",
        "インサイドセールス部",
        "フィールドセールス部",
    ]
    assert table.rows[2].cells[1].text == "週次でMQL数を共有\n月次レポート"
    tbl = table._tbl
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(W + "type") == "fixed"
    widths = [int(g.get(W + "w")) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == 11906 - 2 * 1247 and widths[1] == widths[2] and abs(widths[3] - widths[2]) <= 3
    assert widths[0] < widths[1]
    rows = tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    for row in rows:
        assert [int(c.get(W + "w")) for c in row.findall("w:tc/w:tcPr/w:tcW", NS)] == widths


def test_history_and_signature_tables() -> None:
    result = docx.Document(io.BytesIO(docx_bytes()))
    history = result.tables[3]
    assert [c.text for c in history.rows[0].cells] == ["版", "日付", "変更内容"]
    assert [c.text for c in history.rows[2].cells] == ["1.2", "2026-11-20", "MQL閾値を変更"]
    signatures = result.tables[4]
    assert signatures.style.name == "SLA Signature"
    assert len(signatures.rows) == 2 and len(signatures.columns) == 3  # two parties a row, a gutter between
    first = signatures.rows[0].cells[0]
    assert [(p.style.name, p.text) for p in first.paragraphs] == [
        ("Signature Party", "マーケティング部"),
        ("Signature Label", "氏名"),
        ("Table Text", "山田 太郎"),
        ("Signature Label", "役職"),
        ("Table Text", "マーケティング部長"),
        ("Signature Label", "日付"),
        ("Date Line", ""),
        ("Signature Label", "署名"),
        ("Signature Line", ""),
    ]
    assert signatures.rows[0].cells[2].paragraphs[0].text == "インサイドセールス部"
    assert signatures.rows[1].cells[0].paragraphs[0].text == "フィールドセールス部"
    assert signatures.rows[1].cells[2].text == ""
    fields = result.tables[0]
    assert [c.text for c in fields.rows[0].cells] == ["有効期間", "2026年4月1日〜2027年3月31日"]


def test_numbered_lists_restart_in_every_list() -> None:
    data = docx_bytes()
    body = part(data, "word/document.xml")
    numbering = part(data, "word/numbering.xml")
    ordered: list[str] = []
    for p in body.iter(W + "p"):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(W + "val") == "ListNumber":
            ordered.append(p.find("w:pPr/w:numPr/w:numId", NS).get(W + "val"))
    assert len(ordered) == 5 and len(set(ordered[:3])) == 1 and ordered[3] == ordered[4] != ordered[0]
    for num_id in set(ordered):
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS).get(W + "val") == "1"


def test_japanese_and_english_runs_are_tagged() -> None:
    body = part(docx_bytes(("ja", "en")), "word/document.xml")
    langs = {}
    for run in body.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        lang = run.find("w:rPr/w:lang", NS)
        if text and lang is not None:
            langs[text] = (lang.get(W + "val"), lang.get(W + "eastAsia"), run.find("w:rPr/w:rFonts", NS))
    val, east_asia, fonts = langs[
        "本合意書は、マーケティング部とセールス部門の間で、リードの定義・引き渡し・対応期限を定めるものである。"
    ]
    assert (val, east_asia) == ("ja-JP", "ja-JP")
    assert fonts.get(W + "eastAsia") == "Yu Gothic" and fonts.get(W + "hint") == "eastAsia"
    val, east_asia, fonts = langs["It is reviewed at least quarterly."]
    assert (val, east_asia) == ("en-US", None)
    assert fonts.get(W + "eastAsia") == "Yu Gothic" and fonts.get(W + "hint") is None


def test_secondary_language_is_a_smaller_paragraph_below() -> None:
    result = docx.Document(io.BytesIO(docx_bytes(("ja", "en"))))
    styled = [(p.style.name, p.text) for p in result.paragraphs if p.text]
    index = styled.index(("Heading 1", "1. 目的"))
    assert styled[index + 1] == ("Secondary Heading", "Purpose")
    index = styled.index(("List Number", "SAL：セールスが受け入れたリード"))
    assert styled[index + 1] == ("List Secondary", "SAL: accepted by sales")
    cell = result.tables[1].rows[1].cells[1]
    assert [(p.style.name, p.text) for p in cell.paragraphs] == [
        ("Table Text", "月間MQL 120件を創出する"),
        ("Table Secondary", "Create 120 MQLs a month"),
    ]


def test_footer_has_localized_page_numbers_and_header_the_title() -> None:
    data = docx_bytes()
    result = docx.Document(io.BytesIO(data))
    footer = result.sections[0].footer._element
    instructions = [i.text.strip() for i in footer.iter(W + "instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in footer.iter(W + "t")) == "1 / 1 ページ"
    assert result.sections[0].header.paragraphs[0].text.startswith("営業・マーケティング SLA")


def test_table_of_contents_field_lists_the_sections() -> None:
    body = part(docx_bytes(), "word/document.xml")
    sdt = body.find("w:body/w:sdt", NS)
    assert sdt.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS).get(W + "val") == "Table of Contents"
    assert "TOC" in "".join(i.text for i in sdt.iter(W + "instrText"))
    texts = ["".join(t.text for t in p.iter(W + "t")) for p in sdt.iter(W + "p")]
    assert texts == [
        "目次",
        "1. 目的",
        "2. リードステージの定義",
        "2.1 対象外のリード",
        "3. 各部門の責任",
        "4. 改訂履歴",
        "5. 署名",
    ]


def test_document_properties_come_from_the_metadata() -> None:
    props = docx.Document(io.BytesIO(docx_bytes())).core_properties
    assert props.title == "営業・マーケティング SLA"
    assert props.author == "株式会社サンプル商事"
    assert props.subject == "SLA-2026-001 1.2"
    assert props.keywords == "SLA, MQL, 営業"
    assert props.created.isoformat()[:19] == props.modified.isoformat()[:19] == "2026-11-20T00:00:00"
    assert props.language == "ja-JP"


def test_output_is_byte_identical_and_timestamps_are_fixed() -> None:
    first, second = docx_bytes(), docx_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        for info in infos:
            text = archive.read(info)
            assert b"rsid" not in text and b"python-docx" not in text


# --- the real samples, through the builder -----------------------------------------------------------------

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


def sample_document_from(path: Path) -> Document:
    import sla_docgen
    from sla_docgen.document.build import build

    return build(sla_docgen.load_agreement(path))


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_renders_in_document_order_and_deterministically(sample: Path) -> None:
    document = sample_document_from(sample)
    data = render(document, RenderOptions())
    assert data == render(document, RenderOptions())
    assert body_texts(data) == expected_texts(document)
    result = docx.Document(io.BytesIO(data))
    assert result.core_properties.title == document.metadata.title.primary.text
    party_tables = [t for t in result.tables if t.style.name == "SLA Table"]
    assert party_tables and all(t._tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None for t in party_tables)


def test_a_text_standing_in_for_a_missing_translation_is_marked() -> None:
    import sla_docgen
    from sla_docgen.document.build import build

    sample = next(p for p in SAMPLES if p.stem.endswith("-ja"))
    document = build(sla_docgen.load_agreement(sample), langs=("ja", "en"), allow_fallback=True)
    label = document.labels["fallback"].primary.text
    data = render(document, RenderOptions())
    texts = body_texts(data)
    assert texts == expected_texts(document)
    assert any(t.endswith(f" ({label})") for t in texts)
    body = part(data, "word/document.xml")
    marked = [r for r in body.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")) == f" ({label})"]
    assert marked and all(r.find("w:rPr/w:i", NS) is not None for r in marked)


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
        data = render(branded(tmp_path, accent_color="#123456", logo=str(logo)), RenderOptions(**options))
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
    from sla_docgen.render.docx_styles import PARAGRAPH_STYLES, TABLE_STYLES

    names = {style.name.lower() for style in docx.Document(str(REFERENCE_DIR / "reference.docx")).styles}
    assert {n.lower() for n in PARAGRAPH_STYLES + TABLE_STYLES} <= names


def test_same_bytes_in_another_process_with_another_hash_seed() -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from test_docx import docx_bytes; sys.stdout.buffer.write(docx_bytes(('ja', 'en')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent)], capture_output=True, check=True, env=env
    ).stdout
    assert other == docx_bytes(("ja", "en"))


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
    document = branded(tmp_path, accent_color="#8b1e3f", logo=str(logo))
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
    text_logo = tmp_path / "logo.png"
    text_logo.write_text("not an image")
    with pytest.raises(RenderError) as caught:
        render(branded(tmp_path, logo=str(text_logo)), RenderOptions())
    assert caught.value.msgid == "The logo {path} is not a PNG, JPEG or GIF image"
    with pytest.raises(RenderError) as caught:
        render(branded(tmp_path, logo=str(tmp_path / "missing.png")), RenderOptions())
    assert caught.value.msgid == "Cannot read the logo {path}: {reason}"
