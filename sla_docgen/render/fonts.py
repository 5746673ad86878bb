"""Japanese font resolution for the PDF: a system font through fontconfig, else one shipped by a PyPI package.

Nothing is downloaded at run time. The order is: an installed Japanese family that has a
real bold face; the Noto Sans CJK JP fonts of the `noto-cjk-sans-jp-*` wheels (regular and
bold); an installed Japanese family without bold.
Package fonts are registered with fontconfig in place (no copy in a temporary folder).

One WeasyPrint FontConfiguration is kept per process, so that a warm render does not load
the system font set again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sla_docgen.i18n import N_, default_lang, translate
from sla_docgen.render.font_files import PACKAGE_FONTS, package_file
from sla_docgen.render.pdf import engine as pdf_weasyprint

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

LOGGER = logging.getLogger("sla_docgen")

SYSTEM_FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "Source Han Sans",
    "Hiragino Sans",
    "Yu Gothic",
    "Meiryo",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "VL Gothic",
)
"""Installed Japanese sans-serif families worth using, best first."""


HARFBUZZ_SUBSET_MISSING = N_(
    "libharfbuzz-subset0 is not installed: WeasyPrint falls back to fontTools to subset fonts, "
    "which makes a Japanese PDF more than ten times slower. Install it (Debian/Ubuntu: "
    "apt-get install libharfbuzz-subset0)."
)


@dataclass(frozen=True, slots=True)
class FontChoice:
    family: str
    source: str
    """"system" or the name of the Python package that ships the font."""
    bold: bool
    files: tuple[Path, ...] = ()
    """The font files: a package's to register with fontconfig, a system font's as found (charts use them)."""


def _fc() -> Any:
    pdf_weasyprint.load()
    from weasyprint.text.ffi import ffi, fontconfig

    return ffi, fontconfig


def _match(config: Any, family: str, style: str) -> tuple[str, str, str]:
    """The family, style and file fontconfig picks for `family`/`style` (it always picks something)."""
    ffi, fontconfig = _fc()
    pattern = ffi.gc(fontconfig.FcPatternCreate(), fontconfig.FcPatternDestroy)
    fontconfig.FcPatternAddString(pattern, b"family", family.encode())
    fontconfig.FcPatternAddString(pattern, b"style", style.encode())
    fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
    fontconfig.FcDefaultSubstitute(pattern)
    result = ffi.new("FcResult *")
    matched = fontconfig.FcFontMatch(config, pattern, result)
    if matched == ffi.NULL:
        return "", "", ""
    matched = ffi.gc(matched, fontconfig.FcPatternDestroy)
    out = []
    string = ffi.new("FcChar8 **")
    for key in (b"family", b"style", b"file"):
        if fontconfig.FcPatternGetString(matched, key, 0, string) == 0:
            out.append(ffi.string(string[0]).decode("utf-8", "replace"))
        else:
            out.append("")
    return out[0], out[1], out[2]


def _installed(config: Any, family: str) -> tuple[bool, bool, tuple[Path, ...]]:
    """(is `family` installed, does it have a bold face, its regular and bold files)."""
    found, _, regular = _match(config, family, "Regular")
    if found.lower() != family.lower():
        return False, False, ()
    bold_family, bold_style, bold_file = _match(config, family, "Bold")
    bold = bold_family.lower() == family.lower() and "bold" in bold_style.lower()
    return True, bold, tuple(Path(f) for f in ((regular, bold_file) if bold else (regular,)) if f)


def choose_font(config: Any, *, prefer_packages: bool = False) -> FontChoice | None:
    """The Japanese font to use with this fontconfig configuration, or None when there is none."""
    system = [] if prefer_packages else [(f, *_installed(config, f)) for f in SYSTEM_FAMILIES]
    for family, present, bold, files in system:
        if present and bold:
            return FontChoice(family, "system", True, files)
    noto = [package_file(module, name) for module, name, _ in PACKAGE_FONTS]
    if all(noto):
        return FontChoice("Noto Sans CJK JP", "noto-cjk", True, tuple(p for p in noto if p))
    for family, present, _, files in system:
        if present:
            return FontChoice(family, "system", False, files)
    return None


class _Fonts:
    """The process-wide font configuration and the Japanese font chosen for it."""

    def __init__(self) -> None:
        self.config: FontConfiguration | None = None
        self.choice: FontChoice | None = None

    def get(self, *, prefer_packages: bool = False) -> tuple[FontConfiguration, FontChoice | None]:
        if self.config is None:
            pdf_weasyprint.load()
            from weasyprint.text.fonts import FontConfiguration

            config = FontConfiguration()
            choice = choose_font(config._config, prefer_packages=prefer_packages)
            if choice is not None and choice.files and choice.source != "system":
                _add_files(config, choice.files)
            self.config, self.choice = config, choice
        return self.config, self.choice

    def discard(self) -> None:
        """Forget the configuration, removing any temporary folder WeasyPrint made for @font-face."""
        config, self.config, self.choice = self.config, None, None
        _cleanup(config)


def _add_files(config: FontConfiguration, files: tuple[Path, ...]) -> None:
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2

    for path in files:
        fontconfig.FcConfigAppFontAddFile(config._config, str(path).encode())
    pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", config.font_map))


def _cleanup(config: FontConfiguration | None) -> None:
    import shutil

    folder = getattr(config, "_folder", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        config._folder = None  # type: ignore[union-attr]


FONTS = _Fonts()


def font_configuration(*, prefer_packages: bool = False) -> tuple[FontConfiguration, FontChoice | None]:
    """The shared font configuration and the Japanese font to name in CSS."""
    check_harfbuzz_subset()
    return FONTS.get(prefer_packages=prefer_packages)


def after_render() -> None:
    """Drop the shared configuration if a stylesheet's @font-face made WeasyPrint write a temporary folder."""
    if FONTS.config is not None and getattr(FONTS.config, "_folder", None) is not None:
        FONTS.discard()


def regular_font_file(*, prefer_packages: bool = False) -> tuple[Path, str] | None:
    """The file and family name of the Japanese font the PDF uses, regular weight.

    The signature appearance embeds it, so that names in the stamp look like names on the page.
    """
    _config, choice = font_configuration(prefer_packages=prefer_packages)
    if choice is None or not choice.files:
        return None
    return choice.files[0], choice.family


def harfbuzz_subset_available() -> bool:
    pdf_weasyprint.load()
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


@cache
def check_harfbuzz_subset() -> bool:
    """Warn once per process when fast font subsetting is unavailable."""
    available = harfbuzz_subset_available()
    if not available:
        LOGGER.warning(translate(HARFBUZZ_SUBSET_MISSING, default_lang()))
    return available
