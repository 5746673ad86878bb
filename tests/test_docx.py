"""DOCX output: content and structure, Japanese tagging, properties, determinism, and the real samples."""

from __future__ import annotations

import importlib.metadata
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import sla_docgen
from sla_docgen.render import RenderOptions
from sla_docgen.render.docx import render
from tests.conftest import SAMPLES, build_sample
from tests.docx_support import (
    NS,
    W,
    body_texts,
    docx_bytes,
    expected_texts,
    part,
    sample_document,
)

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
    # Widths follow the content: the short row labels get a narrow column, the longest texts the widest.
    assert sum(widths) == 11906 - 2 * 1247
    assert widths[0] < min(widths[1:]) and widths[3] == max(widths)
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
            assert b"rsid" not in text
            if info.filename != "docProps/app.xml":  # python-docx's own stamp is gone from the properties
                assert b"python-docx" not in text


def test_app_properties_name_the_versions_the_bytes_depend_on() -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as archive:
        app = etree.fromstring(archive.read("docProps/app.xml"))
    ns = {"ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    expected = f"sla-docgen {sla_docgen.__version__} (python-docx {importlib.metadata.version('python-docx')})"
    assert app.findtext("ep:Application", namespaces=ns) == expected


def test_same_bytes_in_another_process_with_another_hash_seed() -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from docx_support import docx_bytes; sys.stdout.buffer.write(docx_bytes(('ja', 'en')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent)], capture_output=True, check=True, env=env
    ).stdout
    assert other == docx_bytes(("ja", "en"))


# --- the real samples, through the builder -----------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_renders_in_document_order_and_deterministically(sample: Path) -> None:
    document = build_sample(sample)
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
