"""What the preview knows: the newest revision of the questionnaire, its errors, and the last good HTML and PDF.

Each save makes a new revision. A valid one replaces the HTML (and, once someone has looked at
the PDF, starts a PDF); an invalid one keeps the last good rendering and records the located
errors. Browsers wait on `wait_for_change` and are told of every new revision.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from sla_docgen.errors import UserError
from sla_docgen.i18n import N_, translate
from sla_docgen.preview.pdf_worker import PdfResult, PdfWorker

LOGGER = logging.getLogger("sla_docgen")
MSG_UNREADABLE = N_("{file}: cannot be read: {reason}")
MSG_INTERNAL = N_("{file}: internal error: {reason}")


@dataclass(frozen=True, slots=True)
class Status:
    """What the page shows about the newest revision (sent to the browser as JSON)."""

    sequence: int = 0
    """Grows by one whenever anything below changes."""
    revision: int = 0
    ok: bool = False
    errors: tuple[str, ...] = ()
    checked_at: str = ""
    milliseconds: int = 0
    good_revision: int = 0
    """The revision whose HTML is shown; 0 before any revision was valid."""
    good_at: str = ""
    pdf_revision: int = 0
    """The revision of the last good PDF; 0 before there is one."""
    pdf_at: str = ""
    pdf_milliseconds: int = 0
    """How long the worker took to make the last good PDF."""
    pdf_error: str = ""
    pdf_checked: int = 0
    """The newest revision the PDF worker has answered for, with a PDF or an error."""

    def as_json(self) -> dict[str, object]:
        return {
            "sequence": self.sequence,
            "revision": self.revision,
            "ok": self.ok,
            "errors": list(self.errors),
            "checkedAt": self.checked_at,
            "milliseconds": self.milliseconds,
            "goodRevision": self.good_revision,
            "goodAt": self.good_at,
            "pdfRevision": self.pdf_revision,
            "pdfAt": self.pdf_at,
            "pdfMilliseconds": self.pdf_milliseconds,
            "pdfError": self.pdf_error,
        }


@dataclass(slots=True)
class _Renderings:
    html: bytes | None = None
    pdf: bytes | None = None
    watched: set[Path] = field(default_factory=set)


def render_html(file: Path, langs: tuple[str, ...] | None) -> tuple[bytes, set[Path]]:
    """The questionnaire as the standalone HTML page, and the files it was made from (itself, its logo)."""
    from sla_docgen.api import build, load
    from sla_docgen.render import RenderOptions, render

    questionnaire = load(file)
    document = build(questionnaire, langs=langs)
    html = render(document, "html", RenderOptions(source=questionnaire.source.source, source_name=file.name))
    used = {file.resolve()}
    branding = questionnaire.agreement.agreement.branding
    if branding is not None and branding.logo:  # found beside the questionnaire (the preview takes no template folder)
        used.add((file.parent / branding.logo).resolve())
    return html, used


class Preview:
    """The shared state between the file watcher, the PDF worker and the HTTP handlers."""

    def __init__(self, file: Path, *, langs: tuple[str, ...] | None, message_lang: str) -> None:
        self.file = file
        self.langs = langs
        self.message_lang = message_lang
        self._changed = threading.Condition()
        self._status = Status()
        self._renderings = _Renderings(watched={file.resolve()})
        self.pdf = PdfWorker(file, langs=langs, message_lang=message_lang, on_result=self._pdf_done)

    # -- reading, from the HTTP handlers --------------------------------------------------------------
    @property
    def status(self) -> Status:
        with self._changed:
            return self._status

    @property
    def html(self) -> bytes | None:
        with self._changed:
            return self._renderings.html

    @property
    def watched(self) -> set[Path]:
        with self._changed:
            return set(self._renderings.watched)

    def wait_for_change(self, seen: int, timeout: float) -> Status:
        """The status once its sequence is past `seen`, or as it is after `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self._status.sequence > seen, timeout)
            return self._status

    def pdf_for_good_revision(self, timeout: float) -> tuple[bytes | None, str]:
        """The PDF of the revision whose HTML is shown, waiting for it if needed; else the last good PDF."""
        with self._changed:
            status = self._status
            if status.good_revision == 0:
                return None, status.pdf_error or "\n".join(status.errors)
            if status.pdf_checked < status.good_revision:
                if not self.pdf.requested:  # after the first request, every save starts its PDF
                    self.pdf.request(status.good_revision)
                self._changed.wait_for(lambda: self._status.pdf_checked >= status.good_revision, timeout)
            return self._renderings.pdf, self._status.pdf_error

    # -- writing, from the watcher and the PDF worker ---------------------------------------------------
    def refresh(self) -> Status:
        """Render the file as it is now as a new revision; the page hears of it."""
        with self._changed:
            revision = self._status.revision + 1
        if self.pdf.requested:
            self.pdf.request(revision)  # in the worker, while this thread makes the HTML
        start = time.perf_counter()
        errors: tuple[str, ...] = ()
        html, used = None, set[Path]()
        try:
            html, used = render_html(self.file, self.langs)
        except UserError as error:
            errors = tuple(error.message(self.message_lang).splitlines())
        except OSError as error:
            errors = (self._message(MSG_UNREADABLE, reason=error.strerror or str(error)),)
        except Exception as error:  # a bug must not stop the preview: show it, log the traceback
            LOGGER.error("%s", traceback.format_exc())
            errors = (self._message(MSG_INTERNAL, reason=f"{type(error).__name__}: {error}"),)
        now = time.strftime("%H:%M:%S")
        milliseconds = round((time.perf_counter() - start) * 1000)
        with self._changed:
            status = replace(
                self._status,
                sequence=self._status.sequence + 1,
                revision=revision,
                ok=html is not None,
                errors=errors,
                checked_at=now,
            )
            if html is not None:
                status = replace(status, milliseconds=milliseconds, good_revision=revision, good_at=now)
                self._renderings.html = html
                self._renderings.watched = used
            self._status = status
            self._changed.notify_all()
            return status

    def _pdf_done(self, result: PdfResult) -> None:
        with self._changed:
            status = self._status
            if result.revision < status.pdf_checked:
                return  # an answer overtaken by a newer one
            status = replace(status, sequence=status.sequence + 1, pdf_checked=result.revision)
            if result.data is not None:
                self._renderings.pdf = result.data
                status = replace(
                    status,
                    pdf_revision=result.revision,
                    pdf_error="",
                    pdf_at=time.strftime("%H:%M:%S"),
                    pdf_milliseconds=result.milliseconds,
                )
            else:
                status = replace(status, pdf_error=result.error or "")
            self._status = status
            self._changed.notify_all()

    def _message(self, msgid: str, **params: object) -> str:
        return " / ".join(
            translate(msgid, one).format(file=self.file, **params) for one in self.message_lang.split("+")
        )
