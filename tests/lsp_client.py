"""A small Language Server Protocol client (JSON-RPC over stdio) for driving yaml-language-server in tests.

Standard library only: Content-Length framed JSON messages on the server's stdin and stdout,
a reader thread that answers the server's own requests (configuration, registrations) and
files notifications (diagnostics) by document.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

SERVER = ROOT / "tests" / "lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
INSTALL = "npm ci --prefix tests/lsp"

SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},  # nothing is fetched from the internet
        "schemas": {},
    }
}


class LspClient:
    """One yaml-language-server process; `request` waits for its answer, diagnostics arrive by document."""

    def __init__(self, locale: str = "en", timeout: float = 30) -> None:
        node = shutil.which("node")
        if node is None or not SERVER.is_file():
            raise RuntimeError(f"yaml-language-server is not installed; run: {INSTALL} (see README, Development)")
        self.timeout = timeout
        self.process = subprocess.Popen(
            [node, str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._next_id = 0
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.diagnostics: dict[str, queue.Queue[list[dict[str, Any]]]] = {}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "locale": locale,
                "capabilities": {
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown"]}},
                        "publishDiagnostics": {},
                    },
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    # --- JSON-RPC over stdio ------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self._lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self._dispatch(json.loads(stream.read(length)))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" not in message:  # an answer to one of our requests
            self._answers[message["id"]].put(message)
        elif "id" in message:  # the server asks us something
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [
                    SETTINGS.get(item.get("section", ""), SETTINGS["yaml"]) for item in message["params"]["items"]
                ]
            self._send({"id": message["id"], "result": result})
        elif message.get("method") == "textDocument/publishDiagnostics":
            uri = message["params"]["uri"]
            self.diagnostics.setdefault(uri, queue.Queue()).put(message["params"]["diagnostics"])

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self._next_id += 1
        number = self._next_id
        self._answers[number] = queue.Queue()
        self._send({"id": number, "method": method, "params": params})
        answer = self._answers[number].get(timeout=self.timeout)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    # --- what the tests do --------------------------------------------------------------------------

    def open(self, path: Path, text: str | None = None) -> str:
        """Open a document (its text from disk unless given); returns its URI.

        Each opening gets a URI of its own in the same folder (a relative `$schema` still resolves),
        so that diagnostics cleared for a closed document are never taken for those of a new one.
        """
        self._opened = getattr(self, "_opened", 0) + 1
        uri = path.resolve().with_name(f"{path.stem}.{self._opened}{path.suffix}").as_uri()
        self.diagnostics[uri] = queue.Queue()
        content = path.read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": content}},
        )
        return uri

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def wait_diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The first diagnostics the server publishes for a document after it is opened."""
        return self.diagnostics[uri].get(timeout=self.timeout)

    def hover(self, uri: str, line: int, character: int) -> str:
        """The hover text at a 0-based position ("" when there is none)."""
        result = self.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        )
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        return list(result["items"] if isinstance(result, dict) else result or [])

    def shutdown(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self._reader.join(timeout=10)
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
