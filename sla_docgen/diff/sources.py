"""The two sides of a comparison: a questionnaire file, or a PDF made by sla-docgen (signed or not)."""

from __future__ import annotations

from pathlib import Path

from sla_docgen.loader import load_bytes, load_file
from sla_docgen.validate import Questionnaire, validate

PDF_MAGIC = b"%PDF-"


def read_side(path: Path) -> Questionnaire:
    """The validated questionnaire of `path`; a PDF gives the questionnaire embedded in it.

    Errors are located in the questionnaire as usual; one taken out of a PDF is named `PDF » NAME`.
    """
    from sla_docgen.pdf_source import MAX_PDF_BYTES, extract_source
    from sla_docgen.reading import read_head, read_input

    if read_head(path, len(PDF_MAGIC)) == PDF_MAGIC:
        name, source = extract_source(read_input(path, limit=MAX_PDF_BYTES), display=str(path))
        return validate(load_bytes(source, f"{path} » {name}"), check_files=False)
    return validate(load_file(path))
