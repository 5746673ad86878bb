"""How the preview follows saves: editors' multi-write saves, PDFs of saves that overtake each other, a lost worker."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sla_docgen.preview.pdf_worker import PdfResult, PdfWorker, render_pdf
from sla_docgen.preview.state import Preview
from tests.preview_support import SAMPLE, Server, StatusStream, preview_server

COMPANY = "company: アクメ・ファクトリークラウド株式会社"


def company_line(text: str) -> str:
    """The line that names the company (`company: ...`), without its indentation."""
    return next(line.strip() for line in text.splitlines() if line.startswith("  company: "))


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "preview.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- the state: an answer overtaken by a newer one ---------------------------------------------------------
def test_a_superseded_pdf_never_replaces_a_newer_one(tmp_path: Path) -> None:
    file = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, file)
    preview = Preview(file, langs=None, message_lang="en")
    for _ in range(3):
        preview.refresh()
    preview._pdf_done(PdfResult(3, b"%PDF of revision 3", None))
    preview._pdf_done(PdfResult(2, b"%PDF of revision 2", None))  # a render that was overtaken reports late
    preview._pdf_done(PdfResult(1, None, "an error of revision 1"))
    assert preview.pdf_for_good_revision(0) == (b"%PDF of revision 3", "")
    assert preview.status.pdf_revision == 3 and preview.status.pdf_error == ""


def test_a_failed_pdf_keeps_the_last_good_one(tmp_path: Path) -> None:
    file = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, file)
    preview = Preview(file, langs=None, message_lang="en")
    preview.refresh()
    preview._pdf_done(PdfResult(1, b"%PDF of revision 1", None, milliseconds=1234))
    preview.refresh()
    preview._pdf_done(PdfResult(2, None, "the PDF worker process ended unexpectedly"))
    data, error = preview.pdf_for_good_revision(0)
    assert data == b"%PDF of revision 1" and "ended unexpectedly" in error
    status = preview.status.as_json()
    assert status["pdfRevision"] == 1 and status["pdfMilliseconds"] == 1234 and status["goodRevision"] == 2


# --- the worker: saves that come while it renders -----------------------------------------------------------
def test_saves_during_a_render_fold_into_one_render_of_the_newest(tmp_path: Path) -> None:
    file = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, file)
    results: list[PdfResult] = []
    arrived = threading.Condition()

    def on_result(result: PdfResult) -> None:
        with arrived:
            results.append(result)
            arrived.notify_all()

    worker = PdfWorker(file, langs=None, message_lang="en", on_result=on_result)
    try:
        worker.request(1)
        with arrived:
            assert arrived.wait_for(lambda: results, timeout=120)
        for revision in (2, 3, 4, 5):  # four saves in a row, the first of them rendering while the others come
            text = SAMPLE.read_text(encoding="utf-8").replace(COMPANY, f"company: 第{revision}版株式会社")
            file.write_text(text, encoding="utf-8")
            worker.request(revision)
        with arrived:
            assert arrived.wait_for(lambda: results[-1].revision == 5, timeout=120)
        time.sleep(0.5)  # nothing more comes
    finally:
        worker.stop()
    revisions = [result.revision for result in results]
    assert revisions == sorted(set(revisions)), "answers come in order, each once"
    assert revisions[0] == 1 and len(revisions) <= 3, f"the saves that waited were folded into the newest: {revisions}"
    assert all(result.data is not None and result.milliseconds > 0 for result in results)
    assert "第5版株式会社" in pdf_text(results[-1].data or b"", tmp_path)


def test_a_bug_in_a_render_is_shown_and_the_worker_goes_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> dict[Path, bytes]:
        raise RuntimeError("a bug")

    monkeypatch.setattr("sla_docgen.api.render_outputs", broken)
    data, error = render_pdf(tmp_path / "agreement.yaml", None, "ja+en")
    assert data is None
    assert error == (
        f"{tmp_path / 'agreement.yaml'}: 内部エラー: RuntimeError: a bug / "
        f"{tmp_path / 'agreement.yaml'}: internal error: RuntimeError: a bug"
    )


# --- the server -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with preview_server(tmp_path_factory.mktemp("preview")) as running:
        yield running


@pytest.fixture
def stream(server: Server) -> Iterator[StatusStream]:
    events = StatusStream(server.url)
    events.until(lambda status: True)  # the status as it is now
    try:
        yield events
    finally:
        events.close()


def save_in_place(file: Path, text: str) -> None:
    """As nano and VS Code save: the file truncated, then written in several writes."""
    data = text.encode("utf-8")
    with open(file, "wb", buffering=0) as out:
        for start in range(0, len(data), 4096):
            out.write(data[start : start + 4096])


def save_with_backup(file: Path, text: str) -> None:
    """As vim and Emacs save: the file renamed to a backup, a new one written in several writes, the backup removed."""
    backup = file.with_name(file.name + "~")
    os.rename(file, backup)
    save_in_place(file, text)
    os.remove(backup)


def save_by_rename(file: Path, text: str) -> None:
    """As JetBrains editors and many others save: a new file written beside, then renamed over the old."""
    temporary = file.with_name(f".{file.name}.tmp")
    save_in_place(temporary, text)
    os.replace(temporary, file)


@pytest.mark.parametrize("save", [save_in_place, save_with_backup, save_by_rename])
def test_an_editors_save_is_one_revision_and_never_a_half_file(
    server: Server, stream: StatusStream, save: Callable[[Path, str], None]
) -> None:
    before = stream.seen[-1]["revision"]
    company = f"company: {save.__name__}株式会社"
    text = server.file.read_text(encoding="utf-8")
    current = company_line(text)
    save(server.file, text.replace(current, company))
    stream.until(lambda status: status["revision"] > before)
    time.sleep(0.5)  # a second revision of the same save would come by now
    stream.drain()
    after = [status for status in stream.seen if status["revision"] > before]
    assert all(status["ok"] for status in after), [status["errors"] for status in after]
    assert {status["revision"] for status in after} == {before + 1}, "one save, one revision"
    assert company.split(": ")[1] in get(server, "document.html").decode("utf-8")


def get(server: Server, path: str) -> bytes:
    with urllib.request.urlopen(server.url + path, timeout=120) as response:
        return bytes(response.read())


def test_the_pdf_is_never_older_than_the_html(server: Server, stream: StatusStream, tmp_path: Path) -> None:
    get(server, "document.pdf")  # the PDF view is open from now on
    before = stream.seen[-1]["revision"]
    current = company_line(server.file.read_text(encoding="utf-8"))
    server.edit(current, "company: 先に保存した株式会社")
    stream.until(lambda status: status["goodRevision"] == before + 1)  # its PDF is under way
    server.edit("company: 先に保存した株式会社", "company: 後から保存した株式会社")
    stream.until(lambda status: status["goodRevision"] == before + 2)
    words = pdf_text(get(server, "document.pdf"), tmp_path)
    assert "後から保存した株式会社" in words and "先に保存した株式会社" not in words
    final = stream.until(lambda status: status["pdfRevision"] >= before + 2)
    pdf_revisions = [status["pdfRevision"] for status in stream.seen]
    assert pdf_revisions == sorted(pdf_revisions), "the PDF shown never goes back to an older save"
    assert final["pdfError"] == ""


# --- a worker that dies --------------------------------------------------------------------------------------
def worker_pids(server: Server) -> list[int]:
    """The server's PDF worker process: a child started by multiprocessing, not its resource tracker."""
    pids = []
    for folder in Path("/proc").iterdir():
        try:
            parent = int((folder / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (folder / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):  # not a process, or one that has just ended
            continue
        if parent == server.process.pid and b"multiprocessing.spawn" in command and b"resource_tracker" not in command:
            pids.append(int(folder.name))
    return pids


def save_while_watching(server: Server, stream: StatusStream, company: str) -> tuple[int, int]:
    """Save a new company name and wait for its HTML, so that its PDF is under way; the revision before the
    save and the PDF worker's process id."""
    before = stream.until(lambda status: True)["revision"]
    (pid,) = worker_pids(server)
    server.edit(COMPANY, company)
    stream.until(lambda status: status["goodRevision"] == before + 1)
    return before, pid


def test_a_worker_killed_while_rendering_is_reported_and_replaced_by_the_next_save(tmp_path: Path) -> None:
    with preview_server(tmp_path) as server:
        assert "アクメ・ファクトリークラウド株式会社" in pdf_text(get(server, "document.pdf"), tmp_path)
        stream = StatusStream(server.url)
        try:
            before, pid = save_while_watching(server, stream, "company: 途中で止まった株式会社")
            os.kill(pid, signal.SIGKILL)
            status = stream.until(lambda status: status["pdfError"] != "")
            assert "the PDF worker process ended unexpectedly" in status["pdfError"]
            assert status["pdfRevision"] == before, "the last good PDF stays"
            server.edit("company: 途中で止まった株式会社", "company: 新しいワーカー株式会社")
            status = stream.until(lambda status: status["pdfRevision"] == before + 2)
            assert status["pdfError"] == ""
        finally:
            stream.close()
        assert worker_pids(server) not in ([], [pid])
        assert "新しいワーカー株式会社" in pdf_text(get(server, "document.pdf"), tmp_path)
    assert server.process.returncode == 0


def test_the_worker_does_not_outlive_a_killed_server(tmp_path: Path) -> None:
    with preview_server(tmp_path) as server:
        get(server, "document.pdf")
        stream = StatusStream(server.url)
        try:
            _before, pid = save_while_watching(server, stream, "company: 取り残されない株式会社")
        finally:
            stream.close()
        server.process.kill()
        deadline = time.monotonic() + 60
        while _running(pid):
            assert time.monotonic() < deadline, "the worker went on after its server was killed"
            time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


def test_a_save_made_before_the_watcher_was_set_up_is_not_missed(tmp_path: Path) -> None:
    """The preview reads the file, then starts watching: a save in between is found at the watcher's first look."""
    import threading

    from sla_docgen.preview.watch import signatures, watch

    file = tmp_path / "agreement.yaml"
    file.write_text("a: 1\n", encoding="utf-8")
    baseline = signatures({file})
    file.write_text("a: 22\n", encoding="utf-8")  # saved after the read, before any watcher exists
    seen = threading.Event()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(lambda: {file}, seen.set, stop, baseline), daemon=True)
    watcher.start()
    try:
        assert seen.wait(timeout=10), "the save made before watching began went unseen"
    finally:
        stop.set()
        watcher.join(timeout=5)
