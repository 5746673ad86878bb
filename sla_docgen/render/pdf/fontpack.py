"""Compact CJK font embedding: re-subset CID-keyed CFF fonts without WeasyPrint's retained glyph ids.

WeasyPrint subsets with "retain glyph ids", so a Japanese font keeps an empty slot for every
glyph below the highest one used: for Noto Sans CJK (65,000 glyphs) that is most of the PDF's
size. In a CID-keyed CFF font the glyphs are found by CID through the font's charset, not by
position, so the same glyphs can be packed densely as long as every glyph keeps its CID and
the CIDs equal the original glyph ids that WeasyPrint writes in the page content (true for
Adobe-Identity fonts such as Noto Sans CJK). The packed font is embedded as bare CFF
(FontFile3 /CIDFontType0C), the form in which every reader looks glyphs up by CID.

Each font is checked after packing; any font that does not pass keeps WeasyPrint's embedding.
"""

from __future__ import annotations

import io
import itertools
import struct
from typing import Any

DROP_TABLES = (
    b"BASE",
    b"DSIG",
    b"GDEF",
    b"GPOS",
    b"GSUB",
    b"JSTF",
    b"MATH",
    b"VORG",
    b"cmap",
    b"vhea",
    b"vmtx",
)
"""Only the CFF table is embedded; these would cost time, and layout tables and cmap variation
sequences would pull in glyphs nobody asked for."""


def _subset(face: Any, glyph_ids: list[int]) -> bytes | None:
    from weasyprint.pdf.fonts import get_hb_object_data
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

    if harfbuzz_subset is None or not harfbuzz.hb_version_atleast(4, 1, 0):
        return None
    plan = harfbuzz_subset.hb_subset_input_create_or_fail()
    if plan == ffi.NULL:
        return None
    plan = ffi.gc(plan, harfbuzz_subset.hb_subset_input_destroy)
    glyph_set = harfbuzz_subset.hb_subset_input_glyph_set(plan)
    array = ffi.new(f"hb_codepoint_t[{len(glyph_ids)}]", glyph_ids)
    harfbuzz.hb_set_add_sorted_array(glyph_set, array, len(glyph_ids))
    # Without layout tables there is no glyph closure: exactly the glyphs asked for are kept.
    drop = harfbuzz_subset.hb_subset_input_set(plan, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    tags = sorted(harfbuzz.hb_tag_from_string(tag, -1) for tag in DROP_TABLES)
    harfbuzz.hb_set_add_sorted_array(drop, ffi.new(f"hb_codepoint_t[{len(tags)}]", tags), len(tags))
    harfbuzz_subset.hb_subset_input_set_flags(
        plan,
        harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
        | harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING,
    )
    result = harfbuzz_subset.hb_subset_or_fail(face, plan)
    if result == ffi.NULL:
        return None
    result = ffi.gc(result, harfbuzz.hb_face_destroy)
    data: bytes | None = get_hb_object_data(result)
    return data


def cff_table(otf: bytes) -> bytes | None:
    """The 'CFF ' table of an OpenType font file."""
    if otf[:4] != b"OTTO":
        return None
    (count,) = struct.unpack(">H", otf[4:6])
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", otf[12 + 16 * index : 28 + 16 * index])
        if tag == b"CFF ":
            return otf[offset : offset + length]
    return None


def keeps_cids(otf: bytes, glyph_ids: list[int]) -> bool:
    """True when the packed font is an Adobe-Identity CID font in which every glyph id asked for is a CID.

    HarfBuzz keeps glyphs in original order and names each `cidNNNNN` after its original CID;
    strictly rising CIDs that include every requested glyph id mean CID == glyph id, which
    is what the page content (Identity-H, glyph ids as codes) relies on.
    """
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(otf), lazy=True)
        top = font["CFF "].cff.topDictIndex[0]
        _registry, ordering, _supplement = getattr(top, "ROS", ("", "", 0))
        names = font.getGlyphOrder()
    except Exception:
        return False
    if ordering != "Identity":
        return False
    cids = []
    for name in names:
        if name == ".notdef":
            cids.append(0)
        elif name.startswith("cid") and name[3:].isdigit():
            cids.append(int(name[3:]))
        else:
            return False
    rising = all(a < b for a, b in itertools.pairwise(cids))
    return rising and set(glyph_ids) <= set(cids)


def pack_fonts(document: Any, pdf: Any) -> int:
    """Replace WeasyPrint's retained-id CFF embeddings with packed ones; returns how many were packed."""
    used: dict[str, set[int]] = {}
    owners: dict[int, Any] = {}
    for font in document.fonts.values():
        used.setdefault(font.hash, set()).update(font.to_unicode)
        owners.setdefault(id(font.file_content), font)
    packed = 0
    for stream in pdf.objects:
        extra = getattr(stream, "extra", None)
        if not isinstance(extra, dict) or extra.get("Subtype") != "/OpenType" or len(stream.stream) != 1:
            continue
        font = owners.get(id(stream.stream[0]))
        if font is None:
            continue
        glyph_ids = sorted(used[font.hash] | {0})
        if glyph_ids[-1] >= font.glyph_count:  # glyphs missing from the font: leave WeasyPrint's notdef handling
            continue
        otf = _subset(font.hb_face, glyph_ids)
        cff = cff_table(otf) if otf else None
        if otf is None or cff is None or not keeps_cids(otf, glyph_ids):
            continue
        stream.stream[0] = cff
        extra["Subtype"] = "/CIDFontType0C"
        packed += 1
    return packed


DEFAULT_WIDTH = 1000
"""A CID font's default glyph width (/DW, 1000 unless the font says otherwise, ISO 32000 9.7.4.3)."""


def compact_widths(pdf: Any) -> int:
    """Drop the full-width glyphs from each CID font's /W array: they have the default width already.

    WeasyPrint lists every glyph's width, and in a Japanese text most glyphs are 1000 units wide,
    so nine entries in ten say what /DW says. The shorter array changes no glyph position, makes
    the PDF smaller, and matters to signature validation: pyHanko's modification analysis walks
    every font dictionary, element by element, once for each page and form XObject that can
    reach it (2.7 times faster for the sample). Returns how many fonts were compacted.
    """
    compacted = 0
    for font in pdf.objects:
        if not isinstance(font, dict) or font.get("Subtype") not in ("/CIDFontType0", "/CIDFontType2"):
            continue
        if "DW" in font or "W" not in font:
            continue
        widths = _widths(font["W"])
        if widths is None:
            continue
        runs: list[Any] = []
        for cid in sorted(cid for cid, width in widths.items() if width != DEFAULT_WIDTH):
            if not runs or runs[-2] + len(runs[-1]) != cid:
                runs += [cid, type(font["W"])()]
            runs[-1].append(widths[cid])
        font["W"] = type(font["W"])(runs)
        font["DW"] = DEFAULT_WIDTH
        compacted += 1
    return compacted


def _widths(array: Any) -> dict[int, float] | None:
    """CID → width from a /W array in WeasyPrint's `cid [w1 w2 ...]` form; None for any other form."""
    widths: dict[int, float] = {}
    items = list(array)
    if len(items) % 2:
        return None
    for first, run in zip(items[::2], items[1::2], strict=True):
        if not isinstance(first, int) or not isinstance(run, list):
            return None
        for offset, width in enumerate(run):
            widths[first + offset] = width
    return widths
