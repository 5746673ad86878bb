"""Where the Japanese fonts that sla-docgen depends on (the Noto Sans CJK JP wheels) keep their files.

Kept apart from `render.fonts`, which loads WeasyPrint's libraries, so that drawing a chart for
the Markdown finds its font without them.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

PACKAGE_FONTS = (
    # (module, file, family)
    ("noto_cjk_sans_jp_regular", "NotoSansCJKjp-Regular.otf", "Noto Sans CJK JP"),
    ("noto_cjk_sans_jp_bold", "NotoSansCJKjp-Bold.otf", "Noto Sans CJK JP"),
)


def package_file(module: str, name: str) -> Path | None:
    """The file `name` inside the installed package `module`, or None when either is missing."""
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / name
        if path.is_file():
            return path
    return None
