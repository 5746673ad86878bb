"""Charts judged by content: the SVG's text (numbers and labels), the PNG's size and chunks, each format's embedding."""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from sla_docgen.api import build, load, render_files
from sla_docgen.document import Chart, Document
from sla_docgen.errors import SlaDocgenError
from sla_docgen.render import RenderOptions, render
from sla_docgen.render import charts as drawing
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
ACME = ROOT / "samples" / "acme-ja.yaml"
GLOBEX = ROOT / "samples" / "globex-en.yaml"
BILINGUAL = ROOT / "samples" / "acme-bilingual.yaml"


def charts_of(document: Document) -> dict[str, Chart]:
    return {c.key: c for s in document.walk() for c in s.children if isinstance(c, Chart)}


@pytest.fixture(scope="module")
def acme() -> Document:
    return build(load(ACME))


def svg_texts(svg: str) -> list[str]:
    root = etree.fromstring(svg.encode("utf-8"))
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def test_funnel_svg_names_every_stage_with_its_figure_and_rate(acme: Document) -> None:
    texts = svg_texts(drawing.svg(charts_of(acme)["funnel"]))
    for name, value in [("リード", "8,000"), ("MQL", "800"), ("SAL", "320"), ("SQL", "240"), ("受注", "60")]:
        assert name in texts and value in texts, texts
    assert ["▼ 10%", "▼ 40%", "▼ 75%", "▼ 25%"] == [t for t in texts if t.startswith("▼")]


def test_goal_line_svg_has_months_and_both_lines_labelled(acme: Document) -> None:
    texts = svg_texts(drawing.svg(charts_of(acme)["goal-line"]))
    assert ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"] == [
        t for t in texts if t.endswith("月")
    ]
    assert "必要数：MQL (800)" in texts and "コミット：MQL (800)" in texts
    assert "MQL（累積）" in texts and "800" in texts


def test_english_and_bilingual_labels() -> None:
    globex = charts_of(build(load(GLOBEX)))
    texts = svg_texts(drawing.svg(globex["goal-line"]))
    assert "Needed: MQL (2,000)" in texts and "Committed: MQL (2,000)" in texts and "Apr" in texts
    bilingual = charts_of(build(load(BILINGUAL)))
    assert "リード / Lead" in svg_texts(drawing.svg(bilingual["funnel"]))


def test_svg_keeps_text_as_text_in_the_japanese_font_and_has_no_date(acme: Document) -> None:
    svg = drawing.svg(charts_of(acme)["funnel"])
    assert "'Noto Sans CJK JP'" in svg and "<dc:date>" not in svg
    assert svg == drawing.svg.__wrapped__(charts_of(acme)["funnel"])  # drawn again (not cached): same bytes


def test_png_is_deterministic_sized_and_unstamped(acme: Document) -> None:
    data = drawing.png(charts_of(acme)["goal-line"])
    assert data == drawing.png.__wrapped__(charts_of(acme)["goal-line"])  # drawn again (not cached): same bytes
    image = Image.open(io.BytesIO(data))
    assert image.size == drawing.png_size() and "Software" not in image.info


