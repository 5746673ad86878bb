"""Contents page numbers remembered from the last render: one layout, the same bytes, and wrong guesses corrected."""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sla_docgen.api import build, load
from sla_docgen.render import RenderOptions, render
from sla_docgen.render.pdf import contents as pdf_contents
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "acme-ja.yaml"


class Layouts(logging.Handler):
    """Counts WeasyPrint's repaginations from its progress log."""

    def __init__(self) -> None:
        super().__init__()
        self.repaginations = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "Repagination" in record.getMessage():
            self.repaginations += 1


@pytest.fixture
def layouts() -> Iterator[Layouts]:
    logger = logging.getLogger("weasyprint.progress")
    handler, level = Layouts(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    pdf_contents.forget()
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        pdf_contents.forget()


def render_sample() -> bytes:
    questionnaire = load(SAMPLE)
    options = RenderOptions(source=questionnaire.source.source, source_name=SAMPLE.name)
    return render(build(questionnaire), "pdf", options)


def contents_numbers(pdf: bytes, folder: Path) -> list[tuple[str, int]]:
    """(section number, page) pairs read from the contents page(s) of the PDF's text."""
    path = folder / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", "-l", "2", str(path), "-"], capture_output=True, text=True)
    return [(m[0], int(m[1])) for m in re.findall(r"^\s*(\d+(?:\.\d+)?)\s+\S.*?\s(\d+)\s*$", text.stdout, re.M)]


def test_a_second_render_lays_out_once_and_gives_the_same_bytes(layouts: Layouts) -> None:
    first = render_sample()
    assert layouts.repaginations == 2, "the first render finds the numbers with target-counter()"
    layouts.repaginations = 0
    second = render_sample()
    assert layouts.repaginations == 0
    assert second == first


def test_a_wrong_guess_is_corrected(layouts: Layouts, tmp_path: Path) -> None:
    right = render_sample()
    ((key, pages),) = pdf_contents._REMEMBERED.items()
    pdf_contents._REMEMBERED[key] = {number: page + 1 for number, page in pages.items()}  # as if a section moved
    corrected = render_sample()
    assert corrected == right
    assert pdf_contents._REMEMBERED[key] == pages
    numbers = contents_numbers(corrected, tmp_path)
    assert len(numbers) >= 10
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True)
    page_texts = text.stdout.split("\f")
    for number, page in numbers:  # each section's heading is on the page the contents names
        heading = re.compile(rf"^\s*{re.escape(number)}\s+\S", re.M)
        assert heading.search(page_texts[page - 1]), (number, page)
        assert pages[number] == page
