"""Document → GitHub-flavoured Markdown, through the Jinja2 templates in templates/markdown/."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import quote

from sla_docgen.document import Cell, Chart, Document, Text
from sla_docgen.render import RenderOptions
from sla_docgen.render.markdown_escape import escape
from sla_docgen.render.templating import SafeEnvironment, block_kind, render_template
from sla_docgen.resources import template_dirs


def _variant(text: Text, index: int, fallback_label: str, line_start: bool = True) -> str:
    variant = text.variants[index]
    out = escape(variant.text, line_start=line_start)
    return f"{out} _({escape(fallback_label)})_" if variant.fallback else out


class _Filters:
    """Turn Document texts into escaped Markdown; secondary languages are set in italics."""

    def __init__(self, document: Document) -> None:
        self.fallback = str(document.labels["fallback"])

    def inline(self, text: Text, line_start: bool = False) -> str:
        """Headings and labels: `primary / secondary`."""
        return " / ".join(_variant(text, i, self.fallback, line_start) for i in range(len(text.variants)))

    def block(self, text: Text, sep: str = "<br>", line_start: bool = True) -> str:
        """List items and paragraphs: the primary, then each secondary in italics."""
        parts = [_variant(text, 0, self.fallback, line_start)]
        parts += [f"_{_variant(text, i, self.fallback, False)}_" for i in range(1, len(text.variants))]
        return sep.join(parts)

    def paragraph(self, text: Text) -> str:
        return self.block(text, "\n\n")

    def cell(self, cell: Cell) -> str:
        return "<br>".join(self.block(text, line_start=False) for text in cell) or " "


@cache
def _environment(dirs: tuple[Path, ...]) -> SafeEnvironment:
    """Sandboxed and bounded like HTML's (see `templating`); Markdown escaping is done by the `md` helpers."""
    return SafeEnvironment(list(dirs), autoescape=False, globals={"block_kind": block_kind})


def charts(document: Document) -> list[Chart]:
    """Every chart of the document, in reading order."""
    return [child for section in document.walk() for child in section.children if isinstance(child, Chart)]


def chart_file(options: RenderOptions, chart: Chart) -> str:
    """The name of a chart's image beside the Markdown: `acme.funnel.svg` for `acme.md`."""
    return f"{options.output_stem}.{chart.key}.svg"


def chart_link(options: RenderOptions, chart: Chart) -> str:
    """The link to a chart's image, percent-encoded so that any file name stays one Markdown link."""
    return quote(chart_file(options, chart))


def assets(document: Document, options: RenderOptions) -> dict[str, bytes]:
    """The charts as SVG files, named as the Markdown links them."""
    if not charts(document):
        return {}
    from sla_docgen.render import charts as drawing

    return {chart_file(options, c): drawing.svg(c).encode("utf-8") for c in charts(document)}


def render(document: Document, options: RenderOptions) -> bytes:
    env = _environment(tuple(template_dirs("markdown", options.template_dir)))
    filters = _Filters(document)
    page = {
        "doc": document,
        "md": filters,
        "labels": document.labels,
        "chart_file": lambda chart: chart_link(options, chart),
    }
    text = render_template(env, "document.md.j2", page)
    # Templates may leave runs of blank lines around optional parts; Markdown needs at most one.
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return ("\n".join(lines).strip() + "\n").encode("utf-8")
