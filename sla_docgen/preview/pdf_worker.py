"""The preview's PDF: rendered by one worker process that keeps WeasyPrint and its fonts loaded between saves.

A save costs a warm render, not a cold one. Saves that come while a PDF is being made are
folded into one more render of the newest revision, so the worker never falls behind.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sla_docgen.errors import UserError


@dataclass(frozen=True, slots=True)
class PdfResult:
    revision: int
    data: bytes | None
    error: str | None


def render_pdf(file: Path, langs: tuple[str, ...] | None, message_lang: str) -> tuple[bytes | None, str | None]:
    """In the worker: the questionnaire's PDF exactly as `sla-docgen render --format pdf` makes it, or the error."""
    from sla_docgen.api import render_outputs

    try:
        (data,) = render_outputs(file, formats=("pdf",), langs=langs).values()
    except UserError as error:
        return None, error.message(message_lang)
    except OSError as error:
        return None, f"{file}: {error.strerror or error}"
    return data, None


def _ready() -> None:
    """A first job, so that the worker loads WeasyPrint and its fonts before anyone asks for a PDF."""


def _start() -> None:
    """Set up the worker: renderers and fonts loaded; the garbage collector runs between saves, not during them.

    A full collection in the middle of a render walks everything the worker keeps (WeasyPrint,
    fonts, caches): about 150 ms of a ~1.3 s render. The parent asks for `_collect` instead
    whenever a PDF is done and no other is waiting.
    """
    from sla_docgen.batch import start_worker

    start_worker(("pdf",))
    gc.collect()
    gc.disable()


def _collect() -> None:
    gc.collect()


class PdfWorker:
    """Renders the PDF of a revision on request; `on_result` hears of each result (from a pool thread)."""

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
        self._executor: ProcessPoolExecutor | None = None
        self._busy = False
        self._pending: int | None = None
        self.requested = False
        """True once anyone has asked for a PDF: from then on every save renders one."""

    def start(self) -> None:
        """Start the worker process and let it load WeasyPrint (in the background)."""
        # spawn: the server has threads by now, which a forked child must not inherit.
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(1, mp_context=context, initializer=_start)
        self._executor.submit(_ready)

    def request(self, revision: int) -> None:
        """Render the file as it is now for `revision`; while a render runs, only the newest request waits."""
        with self._lock:
            self.requested = True
            if self._busy:
                self._pending = revision if self._pending is None else max(self._pending, revision)
                return
            self._busy = True
        self._submit(revision)

    def _submit(self, revision: int) -> None:
        if self._executor is None:
            self.start()
        assert self._executor is not None
        try:
            future = self._executor.submit(render_pdf, self.file, self.langs, self.message_lang)
        except RuntimeError:  # shut down
            return
        future.add_done_callback(lambda done: self._finished(revision, done))

    def _finished(self, revision: int, future: Future[tuple[bytes | None, str | None]]) -> None:
        try:
            data, error = future.result()
        except Exception as exc:  # the worker died (killed, out of memory): the next request starts a new one
            data, error = None, f"{type(exc).__name__}: {exc}"
            self._executor = None
        self._on_result(PdfResult(revision, data, error))
        with self._lock:
            pending, self._pending = self._pending, None
            self._busy = pending is not None
        if pending is not None:
            self._submit(pending)
        elif self._executor is not None:
            try:
                self._executor.submit(_collect)  # while the user reads the new PDF
            except RuntimeError:  # shut down meanwhile
                pass

    def stop(self) -> None:
        """Stop the worker process (a render under way finishes first)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
