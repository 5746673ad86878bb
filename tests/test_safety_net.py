"""The safety net: an exception nobody expected is one line, exit 3, with the command that shows the traceback."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.cli import main
from tests.conftest import MINIMAL, _checked_invoke
from tests.hostile_support import ENVIRONMENTS, previous_outputs, snapshot


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom\nthe second line of the message")


def _runner() -> CliRunner:
    runner = CliRunner()
    runner.expect_internal_error = True  # type: ignore[attr-defined]  # this module provokes exit 3 on purpose
    return runner


@pytest.mark.parametrize(
    "lang,words",
    [
        ("en", "internal error (RuntimeError: boom): this is a bug in sla-docgen; run `{command}` to see the details"),
        (
            "ja",
            "内部エラー（RuntimeError: boom）：sla-docgen の不具合です。詳細は `{command}` を実行すると表示されます",
        ),
    ],
)
def test_an_unexpected_exception_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch, lang: str, words: str) -> None:
    monkeypatch.setattr("sla_docgen.validate.validate", _boom)
    result = _runner().invoke(main, ["validate", str(MINIMAL)], env=ENVIRONMENTS[lang])
    assert result.exit_code == 3
    command = shlex.join(["sla-docgen", "--debug", "validate", str(MINIMAL)])
    assert result.stderr == words.format(command=command) + "\n"
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sla_docgen.validate.validate", _boom)
    result = _runner().invoke(main, ["--debug", "validate", str(MINIMAL)], env=ENVIRONMENTS["en"])
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr and "RuntimeError: boom" in result.stderr


def test_an_internal_error_while_rendering_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous_outputs(out, "minimal")
    before = snapshot(out)
    from sla_docgen.render import html

    monkeypatch.setattr(html, "render", _boom)  # the second format of the batch fails
    args = ["render", str(MINIMAL), "-f", "md,html", "-o", str(out), "--lang", "en"]
    result = _runner().invoke(main, args, env=ENVIRONMENTS["en"])
    assert result.exit_code == 3 and result.stderr.startswith("internal error (RuntimeError: boom)")
    assert snapshot(out) == before


def test_user_and_usage_errors_keep_their_codes() -> None:
    runner = _runner()
    assert runner.invoke(main, ["validate", "/no/such/file.yaml"]).exit_code == 2
    assert runner.invoke(main, ["render", str(MINIMAL), "-f", "nope"]).exit_code == 2
    assert runner.invoke(main, ["extract", str(MINIMAL)], env=ENVIRONMENTS["en"]).exit_code == 1


def test_interrupting_is_not_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sla_docgen.validate.validate", interrupted)
    result = _runner().invoke(main, ["validate", str(MINIMAL)])
    assert result.exit_code == 1 and "Aborted" in result.output


def test_the_suite_fails_on_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard every test runs under (conftest): an internal error fails the test that caused it."""
    monkeypatch.setattr("sla_docgen.validate.validate", _boom)
    with pytest.raises(pytest.fail.Exception, match="internal error"):
        _checked_invoke(CliRunner(), main, ["validate", str(MINIMAL)])
