"""HTML output: escaping, CSS strings, template folders, and the markup the PDF relies on."""

from __future__ import annotations

import dataclasses
import html.parser
from pathlib import Path

import pytest

from sla_docgen.document import Document, Text, Variant
from sla_docgen.errors import RenderError
from sla_docgen.render import RenderOptions
from sla_docgen.render.html import accent_color, css_string, lines, page_counter_content, render_html
from tests.pdf_support import HOSTILE, handmade_document, map_texts


class _Collector(html.parser.HTMLParser):
    """Tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


@pytest.fixture(scope="module")
def document() -> Document:
    return handmade_document()


def test_page_is_japanese_with_metadata_for_the_pdf(document: Document) -> None:
    page = render_html(document, RenderOptions())
    tags = parse(page).tags
    assert tags[0] == ("html", {"lang": "ja"})
    metas = {attrs.get("name"): attrs.get("content") for tag, attrs in tags if tag == "meta"}
    assert metas["author"] == "株式会社サンプル"
    assert metas["dcterms.created"] == metas["dcterms.modified"] == "2026-11-01"
    assert metas["keywords"] == "SLA, 営業"


def test_sections_are_numbered_with_contents_links(document: Document) -> None:
    tags = parse(render_html(document, RenderOptions())).tags
    ids = [attrs["id"] for tag, attrs in tags if tag == "section"]
    links = [attrs["href"] for tag, attrs in tags if tag == "a"]
    assert ids == ["s-1", "s-2", "s-3", "s-3.1", "s-4", "s-5"]
    assert links == [f"#{i}" for i in ids]


def test_every_signature_has_a_box_named_after_its_party(document: Document) -> None:
    tags = parse(render_html(document, RenderOptions())).tags
    boxes = [attrs["data-field"] for tag, attrs in tags if attrs.get("class") == "sig-box"]
    assert boxes == ["marketing", "sales", "inside_sales"]


def test_hostile_text_stays_text() -> None:
    base = handmade_document()
    payloads = iter(HOSTILE * 1000)
    hostile = dataclasses.replace(map_texts(base, lambda _t: next(payloads)), labels=base.labels)
    page = render_html(hostile, RenderOptions())
    parsed = parse(page)
    assert not [tag for tag, _ in parsed.tags if tag in ("img", "script", "link", "iframe", "object")]
    assert not [attrs for tag, attrs in parsed.tags if tag == "a" and attrs.get("rel")]
    text = "".join(parsed.text)
    for payload in HOSTILE:
        assert payload in text
    assert "{{ 7*7 }}" in text and "49" not in text.replace("2026-", "")


def test_bilingual_text_is_stacked_with_languages_marked() -> None:
    page = render_html(handmade_document(bilingual=True), RenderOptions())
    assert '<span class="t" lang="ja">目的</span><span class="t secondary" lang="en">Purpose</span>' in page


def test_fallback_wording_is_marked() -> None:
    base = handmade_document()
    title = Text((Variant("en", "Purpose", fallback=True),))
    first = dataclasses.replace(base.sections[0], title=title)
    page = render_html(dataclasses.replace(base, sections=(first, *base.sections[1:])), RenderOptions())
    assert '<span class="t fallback" lang="en">Purpose</span>' in page


def test_line_breaks_in_text_become_br() -> None:
    assert lines("a<b>\nc") == "a&lt;b&gt;<br>c"


@pytest.mark.parametrize("value", ['"', "\\", "</style>", "\n", "'; } body { x: url(y) }"])
def test_css_string_cannot_escape(value: str) -> None:
    quoted = str(css_string(value))
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert '"' not in inner and "<" not in inner and "\n" not in inner and "}" not in inner


def test_page_counter_content() -> None:
    assert page_counter_content("{n} / {m} ページ") == 'counter(page) " / " counter(pages) " ページ"'
    assert page_counter_content("Page {n} of {m}") == '"Page " counter(page) " of " counter(pages)'


@pytest.mark.parametrize("bad", ["red", "#12", "#1234567", "#fff; } body { x", "url(x)"])
def test_accent_colour_must_be_hex(bad: str) -> None:
    with pytest.raises(RenderError):
        accent_color(bad)
    assert accent_color("#AA3300") == "#AA3300"
    assert accent_color(None).startswith("#")


def test_accent_colour_reaches_the_stylesheet(document: Document) -> None:
    styled = dataclasses.replace(document, metadata=dataclasses.replace(document.metadata, accent_color="#aa3300"))
    assert "--accent: #aa3300;" in render_html(styled, RenderOptions())


def test_template_dir_is_searched_first(document: Document, tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("/* house style */ body { color: black }", encoding="utf-8")
    page = render_html(document, RenderOptions(template_dir=tmp_path))
    assert "/* house style */" in page
    assert "sig-box" in page  # the built-in document template is still used


def test_template_dir_can_override_the_document_template(document: Document, tmp_path: Path) -> None:
    (tmp_path / "document.html.j2").write_text("<p>{{ meta.title.primary.text }}</p>", encoding="utf-8")
    assert (
        render_html(document, RenderOptions(template_dir=tmp_path))
        == "<p>営業・マーケティング サービスレベル合意書</p>"
    )


def test_a_broken_template_is_a_render_error(document: Document, tmp_path: Path) -> None:
    (tmp_path / "document.html.j2").write_text("<p>\n{{ no_such_thing }}", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_html(document, RenderOptions(template_dir=tmp_path))
    where = tmp_path / "document.html.j2"
    assert caught.value.message("en") == f"{where}:2: template error: 'no_such_thing' is undefined"


def test_render_returns_utf8_bytes(document: Document) -> None:
    from sla_docgen.render import html as html_format

    data = html_format.render(document, RenderOptions())
    assert data.decode("utf-8").startswith("<!DOCTYPE html>")
