"""`sla-docgen render A.yaml B.yaml ...`: each input all-or-nothing, failures reported, the others rendered."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.cli import main
from tests.conftest import MINIMAL, ROOT, replace_once

CLI = [sys.executable, "-m", "sla_docgen"]
ENGLISH = {"LANGUAGE": "en"}
"""Messages in English (`--lang en` would also make the outputs English-only and name them `.en.md`)."""


def inputs(folder: Path, names: list[str], source: Path = MINIMAL) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        shutil.copyfile(source, path)
        paths.append(path)
    return paths


def broken(folder: Path, name: str = "broken.yaml") -> Path:
    path = folder / name
    text = replace_once(MINIMAL.read_text(encoding="utf-8"), "company: Minimal Corp", "company: 12")
    path.write_text(text, encoding="utf-8")
    return path


def test_every_input_is_rendered_and_listed_in_input_order(runner: CliRunner, tmp_path: Path) -> None:
    files = inputs(tmp_path / "in", ["c.yaml", "a.yaml", "b.yaml"])
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", *map(str, files), "-f", "md,html", "-o", str(out)], env=ENGLISH)
    assert result.exit_code == 0, result.output
    expected = [out / f"{stem}.{suffix}" for stem in ("c", "a", "b") for suffix in ("md", "html")]
    assert result.stdout.splitlines() == [str(path) for path in expected]
    assert result.stderr.splitlines()[-1].startswith("3 of 3 questionnaires rendered, 0 failed, 6 files written in ")
    for path in expected:
        assert "Minimal Corp" in path.read_text(encoding="utf-8")


def test_a_bad_input_is_reported_and_the_others_are_rendered(runner: CliRunner, tmp_path: Path) -> None:
    good = inputs(tmp_path, ["one.yaml", "two.yaml"])
    bad = broken(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(good[0]), str(bad), str(good[1]), "-o", str(out)], env=ENGLISH)
    assert result.exit_code == 1
    assert f"{bad}:4:12: agreement.company: expected text, got a number 12" in result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["one.md", "two.md"]
    assert result.stderr.splitlines()[-1].startswith("2 of 3 questionnaires rendered, 1 failed, 2 files written")


def test_an_input_whose_second_format_fails_writes_none_of_its_files(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sla_docgen.errors import RenderError
    from sla_docgen.render import html

    files = inputs(tmp_path, ["first.yaml", "second.yaml"])
    files[1].write_text(
        replace_once(files[1].read_text(encoding="utf-8"), "company: Minimal Corp", "company: Failing Corp"),
        encoding="utf-8",
    )
    real = html.render

    def failing(document, options):  # type: ignore[no-untyped-def]
        if document.metadata.company.primary.text == "Failing Corp":
            raise RenderError("Template error: {reason}", reason="injected")
        return real(document, options)

    monkeypatch.setattr(html, "render", failing)
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", *map(str, files), "-f", "md,html", "-o", str(out)], env=ENGLISH)
    assert result.exit_code == 1
    assert "Template error: injected" in result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["first.html", "first.md"]


def test_an_internal_error_in_one_input_exits_3_after_the_others(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sla_docgen import api

    files = inputs(tmp_path, ["a.yaml", "b.yaml"])
    real = api.render_files

    def crashing(file: Path, **options: object) -> list[Path]:
        if file.name == "a.yaml":
            raise ZeroDivisionError("division by zero")
        return real(file, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "render_files", crashing)
    runner.expect_internal_error = True  # type: ignore[attr-defined]  # the crash is provoked on purpose
    result = runner.invoke(main, ["render", *map(str, files), "-o", str(tmp_path / "out")], env=ENGLISH)
    assert result.exit_code == 3
    assert f"{files[0]}: internal error: ZeroDivisionError: division by zero" in result.stderr
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["b.md"]


def test_two_inputs_that_would_write_the_same_file_are_refused_before_anything_is_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    first = inputs(tmp_path / "a", ["agreement.yaml"])[0]
    second = inputs(tmp_path / "b", ["agreement.yaml"])[0]
    out = tmp_path / "out"
    result = runner.invoke(main, ["render", str(first), str(second), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{first} and {second} would both be written to {out / 'agreement.md'}" in result.stderr
    assert not out.exists()


def test_the_same_file_named_twice_is_rendered_once(runner: CliRunner, tmp_path: Path) -> None:
    (file,) = inputs(tmp_path, ["a.yaml"])
    result = runner.invoke(main, ["render", str(file), str(tmp_path / "." / "a.yaml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(tmp_path / "out" / "a.md")]


def test_pdf_batch_in_two_worker_processes(tmp_path: Path) -> None:
    files = inputs(tmp_path / "in", ["a.yaml", "b.yaml", "c.yaml"], ROOT / "samples" / "globex-en.yaml")
    bad = broken(tmp_path / "in")
    out = tmp_path / "out"
    done = subprocess.run(
        [*CLI, "render", *map(str, [*files, bad]), "-f", "pdf", "-o", str(out), "--jobs", "2"],
        env=dict(os.environ, **ENGLISH),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [str(out / f"{name}.pdf") for name in "abc"]
    for name in "abc":
        text = subprocess.run(["pdftotext", str(out / f"{name}.pdf"), "-"], capture_output=True, text=True, check=True)
        assert "Globex" in text.stdout
    assert sorted(path.name for path in out.iterdir()) == ["a.pdf", "b.pdf", "c.pdf"], "no temporary file is left"
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("3 of 4 questionnaires rendered, 1 failed, 3 files written")
    assert "\r" not in done.stderr and "|" not in done.stderr, "no progress bar when stderr is not a terminal"


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    files = inputs(tmp_path, ["a.yaml", "b.yaml", "c.yaml"])
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty has 0 columns
    try:
        done = subprocess.run(
            [*CLI, "render", *map(str, files), "-o", str(tmp_path / "out")],
            env=dict(os.environ, **ENGLISH),
            stdout=subprocess.PIPE,
            stderr=terminal,
            check=False,
        )
        os.close(terminal)
        screen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal is closed and drained
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0
    text = screen.decode("utf-8", "replace")
    assert "0/3" in text and "file/s]" in text, text
    assert "3 of 3 questionnaires rendered" in text
    assert done.stdout.decode().count("\n") == 3, "the bar never goes to stdout"