def test_png_draws_the_labels_in_the_bundled_font(acme: Document) -> None:
    """resvg is given only the chart's font files: if it could not match the family, the labels would be blank."""
    image = Image.open(io.BytesIO(drawing.png(charts_of(acme)["funnel"]))).convert("L")
    width, height = image.size
    names = image.crop((0, 0, width // 8, height))  # the stage names, left of the bars
    dark = sum(names.histogram()[:128])
    assert dark > 500, dark


def test_label_text_is_escaped_and_pattern_ids_are_the_charts_own() -> None:
    from sla_docgen.document import FunnelBar, FunnelChartData, Text, Variant

    hostile = "<b>Q&A</b> \"'"
    bar = FunnelBar(Text((Variant("en", hostile),)), 5, Text((Variant("en", "5"),)), None)
    svg = drawing.svg(Chart("x y<z", Text((Variant("en", "t"),)), Text((Variant("en", "d"),)), FunnelChartData((bar,))))
    root = etree.fromstring(svg.encode("utf-8"))
    assert hostile in svg_texts(svg) and not list(root.iter(f"{SVG}b"))
    assert [p.get("id") for p in root.iter(f"{SVG}pattern")] == ["sla-chart-x-y-z-hatch1"]


def test_value_ticks_are_round_and_leave_room_above_the_largest_value() -> None:
    from sla_docgen.render.charts.axes import value_ticks

    assert value_ticks(800) == [0, 200, 400, 600, 800, 1000]
    assert value_ticks(169) == [0, 50, 100, 150, 200]
    assert value_ticks(3) == [0, 1, 2, 3, 4]  # counts: never a fractional step
    assert value_ticks(0) == [0, 1, 2]
    assert value_ticks(4_323) == [0, 1000, 2000, 3000, 4000, 5000]


def test_month_labels_that_do_not_fit_side_by_side_go_one_language_a_line() -> None:
    bilingual = charts_of(build(load(BILINGUAL)))
    texts = svg_texts(drawing.svg(bilingual["goal-line"]))
    assert "4月" in texts and "Apr" in texts and "4月 / Apr" not in texts
    assert texts.count("Mar") == 1


def test_category_labels_are_thinned_out_when_even_stacked_they_would_touch() -> None:
    from sla_docgen.render.charts.axes import fit_category_labels
    from sla_docgen.render.charts.canvas import Canvas

    canvas = Canvas(drawing.default_font(), "k")
    positions = [i * 20.0 for i in range(12)]
    labels = fit_category_labels(canvas, positions, ["September"] * 12, [["September"]] * 12)
    assert labels.every > 1
    shown = positions[:: labels.every]
    widest = canvas.measure("September", 11.8)
    assert all(b - a >= widest for a, b in itertools.pairwise(shown))


def test_a_chart_is_drawn_once_per_process(acme: Document) -> None:
    """The preview renders on every save; an unchanged chart comes from the cache, a changed one is drawn."""
    from dataclasses import replace

    chart = charts_of(acme)["funnel"]
    assert drawing.svg(chart) is drawing.svg(replace(chart))
    bars = replace(chart.data, bars=chart.data.bars[:-1])  # type: ignore[union-attr]
    assert drawing.svg(replace(chart, data=bars)) != drawing.svg(chart)


def test_long_labels_are_cut_in_the_chart_only() -> None:
    from sla_docgen.document import Text, Variant

    assert drawing.label(Text((Variant("en", "x" * 100),))) == "x" * 39 + "…"


def test_validate_and_calc_draw_nothing_and_markdown_needs_no_rasteriser(tmp_path: Path) -> None:
    code = (
        "import sys; from click.testing import CliRunner; from sla_docgen.cli import main; "
        "r = CliRunner(); r.invoke(main, ['validate', sys.argv[1]]); r.invoke(main, ['calc', sys.argv[1]]); "
        "print('sla_docgen.render.charts' in sys.modules); "
        "r.invoke(main, ['render', sys.argv[1], '-f', 'md', '-o', sys.argv[2]]); "
        "print('sla_docgen.render.charts' in sys.modules, 'resvg_py' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ACME), str(tmp_path)], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "True", "False", "False"], out.stderr


# --- each format ------------------------------------------------------------------------------------


def test_markdown_links_the_svg_files_written_beside_it(tmp_path: Path) -> None:
    written = render_files(ACME, formats=("md",), output_dir=tmp_path)
    assert [p.name for p in written] == ["acme-ja.md", "acme-ja.funnel.svg", "acme-ja.goal-line.svg"]
    text = (tmp_path / "acme-ja.md").read_text(encoding="utf-8")
    assert "![契約期間のファネル](acme-ja.funnel.svg)" in text
    assert "![目標線：MQL（累積）](acme-ja.goal-line.svg)" in text
    assert "8,000" in svg_texts((tmp_path / "acme-ja.funnel.svg").read_text(encoding="utf-8"))


def test_markdown_and_its_charts_are_written_together_or_not_at_all(tmp_path: Path) -> None:
    (tmp_path / "acme-ja.goal-line.svg").mkdir()  # the last file cannot be written
    with pytest.raises((OSError, SlaDocgenError)):
        render_files(ACME, formats=("md",), output_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme-ja.goal-line.svg"]


def test_html_inlines_the_charts_as_svg_with_captions(acme: Document) -> None:
    html = render(acme, "html").decode("utf-8")
    root = etree.fromstring(html.encode("utf-8"), etree.HTMLParser())
    figures = root.findall(".//figure")
    assert [f.get("id") for f in figures] == ["chart-funnel", "chart-goal-line"]
    texts = ["".join(t.itertext()) for t in figures[0].iter("text")]
    assert "8,000" in texts and "リード" in texts
    assert "契約期間のファネル" in "".join(figures[0].find("figcaption").itertext())
    assert "<?xml" not in html
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))  # each chart's hatch patterns have ids of their own


def test_docx_holds_each_chart_as_a_png_picture_with_alternative_text(acme: Document) -> None:
    from docx import Document as Docx

    data = render(acme, "docx", RenderOptions())
    doc = Docx(io.BytesIO(data))
    assert len(doc.inline_shapes) == 2
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(images) == 2 and all(n.endswith(".png") for n in images)
        xml = package.read("word/document.xml").decode("utf-8")
    assert 'title="契約期間のファネル"' in xml and 'descr="契約期間でリード8,000から受注60まで' in xml


def test_pdf_draws_the_chart_labels_as_text(tmp_path: Path) -> None:
    from tests.pdf_support import need, run

    need("pdftotext")
    render_files(ACME, formats=("pdf",), output_dir=tmp_path)
    text = run("pdftotext", "-raw", tmp_path / "acme-ja.pdf", "-")
    for label in ("▼ 10%", "▼ 25%", "必要数：MQL (800)", "MQL（累積）", "契約期間のファネル"):
        assert label in text, label


def test_unusual_data_still_draws_a_whole_chart() -> None:
    """No categories, a single one, zeros, one huge figure: each chart is a well-formed SVG and a PNG."""
    from sla_docgen.document import BarChartData, BarSeries, FunnelBar, FunnelChartData, Text, Variant

    def text(words: str) -> Text:
        return Text((Variant("en", words),))

    huge = 10**15
    cases = [
        BarChartData((), (BarSeries(text("none"), (), ()),), text("count")),
        BarChartData((text("only"),), (BarSeries(text("a"), (0,), (text("0"),)),), text("count")),
        BarChartData((text("big"),), (BarSeries(text("a"), (huge,), (text(f"{huge:,}"),)),), text("count")),
        FunnelChartData(
            (FunnelBar(text("Lead"), 0, text("0"), None), FunnelBar(text("Won"), 0, text("0"), text("0%")))
        ),
    ]
    for index, data in enumerate(cases):
        chart = Chart(f"case{index}", text("t"), text("d"), data)
        root = etree.fromstring(drawing.svg(chart).encode("utf-8"))
        assert root.tag == f"{SVG}svg"
        assert Image.open(io.BytesIO(drawing.png(chart))).size == drawing.png_size()
    assert f"{huge:,}" in svg_texts(drawing.svg(Chart("case2", text("t"), text("d"), cases[2])))
