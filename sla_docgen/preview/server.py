"""The preview's HTTP server: on 127.0.0.1 only, GET and HEAD of its own few pages, never a file from the disk.

Every request must name this server in its Host header (`127.0.0.1:PORT` or `localhost:PORT`),
which stops other web sites from reaching it through DNS rebinding; anything but the routes
below is 404, any method but GET and HEAD is 405. Pages carry a Content-Security-Policy: the
document frame runs no script and loads nothing but inline styles and `data:` images.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

from sla_docgen.preview import page
from sla_docgen.preview.state import Preview

HOST = "127.0.0.1"
KEEP_ALIVE_SECONDS = 15.0
PDF_WAIT_SECONDS = 120.0

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)


class PreviewServer(ThreadingHTTPServer):
    """Serves one Preview; one thread per connection (the event streams stay open)."""

    daemon_threads = True

    def __init__(self, preview: Preview, port: int) -> None:
        super().__init__((HOST, port), Handler)
        self.preview = preview
        self.stopping = threading.Event()
        self.index = page.index(preview.file, preview.message_lang)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "sla-docgen-preview"
    sys_version = ""

    # -- what is refused ------------------------------------------------------------------------------
    def _refuse_method(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self._finish_headers("text/plain; charset=utf-8", b"")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def _host_allowed(self) -> bool:
        host = self.headers.get("Host", "")
        return host in (f"{HOST}:{self.server.port}", f"localhost:{self.server.port}")

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal shows the renders."""

    # -- what is served -------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        if not self._host_allowed():
            self._plain(HTTPStatus.FORBIDDEN, b"This preview only answers to 127.0.0.1 and localhost.\n", send_body)
            return
        path = self.path.split("?", 1)[0]
        route = ROUTES.get(path)
        if route is None:
            self._plain(HTTPStatus.NOT_FOUND, b"Not found.\n", send_body)
            return
        route(self, send_body)

    def _index(self, send_body: bool) -> None:
        self._send(self.server.index, "text/html; charset=utf-8", send_body, policy=PAGE_POLICY, frame="DENY")

    def _script(self, send_body: bool) -> None:
        self._send(page.asset("preview.js"), "text/javascript; charset=utf-8", send_body)

    def _style(self, send_body: bool) -> None:
        self._send(page.asset("preview.css"), "text/css; charset=utf-8", send_body)

    def _document(self, send_body: bool) -> None:
        preview = self.server.preview
        body = preview.html or page.no_valid_version(preview.message_lang)
        self._send(body, "text/html; charset=utf-8", send_body, policy=DOCUMENT_POLICY, frame="SAMEORIGIN")

    def _pdf(self, send_body: bool) -> None:
        preview = self.server.preview
        data, error = preview.pdf_for_good_revision(PDF_WAIT_SECONDS)
        if data is None:
            self._plain(HTTPStatus.SERVICE_UNAVAILABLE, (error or "No PDF yet.").encode("utf-8") + b"\n", send_body)
            return
        name = quote(f"{preview.file.stem}.pdf")
        self._send(
            data,
            "application/pdf",
            send_body,
            policy="frame-ancestors 'self'",
            frame="SAMEORIGIN",
            extra={"Content-Disposition": f"inline; filename*=UTF-8''{name}"},
        )

    def _status(self, send_body: bool) -> None:
        body = json.dumps(self.server.preview.status.as_json(), ensure_ascii=False).encode("utf-8")
        self._send(body, "application/json", send_body)

    def _events(self, send_body: bool) -> None:
        """Server-sent events: the status now, then at every change; a comment now and then keeps it open."""
        self.send_response(HTTPStatus.OK)
        self._finish_headers("text/event-stream; charset=utf-8", None)
        if not send_body:
            return
        preview = self.server.preview
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not self.server.stopping.is_set():
                status = preview.wait_for_change(seen, KEEP_ALIVE_SECONDS)
                if status.sequence > seen:
                    seen = status.sequence
                    data = json.dumps(status.as_json(), ensure_ascii=False)
                    self.wfile.write(f"id: {seen}\nevent: status\ndata: {data}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the page was closed
            return

    # -- responses ------------------------------------------------------------------------------------
    def _plain(self, code: HTTPStatus, body: bytes, send_body: bool) -> None:
        self.send_response(code)
        self._finish_headers("text/plain; charset=utf-8", body, send_body=send_body)

    def _send(
        self,
        body: bytes,
        content_type: str,
        send_body: bool,
        *,
        policy: str = "default-src 'none'; frame-ancestors 'none'",
        frame: str = "DENY",
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Frame-Options", frame)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self._finish_headers(content_type, body, send_body=send_body)

    def _finish_headers(self, content_type: str, body: bytes | None, *, send_body: bool = True) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and send_body:
            self.wfile.write(body)


ROUTES: dict[str, Callable[[Handler, bool], None]] = {
    "/": Handler._index,
    "/preview.js": Handler._script,
    "/preview.css": Handler._style,
    "/document.html": Handler._document,
    "/document.pdf": Handler._pdf,
    "/status": Handler._status,
    "/events": Handler._events,
}
