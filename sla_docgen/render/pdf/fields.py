"""Empty PDF signature fields (/FT /Sig), one per party, placed over the `.sig-box` elements of the layout.

WeasyPrint cannot make signature fields, so a finisher adds them to its pydyf PDF before it is
written: a widget annotation with an empty appearance stream (PDF/A wants one), marked to
print, referenced from the page's /Annots and from the catalog's /AcroForm /Fields. The
signing step later fills these fields by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pydyf

from sla_docgen.errors import RenderError

BOX_CLASS = "sig-box"
FIELD_ATTRIBUTE = "data-field"
PX_TO_PT = 0.75
_FIELD_NAME = re.compile(r"[A-Za-z0-9_\-]+")


@dataclass(frozen=True, slots=True)
class FieldBox:
    name: str
    tooltip: str
    page: int
    """0-based page index."""
    rect: tuple[float, float, float, float]
    """x1, y1, x2, y2 in PDF points from the bottom-left corner of the page."""


def check_field_name(name: str) -> str:
    if not _FIELD_NAME.fullmatch(name):
        raise RenderError("Signature field name {name!r} may only use letters, digits, '_' and '-'", name=name)
    return name


def _walk(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _walk(child)


def find_boxes(document: Any, tooltips: dict[str, str]) -> list[FieldBox]:
    """Locate each `.sig-box` in WeasyPrint's laid-out pages; every expected field exactly once."""
    found: dict[str, FieldBox] = {}
    for index, page in enumerate(document.pages):
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is None or getattr(box, "element_tag", None) is None:
                continue
            name = element.get(FIELD_ATTRIBUTE)
            if name is None or BOX_CLASS not in (element.get("class") or "").split():
                continue
            if name in found:
                if found[name].page != index:
                    raise RenderError("The signature box of {name} is split across pages", name=name)
                continue
            x, y = box.border_box_x(), box.border_box_y()
            width, height = box.border_width(), box.border_height()
            rect = (
                round(x * PX_TO_PT, 2),
                round((page.height - y - height) * PX_TO_PT, 2),
                round((x + width) * PX_TO_PT, 2),
                round((page.height - y) * PX_TO_PT, 2),
            )
            found[name] = FieldBox(name, tooltips.get(name, name), index, rect)
    missing = [name for name in tooltips if name not in found]
    if missing:
        raise RenderError("The template has no signature box for {names}", names=", ".join(missing))
    return [found[name] for name in tooltips]


def add_signature_fields(pdf: pydyf.PDF, fields: list[FieldBox], compress: bool = True) -> None:
    """Add one empty signature field per FieldBox to the pydyf PDF."""
    if not fields:
        return
    page_numbers = pdf.pages["Kids"][::3]
    references = []
    for field in fields:
        page = pdf.objects[page_numbers[field.page]]
        x1, y1, x2, y2 = field.rect
        appearance = pydyf.Stream(
            [],
            pydyf.Dictionary(
                {
                    "Type": "/XObject",
                    "Subtype": "/Form",
                    "BBox": pydyf.Array([0, 0, round(x2 - x1, 2), round(y2 - y1, 2)]),
                    "Resources": pydyf.Dictionary({}),
                }
            ),
            compress=compress,
        )
        pdf.add_object(appearance)
        widget = pydyf.Dictionary(
            {
                "Type": "/Annot",
                "Subtype": "/Widget",
                "FT": "/Sig",
                "T": pydyf.String(field.name),
                "TU": pydyf.String(field.tooltip),
                "Rect": pydyf.Array([x1, y1, x2, y2]),
                "F": 4,
                "P": page.reference,
                "AP": pydyf.Dictionary({"N": appearance.reference}),
            }
        )
        pdf.add_object(widget)
        if "Annots" not in page:
            page["Annots"] = pydyf.Array()
        page["Annots"].append(widget.reference)
        references.append(widget.reference)
    acroform = pdf.catalog.get("AcroForm")
    if acroform is None:
        acroform = pydyf.Dictionary({"Fields": pydyf.Array()})
        pdf.add_object(acroform)
        pdf.catalog["AcroForm"] = acroform.reference
        acroform["Fields"].extend(references)
    else:
        raise RenderError("The template already defines PDF form fields; signature fields cannot be added")
