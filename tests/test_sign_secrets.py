"""The key's passphrase: only from an environment variable or a prompt without echo, and never shown anywhere."""

from __future__ import annotations

import logging
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sla_docgen.cli import main
from sla_docgen.errors import UserError
from tests.sign_support import PASSPHRASE, Pki

CLI = str(Path(sys.executable).with_name("sla-docgen"))
WRONG = "WRONG-passphrase-Ωmega-7f3a"


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "LANG": "en_US.UTF-8", **env}
    return subprocess.run([CLI, *args], capture_output=True, text=True, env=full_env, stdin=subprocess.DEVNULL)


def test_a_wrong_passphrase_is_an_error_that_does_not_show_it(pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    for key in (
        [str(pki.signers["sales"].p12_file)],
        [str(pki.signers["sales"].key_file), "--cert", str(pki.signers["sales"].cert_file)],
    ):
        result = _cli(
            ["sign", str(sample_pdf), "--party", "sales", "--key", *key, "--passphrase-env", "PW", "-o", str(target)],
            {"PW": WRONG},
        )
        assert result.returncode == 1
        assert "wrong passphrase, or not a private key" in result.stderr
        assert WRONG not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    assert not target.exists()


def test_the_passphrase_appears_in_no_log_message_and_no_output(
    pki: Pki, sample_pdf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from sla_docgen.api import sign_pdf

    caplog.set_level(logging.DEBUG)  # every logger, every level: pyHanko, cryptography, asyncio, sla_docgen
    with pytest.raises(UserError) as failed:
        sign_pdf(sample_pdf, party="sales", key=pki.signers["sales"].p12_file, passphrase=lambda: WRONG.encode())
    assert WRONG not in str(failed.value) and WRONG not in failed.value.message("ja+en")
    signed = sign_pdf(
        sample_pdf,
        party="sales",
        key=pki.signers["sales"].p12_file,
        passphrase=lambda: PASSPHRASE.encode(),
        output=tmp_path / "s.pdf",
    )
    assert caplog.records  # the capture did see pyHanko's debug messages
    assert WRONG not in caplog.text and PASSPHRASE not in caplog.text
    data = signed.read_bytes()
    for encoding in ("utf-8", "utf-16-be"):
        assert PASSPHRASE.encode(encoding) not in data


def test_a_missing_variable_names_the_variable(pki: Pki, sample_pdf: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main,
        [
            "sign",
            str(sample_pdf),
            "--party",
            "sales",
            "--key",
            str(pki.signers["sales"].p12_file),
            "--passphrase-env",
            "SLA_NO_SUCH_VARIABLE",
            "-o",
            str(tmp_path / "x.pdf"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "The environment variable SLA_NO_SUCH_VARIABLE is not set" in result.output


def test_without_a_terminal_an_encrypted_key_asks_for_the_variable(pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    result = _cli(
        [
            "sign",
            str(sample_pdf),
            "--party",
            "sales",
            "--key",
            str(pki.signers["sales"].p12_file),
            "-o",
            str(tmp_path / "x.pdf"),
        ],
        {},
    )
    assert result.returncode == 2
    assert "give --passphrase-env VARIABLE, or run in a terminal" in result.stderr


def _read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_the_prompt_does_not_echo_the_passphrase(pki: Pki, sample_pdf: Path, tmp_path: Path) -> None:
    """A real terminal (a pseudo-terminal that is the command's controlling terminal) shows no passphrase."""
    target = tmp_path / "prompted.pdf"
    args = [
        CLI,
        "sign",
        str(sample_pdf),
        "--party",
        "sales",
        "--key",
        str(pki.signers["sales"].p12_file),
        "-o",
        str(target),
    ]
    pid, fd = pty.fork()
    if pid == 0:  # the child: run the command with the pseudo-terminal as its terminal
        os.execve(CLI, args, {**os.environ, "LANG": "en_US.UTF-8"})
    try:
        transcript = _read_until(fd, b"Passphrase", 60)
        assert b"Passphrase" in transcript, transcript
        os.write(fd, PASSPHRASE.encode() + b"\n")
        transcript += _read_until(fd, b"\x00never", 120)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, transcript
    assert PASSPHRASE.encode() not in transcript
    assert b"staple" not in transcript  # not even the ASCII part of it
    assert str(target).encode() in transcript
    assert target.read_bytes().startswith(b"%PDF")
