"""What changed in a PDF since a given revision, in words a signer understands.

pyHanko's modification analysis decides whether later revisions made only permitted changes; when
they did not, this module names what was done: pages added or removed, page content rewritten,
annotations put on a page, the questionnaire replaced, signature fields removed. Each finding is
a `Finding` with a translatable message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sla_docgen.i18n import N_, translate
from sla_docgen.sign.record import questionnaire, signature_fields

PAGES_ADDED = N_("{count} page(s) were added")
PAGES_REMOVED = N_("{count} page(s) were removed")
CONTENT_CHANGED = N_("the content of page {page} was changed")
ANNOTATION_ADDED = N_("an annotation ({kind}) was added on page {page}")
QUESTIONNAIRE_REPLACED = N_("the embedded questionnaire was replaced")
QUESTIONNAIRE_REMOVED = N_("the embedded questionnaire was removed")
FIELD_REMOVED = N_("the signature field {field!r} was removed")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found: `code` for programs, `msgid` and `params` for people."""

    code: str
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The message in `lang`; a pair such as "ja+en" gives both."""
        return " / ".join(translate(self.msgid, one).format(**self.params) for one in lang.split("+"))


def _object(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def _pages(handler: Any) -> list[Any]:
    """The page dictionaries in order, with the references they were reached by."""
    found: list[Any] = []

    def visit(node_ref: Any, depth: int) -> None:
        node = _object(node_ref)
        if depth > 64:  # a page tree deeper than this is hostile
            return
        if str(node.get("/Type", "")) == "/Pages" or "/Kids" in node:
            for kid in _object(node.get("/Kids", ())):
                visit(kid, depth + 1)
        else:
            found.append(node)

    visit(handler.root.raw_get("/Pages"), 0)
    return found


def _references(value: Any) -> list[Any]:
    value = value if value is not None else ()
    items = value if isinstance(value, list) else [value]
    return [item.reference for item in items if hasattr(item, "reference")]


def _content_refs(page: Any) -> list[Any]:
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    refs = _references(contents)
    if refs and len(refs) == 1:
        resolved = _object(contents)
        if isinstance(resolved, list):  # /Contents may point to an array of streams
            refs += _references(list(resolved))
    return refs


def _annotation_refs(page: Any) -> list[Any]:
    annots = _object(page.raw_get("/Annots")) if "/Annots" in page else None
    return _references(list(annots)) if annots is not None else []


def describe_changes(reader: Any, since: int) -> list[Finding]:
    """Everything done to the file after revision `since`, compared with the file as it is now."""
    old = reader.get_historical_resolver(since)
    findings: list[Finding] = []
    old_pages, new_pages = _pages(old), _pages(reader)
    if len(new_pages) > len(old_pages):
        findings.append(Finding("pages_added", PAGES_ADDED, {"count": len(new_pages) - len(old_pages)}))
    elif len(new_pages) < len(old_pages):
        findings.append(Finding("pages_removed", PAGES_REMOVED, {"count": len(old_pages) - len(new_pages)}))
    for number, (before, after) in enumerate(zip(old_pages, new_pages, strict=False), 1):
        refs = _content_refs(after)
        if refs != _content_refs(before) or any(reader.xrefs.get_last_change(ref) > since for ref in refs):
            findings.append(Finding("content_changed", CONTENT_CHANGED, {"page": number}))
        known = set(_annotation_refs(before))
        for ref in _annotation_refs(after):
            annotation = _object(ref)
            if ref not in known and str(annotation.get("/Subtype", "")) != "/Widget":
                kind = str(annotation.get("/Subtype", "?")).lstrip("/")
                findings.append(Finding("annotation_added", ANNOTATION_ADDED, {"kind": kind, "page": number}))
    source_before, source_now = questionnaire(old), questionnaire(reader)
    if source_before is not None and source_now is None:
        findings.append(Finding("questionnaire_removed", QUESTIONNAIRE_REMOVED))
    elif source_before != source_now:
        findings.append(Finding("questionnaire_replaced", QUESTIONNAIRE_REPLACED))
    current = signature_fields(reader)
    for name in signature_fields(old):
        if name not in current:
            findings.append(Finding("field_removed", FIELD_REMOVED, {"field": name}))
    return findings
