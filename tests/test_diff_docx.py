"""`sla-docgen diff --format docx`: the new agreement with Word tracked changes, judged by reading the XML back.

Accepting every change (kept insertions, dropped deletions, rows and paragraph marks included) must give
exactly the text of the plain DOCX of NEW, rejecting every change exactly that of OLD: paragraph by
paragraph, tables cell by cell (tests/tracked_support.py does the accepting, independently of the renderer).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import TypeVar

import docx
import pytest
from click.testing import CliRunner

from sla_docgen.api import build, bump_version, compare_versions, diff_output
from sla_docgen.cli import main
from sla_docgen.diff import Comparison
from sla_docgen.diff.redline import redline
from sla_docgen.document import Document, ItemList, PartyColumns, PartyRow, Section, SignatureBlock, Table, Text
from sla_docgen.document.blocks import Redline
from sla_docgen.render import RenderOptions
from sla_docgen.render.docx import render
from tests.conftest import ROOT, make_text, replace_once
from tests.docx_support import sample_document
from tests.tracked_support import (
    NS,
    W,
    blocks,
    document_xml,
    resolve,
    revisions,
    settings_names,
    structure_problems,
    text_of,
)

REVIEW = ROOT / "samples" / "review"
V12, V13 = REVIEW / "acme-ja-v1.2.yaml", REVIEW / "acme-ja-v1.3.yaml"
BILINGUAL = ROOT / "samples" / "acme-bilingual.yaml"
T = TypeVar("T")


@dataclass(frozen=True)
class Pair:
    """A redline DOCX with the plain DOCX of both versions, and who made the changes when."""

    redline: bytes
    old: bytes
    new: bytes
    author: str
    date: str


def plain_docx(comparison: Comparison, side: str) -> bytes:
    """The plain DOCX of one version in the comparison's languages (texts it lacks stand in, as in the redline)."""
    questionnaire = comparison.old if side == "old" else comparison.new
    return render(build(questionnaire, langs=comparison.langs, allow_fallback=True), RenderOptions())


def pair_of(old: Path, new: Path, langs: tuple[str, ...] | None = None) -> Pair:
    """The pair compared in `langs`; a language NEW lacks texts in gets them standing in (`--allow-fallback`)."""
    comparison = compare_versions(old, new, langs=langs)
    latest = comparison.new.agreement.revisions[-1]
    author = latest.author if isinstance(latest.author, str) else latest.author[comparison.langs[0]]
    return Pair(
        diff_output(comparison, output_format="docx", allow_fallback=True),
        plain_docx(comparison, "old"),
        plain_docx(comparison, "new"),
        author,
        f"{comparison.new.agreement.agreement.last_updated.isoformat()}T00:00:00Z",
    )


def make_bilingual_pair(folder: Path) -> tuple[Path, Path]:
    """v1.2 → v1.3 of the bilingual sample: a threshold raised, an agenda item reworded in both languages,
    a KPI removed, a goal added, and the version bumped by `bump` (so the revision names the author)."""
    old, new = folder / "acme-bilingual-v1.2.yaml", folder / "acme-bilingual-v1.3.yaml"
    shutil.copyfile(BILINGUAL, old)
    text = BILINGUAL.read_text(encoding="utf-8")
    text = replace_once(text, "  mql_threshold: 100\n", "  mql_threshold: 110\n")
    text = replace_once(
        text,
        "ja: 目標に対する進捗（日割りの目標線と実績の比較）\n"
        "          en: Progress against goals (daily goal line against actuals)",
        "ja: 目標に対する進捗（日割りの目標線・実績・着地見込みの比較）\n"
        "          en: Progress against goals (daily goal line, actuals and the projected landing)",
    )
    start, end = text.index("    - id: kpi-cpl\n"), text.index("    - id: kpi-first-touch\n")
    text = replace_once(text[:start] + text[end:], "reviews: [kpi-cpl, kpi-mql-to-sal", "reviews: [kpi-mql-to-sal")
    goal = (
        "      - id: webinar-leads\n        title:\n          ja: ウェビナー経由のリード数\n"
        "          en: Leads from webinars\n        metric:\n"
        "          ja: 自社ウェビナーの参加登録から獲得した新規リードの件数\n"
        "          en: Number of new leads acquired through registrations for our own webinars\n"
        "        stage: lead\n        target: 300\n        unit: count\n        period: quarter\n"
    )
    text = replace_once(text, "      - id: lead-to-mql\n", goal + "      - id: lead-to-mql\n")
    new.write_text(text, encoding="utf-8")
    bump_version(
        new,
        summary=("ja:第3四半期レビューの結果を反映。", "en:Reflects the third-quarter review."),
        author=("ja:佐藤 健太", "en:Kenta Sato"),
        date=dt.date(2027, 1, 15),
    )
    return old, new


