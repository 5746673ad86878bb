"""The live preview: `sla-docgen preview FILE` serves the agreement on 127.0.0.1 and follows every save of FILE.

The file watcher renders each save to HTML in this process (tens of milliseconds); a worker
process that keeps WeasyPrint loaded makes the PDF once the PDF view has been opened. The page
hears of each new revision through server-sent events and reloads only its document frame.
"""

from __future__ import annotations

import errno
import signal
import sys
import threading
import webbrowser
from pathlib import Path

from sla_docgen.errors import UserError
from sla_docgen.i18n import N_, translate

MSG_SERVING = N_("Previewing {file} at {url} (Ctrl+C to stop)")
MSG_RENDERED = N_("{time} rendered in {ms} ms")
MSG_PROBLEMS = N_("{time} {count} problem(s): the page shows them")
MSG_PORT_IN_USE = N_("port {port} is in use; choose another with --port (0 picks a free one)")

__all__ = ["serve"]


def serve(
    file: Path,
    *,
    langs: tuple[str, ...] | None = None,
    message_lang: str = "en",
    port: int = 8000,
    open_browser: bool = False,
) -> None:
    """Serve the preview of `file` until interrupted (Ctrl+C)."""
    from sla_docgen.preview.server import PreviewServer
    from sla_docgen.preview.state import Preview
    from sla_docgen.preview.watch import signatures, watch

    preview = Preview(file, langs=langs, message_lang=message_lang)

    def say(msgid: str, **params: object) -> None:
        print(translate(msgid, message_lang.split("+")[0]).format(**params), file=sys.stderr, flush=True)

    def refresh() -> None:
        status = preview.refresh()
        if status.ok:
            say(MSG_RENDERED, time=status.checked_at, ms=status.milliseconds)
        else:
            say(MSG_PROBLEMS, time=status.checked_at, count=len(status.errors))

    baseline = signatures(preview.watched)  # taken before the first read, so that no save goes unseen
    refresh()
    try:
        server = PreviewServer(preview, port)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UserError(MSG_PORT_IN_USE, port=port) from None
        raise
    preview.pdf.start()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(lambda: preview.watched, refresh, stop, baseline), daemon=True)
    watcher.start()
    say(MSG_SERVING, file=file, url=server.url)
    if open_browser:
        webbrowser.open(server.url)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the worker process and the watcher as Ctrl+C does
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping.set()
        server.server_close()
        preview.pdf.stop()
        watcher.join(timeout=2)


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt
