"""The registry of output formats: each format is a small module with one `render` function.

A renderer module is imported only when its format is asked for, so that a Markdown run
never pays for WeasyPrint or python-docx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sla_docgen.errors import UsageError
from sla_docgen.i18n import N_

if TYPE_CHECKING:
    from sla_docgen.document import Document


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Everything a renderer may need beyond the Document."""

    template_dir: Path | None = None
    """A user's template folder, searched before the built-in templates."""
    source: bytes | None = None
    """The questionnaire exactly as read, for formats that embed it (PDF/A attachment)."""
    source_name: str = "agreement.yaml"
    reference_docx: Path | None = None
    output_stem: str = "agreement"
    """The output file's name without its suffix; files beside it (chart images) are named after it."""
    extra: dict[str, object] = field(default_factory=dict)


class Renderer(Protocol):
    def __call__(self, document: Document, options: RenderOptions) -> bytes: ...


class AssetMaker(Protocol):
    def __call__(self, document: Document, options: RenderOptions) -> dict[str, bytes]: ...


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffix: str
    module: str
    """Module under sla_docgen.render that defines `render(document, options) -> bytes`."""

    def renderer(self) -> Renderer:
        module = importlib.import_module(f"sla_docgen.render.{self.module}")
        renderer: Renderer = module.render
        return renderer

    def assets(self) -> AssetMaker | None:
        """The module's `assets` function: files written beside the output (file name → bytes), if any."""
        module = importlib.import_module(f"sla_docgen.render.{self.module}")
        maker: AssetMaker | None = getattr(module, "assets", None)
        return maker


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("md", ".md", "markdown"),
        Format("html", ".html", "html"),
        Format("pdf", ".pdf", "pdf.renderer"),
        Format("docx", ".docx", "docx"),
    )
}


def available() -> tuple[str, ...]:
    """Names of the formats whose renderer module is present in this installation."""
    from importlib.util import find_spec

    return tuple(name for name, fmt in FORMATS.items() if find_spec(f"sla_docgen.render.{fmt.module}") is not None)


def get_format(name: str) -> Format:
    if name not in available():
        raise UsageError(N_("unknown format {name!r}; known formats: {known}"), name=name, known=", ".join(available()))
    return FORMATS[name]


def render(document: Document, format_name: str, options: RenderOptions | None = None) -> bytes:
    """Render `document` to the bytes of one format."""
    return get_format(format_name).renderer()(document, options or RenderOptions())


def warm_up(format_names: tuple[str, ...], *, fonts: bool = False) -> None:
    """Load the renderers of these formats and the charts' font now, WeasyPrint too for PDF (with `fonts`, its fonts).

    A process that renders many documents calls it once, so that its first document costs what
    every later one does.
    """
    for name in format_names:
        get_format(name).renderer()
    from sla_docgen.render.charts import preload

    preload()
    if "pdf" in format_names:
        from sla_docgen.render.pdf import engine as pdf_weasyprint

        pdf_weasyprint.load()
        if fonts:
            from sla_docgen.render.fonts import font_configuration

            font_configuration()