def make_section_removed_pair(folder: Path) -> tuple[Path, Path]:
    """The bilingual sample without its contacts: a whole section, heading and table, gone (and the sections
    after it renumbered)."""
    new = folder / "acme-bilingual-no-contacts.yaml"
    text = BILINGUAL.read_text(encoding="utf-8")
    new.write_text(
        text[: text.index("\ncontacts:\n") + 1] + text[text.index("\ncommunication:\n") + 1 :], encoding="utf-8"
    )
    bump_version(new, summary=("ja:担当窓口を削除。", "en:Contacts removed."), date=dt.date(2027, 1, 15))
    return BILINGUAL, new


@pytest.fixture(scope="module")
def bilingual_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_bilingual_pair(tmp_path_factory.mktemp("bilingual"))


@pytest.fixture(scope="module")
def section_removed_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_section_removed_pair(tmp_path_factory.mktemp("section-removed"))


PAIRS = [
    "sample",
    "sample-en",
    "sample-reversed",
    "bilingual",
    "bilingual-en",
    "section-removed",
    "section-restored",
    "itself",
]


@pytest.fixture(scope="module", params=PAIRS)
def pair(
    request: pytest.FixtureRequest, bilingual_files: tuple[Path, Path], section_removed_files: tuple[Path, Path]
) -> Pair:
    name: str = request.param
    if name.startswith("bilingual"):
        return pair_of(*bilingual_files, ("en",) if name.endswith("-en") else None)
    if name == "section-removed":
        return pair_of(*section_removed_files)
    if name == "section-restored":
        return pair_of(*reversed(section_removed_files))
    if name == "itself":
        return pair_of(V13, V13)
    if name == "sample-reversed":
        return pair_of(V13, V12)
    return pair_of(V12, V13, ("en",) if name.endswith("-en") else None)


# --- accepting every change gives NEW, rejecting every one gives OLD ------------------------------------


def test_accepting_every_change_gives_the_new_version(pair: Pair) -> None:
    assert blocks(resolve(document_xml(pair.redline), "accept")) == blocks(document_xml(pair.new))


def test_rejecting_every_change_gives_the_old_version(pair: Pair) -> None:
    assert blocks(resolve(document_xml(pair.redline), "reject")) == blocks(document_xml(pair.old))


def test_every_change_names_the_author_and_date_under_its_own_id(pair: Pair) -> None:
    root = document_xml(pair.redline)
    assert structure_problems(root) == []
    found = revisions(root)
    assert {(r.author, r.date) for r in found} <= {(pair.author, pair.date)}
    ids = [r.id for r in found]
    assert all(i is not None and i.isdigit() for i in ids) and len(set(ids)) == len(ids)
    every_id = [node.get(W + "id") for node in root.iter() if node.get(W + "id") is not None]
    assert len(set(every_id)) == len(every_id)


def test_the_same_input_gives_the_same_bytes() -> None:
    assert pair_of(V12, V13).redline == diff_output(compare_versions(V12, V13), output_format="docx")


def test_a_version_compared_with_itself_is_its_plain_docx() -> None:
    same = pair_of(V13, V13)
    assert revisions(document_xml(same.redline)) == []
    assert same.redline == same.new


# --- where the changes are ------------------------------------------------------------------------------


