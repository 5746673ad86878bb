"""A real `sla-docgen preview` process for the preview tests, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE = ROOT / "samples" / "acme-ja.yaml"
TITLE = "マーケティング・インサイドセールス・営業 サービスレベルアグリーメント"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    file: Path
    port: int

    def edit(self, old: str, new: str, *more: tuple[str, str]) -> None:
        """Save the questionnaire with `old` replaced (and `more` pairs), as an editor does: a new file renamed over."""
        text = self.file.read_text(encoding="utf-8")
        for before, after in ((old, new), *more):
            assert text.count(before) == 1, f"{before!r} occurs {text.count(before)} times"
            text = text.replace(before, after)
        temporary = self.file.with_name(f".{self.file.name}.saving")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.file)


@contextmanager
def preview_server(folder: Path, *args: str, source: Path = SAMPLE) -> Iterator[Server]:
    """`sla-docgen preview COPY --port 0` on a copy of `source`; stopped (SIGTERM) afterwards."""
    file = folder / source.name
    shutil.copyfile(source, file)
    process = subprocess.Popen(
        [sys.executable, "-m", "sla_docgen", "preview", str(file), "--port", "0", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=dict(os.environ, LANGUAGE="en"),
    )
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"Previewing" not in seen:
            assert process.poll() is None, seen.decode()
            assert time.monotonic() < deadline, seen.decode()
            if select.select([process.stderr], [], [], 0.5)[0]:
                seen += os.read(process.stderr.fileno(), 4096)
        match = re.search(rb"http://127\.0\.0\.1:(\d+)/", seen)
        assert match, seen
        yield Server(process, match.group(0).decode(), file, int(match.group(1)))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            process.stderr.close()
