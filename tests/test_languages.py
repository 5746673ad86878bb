"""Japanese, English and both: every language choice in every format, locale formats, missing translations."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.api import build, load
from sla_docgen.cli import main
from sla_docgen.render import RenderOptions, render
from tests.conftest import ROOT, replace_once
from tests.docx_support import body_texts
from tests.test_parity import markdown_text

BILINGUAL = ROOT / "samples" / "acme-bilingual.yaml"

# What each language must show: the first section's heading, the period start, the revenue target.
WORDS = {
    "ja": ("概要", "2026年4月1日", "年間￥600,000,000"),
    "en": ("Overview", "April 1, 2026", "¥600,000,000 per year"),
}


def extract(fmt: str, data: bytes, folder: Path) -> str:
    if fmt in ("md",):
        return markdown_text(data)
    if fmt == "html":
        return re.sub(r"<[^>]+>", " ", data.decode("utf-8"))
    if fmt == "docx":
        return "\n".join(body_texts(data))
    path = folder / "x.pdf"
    path.write_bytes(data)
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is required")
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
@pytest.mark.parametrize("langs", [("ja",), ("en",), ("ja", "en"), ("en", "ja")], ids="+".join)
def test_each_language_in_each_format(fmt: str, langs: tuple[str, ...], tmp_path: Path) -> None:
    questionnaire = load(BILINGUAL)
    document = build(questionnaire, langs=langs)
    options = RenderOptions(source=questionnaire.source.source, source_name=BILINGUAL.name)
    text = re.sub(r"\s+", "", extract(fmt, render(document, fmt, options), tmp_path))
    for lang in ("ja", "en"):
        for word in WORDS[lang]:
            assert (re.sub(r"\s+", "", word) in text) == (lang in langs), (fmt, langs, word)
    if len(langs) == 2:
        first, second = (WORDS[lang][1] for lang in langs)
        assert text.index(re.sub(r"\s+", "", first)) < text.index(re.sub(r"\s+", "", second))


def test_prevailing_language_clause_follows_the_metadata() -> None:
    document = build(load(BILINGUAL), langs=("en", "ja"))
    note = document.sections[0].children[0].children[1]  # 1.1 purpose: the purpose, then the clause
    assert note.text.primary.text == (
        "This agreement is made in Japanese and English; where the two differ, the Japanese text prevails."
    )
    assert (
        note.text.secondary[0].text == "本合意書は日本語と英語で作成し、両者の内容が異なる場合は日本語版を優先します。"
    )


def _without_english_scope(tmp_path: Path) -> Path:
    text = BILINGUAL.read_text(encoding="utf-8")
    text = re.sub(r"(  scope:\n    ja: [^\n]+\n)    en: [^\n]+\n", r"\1", text, count=1)
    text = replace_once(text, "    en: Acme Factory Cloud K.K.\n", "")
    path = tmp_path / "partial.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_translations_are_located_and_nothing_is_written(tmp_path: Path) -> None:
    source = _without_english_scope(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(source), "-f", "md,docx", "--lang", "ja+en", "-o", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(f"{source}:15:5: agreement.company: ")
    assert lines[1].startswith(f"{source}:") and ": overview.scope: " in lines[1]
    assert "no en text; add `en:` or render with --allow-fallback" in lines[0]
    assert (
        "en のテキストがありません" in lines[0] or "enのテキストがありません" in lines[0]
    )  # both languages with ja+en
    assert len(lines) == 2 and not out.exists()


def test_allow_fallback_renders_and_marks_the_stand_in(tmp_path: Path) -> None:
    source = _without_english_scope(tmp_path)
    result = CliRunner().invoke(
        main, ["render", str(source), "-f", "md", "--lang", "en", "--allow-fallback", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "partial.en.md").read_text(encoding="utf-8")
    assert "**アクメ・ファクトリークラウド株式会社 _(untranslated)_**" in text
    assert "Marketing, Inside Sales and Sales Service Level Agreement" in text


@pytest.mark.parametrize("lang,first,second", [("ja+en", "ja", "en"), ("en+ja", "en", "ja")])
def test_init_bilingual(tmp_path: Path, lang: str, first: str, second: str) -> None:
    target = tmp_path / "bi.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(target), "--lang", lang]).exit_code == 0
    questionnaire = load(target)
    meta = questionnaire.agreement.agreement
    assert meta.languages == [first, second] and meta.prevailing_language == first
    build(questionnaire, langs=(first, second))  # every text has both languages
    text = target.read_text(encoding="utf-8")
    assert "目標" in text and "goal" in text.lower()