def paragraphs_with(root: object, words: str) -> list[object]:
    return [p for p in root.iter(W + "p") if words in text_of(p)]  # type: ignore[attr-defined]


def runs_text(p: object, kind: str) -> str:
    """The text of a paragraph's inserted (ins) or deleted (del) runs."""
    return "".join(text_of(node) for node in p.findall(f"w:{kind}", NS))  # type: ignore[attr-defined]


def test_the_sample_changes_are_tracked_in_place() -> None:
    root = document_xml(pair_of(V12, V13).redline)
    # the threshold: one paragraph, the old number deleted and the new one inserted beside the kept words
    (threshold,) = paragraphs_with(root, "点に達したリードをMQLとします。")
    assert (runs_text(threshold, "del"), runs_text(threshold, "ins")) == ("100", "120")
    assert text_of(threshold) == "スコアが100120点に達したリードをMQLとします。"
    # the KPI added: a row tracked as inserted, its text inserted too
    (name,) = [p for p in paragraphs_with(root, "MQLの差し戻し率") if runs_text(p, "ins") == "MQLの差し戻し率"]
    row = next(name.iterancestors(W + "tr"))  # type: ignore[attr-defined]
    assert row.find("w:trPr/w:ins", NS) is not None
    # the goal removed: lines of a cell deleted with their paragraph marks
    (goal,) = [p for p in paragraphs_with(root, "SGL創出数") if runs_text(p, "del") == "SGL創出数"]
    assert goal.find("w:pPr/w:rPr/w:del", NS) is not None  # type: ignore[attr-defined]
    # the moved scoring row: removed where it stood, inserted where it stands
    moved = [p for p in paragraphs_with(root, "無料の設備稼働診断への申し込み")]
    rows = [next(p.iterancestors(W + "tr")) for p in moved]  # type: ignore[attr-defined]
    assert [r.find("w:trPr/w:ins", NS) is not None for r in rows] == [True, False]
    assert [r.find("w:trPr/w:del", NS) is not None for r in rows] == [False, True]


def test_each_language_of_a_bilingual_text_carries_its_own_marks(bilingual_files: tuple[Path, Path]) -> None:
    root = document_xml(pair_of(*bilingual_files).redline)
    (ja,) = paragraphs_with(root, "目標に対する進捗（日割りの目標線")
    (en,) = paragraphs_with(root, "Progress against goals (daily goal line")
    assert "実績" in runs_text(ja, "del") + text_of(ja) and "着地見込み" in runs_text(ja, "ins")
    assert "against actuals" in runs_text(en, "del") and "projected landing" in runs_text(en, "ins")
    assert en.find("w:ins/w:r/w:rPr/w:lang", NS).get(W + "val") == "en-US"  # type: ignore[attr-defined]
    assert ja.find("w:ins/w:r/w:rPr/w:lang", NS).get(W + "val") == "ja-JP"  # type: ignore[attr-defined]
    # the goal added: both its languages inserted, in the inserted row of the goals table
    for words in ("ウェビナー経由のリード数", "Leads from webinars"):
        (line,) = paragraphs_with(root, words)
        assert runs_text(line, "ins") == words


