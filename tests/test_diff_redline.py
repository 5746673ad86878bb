"""The redline Document, and the review report in Markdown, HTML and PDF: every change marked in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from sla_docgen.api import compare_versions, diff_output
from sla_docgen.cli import main
from sla_docgen.document.build import build
from tests.conftest import SAMPLES
from tests.pdf_support import need, run
from tests.redline_support import V1, V2, accepted, bilingual_pair, rejected, words


def _pairs(folder: Path) -> list[tuple[Path, Path]]:
    return [(V1, V2), (V2, V1), bilingual_pair(folder), *((s, s) for s in SAMPLES)]


def test_accepting_every_change_gives_new_and_rejecting_every_change_gives_old(tmp_path: Path) -> None:
    for old, new in _pairs(tmp_path):
        comparison = compare_versions(old, new)
        redline = comparison.redline_document()
        langs = comparison.langs
        assert words(accepted(redline)) == words(build(comparison.new, langs=langs)), (old.name, new.name)
        assert words(rejected(redline)) == words(build(comparison.old, langs=langs, allow_fallback=True)), (
            old.name,
            new.name,
        )


def test_a_version_compared_with_itself_has_no_marks() -> None:
    redline = compare_versions(V2, V2).redline_document()
    assert [v for section in redline.walk() for v in _variants(section)] == []
    assert words(redline) == words(build(compare_versions(V2, V2).new))


def _variants(section: object) -> list[object]:
    found = []
    for text in _texts(section):
        found += [v for v in text.variants if v.marks]
    return found


def _texts(value: object) -> list:  # type: ignore[type-arg]
    import dataclasses

    from sla_docgen.document import Section, Text

    out = []
    if isinstance(value, Text):
        return [value]
    if isinstance(value, tuple):
        for item in value:
            out += _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if not (isinstance(value, Section) and f.name == "children"):
                out += _texts(getattr(value, f.name))
    return out


def test_markdown_report_marks_changes_in_criticmarkup(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", str(V1), str(V2), "--format", "md"])
    assert result.exit_code == 1
    text = result.output
    assert "## A. 変更の概要" in text and "## B. セクションごとの変更" in text
    assert "| 元の版 | 第1.2版（2026年10月9日） |" in text.replace("**", "")
    assert "リードスコアが{~~100~>120~~}点以上" in text
    assert "{++MQLの差し戻し率++}" in text
    assert "{--SGL創出数--}" in text
    assert "対応期限 | {~~4~>2~~}営業時間 |" in text
    # the marks never change the structure: tables keep their shape, no stray HTML comes through
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert rows and not [t for t in tokens if t.type in ("html_block", "html_inline") and "<br>" not in t.content]


def test_braces_in_the_agreement_cannot_open_a_change_mark(tmp_path: Path) -> None:
    text = V1.read_text(encoding="utf-8").replace("  mql_threshold: 100", "  mql_threshold: 100")
    old = tmp_path / "old.yaml"
    old.write_text(text, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(
        text.replace("会社名・氏名・メールアドレスが取得できている", "会社名{++偽の追加++}とメール"), encoding="utf-8"
    )
    report = diff_output(compare_versions(old, new), output_format="md").decode()
    assert "{++偽の追加++}" not in report
    assert "&#123;++偽の追加++&#125;" in report


def test_html_report_uses_ins_and_del_with_a_change_bar() -> None:
    page = lxml_html.fromstring(diff_output(compare_versions(V1, V2), output_format="html"))
    inserted = [" ".join(e.itertext()) for e in page.iter("ins")]
    deleted = [" ".join(e.itertext()) for e in page.iter("del")]
    assert "120" in inserted and "100" in deleted
    assert "MQLの差し戻し率" in inserted and "SGL創出数" in deleted
    rows = page.xpath("//tr[contains(@class, 'edit-inserted')]")
    assert any("MQLの差し戻し率" in " ".join(r.itertext()) for r in rows)
    assert page.xpath("//tr[contains(@class, 'edit-changed')]")
    style = page.xpath("//style")[0].text
    assert "text-decoration: underline" in style and "text-decoration: line-through" in style
    assert re.search(r"tr\.edit-changed > :first-child[^{]*\{\s*border-left", style)


def test_plain_documents_carry_no_change_marks() -> None:
    from sla_docgen.render import render

    page = render(build(compare_versions(V1, V1).new), "html").decode()
    assert "<ins>" not in page and "<del>" not in page and "edit-" not in page.split("</style>", 1)[1]


def test_pdf_report_shows_both_versions_words(tmp_path: Path, runner: CliRunner) -> None:
    need("pdftotext")
    target = tmp_path / "review.pdf"
    args = ["diff", str(V1), str(V2), "--format", "pdf", "--lang", "en", "--allow-fallback", "--output", str(target)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    text = re.sub(r"\s+", "", run("pdftotext", target, "-"))
    assert "A Summary of the changes".replace(" ", "") in text
    assert "MQLthreshold:100points→120points(+20points)" in text
    assert "リードスコアが100120点以上" in text  # the old and the new number, side by side in the redline
    assert "Form:none" in re.sub(r"\s+", "", run("pdfinfo", target))  # a report carries no signature fields


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_a_report_of_equal_versions_says_so(fmt: str, runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / f"same.{fmt}"
    english = next(s for s in SAMPLES if "globex" in s.name)
    result = runner.invoke(main, ["diff", str(english), str(english), "--format", fmt, "--output", str(target)])
    assert result.exit_code == 0, result.output
    content = run("pdftotext", target, "-") if fmt == "pdf" else target.read_text(encoding="utf-8")
    assert "The two versions agree in every term." in re.sub(r"\s+", " ", content)
