"""Markdown output: golden files per sample, and structure that user text can never change."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from sla_docgen.document.build import build
from sla_docgen.loader import load_bytes
from sla_docgen.model import Agreement
from sla_docgen.render import render
from sla_docgen.validate import Questionnaire, validate
from tests.conftest import MINIMAL, SAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SLA_DOCGEN_UPDATE_GOLDEN") == "1"


def _markdown(sample: Path, langs: tuple[str, ...] | None = None) -> str:
    questionnaire = validate(load_bytes(sample.read_bytes(), sample.name))
    return render(build(questionnaire, langs=langs), "md").decode("utf-8")


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_golden(sample: Path) -> None:
    """The whole Markdown text. Dates and money are written by Babel from CLDR data: a Babel release
    that writes them differently really changes the output, and the README's test command installs
    the Babel release these files were made with (constraints.txt)."""
    text = _markdown(sample)
    golden = GOLDEN / f"{sample.stem}.md"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), (
        f"regenerate with SLA_DOCGEN_UPDATE_GOLDEN=1 if intended: {golden}"
    )


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _structure(text: str) -> tuple[list[tuple[str, str]], list[list[int]]]:
    """Headings (tag, text) and, per table, the cell count of every row."""
    tokens = _parser().parse(text)
    headings = [(tok.tag, tokens[i + 1].content) for i, tok in enumerate(tokens) if tok.type == "heading_open"]
    tables: list[list[int]] = []
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            tables[-1].append(0)
        elif tok.type in ("th_open", "td_open"):
            tables[-1][-1] += 1
    return headings, tables


PAYLOAD = (
    "| pipe || # not a heading\n- not a list\n1. not numbered\n---\n<script>alert(1)</script>"
    " <img src=file:///etc/hostname> [link](http://example.com) ![img](file:///etc/passwd)"
    " `code` *em* __strong__ ~~gone~~ &amp; {{ 7*7 }} \\ <!-- c -->"
)
NOT_TEXT = {
    "id",
    "kind",
    "role",
    "unit",
    "period",
    "direction",
    "owner",
    "from",
    "to",
    "stage",
    "to_stage",
    "party",
    "needed_by",
    "provided_by",
    "frequency",
    "form",
    "category",
    "cadence",
    "languages",
    "prevailing_language",
    "currency",
    "version",
    "email",
    "start",
    "end",
    "last_updated",
    "date",
    "next_review",
    "participants",
    "used_by",
}


def _poison(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: (v if k in NOT_TEXT else _poison(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str):
        return PAYLOAD
    return value


def test_user_text_never_changes_structure() -> None:
    loaded = load_bytes(MINIMAL.read_bytes(), "minimal.yaml")
    clean = render(build(validate(loaded)), "md").decode()
    hostile_agreement = Agreement.model_validate(_poison(loaded.data))
    hostile = render(build(Questionnaire(hostile_agreement, loaded)), "md").decode()

    clean_headings, clean_tables = _structure(clean)
    hostile_headings, hostile_tables = _structure(hostile)
    assert [tag for tag, _ in hostile_headings] == [tag for tag, _ in clean_headings]
    assert hostile_tables == clean_tables
    for table in hostile_tables:
        assert len(set(table)) == 1, table  # every row has as many cells as the header

    tokens = _parser().parse(hostile)
    inline_kinds = {child.type for tok in tokens if tok.children for child in tok.children}
    assert not inline_kinds & {"link_open", "image", "code_inline", "em_open", "s_open"}
    html = {child.content for tok in tokens if tok.children for child in tok.children if child.type == "html_inline"}
    assert html <= {"<br>"}
    assert not [
        tok
        for tok in tokens
        if tok.type in ("html_block", "code_block", "fence", "hr", "bullet_list_open")
        and tok.map
        and "not a list" in hostile.splitlines()[tok.map[0]]
    ]
    # The payload survives as literal text inside the rendered HTML.
    html_out = _parser().render(hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
    assert "[link](http://example.com)" in html_out
    assert "{{ 7*7 }}" in html_out and "__strong__" in html_out and "*em*" in html_out
    assert "<script>" not in html_out and "<img" not in html_out


def test_party_sections_are_tables_with_one_column_per_party() -> None:
    text = _markdown(next(s for s in SAMPLES if s.name == "acme-ja.yaml"))
    lines = text.splitlines()
    header = lines[lines.index("### 1.4 役割と責任") + 2]
    assert header == "| マーケティング部 | インサイドセールス部 | 営業本部 |"


def test_bilingual_markdown_shows_both_languages() -> None:
    text = _markdown(next(s for s in SAMPLES if s.name == "acme-bilingual.yaml"))
    assert "## 1. 概要 / Overview" in text
    assert "本合意書は日本語と英語で作成し" in text
