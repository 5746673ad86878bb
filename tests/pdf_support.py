"""What the PDF tests share: hand-made and sample Documents, rendering, the third-party readers, fixtures."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sla_docgen.document import (
    Chart,
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
from sla_docgen.render import RenderOptions
from tests.conftest import make_text

HOSTILE = (
    "<img src=file:///etc/hostname>",
    "<a rel=attachment href=file:///etc/hostname>x</a>",
    "x { background: url(file:///etc/hostname) } url('http://127.0.0.1:9/x.png')",
    "{{ 7*7 }} {% raw %}",
    '"; } @import "file:///etc/hostname"; </style><script>',
)
TOOLS = ("pdftotext", "pdffonts", "pdfdetach", "qpdf", "pdfinfo")


def need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"needs {', '.join(missing)} (apt-get install poppler-utils qpdf): see README, Development")


# --- documents --------------------------------------------------------------------------------


def handmade_document(bilingual: bool = False) -> Document:
    """A rich Japanese agreement: paragraphs, lists, party columns, a long table, signatures, history."""

    def t(ja: str, en: str | None = None) -> Text:
        return make_text(ja, en, ("ja", "en") if bilingual else ("ja",))

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
    marketing = PartyRef("marketing", t("マーケティング部", "Marketing"))
    sales = PartyRef("sales", t("営業部", "Sales"))
    inside = PartyRef("inside_sales", t("インサイドセールス部", "Inside sales"))
    stages = [
        ("Lead", "連絡先が判明している見込み客", "マーケティング部"),
        ("MQL", "スコアが 100 点以上、またはデモ依頼などの強い行動があったリード", "マーケティング部"),
        ("SAL", "インサイドセールスが受け入れたリード", "インサイドセールス部"),
        ("SQL", "BANT が確認されたリード", "営業部"),
        ("SGL", "営業部が自ら創出したリード", "営業部"),
        ("対象外", "競合他社、学生、フリーメール、教育機関", "—"),
    ]
    rows = tuple(((t(f"{a}-{i}"),), (t(b),), (t(c),)) for i in range(1, 5) for a, b, c in stages)
    sections = (
        Section(
            "purpose",
            "1",
            t("目的", "Purpose"),
            (
                Paragraph(
                    t(
                        "本合意書は、マーケティング部、インサイドセールス部および営業部の間で、リードの定義、"
                        "引き渡し条件、対応期限および目標値を定め、売上目標の達成に向けた共通の基準とする。",
                        "This agreement sets common rules for lead definitions, hand-offs and targets.",
                    )
                ),
                Paragraph(t("本合意書は四半期ごとに見直す。", "Reviewed every quarter."), kind="note"),
            ),
        ),
        Section(
            "parties",
            "2",
            t("当事者と責任", "Parties and responsibilities"),
            (
                PartyColumns(
                    (marketing, sales),
                    (
                        PartyRow(t("責任者", "Owner"), ((t("山田 花子"),), (t("佐藤 太郎"),))),
                        PartyRow(
                            t("主な責任", "Duties"),
                            (
                                (t("MQL を月間 400 件創出する"), t("スコアリングモデルを維持する")),
                                (t("SAL を 2 営業日以内に受け入れる"), t("商談結果を CRM に記録する")),
                            ),
                        ),
                    ),
                    corner=t("項目", "Item"),
                ),
            ),
        ),
        Section(
            "stages",
            "3",
            t("リードステージの定義", "Lead stages"),
            (
                Table(
                    (
                        Column(t("ステージ", "Stage"), 1),
                        Column(t("定義", "Definition"), 3),
                        Column(t("担当", "Owner"), 1.2),
                    ),
                    rows,
                    caption=t("表 1 リードステージ", "Table 1 Lead stages"),
                ),
                Section(
                    "scoring",
                    "3.1",
                    t("リードスコアリング", "Lead scoring"),
                    (
                        ItemList(
                            (
                                t("業種が HIGH: +50 点"),
                                t("資料ダウンロード: +20 点"),
                                t("30 日間反応なし: −10 点"),
                            ),
                            ordered=True,
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "signatures",
            "4",
            t("署名", "Signatures"),
            (
                SignatureBlock(
                    (
                        Signature(marketing, t("山田 花子"), t("マーケティング部長"), "marketing"),
                        Signature(sales, t("佐藤 太郎"), t("営業部長"), "sales"),
                        Signature(inside, t("鈴木 一郎"), t("インサイドセールス部長"), "inside_sales"),
                    )
                ),
            ),
        ),
        Section(
            "history",
            "5",
            t("改訂履歴", "Version history"),
            (
                Table(
                    (Column(t("版"), 0.6), Column(t("日付"), 1), Column(t("変更内容"), 3)),
                    (
                        ((t("1.0"),), (t("2026-04-01"),), (t("初版"),)),
                        ((t("1.1"),), (t("2026-11-01"),), (t("MQL の閾値を 100 点に変更"),)),
                    ),
                    role="history",
                ),
            ),
        ),
    )
    metadata = Metadata(
        agreement_id="SLA-2026-007",
        version="1.1",
        company=t("株式会社サンプル", "Sample K.K."),
        title=t("営業・マーケティング サービスレベル合意書", "Sales & Marketing SLA"),
        fields=(
            Field(t("有効期間", "Effective period"), t("2026-04-01 〜 2027-03-31")),
            Field(t("最終更新日", "Last updated"), t("2026-11-01")),
        ),
        last_updated=date(2026, 11, 1),
        keywords=("SLA", "営業"),
        accent_color="#1f4e79",
    )
    langs = ("ja", "en") if bilingual else ("ja",)
    return Document(langs, metadata, sections, labels)


def map_texts(value: Any, change: Any) -> Any:
    """A copy of a Document (or any part of it) with `change(text) -> str` applied to every Variant."""
    if isinstance(value, Variant):
        return dataclasses.replace(value, text=change(value.text))
    if isinstance(value, tuple):
        return tuple(map_texts(item, change) for item in value)
    if isinstance(value, dict):
        return {key: map_texts(item, change) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: map_texts(getattr(value, f.name), change) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def strings(document: Document) -> list[str]:
    """Every visible primary text of the document body in reading order."""
    out: list[str] = []

    def texts(value: Any) -> None:
        if isinstance(value, Text):
            out.append(value.primary.text)
        elif isinstance(value, tuple):
            for item in value:
                texts(item)
        elif isinstance(value, Signature):
            texts((value.party.name, value.name, value.title))
        elif isinstance(value, PartyColumns):
            texts(value.corner)
            texts(tuple(p.name for p in value.parties))
            for row in value.rows:
                texts((row.label, *row.cells))
        elif isinstance(value, Chart):  # the drawing's own labels are checked in test_charts
            texts((value.title, value.description))
        elif isinstance(value, Table):
            texts(value.caption)
            texts(tuple(column.header for column in value.columns))
            texts(value.rows)
        elif isinstance(value, Section):
            out.append(value.number)
            texts(value.title)
            texts(value.children)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                if f.name not in ("kind", "role", "ordered", "width", "field_name", "id"):
                    texts(getattr(value, f.name))

    meta = document.metadata
    texts((meta.company, meta.title))
    out.append(meta.agreement_id)
    for field in meta.fields:
        texts((field.label, field.value))
    texts(document.sections)
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_in_order(expected: list[str], extracted: str) -> None:
    haystack = squash(extracted)
    position = 0
    for value in expected:
        needle = squash(value)
        if not needle:
            continue
        found = haystack.find(needle, position)
        assert found >= 0, f"{value!r} missing (or out of order) after position {position}"
        position = found + len(needle)


# --- rendering helpers ------------------------------------------------------------------------

SOURCE = "agreement:\n  id: SLA-2026-007  # 営業・マーケティング\n".encode()


def render_pdf(document: Document, **options: Any) -> bytes:
    from sla_docgen.render.pdf import renderer as pdf

    options.setdefault("source", SOURCE)
    options.setdefault("source_name", "agreement.yaml")
    return pdf.render(document, RenderOptions(**options))


def run(*args: str | Path, stdin: bytes | None = None) -> str:
    result = subprocess.run([str(a) for a in args], input=stdin, capture_output=True, check=True)
    return result.stdout.decode("utf-8", "replace")


# --- tiny binary fixtures ---------------------------------------------------------------------


def _png(path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\x1f\x4e\x79" * 8 for _ in range(8))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _tiny_font(path: Path) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({0x41: "A"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 700))
    pen.lineTo((1000, 0))
    pen.closePath()
    glyph = pen.glyph()
    builder.setupGlyf({".notdef": glyph, "A": glyph})
    builder.setupHorizontalMetrics({".notdef": (1000, 0), "A": (1000, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
