"""HTML output: the Document through Jinja2 templates and CSS (autoescaped), standalone or as WeasyPrint's input.

Templates and the stylesheet are looked up in the user's template folder first, then in the
built-in `templates/html/`. Data never reaches a place where it is interpreted: text is
escaped, the accent colour must be a hex colour, the logo is inlined as a `data:` URL after
its bytes prove it is an image, and fixed labels put into CSS go through `css_string`.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sla_docgen import __version__
from sla_docgen.document import Chart, Document, Section, Signature, SignatureBlock, Text
from sla_docgen.errors import RenderError
from sla_docgen.fingerprint import fingerprint, grouped, short
from sla_docgen.logo import Logo
from sla_docgen.render import RenderOptions, marks
from sla_docgen.render.templating import MSG_NOT_FOUND, SafeEnvironment, block_kind, read_template_file, render_template
from sla_docgen.resources import template_dirs

if TYPE_CHECKING:
    from sla_docgen.render.charts import ChartFont

TEMPLATE = "document.html.j2"
STYLESHEET = "style.css"
FALLBACK_FONTS = (
    '"Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "Hiragino Sans", '
    '"Yu Gothic", Meiryo, "IPAexGothic", sans-serif'
)
DEFAULT_ACCENT = "#1f4e79"
_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_PLACEHOLDER = re.compile(r"\{(n|m)\}")


def css_string(value: str) -> Markup:
    """A quoted CSS string that cannot end the string, the rule or the <style> element."""
    out = ['"']
    for char in value:
        if char.isalnum() or char in " .,:;!?()[]-_/+*=#%&@'":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    out.append('"')
    return Markup("".join(out))


def page_counter_content(label: str) -> Markup:
    """CSS `content` for a "page {n} of {m}" label: literal parts as strings, counters in between."""
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(label):
        if match.start() > position:
            parts.append(css_string(label[position : match.start()]))
        parts.append("counter(page)" if match.group(1) == "n" else "counter(pages)")
        position = match.end()
    if position < len(label):
        parts.append(css_string(label[position:]))
    return Markup(" ".join(parts) or "counter(page)")


def lines(value: str) -> Markup:
    """Escaped text whose line breaks become <br> (cheaper for WeasyPrint than white-space: pre-line)."""
    return Markup("<br>").join(value.replace("\r\n", "\n").split("\n"))


def accent_color(value: str | None) -> str:
    if value is None:
        return DEFAULT_ACCENT
    if not _HEX_COLOR.fullmatch(value):
        raise RenderError("Accent colour {value!r} is not a hex colour such as #1f4e79", value=value)
    return value


def logo_data_url(logo: Logo | None) -> str | None:
    """The logo (decoded and checked during validation) inlined as a data: URL."""
    if logo is None:
        return None
    return f"data:{logo.mime};base64,{base64.b64encode(logo.data).decode('ascii')}"


def label(document: Document, key: str) -> Text:
    try:
        return document.labels[key]
    except KeyError:
        raise RenderError("The document has no label {key!r}", key=key) from None


def column_widths(weights: list[float]) -> list[str]:
    total = sum(w for w in weights if w > 0) or 1.0
    return [f"{max(w, 0) / total * 100:.2f}%" for w in weights]


def environment(template_dir: Path | None) -> SafeEnvironment:
    """The Jinja environment for one template folder, kept per process (templates compile once)."""
    return _environment(template_dir.resolve() if template_dir is not None else None)


@lru_cache(maxsize=8)
def _environment(template_dir: Path | None) -> SafeEnvironment:
    dirs = template_dirs("html", template_dir)

    def stylesheet(name: str = STYLESHEET) -> Markup:
        found = read_template_file(dirs, name)
        if found is None:
            raise RenderError(MSG_NOT_FOUND, name=name)
        return Markup(found[0])

    return SafeEnvironment(
        dirs,
        autoescape=True,
        filters={"css_string": css_string, "lines": lines, "column_widths": column_widths, "words": marks.words},
        globals={
            "block_kind": block_kind,
            "stylesheet": stylesheet,
            "edit_class": marks.edit_class,
            "row_class": marks.row_class,
            "item_class": marks.item_class,
        },
        tests={"section": lambda value: isinstance(value, Section)},
    )


def signatures(document: Document) -> list[Signature]:
    """Every signature of the document, in reading order (each one becomes a PDF signature field)."""
    found: list[Signature] = []

    def visit(children: tuple[Any, ...]) -> None:
        for child in children:
            if isinstance(child, Section):
                visit(child.children)
            elif isinstance(child, SignatureBlock):
                found.extend(child.signatures)

    visit(document.sections)
    return found


def chart_drawer(font: ChartFont | None) -> Any:
    """A template function that draws a chart as an inline <svg> element."""

    def draw(chart: Chart) -> Markup:
        from sla_docgen.render.charts import inline_svg

        return Markup(inline_svg(chart, font))

    return draw


def contents_entries(document: Document) -> list[Section]:
    """The sections the contents lists: chapters and their first level of subsections."""
    return [s for s in document.walk() if s.level <= 2]


def context(
    document: Document,
    *,
    font_family: str | None = None,
    for_pdf: bool = False,
    chart_font: ChartFont | None = None,
    source: bytes | None = None,
    contents_pages: dict[str, int] | None = None,
) -> dict[str, Any]:
    """What the templates see; a PDF made from a questionnaire (`source`) also prints its fingerprint."""
    metadata = document.metadata
    digits = fingerprint(source) if for_pdf and source is not None else None
    page_label = label(document, "page_n_of_m").primary.text
    return {
        "document": document,
        "meta": metadata,
        "lang": document.langs[0] if document.langs else "ja",
        "labels": document.labels,
        "label": lambda key: label(document, key),
        "accent": accent_color(metadata.accent_color),
        "logo": logo_data_url(metadata.logo),
        "font_stack": Markup(f"{css_string(font_family)}, {FALLBACK_FONTS}" if font_family else FALLBACK_FONTS),
        "page_counter": page_counter_content(page_label),
        "for_pdf": for_pdf,
        "toc": contents_entries(document),
        "contents_pages": contents_pages or {},
        "generator": f"sla-docgen {__version__}",
        "chart_svg": chart_drawer(chart_font),
        "fingerprint": grouped(digits) if digits else None,
        "fingerprint_short": css_string(f"SHA-256 {short(digits)}") if digits else None,
        "fingerprint_label": document.labels.get("fingerprint"),
    }


def render_html(
    document: Document,
    options: RenderOptions,
    *,
    font_family: str | None = None,
    for_pdf: bool = False,
    chart_font: ChartFont | None = None,
    contents_pages: dict[str, int] | None = None,
) -> str:
    """The document as one HTML page with its stylesheet inlined.

    `contents_pages` ({"1": 3, "1.1": 3, ...}) writes the contents' page numbers into the page
    (see render/pdf/contents.py); without it the stylesheet's `target-counter()` finds them.
    """
    env = environment(options.template_dir)
    page = context(
        document,
        font_family=font_family,
        for_pdf=for_pdf,
        chart_font=chart_font,
        source=options.source,
        contents_pages=contents_pages,
    )
    return render_template(env, TEMPLATE, page)


def render(document: Document, options: RenderOptions) -> bytes:
    return render_html(document, options).encode("utf-8")
