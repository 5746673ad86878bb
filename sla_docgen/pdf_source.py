"""Get the questionnaire back out of a PDF made by sla-docgen: the attachment whose relationship is Source."""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from typing import Any

from sla_docgen.errors import UserError


class NoSourceError(UserError):
    """The PDF carries no embedded questionnaire (or is not a readable PDF)."""


def _filespecs(root: Any) -> list[Any]:
    """Filespec dictionaries from the catalog's /AF array, then from the /EmbeddedFiles name tree."""
    specs = [ref.get_object() if hasattr(ref, "get_object") else ref for ref in root.get("/AF", ())]

    def visit(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        names = node.get("/Names", ())
        for value in list(names)[1::2]:
            specs.append(value.get_object() if hasattr(value, "get_object") else value)
        for kid in node.get("/Kids", ()):
            visit(kid)

    tree = root.get("/Names", {})
    if "/EmbeddedFiles" in tree:
        visit(tree["/EmbeddedFiles"])
    return specs


def _name(spec: Any) -> str:
    """The attachment's file name without any folder part, so that writing it cannot escape a folder."""
    for key in ("/UF", "/F"):
        if key in spec:
            name = PurePosixPath(str(spec[key]).replace("\\", "/")).name
            if name not in ("", ".", ".."):
                return name
    return "agreement.yaml"


def extract_source(pdf: bytes) -> tuple[str, bytes]:
    """The embedded questionnaire's file name and exact bytes."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return source_of(PdfFileReader(io.BytesIO(pdf), strict=False).root)
    except (PdfError, KeyError, ValueError, TypeError) as error:
        raise NoSourceError("Cannot read the PDF: {reason}", reason=str(error)) from None


def source_of(root: Any) -> tuple[str, bytes]:
    """The questionnaire attached to a document catalog (also one of an earlier revision, for `verify`)."""
    specs = _filespecs(root)
    chosen = next((s for s in specs if str(s.get("/AFRelationship", "")) == "/Source"), None)
    if chosen is None and specs:
        chosen = specs[0]
    if chosen is None or "/EF" not in chosen:
        raise NoSourceError("This PDF has no embedded questionnaire")
    stream = chosen["/EF"]["/F"]
    stream = stream.get_object() if hasattr(stream, "get_object") else stream
    return _name(chosen), bytes(stream.data)
