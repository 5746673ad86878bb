"""A real `sla-docgen preview` process for the preview tests, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


class StatusStream:
    """The server's event stream as the page hears it, read by a thread: every status, in order."""

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self.seen: list[dict[str, Any]] = []
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue()
        address = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=timeout)
        connection.request("GET", "/events")
        self._socket = connection.sock
        self._response = connection.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self._response:
                if line.startswith(b"data: "):
                    self._queue.put(json.loads(line[6:]))
        except (OSError, ValueError):  # the server stopped
            pass
        finally:
            self._response.close()

    def until(self, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Statuses as they come, kept in `seen`, until one for which `done` holds (returned)."""
        deadline = time.monotonic() + self.timeout
        while True:
            status = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            self.seen.append(status)
            if done(status):
                return status

    def drain(self) -> list[dict[str, Any]]:
        """The statuses that have come since the last look, without waiting (also kept in `seen`)."""
        new = []
        while not self._queue.empty():
            new.append(self._queue.get_nowait())
        self.seen.extend(new)
        return new

    def close(self) -> None:
        """Stop reading: the reading thread sees the end of the stream at once and closes the response."""
        if self._socket is not None:
            self._socket.shutdown(socket.SHUT_RDWR)


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
