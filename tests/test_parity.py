"""Same words in the same order in every format: Markdown, DOCX and PDF against the Document they were made from."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from sla_docgen.api import build, load
from sla_docgen.document import (
    Document,
    ItemList,
    Paragraph,
    PartyColumns,
    Section,
    SignatureBlock,
    Table,
    Text,
)
from sla_docgen.render import RenderOptions, render
from tests.conftest import COMPLETE, SAMPLES
from tests.docx_support import body_texts

CASES = [(sample, None) for sample in [*SAMPLES, COMPLETE]] + [
    (sample, ("en", "ja")) for sample in SAMPLES if sample.name == "acme-bilingual.yaml"
]


def section_words(document: Document) -> list[str]:
    """Every text of the sections, primary then secondary wording, in the Document's order."""
    out: list[str] = []

    def text(value: Text | None) -> None:
        if value is not None:
            out.extend(v.text for v in value.variants)

    def visit(section: Section) -> None:
        text(section.title)
        for child in section.children:
            if isinstance(child, Section):
                visit(child)
            elif isinstance(child, Paragraph):
                text(child.text)
            elif isinstance(child, ItemList):
                for item in child.items:
                    text(item)
            elif isinstance(child, Table):
                for column in child.columns:
                    text(column.header)
                for row in child.rows:
                    for cell in row:
                        for line in cell:
                            text(line)
            elif isinstance(child, PartyColumns):
                text(child.corner)
                for party in child.parties:
                    text(party.name)
                for party_row in child.rows:
                    text(party_row.label)
                    for cell in party_row.cells:
                        for line in cell:
                            text(line)
            elif isinstance(child, SignatureBlock):
                for signature in child.signatures:
                    text(signature.party.name)
                    text(signature.name)
                    text(signature.title)

    for section in document.sections:
        visit(section)
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_in_order(words: list[str], extracted: str, fmt: str) -> None:
    haystack, position = squash(extracted), 0
    for word in words:
        needle = squash(word)
        found = haystack.find(needle, position)
        assert found >= 0, (
            f"{fmt}: {word!r} missing or out of order (after …{haystack[max(0, position - 60) : position]})"
        )
        position = found + len(needle)


def markdown_text(data: bytes) -> str:
    rendered = MarkdownIt("commonmark").enable("table").render(data.decode("utf-8"))
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "a.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout


CASE_IDS = [f"{sample.stem}-{'+'.join(langs) if langs else 'default'}" for sample, langs in CASES]


@pytest.mark.parametrize("sample,langs", CASES, ids=CASE_IDS)
def test_every_format_has_the_same_words_in_the_same_order(
    sample: Path, langs: tuple[str, ...] | None, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is required: see README, Development")
    questionnaire = load(sample)
    document = build(questionnaire, langs=langs)
    words = section_words(document)
    assert len(words) > 300  # the samples fill every section
    options = RenderOptions(source=questionnaire.source.source, source_name=sample.name)
    extracted = {
        "md": markdown_text(render(document, "md", options)),
        "docx": "\n".join(body_texts(render(document, "docx", options))),
        "pdf": pdf_text(render(document, "pdf", options), tmp_path),
    }
    for fmt, text in extracted.items():
        assert_in_order(words, text, fmt)
        for field in document.metadata.fields:
            assert squash(field.value.primary.text) in squash(text), (fmt, field.value)
