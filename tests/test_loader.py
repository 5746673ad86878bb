"""Bad and hostile YAML: every case is refused with FILE:LINE:COL, the field and a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from sla_docgen.errors import ValidationFailed
from sla_docgen.loader import MAX_BYTES, load_bytes, load_file
from tests.conftest import MINIMAL, ROOT, replace_once

BASE = MINIMAL.read_text(encoding="utf-8")

# (name, questionnaire text, expected "LINE:COL", expected path, words expected in the English message)
CASES = [
    ("syntax", replace_once(BASE, "languages: [en]", "languages: [en"), "7:22", "", "YAML syntax error"),
    (
        "alias",
        replace_once(BASE, "languages: [en]", "languages: &l [en]\n  extra: *l"),
        "6:14",
        "agreement.languages",
        "anchors and aliases",
    ),
    ("alias bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "1:4", "a", "anchors and aliases"),
    (
        "duplicate key",
        replace_once(BASE, '  version: "1.0"\n', '  version: "1.0"\n  version: "1.1"\n'),
        "10:3",
        "agreement.version",
        "duplicate key 'version' (first on line 9)",
    ),
    ("yaml 1.1", "%YAML 1.1\n---\n" + BASE, "1:1", "", "YAML 1.1 is not supported"),
    ("bare no", replace_once(BASE, "name: Marketing\n", "name: no\n"), "14:11", "parties[0].name", "quote it"),
    (
        "float version",
        replace_once(BASE, '  version: "1.0"\n', "  version: 1.10\n"),
        "9:12",
        "agreement.version",
        "1.10",
    ),
    (
        "leading zero",
        replace_once(BASE, "company: Minimal Corp", "company: 01234"),
        "4:12",
        "agreement.company",
        "expected text, got a number 01234",
    ),
    (
        "impossible date",
        replace_once(BASE, "last_updated: 2027-03-20", "last_updated: 2024-02-30"),
        "10:17",
        "agreement.last_updated",
        "2024-02-30 is not a date in the calendar",
    ),
    (
        "unknown key",
        replace_once(BASE, "  scope: All", "  scpoe: All"),
        "22:3",
        "overview.scpoe",
        "did you mean 'scope'",
    ),
    (
        "control character",
        replace_once(BASE, "company: Minimal Corp", 'company: "Minimal\\x07Corp"'),
        "4:12",
        "agreement.company",
        "U+0007",
    ),
    (
        "lone surrogate",
        replace_once(BASE, "company: Minimal Corp", 'company: "Minimal\\ud800"'),
        "4:22",
        "",
        "invalid Unicode character escape",
    ),
    (
        "bidi override",
        replace_once(BASE, "company: Minimal Corp", 'company: "Minimal\\u202eCorp"'),
        "4:12",
        "agreement.company",
        "RIGHT-TO-LEFT OVERRIDE",
    ),
    ("too deep", "a: " + "[" * 40 + "]" * 40 + "\n", "1:27", None, "nesting deeper than 24"),
    ("empty", "", "1:1", "", "the file is empty"),
    ("comments only", "# nothing here\n", "1:1", "", "the file is empty"),
    ("top-level list", "- a\n- b\n", "1:1", "", "must be a mapping of sections, not a list"),
    ("top-level scalar", "just text\n", "1:1", "", "not a single value"),
    ("python tag", "a: !!python/object/apply:os.system [echo]\n", "1:4", "a", "explicit tags"),
    ("two documents", BASE + "---\na: 1\n", "84:1", "", "only one YAML document"),
    (
        "non-text key",
        replace_once(BASE, "  scope: All", "  1: x\n  scope: All"),
        "22:3",
        "overview",
        "keys must be text",
    ),
    (
        "missing field",
        replace_once(BASE, "  scope: All inbound leads for the core product.\n", ""),
        "21:3",
        "overview.scope",
        "required field is missing",
    ),
]


@pytest.mark.parametrize("name,text,where,path,words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(name: str, text: str, where: str, path: str | None, words: str) -> None:
    from sla_docgen.validate import validate

    with pytest.raises(ValidationFailed) as caught:
        validate(load_bytes(text.encode("utf-8"), "q.yaml"))
    messages = caught.value.message("en").splitlines()
    matching = [m for m in messages if words in m]
    assert matching, messages
    message = matching[0]
    assert message.startswith(f"q.yaml:{where}: "), messages
    if path:
        assert message.startswith(f"q.yaml:{where}: {path}: "), messages


def test_every_error_is_reported_at_once() -> None:
    from sla_docgen.validate import validate

    text = replace_once(BASE, "company: Minimal Corp", "company: 12")
    text = replace_once(text, "  scope: All", "  scpoe: All")
    text = replace_once(text, "role: sales", "role: seller")
    with pytest.raises(ValidationFailed) as caught:
        validate(load_bytes(text.encode("utf-8"), "q.yaml"))
    lines = caught.value.message("en").splitlines()
    assert [line.split(": ")[0] for line in lines] == ["q.yaml:4:12", "q.yaml:17:11", "q.yaml:21:3", "q.yaml:22:3"]
    assert "expected one of 'marketing', 'inside_sales', 'sales', 'customer_success' or 'other', got seller" in lines[1]


def test_messages_in_japanese() -> None:
    from sla_docgen.validate import validate

    text = replace_once(BASE, "  scope: All", "  scpoe: All")
    with pytest.raises(ValidationFailed) as caught:
        validate(load_bytes(text.encode("utf-8"), "q.yaml"))
    ja = caught.value.message("ja")
    assert "q.yaml:22:3: overview.scpoe: 不明な項目 'scpoe' です。'scope' のことですか？" in ja
    assert "q.yaml:21:3: overview.scope: 必須項目がありません" in ja


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 10) + b"\n")
    with pytest.raises(ValidationFailed) as caught:
        load_file(big)
    assert "big.yaml:1:1: the file is" in caught.value.message("en")
    assert f"the limit is {MAX_BYTES} bytes" in caught.value.message("en")


def test_invalid_utf8_is_located() -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_bytes(b"a: ok\nb: caf\xe9\n", "q.yaml")
    assert caught.value.message("en") == "q.yaml:2:7: the file is not valid UTF-8 (byte 0xE9 cannot be decoded)"


def test_positions_of_values_and_keys() -> None:
    loaded = load_bytes(BASE.encode("utf-8"), "q.yaml")
    assert loaded.values[("agreement", "period", "start")].line == 8
    assert loaded.keys[("overview", "scope")].column == 3
    assert loaded.mark(("overview", "no_such_field")) == loaded.values[("overview",)]
    assert loaded.data["agreement"]["period"]["start"] == "2027-04-01"  # dates stay text for the models


# (name, YAML value as written after "text:", the string the questionnaire should carry)
FOLDS = [
    ("folded Japanese joins", ">-\n  日本語の文が\n  続きます。\n", "日本語の文が続きます。"),
    ("plain Japanese joins", "日本語の文が\n  続きます。\n", "日本語の文が続きます。"),
    ("quoted Japanese joins", "'日本語の文が\n  続きます。'\n", "日本語の文が続きます。"),
    ("full-width punctuation joins", ">-\n  （括弧）\n  ＡＢＣ\n", "（括弧）ＡＢＣ"),
    ("English keeps the space", ">-\n  English text\n  folds with a space\n", "English text folds with a space"),
    ("mixed keeps the space", ">-\n  Salesforce\n  に記録する\n", "Salesforce に記録する"),
    ("Hangul keeps the space", ">-\n  한국어\n  문장\n", "한국어 문장"),
    ("empty line stays a newline", ">-\n  第一段落\n\n  第二段落\n", "第一段落\n第二段落"),
    ("literal keeps breaks", "|-\n  一行目\n  二行目\n", "一行目\n二行目"),
    ("escapes are left to YAML", '"日本語\\t\n  続き"\n', "日本語\t 続き"),
    ("more-indented lines are left to YAML", ">-\n  一行目\n    字下げ\n  三行目\n", "一行目\n  字下げ\n三行目"),
    ("CRLF line ends", ">-\r\n  日本語の文が\r\n  続きます。\r\n", "日本語の文が続きます。"),
]


@pytest.mark.parametrize("name,written,expected", FOLDS, ids=[f[0] for f in FOLDS])
def test_line_folding_suits_japanese(name: str, written: str, expected: str) -> None:
    assert load_bytes(f"text: {written}".encode(), "q.yaml").data["text"] == expected


def test_a_wrapped_japanese_sample_reads_as_one_line() -> None:
    sample = ROOT / "samples" / "acme-ja.yaml"
    assert "purpose: >-\n" in sample.read_text(encoding="utf-8")  # the sample wraps its long sentences
    purpose = load_file(sample).data["overview"]["purpose"]
    assert "\n" not in purpose and " " not in purpose
    assert "達成するため、マーケティング部" in purpose
