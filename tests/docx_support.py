"""What the DOCX tests share: a hand-built Document, rendering it, and reading the parts and texts back.

Used by test_docx, test_docx_styles, test_docx_libreoffice, test_languages and test_parity; no tests here.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

from lxml import etree

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
)
from sla_docgen.render import RenderOptions
from sla_docgen.render.docx import render
from sla_docgen.render.docx.xml import W_NS
from tests.conftest import ROOT, make_text

REFERENCE_DIR = ROOT / "templates" / "docx"
NS = {"w": W_NS}
W = "{" + W_NS + "}"


# --- a hand-built Document, independent of the builder ----------------------------------------------------


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
            elif isinstance(child, Chart):  # caption, picture (alternative text), what it shows
                text(child.title)
                text(child.description)

    meta = document.metadata
    text(meta.title)
    text(meta.company)
    for item in meta.fields:
        text(item.label)
        text(item.value)
    for section in document.sections:
        visit(section)
    return [t for t in out if t]
