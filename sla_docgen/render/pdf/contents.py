"""Contents page numbers a process already knows: one layout instead of WeasyPrint's three for the first pages.

The contents' page numbers are CSS `target-counter()`s: WeasyPrint lays out every page, then
the contents pages twice more (once to learn the numbers, once to show them). A process that
renders the same questionnaire again (the preview's PDF worker after a save, a benchmark)
remembers the numbers of its last render and writes them into the HTML (`data-page`); the
layout is then made once and checked: where each section landed is read from the laid-out
pages' anchors (WeasyPrint's public `Page.anchors`). A wrong guess, say after a save that moved
a section, costs one more layout with the numbers found; the numbers are in fixed-width boxes,
so they cannot move anything themselves. A first render uses `target-counter()` as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sla_docgen.document import Document
from sla_docgen.render import RenderOptions
from sla_docgen.render.html import contents_entries

MEMORY_SIZE = 64
_REMEMBERED: dict[tuple[object, ...], dict[str, int]] = {}


def _key(document: Document, options: RenderOptions) -> tuple[object, ...]:
    return (options.source_name, document.metadata.agreement_id, document.langs, options.template_dir)


def section_pages(laid_out: Any, numbers: list[str]) -> dict[str, int]:
    """The 1-based page on which each section (`1`, `2.3` ...) starts in WeasyPrint's laid-out document."""
    wanted = {f"s-{number}": number for number in numbers}
    found: dict[str, int] = {}
    for index, page in enumerate(laid_out.pages, 1):
        for anchor in page.anchors:
            number = wanted.get(anchor)
            if number is not None and number not in found:
                found[number] = index
    return found


def lay_out(document: Document, options: RenderOptions, layout: Callable[[dict[str, int] | None], Any]) -> Any:
    """The laid-out document; `layout(pages)` typesets the HTML with those contents page numbers (None: CSS)."""
    key = _key(document, options)
    numbers = [section.number for section in contents_entries(document)]
    guess = _REMEMBERED.get(key)
    laid_out = layout(guess)
    found = section_pages(laid_out, numbers)
    if guess is not None and found != guess:
        laid_out = layout(found)
        if section_pages(laid_out, numbers) != found:  # cannot happen with fixed-width numbers; stay correct anyway
            laid_out = layout(None)
            found = section_pages(laid_out, numbers)
    if len(_REMEMBERED) >= MEMORY_SIZE:
        _REMEMBERED.pop(next(iter(_REMEMBERED)))
    _REMEMBERED[key] = found
    return laid_out


def forget() -> None:
    """Forget every remembered number (a benchmark timing a first render, the tests)."""
    _REMEMBERED.clear()
