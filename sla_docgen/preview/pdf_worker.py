"""The preview's PDF: rendered by one worker process that keeps WeasyPrint and its fonts loaded between saves.

A save costs a warm render, not a cold one. The thread that sees the save writes the request
into a pipe itself, before it makes the HTML, so that the worker starts at once and the two
renders run side by side on two cores (a process pool would pass it through two threads of its
own, each waiting for the interpreter lock that the HTML render holds). A worker busy with one
revision takes only the newest of the requests that came meanwhile, so it never falls behind;
a render under way is finished rather than given up, so that saves which come faster than
renders still update the PDF.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from sla_docgen.errors import UserError
from sla_docgen.i18n import N_, translate
from sla_docgen.memory import keep_freed_memory

LOGGER = logging.getLogger("sla_docgen")
STOP_SECONDS = 30.0
"""How long stopping waits for a render under way to finish before the worker is terminated."""
MSG_INTERNAL = N_("{file}: internal error: {reason}")
MSG_WORKER_ENDED = N_("the PDF worker process ended unexpectedly; the next save starts a new one")


@dataclass(frozen=True, slots=True)
class PdfResult:
    revision: int
    data: bytes | None
    error: str | None
    milliseconds: int = 0
    """How long the worker took, from reading the file to the PDF's last byte."""


def render_pdf(file: Path, langs: tuple[str, ...] | None, message_lang: str) -> tuple[bytes | None, str | None]:
    """In the worker: the questionnaire's PDF exactly as `sla-docgen render --format pdf` makes it, or the error."""
    from sla_docgen.api import render_outputs

    try:
        (data,) = render_outputs(file, formats=("pdf",), langs=langs).values()
    except UserError as error:
        return None, error.message(message_lang)
    except OSError as error:
        return None, f"{file}: {error.strerror or error}"
    except Exception as error:  # a bug must not end the worker: the page shows it, the log has the traceback
        LOGGER.error("%s", traceback.format_exc())
        reason = f"{type(error).__name__}: {error}"
        return None, " / ".join(
            translate(MSG_INTERNAL, one).format(file=file, reason=reason) for one in message_lang.split("+")
        )
    return data, None


def serve(
    requests: Connection, results: Connection, file: Path, langs: tuple[str, ...] | None, message_lang: str
) -> None:
    """The worker process: load the renderers, then render the newest request until told to stop.

    The garbage collector runs between saves, not during them: a full collection in the middle of
    a render walks everything the worker keeps (WeasyPrint, fonts, caches), about 150 ms of a
    ~1.3 s render. What is loaded at the start is frozen out of every later collection.
    """
    from sla_docgen.batch import start_worker

    keep_freed_memory()
    start_worker(("pdf",))
    gc.collect()
    gc.freeze()
    gc.disable()
    while (revision := _newest(requests)) is not None:
        start = time.perf_counter()
        data, error = render_pdf(file, langs, message_lang)
        try:
            results.send(PdfResult(revision, data, error, round((time.perf_counter() - start) * 1000)))
        except OSError:  # the server has gone while this render ran
            return
        if not requests.poll():
            gc.collect()  # while the user reads the new PDF


def _newest(requests: Connection) -> int | None:
    """The newest revision asked for (waiting for one if none is), or None: stop."""
    try:
        revision: int | None = requests.recv()
        while revision is not None and requests.poll():
            revision = requests.recv()
    except (EOFError, OSError):  # the server has gone
        return None
    return revision


class PdfWorker:
    """Renders the PDF of a revision on request; `on_result` hears of each result (from a reading thread)."""

    def __init__(
        self,
        file: Path,
        *,
        langs: tuple[str, ...] | None,
        message_lang: str,
        on_result: Callable[[PdfResult], None],
    ) -> None:
        self.file = file
        self.langs = langs
        self.message_lang = message_lang
        self._on_result = on_result
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._requests: Connection | None = None
        self._newest = 0
        """The newest revision asked for."""
        self._answered = 0
        """The newest revision the worker has answered for."""
        self._stopped = False
        self.requested = False
        """True once anyone has asked for a PDF: from then on every save renders one."""

    def start(self) -> None:
        """Start the worker process and let it load WeasyPrint (in the background)."""
        with self._lock:
            if self._process is None and not self._stopped:
                self._start()

    def request(self, revision: int) -> None:
        """Render the file as it is now for `revision`; the worker takes the newest request when it is free."""
        with self._lock:
            self.requested = True
            if self._stopped:
                return
            self._newest = max(self._newest, revision)
            if self._requests is not None:
                try:
                    self._requests.send(revision)
                    return
                except OSError:  # the worker has died since the last request: start another
                    self._requests.close()
            self._start()
            assert self._requests is not None
            self._requests.send(revision)

    def stop(self) -> None:
        """Stop the worker process (a render under way finishes first)."""
        with self._lock:
            self._stopped = True
            process, requests, self._process = self._process, self._requests, None
        if process is None or requests is None:
            return
        try:
            requests.send(None)
        except OSError:
            pass
        requests.close()
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.terminate()
            process.join()

    def _start(self) -> None:
        # spawn: the server has threads by now, which a forked child must not inherit.
        context = multiprocessing.get_context("spawn")
        worker_requests, requests = context.Pipe(duplex=False)
        results, worker_results = context.Pipe(duplex=False)
        process = context.Process(
            target=serve,
            args=(worker_requests, worker_results, self.file, self.langs, self.message_lang),
            name="sla-docgen-preview-pdf",
            daemon=True,
        )
        process.start()
        worker_requests.close()  # the worker's ends: closed here, so that its death reads as the end of the pipe
        worker_results.close()
        self._process, self._requests = process, requests
        threading.Thread(target=self._read, args=(process, results), name="pdf-results", daemon=True).start()

    def _read(self, process: BaseProcess, results: Connection) -> None:
        """Pass on each result of `process` until it ends; if it ended by itself, say so for the newest request."""
        while True:
            try:
                result: PdfResult = results.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                self._answered = max(self._answered, result.revision)
            self._on_result(result)
        results.close()
        with self._lock:
            if self._process is not process:  # stopped, or replaced by a request that found it dead
                return
            self._process = None  # killed, out of memory: the next request starts a new worker
            if self._requests is not None:
                self._requests.close()
                self._requests = None
            unanswered = self._newest if self._newest > self._answered else 0
        process.join()
        if unanswered:  # whoever waits for that PDF hears why it will not come
            message = " / ".join(translate(MSG_WORKER_ENDED, one) for one in self.message_lang.split("+"))
            self._on_result(PdfResult(unanswered, None, message))
