"""A real editor engine on real questionnaires: yaml-language-server (VS Code's YAML engine), driven over LSP.

It reads the `$schema` line as an editor does. Valid questionnaires get no diagnostics; a broken
one gets a diagnostic on the line `validate` names; hover speaks Japanese with the Japanese
schema; completion offers values the validator accepts. Install the pinned server with
`npm ci --prefix tests/lsp` (`.ci/run` does).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.cli import main
from sla_docgen.errors import ValidationFailed
from sla_docgen.loader import load_bytes
from sla_docgen.resources import schemas_root
from sla_docgen.schema import schema_file
from sla_docgen.validate import validate
from tests.conftest import COMPLETE, MINIMAL, SAMPLES
from tests.lsp_client import LspClient


@pytest.fixture(scope="module")
def server() -> Iterator[LspClient]:
    client = LspClient(locale="ja")
    yield client
    client.shutdown()


@pytest.fixture(scope="module")
def questionnaires(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """What `init` writes, in each language, each in a folder of its own with its schema beside it."""
    made = {}
    for lang in ("ja", "en", "ja+en", "en+ja"):
        folder = tmp_path_factory.mktemp(lang.replace("+", "-"))
        result = CliRunner().invoke(main, ["init", str(folder / "agreement.yaml"), "--lang", lang])
        assert result.exit_code == 0, result.output
        made[lang] = folder / "agreement.yaml"
    return made


def diagnostics(server: LspClient, path: Path, text: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    uri = server.open(path, text)
    try:
        return server.wait_diagnostics(uri)
    finally:
        server.close(uri)


def line_of(text: str, needle: str) -> int:
    """0-based line of the only line that starts with `needle`."""
    lines = [n for n, line in enumerate(text.splitlines()) if line.startswith(needle)]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


# --- valid questionnaires: no complaint ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en", "en+ja"])
def test_init_questionnaires_get_no_diagnostics(server: LspClient, questionnaires: dict[str, Path], lang: str) -> None:
    assert diagnostics(server, questionnaires[lang]) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_samples_get_no_diagnostics(server: LspClient, sample: Path) -> None:
    assert diagnostics(server, sample) == []


@pytest.mark.parametrize("fixture", [COMPLETE, MINIMAL], ids=lambda p: p.name)
def test_every_field_set_gets_no_diagnostics(server: LspClient, fixture: Path) -> None:
    schema = (schemas_root() / schema_file("en")).as_uri()
    text = f"# yaml-language-server: $schema={schema}\n" + fixture.read_text(encoding="utf-8")
    assert diagnostics(server, fixture, text) == []


# --- broken questionnaires: a diagnostic where validate points ------------------------------------------

BROKEN = [  # (what, a line of the init questionnaire, what it becomes): the first line equal to it changes
    ("a choice that does not exist", "  cadence: quarterly", "  cadence: sometimes"),
    ("a misspelt optional key", "  currency: JPY", "  curency: JPY"),
    ("an id with capitals", "  - id: marketing", "  - id: Marketing"),
    ("a day that is not in the calendar", "  last_updated: 2027-03-15", "  last_updated: 2027-02-30"),
    ("a conversion rate of 150 %", "      rate: 25", "      rate: 150"),
    ("yes as a text", "      description: （例）競合他社のドメイン", "      description: yes"),
    ("an MQL threshold of 0", "  mql_threshold: 100", "  mql_threshold: 0"),
    ("a negative attribute that adds points", "      points: -100", "      points: 100"),
    ("a phone number in words", "    phone: 03-1234-5678", "    phone: ask reception"),
    ("an e-mail without a domain", "    email: saburo.takahashi@example.co.jp", "    email: saburo"),
    ("an unquoted version", '  version: "1.0"', "  version: 1.10"),
    ("an employee band of another tier", "        - tier: low", "        - tier: lowest"),
    ("a number as text", "  company: （例）株式会社サンプル", "  company: 12"),
    ("a meeting in real time", "      frequency: monthly", "      frequency: real_time"),
    ("text where a number goes", "  mql_threshold: 100", "  mql_threshold: many"),
    ("a percentage as text", "      rate: 25", "      rate: 25%"),
    ("a whole number with a fraction", "      attempts: 5", "      attempts: 5.5"),
    ("a date with one-digit month", "    start: 2027-04-01", "    start: 2027-4-1"),
    ("a control character", "  company: （例）株式会社サンプル", '  company: "株式会社\\u0007サンプル"'),
]


def changed(text: str, line: str, new: str) -> str:
    lines = text.split("\n")
    lines[lines.index(line)] = new
    return "\n".join(lines)


@pytest.mark.parametrize("name,line,new", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_questionnaire_gets_a_diagnostic_on_the_line_validate_names(
    server: LspClient, questionnaires: dict[str, Path], name: str, line: str, new: str
) -> None:
    path = questionnaires["ja"]
    text = changed(path.read_text(encoding="utf-8"), line, new)
    with pytest.raises(ValidationFailed) as caught:
        validate(load_bytes(text.encode("utf-8"), path.name))
    validate_lines = {issue.line - 1 for issue in caught.value.issues}
    editor_lines = {d["range"]["start"]["line"] for d in diagnostics(server, path, text)}
    assert validate_lines == editor_lines, (name, validate_lines, editor_lines)


# --- hover and completion in the user's language ----------------------------------------------------


def test_hover_speaks_japanese_with_the_japanese_schema(server: LspClient, questionnaires: dict[str, Path]) -> None:
    path = questionnaires["ja"]
    text = path.read_text(encoding="utf-8")
    uri = server.open(path)
    try:
        server.wait_diagnostics(uri)
        line = line_of(text, "  prevailing_language: ja")
        on_key = server.hover(uri, line, 4)
        assert on_key.startswith("#### 優先する言語"), on_key
        assert "訳に食い違いがあったときに優先する言語" in on_key and "* `ja`: 日本語" in on_key
        cadence = server.hover(uri, line_of(text, "  cadence: quarterly"), 12)
        assert "見直しの頻度" in cadence and "`quarterly`: 四半期ごと（おすすめ）" in cadence
        kind = server.hover(uri, line_of(text, "    kind: opportunity"), 5)
        assert "段階の種類" in kind and "商談：提案や見積もりに進んだ案件" in kind
        nested = server.hover(uri, line_of(text, "    decision_time:"), 6)
        assert nested.startswith("#### 判定期限") and "受け入れるか差し戻すか" in nested, nested
    finally:
        server.close(uri)


def test_hover_speaks_english_with_the_english_schema(server: LspClient, questionnaires: dict[str, Path]) -> None:
    path = questionnaires["en"]
    text = path.read_text(encoding="utf-8")
    uri = server.open(path)
    try:
        server.wait_diagnostics(uri)
        hover = server.hover(uri, line_of(text, "  prevailing_language: en"), 4)
        assert hover.startswith("#### Prevailing language") and "translations differ" in hover
        assert not re.search("[ぁ-ん一-龥]", hover.split("\n\n")[1])
    finally:
        server.close(uri)


def test_a_copied_questionnaire_keeps_its_editor_support(
    server: LspClient, questionnaires: dict[str, Path], tmp_path: Path
) -> None:
    """Shared with a colleague (another folder, another machine): the schema travels with it."""
    copy = tmp_path / "colleague"
    shutil.copytree(questionnaires["ja"].parent, copy)
    text = (copy / "agreement.yaml").read_text(encoding="utf-8")
    uri = server.open(copy / "agreement.yaml")
    try:
        assert server.wait_diagnostics(uri) == []
        assert "優先する言語" in server.hover(uri, line_of(text, "  prevailing_language: ja"), 4)
    finally:
        server.close(uri)
    broken = changed(text, "  cadence: quarterly", "  cadence: sometimes")
    assert [d["range"]["start"]["line"] for d in diagnostics(server, copy / "agreement.yaml", broken)] == [
        line_of(text, "  cadence: quarterly")
    ]


def _completion_value(server: LspClient, path: Path, text: str, line: int, label: str) -> str:
    uri = server.open(path, text)
    try:
        server.wait_diagnostics(uri)
        items = server.completion(uri, line, 2)
    finally:
        server.close(uri)
    item = next(i for i in items if i["label"] == label)
    inserted = item.get("insertText") or item.get("textEdit", {}).get("newText", "")
    return re.sub(r"\$\{\d+:([^}]*)\}|\$\d+", r"\1", inserted)  # the snippet as it lands in the file


def test_completing_the_mql_threshold_inserts_a_valid_value(server: LspClient, questionnaires: dict[str, Path]) -> None:
    path = questionnaires["ja"]
    text = path.read_text(encoding="utf-8")
    line = line_of(text, "  mql_threshold: 100")
    lines = text.splitlines()
    lines[line] = "  "
    value = _completion_value(server, path, "\n".join(lines) + "\n", line, "mql_threshold")
    assert value.startswith("mql_threshold: ")
    completed = "\n".join([*lines[:line], "  " + value, *lines[line + 1 :]]) + "\n"
    validate(load_bytes(completed.encode("utf-8"), path.name))  # not `mql_threshold: 0`


def test_completing_the_lead_scoring_section_inserts_valid_values(
    server: LspClient, questionnaires: dict[str, Path]
) -> None:
    """The snippet for a whole section leaves each required number for the user to fill, never 0."""
    path = questionnaires["en"]
    text = path.read_text(encoding="utf-8")
    start, end = line_of(text, "lead_scoring:"), line_of(text, "handoffs:")
    lines = text.splitlines()
    lines[start:end] = [""] * (end - start)
    snippet = _completion_value(server, path, "\n".join(lines) + "\n", start, "lead_scoring")
    data = load_bytes(snippet.encode("utf-8"), "snippet.yaml").data["lead_scoring"]
    assert list(data) == ["mql_threshold"] and data["mql_threshold"] is None, snippet


def test_a_questionnaire_sent_without_its_schema_says_so(
    server: LspClient, questionnaires: dict[str, Path], tmp_path: Path
) -> None:
    """Not silence: the editor reports that it cannot load the schema the first line names."""
    alone = tmp_path / "agreement.yaml"
    shutil.copy(questionnaires["ja"], alone)
    found = diagnostics(server, alone)
    assert [d["severity"] for d in found] == [1]
    assert "スキーマを読み込めません" in found[0]["message"] and "sla-docgen.ja.schema.json" in found[0]["message"]
