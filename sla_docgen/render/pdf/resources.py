"""Each page gets a resources dictionary of its own, naming only the XObjects, patterns, shadings and states it uses.

WeasyPrint gives every page the same resources dictionary, listing every form XObject and pattern
of the whole document (the charts bring dozens), and each of those has resources of its own that
reach the fonts. A reader does not care, but pyHanko's modification analysis, run for every
signature by `verify`, walks every path from the catalog to every object: a shared dictionary
makes each chart reachable from every page, and for the Japanese sample that was 9,500 paths and
most of a second per signature. With per-page dictionaries each chart is reachable from the page
that shows it. Fonts and colour spaces stay shared: a page reaches them once.
"""

from __future__ import annotations

import re
from typing import Any

import pydyf

FILTERED = ("XObject", "Pattern", "Shading", "ExtGState")
"""Resource categories a page's content names explicitly (`/x3 Do`, `/p0 scn`, `/s1 sh`, `/a1 gs`)."""
_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]+)")


def _object(pdf: pydyf.PDF, value: Any) -> Any:
    """The object a pydyf reference (`b"5 0 R"`) points to, or the value itself."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _content(stream: pydyf.Stream) -> bytes:
    return b"\n".join(part if isinstance(part, bytes) else str(part).encode() for part in stream.stream)


def split_page_resources(pdf: pydyf.PDF) -> int:
    """Replace each page's shared resources with a copy listing only what its content uses; returns the count."""
    split = 0
    for number in pdf.pages["Kids"][::3]:
        page = pdf.objects[number]
        shared = _object(pdf, page.get("Resources"))
        contents = _object(pdf, page.get("Contents"))
        if not isinstance(shared, dict) or not isinstance(contents, pydyf.Stream):
            continue
        used = set(_NAME.findall(_content(contents)))
        own = pydyf.Dictionary(shared)  # a shallow copy: fonts and colour spaces stay one shared object
        for category in FILTERED:
            entries = shared.get(category)
            if isinstance(entries, dict):
                own[category] = pydyf.Dictionary({k: v for k, v in entries.items() if str(k).encode() in used})
        pdf.add_object(own)
        page["Resources"] = own.reference
        split += 1
    return split
