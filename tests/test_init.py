"""`init`: a questionnaire with every field, explained in its language, and the schema it points to beside it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.api import build, findings, load
from sla_docgen.cli import main
from sla_docgen.loader import load_bytes
from sla_docgen.schema import json_schema, schema_file
from sla_docgen.schema.bilingual import merge
from sla_docgen.schema.catalog import catalog, walk
from sla_docgen.schema.guidance import OPTIONAL, entry_at, init_template
from tests.conftest import ROOT

LANGS = ["ja", "en", "ja+en", "en+ja"]


def init(runner: CliRunner, folder: Path, lang: str, name: str = "agreement.yaml") -> Path:
    target = folder / name
    result = runner.invoke(main, ["init", str(target), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(target), str(folder / schema_file(lang.split("+")[0]))]
    return target


@pytest.mark.parametrize("lang", LANGS)
def test_init_writes_a_valid_questionnaire_and_its_schema_beside_it(
    runner: CliRunner, tmp_path: Path, lang: str
) -> None:
    target = init(runner, tmp_path, lang)
    first = target.read_text(encoding="utf-8").splitlines()[0]
    name = schema_file(lang.split("+")[0])
    assert first == f"# yaml-language-server: $schema={name}"  # relative: travels with the questionnaire
    assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == json.loads(json_schema(lang.split("+")[0]))
    questionnaire = load(target)
    assert questionnaire.agreement.agreement.languages == lang.split("+")
    build(questionnaire)  # every text is there in every language the questionnaire is written in


@pytest.mark.parametrize("lang", LANGS)
def test_the_init_template_shows_every_field(lang: str) -> None:
    """Every field of the models appears, as an answer or as a commented-out optional setting."""
    template = init_template(lang.split("+"))
    keys = load_bytes(OPTIONAL.sub(r"\1", template).encode("utf-8"), "t").keys
    shown = {entry.ref for entry in (entry_at(path) for path in keys) if entry}
    assert not [e.ref for e in walk() if e.ref not in shown]


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_is_explained_in_the_chosen_languages(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    text = init(runner, tmp_path, lang).read_text(encoding="utf-8")
    words = catalog()
    for one in lang.split("+"):
        separator = "：" if one == "ja" else ": "
        missing = [e.ref for e in walk() if f"# {words.field(e, one).title}{separator}" not in text]
        assert not missing, (one, missing)
    other = {"ja", "en"} - set(lang.split("+"))
    for one in other:  # a monolingual questionnaire carries no guidance in the other language
        assert f"# {words.field(next(iter(walk())), one).title}" not in text


def test_guidance_inside_an_optional_block_stays_a_comment_once_uncommented(runner: CliRunner, tmp_path: Path) -> None:
    text = init(runner, tmp_path, "en").read_text(encoding="utf-8")
    block = text[text.index("  # branding:") :].split("\n\n")[0]
    uncommented = "\n".join(line.replace("  # ", "  ", 1) for line in block.splitlines())
    assert load_bytes(uncommented.encode("utf-8"), "b").data == {
        "branding": {"logo": "logo.png", "accent_color": "#1F5C99"}
    }


def test_the_monolingual_templates_have_the_same_structure() -> None:
    """The bilingual questionnaires are made from them; a place in one missing in the other is an error."""
    folder = ROOT / "templates" / "init"
    ja, en = (folder / "ja.yaml").read_text(encoding="utf-8"), (folder / "en.yaml").read_text(encoding="utf-8")
    shape = [load_bytes(OPTIONAL.sub(r"\1", t).encode("utf-8"), "t").values.keys() for t in (ja, en)]
    assert set(shape[0]) == set(shape[1])
    merge(ja, en, ("ja", "en"))
    merge(en, ja, ("en", "ja"))


def test_a_questionnaire_moved_elsewhere_still_finds_its_schema(runner: CliRunner, tmp_path: Path) -> None:
    target = init(runner, tmp_path / "mine", "ja")
    shared = tmp_path / "colleague" / "copy"
    shutil.copytree(target.parent, shared)
    line = (shared / target.name).read_text(encoding="utf-8").splitlines()[0]
    assert (shared / line.split("$schema=", 1)[1]).is_file()


def test_init_refreshes_its_own_schema_but_never_a_foreign_file(runner: CliRunner, tmp_path: Path) -> None:
    init(runner, tmp_path, "en", "one.yaml")
    schema = tmp_path / schema_file("en")
    schema.write_text(schema.read_text(encoding="utf-8").replace('"title"', '"title" ', 1), encoding="utf-8")
    init(runner, tmp_path, "en", "two.yaml")  # an older schema made by sla-docgen is brought up to date
    assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(json_schema("en"))

    foreign = tmp_path / "other"
    foreign.mkdir()
    (foreign / schema_file("ja")).write_text('{"title": "someone else\'s"}', encoding="utf-8")
    result = runner.invoke(main, ["init", str(foreign / "q.yaml"), "--lang", "ja"])
    assert result.exit_code == 1
    assert "sla-docgen が作ったスキーマではありません" in result.output  # init speaks the language it writes
    assert sorted(p.name for p in foreign.iterdir()) == [schema_file("ja")]
    assert (foreign / schema_file("ja")).read_text(encoding="utf-8") == '{"title": "someone else\'s"}'


@pytest.mark.parametrize("lang", LANGS)
def test_the_init_questionnaire_raises_no_findings(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    """A starting point that validate --strict accepts: its numbers add up and it shows no known pitfall."""
    target = init(runner, tmp_path, lang)
    result = runner.invoke(main, ["validate", "--strict", "--lang", "en", str(target)])
    assert result.exit_code == 0, result.output
    assert findings(load(target)) == []
