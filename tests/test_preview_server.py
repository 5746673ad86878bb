"""The preview server answers only its own pages, only on 127.0.0.1, only to GET and HEAD, and serves no file."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.preview_support import Server, preview_server

SECRET = "the contents of a file beside the questionnaire"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("preview")
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    with preview_server(folder) as running:
        yield running


def request(
    server: Server, method: str, target: str, host: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """A raw HTTP/1.1 request, the target sent exactly as given (no client-side normalisation)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        host = f"127.0.0.1:{server.port}" if host is None else host
        lines = [f"{method} {target} HTTP/1.1", *([f"Host: {host}"] if host else []), "Connection: close"]
        lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    fields = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in header_lines}
    return int(status_line.split()[1]), fields, body


def test_it_listens_on_the_loopback_address_only(server: Server) -> None:
    connections = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=False).stdout
    if not connections:  # no `ss`: ask the kernel table directly
        connections = Path("/proc/net/tcp").read_text()
        assert f"0100007F:{server.port:04X}" in connections
        return
    listening = [line.split()[3] for line in connections.splitlines() if line.split()[3].endswith(f":{server.port}")]
    assert listening == [f"127.0.0.1:{server.port}"]


@pytest.mark.parametrize(
    "path,content_type",
    [
        ("/", "text/html"),
        ("/preview.js", "text/javascript"),
        ("/preview.css", "text/css"),
        ("/document.html", "text/html"),
        ("/status", "application/json"),
        ("/document.html?revision=1", "text/html"),
    ],
)
def test_its_own_pages(server: Server, path: str, content_type: str) -> None:
    status, headers, body = request(server, "GET", path)
    assert status == 200
    assert headers["content-type"].startswith(content_type)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert int(headers["content-length"]) == len(body) > 0


def test_the_document_frame_may_run_no_script(server: Server) -> None:
    _, headers, body = request(server, "GET", "/document.html")
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "アクメ・ファクトリークラウド株式会社" in body.decode("utf-8")
    _, headers, _ = request(server, "GET", "/")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


def test_head_sends_the_headers_without_the_body(server: Server) -> None:
    status, headers, body = request(server, "HEAD", "/document.html")
    assert status == 200 and int(headers["content-length"]) > 0 and body == b""


@pytest.mark.parametrize(
    "target",
    [
        "/secret.txt",
        "/acme-ja.yaml",
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/../../../../etc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        "/document.html/../../secret.txt",
        "/.%2e/secret.txt",
        "/index.html",
        "/document.pdf/",
        "/DOCUMENT.HTML",
        "/preview.js%00.txt",
        "http://127.0.0.1/../secret.txt",
        "file:///etc/passwd",
        "*",
    ],
)
def test_nothing_else_is_served(server: Server, target: str) -> None:
    status, _, body = request(server, "GET", target)
    assert status in (400, 404)
    assert SECRET.encode() not in body and b"root:" not in body


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.1:1", "localhost.evil.example:{port}", ""]
)
def test_other_hosts_are_refused(server: Server, host: str) -> None:
    status, _, body = request(server, "GET", "/", host=host.format(port=server.port))
    assert status == 403
    assert b"<html" not in body


def test_localhost_by_name_is_served(server: Server) -> None:
    status, _, _ = request(server, "GET", "/", host=f"localhost:{server.port}")
    assert status == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_only_get_and_head(server: Server, method: str) -> None:
    status, headers, _ = request(server, method, "/", headers={"Content-Length": "0"})
    assert status == 405
    assert headers["allow"] == "GET, HEAD"


def test_unknown_methods_are_refused(server: Server) -> None:
    status, _, _ = request(server, "PROPFIND", "/")
    assert status in (405, 501)


def test_events_stream_the_status(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/event-stream")
    lines = []
    while not lines or lines[-1] != b"\n" or not any(line.startswith(b"data: ") for line in lines):
        lines.append(response.fp.readline())
    data = json.loads(next(line for line in lines if line.startswith(b"data: "))[6:])
    assert data["ok"] is True and data["goodRevision"] >= 1
    connection.close()


def test_the_pdf_comes_from_the_warm_worker(server: Server, tmp_path: Path) -> None:
    status, headers, body = request(server, "GET", "/document.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == "inline; filename*=UTF-8''acme-ja.pdf"
    (tmp_path / "first.pdf").write_bytes(body)
    text = subprocess.run(["pdftotext", str(tmp_path / "first.pdf"), "-"], capture_output=True, text=True, check=True)
    assert "アクメ・ファクトリークラウド株式会社" in text.stdout
    server.edit("company: アクメ・ファクトリークラウド株式会社", "company: アクメ・プレビュー株式会社")
    deadline = time.monotonic() + 60
    while True:
        _, _, state = request(server, "GET", "/status")
        if json.loads(state)["pdfRevision"] >= 2:
            break
        assert time.monotonic() < deadline, state
        time.sleep(0.1)
    _, _, body = request(server, "GET", "/document.pdf")
    (tmp_path / "second.pdf").write_bytes(body)
    text = subprocess.run(["pdftotext", str(tmp_path / "second.pdf"), "-"], capture_output=True, text=True, check=True)
    assert "アクメ・プレビュー株式会社" in text.stdout


def test_a_busy_port_is_a_clear_error(server: Server) -> None:
    done = subprocess.run(
        ["sla-docgen", "preview", str(server.file), "--port", str(server.port)],
        capture_output=True,
        text=True,
        env={"LANGUAGE": "en", "PATH": str(Path(__import__("sys").executable).parent)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert f"port {server.port} is in use; choose another with --port" in done.stderr
