"""`sla-docgen diff`: changes in the agreement's terms, items matched by id, text and JSON, PDFs as input."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from sla_docgen.api import compare_versions, diff_output
from sla_docgen.cli import main
from sla_docgen.diff.compare import NATURAL_KEYS, UNKEYED, compare
from sla_docgen.loader import load_bytes
from sla_docgen.schema.catalog import models
from sla_docgen.validate import validate
from tests.conftest import COMPLETE, MINIMAL, ROOT, SAMPLES, replace_once

V1 = ROOT / "samples" / "review" / "acme-ja-v1.2.yaml"
V2 = ROOT / "samples" / "review" / "acme-ja-v1.3.yaml"

EXPECTED_JA = [
    "  ~ 版：1.2 → 1.3",
    "  - チームごとの目標 › 営業本部：「SGL創出数」を削除",
    "  ~ MQL › 条件：「リードスコアが100点以上」 → 「リードスコアが120点以上」",
    "  > 行動加点：「無料の設備稼働診断への申し込み」の順序を変更",
    "  ~ MQL のしきい値：100点 → 120点（+20点）",
    "  ~ マーケティング部 → インサイドセールス部 › 対応期限：4営業時間 → 2営業時間",
    "  + KPI（重要業績評価指標）：「MQLの差し戻し率」を追加",
    "  ~ 次回の見直し日：2027年1月15日 → 2027年4月15日",
]
EXPECTED_EN = [
    "  ~ Version: 1.2 → 1.3",
    "  - Goals of each team › 営業本部: removed “SGL創出数”",
    "  ~ MQL threshold: 100 points → 120 points (+20 points)",
    "  ~ マーケティング部 → インサイドセールス部 › Response time: 4 business hours → 2 business hours",
    "  ~ Next review: January 15, 2027 → April 15, 2027",
]


def _agreement(text: str) -> typing.Any:
    return validate(load_bytes(text.encode("utf-8"), "x.yaml"), check_files=False).agreement


def test_the_sample_pair_in_japanese_and_english(runner: CliRunner) -> None:
    assert V1.read_bytes() == (ROOT / "samples" / "acme-ja.yaml").read_bytes(), "copy samples/acme-ja.yaml to v1.2"
    ja = runner.invoke(main, ["diff", str(V1), str(V2)])
    assert ja.exit_code == 1, ja.output
    lines = ja.output.splitlines()
    assert lines[0] == "第1.2版（2026年10月9日）→ 第1.3版（2027年1月15日）"
    for line in EXPECTED_JA:
        assert line in lines, line
    en = runner.invoke(main, ["diff", str(V1), str(V2), "--lang", "en"])
    assert en.exit_code == 1
    for line in EXPECTED_EN:
        assert line in en.output.splitlines(), line
    assert "\x1b[" not in ja.output  # not a terminal: no colour


@pytest.mark.parametrize("sample", [*SAMPLES, MINIMAL, COMPLETE, V2], ids=lambda p: p.name)
def test_a_version_compared_with_itself_has_no_changes(sample: Path, runner: CliRunner) -> None:
    agreement = _agreement(sample.read_text(encoding="utf-8"))
    assert compare(agreement, agreement) == []
    result = runner.invoke(main, ["diff", str(sample), str(sample), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["changes"] == []


def test_reordering_alone_is_a_move_never_a_removal_and_an_addition() -> None:
    old = _agreement(V1.read_text(encoding="utf-8"))
    reordered = old.model_copy(
        update={
            "reporting": old.reporting.model_copy(update={"kpis": list(reversed(old.reporting.kpis))}),
            "lead_stages": [old.lead_stages[1], old.lead_stages[0], *old.lead_stages[2:]],
        }
    )
    changes = compare(old, reordered)
    assert changes and {c.kind for c in changes} == {"moved"}
    assert len([c for c in changes if c.key[0] == "reporting"]) == len(old.reporting.kpis) - 1


def test_texts_in_a_list_are_matched_by_their_words() -> None:
    old = _agreement(V1.read_text(encoding="utf-8"))
    criteria = old.lead_stages[0].criteria
    assert len(criteria) >= 2
    edited = ["A new first criterion", criteria[1], criteria[0] + "（改）", *criteria[2:]]
    stages = [old.lead_stages[0].model_copy(update={"criteria": edited})]
    new = old.model_copy(update={"lead_stages": [*stages, *old.lead_stages[1:]]})
    changes = [(c.kind, c.key[-1], c.new) for c in compare(old, new)]
    assert ("added", 0, "A new first criterion") in changes
    assert ("changed", 2, criteria[0] + "（改）") in changes or ("moved", 1, criteria[1]) in changes
    assert not any(kind == "removed" for kind, _, _ in changes)


def test_json_lists_each_change_with_path_kind_and_values(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", str(V1), str(V2), "--format", "json", "--lang", "ja+en"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["format"] == 1 and data["langs"] == ["ja", "en"]
    assert (data["old"]["version"], data["new"]["version"]) == ("1.2", "1.3")
    by_path = {c["path"]: c for c in data["changes"]}
    threshold = by_path["lead_scoring.mql_threshold"]
    assert (threshold["kind"], threshold["old"], threshold["new"]) == ("changed", 100, 120)
    assert threshold["text"]["en"] == "Lead scoring › MQL threshold: 100 points → 120 points (+20 points)"
    assert threshold["text"]["ja"] == "リードスコアリング › MQL のしきい値：100点 → 120点（+20点）"
    response = by_path["handoffs[mkt-to-is].response_time"]
    assert (response["old"], response["new"]) == (
        {"value": 4, "unit": "business_hours"},
        {"value": 2, "unit": "business_hours"},
    )
    assert by_path["goals.parties.sales[sgls]"]["kind"] == "removed"
    assert by_path["reporting.kpis[kpi-recycle-rate]"]["kind"] == "added"
    assert by_path["lead_scoring.behaviours[free-diagnosis]"]["kind"] == "moved"
    assert by_path["revisions[1.3]"]["new"]["version"] == "1.3"
    assert all(set(c) == {"kind", "path", "section", "where", "old", "new", "text"} for c in data["changes"])


def test_a_pdf_gives_the_same_changes_as_its_questionnaire(tmp_path: Path, runner: CliRunner) -> None:
    pdfs = []
    for source in (V1, V2):
        result = runner.invoke(main, ["render", str(source), "--format", "pdf", "--output", str(tmp_path)])
        assert result.exit_code == 0, result.output
        pdfs.append(tmp_path / f"{source.stem}.pdf")
    from_yaml = json.loads(diff_output(compare_versions(V1, V2), output_format="json"))
    from_pdf = json.loads(diff_output(compare_versions(*pdfs), output_format="json"))
    assert from_pdf["changes"] == from_yaml["changes"]
    mixed = runner.invoke(main, ["diff", str(V1), str(pdfs[1]), "--format", "json"])
    assert json.loads(mixed.output)["changes"] == from_yaml["changes"]


def test_a_signed_pdf_is_compared_by_its_embedded_questionnaire(tmp_path: Path, runner: CliRunner) -> None:
    from tests.sign_support import make_pki, secret

    pki = make_pki(tmp_path)
    runner.invoke(main, ["render", str(V2), "--format", "pdf", "--output", str(tmp_path)])
    signer = pki.signers["marketing"]
    signed = tmp_path / "signed.pdf"
    unsigned = str(tmp_path / f"{V2.stem}.pdf")
    args = ["sign", unsigned, "--party", "marketing", "--key", str(signer.p12_file), "--output", str(signed)]
    result = runner.invoke(
        main, [*args, "--passphrase-env", "SLA_TEST_PASSPHRASE"], env={"SLA_TEST_PASSPHRASE": secret().decode()}
    )
    assert result.exit_code == 0, result.output
    compared = runner.invoke(main, ["diff", str(V2), str(signed)])
    assert compared.exit_code == 0, compared.output


def test_two_different_agreements_are_compared_with_a_warning(runner: CliRunner) -> None:
    english = next(s for s in SAMPLES if "globex" in s.name)
    result = runner.invoke(main, ["diff", str(V1), str(english), "--lang", "en"])
    assert result.exit_code == 1
    assert "warning: comparing two different agreements (ACME-SLA-FY2026 and GLOBEX" in result.output


def test_errors_exit_2_with_the_place(tmp_path: Path, runner: CliRunner) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(replace_once(MINIMAL.read_text(encoding="utf-8"), "mql_threshold: 100", "mql_threshold: many"))
    result = runner.invoke(main, ["diff", str(MINIMAL), str(broken), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{broken}:" in result.output and "lead_scoring.mql_threshold" in result.output
    assert runner.invoke(main, ["diff", str(MINIMAL), str(tmp_path / "missing.yaml")]).exit_code == 2
    not_ours = tmp_path / "other.pdf"
    not_ours.write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert runner.invoke(main, ["diff", str(MINIMAL), str(not_ours)]).exit_code == 2


def test_colour_only_when_asked_and_never_with_no_color() -> None:
    comparison = compare_versions(V1, V2)
    coloured = diff_output(comparison, colour=True).decode()
    assert "\x1b[32m" in coloured and "\x1b[31m" in coloured  # green additions, red removals
    assert "\x1b[" not in diff_output(comparison, colour=False).decode()


def test_every_list_of_items_is_matched_by_a_key_or_declared_unkeyed() -> None:
    """A new list of items must say how its items are matched across versions (an id, or a natural key)."""
    unclassified = []
    for model in models():
        for name, info in model.model_fields.items():
            for item in _item_models(info.annotation):
                keyed = "id" in item.model_fields or item.__name__ in NATURAL_KEYS
                if not keyed and item.__name__ not in UNKEYED:
                    unclassified.append(f"{model.__name__}.{name}: {item.__name__}")
    assert not unclassified, unclassified


def _item_models(annotation: typing.Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if typing.get_origin(annotation) is list:
        for arg in typing.get_args(annotation):
            found += [a for a in [arg, *typing.get_args(arg)] if isinstance(a, type) and issubclass(a, BaseModel)]
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is not None:
            found += _item_models(arg)
    return found
