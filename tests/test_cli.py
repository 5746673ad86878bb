"""The command line: options pass through, exit codes are as documented, nothing is written on error."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen import __version__
from sla_docgen.cli import main
from tests.conftest import MINIMAL, ROOT, SAMPLES, replace_once
from tests.test_loader import CASES as LOADER_CASES


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"sla-docgen, version {__version__}\n"


@pytest.mark.parametrize("command", ["init", "validate", "render", "preview", "schema", "extract"])
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: main " + command in result.output or f"Usage: sla-docgen {command}" in result.output


def test_init_guidance_is_in_the_chosen_language(tmp_path: Path, runner: CliRunner) -> None:
    runner.invoke(main, ["init", str(tmp_path / "ja.yaml"), "--lang", "ja"])
    runner.invoke(main, ["init", str(tmp_path / "en.yaml"), "--lang", "en"])
    ja = (tmp_path / "ja.yaml").read_text(encoding="utf-8")
    en = (tmp_path / "en.yaml").read_text(encoding="utf-8")
    assert "目標" in ja and "MQL" in ja
    assert "目標" not in en and "goal" in en.lower()
    assert runner.invoke(main, ["validate", str(tmp_path / "ja.yaml"), str(tmp_path / "en.yaml")]).exit_code == 0


def test_init_never_overwrites_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = runner.invoke(main, ["init", str(target), "--lang", "en"])
    assert result.exit_code == 1
    assert "already exists; use --force" in result.output
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert runner.invoke(main, ["init", str(target), "--lang", "en", "--force"]).exit_code == 0
    assert target.read_text(encoding="utf-8") != "mine\n"


def test_validate_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(replace_once(MINIMAL.read_text(encoding="utf-8"), "  scope: All", "  scpoe: All"), encoding="utf-8")
    assert runner.invoke(main, ["validate", *map(str, SAMPLES), str(MINIMAL)]).exit_code == 0
    result = runner.invoke(main, ["validate", str(MINIMAL), str(bad), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{bad}:22:3: overview.scpoe: unknown field 'scpoe'; did you mean 'scope'?" in result.output
    assert runner.invoke(main, ["validate", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert runner.invoke(main, ["validate"]).exit_code == 2


def test_validate_language_follows_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)], env={"LANG": "ja_JP.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert "ファイルが空です" in result.output
    result = runner.invoke(main, ["validate", str(bad)], env={"LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert "the file is empty" in result.output


def test_render_markdown(runner: CliRunner, tmp_path: Path) -> None:
    sample = ROOT / "samples" / "acme-ja.yaml"
    result = runner.invoke(main, ["render", str(sample), "--format", "md", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "acme-ja.md"
    charts = [tmp_path / "acme-ja.funnel.svg", tmp_path / "acme-ja.goal-line.svg"]
    assert result.output.splitlines() == [str(out), *map(str, charts)]  # the charts the Markdown links
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_render_passes_language_through(runner: CliRunner, tmp_path: Path) -> None:
    sample = ROOT / "samples" / "acme-bilingual.yaml"
    result = runner.invoke(main, ["render", str(sample), "-f", "md", "--lang", "en", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "acme-bilingual.en.md").read_text(encoding="utf-8")
    assert "## 1. Overview" in text and "概要" not in text


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(
    "args,code,words",
    [
        (["--format", "md,nope"], 2, "unknown format 'nope'"),
        (["--format", "md", "--lang", "en"], 1, "is not written in en"),
    ],
)
def test_render_errors_write_nothing(runner: CliRunner, tmp_path: Path, args: list[str], code: int, words: str) -> None:
    sample = ROOT / "samples" / "acme-ja.yaml"
    before = sample.read_bytes()
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(sample), *args, "--output", str(out)])
    assert result.exit_code == code, result.output
    assert words in result.output
    assert not out.exists() or _tree(out) == {}
    assert sample.read_bytes() == before


def test_render_invalid_input_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        replace_once(MINIMAL.read_text(encoding="utf-8"), "company: Minimal Corp", "company: 12"), encoding="utf-8"
    )
    before = _tree(tmp_path)
    result = runner.invoke(main, ["render", str(bad), "-f", "md", "-o", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{bad}:4:12: agreement.company: expected text, got a number 12" in result.output
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("lang,title", [("ja", "質問票"), ("en", "questionnaire")])
def test_schema_command(runner: CliRunner, tmp_path: Path, lang: str, title: str) -> None:
    result = runner.invoke(main, ["schema", "--lang", lang])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert title in schema["title"]
    target = tmp_path / "s.json"
    assert runner.invoke(main, ["schema", "--lang", lang, "--output", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == result.output
    reference = runner.invoke(main, ["schema", "--lang", lang, "--format", "md"])
    assert reference.exit_code == 0 and reference.output.startswith("# ")


def test_schema_language_follows_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"], env={"LANG": "ja_JP.UTF-8", "LANGUAGE": "", "LC_ALL": ""})
    assert "質問票" in json.loads(result.output)["title"]


def test_outputs_get_ordinary_permissions(runner: CliRunner, tmp_path: Path) -> None:
    import os
    import stat

    result = runner.invoke(main, ["render", str(MINIMAL), "-f", "md", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "minimal.md").stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["minimal.md"]  # no temporary files left behind


@pytest.mark.parametrize("name,text,where,path,words", LOADER_CASES, ids=[c[0] for c in LOADER_CASES])
def test_every_bad_input_fails_render_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, name: str, text: str, where: str, path: str | None, words: str
) -> None:
    source = tmp_path / "q.yaml"
    source.write_bytes(text.encode("utf-8"))
    before = _tree(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(source), "-f", "md,docx", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert f"{source}:{where}: " in result.output and words in result.output
    assert _tree(tmp_path) == before and not out.exists()


@pytest.mark.parametrize(
    "args,code,stream,words",
    [
        (["validate", str(ROOT / "samples" / "acme-ja.yaml")], 0, "stdout", ""),
        (["validate", str(MINIMAL), "--lang", "en"], 0, "stdout", ""),
        (["render", str(ROOT / "samples" / "globex-en.yaml"), "-f", "nope"], 2, "stderr", "unknown format 'nope'"),
        (["render", str(ROOT / "samples" / "acme-ja.yaml"), "--lang", "en", "-o", "{out}"], 1, "stderr", "in en"),
        (["render", str(MINIMAL), "-o", "{out}"], 0, "stdout", "minimal.md"),
    ],
)
def test_the_program_exits_with_the_command_status_and_its_output_flushed(
    tmp_path: Path, args: list[str], code: int, stream: str, words: str
) -> None:
    """`sla-docgen` ends with os._exit once the command is done: its exit status and output must survive that."""
    done = subprocess.run(
        [sys.executable, "-m", "sla_docgen", *(arg.format(out=tmp_path) for arg in args)],
        capture_output=True,
        text=True,
        env=dict(os.environ, LANGUAGE="en"),
        check=False,
    )
    assert done.returncode == code, done.stderr
    assert words in getattr(done, stream)
