"""The DOCX package around the body: document properties from the data and a byte-identical zip.

python-docx stamps each zip entry with the current time; `save` rewrites the archive with a fixed
timestamp in python-docx's (deterministic) part order, so the same Document gives the same bytes.
Created and modified dates come from the agreement's last-updated date, never from the clock.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from sla_docgen.document import Metadata
from sla_docgen.render.docx.xml import lang_tag

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>{application}</Application><Company>{company}</Company></Properties>"
)


def escape(text: str) -> str:
    """XML-escape text (xml.sax.saxutils would import urllib and ssl: 100 ms of a cold start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def application() -> str:
    """The program named in app.xml: sla-docgen and the python-docx release that wrote the parts,
    the two versions the DOCX bytes depend on."""
    from importlib.metadata import version

    from sla_docgen import __version__

    return f"sla-docgen {__version__} (python-docx {version('python-docx')})"


def set_properties(doc: Any, meta: Metadata, langs: tuple[str, ...]) -> None:
    """Core properties (title, author, subject, keywords, dates) and the company in app.xml."""
    props = doc.core_properties
    element = props._element
    for child in list(element):
        element.remove(child)
    company = meta.company.primary.text
    props.title = meta.title.primary.text
    props.subject = f"{meta.agreement_id} {meta.version}".strip()
    props.author = company
    props.keywords = ", ".join(meta.keywords)
    props.identifier = meta.agreement_id
    props.version = meta.version
    props.language = lang_tag(langs[0]) if langs else ""
    props.last_modified_by = company
    props.revision = 1
    moment = meta.updated_at
    props.created = moment.replace(tzinfo=None)
    props.modified = moment.replace(tzinfo=None)
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.format(application=application(), company=escape(company)).encode("utf-8")


def save(doc: Any) -> bytes:
    """The document's bytes with every zip entry at a fixed time, so equal input gives equal bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry), compresslevel=6)
    return out.getvalue()