def test_the_cli_writes_a_docx_that_python_docx_opens(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "review.docx"
    result = runner.invoke(main, ["diff", str(V12), str(V13), "--format", "docx", "--output", str(out)])
    assert result.exit_code == 1, result.output
    opened = docx.Document(io.BytesIO(out.read_bytes()))
    assert any("MQLとします" in p.text for p in opened.paragraphs)
    assert out.read_bytes() == diff_output(compare_versions(V12, V13), output_format="docx")


def test_an_english_redline_of_a_japanese_agreement_needs_allow_fallback(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "review.docx"
    args = ["diff", str(V12), str(V13), "--format", "docx", "--lang", "en", "--output", str(out)]
    refused = runner.invoke(main, args)
    assert refused.exit_code == 2 and "--allow-fallback" in refused.output and not out.exists()
    assert runner.invoke(main, [*args, "--allow-fallback"]).exit_code == 1
    texts = [p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs]
    assert "1. Overview" in texts and any("(untranslated)" in text for text in texts)


# --- what the samples do not show: renumbered sections, replaced cells, a signatory gone ------------------


def renumbered(sections: tuple[Section, ...], parent: str = "") -> tuple[Section, ...]:
    """Sections numbered by their place among their siblings, as the builder numbers them."""
    out = []
    for index, section in enumerate(sections, 1):
        number = f"{parent}.{index}" if parent else str(index)
        subs = renumbered(tuple(c for c in section.children if isinstance(c, Section)), number)
        numbered = iter(subs)
        children = tuple(next(numbered) if isinstance(c, Section) else c for c in section.children)
        out.append(replace(section, number=number, children=children))
    return tuple(out)


def as_built(value: T) -> T:
    """`value` with every Text as the builder makes it (`Text.of`: no secondary wording equal to the primary)."""
    if isinstance(value, Text):
        return Text.of(value.variants)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(as_built(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: as_built(v) for k, v in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: as_built(getattr(value, f.name)) for f in fields(value)})  # type: ignore[misc]
    return value


def edited(document: Document) -> Document:
    """The hand-made sample after an unusual review: the stages section gone (those after it renumbered), a
    one-line cell and a list rewritten, the inside-sales signatory gone, a version now worded per language."""
    t = lambda ja, en: Text.of(make_text(ja, en, document.langs).variants)  # noqa: E731
    purpose, _stages, parties, history, signatures = document.sections
    columns = next(b for b in parties.children if isinstance(b, PartyColumns))
    first = columns.rows[0]
    row = PartyRow(first.label, ((t("展示会で名刺を集める", "Collect cards at trade shows"),), *first.cells[1:]))
    grid = next(b for b in parties.children if isinstance(b, Table))
    parties = replace(parties, children=(replace(columns, rows=(row, *columns.rows[1:])), grid))
    table = next(b for b in history.children if isinstance(b, Table))
    version = ((t("第1.2版", "1.2"),), *table.rows[1][1:])
    history = replace(history, children=(replace(table, rows=(table.rows[0], version)),))
    block = next(b for b in signatures.children if isinstance(b, SignatureBlock))
    signatures = replace(signatures, children=(replace(block, signatures=(block.signatures[0], block.signatures[2])),))
    lists = ItemList((t("目的を確認する", "Confirm the purpose"),), ordered=True)
    purpose = replace(purpose, children=(*purpose.children, lists))
    return replace(document, sections=renumbered((purpose, parties, history, signatures)))


@pytest.mark.parametrize("langs", [("ja",), ("ja", "en")])
@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_unusual_changes_accept_to_new_and_reject_to_old(langs: tuple[str, ...], direction: str) -> None:
    old = as_built(sample_document(langs))
    new = edited(old)
    if direction == "backward":
        old, new = new, old
    marked = redline(old, new, Redline(old.metadata.version, old.metadata.last_updated, "Reviewer"))
    root = document_xml(render(marked, RenderOptions()))
    assert structure_problems(root) == []
    assert blocks(resolve(root, "accept")) == blocks(document_xml(render(new, RenderOptions())))
    assert blocks(resolve(root, "reject")) == blocks(document_xml(render(old, RenderOptions())))
    # the responsibilities were section 3 before the stages went, 2 after (or the reverse, backward):
    # its heading and its entry in the contents show the number change
    numbers = [(runs_text(p, "del"), runs_text(p, "ins")) for p in paragraphs_with(root, "各部門の責任")]
    assert numbers == [("3. ", "2. ")] * 2 if direction == "forward" else [("2. ", "3. ")] * 2


def test_a_redline_keeps_tracking_a_reviewers_own_changes_and_a_plain_docx_does_not() -> None:
    """w:trackRevisions goes where CT_Settings puts it: after w:zoom, before w:defaultTabStop."""
    pair = pair_of(V12, V13)
    names = settings_names(pair.redline)
    assert names.index("zoom") < names.index("trackRevisions") < names.index("defaultTabStop"), names
    assert "trackRevisions" not in settings_names(pair.new)
